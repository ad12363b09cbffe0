"""Planned against actual effort, from a real effort log."""

from __future__ import annotations

from chart_xml import assert_clean, texts

from conftest import Journey
from strive.charts import effort_chart, needed_pace


def test_table_equals_the_plan_and_the_log(journey: Journey) -> None:
    progress = journey.progress
    chart = effort_chart(progress, journey.effort)
    assert_clean(chart.svg, chart.alt)
    table = {row[0]: row for row in chart.rows}
    finish = progress.planned_finish
    assert finish is not None
    assert table[finish.isoformat()][1] == f"{round(progress.planned_hours):,}"
    logged = sum(e.hours for e in journey.effort)
    assert table[progress.today.isoformat()][2] == f"{logged:g}"
    running = 0.0
    for entry in sorted(journey.effort, key=lambda e: e.when):
        running += entry.hours
        assert table[entry.when.isoformat()][2] == f"{running:g}"
    assert table[finish.isoformat()][2] == ""  # the future is not logged


def test_pace_needed_is_remaining_over_weeks_left(journey: Journey) -> None:
    progress = journey.progress
    pace = needed_pace(progress)
    assert progress.planned_finish is not None
    weeks = (progress.planned_finish - progress.today).days / 7
    assert pace == progress.remaining_hours / weeks
    chart = effort_chart(progress, journey.effort)
    assert f"needed: {pace:.1f} h/week" in texts(chart.svg)
    assert f"needs {pace:.1f} hours a week" in chart.alt
    assert {"planned", "you", "pace needed", "today"} <= set(texts(chart.svg))


def test_without_a_log_nothing_is_invented(journey: Journey) -> None:
    chart = effort_chart(journey.progress, ())
    assert "you: nothing logged yet" in texts(chart.svg)
    assert {row[2] for row in chart.rows} <= {"0", ""}


def test_same_input_same_svg(journey: Journey) -> None:
    one = effort_chart(journey.progress, journey.effort)
    assert one == effort_chart(journey.progress, journey.effort)
