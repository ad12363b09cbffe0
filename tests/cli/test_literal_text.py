"""User text is never markup: every text field of every command prints as typed.

Text with Rich markup (``[bold]``, ``[/x]``), emoji codes (``:smile:``), brackets and
right-to-left marks goes into every text field; each command must succeed and show
the text literally. Control characters are either refused with a one-line error
(names refuse them on input) or shown escaped (``\\x1b``), never sent raw to the
terminal.

Each test (and each hypothesis example) writes to a fresh database of its own, on
SQLite and on PostgreSQL (``db_path``, ``another_db``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from strive.cli import app
from strive.cli.output import literal

PIECES = [
    "[",
    "]",
    "[/x]",
    "[/]",
    "[bold]",
    "[red]x[/red]",
    ":smile:",
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "عربي",
    "é",
    "a",
    " ",
    "\\",
    "[link=http://x]",
]
CONTROL = ["\x1b[31m", "\x07", "\x00", "\r", "\x7f", "\x9b"]

texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map(
    lambda parts: "x" + "".join(parts) + "z"
)
with_control = st.tuples(texts, st.sampled_from(CONTROL)).map(
    lambda pair: pair[0][:2] + pair[1] + pair[0][2:]
)


class Session:
    """One fresh database (a SQLite path not yet created, or a new PostgreSQL
    database), run at a width where nothing wraps; ``root`` holds its files."""

    def __init__(self, root: Path, db: Path | str) -> None:
        self.root = root
        self.db = db
        self.runner = CliRunner()

    def run(self, *args: str) -> Any:
        return self.runner.invoke(
            app,
            ["--db", str(self.db), "--today", "2026-01-15", *args],
            env={"COLUMNS": "4000"},
            catch_exceptions=True,
        )


def _ok(result: Any) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception
    )
    assert result.exit_code == 0, result.output
    out: str = result.output
    return out


def _literal_or_refused(
    s: Session, write: list[str], read: list[str], text: str
) -> None:
    """Exit 0 and the text shown escaped, or a clean one-line refusal."""
    result = s.run(*write)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code != 0:
        assert result.exit_code in (1, 2), result.output
        assert "error" in result.output.lower(), result.output
        return
    shown = _ok(s.run(*read))
    assert literal(text) in result.output + shown
    for raw in CONTROL:
        assert raw not in result.output + shown


def _every_field(s: Session, text: str) -> list[tuple[list[str], list[str]]]:
    """(command writing ``text``, commands that must show it)."""
    csv = s.root / "class.csv"
    csv.write_text("name,year,degree_level\nA,2021,master\n", "utf-8")
    return [
        (["goal", "new", text, "--why", text], ["goal", "show"]),
        (["profile", "set", f"birthplace={text}", "--note", text], ["profile", "show"]),
        (["profile", "history"], ["profile", "history"]),
        (["attempt", "add", text, "--date", "2025-03-01"], ["attempt", "list"]),
        (
            [
                "attempt",
                "result",
                text,
                "rejected",
                "--feedback",
                text,
                "--date",
                "2025-06-01",
            ],
            ["attempt", "list"],
        ),
        (
            ["supporter", "add", text, "--role", text, "--contribution", text],
            ["supporter", "list"],
        ),
        (
            ["evidence", "add", "pilot_certificate", "--source", text, "--note", text],
            ["evidence", "list"],
        ),
        (["log", "2", "private_pilot", "--note", text], ["effort", "list"]),
        (
            ["cohort", "import", str(csv), "--name", text, "--source", text],
            ["cohort", "show", "--years", "2021-2021"],
        ),
        (["effort", "edit", "1", "--note", text + "!"], ["effort", "list"]),
        (["supporter", "edit", "1", "--name", text + "!"], ["supporter", "list"]),
        (["goal", "achieve", "--reason", text], ["goal", "list"]),
    ]


_EXAMPLES = itertools.count(1)
"""Names the database of each hypothesis example (the fixtures are per test)."""


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=texts)
def test_every_text_field_prints_literally(
    tmp_path: Path, another_db: Callable[[str], Any], text: str
) -> None:
    s = Session(tmp_path, another_db(f"example-{next(_EXAMPLES)}.db"))
    for write, read in _every_field(s, text):
        written = _ok(s.run(*write))
        shown = _ok(s.run(*read))
        both = written + shown
        assert text in both, (write, read, both)
    # the whole story still reads with that text in every field
    assert text in _ok(s.run("goal", "list"))
    _ok(s.run("export"))


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=with_control)
def test_control_characters_are_refused_or_escaped(
    tmp_path: Path, another_db: Callable[[str], Any], text: str
) -> None:
    s = Session(tmp_path, another_db(f"example-{next(_EXAMPLES)}.db"))
    _ok(s.run("goal", "new", "Fly"))
    for write, read in (
        (["attempt", "add", text], ["attempt", "list"]),
        (["supporter", "add", text, "--role", "r"], ["supporter", "list"]),
        (
            ["evidence", "add", "pilot_certificate", "--source", text],
            ["evidence", "list"],
        ),
        (["log", "1", "private_pilot", "--note", text], ["effort", "list"]),
        (["profile", "set", f"birthplace={text}"], ["profile", "show"]),
        (["goal", "new", text], ["goal", "list"]),
    ):
        _literal_or_refused(s, write, read, text)


def test_gap_review_with_markup_in_profile(tmp_path: Path, db_path: Path | str) -> None:
    """The crash of issue 7: birthplace=[/x] made gap and review fail forever."""
    s = Session(tmp_path, db_path)
    _ok(s.run("goal", "new", "Reach [/x] orbit"))
    _ok(s.run("profile", "set", "birthplace=[/x]", "degree_level=master"))
    _ok(s.run("attempt", "add", "[bold]NASA[/]", "--date", "2025-01-01"))
    assert "Reach [/x] orbit" in _ok(s.run("goal", "list"))
    assert "[/x]" in _ok(s.run("profile", "show"))
    _ok(s.run("gap"))
    assert "Strategic review" in _ok(s.run("review"))
    assert "[bold]NASA[/]" in _ok(s.run("attempt", "list"))


def test_errors_are_literal(tmp_path: Path, db_path: Path | str) -> None:
    s = Session(tmp_path, db_path)
    _ok(s.run("goal", "new", "Fly"))
    result = s.run("attempt", "result", "[bold]nope[/]", "rejected")
    assert result.exit_code != 0
    assert "[bold]nope[/]" in result.output
