"""What offering one action does to each route equals re-planning by hand.

For a small caseload, ``run_partition`` re-plans everyone once per offered action.
Each figure is checked against the single-person path: a Workspace on a real SQLite
file whose profile records the action's effects and whose effort log has the
action finished, planned towards the same gaps as the person's route
(``plan(top=0, targets=route_gaps)``). The caseload report's offer lines are then
checked against counts made from those hand re-plans.
"""

from __future__ import annotations

import datetime as dt
import statistics
from pathlib import Path
from typing import Any

import pytest
from batch_people import START, people_rows, write_csv

from strive.batch import InputRow, build_context, run_partition
from strive.batch.caseload import caseload_report
from strive.batch.engines import assess_file, choose_offers
from strive.errors import InputError
from strive.goal import Limits
from strive.storage import Store
from strive.templates import load_cohort, load_template
from strive.traits import Value
from strive.workspace import Workspace

LIMITS = Limits(hours_per_week=15, money=60000, months_away=3)
DEADLINE = dt.date(2036, 6, 1)
OFFERS = ("learn_russian", "master_stem", "military_jet_pilot", "scuba_open_water")


def _cell(value: Value | None) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, frozenset):
        return ";".join(sorted(value)) if value else ";"
    if isinstance(value, float):
        return f"{value:.12g}"
    return "" if value is None else str(value)


def _workspace(store: Store, name: str, cells: dict[str, str]) -> Workspace:
    ws = Workspace(store, person=name, today=START)
    ws.new_goal("Astronaut", "nasa-astronaut", target_date=DEADLINE, limits=LIMITS)
    known = {k: v for k, v in cells.items() if k not in ("name", "year") and v != ""}
    if known:
        ws.set_traits(known)
    return ws


def test_offer_figures_equal_re_planning_each_person_by_hand(tmp_path: Path) -> None:
    template = load_template("nasa-astronaut")
    catalogue, traits = template.catalogue, template.traits
    context = build_context(
        template, load_cohort(template), limits=LIMITS, start=START,
        deadline=DEADLINE, offers=OFFERS,
    )  # fmt: skip
    people = people_rows(8, seed=5)
    results, errors = run_partition(
        context, [InputRow(i + 2, row) for i, row in enumerate(people)]
    )
    assert not errors and len(results) == len(people)
    store = Store.open(tmp_path / "single.db")
    by_hand: dict[str, dict[str, list[Any]]] = {
        a: {"days": [], "unblocked": [], "hours": []} for a in OFFERS
    }
    for person, batch in zip(people, results, strict=True):
        name = person["name"]
        assert tuple(o.action for o in batch.offers) == OFFERS
        # The person's route, re-planned by hand towards the gaps it closes.
        ws = _workspace(store, name, person)
        base = ws.plan(save=False, top=0, targets=batch.route_gaps)
        assert base.actions == batch.actions, name
        assert base.feasible == batch.feasible, name
        values = ws.context().values(START)
        for offer in batch.offers:
            action = catalogue[offer.action]
            cells = dict(person)
            for effect in action.effects:
                trait = traits[effect.trait]
                current = values.get(effect.trait)
                cells[effect.trait] = _cell(effect.apply(trait, current))
            ws = _workspace(store, f"{name}+{offer.action}", cells)
            left, day = action.effort_hours, START  # log it finished, 168 h a week
            while left > 0:
                ws.log(min(left, 168.0), offer.action, when=day)
                left, day = left - 168.0, day - dt.timedelta(days=7)
            alt = ws.plan(save=False, top=0, targets=batch.route_gaps)
            where = f"{name} offered {offer.action}"
            assert offer.feasible == alt.feasible, where
            if base.feasible and alt.feasible:
                assert offer.days == (base.end - alt.end).days, where
                hours = base.totals.effort_hours - alt.totals.effort_hours
                assert offer.hours == pytest.approx(hours), where
                if set(base.totals.money_unknown) == set(alt.totals.money_unknown):
                    money = base.totals.money - alt.totals.money
                    assert offer.money == pytest.approx(money), where
                else:
                    assert offer.money is None, where
                if offer.days > 0:
                    by_hand[offer.action]["days"].append(offer.days)
                if hours > 0:
                    by_hand[offer.action]["hours"].append(hours)
            else:
                assert offer.days is None and offer.hours is None, where
            if not base.feasible and alt.feasible:
                by_hand[offer.action]["unblocked"].append(name)

    report = caseload_report(r.to_row() for r in results)
    assert {o.action for o in report.offers} == set(OFFERS)
    for line in report.offers:
        hand = by_hand[line.action]
        assert line.n == len(people)
        assert line.earlier == len(hand["days"]), line.action
        assert line.unblocked == len(hand["unblocked"]), line.action
        assert line.days_total == sum(hand["days"])
        if hand["days"]:
            assert line.days_quartiles is not None
            assert line.days_quartiles[1] == statistics.median(hand["days"])
        assert line.hours_people == len(hand["hours"])
    moved = [o.moved for o in report.offers]
    assert moved == sorted(moved, reverse=True)
    # Not vacuous: some offer shortens a route, some person is blocked, and the
    # report's action lines carry the offer figures.
    assert any(hand["days"] for hand in by_hand.values())
    assert not all(r.feasible for r in results)
    assert report.to_json()["top_actions"][0]["if_offered"] is not None


def test_the_offers_are_the_pilot_s_most_common_actions(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    source = write_csv(tmp_path / "people.csv", people_rows(24, seed=9))
    out = tmp_path / "r.parquet"
    summary = assess_file(
        "nasa-astronaut", source, out, limits=Limits(), start=START, reach=False,
        workers=1, partition_size=7, offers=2, pilot=10,
    )  # fmt: skip
    rows = pq.read_table(out).to_pylist()
    counts: dict[str, int] = {}
    for row in rows[:10]:  # the pilot's people, planned the same way
        for action in set(row["actions"]):
            counts[action] = counts.get(action, 0) + 1
    ranked = sorted(counts, key=lambda a: (-counts[a], a))
    assert summary.offers == tuple(ranked[:2])
    assert all(row["offer_actions"] == list(summary.offers) for row in rows)
    template = load_template("nasa-astronaut")
    context = build_context(
        template, load_cohort(template), limits=Limits(), start=START
    )
    assert choose_offers(context, source, 0) == ()


def test_an_unknown_offer_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "people.csv", people_rows(3))
    out = tmp_path / "r.parquet"
    with pytest.raises(InputError) as caught:
        assess_file(
            "nasa-astronaut", source, out, limits=Limits(), start=START,
            offer=("underwater_basket_weaving",),
        )  # fmt: skip
    assert caught.value.where == "--offer"
    assert "underwater_basket_weaving" in caught.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]
