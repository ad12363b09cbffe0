"""Fixtures for the batch tests: the NASA context and a synthetic caseload file."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from batch_people import START, people_rows, write_csv

from strive.batch import BatchContext, build_context
from strive.goal import Limits
from strive.templates import load_cohort, load_template


@pytest.fixture(scope="session")
def nasa_context() -> BatchContext:
    template = load_template("nasa-astronaut")
    return build_context(template, load_cohort(template), limits=Limits(), start=START)


@pytest.fixture
def people_csv(tmp_path: Path) -> Callable[..., Path]:
    def make(n: int = 30, seed: int = 7, name: str = "people.csv") -> Path:
        return write_csv(tmp_path / name, people_rows(n, seed))

    return make
