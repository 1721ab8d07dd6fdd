# Everyday commands. `make run` and `make test` are the two a newcomer needs.
PYTHON ?= $(shell command -v python3.12 || command -v python3.13 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup install frontend migrate run test lint format check bench screenshots clean

## setup: install everything, build the front end, migrate, load reference data
setup: install frontend migrate

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet --editable . --group dev
	touch $@

frontend:
	@if [ -f package.json ]; then \
		if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; fi; \
		npm run --silent build; \
	fi

migrate: install
	$(PY) manage.py migrate --verbosity 0
	$(PY) manage.py load_reference_data

## run: set up, load the demo data and serve on http://127.0.0.1:8000
run: setup
	DJANGO_DEBUG=1 $(PY) manage.py load_demo_data
	$(PY) manage.py runserver $(HOST):$(PORT)

## test: the whole suite (SQLite, or PostgreSQL when DATABASE_URL is set)
test: install frontend
	$(BIN)/pytest

## check: the one gate, as CI runs it
check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(PY) manage.py makemigrations --check --dry-run --verbosity 0
	$(MAKE) test

## bench: time report pages and exports on national-scale data (DATABASE_URL: a PostgreSQL
## database of the benchmark's own; its inspections, findings and actions are replaced)
bench: install
	$(PY) bench/run.py

## screenshots: PNGs of the main pages, from the demo data, into docs/screenshots/ (needs chromium)
screenshots: install frontend
	$(PY) -m tests.browser.screenshots

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules static/build staticfiles db.sqlite3 media
