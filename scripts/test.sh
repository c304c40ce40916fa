#!/usr/bin/env bash
# Install everything the tests need, then run every test (core, AppTest, headless Chromium).
# Usage: bash scripts/test.sh [extra pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-test.txt 2>&1 \
  | grep -v "^WARNING: Location" || true

# Browser tests use Debian's Chromium (never a downloaded browser build), and a CJK font so
# that the Japanese screenshots show text, not boxes.
need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)  # scale-out test
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
  elif [[ " ${need[*]} " == *" chromium "* ]]; then  # nginx/fonts missing: tests say so
    echo "The browser tests need: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  else
    echo "Note: not installed: ${need[*]} (without fonts-noto-cjk Japanese screenshots show" \
         "boxes; without nginx the scale-out test is skipped, with the reason printed)." >&2
  fi
fi

.venv/bin/ruff check .
MALLOC_ARENA_MAX=2 .venv/bin/python -m pytest "$@"
