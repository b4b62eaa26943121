#!/usr/bin/env bash
# Install PrivaTrack into ./.venv (with the Qt runtime libraries and CJK fonts it needs) and open the app.
# Usage: ./run.sh [privatrack arguments]   (no arguments: the desktop app on the default vault)
set -euo pipefail
cd "$(dirname "$0")"
. scripts/system-packages.sh
install_system_packages runtime
if [ ! -x .venv/bin/privatrack ] || [ pyproject.toml -nt .venv/.installed ] \
    || [ privatrack/core/classify/_ngram.c -nt .venv/.installed ]; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet -e .
  touch .venv/.installed
fi
exec .venv/bin/privatrack "$@"
