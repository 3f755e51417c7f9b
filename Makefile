# Students: `make grade` (all exercises) or `make grade EX=threads/t05_bank`.
# The kit's own tests: `make test`. See README.md for everything else.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
GRADE_ARGS = $(if $(EX),--exercise $(EX)) $(if $(SEED),--seed $(SEED)) \
             $(if $(RUNS),--runs $(RUNS)) $(if $(TARGET),--target $(TARGET)) \
             $(if $(JSON),--json $(JSON)) $(if $(START),--start-method $(START))
GRADE_ARGS_BATCH = $(if $(EX),--exercise $(EX)) $(if $(SEED),--seed $(SEED))

.PHONY: grade test lint soak bench clean gradescope batch nbgrader

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

# Instructors: the Gradescope autograder zip (EX=ID grades one exercise only).
# Instructors: grade a folder of submissions (one sub-folder or .zip per student).
batch: $(VENV)/.installed
	@test -n "$(SUBMISSIONS)" -a -n "$(OUT)" || { echo "usage: make batch SUBMISSIONS=DIR OUT=DIR [JOBS=N] [SANDBOX=auto|bwrap|none] [FORCE=1]" >&2; exit 2; }
	@$(PY) -m graders batch "$(SUBMISSIONS)" --out "$(OUT)" $(if $(JOBS),--jobs $(JOBS)) \
		$(if $(SANDBOX),--sandbox $(SANDBOX)) $(if $(FORCE),--force) $(GRADE_ARGS_BATCH)

gradescope: $(VENV)/.installed
	$(PY) -m graders.gradescope build --zip dist/gradescope-autograder.zip \
	    $(if $(EX),--exercise $(EX))

# Instructors: an nbgrader course folder (OUT=DIR, default nbgrader-course; EX=ID for one
# exercise; FORCE=1 rewrites a course's generated files). Installs nbgrader, an optional extra.
nbgrader: $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check "$$(grep -m1 '^nbgrader==' requirements-dev.txt)"
	$(PY) -m graders.notebooks build --out "$(or $(OUT),nbgrader-course)" \
	    $(if $(EX),--exercise $(EX)) $(if $(FORCE),--force)

clean:
	rm -rf $(VENV) .venv-soak-* build *.egg-info
