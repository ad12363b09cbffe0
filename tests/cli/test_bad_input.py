"""Bad input: a clear message naming what and where, non-zero exit, nothing written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def goal(cli: Run) -> None:
    ok(cli("goal", "new", "Become a NASA astronaut", "--template", "nasa-astronaut"))
    ok(cli("profile", "set", "degree_level=master", "--date", "2025-01-01"))


def history(cli: Run) -> list[Any]:
    return json.loads(ok(cli("profile", "history", "--json")).output)["changes"]


@pytest.mark.usefixtures("goal")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["profile", "set", "pilot=yes"], "unknown trait 'pilot'"),
        (["profile", "set", "jet_pic_hours=lots"], "takes a number"),
        (["profile", "set", "jet_pic_hours=-3"], "at least 0"),
        (["profile", "set", "degree_level=phd"], "choose one of"),
        (["profile", "set", "degree_level=bachelor"], "can only grow"),
        (["profile", "set", "nonsense"], "TRAIT=VALUE"),
        (["log", "3", "fly_to_mars"], "unknown action 'fly_to_mars'"),
        (["log", "0", "private_pilot"], "more than 0"),
        (
            [
                "evidence",
                "add",
                "pilot_certificate",
                "--have",
                "12",
                "--of",
                "11",
                "--source",
                "x",
            ],
            "between 0",
        ),
        (
            ["evidence", "add", "pilot_certificate", "--have", "3", "--source", "x"],
            "both --have and --of",
        ),
        (["attempt", "result", "never applied", "rejected"], "never applied"),
        (["progress"], "no route yet"),
    ],
)
def test_bad_input_changes_nothing(cli: Run, args: list[str], message: str) -> None:
    before = history(cli)
    result = cli(*args)
    assert result.exit_code != 0
    assert message in " ".join(result.output.split())
    assert history(cli) == before


@pytest.mark.usefixtures("goal")
def test_one_bad_value_rejects_the_whole_command(cli: Run) -> None:
    before = history(cli)
    result = cli("profile", "set", "scuba=open_water", "jet_pic_hours=abc")
    assert result.exit_code != 0
    assert history(cli) == before


def test_no_goal_yet_says_what_to_do(cli: Run) -> None:
    result = cli("gap")
    assert result.exit_code != 0
    assert "strive goal new" in result.output


def test_unknown_template(cli: Run) -> None:
    result = cli("goal", "new", "X", "--template", "no-such-template")
    assert result.exit_code != 0
    assert "no-such-template" in result.output


def test_bad_date(cli: Run) -> None:
    result = cli("goal", "new", "X", "--by", "next year")
    assert result.exit_code != 0
    assert "YYYY-MM-DD" in result.output


@pytest.mark.usefixtures("goal")
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,year,degree_level\nA,2021,master\nB,2021,wizard\n", ":3"),
        ("name,year,degree_level\nA,2021,master\nB,2021\n", ":3"),
        ("name,year,favourite_colour\nA,2021,blue\n", "favourite_colour"),
        ("name,year,degree_level\nA,2021,master\nA,2021,master\n", "duplicate"),
        ('name,year,degree_level\nA,2021,"master\n', "line"),
        ("", "empty"),
    ],
)
def test_bad_cohort_csv(cli: Run, tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "class.csv"
    path.write_text(content)
    result = cli("cohort", "import", str(path), "--name", "2021 class", "--source", "x")
    assert result.exit_code != 0
    assert message in result.output
    assert "class.csv" in result.output
    shown = json.loads(ok(cli("cohort", "show", "--json")).output)
    assert "2021" not in shown["classes"]


@pytest.mark.usefixtures("goal")
def test_good_cohort_import_then_duplicate(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "class.csv"
    path.write_text(
        "name,year,degree_level,military\nA,2021,master,yes\nB,2021,doctorate,no\n"
    )
    ok(cli("cohort", "import", str(path), "--name", "2021 class", "--source", "NASA"))
    shown = json.loads(ok(cli("cohort", "show", "--json")).output)
    assert shown["classes"]["2021"] == 2
    again = cli(
        "cohort", "import", str(path), "--name", "2021 class", "--source", "NASA"
    )
    assert again.exit_code != 0


def test_bad_import_files(cli: Run, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"strive_export": 1, "people": [')
    result = cli("import", str(broken))
    assert result.exit_code != 0 and "broken.json" in result.output
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"strive_export": 99}')
    result = cli("import", str(wrong))
    assert result.exit_code != 0


def test_template_validate(cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "mine.toml"
    bad.write_text('[template]\nname = "mine"\n\n[[traits]]\nname = "x"\n')
    result = cli("template", "validate", str(bad))
    assert result.exit_code != 0
    assert "traits[1] 'x'.kind" in result.output and "mine.toml" in result.output
