"""The route as a Gantt chart, from a route planned on a real database."""

from __future__ import annotations

import pytest
from chart_xml import assert_clean, outside, texts

from conftest import Journey
from strive import i18n
from strive.charts import route_chart
from strive.i18n import _


def test_table_equals_steps_milestones_and_windows(journey: Journey) -> None:
    route = journey.route
    chart = route_chart(route, journey.windows)
    assert_clean(chart.svg, chart.alt)
    steps = [r for r in chart.rows if r[1] == "step"]
    assert steps == [
        (
            s.label,
            "step",
            s.start.isoformat(),
            s.end.isoformat(),
            f"{round(s.effort_hours):,}",
        )
        for s in route.steps
    ]
    applies = [r for r in chart.rows if r[1] == "application"]
    assert [r[2] for r in applies] == [
        m.when.isoformat() for m in route.milestones if m.kind == "apply"
    ]
    windows = [r for r in chart.rows if r[1] == "application window"]
    assert [r[0] for r in windows] == [w.name for w in journey.windows]
    assert len(chart.rows) == len(route.steps) + len(route.milestones) + len(windows)


def test_labels_and_legend_are_text(journey: Journey) -> None:
    chart = route_chart(journey.route, journey.windows)
    drawn = texts(chart.svg)
    for step in journey.route.steps:
        assert any(t.startswith(step.label[:40]) for t in drawn)
    assert {"application window", "apply", "step done"} <= set(drawn)
    total = journey.route.totals.effort_hours
    assert f"{len(journey.route.steps)} steps" in chart.alt
    assert f"{round(total):,} hours" in chart.alt


def test_windows_outside_the_route_are_left_out(journey: Journey) -> None:
    import datetime as dt

    from strive.template import Window

    old = Window("NASA 1990 call", dt.date(1990, 3, 1), dt.date(1990, 6, 30))
    chart = route_chart(journey.route, (old, *journey.windows))
    assert "NASA 1990 call" not in [r[0] for r in chart.rows]


def test_same_input_same_svg(journey: Journey) -> None:
    one = route_chart(journey.route, journey.windows)
    assert one == route_chart(journey.route, journey.windows)


def test_an_empty_or_infeasible_route_says_so(journey: Journey) -> None:
    from dataclasses import replace

    empty = replace(journey.route, steps=(), milestones=())
    chart = route_chart(empty)
    assert chart.rows == ()
    assert chart.alt == "The route has no steps: nothing to plan."
    assert "no steps: nothing to plan" in texts(chart.svg)
    blocked = replace(empty, feasible=False, blocked_by=("months_away",))
    chart = route_chart(blocked)
    # The limit as a person reads it (strive.vocabulary.limit), not its id.
    assert chart.alt == "No route fits your limits (blocked by: months away from home)."
    assert "no route fits your limits" in texts(chart.svg)


@pytest.mark.parametrize("locale", ["en", "es"])
def test_every_word_lies_inside_the_picture(journey: Journey, locale: str) -> None:
    """The legend's Spanish row was wider than the figure and stuck out on both
    sides (and squeezed the axes so a step's label ran off the right edge)."""
    with i18n.use_locale(locale):
        chart = route_chart(journey.route, journey.windows)
        legend = {_("application window"), _("apply"), _("step done")}
    assert legend <= set(texts(chart.svg))
    assert outside(chart.svg) == []
