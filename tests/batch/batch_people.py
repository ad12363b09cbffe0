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


CONTINUOUS = """
[[continuous]]
name = "toefl_prep"
label = "Prepare for the TOEFL"
trait = "toefl_score"
max_amount = 10
step = 1
hours_per_unit = 6
money_per_unit = 15
sources = ["test figure (tests/batch/batch_people.py)"]

[[continuous]]
name = "cgpa_push"
label = "Raise the CGPA"
trait = "cgpa"
max_amount = 1
hours_per_unit = 400
sources = ["test figure (tests/batch/batch_people.py)"]
"""
"""The continuous actions of tests/cli/test_route_continuous.py's test copy (no
shipped template has a grounded per-unit cost): TOEFL points in whole steps and
CGPA without a step."""


def continuous_template(folder: Path) -> Path:
    """A copy of graduate-admissions (labelled) with two ``[[continuous]]`` actions,
    and its cohort beside it."""
    import shutil

    import strive

    data = Path(strive.__file__).parent
    text = (data / "templates" / "graduate-admissions.toml").read_text("utf-8")
    path = folder / "admissions-continuous.toml"
    path.write_text(text + CONTINUOUS, "utf-8")
    shutil.copy(data / "data" / "graduate_admissions_cohort.csv", folder)
    return path
