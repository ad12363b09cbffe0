"""Results from the real engines for the chart tests.

The gap report comes from the NASA template and its shipped cohort; the route,
progress, attempts and headline history come from a Workspace on a fresh database
(once per backend: a SQLite file and a PostgreSQL database, ``session_backend``),
with user-typed text that would be markup if it were not escaped.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.conftest import new_database

# chart_xml.py (SVG helpers) sits beside the tests (the suite runs with
# --import-mode=importlib, without packages).
sys.path.insert(0, str(Path(__file__).parent))

from chart_xml import DOLLARS, HOSTILE

from strive.attempts import Outcome
from strive.cohort import Cohort, concat
from strive.effort import EffortEntry
from strive.gap import GapReport, analyze_gap
from strive.goal import Limits
from strive.progress import Progress
from strive.reach import HeadlinePoint
from strive.review import AttemptSummary
from strive.route import Route
from strive.template import Template, Window
from strive.templates import load_cohort, load_template
from strive.traits import Value
from strive.workspace import Workspace


@pytest.fixture(scope="session")
def nasa() -> Template:
    return load_template("nasa-astronaut")


@pytest.fixture(scope="session")
def cohort(nasa: Template) -> Cohort:
    return load_cohort(nasa)


@pytest.fixture(scope="session")
def jose() -> dict[str, Value | None]:
    """José Hernández around 1992 (as in tests/route)."""
    return {
        "us_citizen": True,
        "age": 30.0,
        "degree_level": "master",
        "degree_field": "stem",
        "experience_years": 5.0,
        "jet_pic_hours": 0.0,
        "military": False,
        "pilot_certificate": False,
        "scuba": "none",
        "languages": frozenset({"english", "spanish"}),
        "passes_physical": None,
    }


@pytest.fixture(scope="session")
def report(nasa: Template, cohort: Cohort, jose: dict[str, Value | None]) -> GapReport:
    return analyze_gap(nasa, cohort, jose, model=None)


@dataclass(frozen=True)
class Journey:
    route: Route
    windows: tuple[Window, ...]
    progress: Progress
    effort: tuple[EffortEntry, ...]
    attempts: AttemptSummary
    history: tuple[HeadlinePoint, ...]
    today: dt.date
    selected: int
    source: str
    gap: GapReport
    cohort: Cohort
    """The cohort ``gap`` was computed on (the template's plus imported classes)."""


@pytest.fixture(scope="session")
def journey(session_backend: str, request: pytest.FixtureRequest) -> Journey:
    db = new_database(request, session_backend, "charts")
    start = dt.date(2025, 1, 6)
    ws = Workspace.open(db, today=start)
    request.addfinalizer(ws.store.close)
    ws.new_goal(
        f"Become a NASA astronaut {HOSTILE}",
        "nasa-astronaut",
        limits=Limits(hours_per_week=10, months_away=1),
    )
    ws.set_traits(
        {
            "us_citizen": "yes",
            "age": "30",
            "degree_level": "master",
            "degree_field": "stem",
            "experience_years": "5",
            "jet_pic_hours": "0",
            "military": "no",
            "pilot_certificate": "no",
            "scuba": "none",
            "languages": "english,spanish",
            "passes_physical": "yes",
        },
        when=start,
    )
    windows = tuple(
        Window(f"NASA {y} call", dt.date(y, 3, 1), dt.date(y, 6, 30))
        for y in range(2025, 2029)
    )
    route = ws.plan(windows=windows)
    today = dt.date(2025, 4, 1)
    later = Workspace.open(db, today=today)
    request.addfinalizer(later.store.close)
    first = route.steps[0].action
    for i, when in enumerate(
        (dt.date(2025, 1, 10), dt.date(2025, 1, 20), dt.date(2025, 3, 1))
    ):
        later.log(3 + i, first, when=when, note=HOSTILE)
    later.set_traits({"scuba": "open_water"}, when=dt.date(2025, 1, 24))
    later.add_attempt(HOSTILE, dt.date(2024, 3, 10))
    later.record_result(HOSTILE, Outcome.REJECTED, when=dt.date(2024, 9, 30))
    later.add_attempt(DOLLARS, dt.date(2025, 3, 10))
    later.record_result(DOLLARS, Outcome.SELECTED, when=dt.date(2025, 3, 30))
    later.add_attempt("NASA 2026 call", dt.date(2025, 3, 20))
    gap = later.gap()
    ctx = later.context()
    return Journey(
        route=route,
        windows=windows,
        progress=later.progress(),
        effort=tuple(later.effort_log()),
        attempts=later.attempts(),
        history=tuple(later.history()),
        today=today,
        selected=gap.cohort.selected,
        source=gap.cohort.source,
        gap=gap,
        cohort=concat([ctx.cohort, *ctx.imported]),
    )
