"""Targets beyond requirements, infeasibility explanations, batch and export."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import oracle
import pytest

from strive.conditions import Condition
from strive.goal import Limits
from strive.route import (
    LinearTarget,
    LookalikeTarget,
    plan_batch,
    plan_route,
    write_parquet,
)
from strive.route.schedule import age
from strive.template import Template
from strive.traits import Value

START = dt.date(2026, 1, 1)


def test_time_grows_experience_until_the_deadline(nasa: Template) -> None:
    values: dict[str, Value | None] = {
        "us_citizen": True,
        "degree_level": "master",
        "degree_field": "stem",
        "experience_years": 0.5,
        "jet_pic_hours": 0.0,
        "passes_physical": True,
    }
    early = plan_route(
        nasa.catalogue,
        nasa.traits,
        values,
        requirements=nasa.requirements,
        limits=Limits(months_away=1),
        start=START,
        deadline=dt.date(2027, 1, 1),
    )
    assert not early.feasible
    relax = {r.limit: r for r in early.relaxation}
    assert dt.date.fromisoformat(str(relax["deadline"].needed)) >= dt.date(2027, 7, 1)
    later = plan_route(
        nasa.catalogue,
        nasa.traits,
        values,
        requirements=nasa.requirements,
        limits=Limits(months_away=1),
        start=START,
        deadline=dt.date(2028, 1, 1),
    )
    assert later.feasible and later.steps == ()


def test_money_relaxation_is_the_least_needed(nasa: Template) -> None:
    values: dict[str, Value | None] = {"pilot_certificate": False, "age": 30.0}
    target = Condition.parse("pilot_certificate", nasa.traits)
    route = plan_route(
        nasa.catalogue,
        nasa.traits,
        values,
        targets=[target],
        limits=Limits(money=5000),
        start=START,
    )
    assert not route.feasible and route.blocked_by == ("money",)
    assert route.relaxation[0].needed == 13000


def test_hours_relaxation_with_a_deadline(nasa: Template) -> None:
    values: dict[str, Value | None] = {"languages": frozenset({"english"})}
    target = Condition.parse("languages has russian", nasa.traits)
    route = plan_route(
        nasa.catalogue,
        nasa.traits,
        values,
        targets=[target],
        limits=Limits(hours_per_week=5),
        start=START,
        deadline=dt.date(2027, 7, 1),
    )
    assert not route.feasible
    relax = {r.limit: r for r in route.relaxation}
    needed = float(relax["hours_per_week"].needed)
    weeks = (dt.date(2027, 7, 1) - START).days / 7
    assert needed == math.ceil(1100 / weeks) or needed == math.ceil(1100 / weeks) + 1


def test_fixed_trait_blocks_outright(nasa: Template) -> None:
    values: dict[str, Value | None] = {"age": 30.0}
    target = Condition.parse("age<=25", nasa.traits)
    route = plan_route(
        nasa.catalogue,
        nasa.traits,
        values,
        targets=[target],
        limits=Limits(),
        start=START,
    )
    assert not route.feasible
    assert "fixed" in route.blocked_by[0] and route.relaxation == ()


def test_lookalikes_match_k_selected_people(nasa: Template, jose) -> None:  # type: ignore[no-untyped-def]
    selected = [
        {"pilot_certificate": True, "degree_level": "master", "military": True},
        {"scuba": "advanced", "degree_level": "master", "degree_field": "stem"},
        {"languages": frozenset({"russian"}), "degree_level": "master"},
    ]
    target = LookalikeTarget(selected, k=2)
    route = plan_route(
        nasa.catalogue,
        nasa.traits,
        jose,
        targets=[target],
        limits=Limits(months_away=1),
        start=START,
    )
    assert route.feasible and route.optimal
    state = dict(jose)
    for step in route.steps:
        state = oracle.apply(nasa.traits, nasa.catalogue[step.action], state)
    matched = sum(
        all(oracle.holds(nasa.traits, c, state) is True for c in alt)
        for alt in target.alternatives(nasa.traits)
    )
    assert matched >= 2


def test_linear_model_target_is_reached_exactly(nasa: Template, jose) -> None:  # type: ignore[no-untyped-def]
    model = LinearTarget(
        {
            "pilot_certificate": 1.5,
            "scuba": 0.8,
            "languages has russian": 1.0,
            "degree_field=medicine": 2.0,
            "jet_pic_hours": 0.001,
        },
        intercept=-3.0,
        threshold=0.5,
        margin=0.05,
    )
    route = plan_route(
        nasa.catalogue,
        nasa.traits,
        jose,
        targets=[model],
        limits=Limits(months_away=1),
        start=START,
    )
    assert route.feasible and route.optimal
    state = dict(jose)
    for step in route.steps:
        state = oracle.apply(nasa.traits, nasa.catalogue[step.action], state)
    assert oracle.score(nasa.traits, model, state) >= model.logit_needed()
    assert oracle.score(nasa.traits, model, jose) < model.logit_needed()


def test_json_document_shape(nasa: Template, jose, jose_targets) -> None:  # type: ignore[no-untyped-def]
    route = plan_route(
        nasa.catalogue,
        nasa.traits,
        jose,
        requirements=nasa.requirements,
        targets=jose_targets,
        limits=Limits(months_away=1),
        start=START,
        windows=nasa.windows,
    )
    doc = route.to_json()
    for key in (
        "actions",
        "totals",
        "feasible",
        "optimal",
        "milestones",
        "alternatives",
        "open_items",
        "infeasible",
    ):
        assert key in doc
    for action in doc["actions"]:
        assert {"name", "start", "end", "effort_hours", "money"} <= set(action)
    assert doc["infeasible"] is None


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_in_order_and_parquet(
    nasa: Template,
    jose,
    jose_targets,
    tmp_path: Path,
    workers: int,  # type: ignore[no-untyped-def]
) -> None:
    people = []
    for i in range(40):
        person = {
            k: (sorted(v) if isinstance(v, frozenset) else v) for k, v in jose.items()
        }
        person["pilot_certificate"] = i % 2 == 0
        people.append(person)
    seen: list[int] = []
    routes = list(
        plan_batch(
            people,
            catalogue=nasa.catalogue,
            traits=nasa.traits,
            requirements=nasa.requirements,
            targets=jose_targets,
            limits=Limits(months_away=1),
            start=START,
            workers=workers,
            chunk_size=8,
            progress=seen.append,
        )
    )
    assert len(routes) == 40 and seen[-1] == 40
    for i, route in enumerate(routes):
        assert ("private_pilot" in route.actions) == (i % 2 == 1)
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "routes.parquet"
    assert write_parquet(routes, str(out)) == 40
    table = pq.read_table(out)
    assert table.num_rows == 40 and "actions" in table.column_names
    # Every row reads back as the route it came from, field by field.
    for row, route in zip(table.to_pylist(), routes, strict=True):
        assert row["feasible"] == route.feasible
        assert row["optimal"] == route.optimal
        assert row["actions"] == list(route.actions)
        assert row["cost"] == pytest.approx(route.totals.cost)
        assert row["effort_hours"] == pytest.approx(route.totals.effort_hours)
        assert row["end"] == (route.end if route.feasible else None)
        assert json.loads(row["route"]) == route.to_json()
    assert any(row["end"] is not None for row in table.to_pylist())


def test_age_helper_grows_only_growing_traits(nasa: Template) -> None:
    aged = age(nasa.traits, {"age": 30.0, "phd_years": 1.0}, 365.25)
    assert aged == {"age": 31.0, "phd_years": 1.0}
