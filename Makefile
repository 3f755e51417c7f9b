# Students: `make grade` (all exercises) or `make grade EX=threads/t05_bank`.
# The kit's own tests: `make test`. See README.md for everything else.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
GRADE_ARGS = $(if $(EX),--exercise $(EX)) $(if $(SEED),--seed $(SEED)) \
             $(if $(RUNS),--runs $(RUNS)) $(if $(TARGET),--target $(TARGET)) \
             $(if $(JSON),--json $(JSON)) $(if $(START),--start-method $(START)) \
             $(if $(PROBLEMS),--problems) $(if $(JOBS),--jobs $(JOBS)) $(LANG_ARG)
# `make grade LANG=pt_BR`: the language of the feedback. Only a LANG given on make's
# command line becomes --lang; the LANG of your environment is read by the kit itself.
LANG_ARG = $(if $(filter command line,$(origin LANG)),--lang $(LANG))
GRADE_ARGS_BATCH = $(if $(EX),--exercise $(EX)) $(if $(SEED),--seed $(SEED))

.PHONY: grade test lint soak bench clean gradescope prairielearn classroom50 batch lms nbgrader \
        translations watch list next hint reset release k8s slurm

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

# Students: grade on every save (EX=ID: one exercise; POLL=1: poll the files), where you
# stand, what to do next, the exercise's hints (LEVEL=N), a fresh stub (YES=1).
watch: $(VENV)/.installed
	@$(PY) -m graders watch $(if $(EX),--exercise $(EX)) $(if $(POLL),--poll) $(LANG_ARG)

list: $(VENV)/.installed
	@$(PY) -m graders list $(LANG_ARG)

next: $(VENV)/.installed
	@$(PY) -m graders next $(if $(EX),--exercise $(EX)) $(if $(SKIP),--skip) $(LANG_ARG)

hint: $(VENV)/.installed
	@$(PY) -m graders hint $(if $(EX),--exercise $(EX)) $(if $(LEVEL),--level $(LEVEL)) \
	    $(LANG_ARG)

reset: $(VENV)/.installed
	@test -n "$(EX)" || { echo "usage: make reset EX=ID [YES=1]" >&2; exit 2; }
	@$(PY) -m graders reset --exercise $(EX) $(if $(YES),--yes) $(LANG_ARG)

# Instructors: the student bundle, dist/concurrency-kit/ and dist/concurrency-kit.zip.
release: $(VENV)/.installed
	@$(PY) -m graders release

# First what the tests need beyond Python (bubblewrap, chromium), installed where it can be.
test: $(VENV)/.installed-dev
	@bash tests/prepare-machine $(PY)
	$(PY) -m pytest -n 2 --dist loadgroup

# `make lint` checks the kit's style; `ruff format graders tests bench` applies it.
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check graders tests bench
	$(BIN)/ruff format --check graders tests bench

soak: $(VENV)/.installed-dev
	$(PY) -m bench.soak $(if $(N),--rounds $(N)) $(if $(TRACK),--track $(TRACK))

bench: $(VENV)/.installed-dev
	$(PY) -m bench.bench $(if $(TRACK),--track $(TRACK)) $(if $(BATCH),--batch $(or $(N),40))

# Instructors: grade a folder of submissions (one sub-folder or .zip per student).
batch: $(VENV)/.installed
	@test -n "$(SUBMISSIONS)" -a -n "$(OUT)" || { echo "usage: make batch SUBMISSIONS=DIR OUT=DIR [JOBS=N] [SANDBOX=auto|bwrap|none] [FORCE=1]" >&2; exit 2; }
	@$(PY) -m graders batch "$(SUBMISSIONS)" --out "$(OUT)" $(if $(JOBS),--jobs $(JOBS)) \
		$(if $(SANDBOX),--sandbox $(SANDBOX)) $(if $(FORCE),--force) $(GRADE_ARGS_BATCH)

# Instructors: a batch's grades as a Canvas or Moodle import file (README.md, "Grades into
# Canvas or Moodle"). OUT= the batch's or merge's folder, ROSTER= the roster CSV (a Canvas
# gradebook export will do), FORMAT=canvas|moodle; COLUMNS=track|exercise, ID_FIELD=email|
# username|idnumber (Moodle), MATCH= the roster's column of submission names. Writes
# OUT/lms/FORMAT.csv and OUT/lms/FORMAT-problems.csv. A COLUMNS from the environment is the
# terminal's width, not this option: only one given on make's command line counts.
lms: COLUMNS :=
lms: $(VENV)/.installed
	@test -n "$(OUT)" -a -n "$(ROSTER)" -a -n "$(FORMAT)" || { echo "usage: make lms OUT=DIR ROSTER=FILE FORMAT=canvas|moodle [COLUMNS=track|exercise] [ID_FIELD=email|username|idnumber] [MATCH=COLUMN]" >&2; exit 2; }
	@$(PY) -m graders lms "$(OUT)" $(if $(ROSTER),--roster "$(ROSTER)") $(if $(FORMAT),--format $(FORMAT)) \
		$(if $(COLUMNS),--columns $(COLUMNS)) $(if $(ID_FIELD),--id-field $(ID_FIELD)) \
		$(if $(MATCH),--match "$(MATCH)") $(LANG_ARG)

