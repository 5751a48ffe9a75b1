# Two commands do everything on a fresh machine with Python 3.11, Node and make:
#   make demo   set up, load the seed curriculum and demo accounts, serve on 127.0.0.1:8000
#   make test   set up (including Debian's Chromium for browser tests) and run the whole suite
# Python 3.11 for both virtualenvs (`make setup PYTHON=/path/to/python3.11` on make's
# command line picks another; a PYTHON in the environment, which other tools use too, does
# not): the first of Debian's own /usr/bin/python3.11, then python3.11 and python3 on PATH,
# that is 3.11 and can make a virtualenv with pip (Debian's python3.11-venv package brings
# `ensurepip`). Debian's comes first because it is built with profile-guided and link-time
# optimisation and a Python compiled by pyenv (what PATH finds first on these machines) is
# not: the same tests cost ~9 % less CPU on it, `migrate` ~10 % (decision 0024, twelfth
# pass). An existing .venv keeps the interpreter it was made with until it is removed.
ifneq ($(origin PYTHON),command line)
PYTHON := $(shell for candidate in /usr/bin/python3.11 python3.11 python3; do \
	$$candidate -c 'import sys, ensurepip; sys.exit(sys.version_info[:2] != (3, 11))' \
	2>/dev/null && { command -v $$candidate; exit; }; done; \
	command -v python3.11 || command -v python3)
endif
# Said before either virtualenv is made with it.
PYTHON_CHECK = @test -n "$(PYTHON)" || { echo "No Python 3.11 found: install python3.11 (with \
	python3.11-venv on Debian), or give make PYTHON=/path/to/python3.11" >&2; exit 1; }; \
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), \
	"Python 3.11 is needed, found " + sys.version.split()[0] + " ($(PYTHON))"'
VENV := .venv
BIN := $(VENV)/bin
LRS_VENV := .venv-lrs
MANAGE := $(BIN)/python manage.py
# The suite runs in two processes, one per core (pytest-xdist, decision 0024).
# `make test PYTEST_ARGS="tests/modules -p no:xdist"` runs a part of it in one.
PYTEST_ARGS ?= -n 2

.PHONY: demo test setup installed lint check bench clean messages production

# The project's packages (and the tests), compiled to bytecode by `make setup`.
PACKAGES := $(sort $(dir $(wildcard */__init__.py)))

PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

# The set-up's independent parts at the same time: the project's virtualenv, Ralph's and
# node_modules (set-up runs before anything else in CI, so its seconds count whole; decision
# 0024, eleventh pass). In a make of their own, so that only they run side by side, each
# one's output printed whole when it ends (the site and the suite print as they go; a
# `make -jN` of your own gets a harmless "-j3 forced in submake" warning).
setup:
	@$(MAKE) --no-print-directory --jobs=3 --output-sync=target installed
	@bash scripts/ensure-pango
	@$(BIN)/python -m compileall -q -j 0 $(PACKAGES) >/dev/null

installed: $(VENV)/.installed $(LRS_VENV)/.installed node_modules/.installed $(MO_FILES) ; @:

# Interface translations: .po files are committed, .mo files built here (pure Python, polib),
# all at once, and again only when a catalogue changed. After node_modules (order only):
# the command runs Django's checks, which warn while the npm files are not there yet.
$(MO_FILES) &: $(PO_FILES) $(VENV)/.installed | node_modules/.installed
	@$(MANAGE) compile_translations

# The packages are installed by uv (from PyPI, into the virtualenv, with pip): the same
# packages as `pip install`, in a seventh of the CPU and wall time (decision 0024, fourth
# pass: 12+4 CPU-s against 98+18 here with warm caches), and set-up is CI's first stage.
# Compiled to bytecode at install, as pip does and uv does not by default: where Python
# may not write bytecode (PYTHONDONTWRITEBYTECODE is set on these machines), every process
# otherwise compiles Django, Wagtail and the rest anew, 1.8 CPU-s and 15 MiB more at each
# start: every test worker, every subprocess a test starts, each gunicorn worker
# (decision 0024, fifth pass). `make setup` compiles the project's own packages for the
# same reason (only files changed since are compiled again).
$(VENV)/.installed: pyproject.toml $(BIN)/uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e ".[dev]"
	@touch $@

