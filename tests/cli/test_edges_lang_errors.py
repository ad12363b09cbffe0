"""``--lang es``: a missing goal or file is said in Spanish, like every other error.

The storage layer built these messages with f-strings, so ``strive --lang es goal
use 99`` answered "there is no goal 99" in English although the catalogue has the
Spanish text; the cohort CSV reader did the same with "no such file".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from strive.cli import app


def _run(db: Any, *args: str) -> Any:
    return CliRunner().invoke(app, ["--db", str(db), "--today", "2026-01-15", *args])


@pytest.mark.parametrize(
    ("args", "code", "english", "spanish"),
    [
        (["goal", "use", "99"], 3, "there is no goal 99", "no hay ninguna meta 99"),
        (
            ["cohort", "import", "{tmp}/nope.csv", "--name", "x", "--source", "y"],
            2,
            "no such file",
            "no existe ese archivo",
        ),
    ],
)
def test_not_found_in_both_languages(
    db_path: Any,
    tmp_path: Path,
    args: list[str],
    code: int,
    english: str,
    spanish: str,
) -> None:
    made = _run(db_path, "goal", "new", "Fly", "--template", "nasa-astronaut")
    assert made.exit_code == 0, made.output
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    in_english = _run(db_path, *args)
    assert in_english.exit_code == code
    assert english in in_english.stderr
    in_spanish = _run(db_path, "--lang", "es", *args)
    assert in_spanish.exit_code == code
    assert spanish in in_spanish.stderr
    assert english not in in_spanish.stderr
