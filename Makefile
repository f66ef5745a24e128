# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
# `make run` installs the project with its [dev] extra (embedded PostgreSQL, search engine,
# localstripe; benchmark tools); `make test` adds [test]. Production installs neither.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test test-fast install install-test lint format db db-stop migrations-check bench load backup restore clean

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (or make PYTHON=python3)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,test,sentry]'
	@touch $@

install: $(STAMP)

install-test: $(TEST_STAMP)

run: install
	$(PY) -m marketplace.stack

test: install-test
	$(PY) -m marketplace.testrun

# The quick part of the suite while working: no browser, benchmark or slow (> ~5 s) tests.
test-fast: install-test
	$(PY) -m marketplace.testrun -m "not slow and not browser and not bench"

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Benchmarks (marketplace/benchmarks/, docs/benchmarks.md): `make bench` lists them,
# `make bench B=royalties ARGS="--lines 100000"` runs one (writers on a scratch database).
bench: install
	$(PY) -m marketplace.benchmarks $(B) $(ARGS)

# The locust load run (docs/benchmarks.md): gunicorn + 2 Celery workers on loopback, a table per
# endpoint. Needs the machine's PostgreSQL (DATABASE_URL) and Redis; `make load ARGS="--users 20"`.
load: install
	$(PY) manage.py bench_load --compare-workers 1 $(ARGS)

# Backup sets (docs/deployment.md, "Backup and restore"): `make backup` writes
# $(BACKUP_DIR)/<UTC timestamp>/; `make restore` restores the newest set there, or FROM=<set>;
# ARGS=--force replaces a database and storages in use.
BACKUP_DIR ?= var/backups

backup: install
	$(PY) manage.py backup --to $(BACKUP_DIR)

restore: install
	$(PY) manage.py restore --from $(or $(FROM),$(BACKUP_DIR)) $(ARGS)

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

db: install
	$(PY) -m marketplace.stack db up

db-stop: install
	$(PY) -m marketplace.stack db down

clean:
	rm -rf var/celery var/static
