"""Corrections: list, edit and delete logged records, each kept as history;
goal use and goal limits change only what they are asked to."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Run = Callable[..., Any]


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def doc(cli: Run, *args: str) -> Any:
    return json.loads(ok(cli(*args, "--json")).output)


def start(cli: Run) -> None:
    ok(cli("goal", "new", "Fly", "--hours-per-week", "20", "--months-away", "1"))
    ok(
        cli(
            "profile",
            "set",
            "us_citizen=yes",
            "degree_level=master",
            "pilot_certificate=no",
        )
    )


def corrections(cli: Run) -> list[dict[str, Any]]:
    ok(cli("route"))
    found: list[dict[str, Any]] = doc(cli, "progress")["corrections"]
    return found


def test_effort_edit_and_delete_are_kept_as_corrections(cli: Run) -> None:
    start(cli)
    ok(cli("log", "3", "private_pilot", "--note", "ground school"))
    [entry] = doc(cli, "effort", "list")["effort"]
    assert (entry["action"], entry["hours"]) == ("private_pilot", 3.0)
    out = ok(cli("effort", "edit", str(entry["id"]), "--hours", "2")).output
    assert "hours 3 → 2" in out
    [edited] = doc(cli, "effort", "list")["effort"]
    assert (edited["hours"], edited["note"]) == (2.0, "ground school")
    ok(cli("effort", "delete", str(entry["id"])))
    assert doc(cli, "effort", "list")["effort"] == []
    history = corrections(cli)
    assert [(c["kind"], c["change"]) for c in history] == [
        ("effort", "edit"),
        ("effort", "delete"),
    ]
    assert history[0]["before"]["hours"] == 3.0
    assert history[0]["after"]["hours"] == 2.0
    assert history[1]["after"] is None
    assert doc(cli, "progress")["totals"]["actual_hours"] == 0
    human = ok(cli("progress")).output
    assert "Corrections" in human and "effort 1 deleted (private_pilot)" in human


def test_bad_effort_edit_changes_nothing(cli: Run) -> None:
    start(cli)
    ok(cli("log", "3", "private_pilot"))
    for bad in (
        ["--action", "no_such_action"],
        ["--hours", "0"],
        ["--date", "2030-01-01"],
    ):
        result = cli("effort", "edit", "1", *bad)
        assert result.exit_code != 0, bad
        assert "Traceback" not in result.output
    assert doc(cli, "effort", "list")["effort"][0]["hours"] == 3.0
    assert corrections(cli) == []
    missing = cli("effort", "delete", "99")
    assert missing.exit_code != 0 and "no effort entry 99" in missing.output


def test_attempt_edit_fixes_a_result_date_and_delete(cli: Run) -> None:
    start(cli)
    ok(cli("attempt", "add", "NASA 2028 call", "--date", "2028-03-10"))
    ok(cli("attempt", "result", "NASA 2028 call", "rejected", "--date", "2028-06-01"))
    bad = cli("attempt", "edit", "NASA 2028 call", "--decided", "2028-01-01")
    assert bad.exit_code != 0 and "before applying" in bad.output
    ok(
        cli(
            "attempt",
            "edit",
            "NASA 2028 call",
            "--name",
            "NASA 2028",
            "--feedback",
            "x",
        )
    )
    [a] = doc(cli, "attempt", "list")["attempts"]
    assert (a["name"], a["outcome"], a["feedback"]) == ("NASA 2028", "rejected", "x")
    ok(cli("attempt", "edit", str(a["id"]), "--outcome", "pending"))
    [a] = doc(cli, "attempt", "list")["attempts"]
    assert (a["outcome"], a["decided"]) == ("pending", None)
    ok(cli("attempt", "delete", "NASA 2028"))
    assert doc(cli, "attempt", "list")["attempts"] == []
    kinds = [(c["kind"], c["change"]) for c in corrections(cli)]
    assert kinds == [("attempt", "edit")] * 2 + [("attempt", "delete")]


def test_evidence_and_supporter_corrections(cli: Run) -> None:
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
    bad = cli("evidence", "edit", "1", "--have", "12")
    assert bad.exit_code != 0 and "--have" in bad.output
    ok(cli("evidence", "edit", "1", "--have", "10", "--note", "recounted"))
    [ev] = doc(cli, "evidence", "list")["evidence"]
    assert (ev["have"], ev["of"], ev["note"]) == (10, 11, "recounted")
    ok(cli("evidence", "edit", "1", "--no-counts"))
    assert doc(cli, "evidence", "list")["evidence"][0]["have"] is None
    ok(cli("evidence", "delete", "1"))
    assert doc(cli, "evidence", "list")["evidence"] == []

    ok(cli("supporter", "add", "Miss Young", "--role", "teacher"))
    [s] = doc(cli, "supporter", "list")["supporters"]
    ok(cli("supporter", "edit", str(s["id"]), "--contribution", "believed in me"))
    assert doc(cli, "supporter", "list")["supporters"][0]["contribution"] == (
        "believed in me"
    )
    blank = cli("supporter", "edit", str(s["id"]), "--name", "  ")
    assert blank.exit_code != 0
    ok(cli("supporter", "delete", str(s["id"])))
    assert doc(cli, "supporter", "list")["supporters"] == []
    kinds = [(c["kind"], c["change"]) for c in corrections(cli)]
    assert kinds == [
        ("evidence", "edit"),
        ("evidence", "edit"),
        ("evidence", "delete"),
        ("supporter", "edit"),
        ("supporter", "delete"),
    ]


def test_review_shows_corrections(cli: Run) -> None:
    start(cli)
    ok(cli("attempt", "add", "NASA 2024", "--date", "2024-03-01"))
    ok(cli("attempt", "result", "NASA 2024", "rejected", "--date", "2024-06-01"))
    ok(cli("log", "3", "private_pilot"))
    ok(cli("effort", "edit", "1", "--hours", "4"))
    review = doc(cli, "review")
    assert [c["text"] for c in review["corrections"]] == [
        "effort 1 edited: hours 3 → 4"
    ]
    assert "effort 1 edited: hours 3 → 4" in ok(cli("review")).output


def test_goal_use_keeps_one_goal_active(cli: Run) -> None:
    ok(cli("goal", "new", "First"))
    out = ok(cli("goal", "new", "Second")).output
    assert "strive goal use 1" in out
    goals = {g["id"]: g["status"] for g in doc(cli, "goal", "list")["goals"]}
    assert goals == {1: "paused", 2: "active"}
    ok(cli("goal", "use", "1"))
    goals = {g["id"]: g["status"] for g in doc(cli, "goal", "list")["goals"]}
    assert goals == {1: "active", 2: "paused"}
    assert doc(cli, "goal", "show")["title"] == "First"
    ok(cli("goal", "achieve", "--reason", "done"))
    again = cli("goal", "use", "1")
    assert again.exit_code != 0 and "achieved" in again.output
    missing = cli("goal", "use", "9")
    assert missing.exit_code != 0 and "no goal 9" in missing.output


def test_goal_limits_change_only_what_is_given(cli: Run) -> None:
    ok(cli("goal", "new", "Fly", "--hours-per-week", "20", "--months-away", "1"))
    ok(cli("goal", "limits", "--money", "5000"))
    limits = doc(cli, "goal", "show")["limits"]
    assert limits == {
        "hours_per_week": 20.0,
        "money": 5000.0,
        "months_away": 1.0,
        "max_parallel": 2,
    }
    ok(cli("goal", "limits", "--max-parallel", "3", "--clear", "months-away"))
    limits = doc(cli, "goal", "show")["limits"]
    assert (limits["max_parallel"], limits["months_away"], limits["money"]) == (
        3,
        None,
        5000.0,
    )
    bad = cli("goal", "limits", "--hours-per-week", "0")
    assert bad.exit_code != 0
    assert doc(cli, "goal", "show")["limits"]["hours_per_week"] == 20.0
    wrong = cli("goal", "limits", "--clear", "hours")
    assert wrong.exit_code != 0 and "--clear" in wrong.output
