#!/bin/sh
# Re-extract the GUI's strings into the .ts file (keeping existing translations) and compile the .qm.
# Usage: scripts/update_translations.sh   (then translate new strings with pyside6-linguist and run it again)
set -eu
cd "$(dirname "$0")/.."
BIN="${PYSIDE6_BIN:-$(dirname "$(command -v python)")}"
[ -x "$BIN/pyside6-lupdate" ] || BIN=/work/venv/bin
OUT=privatrack/resources/translations
for lang in zh_CN; do
    # shellcheck disable=SC2046
    "$BIN/pyside6-lupdate" -no-obsolete -locations none $(find privatrack/gui -name '*.py' | sort) -ts "$OUT/privatrack_$lang.ts"
    "$BIN/pyside6-lrelease" "$OUT/privatrack_$lang.ts" -qm "$OUT/privatrack_$lang.qm"
done
