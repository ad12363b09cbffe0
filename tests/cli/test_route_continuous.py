"""``strive route`` with a template's continuous actions (``[[continuous]]``).

A test copy of the graduate-admissions template gains two continuous actions with
test figures (no shipped template has a grounded per-unit cost): TOEFL points in
whole steps and CGPA without a step. The route adds exactly the amount a target
needs, shows it with its unit in the text and the JSON, and costs what the
library's optimum over a fine grid of discrete copies costs.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import strive
from strive.actions import Action, Catalogue, Effect
from strive.conditions import Condition
from strive.goal import Limits
from strive.route import plan_route
from strive.templates import load_template

Run = Callable[..., Any]
CONTINUOUS = """
[[continuous]]
name = "toefl_prep"
label = "Prepare for the TOEFL"
label_es = "Prepararse para el TOEFL"
trait = "toefl_score"
max_amount = 10
step = 1
hours_per_unit = 6
money_per_unit = 15
sources = ["test figure (tests/cli/test_route_continuous.py)"]

[[continuous]]
name = "cgpa_push"
label = "Raise the CGPA"
trait = "cgpa"
max_amount = 1
hours_per_unit = 400
sources = ["test figure (tests/cli/test_route_continuous.py)"]
"""
APPLICANT = ["gre_score=322", "toefl_score=108", "university_rating=3", "sop=3.5"]
APPLICANT += ["lor=3.5", "cgpa=8.8", "research=no"]


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def _template(tmp_path: Path) -> Path:
    data = Path(strive.__file__).parent
    text = (data / "templates" / "graduate-admissions.toml").read_text("utf-8")
    text = text.replace(
        'label = "TOEFL score"\n', 'label = "TOEFL score"\nunit = "points"\n', 1
    )
    path = tmp_path / "admissions-continuous.toml"
    path.write_text(text + CONTINUOUS, "utf-8")
    shutil.copy(data / "data" / "graduate_admissions_cohort.csv", tmp_path)
    return path


def _start(cli: Run, tmp_path: Path) -> Path:
    path = _template(tmp_path)
    ok(
        cli(
            "goal",
            "new",
            "Admission",
            "--template",
            str(path),
            "--hours-per-week",
            "20",
        )
    )
    ok(cli("profile", "set", *APPLICANT, "--date", "2026-01-01"))
    return path


def _grid_cost(path: Path, target: str, grid: dict[str, float]) -> float:
    """The library's optimum with each continuous action as discrete copies."""
    template = load_template(str(path))
    copies: list[Action] = list(template.catalogue)
    for c in template.continuous:
        step = grid[c.name]
        for k in range(1, round(c.max_amount / step) + 1):
            amount = float(k * step)
            copies.append(
                Action(
                    f"{c.name}_{k}", "", (Effect(c.trait, "add", amount),), 0.0,
                    c.hours_per_unit * amount, c.money_per_unit * amount,
                    money_sourced=c.money_sourced, group=c.name,
                )
            )  # fmt: skip
    values = {
        "gre_score": 322.0, "toefl_score": 108.0, "university_rating": 3.0,
        "sop": 3.5, "lor": 3.5, "cgpa": 8.8, "research": False,
    }  # fmt: skip
    route = plan_route(
        Catalogue.of(copies),
        template.traits,
        values,
        targets=[Condition.parse(target, template.traits)],
        limits=Limits(hours_per_week=20),
        start=dt.date(2026, 1, 1),
        alternatives=False,
    )
    assert route.feasible
    return route.totals.cost


def test_route_takes_the_amount_it_needs_with_its_unit(
    cli: Run, tmp_path: Path
) -> None:
    path = _start(cli, tmp_path)
    args = ["route", "--top", "0", "--target", "toefl_score>=113"]
    doc = json.loads(ok(cli(*args, "--json")).output)
    assert doc["feasible"] and doc["optimal"]
    (step,) = doc["actions"]
    assert step["name"] == "toefl_prep"
    assert step["amount"] == 5 and step["unit"] == "points"
    assert step["label"] == "Prepare for the TOEFL: +5 points"
    assert step["effort_hours"] == 30 and step["money"] == 75
    assert math.isclose(
        doc["totals"]["cost"],
        _grid_cost(path, "toefl_score>=113", {"toefl_prep": 1, "cgpa_push": 0.01}),
        abs_tol=1e-4,  # the JSON rounds the cost to 4 decimals
    )
    text = ok(cli(*args)).output
    cells = [r.split("│")[2].strip() for r in text.splitlines() if r.startswith("│")]
    assert " ".join(cells).startswith("Prepare for the TOEFL: +5 points")


def test_without_a_step_the_amount_is_exact_and_no_dearer_than_a_fine_grid(
    cli: Run, tmp_path: Path
) -> None:
    path = _start(cli, tmp_path)
    doc = json.loads(
        ok(cli("route", "--top", "0", "--target", "cgpa>=9.05", "--json")).output
    )
    assert doc["feasible"]
    (step,) = doc["actions"]
    assert step["name"] == "cgpa_push" and step["unit"] == ""
    assert math.isclose(step["amount"], 0.25, abs_tol=1e-6)
    assert step["money"] is None and step["money_sourced"] is False
    grid = _grid_cost(path, "cgpa>=9.05", {"toefl_prep": 1, "cgpa_push": 0.01})
    cost = doc["totals"]["cost"]
    assert math.isclose(cost, grid, abs_tol=1e-4)  # the grid hits 0.25: equal


def test_an_amount_beyond_the_maximum_is_not_planned(cli: Run, tmp_path: Path) -> None:
    _start(cli, tmp_path)
    doc = json.loads(
        cli("route", "--top", "0", "--target", "toefl_score>=119", "--json").output
    )
    assert not doc["feasible"]  # 108 + at most 10 points
