"""The README runs: its "Using it" block, command by command, on a fresh database."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strive.cli import app

README = Path(__file__).resolve().parents[2] / "README.md"


def _block(heading: str, language: str = "bash", index: int = 0) -> str:
    text = README.read_text("utf-8")
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(rf"```{language}\n(.*?)```", section, flags=re.DOTALL)
    return str(blocks[index])


def commands(block: str) -> list[list[str]]:
    """Each ``strive ...`` command of a shell block as its arguments (after
    ``strive``): continuation lines joined, comments dropped, ``;`` splits."""
    joined = block.replace("\\\n", " ")
    out: list[list[str]] = []
    for line in joined.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=";")
        lexer.whitespace_split = True
        lexer.commenters = "#"
        words = list(lexer)
        current: list[str] = []
        for word in [*words, ";"]:
            if word == ";":
                if current:
                    assert current[0] == "strive", current
                    out.append(current[1:])
                current = []
            else:
                current.append(word)
    return out


def test_the_block_is_parsed_whole() -> None:
    parsed = commands(_block("Using it"))
    assert parsed[0][:2] == ["goal", "new"] and "--by" in parsed[0]
    assert parsed[-1][:2] == ["goal", "next"]
    assert ["goal", "achieve", "--reason", "selected"] in parsed
    assert len(parsed) == 12


def test_using_it_runs_command_by_command(
    tmp_path: Path, db_path: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # route --ical route.ics writes here
    runner = CliRunner()
    db = db_path
    for args in commands(_block("Using it")):
        result = runner.invoke(
            app,
            ["--db", str(db), "--today", "2026-01-15", *args],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, (args, result.output)
    assert (tmp_path / "route.ics").read_text("utf-8").startswith("BEGIN:VCALENDAR")


def test_the_corrections_block_runs(
    tmp_path: Path, db_path: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    db = db_path
    story = commands(_block("Using it"))
    fixes = commands(_block("Using it", index=1))
    assert fixes[0] == ["effort", "list"]
    before_end = story[: story.index(["review"]) + 1]
    for args in [*before_end, *fixes]:
        result = runner.invoke(app, ["--db", str(db), "--today", "2026-01-15", *args])
        assert result.exit_code == 0, (args, result.output)
