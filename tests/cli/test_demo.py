"""`strive demo` tells José Hernández's story with figures computed from the data."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from strive.cli import app


def test_demo_runs_and_tells_the_story() -> None:
    result = CliRunner().invoke(app, ["demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    # the attempt history comes from the recorded attempts, not from a print
    assert "12 attempts: 11 not selected, then selected" in text
    # the cohort line names the dataset and its n
    assert re.search(r"NASA astronauts.*\(n=\d+\)", text)
    # the route closes the gaps he found: pilot, diver, third language
    for action in ("pilot", "scuba", "Russian"):
        assert action.lower() in text.lower()
    assert "Coverage" in text


def test_demo_keeps_its_database_when_asked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "jose.db"
    result = CliRunner().invoke(app, ["demo", "--keep", str(path)])
    assert result.exit_code == 0, result.output
    listed = CliRunner().invoke(app, ["--db", str(path), "goal", "list", "--json"])
    assert '"achieved"' in listed.output
