SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run dev test lint bench venv clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/bootstrap-venv.sh
	@bash scripts/bootstrap-venv.sh
	@touch $@

## run: fresh clone -> migrated SQLite, demo fleet, served as an onboard server does:
## gunicorn with DEBUG off and WhiteNoise on 127.0.0.1:$(PORT) (scripts/serve-onboard.sh)
run: venv
	PORT=$(PORT) PYTHON=$(PY) bash scripts/serve-onboard.sh

## dev: the autoreloading development server (DEBUG on) on 127.0.0.1:$(PORT)
dev: venv
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	DEMO_MODE=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

## test: lint, import contracts, Django checks, migrations check, the whole suite (PostgreSQL if DATABASE_URL points at one)
test: venv lint
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

## bench: fleet-scale benchmark (seeds BENCH_DATABASE_URL, default the local PostgreSQL pms_bench, if empty):
## gunicorn + locust on loopback, one endpoint at a time; prints the table and writes it to docs/performance.md
bench: venv
	$(VENV)/bin/python -m pip install --quiet ".[bench]"
	$(PY) bench/run.py

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache
