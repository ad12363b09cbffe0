"""The attempts timeline: rejection with care, the selection marked, text escaped."""

from __future__ import annotations

from chart_xml import DOLLARS, HOSTILE, assert_clean, colours, is_red, texts

from conftest import Journey
from strive.attempts import Outcome
from strive.charts import attempts_chart
from strive.review import summarise_attempts


def test_table_equals_the_attempts(journey: Journey) -> None:
    chart = attempts_chart(journey.attempts, journey.today)
    assert_clean(chart.svg, chart.alt)
    assert chart.rows == (
        (HOSTILE, "2024-03-10", "not selected", "2024-09-30"),
        (DOLLARS, "2025-03-10", "selected", "2025-03-30"),
        ("NASA 2026 call", "2025-03-20", "pending", "not yet"),
    )
    assert chart.alt == (
        "3 attempts from 2024-03-10 to 2025-03-20; 1 not selected; selected in "
        f"{DOLLARS} on 2025-03-30; 1 pending."
    )


def test_rejection_is_a_word_in_neutral_colours(journey: Journey) -> None:
    chart = attempts_chart(journey.attempts, journey.today)
    drawn = texts(chart.svg)
    assert "not selected" in drawn and "selected" in drawn and "pending" in drawn
    assert "rejected" not in " ".join(drawn)
    assert not [c for c in colours(chart.svg) if is_red(c)]
    assert "#d62728" not in chart.svg.lower()


def test_only_rejections_are_never_red(journey: Journey) -> None:
    rejected = [a for a in journey.attempts.attempts if a.outcome is Outcome.REJECTED]
    chart = attempts_chart(summarise_attempts(rejected), journey.today)
    assert not [c for c in colours(chart.svg) if is_red(c)]
    assert texts(chart.svg).count("not selected") == 1


def test_user_text_is_escaped_and_literal(journey: Journey) -> None:
    chart = attempts_chart(journey.attempts, journey.today)
    assert "<script" not in chart.svg
    assert "R&amp;D &lt;script&gt;" in chart.svg
    assert any(t.startswith("R&D <script>alert(1)") for t in texts(chart.svg))
    # A $ pair is not typeset as mathematics: the text is drawn as typed.
    assert DOLLARS in texts(chart.svg)


def test_no_attempts_says_so(journey: Journey) -> None:
    chart = attempts_chart(summarise_attempts([]), journey.today)
    assert chart.rows == ()
    assert chart.alt == "No attempts recorded yet."
    assert "no attempts yet" in texts(chart.svg)


def test_same_input_same_svg(journey: Journey) -> None:
    one = attempts_chart(journey.attempts, journey.today)
    assert one == attempts_chart(journey.attempts, journey.today)
