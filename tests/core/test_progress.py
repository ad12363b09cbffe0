from __future__ import annotations

import datetime as dt

import pytest

from strive.effort import EffortEntry
from strive.errors import TraitValueError
from strive.progress import PlannedAction, compute_progress

D = dt.date


def plan() -> list[PlannedAction]:
    return [
        PlannedAction("a", "A", D(2026, 1, 1), D(2026, 3, 1), 80),
        PlannedAction("b", "B", D(2026, 2, 1), D(2026, 6, 1), 120),
    ]


def test_plan_versus_actual_and_forecast() -> None:
    effort = [
        EffortEntry("a", 10, D(2026, 1, 5)),
        EffortEntry("a", 10, D(2026, 1, 12)),
        EffortEntry("b", 5, D(2026, 2, 2)),
        EffortEntry("other", 3, D(2026, 1, 6)),
    ]
    p = compute_progress(plan(), effort, today=D(2026, 2, 5), window_weeks=8)
    by_name = {a.name: a for a in p.actions}
    assert by_name["a"].actual_hours == 20
    assert by_name["a"].status == "in progress"
    assert by_name["b"].planned_to_date == pytest.approx(120 * 4 / 120)
    assert p.unplanned_hours == 3
    # 25 hours over the 31 days since the first log -> pace per week
    assert p.pace_per_week == pytest.approx(25 / (31 / 7))
    assert p.forecast_finish == D(2026, 2, 5) + dt.timedelta(
        weeks=(200 - 25) / p.pace_per_week
    )
    doc = p.to_json()
    assert doc["totals"]["planned_hours"] == 200
    assert doc["totals"]["actual_hours"] == 25


def test_no_pace_no_forecast() -> None:
    p = compute_progress(plan(), [], today=D(2026, 2, 5))
    assert p.forecast_finish is None and p.pace_per_week == 0


def test_effort_must_be_positive() -> None:
    with pytest.raises(TraitValueError):
        EffortEntry("a", 0, D(2026, 1, 1))
