#!/bin/sh
# Re-extract the GUI's strings into the .ts file (keeping existing translations) and compile the .qm.
# Usage: scripts/update_translations.sh   (then translate new strings with pyside6-linguist and run it again)
# The PySide6 tools are found on PATH, in ./.venv, or beside $PYTHON.
set -eu
cd "$(dirname "$0")/.."
find_tool() {
    for candidate in "$(command -v "$1" 2>/dev/null || true)" ".venv/bin/$1" \
        "$(dirname "$(command -v "${PYTHON:-python3}")")/$1"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
    done
    echo "$1 not found: install the project (pip install -e .) and activate its venv" >&2
    return 1
}
LUPDATE=$(find_tool pyside6-lupdate)
LRELEASE=$(find_tool pyside6-lrelease)
OUT=privatrack/resources/translations
for lang in zh_CN; do
    # shellcheck disable=SC2046
    "$LUPDATE" -no-obsolete -locations none $(find privatrack/gui -name '*.py' | sort) -ts "$OUT/privatrack_$lang.ts"
    "$LRELEASE" "$OUT/privatrack_$lang.ts" -qm "$OUT/privatrack_$lang.qm"
done
