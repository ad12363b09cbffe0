"""``strive batch`` plans with a template's ``[[continuous]]`` actions, as
``strive route`` does.

On a labelled test copy of graduate-admissions with two continuous actions (TOEFL
points in steps, CGPA without a step), every person's batch row equals what the
single-person commands give them (a Workspace each, on a real SQLite file), and the
sample has routes that add an amount of each, so a batch that ignored them would
differ. A continuous action is a number to raise, not a course a school teaches, so
the pilot never picks one as an offer; naming one with ``--offer`` is refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from batch_people import START, continuous_template, write_csv

from strive.batch import InputRow, build_context, run_partition
from strive.batch.engines import assess_file, choose_offers
from strive.batch.synthetic import synthetic_people
from strive.errors import InputError
from strive.goal import Limits
from strive.storage import Store
from strive.templates import load_cohort, load_template
from strive.workspace import Workspace

LIMITS = Limits(hours_per_week=20)
CONTINUOUS = {"toefl_prep", "cgpa_push"}


def _people(n: int, seed: int) -> list[dict[str, str]]:
    template = load_template("graduate-admissions")
    return list(synthetic_people(load_cohort(template), template.traits, n, seed))


def test_batch_routes_use_continuous_actions_as_the_single_commands(
    tmp_path: Path,
) -> None:
    path = continuous_template(tmp_path)
    template = load_template(str(path))
    context = build_context(template, load_cohort(template), limits=LIMITS, start=START)
    people = _people(12, seed=3)
    results, errors = run_partition(
        context, [InputRow(i + 2, row) for i, row in enumerate(people)]
    )
    assert not errors and len(results) == len(people)
    store = Store.open(tmp_path / "single.db")
    used: set[str] = set()
    for person, batch in zip(people, results, strict=True):
        ws = Workspace(store, person=person["name"], today=START)
        ws.new_goal("Admission", str(path), limits=LIMITS)
        ws.set_traits(
            {k: v for k, v in person.items() if k not in ("name", "year") and v}
        )
        report = ws.gap()
        route = ws.plan(save=False)
        where = person["name"]
        assert batch.coverage == report.headline.value, where
        assert batch.top_gaps == tuple(
            i.condition for i in report.they_have_you_dont[:5]
        ), where
        assert batch.actions == route.actions, where
        assert batch.feasible == route.feasible, where
        assert batch.effort_hours == route.totals.effort_hours, where
        assert batch.money == route.totals.money, where
        assert batch.cost == route.totals.cost, where
        assert batch.action_hours == tuple(s.effort_hours for s in route.steps), where
        single = route.to_json()
        doc = json.loads(batch.route)
        assert doc["actions"] == single["actions"], where
        assert doc["totals"] == single["totals"], where
        used.update(a["name"] for a in doc["actions"] if "amount" in a)
    assert used == CONTINUOUS  # both kinds are on some route: not a vacuous check


def test_the_pilot_offers_only_catalogued_actions(tmp_path: Path) -> None:
    path = continuous_template(tmp_path)
    template = load_template(str(path))
    context = build_context(template, load_cohort(template), limits=LIMITS, start=START)
    source = write_csv(tmp_path / "people.csv", _people(40, seed=3))
    offers = choose_offers(context, source, count=5, pilot=40)
    assert offers and not CONTINUOUS & set(offers)
    assert set(offers) <= {a.name for a in template.catalogue}


def test_a_continuous_action_cannot_be_offered(tmp_path: Path) -> None:
    path = continuous_template(tmp_path)
    source = write_csv(tmp_path / "people.csv", _people(3, seed=3))
    out = tmp_path / "results.parquet"
    with pytest.raises(InputError, match="toefl_prep") as raised:
        assess_file(
            str(path), source, out, limits=LIMITS, start=START, offer=("toefl_prep",)
        )
    assert raised.value.where == "--offer"
    assert not out.exists()


def test_strive_batch_writes_the_continuous_amounts(tmp_path: Path) -> None:
    path = continuous_template(tmp_path)
    people = _people(12, seed=3)
    source = write_csv(tmp_path / "people.csv", people)
    out = tmp_path / "results.parquet"
    summary = assess_file(
        str(path), source, out, limits=LIMITS, start=START, workers=1, offers=0
    )
    assert summary.written == len(people)
    rows = pq.read_table(out).to_pylist()
    template = load_template(str(path))
    context = build_context(template, load_cohort(template), limits=LIMITS, start=START)
    direct, _ = run_partition(
        context, [InputRow(i + 2, row) for i, row in enumerate(people)]
    )
    assert [r["actions"] for r in rows] == [list(r.actions) for r in direct]
    amounts = [
        a["amount"] for r in rows for a in json.loads(r["route"])["actions"]
        if a["name"] in CONTINUOUS
    ]  # fmt: skip
    assert amounts and all(a > 0 for a in amounts)
