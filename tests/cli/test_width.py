"""Tables stay readable at 80 columns: names wrap at spaces, never cut short."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from strive.cli import app

PROFILE = [
    "us_citizen=yes",
    "age=34",
    "degree_level=master",
    "degree_field=stem",
    "experience_years=6",
    "languages=english,spanish",
    "pilot_certificate=no",
    "scuba=none",
    "passes_physical=yes",
]


def _run(db: Path | str, *args: str, columns: str = "80") -> Any:
    result = CliRunner().invoke(
        app,
        ["--db", str(db), "--today", "2026-01-15", *args],
        env={"COLUMNS": columns},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return result


def _cells(output: str, column: int) -> str:
    """The text of one table column, joined across wrapped lines."""
    words: list[str] = []
    for row in output.splitlines():
        if row.startswith("│"):
            words.extend(row.split("│")[column + 1].split())
    return " ".join(words)


def test_route_and_progress_show_full_action_names_at_80_columns(
    db_path: Path | str,
) -> None:
    db = db_path
    _run(db, "goal", "new", "Fly", "--hours-per-week", "10")
    _run(db, "profile", "set", *PROFILE)
    for condition in (
        "scuba>=open_water",
        "pilot_certificate",
        "languages has russian",
    ):
        _run(
            db,
            "evidence",
            "add",
            condition,
            "--have",
            "8",
            "--of",
            "10",
            "--source",
            "s",
        )
    human = _run(db, "route", "--top", "8").output
    raw = _run(db, "route", "--json").output
    doc = json.loads(raw[raw.index("{") :])  # the solver banner is another lane's fix
    labels = [a["label"] for a in doc["actions"]]
    assert any(len(label) > 30 for label in labels)
    assert all(len(row) <= 80 for row in human.splitlines())
    assert "…" not in human
    shown = _cells(human, 1)
    for label in labels:
        assert label in shown, (label, human)
    progress = _run(db, "progress").output
    assert all(len(row) <= 80 for row in progress.splitlines())
    for label in labels:
        assert label in _cells(progress, 0), (label, progress)
