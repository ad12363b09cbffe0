"""Charts drawn once per distinct inputs and language, equal to a fresh drawing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from strive.i18n import use_locale
from strive.web import charts as web_charts
from strive.workspace import Workspace

charts = pytest.importorskip("strive.charts", reason="the charts lane's package")

TODAY = dt.date(2026, 1, 15)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    ws = Workspace.open(tmp_path / "c.db", today=TODAY)
    ws.new_goal("Astronaut", "nasa-astronaut")
    ws.set_traits(
        {"us_citizen": "yes", "age": "34", "degree_level": "bachelor"},
        when=dt.date(2025, 6, 1),
    )
    return ws


def test_a_route_chart_is_drawn_once_and_equals_a_fresh_one(ws: Workspace) -> None:
    windows = ws.context().template.windows
    route = ws.plan(save=False)
    first = web_charts.route(route, windows)
    assert web_charts.route(ws.plan(save=False), windows) is first  # equal inputs
    assert first == charts.route_chart(route, windows)  # svg, alt and table
    with use_locale("es"):
        spanish = web_charts.route(route, windows)
        assert spanish == charts.route_chart(route, windows)
    assert spanish is not first and spanish.alt != first.alt


def test_another_route_gets_its_own_chart(ws: Workspace) -> None:
    windows = ws.context().template.windows
    before = ws.plan(save=False)
    first = web_charts.route(before, windows)
    ws.log(5, before.steps[0].action, when=TODAY)
    after = ws.plan(save=False)
    assert after != before
    second = web_charts.route(after, windows)
    assert second is not first
    assert second == charts.route_chart(after, windows)


def test_an_abridged_input_is_never_kept() -> None:
    """NumPy abridges long arrays with '...': such inputs are drawn every time."""
    first = web_charts.drawn("headline_chart", [], n=3, source="a ... b")
    again = web_charts.drawn("headline_chart", [], n=3, source="a ... b")
    assert again is not first and again == first
    kept = web_charts.drawn("headline_chart", [], n=3, source="a b")
    assert web_charts.drawn("headline_chart", [], n=3, source="a b") is kept


def test_the_route_page_words_equal_the_drawn_chart(ws: Workspace) -> None:
    """The page shows the alt text and table without drawing; they are the chart's."""
    windows = ws.context().template.windows
    route = ws.plan(save=False)
    words = web_charts.route_words(route, windows)
    chart = charts.route_chart(route, windows)
    assert (words.alt, words.headers, words.rows) == (
        chart.alt,
        chart.headers,
        chart.rows,
    )
    assert words.rows  # the route has steps
