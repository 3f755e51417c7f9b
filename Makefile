# Students: `make grade` (all exercises) or `make grade EX=threads/t05_bank`.
# The kit's own tests: `make test`. See README.md for everything else.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
GRADE_ARGS = $(if $(EX),--exercise $(EX)) $(if $(SEED),--seed $(SEED)) \
             $(if $(RUNS),--runs $(RUNS)) $(if $(TARGET),--target $(TARGET)) \
             $(if $(JSON),--json $(JSON)) $(if $(START),--start-method $(START))

.PHONY: grade test lint soak bench clean

# The virtual environment is made on first use, from pinned versions.
$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

grade: $(VENV)/.installed
	@$(PY) -m graders grade $(GRADE_ARGS)

test: $(VENV)/.installed-dev
	$(PY) -m pytest -n 2 --dist loadgroup

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check graders tests

soak: $(VENV)/.installed-dev
	$(PY) -m tests.soak $(if $(N),--rounds $(N)) $(if $(TRACK),--track $(TRACK))

bench: $(VENV)/.installed-dev
	$(PY) -m tests.bench $(if $(TRACK),--track $(TRACK))

clean:
	rm -rf $(VENV) .venv-soak-* build *.egg-info
