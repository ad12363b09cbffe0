"""Reach: the least effort to match at least k of the selected (strive.reach)."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strive.actions import Action, Catalogue
from strive.cohort import Cohort, CohortSource
from strive.errors import TraitValueError
from strive.gap import coverage_history, matching
from strive.goal import Limits
from strive.profile import Profile
from strive.reach import (
    REACH_WEIGHTS,
    Reacher,
    compute_reach,
    headline_history,
    reach_history,
)
from strive.template import Template, parse_template
from strive.templates import load_cohort, load_template
from strive.traits import TraitSet, Value

START = dt.date(2024, 1, 1)
LIMITS = Limits(hours_per_week=40)
SOURCE = CohortSource("Tiny selected (test)")

TEMPLATE: dict[str, Any] = {
    "template": {"name": "tiny", "title": "Tiny"},
    "traits": [
        {"name": "pilot", "kind": "bool", "mutability": "grow_only"},
        {"name": "diver", "kind": "bool", "mutability": "grow_only"},
        {
            "name": "degree",
            "kind": "level",
            "values": ["none", "bachelor", "master", "phd"],
            "mutability": "grow_only",
        },
        {"name": "languages", "kind": "set", "mutability": "grow_only"},
        {"name": "field", "kind": "category", "values": ["stem", "other"]},
        {"name": "age", "kind": "number", "mutability": "fixed"},
        {
            "name": "gender",
            "kind": "category",
            "values": ["female", "male"],
            "sensitive": True,
        },
    ],
    "actions": [
        _a := {
            "name": "pilot_licence",
            "effects": ["pilot"],
            "effort_hours": 70,
            "duration_months": 1,
            "sources": ["made up"],
        },
        {**_a, "name": "scuba", "effects": ["diver"], "effort_hours": 24},
        {**_a, "name": "master", "effects": ["degree=master"], "effort_hours": 900},
        {**_a, "name": "phd", "effects": ["degree=phd"], "effort_hours": 2500},
        {
            **_a,
            "name": "russian",
            "effects": ["languages+=russian"],
            "effort_hours": 600,
        },
        {**_a, "name": "french", "effects": ["languages+=french"], "effort_hours": 400},
        {
            **_a,
            "name": "astro_bootcamp",
            "effects": ["pilot", "diver"],
            "effort_hours": 80,
        },
        {**_a, "name": "retrain", "effects": ["field=stem"], "effort_hours": 300},
    ],
}
T = parse_template(TEMPLATE)
TRAITS = T.traits

PEOPLE: list[dict[str, Value | None]] = [
    {
        "pilot": True,
        "diver": True,
        "degree": "master",
        "languages": frozenset({"english"}),
        "field": "stem",
        "age": 35.0,
        "gender": "female",
    },
    {
        "pilot": True,
        "diver": False,
        "degree": "bachelor",
        "languages": frozenset({"english", "russian"}),
        "field": "stem",
        "age": 38.0,
        "gender": "male",
    },
    {
        "pilot": False,
        "diver": True,
        "degree": "phd",
        "languages": None,
        "field": "other",
        "age": 41.0,
        "gender": "male",
    },
    {
        "pilot": None,
        "diver": None,
        "degree": "master",
        "languages": frozenset({"english", "french"}),
        "field": "stem",
        "age": None,
        "gender": None,
    },
    {
        "pilot": True,
        "diver": True,
        "degree": "bachelor",
        "languages": frozenset(),
        "field": "other",
        "age": 30.0,
        "gender": "female",
    },
]
NAMES = ["Ada", "Ben", "Cal", "Dee", "Eve"]
COHORT = Cohort.from_records(TRAITS, PEOPLE, SOURCE, [2000] * 5, NAMES)

ME: dict[str, Value | None] = {
    "pilot": False,
    "diver": False,
    "degree": "bachelor",
    "languages": frozenset({"english"}),
    "field": "stem",
    "age": 36.0,
    "gender": "male",
}


def _rank(trait: Any, value: Any) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if trait.levels:
        return float(list(trait.levels).index(value))
    return float(value)


def _after(
    traits: TraitSet, values: Mapping[str, Value | None], actions: Sequence[Action]
) -> dict[str, Value | None]:
    """Every action's effects, written here (not Action.apply): ``set`` never lowers
    a grow-only yes/no, number or level; ``include`` adds a set member."""
    out = dict(values)
    for action in actions:
        for effect in action.effects:
            trait, old = traits[effect.trait], out.get(effect.trait)
            if effect.op == "include":
                out[effect.trait] = (old or frozenset()) | {effect.value}
                continue
            new = (old or 0.0) + effect.value if effect.op == "add" else effect.value
            lowers = (
                trait.mutability.value == "grow_only"
                and trait.kind.value in ("bool", "number", "level")
                and old is not None
                and _rank(trait, new) < _rank(trait, old)
            )
            out[effect.trait] = old if lowers else new
    return out


def _matched(
    cohort: Cohort,
    traits: TraitSet,
    me: Mapping[str, Value | None],
    cache: dict[tuple[Any, ...], int] | None = None,
) -> int:
    """How many people you match or exceed on every non-sensitive trait they share
    (written here, not gap.matching): an unknown on either side passes; a fixed
    number passes inside the cohort's known range, a fixed category when someone
    had it; sets by inclusion, categories by equality, the rest by order."""
    key = tuple(sorted(me.items()))
    if cache is not None and key in cache:
        return cache[key]  # many subsets of actions end in the same state
    people = [cohort.values(row) for row in range(cohort.size)]
    compared = [t for t in traits if not t.sensitive and t.name in cohort.columns]
    seen = {
        t.name: [p[t.name] for p in people if p[t.name] is not None] for t in compared
    }
    count = 0
    for person in people:
        ok = True
        for trait in compared:
            mine, theirs = me.get(trait.name), person.get(trait.name)
            if mine is None or theirs is None:
                continue
            known = seen[trait.name]
            if trait.kind.value == "set":
                ok = ok and theirs <= mine  # type: ignore[operator]
            elif trait.mutability.value == "fixed" and trait.kind.value == "category":
                ok = ok and mine in known
            elif trait.mutability.value == "fixed":
                ok = ok and min(known) <= mine <= max(known)  # type: ignore[operator]
            elif trait.kind.value == "category":
                ok = ok and mine == theirs
            else:
                ok = ok and _rank(trait, mine) >= _rank(trait, theirs)
        count += ok
    if cache is not None:
        cache[key] = count
    return count


def brute_force(
    catalogue: Catalogue,
    traits: TraitSet,
    values: Mapping[str, Value | None],
    cohort: Cohort,
    k: int,
    actions: Sequence[Action] | None = None,
) -> float | None:
    """Least effort over every subset of actions (no limits bind, no growth)."""
    pool = list(actions if actions is not None else catalogue)
    best: float | None = None
    cache: dict[tuple[Any, ...], int] = {}
    for size in range(len(pool) + 1):
        for subset in itertools.combinations(pool, size):
            cost = sum(a.effort_hours for a in subset)
            if best is not None and cost >= best:
                continue
            if _matched(cohort, traits, _after(traits, values, subset), cache) >= k:
                best = cost
    return best


def test_the_brute_force_matcher_agrees_with_matching() -> None:
    for me in (ME, *PEOPLE):
        assert _matched(COHORT, TRAITS, me) == int(matching(COHORT, TRAITS, me).sum())


def reach(values: Mapping[str, Value | None], k: int, **kw: Any) -> Any:
    return compute_reach(
        T, TRAITS, values, COHORT, k=k, limits=LIMITS, start=START, **kw
    )


def test_reach_is_zero_when_you_already_match_k() -> None:
    me = {**ME, "pilot": True, "diver": True, "degree": "master"}
    me["languages"] = frozenset({"english", "french"})
    assert _matched(COHORT, TRAITS, me) >= 2
    result = reach(me, 2)
    assert result.value == 0.0
    assert result.feasible and result.optimal
    assert result.route_actions == ()
    assert len(result.matched) == 2
    assert result.to_json()["value"] == 0.0


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
@pytest.mark.parametrize(
    "me",
    [
        ME,
        {**ME, "field": "other", "languages": frozenset()},
        {**ME, "degree": None, "pilot": True},
        {**ME, "age": 39.0, "languages": None},
    ],
)
def test_reach_equals_brute_force(me: dict[str, Value | None], k: int) -> None:
    expected = brute_force(T.catalogue, TRAITS, me, COHORT, k)
    result = reach(me, k)
    if expected is None:
        assert not result.feasible and result.value is None
        return
    assert result.feasible and result.optimal and result.complete
    assert result.value == pytest.approx(expected)
    assert result.effort_hours == pytest.approx(expected)
    assert result.matched_after >= k and len(result.matched) == k


def test_fixed_traits_out_of_range_leave_only_unknown_ages() -> None:
    # Ages 30-41 observed; at 60 only Dee (age unknown) can ever be matched.
    result = reach({**ME, "age": 60.0}, 2)
    assert not result.feasible and result.value is None
    one = reach({**ME, "age": 60.0}, 1)
    assert one.feasible and one.matched == ("Dee",)


_levels = ["none", "bachelor", "master", "phd"]
_me = st.fixed_dictionaries(
    {
        "pilot": st.booleans(),
        "diver": st.booleans(),
        "degree": st.sampled_from(_levels[:3]),
        "languages": st.frozensets(st.sampled_from(["english", "russian"])),
        "field": st.sampled_from(["stem", "other"]),
        "age": st.sampled_from([31.0, 36.0, 50.0]),
        "gender": st.sampled_from(["female", "male"]),
    }
)


def _gain(me: dict[str, Value | None], which: int) -> dict[str, Value | None]:
    out = dict(me)
    if which == 0:
        out["pilot"] = True
    elif which == 1:
        out["diver"] = True
    elif which == 2:
        degree = me["degree"]
        assert isinstance(degree, str)
        out["degree"] = _levels[_levels.index(degree) + 1]
    else:
        langs = me["languages"]
        assert isinstance(langs, frozenset)
        out["languages"] = langs | {"french"}
    return out


def _inf(value: float | None) -> float:
    return math.inf if value is None else value


@settings(max_examples=25, deadline=None)
@given(_me, st.integers(0, 3), st.integers(1, 4))
def test_gaining_a_trait_never_increases_reach(
    me: dict[str, Value | None], which: int, k: int
) -> None:
    before = reach(me, k)
    after = reach(_gain(me, which), k)
    assert _inf(after.value) <= _inf(before.value) + 1e-9


@settings(max_examples=15, deadline=None)
@given(_me, st.integers(1, 4))
def test_a_sensitive_trait_changes_nothing(me: dict[str, Value | None], k: int) -> None:
    other = {**me, "gender": "female" if me["gender"] == "male" else "male"}
    assert reach(me, k).to_json() == reach(other, k).to_json()
    assert reach({**me, "gender": None}, k).to_json() == reach(me, k).to_json()


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "pilot": st.sampled_from([None, True, False]),
                "degree": st.sampled_from([None, *_levels]),
                "languages": st.one_of(
                    st.none(), st.frozensets(st.sampled_from(["en", "ru", "fr"]))
                ),
                "field": st.sampled_from([None, "stem", "other"]),
            }
        ),
        min_size=1,
        max_size=12,
    ),
    _me,
)
def test_merged_people_need_the_same(
    records: list[dict[str, Value | None]], me: dict[str, Value | None]
) -> None:
    """People merged into one group ask exactly the same of you."""
    cohort = Cohort.from_records(TRAITS, records, SOURCE)
    reacher = Reacher(T, TRAITS, cohort, candidates=50)
    needed = [
        t for t in reacher.used if t.name in ("pilot", "degree", "languages", "field")
    ]
    rows = np.arange(cohort.size)
    _, counts, members = reacher.groups(rows, needed, me)
    assert sum(counts) == cohort.size
    profiles = [
        [reacher.profile(int(r), needed, me) for r in group] for group in members
    ]
    for group in profiles:
        assert all(p == group[0] for p in group)
    firsts = [group[0] for group in profiles]
    assert all(a != b for a, b in itertools.combinations(firsts, 2))


def test_few_candidates_is_an_upper_bound() -> None:
    exact = reach(ME, 3)
    narrow = reach(ME, 3, candidates=1)
    assert not narrow.complete and not narrow.optimal
    assert _inf(narrow.value) >= _inf(exact.value)
    assert any("nearest distinct profiles" in note for note in narrow.notes)


def test_weights_change_the_unit_and_the_definition() -> None:
    from strive.route import CostWeights

    result = reach(ME, 1, weights=CostWeights(hours=1, money=0.02, months=4))
    assert result.unit == "cost"
    assert "weighted cost" in result.definition
    plain = reach(ME, 1)
    assert plain.weights == REACH_WEIGHTS and plain.unit == "hours"
    assert (
        "at least 1 of the selected in Tiny selected (test) (n=5)" in plain.definition
    )


def test_bad_k_is_refused() -> None:
    with pytest.raises(TraitValueError):
        reach(ME, 0)


def test_headline_and_json_shape() -> None:
    result = reach(ME, 2)
    doc = result.to_json()
    assert set(doc) >= {
        "name", "value", "unit", "definition", "text", "k", "n", "matched",
        "route_actions", "feasible", "optimal", "complete", "considered",
    }  # fmt: skip
    line = result.headline()
    assert line.name == "reach" and line.value == result.value
    assert line.to_json()["definition"] == result.definition


def test_history_tracks_coverage_and_reach() -> None:
    d1, d2 = dt.date(2020, 1, 1), dt.date(2022, 1, 1)
    profile = Profile.from_values(TRAITS, ME, d1).set(TRAITS["pilot"], True, d2)
    reached = reach_history(profile, T, TRAITS, COHORT, k=2, limits=LIMITS)
    assert [d for d, _ in reached] == [d1, d2]
    assert _inf(reached[1][1]) <= _inf(reached[0][1])
    both = headline_history(profile, T, TRAITS, COHORT, k=2, limits=LIMITS)
    assert [p.reach for p in both] == [r for _, r in reached]
    assert [p.coverage for p in both] == [
        c for _, c in coverage_history(profile, COHORT, TRAITS)
    ]
    assert both[0].to_json()["date"] == "2020-01-01"


# ------------------------------------------------------------------ real data (NASA)


@pytest.fixture(scope="module")
def nasa() -> tuple[Template, Cohort]:
    template = load_template("nasa-astronaut")
    return template, load_cohort(template)


JOSE: dict[str, Value | None] = {
    "us_citizen": True,
    "age": 31.0,
    "degree_level": "bachelor",
    "degree_field": "stem",
    "military": False,
    "pilot_certificate": False,
    "experience_years": 8.0,
    "jet_pic_hours": 0.0,
    "languages": frozenset({"english", "spanish"}),
    "scuba": "none",
    "gender": "male",
    "birthplace": "CA",
}


@pytest.mark.parametrize("k", [3, 20, 60])
def test_nasa_reach_equals_brute_force(nasa: tuple[Template, Cohort], k: int) -> None:
    template, cohort = nasa
    traits = template.traits
    compared = {t.name for t in traits if t.comparable and t.name in cohort.columns}
    relevant = [
        a for a in template.catalogue if any(e.trait in compared for e in a.effects)
    ]
    expected = brute_force(template.catalogue, traits, JOSE, cohort, k, relevant)
    result = compute_reach(
        template, traits, JOSE, cohort, k=k, limits=Limits(hours_per_week=40),
        start=dt.date(1993, 1, 1),
    )  # fmt: skip
    assert result.n == cohort.size
    if expected is None:
        assert not result.feasible
        return
    assert result.feasible and result.optimal
    assert result.value == pytest.approx(expected)
    assert result.matched_after >= k
    assert "selected in NASA astronauts" in result.definition
