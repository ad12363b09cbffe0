"""Batch rows equal what ``strive gap`` and ``strive route`` give each person alone.

A sample of 20 synthetic people is put through the single-person path (a Workspace
per person on a real SQLite file: goal, profile, ``gap()``, ``plan()``) and through
``run_partition``; every headline, gap and route figure must be the same.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from batch_people import START, people_rows

from strive.batch import InputRow, build_context, run_partition
from strive.goal import Limits
from strive.storage import Store
from strive.templates import load_cohort, load_template
from strive.workspace import Workspace

CASES = {
    # Tight limits and a deadline: some routes are blocked, some gaps do not fit.
    "tight": (
        Limits(hours_per_week=15, money=60000, months_away=3),
        dt.date(2032, 6, 1),
    ),
    # Generous limits: most gaps fit, so the "top 5 gaps" cut-off is reached.
    "generous": (Limits(hours_per_week=60, max_parallel=6), None),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_batch_equals_the_single_person_commands(tmp_path: Path, case: str) -> None:
    LIMITS, DEADLINE = CASES[case]
    template = load_template("nasa-astronaut")
    context = build_context(
        template, load_cohort(template), limits=LIMITS, start=START, deadline=DEADLINE
    )
    people = people_rows(18, seed=11 if case == "tight" else 12)
    # Two people far from everyone: more closable gaps than the route's top 5.
    far = {**people[0], "us_citizen": "yes", "degree_level": "bachelor",
           "degree_field": "other", "military": "no", "pilot_certificate": "no",
           "scuba": "none", "languages": "english", "test_pilot_school": "no",
           "jet_pic_hours": "0", "experience_years": "3", "passes_physical": "yes",
           "wilderness_first_responder": "no", "phd_years": "0"}  # fmt: skip
    people += [{**far, "name": "far-1"}, {**far, "name": "far-2", "age": "41"}]
    results, errors = run_partition(
        context, [InputRow(i + 2, row) for i, row in enumerate(people)]
    )
    assert not errors
    assert len(results) == 20
    store = Store.open(tmp_path / "single.db")
    kinds = set()
    for person, batch in zip(people, results, strict=True):
        ws = Workspace(store, person=person["name"], today=START)
        ws.new_goal("Astronaut", "nasa-astronaut", target_date=DEADLINE, limits=LIMITS)
        cells = {
            k: v for k, v in person.items() if k not in ("name", "year") and v != ""
        }
        if cells:
            ws.set_traits(cells)
        report = ws.gap()
        route = ws.plan(save=False)
        where = person["name"]
        assert batch.id == where
        assert batch.coverage == report.headline.value, where
        assert batch.coverage_n == report.headline.n, where
        assert report.reach is not None
        assert batch.reach_hours == report.reach.value, where
        assert batch.top_gaps == tuple(
            i.condition for i in report.they_have_you_dont[:5]
        ), where
        assert batch.requirements_unmet == tuple(
            r.name for r in report.requirements if r.status == "unmet"
        )
        assert batch.requirements_unknown == tuple(
            r.name for r in report.requirements if r.status == "unknown"
        )
        assert batch.actions == route.actions, where
        assert batch.feasible == route.feasible, where
        assert batch.optimal == route.optimal, where
        assert batch.effort_hours == route.totals.effort_hours, where
        assert batch.money == route.totals.money, where
        assert batch.months == route.totals.months, where
        assert batch.months_away == route.totals.months_away, where
        assert batch.cost == route.totals.cost, where
        assert batch.blocked_by == route.blocked_by, where
        assert batch.open_items == tuple(o.text for o in route.open_items), where
        single = route.to_json()
        doc = json.loads(batch.route)
        assert doc["totals"] == single["totals"], where
        assert doc["actions"] == single["actions"], where
        assert doc["milestones"] == single["milestones"], where
        kinds.add((batch.feasible, bool(batch.actions), batch.coverage is None))
    # The sample is not all one kind of person: routes with actions, and at least
    # one other case (blocked, nothing to add, or nothing known).
    assert (True, True, False) in kinds
    assert len(kinds) >= 2, kinds
