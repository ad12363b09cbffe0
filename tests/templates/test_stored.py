"""Your own template is stored with the goal: any folder, moved or deleted files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from strive.workspace import Workspace

Run = Callable[..., Any]

TEMPLATE = """\
[template]
name = "lab"
title = "Join the lab"

[[traits]]
name = "papers"
kind = "number"
minimum = 0
mutability = "grow_only"

[[traits]]
name = "python"
kind = "bool"
mutability = "grow_only"

[[actions]]
name = "write_paper"
effects = ["papers+=1"]
duration_months = 6
effort_hours = 400
money = 0
money_year = 2026
sources = ["s"]

[[actions]]
name = "learn_python"
effects = ["python"]
duration_months = 2
effort_hours = 80
money = 0
money_year = 2026
sources = ["s"]

[cohort]
file = "lab.csv"
name = "Lab members"
"""

COHORT = "name,year,papers,python\nA,2024,2,yes\nB,2025,1,yes\nC,2025,3,no\n"


@pytest.fixture
def own(tmp_path: Path) -> Path:
    folder = tmp_path / "goals"
    folder.mkdir()
    (folder / "lab.toml").write_text(TEMPLATE)
    (folder / "lab.csv").write_text(COHORT)
    return folder / "lab.toml"


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    other = tmp_path / "somewhere" / "else"
    other.mkdir(parents=True)
    monkeypatch.chdir(other)
    return other


def _ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(autouse=True)
def _close_workspaces(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Close every workspace a test opens (on PostgreSQL an open connection left
    to the garbage collector is a ResourceWarning, an error in this suite)."""
    opened: list[Workspace] = []
    real = Workspace.open

    def tracking(*args: Any, **kwargs: Any) -> Workspace:
        ws = real(*args, **kwargs)
        opened.append(ws)
        return ws

    monkeypatch.setattr(Workspace, "open", tracking)
    yield
    for ws in opened:
        ws.store.close()


