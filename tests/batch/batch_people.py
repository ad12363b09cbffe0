"""Helpers shared by the batch tests (imported by name: conftest puts this folder on
sys.path, as tests/route does for its cases)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from strive.batch.synthetic import synthetic_people
from strive.templates import load_cohort, load_template

START = dt.date(2026, 12, 1)
TODAY = START.isoformat()


def people_rows(n: int, seed: int = 7) -> list[dict[str, str]]:
    """A synthetic NASA caseload (see strive.batch.synthetic)."""
    template = load_template("nasa-astronaut")
    return list(synthetic_people(load_cohort(template), template.traits, n, seed))


def write_csv(path: Path, rows: Iterable[dict[str, str]]) -> Path:
    rows = list(rows)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path
