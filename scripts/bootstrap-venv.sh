#!/usr/bin/env bash
# Create .venv with a Python >= 3.12 (3.13 preferred) and install the project with its dev tools.
set -euo pipefail
cd "$(dirname "$0")/.."

usable() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }

python=""
for candidate in "${PYTHON:-}" python3.13 python3.12 \
    "$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13*/bin/python3 2>/dev/null | tail -n 1)" \
    "$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python3 2>/dev/null | tail -n 1)" \
    /usr/local/bin/python3.13 /usr/bin/python3.13 /usr/bin/python3.12 python3; do
  [ -n "$candidate" ] || continue
  if usable "$candidate"; then python="$candidate"; break; fi
done
if [ -z "$python" ]; then
  echo "No Python 3.12 or newer found; set PYTHON=/path/to/python3.13" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ] || ! usable .venv/bin/python; then
  rm -rf .venv
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet ".[dev]"
