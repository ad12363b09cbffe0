"""docs/templates.md's worked example, followed verbatim: the template, the cohort
and the commands are read from the docs, so the docs cannot drift from what works."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "templates.md"


def _example() -> tuple[str, str, list[list[str]]]:
    text = DOCS.read_text("utf-8")
    section = text.split("## Example: a template of your own, end to end", 1)[1]
    toml = re.search(r"```toml\n(.*?)```", section, re.S)
    csv = re.search(r"```csv\n(.*?)```", section, re.S)
    sh = re.search(r"```sh\n(.*?)```", section, re.S)
    assert toml and csv and sh, "the docs example lost a code block"
    commands = [shlex.split(line) for line in sh[1].splitlines() if line.strip()]
    assert all(c[0] == "strive" for c in commands)
    return toml[1], csv[1], [c[1:] for c in commands]


def test_the_docs_example_works_anywhere_and_after_the_files_move(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toml, csv, commands = _example()
    folder = tmp_path / "my-goal"
    folder.mkdir()
    (folder / "medschool.toml").write_text(toml, encoding="utf-8")
    (folder / "medschool.csv").write_text(csv, encoding="utf-8")
    monkeypatch.chdir(folder)
    outputs = []
    for args in commands:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
        outputs.append(result.stdout)
    # what the docs say validate warns about
    assert "warning: action scribe_job: no money figure" in outputs[0]
    assert "warning: action research_year: no money figure" in outputs[0]

    def still_works() -> None:
        gap = cli("gap", "--json")
        assert gap.exit_code == 0, gap.output
        assert "An admitted class" in json.dumps(json.loads(gap.stdout))
        route = cli("route", "--json")
        assert route.exit_code == 0, route.output
        planned = {a["name"] for a in json.loads(route.stdout)["actions"]}
        assert "mcat_prep" in planned

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    still_works()
    moved = tmp_path / "archive"
    folder.rename(moved)
    still_works()
    for path in moved.iterdir():
        path.unlink()
    still_works()
