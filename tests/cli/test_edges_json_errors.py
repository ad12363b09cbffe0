"""``--json`` prints exactly one JSON document on stdout, also when the command fails.

A script reading ``strive gap --json`` once got an empty stdout when something was
wrong (no active goal, a bad option value, a bad ``--today``), so ``json.loads``
failed with a parse error instead of telling it what went wrong. Now a failing
``--json`` invocation prints ``{"error": {"message", "where", "exit_code"}}`` on
stdout, the usual ``error: ...`` line on stderr and exits with the same non-zero code.
Each case runs on a database holding a goal (``module_db``: SQLite and PostgreSQL);
the export before and after is the same (nothing written).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from strive.cli import app

TODAY = "2026-01-15"

# (arguments after the global options, exit code, where, text in the message)
CASES: list[tuple[list[str], int, str | None, str]] = [
    # strive's own errors, raised while the command runs
    (["gap", "--json", "--years", "2030-1990"], 2, "years", "backwards"),
    (["gap", "--json", "--years", "2030-2040"], 2, None, "classes 2030-2040"),
    (["gap", "--json", "--where", "age>119"], 2, None, "age>119"),
    (["gap", "--json", "--history", "--years", "-1800"], 2, None, "no one"),
    (["gap", "--json", "--sources", "age", "--years", "2030-"], 2, None, "no one"),
    (["route", "--json", "--target", "zzz>1"], 2, None, "zzz"),
    (["route", "--json", "--target", "[bold]x[/]"], 2, None, "[bold]x[/]"),
    (["template", "show", "nope", "--json"], 2, None, "nope"),
    (["template", "show", "<script>", "--json"], 2, None, "<script>"),
    # Click's usage errors, raised before the command runs
    (["gap", "--json", "--bogus"], 2, None, "--bogus"),
    (["gap", "--json", "--years", "abc"], 2, "--years", "abc"),
    (["profile", "show", "--json", "--date", "2026-02-30"], 2, "--date", "02-30"),
    (["--today", "2026-02-30", "gap", "--json"], 2, "--today", "2026-02-30"),
    (["--today", "0000-01-01", "gap", "--json"], 2, "--today", "0000-01-01"),
    (["--lang", "xx", "gap", "--json"], 2, "--lang", "xx"),
    (["--lang", "es", "gap", "--json", "--bogus"], 2, None, "--bogus"),
    (["progress", "--json", "extra"], 2, None, "extra"),
]


def _run(db: Any, *args: str) -> Any:
    return CliRunner().invoke(app, ["--db", str(db), "--today", TODAY, *args])


@pytest.fixture(scope="module")
def goal_db(module_db: Any) -> Any:
    result = _run(module_db, "goal", "new", "Fly", "--template", "nasa-astronaut")
    assert result.exit_code == 0, result.output
    return module_db


def _export(db: Any) -> Any:
    result = _run(db, "export", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    for person in doc["people"]:
        for goal in person["goals"]:
            goal.pop("created", None)
    return doc


@pytest.mark.parametrize(
    ("args", "code", "where", "text"),
    CASES,
    ids=[" ".join(c[0]) for c in CASES],
)
def test_a_failing_json_command_prints_one_json_error(
    goal_db: Any,
    tmp_path: Path,
    args: list[str],
    code: int,
    where: str | None,
    text: str,
) -> None:
    before = _export(goal_db)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if args[0].startswith("--"):
        result = CliRunner().invoke(app, ["--db", str(goal_db), *args])
    else:
        result = _run(goal_db, *args)
    assert result.exit_code == code, (result.stdout, result.stderr)
    doc = json.loads(result.stdout)  # exactly one document, nothing around it
    assert list(doc) == ["error"]
    error = doc["error"]
    assert error["exit_code"] == code
    assert text in error["message"]
    if where is not None:
        assert error["where"] == where
    assert "Traceback" not in result.stderr
    assert "rror" in result.stderr  # the person still reads it on stderr
    assert _export(goal_db) == before


def test_no_active_goal_is_a_json_error(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    for args in (["gap"], ["route"], ["progress"], ["review"], ["goal", "show"]):
        result = _run(db, *args, "--json")
        assert result.exit_code == 4, (args, result.stdout)
        error = json.loads(result.stdout)["error"]
        assert error["exit_code"] == 4
        assert "no active goal" in error["message"]


def test_json_after_a_double_dash_is_text_not_the_flag(tmp_path: Path) -> None:
    """``goal new -- --json``: the title is ``--json``; it is not asked for JSON."""
    db = tmp_path / "dash.db"
    result = _run(db, "goal", "new", "--template", "nope", "--", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "nope" in result.stderr


def test_the_error_document_is_english_with_lang_es(goal_db: Any) -> None:
    args = ["--lang", "es", "gap", "--json", "--years", "2030-2040"]
    result = CliRunner().invoke(app, ["--db", str(goal_db), *args])
    assert result.exit_code == 2
    message = json.loads(result.stdout)["error"]["message"]
    assert message.startswith("no one who was selected is left")
