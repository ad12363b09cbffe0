"""The whole recipe through the CLI, on a fresh database per test."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]

PROFILE = [
    "us_citizen=yes",
    "age=34",
    "degree_level=master",
    "degree_field=stem",
    "experience_years=6",
    "jet_pic_hours=0",
    "military=no",
    "pilot_certificate=no",
    "scuba=none",
    "languages=english,spanish",
    "passes_physical=yes",
]
BACHELOR = [t.replace("degree_level=master", "degree_level=bachelor") for t in PROFILE]
"""Lacks the education requirement (a master's), so the route is never empty."""


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def start(cli: Run, *extra: str, profile: list[str] = PROFILE) -> None:
    ok(
        cli(
            "goal",
            "new",
            "Become a NASA astronaut",
            "--template",
            "nasa-astronaut",
            "--hours-per-week",
            "10",
            "--months-away",
            "1",
            *extra,
        )
    )
    ok(cli("profile", "set", *profile, "--date", "2025-06-01"))


def test_help_lists_every_step(cli: Run) -> None:
    out = ok(cli("--help")).output
    for command in (
        "goal",
        "profile",
        "gap",
        "route",
        "log",
        "progress",
        "attempt",
        "review",
        "supporter",
        "evidence",
        "cohort",
        "template",
        "export",
        "import",
        "demo",
        "init",
    ):
        assert command in out


@pytest.mark.sqlite_only(reason="a SQLite file is created; a PostgreSQL one exists")
def test_init_creates_the_database(cli: Run, db_path: Path) -> None:
    ok(cli("init"))
    assert db_path.exists()


def test_goal_lifecycle_and_next_goal(cli: Run) -> None:
    start(cli)
    ok(cli("goal", "achieve", "--reason", "selected"))
    ok(cli("goal", "next", "Fly in space", "--months-away", "2", "--money", "5000"))
    goals = json.loads(ok(cli("goal", "list", "--json")).output)["goals"]
    assert goals[1]["limits"]["months_away"] == 2
    assert goals[1]["limits"]["money"] == 5000
    assert [g["status"] for g in goals] == ["achieved", "active"]
    assert goals[0]["next_goal"] == goals[1]["id"]
    assert goals[0]["status_reason"] == "selected"


def test_profile_history_keeps_every_change(cli: Run) -> None:
    start(cli)
    ok(cli("profile", "set", "pilot_certificate=yes", "--date", "2025-12-01"))
    doc = json.loads(
        ok(cli("profile", "history", "pilot_certificate", "--json")).output
    )
    assert [(c["value"], c["date"]) for c in doc["changes"]] == [
        (False, "2025-06-01"),
        (True, "2025-12-01"),
    ]
    shown = json.loads(
        ok(cli("profile", "show", "--json", "--date", "2025-07-01")).output
    )
    pilot = next(t for t in shown["traits"] if t["trait"] == "pilot_certificate")
    assert pilot["value"] is False


def test_gap_json_shape(cli: Run) -> None:
    start(cli)
    doc = json.loads(ok(cli("gap", "--json")).output)
    assert {r["name"] for r in doc["requirements"]} >= {
        "citizenship",
        "education",
        "experience",
        "physical",
    }
    assert all(isinstance(r["met"], bool) for r in doc["requirements"])
    assert {"name", "value", "definition"} <= set(doc["headline"])
    for t in doc["traits"]:
        assert {"trait", "you", "n", "source"} <= set(t)
    for item in doc["they_have_you_dont"]:
        assert {"trait", "share", "n", "source"} <= set(item)
    human = ok(cli("gap", "--explain")).output
    assert doc["headline"]["definition"][:30] in " ".join(human.split())


def test_evidence_can_add_a_custom_trait(cli: Run) -> None:
    start(cli)
    ok(
        cli(
            "evidence",
            "add",
            "pilot_certificate",
            "--have",
            "9",
            "--of",
            "11",
            "--source",
            "my notes on the 2004 class",
        )
    )
    ok(
        cli(
            "evidence",
            "add",
            "antarctic_experience",
            "--have",
            "2",
            "--of",
            "12",
            "--source",
            "The Verge, 2017 class",
        )
    )
    items = json.loads(ok(cli("evidence", "list", "--json")).output)["evidence"]
    assert [(e["condition"], e["have"], e["of"]) for e in items] == [
        ("pilot_certificate", 9, 11),
        ("antarctic_experience", 2, 12),
    ]
    ok(cli("profile", "set", "antarctic_experience=no"))
    doc = json.loads(ok(cli("gap", "--json")).output)
    lines = [i for i in doc["they_have_you_dont"] if i["trait"] == "pilot_certificate"]
    # The cohort now records pilots (2004-2021 fact table): the evidence is one of
    # the figures behind the line, beside the dataset's own count.
    assert lines and any(
        s["kind"] == "evidence" and s["source"].startswith("my notes")
        for s in lines[0]["support"]
    )


def test_route_progress_and_calendar(cli: Run, tmp_path: Path) -> None:
    start(cli, profile=BACHELOR)
    ics = tmp_path / "route.ics"
    doc = json.loads(ok(cli("route", "--json", "--ical", str(ics))).output)
    assert doc["feasible"] is True
    assert isinstance(doc["optimal"], bool)
    names = [a["name"] for a in doc["actions"]]
    for a in doc["actions"]:
        assert {"name", "start", "end", "effort_hours", "money"} <= set(a)
    assert "master_stem" in names  # the bachelor lacks the education requirement
    calendar = ics.read_text()
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert calendar.count("BEGIN:VEVENT") >= len(names)
    ok(cli("log", "4", names[0], "--date", "2026-01-10", "--note", "first lesson"))
    ok(cli("log", "3", names[0], "--date", "2026-01-14"))
    prog = json.loads(ok(cli("progress", "--json")).output)
    first = next(a for a in prog["actions"] if a["name"] == names[0])
    assert first["actual_hours"] == 7
    assert prog["totals"]["actual_hours"] == 7
    assert prog["totals"]["forecast_finish"] is not None


def test_attempts_and_review(cli: Run) -> None:
    start(cli)
    ok(cli("attempt", "add", "NASA 2024 call", "--date", "2024-03-10"))
    out = ok(
        cli(
            "attempt",
            "result",
            "NASA 2024 call",
            "rejected",
            "--date",
            "2025-09-22",
            "--feedback",
            "not interviewed",
        )
    ).output
    assert "eleven times" in out
    ok(cli("profile", "set", "scuba=open_water", "--date", "2025-12-01"))
    doc = json.loads(ok(cli("review", "--json")).output)
    assert doc["attempts"]["rejections"] == 1
    assert [c["trait"] for c in doc["changed_since_last_attempt"]][-1] == "scuba"
    assert "route" in doc and "gap" in doc
    listed = json.loads(ok(cli("attempt", "list", "--json")).output)
    assert listed["attempts"][0]["outcome"] == "rejected"


def test_supporters(cli: Run) -> None:
    start(cli)
    ok(
        cli(
            "supporter",
            "add",
            "Miss Young",
            "--role",
            "teacher",
            "--contribution",
            "kept the family in one place",
            "--shares",
            "progress",
        )
    )
    doc = json.loads(ok(cli("supporter", "list", "--json")).output)
    assert doc["supporters"][0]["name"] == "Miss Young"


def test_export_import_round_trip(cli: Run, tmp_path: Path) -> None:
    start(cli)
    ok(
        cli(
            "evidence",
            "add",
            "pilot_certificate",
            "--have",
            "9",
            "--of",
            "11",
            "--source",
            "notes",
        )
    )
    ok(cli("attempt", "add", "NASA 2024 call", "--date", "2024-03-10"))
    ok(cli("route", "--json"))
    dump = tmp_path / "export.json"
    ok(cli("export", str(dump)))
    other = tmp_path / "other.db"
    from typer.testing import CliRunner

    from strive.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(other), "import", str(dump)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(app, ["--db", str(other), "export"])
    assert json.loads(again.output) == json.loads(dump.read_text())


def test_template_commands(cli: Run) -> None:
    names = [
        t["name"]
        for t in json.loads(ok(cli("template", "list", "--json")).output)["templates"]
    ]
    assert "nasa-astronaut" in names
    doc = json.loads(ok(cli("template", "show", "nasa-astronaut", "--json")).output)
    level = next(t for t in doc["traits"] if t["name"] == "degree_level")
    assert level["values"] == ["none", "bachelor", "master", "doctorate"]
    assert {a["name"] for a in doc["actions"]} >= {"private_pilot", "scuba_open_water"}
    assert doc["requirements"]


@pytest.mark.parametrize("name", ["graduate-admissions", "adult-income"])
def test_labelled_templates_show(cli: Run, name: str) -> None:
    doc = json.loads(ok(cli("template", "show", name, "--json")).output)
    assert doc["mode"] == "labelled"


def test_gap_sub_cohorts_are_named(cli: Run) -> None:
    start(cli)
    doc = json.loads(
        ok(
            cli("gap", "--years", "1990-2000", "--where", "not military", "--json")
        ).output
    )
    description = doc["cohort"]["description"]
    assert "classes 1990-2000" in description and "not military" in description
    everyone = json.loads(ok(cli("gap", "--json")).output)
    assert doc["cohort"]["n"] < everyone["cohort"]["n"]


def test_sensitive_traits_cannot_filter(cli: Run) -> None:
    start(cli)
    result = cli("gap", "--where", "gender=female")
    assert result.exit_code != 0
    assert "sensitive" in result.output


def test_gap_reports_reach_and_history(cli: Run) -> None:
    start(cli)
    ok(cli("profile", "set", "degree_level=bachelor", "--date", "2020-01-01"))
    doc = json.loads(ok(cli("gap", "--json")).output)
    reach = doc["reach"]
    assert reach["name"] == "reach" and "least" in reach["definition"]
    assert reach["value"] is None or reach["value"] >= 0
    history = json.loads(ok(cli("gap", "--history", "--json")).output)["history"]
    assert [p["date"] for p in history] == ["2020-01-01", "2025-06-01"]
    for point in history:
        assert point["coverage"] is None or 0 <= point["coverage"] <= 1
    # a master's degree is what the bachelor lacked: coverage does not drop
    assert history[1]["coverage"] >= history[0]["coverage"]


def test_route_with_my_own_targets(cli: Run) -> None:
    start(cli)
    doc = json.loads(
        ok(cli("route", "--target", "languages has russian", "--json")).output
    )
    assert "learn_russian" in [a["name"] for a in doc["actions"]]
    bad = cli("route", "--target", "languages has")
    assert bad.exit_code != 0


def test_batch_routes_for_a_caseload(cli: Run, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    start(cli)
    people = tmp_path / "people.csv"
    people.write_text(
        "name,us_citizen,age,degree_level,degree_field,experience_years,"
        "pilot_certificate,scuba,languages\n"
        "ana,yes,30,master,stem,3,no,none,english;spanish\n"
        "ben,yes,28,bachelor,stem,1,yes,open_water,english\n"
        "cai,yes,35,doctorate,medicine,8,no,none,english\n"
    )
    out = tmp_path / "routes.parquet"
    result = ok(
        cli(
            "route",
            "--batch",
            str(people),
            "--out",
            str(out),
            "--target",
            "pilot_certificate",
        )
    )
    assert "Planned 3 routes" in result.output
    table = pq.read_table(out).to_pylist()
    assert [row["id"] for row in table] == ["ana", "ben", "cai"]
    ana, ben, _ = table
    assert "private_pilot" in ana["actions"] and "private_pilot" not in ben["actions"]
    assert "master_stem" in ben["actions"]  # a bachelor's does not meet education
    assert all(row["feasible"] for row in table)
    missing = cli("route", "--batch", str(people))
    assert missing.exit_code != 0 and "--out" in missing.output


def test_review_compares_a_newly_imported_class(cli: Run, tmp_path: Path) -> None:
    start(cli)
    ok(cli("attempt", "add", "NASA 2024 call", "--date", "2024-03-10"))
    ok(cli("attempt", "result", "NASA 2024 call", "rejected", "--date", "2025-09-22"))
    new_class = tmp_path / "class.csv"
    new_class.write_text(
        "name,year,degree_level,degree_field,military,pilot_certificate\n"
        "A,2025,doctorate,stem,yes,yes\nB,2025,master,stem,no,yes\n"
        "C,2025,doctorate,medicine,no,no\nD,2025,master,stem,yes,yes\n"
    )
    ok(
        cli(
            "cohort",
            "import",
            str(new_class),
            "--name",
            "class of 2025",
            "--source",
            "test data",
        )
    )
    doc = json.loads(ok(cli("review", "--json")).output)
    compared = doc["new_class"]
    assert compared["new"].startswith("class of 2025 (n=4)")
    pilot = next(r for r in compared["rows"] if r["trait"] == "pilot_certificate")
    assert (pilot["new"], pilot["new_known"]) == (0.75, 4)
    lacking = {i["condition"]: i for i in compared["they_have_you_dont"]}
    assert lacking["pilot_certificate"]["have"] == 3
    assert "n=391" in doc["gap"]["cohort"]["description"]  # 387 + the new class
    human = ok(cli("review")).output
    assert "The new class has, you don't" in human


def test_empty_goal_list_says_what_to_do(cli: Run) -> None:
    assert "strive goal new" in ok(cli("goal", "list")).output
    assert json.loads(ok(cli("goal", "list", "--json")).output) == {"goals": []}


def test_route_open_items_read_the_label_and_show_the_command(cli: Run) -> None:
    """An open item said ``passes_physical``: the label reads, and the id shows
    only in the command that records it."""
    from strive.templates import load_template

    unrecorded = [t for t in BACHELOR if not t.startswith("passes_physical")]
    start(cli, profile=unrecorded)
    out = " ".join(ok(cli("route")).output.split())  # undo the terminal's wrapping
    label = load_template("nasa-astronaut").traits["passes_physical"].title
    opened = out[out.index("Open:") :]
    assert opened.startswith(f"Open: medical exam: “{label}” is not recorded")
    assert opened.count("passes_physical") == 1
    assert "strive profile set passes_physical=yes|no" in opened
    doc = json.loads(ok(cli("route", "--json")).output)
    assert "passes_physical" in [o["condition"] for o in doc["open_items"]]
