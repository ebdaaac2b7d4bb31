#!/usr/bin/env bash
# `make run`: serve this checkout as a single-vessel onboard server does (pms.settings_onboard):
# migrate the embedded SQLite database, seed the demo fleet (safe to repeat), collect the static
# files for WhiteNoise, then run gunicorn (gunicorn.conf.py) with DEBUG off on 127.0.0.1:$PORT.
# PYTHON picks the interpreter (default .venv/bin/python); DATABASE_URL, STATIC_ROOT, DEMO_MODE,
# GUNICORN_BIND and the rest of the environment are passed through.
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-.venv/bin/python}"
port="${PORT:-8000}"
export DJANGO_SETTINGS_MODULE=pms.settings_onboard
export DEMO_MODE="${DEMO_MODE:-true}"
export GUNICORN_BIND="${GUNICORN_BIND:-127.0.0.1:$port}"

"$python" manage.py migrate --no-input
"$python" manage.py seed_demo
"$python" manage.py collectstatic --no-input --verbosity 0

cat <<MESSAGE

  Yacht PMS is starting on http://127.0.0.1:$port/
  Log in at http://127.0.0.1:$port/login/ as one of the demo users above
  (password demo-pass-2026, demo only). Stop the server with Ctrl+C.

MESSAGE
exec "$python" -m gunicorn -c gunicorn.conf.py
