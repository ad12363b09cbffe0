"""José's journey replays into a workspace the caller opened, with no output."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from strive.attempts import Outcome
from strive.demo import replay_journey
from strive.goal import GoalStatus
from strive.workspace import Workspace


def test_replay_writes_the_journey_for_the_chosen_person(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "web.db"
    today = dt.date(2026, 12, 1)
    ws = Workspace.open(db, person="jose", today=today)
    journey = replay_journey(ws)

    out = capsys.readouterr()
    assert out.out == "" and out.err == ""  # the pure part narrates nothing
    assert ws.today == today  # given back to the caller
    assert journey.final_attempts.line == (
        "12 attempts: 11 not selected, then selected"
    )
    assert [a.outcome for a in journey.early_attempts.attempts] == (
        [Outcome.REJECTED] * 6
    )
    # the route of the review closes what he found: a pilot's licence among them
    assert any("pilot" in name for name in journey.review.route.actions)
    assert journey.at_selection.to_json()["cohort"]["n"] > 0

    again = Workspace.open(db, person="jose")
    goals = again.goals()
    assert [g.status for g in goals] == [GoalStatus.ACHIEVED, GoalStatus.ACTIVE]
    assert goals[0].next_goal == journey.next_goal.id
    assert "Miss Young" in [s.name for s in journey.supporters]
    # another person in the same database sees none of it
    assert Workspace.open(db, person="someone else").goals() == []


def test_the_pure_part_imports_no_terminal_library() -> None:
    code = (
        "import sys, strive.demo; print(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('rich', 'typer')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_the_replay_record_equals_direct_counts(
    tmp_path: Path,
    fact_counts: Callable[[int, int], dict[str, tuple[int, int, int]]],
) -> None:
    journey = replay_journey(Workspace.open(tmp_path / "j.db"))
    for row in journey.record:
        what = {"pilot_certificate": "pilots", "scuba": "divers"}.get(
            row.trait, "languages"
        )
        assert (row.had, row.known, row.n) == fact_counts(*row.span)[what]
    langs = [r for r in journey.record if r.trait == "languages"]
    assert [r.two_or_more for r in langs] == [("Jose M. Hernandez",), ()]
    own = journey.own_class.to_json()["headline"]["value"]
    before = journey.own_class_at_review.to_json()["headline"]["value"]
    assert before is not None and own is not None and own > before