# The virtualenv with uv in it, first: both virtualenvs are installed with it.
$(BIN)/uv:
	$(PYTHON_CHECK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "uv>=0.9,<1"

# Ralph, the learning record store the LRS forwarding tests start on 127.0.0.1 (decision
# 0021). A virtualenv of its own: ralph-malph's `lrs` extra pins sentry-sdk 2.14 and
# importlib-metadata < 8.6, which conflict with the project's dependencies. `requests` is
# imported by its API even without OpenID Connect. Made anew each time (`--clear`: over a
# virtualenv of another interpreter, `venv` fails), without pip: uv installs into it.
$(LRS_VENV)/.installed: Makefile $(BIN)/uv
	$(PYTHON_CHECK)
	$(PYTHON) -m venv --clear --without-pip $(LRS_VENV)
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(LRS_VENV)/bin/python "ralph-malph[cli,lrs]==5.1.0" "requests>=2.31,<3"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

demo: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) load_seed_curriculum
	$(MANAGE) create_demo_accounts
	@echo "Serving on http://127.0.0.1:8000/  (admin: http://127.0.0.1:8000/admin/, user admin, password backpack-demo)"
	$(MANAGE) runserver 127.0.0.1:8000

test: setup
	bash scripts/ensure-chromium
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check: setup
	DJANGO_SETTINGS_MODULE=curriculum_site.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=curriculum_site.settings.test $(MANAGE) makemigrations --check --dry-run
	@# Every interface string extracted and translated in the six languages (needs xgettext).
	DJANGO_SETTINGS_MODULE=curriculum_site.settings.test $(MANAGE) check_translations

# Refresh locale/*/django.po from the code and templates (needs GNU gettext's xgettext);
# then translate the new entries and run `make setup` to compile them.
messages: setup
	DJANGO_SETTINGS_MODULE=curriculum_site.settings.test $(MANAGE) makemessages \
		-l fr -l pt -l id -l th -l vi -l my \
		-i node_modules -i tests -i "*.egg-info" -i build -i media -i static_collected

# Issue 19's table: pages against a bare view (production settings), queries, worker memory,
# compressed HTML and the dashboard's indicators against hand-written SQL. DATABASE_URL
# (PostgreSQL) and BENCH_CACHE_URL (redis://…) make it the production's figures.
# BENCH_WAGTAIL_LMS=1 adds wagtail-lms's lesson page, timed in a throw-away virtualenv
# (decision 0037). Then H5P's Start → interactive in Chromium at 1.6 Mbps and 150 ms, with
# H5P_PACKAGE (an .h5p file) or the demo quiz; BENCH_STATIC_ROOT keeps the collected
# static files between runs.
bench: setup
	$(MANAGE) benchmark_speed --modules 300 --requests 200 --groups 1000 $(if $(BENCH_CACHE_URL),--cache-url $(BENCH_CACHE_URL)) $(if $(BENCH_WAGTAIL_LMS),--wagtail-lms)
	$(MANAGE) benchmark_h5p $(if $(H5P_PACKAGE),--package $(H5P_PACKAGE)) $(if $(BENCH_STATIC_ROOT),--static-root $(BENCH_STATIC_ROOT))

# The production process set on this machine: gunicorn, a Celery worker and beat (Procfile),
# after collectstatic and migrate; settings from the environment or .env (README).
production: setup
	bash scripts/run-production

clean:
	rm -rf $(VENV) $(LRS_VENV) node_modules db.sqlite3 media private_media static_collected
