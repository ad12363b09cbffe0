from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings

from strive.gap import summarize, wilson
from strive.gap.stats import trait_figure
from strive.template import parse_template

from .conftest import TEMPLATE, build, people, person


def test_wilson_matches_published_values() -> None:
    # Newcombe (1998), Statistics in Medicine 17:857, table I: 81/263 -> 0.2553-0.3662
    low, high = wilson(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    assert wilson(0, 0) == (0.0, 1.0)
    low, high = wilson(0, 10)
    assert low == 0.0 and 0.27 < high < 0.31
    low, high = wilson(10, 10)
    assert high == 1.0 and 0.69 < low < 0.73


@settings(max_examples=60, deadline=None)
@given(people, person)
def test_shares_equal_direct_counts(records: list[dict[str, Any]], me: Any) -> None:
    cohort = build(records)
    traits = parse_template(TEMPLATE).traits
    for trait in traits:
        summary = summarize(cohort, trait)
        known = [r[trait.name] for r in records if r[trait.name] is not None]
        assert summary.known == len(known)
        assert summary.n == len(records)
        figure = trait_figure(summary, me[trait.name], "src", display_only=False)
        assert figure.known == len(known)
        if not known:
            continue
        if trait.kind == "bool":
            assert figure.share == pytest.approx(sum(known) / len(known))
        elif trait.kind in ("number", "level") and me[trait.name] is not None:
            mine = trait.order_key(me[trait.name])
            at_most = sum(trait.order_key(v) <= mine for v in known)
            assert figure.percentile == pytest.approx(at_most / len(known))
        elif trait.kind == "category" and me[trait.name] is not None:
            same = sum(v == me[trait.name] for v in known)
            assert figure.share == pytest.approx(same / len(known))
        elif trait.kind == "set":
            for member in figure.members:
                direct = sum(member.member in v for v in known)
                assert member.have == direct
            if me[trait.name] is not None:
                included = sum(v <= me[trait.name] for v in known)
                assert figure.share == pytest.approx(included / len(known))
        if figure.interval is not None:
            low, high = figure.interval
            assert 0.0 <= low <= high <= 1.0
            shown = figure.share if figure.share is not None else figure.percentile
            assert shown is not None and low - 1e-9 <= shown <= high + 1e-9


def test_missing_is_counted_not_false(cohort: Any) -> None:
    traits = parse_template(TEMPLATE).traits
    summary = summarize(cohort, traits["pilot_certificate"])
    figure = trait_figure(summary, False, "src", display_only=False)
    # 4 yes, 1 no, 1 unknown: 4 of 5 known, never 4 of 6
    assert (figure.known, figure.n) == (5, 6)
    assert figure.share == pytest.approx(0.8)
    assert figure.to_json()["known_text"] == "known for 5 of 6"


def test_quartiles_of_levels_are_level_names(cohort: Any) -> None:
    traits = parse_template(TEMPLATE).traits
    summary = summarize(cohort, traits["degree_level"])
    figure = trait_figure(summary, "bachelor", "src", display_only=False)
    assert figure.quartiles == ("master", "master", "phd")
    assert figure.percentile == pytest.approx(1 / 6)
    assert not math.isnan(figure.percentile or math.nan)


def test_display_only_rows_carry_no_comparison(cohort: Any) -> None:
    traits = parse_template(TEMPLATE).traits
    summary = summarize(cohort, traits["gender"])
    figure = trait_figure(summary, "male", "src", display_only=True)
    assert figure.share is None and figure.interval is None
    assert figure.you == "male"


@settings(max_examples=60, deadline=None)
@given(people)
def test_level_quartiles_equal_numpys_inverted_cdf(
    records: list[dict[str, Any]],
) -> None:
    import numpy as np

    traits = parse_template(TEMPLATE).traits
    trait = traits["degree_level"]
    known = [trait.order_key(r["degree_level"]) for r in records if r["degree_level"]]
    summary = summarize(build(records), trait)
    if not known:
        assert summary.quartiles is None
        return
    expected = np.percentile(known, [25, 50, 75], method="inverted_cdf")
    assert summary.quartiles == tuple(float(x) for x in expected)
