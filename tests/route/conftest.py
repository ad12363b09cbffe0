"""Fixtures for the route planner tests: the NASA template and José's early 1990s."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

# The oracle and the case builder are plain modules beside the tests (the suite runs
# with --import-mode=importlib, without packages); bench/bench_route.py adds the
# same folder to sys.path.
sys.path.insert(0, str(Path(__file__).parent))

from strive.conditions import Condition
from strive.template import Template, Window
from strive.templates import load_template
from strive.traits import Value


@pytest.fixture(scope="session")
def nasa() -> Template:
    return load_template("nasa-astronaut")


@pytest.fixture
def jose() -> dict[str, Value | None]:
    """José Hernández around 1992: MS ECE, at LLNL since 1987, not a pilot or diver."""
    return {
        "us_citizen": True,
        "age": 30.0,
        "degree_level": "master",
        "degree_field": "stem",
        "phd_years": 0.0,
        "test_pilot_school": False,
        "experience_years": 5.0,
        "jet_pic_hours": 0.0,
        "military": False,
        "pilot_certificate": False,
        "scuba": "none",
        "languages": frozenset({"english", "spanish"}),
        "wilderness_first_responder": False,
        "passes_physical": None,
    }


@pytest.fixture
def jose_targets(nasa: Template) -> list[Condition]:
    return [
        Condition.parse(text, nasa.traits)
        for text in ("pilot_certificate", "scuba>=open_water", "languages>=3")
    ]


@pytest.fixture
def yearly_windows() -> list[Window]:
    """One NASA call a year, 1993-2004 (illustrative; NASA then took applications
    on a continuous basis)."""
    return [
        Window(f"NASA {y} call", dt.date(y, 3, 1), dt.date(y, 6, 30))
        for y in range(1993, 2005)
    ]
