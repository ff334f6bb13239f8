# ISM — the one entry point. `make run` and `make test` work on a fresh clone.
SHELL := /bin/bash
pyversion = $(shell $(1) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
# Tests run on Python 3.11, as CI does, in .venv (`make test PYTHON=python3.12` rebuilds
# .venv for that Python: a venv is never reused by another Python, see .ci/venv).
PYTHON ?= $(shell bash .ci/python 3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# `make run` runs on the newest Python ISM supports that this machine has (.ci/python:
# on PATH or installed by pyenv); its venv is .venv when that is the tests' Python
# too, else var/venv-3.x.
RUN_PYTHON ?= $(shell bash .ci/python 3.13 3.12 3.11 || command -v python3)
# Worked out once, and only by the targets that use it (the tests do not pay for it).
RUN_VENV = $(eval RUN_VENV := $(if $(filter $(call pyversion,$(RUN_PYTHON)),\
  $(call pyversion,$(PYTHON))),$(VENV),var/venv-$(call pyversion,$(RUN_PYTHON))))$(RUN_VENV)
RUN_PY = $(RUN_VENV)/bin/python
# `make run PORT=8101 HOST=0.0.0.0`; only the command line sets them (zsh exports
# HOST as the machine's name).
PORT := 8000
HOST := 127.0.0.1
# The demo runs with the product's settings (DEBUG off: ISM's own error pages) on the
# embedded default; .ci/demo-env says what it sets instead of DEBUG.
DEMO = HOST=$(HOST) bash .ci/demo-env
# Development tooling (lint) on the embedded default, whatever the shell has.
EMBEDDED := env -u DATABASE_URL -u REDIS_URL ISM_DEBUG=1
# `make smoke-pythons`: ISM installs and a smoke subset passes on every Python it
# supports (not part of CI, which stays on 3.11), in the venvs `make run` would use.
SMOKE_PYTHONS ?= 3.12 3.13
SMOKE_TESTS ?= tests/ism -q -x -p no:cacheprovider -k 'not e2e'
# Python keeps compiled modules (__pycache__, ignored by git) even where the shell
# says not to (PYTHONDONTWRITEBYTECODE=1, set on this machine): otherwise every
# process compiles the ~2,000 modules it imports from source, and pytest rewrites
# every test module again in each worker. The suite starts dozens of processes
# (its workers, the ISM and Celery processes of the settings, `make run` and
# real-worker tests): on the 2-core box the settings, `make run` and clock tests
# took 94-99 s of processor time without the cache and 56 s with it, and one
# collection of the suite 22.5 s against 8.2 s.
unexport PYTHONDONTWRITEBYTECODE

MESSAGES_IGNORE = --ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench \
  --ignore='var/*' --ignore=staticfiles

.PHONY: messages run install run-install port-free system-deps test test-dates test-services lint fmt \
  bench worker beat clean smoke-pythons

install:
	@bash .ci/venv $(PYTHON) $(VENV)

run-install:
	@bash .ci/venv $(RUN_PYTHON) $(RUN_VENV)

# Debian packages the PDFs and the browser tests need (root only; others are told).
system-deps:
	@bash .ci/system-deps

# In this order: a busy port fails in a second, before anything is installed or
# migrated; then (as root) the Debian packages, as `make test` does.
run: port-free run-install
	@bash .ci/system-deps --if-root || true
	$(DEMO) $(RUN_PY) manage.py migrate --noinput
	$(DEMO) $(RUN_PY) manage.py collectstatic --noinput --verbosity 0
	$(DEMO) $(RUN_PY) manage.py load_demo
	@echo
	@echo "ISM is starting on http://$(HOST):$(PORT) — log in with a demo account above."
	@echo "Administration: http://$(HOST):$(PORT)/admin/ (user admin). Stop with Ctrl-C."
	$(DEMO) $(RUN_PY) manage.py runserver $(HOST):$(PORT)

port-free:
	@python3 .ci/port-free $(HOST) $(PORT)

# The suite on every core (pytest-xdist; each worker has its own test database). A
# test module stays on one worker (--dist loadfile), so a module that reads the demo
# loads it once (tests/conftest.py, demo_world). `make test JOBS=0` runs in one process.
# One worker more than the cores: a worker spends much of its time waiting on
# PostgreSQL, Chromium or a real Celery worker. On the 2-core CI box, CI (.ci/run)
# took 875 s with 3 workers, against 1,253 s with 2; with 4 the first pass alone
# took 653 s against 548 s with 3.
JOBS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))
PYTEST = $(PY) -m pytest -n $(JOBS) --dist loadfile

test: install
	@bash .ci/system-deps --if-root || true
	@bash .ci/node-tools
	$(PYTEST) $(PYTEST_ARGS)

# The suite with the clock moved (ISM_TEST_TODAY, tests/clock.py) to days far apart,
# a 29 February and a 31 December among them: it must pass on any day to 2035.
TEST_DATES ?= 2028-02-29 2031-12-31 2035-06-30
test-dates: install
	@set -e; for day in $(TEST_DATES); do \
	  echo "== the suite on $$day"; \
	  ISM_TEST_TODAY=$$day $(MAKE) --no-print-directory test; \
	done

# The suite against the local PostgreSQL and Redis, as CI runs it.
test-services: install
	@bash .ci/node-tools
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	ISM_REQUIRE_SERVICES=1 $(PYTEST) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(EMBEDDED) $(PY) manage.py makemigrations --check --dry-run

# The catalogues (locale/<language>/LC_MESSAGES/django.po) from the code and
# templates, then compiled (.mo, committed): tests/ism/test_catalogues.py fails on
# an untranslated, fuzzy or stale entry. See README, "Translations".
messages: install
	$(EMBEDDED) $(PY) manage.py makemessages --all --no-obsolete $(MESSAGES_IGNORE)
	$(EMBEDDED) $(PY) manage.py compilemessages --ignore=.venv --ignore='var/*'

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Every benchmark on the decade's world (bench/README.md; built once a day, kept in
# /tmp/ism-bench-worlds); `make bench BENCH_ARGS="'page.*' --world demo"`.
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

worker: install
	$(PY) -m celery -A ism worker --loglevel=INFO

beat: install
	$(PY) -m celery -A ism beat --loglevel=INFO

smoke-pythons:
	@set -e; for v in $(SMOKE_PYTHONS); do \
	  p=$$(bash .ci/python $$v) || { echo "Python $$v: not on this machine" >&2; exit 1; }; \
	  echo "== Python $$v ($$p): install, then pytest $(SMOKE_TESTS)"; \
	  bash .ci/venv $$p var/venv-$$v; \
	  env -u DATABASE_URL -u REDIS_URL var/venv-$$v/bin/python -m pytest $(SMOKE_TESTS); \
	done

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
