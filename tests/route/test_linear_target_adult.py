"""LinearTarget on the adult-income traits: exact against brute force (the oracle's
own cost, effects and score, not the planner's).

The shape of bench/bench_dice.py in miniature: a grow-only education level (one step
per target level, one group), one-hot categories changed by ``set`` actions and hours
per week raised by binary ``add`` pieces, against a logistic model over levels,
numbers and one-hot categories.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

import oracle
import pytest

from strive.actions import Action, Catalogue, Effect
from strive.goal import Limits
from strive.route import CostWeights, LinearTarget, plan_route
from strive.template import Template
from strive.templates import load_template
from strive.traits import Value

START = dt.date(2026, 1, 1)
LIMITS = Limits(hours_per_week=40)
WEIGHTS = CostWeights()
MODEL = LinearTarget(
    {
        "age": 0.03,
        "education": 0.35,
        "hours_per_week": 0.03,
        "occupation=exec-managerial": 0.8,
        "occupation=prof-specialty": 0.55,
        "occupation=other-service": -0.8,
        "workclass=federal-gov": 0.45,
        "workclass=self-emp-not-inc": -0.5,
        "marital_status=married-civ-spouse": 1.2,
    },
    intercept=-8.0,
    threshold=0.5,
    margin=1e-6,
)


@pytest.fixture(scope="module")
def adult() -> Template:
    return load_template("adult-income")


def _act(
    name: str, effect: Effect, effort: float, months: float, group: str = ""
) -> Action:
    return Action(
        name, name, (effect,), months, effort, 0.0, money_sourced=False, group=group
    )


def _catalogue(adult: Template, education: str) -> Catalogue:
    levels = list(adult.traits["education"].levels)
    here = levels.index(education)
    actions = [
        _act(
            f"edu_{to}",
            Effect("education", "set", to),
            2080.0 * (i + 1) / 2,
            6.0 * (i + 1),
            "education",
        )
        for i, to in enumerate(levels[here + 1 : here + 5])
    ]
    for occupation in ("exec-managerial", "prof-specialty", "sales"):
        effect = Effect("occupation", "set", occupation)
        actions.append(_act(f"occ_{occupation}", effect, 520.0, 6.0))
    for workclass in ("federal-gov", "private"):
        effect = Effect("workclass", "set", workclass)
        actions.append(_act(f"wc_{workclass}", effect, 260.0, 3.0))
    for k in (1, 2, 4, 8):
        effect = Effect("hours_per_week", "add", float(k))
        actions.append(_act(f"hours_plus_{k}", effect, 52.0 * k, 0.0))
    return Catalogue.of(actions)


def _brute(
    adult: Template, catalogue: Catalogue, values: dict[str, Value | None]
) -> float | None:
    best: float | None = None
    actions = list(catalogue)
    for r in range(len(actions) + 1):
        for subset in itertools.combinations(actions, r):
            setters = [e.trait for a in subset for e in a.effects if e.op == "set"]
            if len(setters) != len(set(setters)):
                continue  # one education step, one occupation, one work class
            state = dict(values)
            for action in subset:
                state = oracle.apply(adult.traits, action, state)
            if oracle.score(adult.traits, MODEL, state) < MODEL.logit_needed():
                continue
            cost = sum(oracle.cost(a, WEIGHTS, LIMITS.hours_per_week) for a in subset)
            best = cost if best is None else min(best, cost)
    return best


@pytest.mark.parametrize(
    ("education", "occupation", "workclass", "married", "hours"),
    [
        ("hs-grad", "other-service", "private", True, 40.0),
        ("some-college", "sales", "self-emp-not-inc", True, 30.0),
        ("bachelors", "adm-clerical", "private", False, 45.0),
        ("11th", "craft-repair", "local-gov", True, 50.0),
        ("hs-grad", "other-service", "private", False, 20.0),
    ],
)
def test_linear_target_is_exact_on_adult_traits(
    adult: Template,
    education: str,
    occupation: str,
    workclass: str,
    married: bool,
    hours: float,
) -> None:
    values: dict[str, Value | None] = {
        "age": 40.0,
        "education": education,
        "workclass": workclass,
        "occupation": occupation,
        "marital_status": "married-civ-spouse" if married else "never-married",
        "hours_per_week": hours,
    }
    catalogue = _catalogue(adult, education)
    best = _brute(adult, catalogue, values)
    route = plan_route(
        catalogue,
        adult.traits,
        values,
        targets=[MODEL],
        limits=LIMITS,
        start=START,
        alternatives=False,
    )
    if best is None:
        assert not route.feasible
        assert route.status == "infeasible"
        return
    assert route.feasible and route.optimal
    assert math.isclose(route.totals.cost, best, rel_tol=1e-9, abs_tol=1e-9)
    state = dict(values)
    for step in route.steps:
        state = oracle.apply(adult.traits, catalogue[step.action], state)
    assert oracle.score(adult.traits, MODEL, state) >= MODEL.logit_needed()