# Instructors: grading on many machines (README.md, "Grading on many machines"). `make k8s`
# writes dist/k8s/ (a Dockerfile, an Indexed Job, its merge Job), `make slurm` dist/slurm/
# (an array script, its merge script, submit.sh). SHARDS=N; SUBMISSIONS= and OUT= name the
# claims (k8s) or the shared folders (SLURM); IMAGE=, SANDBOX=, CPUS=, MEMORY=, TIME=, EX=, SEED=.
CLUSTER_ARGS = $(if $(SHARDS),--shards $(SHARDS)) $(if $(SUBMISSIONS),--submissions "$(SUBMISSIONS)") \
               $(if $(OUT),--out "$(OUT)") $(if $(SANDBOX),--sandbox $(SANDBOX)) \
               $(if $(CPUS),--cpus $(CPUS)) $(if $(MEMORY),--memory $(MEMORY)) $(GRADE_ARGS_BATCH)
k8s: $(VENV)/.installed
	@$(PY) -m graders cluster k8s $(CLUSTER_ARGS) $(if $(IMAGE),--image $(IMAGE))
slurm: $(VENV)/.installed
	@$(PY) -m graders cluster slurm $(CLUSTER_ARGS) $(if $(TIME),--time $(TIME))

# Instructors: the Gradescope autograder zip (EX=ID grades one exercise only).
gradescope: $(VENV)/.installed
	$(PY) -m graders gradescope build --zip dist/gradescope-autograder.zip \
	    $(if $(EX),--exercise $(EX))

# Instructors: the Classroom 50 autograder, a folder to commit as
# CLASSROOM/autograders/ASSIGNMENT/ in the organization's classroom50 repository
# (publish-pages bundles it; the runner runs its autograder.py). Rebuilt from scratch
# each time: `build` refuses a folder that is not empty. EX=ID (several: EX="ID ID").
classroom50: $(VENV)/.installed
	rm -rf dist/classroom50
	$(PY) -m graders classroom50 build --out dist/classroom50 \
	    $(foreach e,$(EX),--exercise $(e))

# Instructors: PrairieLearn questions, one per exercise, and their external grader, as a
# course fragment in OUT (default dist/prairielearn, which must be new or empty): EX=ID for
# some exercises (EX="ID ID" for several), TRACK=NAME for every exercise of a track, IMAGE=NAME
# for the Docker image the questions name (build it from OUT/grader-image and push it there).
prairielearn: $(VENV)/.installed
	$(PY) -m graders prairielearn build --out "$(or $(OUT),dist/prairielearn)" \
	    $(foreach e,$(EX),--exercise $(e)) $(if $(TRACK),--track $(TRACK)) \
	    $(if $(IMAGE),--image $(IMAGE))

# Instructors: an nbgrader course folder (OUT=DIR, default nbgrader-course; EX=ID for one
# exercise; FORCE=1 rewrites a course's generated files). Installs nbgrader, an optional extra.
nbgrader: $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check "$$(grep -m1 '^nbgrader==' requirements-dev.txt)"
	$(PY) -m graders nbgrader build --out "$(or $(OUT),nbgrader-course)" \
	    $(if $(EX),--exercise $(EX)) $(if $(FORCE),--force)

# Translators: after changing English text (graders/i18n/messages.py, a title or hint in
# graders/catalogue.py, a stub's docstring), this merges it into each language's catalog
# graders/i18n/locale/<lang>/LC_MESSAGES/kit.po, where new entries are empty and changed ones
# fuzzy; translate those, then run it again to compile the kit.mo the kit reads.
BABEL = $(PY) -m babel.messages.frontend
translations: $(VENV)/.installed-dev
	$(BABEL) extract -F babel.cfg -o graders/i18n/locale/kit.pot -w 100 --add-comments "" \
	    --project concurrency-kit --copyright-holder "the concurrency-kit authors" \
	    --msgid-bugs-address "" --no-default-keywords --keyword pgettext:1c,2 .
	$(BABEL) update -i graders/i18n/locale/kit.pot -d graders/i18n/locale -D kit -w 100 --ignore-obsolete
	$(BABEL) compile -d graders/i18n/locale -D kit --statistics

clean:
	rm -rf $(VENV) .venv-soak-* build *.egg-info
