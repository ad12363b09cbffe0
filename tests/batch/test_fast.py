"""``strive batch``'s per-person shortcuts (``BatchContext.fast``) change no result.

The fast path (gap lines without figures, one reach engine per context, the
route's last probe reused, direct look-alike lookups) is checked against the
earlier path on random synthetic people of both shipped templates with goals, and
its per-context cache against contexts that differ in cohort and limits.
"""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import replace

import pytest
from batch_people import START
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strive.batch import BatchContext, InputRow, build_context, run_partition
from strive.batch.synthetic import synthetic_people
from strive.goal import Limits
from strive.replan import route_with_gaps
from strive.templates import load_cohort, load_template

TIGHT = Limits(hours_per_week=15, money=60000, months_away=3)


def _rows(name: str, n: int, seed: int) -> list[InputRow]:
    template = load_template(name)
    people = synthetic_people(load_cohort(template), template.traits, n, seed)
    return [InputRow(i + 2, cells) for i, cells in enumerate(people)]


def _context(name: str, limits: Limits, deadline: dt.date | None) -> BatchContext:
    template = load_template(name)
    return build_context(
        template, load_cohort(template), limits=limits, start=START, deadline=deadline
    )


CONTEXTS = {
    ("nasa-astronaut", "generous"): _context("nasa-astronaut", Limits(), None),
    ("nasa-astronaut", "tight"): _context("nasa-astronaut", TIGHT, dt.date(2032, 6, 1)),
    ("graduate-admissions", "generous"): _context(
        "graduate-admissions", Limits(), None
    ),
}


def _rows_of(context: BatchContext, rows: list[InputRow]) -> list[dict[str, object]]:
    results, errors = run_partition(context, rows)
    assert not errors
    return [r.to_row() for r in results]


@pytest.mark.parametrize("key", sorted(CONTEXTS))
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 100_000))
def test_fast_rows_equal_the_earlier_path(key: tuple[str, str], seed: int) -> None:
    context = CONTEXTS[key]
    rows = _rows(key[0], 12, seed)
    assert _rows_of(context, rows) == _rows_of(replace(context, fast=False), rows)


def test_contexts_do_not_share_answers() -> None:
    """Each context builds its own reach engine; a context's answers are those of a
    fresh context with the same settings, whatever ran before in another."""
    rows = _rows("nasa-astronaut", 15, 3)
    generous = CONTEXTS[("nasa-astronaut", "generous")]
    tight = CONTEXTS[("nasa-astronaut", "tight")]
    grad = CONTEXTS[("graduate-admissions", "generous")]
    first = _rows_of(generous, rows)
    second = _rows_of(tight, rows)
    assert first != second  # the limits matter, so sharing would show
    assert generous.reacher()[0] is not tight.reacher()[0]
    assert generous.reacher()[0] is not grad.reacher()[0]
    assert grad.reacher()[0].selected.size != generous.reacher()[0].selected.size
    assert _rows_of(_context("nasa-astronaut", Limits(), None), rows) == first
    assert _rows_of(_context("nasa-astronaut", TIGHT, dt.date(2032, 6, 1)), rows) == (
        second
    )
    # A replaced context (other limits) starts with an empty cache of its own.
    other = replace(generous, limits=TIGHT, deadline=dt.date(2032, 6, 1))
    assert other._memo == {}
    assert _rows_of(other, rows) == second


def test_pickled_context_ships_without_its_cache() -> None:
    context = CONTEXTS[("nasa-astronaut", "generous")]
    rows = _rows("nasa-astronaut", 6, 9)
    before = _rows_of(context, rows)
    assert "reacher" in context._memo
    shipped = pickle.loads(pickle.dumps(context))
    assert shipped._memo == {}
    assert _rows_of(shipped, rows) == before
    assert "reacher" not in context.__getstate__()["_memo"]


def test_reach_engine_reuses_the_gap_pair_test_only_when_it_is_the_same() -> None:
    context = CONTEXTS[("nasa-astronaut", "generous")]
    reacher, same = context.reacher()
    assert same
    assert reacher.used == context.analyzer.compared_


@pytest.mark.parametrize("key", sorted(CONTEXTS))
def test_reused_probe_is_the_final_plan(key: tuple[str, str]) -> None:
    """Without alternatives the route is the last feasible probe: the same route
    as planning it again."""
    from strive.batch.partition import parse_row
    from strive.batch.person import _common

    context = CONTEXTS[key]
    template = context.template
    common = _common(context)
    for row in _rows(key[0], 10, 21):
        parsed = parse_row(context, row)
        assert isinstance(parsed, tuple)
        values = parsed[1]
        lines = context.analyzer.lines(values).they_have_you_dont
        routes = [
            route_with_gaps(
                template.catalogue,
                template.traits,
                values,
                lines,
                top=context.top,
                alternatives=False,
                reuse=reuse,
                **common,
            )
            for reuse in (True, False)
        ]
        assert routes[0] == routes[1]
        assert routes[0].to_json() == routes[1].to_json()
