# ISM — the one entry point. `make run` and `make test` work on a fresh clone.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# `make run` is the embedded default: SQLite and Celery in-process, whatever the shell has.
EMBEDDED := env -u DATABASE_URL -u REDIS_URL ISM_DEBUG=1

.PHONY: run install system-deps test test-services lint fmt bench worker beat clean

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

install: $(INSTALLED)

# Debian packages the PDFs and the browser tests need (root only; others are told).
system-deps:
	@bash .ci/system-deps

run: install
	@bash .ci/system-deps --check-only || true
	$(EMBEDDED) $(PY) manage.py migrate --noinput
	$(EMBEDDED) $(PY) manage.py load_demo
	@echo
	@echo "ISM is starting on http://127.0.0.1:8000 — log in with a demo account above."
	@echo "Administration: http://127.0.0.1:8000/admin/ (user admin). Stop with Ctrl-C."
	$(EMBEDDED) ISM_ENVIRONMENT=demo $(PY) manage.py runserver 127.0.0.1:8000

test: install
	@bash .ci/system-deps --if-root || true
	$(PY) -m pytest $(PYTEST_ARGS)

# The suite against the local PostgreSQL and Redis, as CI runs it.
test-services: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	ISM_REQUIRE_SERVICES=1 $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(EMBEDDED) $(PY) manage.py makemigrations --check --dry-run

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) bench/run.py

worker: install
	$(PY) -m celery -A ism worker --loglevel=INFO

beat: install
	$(PY) -m celery -A ism beat --loglevel=INFO

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