def _start(cli: Run, own: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(own.parent)
    _ok(cli("goal", "new", "Join the lab", "--template", "lab.toml"))
    _ok(cli("profile", "set", "papers=0", "python=no"))


def _hours(db: Path, action: str) -> float:
    ws = Workspace.open(db, today=None)
    return ws.context().template.catalogue[action].effort_hours


def test_works_from_another_folder_and_after_the_files_are_deleted(
    cli: Run,
    own: Path,
    elsewhere: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _start(cli, own, monkeypatch)
    monkeypatch.chdir(elsewhere)
    goals = json.loads(_ok(cli("goal", "list", "--json")).stdout)["goals"]
    assert goals[0]["template"] == "lab"
    for command in (["gap", "--json"], ["route", "--json"]):
        json.loads(_ok(cli(*command)).stdout)
    own.unlink()
    (own.parent / "lab.csv").unlink()
    gap = json.loads(_ok(cli("gap", "--json")).stdout)
    assert "Lab members" in json.dumps(gap)
    route = json.loads(_ok(cli("route", "--json")).stdout)
    assert {a["name"] for a in route["actions"]} >= {"learn_python"}
    # a moved file: the same
    _ok(cli("log", "10", "learn_python"))


def test_a_changed_file_is_noted_once_on_stderr(
    cli: Run, own: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    _start(cli, own, monkeypatch)
    monkeypatch.chdir(elsewhere)
    quiet = _ok(cli("route", "--json"))
    assert quiet.stderr == ""
    own.write_text(TEMPLATE.replace("effort_hours = 80", "effort_hours = 60"))
    result = _ok(cli("route", "--json"))
    json.loads(result.stdout)  # stdout is still exactly one JSON document
    assert result.stderr.count("has changed since goal 1 stored it") == 1
    assert "strive template update" in result.stderr
    assert str(own.resolve()) in result.stderr
    assert _hours(db_path, "learn_python") == 80  # the stored copy is used
    # a changed cohort counts as a change too
    own.write_text(TEMPLATE)
    assert _ok(cli("gap", "--json")).stderr == ""
    (own.parent / "lab.csv").write_text(COHORT + "D,2025,4,yes\n")
    assert "has changed" in _ok(cli("gap", "--json")).stderr


def test_update_stores_the_new_version(
    cli: Run, own: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    _start(cli, own, monkeypatch)
    monkeypatch.chdir(elsewhere)
    same = _ok(cli("template", "update"))
    assert "unchanged" in same.stdout
    own.write_text(TEMPLATE.replace("effort_hours = 80", "effort_hours = 60"))
    (own.parent / "lab.csv").write_text(COHORT + "D,2025,4,yes\n")
    updated = _ok(cli("template", "update"))
    assert "Goal 1 now uses lab" in updated.stdout
    assert _hours(db_path, "learn_python") == 60
    ctx = Workspace.open(db_path).context()
    assert ctx.cohort.size == 4
    assert _ok(cli("route", "--json")).stderr == ""  # nothing to note any more


def test_an_invalid_new_version_changes_nothing(
    cli: Run, own: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    _start(cli, own, monkeypatch)
    monkeypatch.chdir(elsewhere)
    before = json.dumps(Workspace.open(db_path).export(), sort_keys=True)
    own.write_text(TEMPLATE.replace("effort_hours = 80", "effort_hours = inf"))
    result = cli("template", "update")
    assert result.exit_code != 0
    assert "actions[2] 'learn_python'.effort_hours" in result.output
    (own.parent / "lab.csv").write_text(COHORT + "D,2025,lots,yes\n")
    own.write_text(TEMPLATE)
    result = cli("template", "update")
    assert result.exit_code != 0 and "lab.csv:5: column papers" in result.output
    after = json.dumps(Workspace.open(db_path).export(), sort_keys=True)
    assert after == before
    json.loads(_ok(cli("route", "--json")).stdout)


def test_update_after_the_file_moved(
    cli: Run, own: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    _start(cli, own, monkeypatch)
    moved = elsewhere / "moved"
    own.parent.rename(moved)
    monkeypatch.chdir(elsewhere)
    result = cli("template", "update")
    assert result.exit_code != 0
    assert "is gone (moved or deleted)" in result.output
    assert "strive template update PATH" in result.output
    (moved / "lab.toml").write_text(
        TEMPLATE.replace("effort_hours = 80", "effort_hours = 70")
    )
    _ok(cli("template", "update", str(moved / "lab.toml")))
    assert _hours(db_path, "learn_python") == 70
    # the new place is where changes are looked for from now on
    (moved / "lab.toml").write_text(TEMPLATE)
    assert "has changed" in _ok(cli("gap", "--json")).stderr


def test_update_needs_an_own_template(cli: Run) -> None:
    _ok(cli("goal", "new", "Fly", "--template", "nasa-astronaut"))
    result = cli("template", "update")
    assert result.exit_code != 0
    assert "built-in template 'nasa-astronaut'" in result.output


def test_goal_next_stores_the_template_too(
    cli: Run, own: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ok(cli("goal", "new", "Fly", "--template", "nasa-astronaut"))
    _ok(cli("goal", "retire", "--reason", "changed my mind"))
    _ok(cli("goal", "next", "Join the lab", "--template", str(own)))
    own.unlink()
    json.loads(_ok(cli("gap", "--json")).stdout)


def test_two_versions_in_one_process_are_not_confused(
    own: Path, db_path: Path, tmp_path: Path
) -> None:
    ws = Workspace.open(db_path)
    ws.new_goal("First", str(own))
    other = tmp_path / "v2"
    other.mkdir()
    (other / "lab.toml").write_text(
        TEMPLATE.replace("effort_hours = 80", "effort_hours = 20")
    )
    (other / "lab.csv").write_text(COHORT)
    second = ws.new_goal("Second", str(other / "lab.toml"))
    assert ws.context(second.id).template.catalogue["learn_python"].effort_hours == 20
    assert ws.context(1).template.catalogue["learn_python"].effort_hours == 80


def test_export_and_import_carry_the_stored_template(
    cli: Run,
    own: Path,
    elsewhere: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    _start(cli, own, monkeypatch)
    monkeypatch.chdir(elsewhere)
    exported = tmp_path / "me.json"
    _ok(cli("export", str(exported)))
    document = json.loads(exported.read_text())
    stored = document["people"][0]["goals"][0]["stored_template"]
    assert stored["toml"] == TEMPLATE and stored["cohort_csv"] == COHORT
    own.unlink()
    (own.parent / "lab.csv").unlink()
    fresh = tmp_path / "fresh.db"
    runner_args = ["--db", str(fresh), "--today", "2026-01-15"]
    from typer.testing import CliRunner

    from strive.cli import app

    runner = CliRunner()
    result = runner.invoke(app, [*runner_args, "import", str(exported)])
    assert result.exit_code == 0, result.output
    assert Workspace.open(fresh).export() == document
    result = runner.invoke(app, [*runner_args, "route", "--json"])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)


def test_an_import_with_a_broken_stored_template_changes_nothing(
    cli: Run,
    own: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    db_path: Path,
) -> None:
    _start(cli, own, monkeypatch)
    document = Workspace.open(db_path).export()
    goal = document["people"][0]["goals"][0]
    goal["stored_template"]["toml"] = TEMPLATE.replace("= 400", "= nan")
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document))
    fresh = tmp_path / "fresh.db"
    ws = Workspace.open(fresh)
    from strive.errors import DataImportError

    with pytest.raises(DataImportError) as info:
        ws.import_(json.loads(broken.read_text()))
    assert "people[0].goals[0].stored_template" in str(info.value)
    assert "actions[1] 'write_paper'.effort_hours" in str(info.value)
    assert ws.goals() == []


def test_a_goal_made_before_templates_were_stored_can_store_it(
    cli: Run,
    own: Path,
    elsewhere: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from strive.goal import Goal

    ws = Workspace.open(db_path)
    with ws.store.unit("me") as uow:  # as strive 0.1 stored it: the path as typed
        uow.add_goal(Goal("Join the lab", "../../goals/lab.toml"))
    # from the folder it was typed in, it still loads from the file
    json.loads(_ok(cli("gap", "--json")).stdout)
    # from another folder: a clear error saying what to do
    deeper = elsewhere / "deeper"
    deeper.mkdir()
    monkeypatch.chdir(deeper)
    result = cli("gap")
    assert result.exit_code != 0
    assert "strive template update PATH" in result.output
    result = cli("template", "update")
    assert result.exit_code != 0 and "../../goals/lab.toml is gone" in result.output
    assert "stored copy" not in result.output
    _ok(cli("template", "update", str(own)))
    own.unlink()
    json.loads(_ok(cli("gap", "--json")).stdout)
    goal = json.loads(_ok(cli("goal", "list", "--json")).stdout)["goals"][0]
    assert goal["template"] == "../../goals/lab.toml"  # imported cohorts keep their key
