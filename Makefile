SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run dev test lint bench screenshots venv clean

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
## gunicorn on loopback, wrk (throughput) and locust (paced latency, actions), one endpoint at a time; prints the table and writes it to docs/performance.md
bench: venv
	$(VENV)/bin/python -m pip install --quiet ".[bench]"
	@command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null || echo "wrk is not installed: throughput falls back to locust"
	$(PY) bench/run.py

## screenshots: the browser tests, then the README's pictures copied from their screenshots into docs/screenshots/
screenshots: venv
	$(PY) -m pytest tests/e2e -q
	cp test-artifacts/screenshots/02-dashboard-deck.png docs/screenshots/dashboard-tablet.png
	cp test-artifacts/screenshots/10-work-order-page.png docs/screenshots/work-order-page.png
	cp test-artifacts/screenshots/12-complete-check-and-sign.png docs/screenshots/sign-completion.png
	cp test-artifacts/screenshots/15-manual-section.png docs/screenshots/manual-section.png
	cp test-artifacts/screenshots/30-header-search-live.png docs/screenshots/search-as-you-type.png

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache
