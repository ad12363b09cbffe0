"""You against the selected: the NASA cohort, José around 1992."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from chart_xml import assert_clean, texts

from conftest import Journey
from strive.charts import gap_charts, trait_chart
from strive.cohort import Cohort
from strive.gap import GapReport, analyze_gap
from strive.template import Template
from strive.traits import Value


def _recount(cohort: Cohort, trait: str) -> Counter[str]:
    """Values of the selected counted row by row (independently of the engine)."""
    selected = cohort.only_selected()
    column = selected.column(trait)
    counted: Counter[str] = Counter()
    for row in range(selected.size):
        value = selected.values(row)[trait]
        if value is None:
            continue
        if isinstance(value, frozenset):
            counted.update(value)
        elif isinstance(value, bool):
            counted["yes" if value else "no"] += 1
        else:
            counted[str(value)] += 1
    assert column.trait.name == trait
    return counted


def test_every_trait_chart_is_clean_svg(report: GapReport, cohort: Cohort) -> None:
    charts = gap_charts(report, cohort)
    assert len(charts) == len(report.traits)
    for chart, figure in zip(charts, report.traits, strict=True):
        assert_clean(chart.svg, chart.alt)
        assert figure.label in texts(chart.svg)
        assert str(figure.n) in chart.alt


def test_number_marks_your_value_with_n(report: GapReport, cohort: Cohort) -> None:
    figure = next(t for t in report.traits if t.trait == "age")
    chart = trait_chart(report, cohort, "age")
    drawn = texts(chart.svg)
    assert "you: 30 years" in drawn
    assert any(f"known for {figure.known} of {figure.n} selected" in t for t in drawn)
    assert f"n = {figure.known}" in chart.alt and f"of {figure.n}" in chart.alt
    assert "at or above 15% of the selected" in chart.alt
    counts = [int(row[1]) for row in chart.rows]
    assert sum(counts) == figure.known
    marked = [row for row in chart.rows if row[3] == "you"]
    assert len(marked) == 1
    low, high = (float(x) for x in marked[0][0].split("–"))
    assert low <= 30 <= high
    ages = [
        cohort.only_selected().values(r)["age"]
        for r in range(cohort.only_selected().size)
    ]
    known = [a for a in ages if a is not None]
    in_bin = sum(low <= a < high for a in known)  # type: ignore[operator]
    assert int(marked[0][1]) == in_bin


@pytest.mark.parametrize("trait", ["degree_level", "degree_field", "military"])
def test_shares_per_value_equal_a_recount(
    report: GapReport, cohort: Cohort, trait: str
) -> None:
    chart = trait_chart(report, cohort, trait)
    recount = _recount(cohort, trait)
    table = {row[0]: int(row[1]) for row in chart.rows}
    assert {k: v for k, v in table.items() if v} == dict(recount)
    figure = next(t for t in report.traits if t.trait == trait)
    yours = [row[0] for row in chart.rows if row[3] == "you"]
    assert yours == [figure.you_text]
    assert f"n = {figure.known}" in chart.alt
    assert "◀ you" in " ".join(texts(chart.svg))  # a word, not colour alone


def test_set_trait_marks_each_member_you_have(
    report: GapReport, cohort: Cohort
) -> None:
    chart = trait_chart(report, cohort, "languages")
    table = {row[0]: int(row[1]) for row in chart.rows}
    assert table == dict(_recount(cohort, "languages"))
    assert [row[0] for row in chart.rows if row[3] == "you"] == ["spanish"]
    assert "you have english, spanish" in chart.alt


def test_unknown_value_is_said_not_marked(
    nasa: Template, cohort: Cohort, jose: dict[str, Value | None]
) -> None:
    report = analyze_gap(nasa, cohort, {**jose, "age": None, "military": None})
    for trait in ("age", "military"):
        chart = trait_chart(report, cohort, trait)
        assert "your value is unknown" in chart.alt
        assert "your value: unknown" in texts(chart.svg)
        assert not [row for row in chart.rows if row[3]]


def test_trait_nobody_has_a_value_for_is_unknown_not_zero(
    report: GapReport, cohort: Cohort
) -> None:
    figure = next(t for t in report.traits if t.known == 0)
    chart = trait_chart(report, cohort, figure.trait)
    assert chart.rows == ()
    assert f"unknown for all {figure.n} selected" in texts(chart.svg)
    assert "not known for any" in chart.alt


def test_a_different_cohort_is_refused(report: GapReport, cohort: Cohort) -> None:
    with pytest.raises(ValueError, match="pass the cohort the report"):
        trait_chart(report, cohort.between(2000, None), "age")
    with pytest.raises(KeyError):
        trait_chart(report, cohort, "no_such_trait")


def test_hostile_source_text_is_escaped(report: GapReport, cohort: Cohort) -> None:
    hostile = replace(
        report,
        traits=tuple(
            replace(t, source="<script>x</script> & Co") for t in report.traits
        ),
    )
    chart = trait_chart(hostile, cohort, "degree_level")
    assert "<script" not in chart.svg
    assert "&lt;script&gt;x&lt;/script&gt; &amp; Co" in chart.svg
    assert "<script>x</script> & Co" in " ".join(texts(chart.svg))  # wrapped lines


def test_same_input_same_svg(report: GapReport, cohort: Cohort) -> None:
    assert trait_chart(report, cohort, "age") == trait_chart(report, cohort, "age")


def test_a_workspace_gap_report_charts_with_its_cohort(journey: Journey) -> None:
    """The web path: ``ws.gap()`` and ``concat([ctx.cohort, *ctx.imported])``."""
    charts = gap_charts(journey.gap, journey.cohort)
    by_trait = dict(zip((t.trait for t in journey.gap.traits), charts, strict=True))
    scuba = by_trait["scuba"]  # recorded open_water on 2025-01-24
    assert [row[0] for row in scuba.rows if row[3] == "you"] == ["open_water"]
    assert f"of {journey.gap.cohort.selected}" in scuba.alt


def test_a_category_none_of_them_had_is_shown_as_zero(
    nasa: Template, cohort: Cohort, jose: dict[str, Value | None]
) -> None:
    report = analyze_gap(nasa, cohort, {**jose, "birthplace": "ZZ"}, model=None)
    chart = trait_chart(report, cohort, "birthplace")
    assert chart.rows[-1] == ("ZZ", "0", "0%", "you")
    assert "yours is ZZ, as for 0 of the selected" in chart.alt
    drawn = texts(chart.svg)
    assert "ZZ" in drawn  # drawn as its own bar, not hidden in "other"
    assert "0 (0%)  ◀ you" in drawn
    assert sum(t.startswith("other (") for t in drawn) == 1
