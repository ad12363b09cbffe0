"""The headline over time, from Workspace.history()."""

from __future__ import annotations

import datetime as dt

from chart_xml import assert_clean, texts

from conftest import Journey
from strive.charts import headline_chart
from strive.reach import HeadlinePoint


def test_table_equals_the_points_and_alt_gives_n(journey: Journey) -> None:
    points = journey.history
    assert len(points) >= 2
    chart = headline_chart(points, n=journey.selected, source=journey.source)
    assert_clean(chart.svg, chart.alt)
    assert chart.headers == ("Date", "Coverage", "Reach (hours)")
    assert [row[0] for row in chart.rows] == [p.when.isoformat() for p in points]
    for row, point in zip(chart.rows, points, strict=True):
        assert point.coverage is not None
        assert row[1] == f"{point.coverage * 100:.0f}%"
    assert f"n = {journey.selected} selected" in chart.alt
    assert any(str(journey.selected) in t for t in texts(chart.svg))


def test_unknown_is_shown_as_unknown(journey: Journey) -> None:
    first = journey.history[0]
    blank = HeadlinePoint(first.when - dt.timedelta(days=30), None, None)
    chart = headline_chart(
        (blank, *journey.history), n=journey.selected, source=journey.source
    )
    assert chart.rows[0] == (blank.when.isoformat(), "unknown", "unknown")
    assert texts(chart.svg).count("unknown") == 2  # one per panel, never a 0
    assert "unknown on 1 dates" in chart.alt or "unknown on 1 date" in chart.alt


def test_same_input_same_svg(journey: Journey) -> None:
    args = (journey.history,)
    one = headline_chart(*args, n=journey.selected, source=journey.source)
    assert one == headline_chart(*args, n=journey.selected, source=journey.source)
