"""Continuous actions against the grid of discrete copies they replace.

.venv/bin/python bench/bench_continuous.py [--people 50] [--grid 1000]

A logistic target on hours per week and capital gain (adult-income traits,
coefficients of the order bench_dice's Adult model has; an assumption of this
bench). Capital gain can rise by any multiple of $100 up to $100,000 and hours by
any whole number up to 40, each at a cost per unit: once as two
:class:`~strive.route.continuous.Continuous` actions (two integer variables), once
as ``--grid`` discrete "add k × step" copies per trait in one group each (the issue
10 workaround). Both plans must cost the same; the table gives median ms per plan.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import statistics
import time

from strive.actions import Action, Catalogue, Effect
from strive.goal import Limits
from strive.route import LinearTarget, plan_route
from strive.route.continuous import Continuous
from strive.templates import load_template

START = dt.date(2026, 1, 1)
LIMITS = Limits(hours_per_week=40)
GAIN = Continuous(
    "more_capital_gain",
    "capital_gain",
    100_000.0,
    100.0,
    hours_per_unit=0.02,
    money_per_unit=1.0,
)
HOURS = Continuous("more_hours", "hours_per_week", 40.0, 1.0, hours_per_unit=52.0)


def grid(c: Continuous, n: int) -> list[Action]:
    step = c.max_amount / n
    return [
        Action(
            f"{c.name}_{k}",
            f"{c.name}_{k}",
            (Effect(c.trait, "add", k * step),),
            0.0,
            c.hours_per_unit * k * step,
            c.money_per_unit * k * step,
            group=c.name,
        )
        for k in range(1, n + 1)
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--grid", type=int, default=1000)
    args = parser.parse_args(argv)
    traits = load_template("adult-income").traits
    target = LinearTarget({"hours_per_week": 0.03, "capital_gain": 0.0003}, -3.0)
    gain_grid = GAIN.max_amount / args.grid
    discrete = Catalogue.of(grid(GAIN, args.grid) + grid(HOURS, 40))
    rng = random.Random(0)
    t_cont: list[float] = []
    t_grid: list[float] = []
    same = 0
    for _ in range(args.people):
        values = {
            "hours_per_week": float(rng.randint(10, 60)),
            "capital_gain": float(rng.choice([0, 0, 0, 2000, 5000])),
        }
        kw = {
            "limits": LIMITS,
            "start": START,
            "alternatives": False,
            "explain_infeasible": False,
        }
        t0 = time.perf_counter()
        a = plan_route(
            Catalogue.of([]),
            traits,
            values,
            targets=[target],
            continuous=[GAIN, HOURS],
            **kw,
        )  # type: ignore[arg-type]
        t_cont.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        b = plan_route(discrete, traits, values, targets=[target], **kw)  # type: ignore[arg-type]
        t_grid.append(time.perf_counter() - t0)
        assert a.feasible == b.feasible
        if gain_grid == GAIN.step and math.isclose(
            a.totals.cost, b.totals.cost, rel_tol=1e-9, abs_tol=1e-6
        ):
            same += 1
    print(
        f"| people | continuous median ms | {args.grid}+40 discrete median ms | "
        "ratio | equal cost |"
    )
    print("|---|---|---|---|---|")
    mc, mg = statistics.median(t_cont) * 1e3, statistics.median(t_grid) * 1e3
    print(
        f"| {args.people} | {mc:.2f} | {mg:.2f} | {mg / mc:.1f}x | "
        f"{same}/{args.people} |"
    )


if __name__ == "__main__":
    main()
