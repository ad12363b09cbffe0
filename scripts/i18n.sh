#!/usr/bin/env bash
# Extract every marked message, merge it into the Spanish catalogue, and check it.
#
#   scripts/i18n.sh          extract → update src/strive/locale/es/LC_MESSAGES/strive.po
#                            → compile in a temporary directory with statistics
#
# tests/i18n/test_catalogue.py checks the same things without writing: every marked
# message has reviewed Spanish and the catalogue holds no stale entry.
# Then translate the new or fuzzy entries in strive.po (docs/i18n.md) and run
# `pytest tests/i18n`. The .mo file is never committed: strive compiles the .po in
# memory at the first Spanish message.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
POT="$(mktemp -d)/strive.pot"
PO_DIR=src/strive/locale

"$PYBABEL" extract -F babel.cfg --no-location --sort-output --width=88 \
  --project=strive --copyright-holder="strive contributors" \
  --add-comments=TRANSLATORS: -o "$POT" . 2>/dev/null

"$PYBABEL" update -i "$POT" -d "$PO_DIR" -D strive -l es \
  --ignore-obsolete --width=88
"$PYBABEL" compile --statistics -i "$PO_DIR/es/LC_MESSAGES/strive.po" \
  -o "$(dirname "$POT")/strive.mo" -l es
