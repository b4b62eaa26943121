#!/usr/bin/env bash
# Install PrivaTrack with its test extra into ./.venv, plus the system packages the tests use for real
# (Qt runtime libraries, CJK fonts, Dovecot, gnome-keyring, D-Bus, notmuch, bogofilter), then run lint, the
# architecture check and the whole test suite under a private D-Bus session with an unlocked gnome-keyring.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/system-packages.sh
install_system_packages test
# reinstall when the dependencies or the native scorer's source changed (an editable install does not rebuild it)
if [ ! -x .venv/bin/pytest ] || [ pyproject.toml -nt .venv/.installed-test ] \
    || [ privatrack/core/classify/_ngram.c -nt .venv/.installed-test ]; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet -e '.[test]'
  touch .venv/.installed-test
fi
.venv/bin/ruff check .
.venv/bin/lint-imports --config pyproject.toml --no-cache
.venv/bin/mypy privatrack   # strict on privatrack.core (pyproject.toml)
export QT_QPA_PLATFORM=offscreen
export PRIVATRACK_REQUIRE_KEYRING=1 PRIVATRACK_REQUIRE_DOVECOT=1 PRIVATRACK_REQUIRE_NATIVE=1
# A throw-away keyring in a private data dir: the password below protects nothing but this test session.
XDG_DATA_HOME=$(mktemp -d)
export XDG_DATA_HOME
trap 'rm -rf "$XDG_DATA_HOME"' EXIT
dbus-run-session -- bash -c '
  echo -n privatrack-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  .venv/bin/python -m pytest -p no:cacheprovider "$@"
' run-tests "$@"
