#!/usr/bin/env bash
# Extract every marked message, merge it into the Spanish catalogue, and check it.
#
#   scripts/i18n.sh          extract → update src/strive/locale/es/LC_MESSAGES/strive.po
#                            → compile in a temporary directory with statistics
#   scripts/i18n.sh --check  fail (exit 1) if the catalogue is not up to date with the
#                            source (nothing is written)
#
# Then translate the new or fuzzy entries in strive.po (docs/i18n.md) and run
# `pytest tests/i18n`. The .mo file is never committed: strive compiles the .po in
# memory at the first Spanish message.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
POT="$(mktemp -d)/strive.pot"
PO_DIR=src/strive/locale

"$PYBABEL" extract -F babel.cfg --no-location --sort-output \
  --project=strive --copyright-holder="strive contributors" \
  --add-comments=TRANSLATORS: -o "$POT" .

if [[ "${1:-}" == "--check" ]]; then
  "$PYBABEL" update --check -i "$POT" -d "$PO_DIR" -D strive -l es --no-location
  exit 0
fi

"$PYBABEL" update -i "$POT" -d "$PO_DIR" -D strive -l es \
  --no-location --ignore-obsolete
"$PYBABEL" compile --statistics -i "$PO_DIR/es/LC_MESSAGES/strive.po" \
  -o "$(dirname "$POT")/strive.mo" -l es
