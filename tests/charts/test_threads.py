"""Charts drawn from several threads at once (as a web server does) are the same as
charts drawn one at a time: matplotlib's global style is held for each drawing."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from conftest import Journey
from strive.charts import attempts_chart, effort_chart, route_chart, trait_chart
from strive.cohort import Cohort
from strive.gap import GapReport


def test_parallel_drawing_matches_serial(
    report: GapReport, cohort: Cohort, journey: Journey
) -> None:
    jobs = [
        lambda: trait_chart(report, cohort, "age"),
        lambda: trait_chart(report, cohort, "degree_level"),
        lambda: route_chart(journey.route, journey.windows),
        lambda: effort_chart(journey.progress, journey.effort),
        lambda: attempts_chart(journey.attempts, journey.today),
    ] * 2
    serial = [job() for job in jobs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda job: job(), jobs))
    assert parallel == serial
