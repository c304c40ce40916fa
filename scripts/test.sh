#!/usr/bin/env bash
# Install everything the tests need, then run every test (core, AppTest, headless Chromium).
# Usage: bash scripts/test.sh [extra pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-test.txt 2>&1 \
  | grep -v "^WARNING: Location" || true

# Browser tests use Debian's Chromium (never a downloaded browser build).
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  else
    echo "Debian's chromium is needed for the browser tests: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi

.venv/bin/ruff check .
MALLOC_ARENA_MAX=2 .venv/bin/python -m pytest "$@"
