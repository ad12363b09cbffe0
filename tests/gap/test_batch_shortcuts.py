"""The gap engine's per-person shortcuts used by ``strive batch`` give the same bits.

``GapAnalyzer.lines`` against ``compare``, :class:`strive.gap.coverage.Matcher`
against :func:`strive.gap.matching`, and the look-alike index's direct lookups and
cached vectors against the joint tables built afresh per query, on random people of
the shipped templates (with unknown values and a category no one in the cohort has).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strive.gap.lookalikes as lookalikes
from strive.batch.synthetic import synthetic_people
from strive.gap import GapAnalyzer, matching
from strive.gap.coverage import Matcher
from strive.templates import load_cohort, load_template, parse_cell
from strive.traits import Kind, Value

TEMPLATES = ("nasa-astronaut", "graduate-admissions")


@cache
def _fitted(name: str) -> GapAnalyzer:
    template = load_template(name)
    return GapAnalyzer(k=5, model="logistic").fit(
        load_cohort(template), template=template, traits=template.traits
    )


def _people(name: str, seed: int, n: int) -> Iterator[dict[str, Value | None]]:
    """Synthetic people, some values made unknown and some categories foreign."""
    template = load_template(name)
    rng = random.Random(seed)
    for cells in synthetic_people(load_cohort(template), template.traits, n, seed):
        values: dict[str, Value | None] = {}
        for trait in template.traits:
            cell = cells.get(trait.name, "")
            values[trait.name] = parse_cell(trait, cell) if cell else None
            if rng.random() < 0.15:
                values[trait.name] = None
            elif trait.kind is Kind.CATEGORY and rng.random() < 0.1:
                values[trait.name] = "not-in-the-cohort"
        yield values


@pytest.mark.parametrize("name", TEMPLATES)
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_lines_are_the_reports_parts(name: str, seed: int) -> None:
    analyzer = _fitted(name)
    for values in _people(name, seed, 8):
        lines = analyzer.lines(values)
        report = analyzer.compare(values)
        assert lines.requirements == report.requirements
        assert lines.they_have_you_dont == report.they_have_you_dont
        assert lines.headline == report.headline
        expected = matching(analyzer.selected_, analyzer.compared_, values)
        assert np.array_equal(lines.matched, expected)


@pytest.mark.parametrize("name", TEMPLATES)
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_matcher_is_matching(name: str, seed: int) -> None:
    analyzer = _fitted(name)
    cohort = analyzer.cohort_  # selected and not: both outcomes' rows
    traits = analyzer.compared_
    fixed = [t for t in traits if t.mutability.name == "FIXED"]
    whole, only_fixed = Matcher(cohort, traits), Matcher(cohort, fixed)
    for values in _people(name, seed, 8):
        assert np.array_equal(whole(values), matching(cohort, traits, values))
        assert np.array_equal(only_fixed(values), matching(cohort, fixed, values))


def test_matcher_with_nothing_known_passes_everyone() -> None:
    analyzer = _fitted("nasa-astronaut")
    matcher = Matcher(analyzer.selected_, analyzer.compared_)
    assert matcher({}).all()
    lines = analyzer.lines({})
    assert lines.headline == analyzer.compare({}).headline
    assert lines.headline.value is None  # nothing known: unknown, not 100%


@pytest.mark.parametrize("name", TEMPLATES)
def test_direct_lookups_give_the_joint_tables_bits(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = _fitted(name).index_
    people = list(_people(name, 5, 40))
    seen: dict[bool, list[tuple[bytes, ...]]] = {}
    for fast in (True, False):
        monkeypatch.setattr(lookalikes, "_FAST", fast)
        index._weights.clear()  # the per-pattern counts too are rebuilt each way
        out = []
        for values in people:
            dist, weight = index.distances(values)
            rows, near, counts = index.kneighbors(values, 5)
            had = tuple(c.text() for r in rows for c in index.had(int(r), values))
            out.append(
                (
                    dist.tobytes(),
                    weight.tobytes(),
                    rows.tobytes(),
                    near.tobytes(),
                    counts.tobytes(),
                    repr(had).encode(),
                )
            )
        seen[fast] = out
    assert seen[True] == seen[False]


def test_small_cohorts_look_up_each_trait() -> None:
    """The NASA cohort (387 selected) is below its joint tables' sizes: direct."""
    index = _fitted("nasa-astronaut").index_
    assert index.groups_
    assert all(g.member_codes is not None for g in index.groups_)
    for group in index.groups_:
        assert group.member_codes is not None
        assert len(group.member_codes) == len(group.members)
