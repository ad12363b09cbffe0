"""strive's exact route on a *fitted pipeline* (``target_from_model``) against DiCE.

.venv/bin/python bench/bench_models.py [--people 20] [--trees 10,50] [--depths 4]
    [--time-limit 10] [--no-logistic] [--only 3,8] [--per-person] [--no-search]

One run, the same people and the same models: a scikit-learn pipeline trained by
this bench on the shipped Adult cohort (StandardScaler + OneHotEncoder, then a
LogisticRegression or a RandomForestClassifier), compiled by
``strive.route.models.target_from_model`` with no hand unrolling, against DiCE
``random`` on the same pipeline. Every answer is re-predicted by the pipeline
(validity = ``predict`` is 1). The case (columns, catalogue, DiCE ranges) is
``bench_dice.Adult`` without ``education_num`` (the model sees hours per week,
occupation, work class, age, capital gain/loss, marital status, relationship).

Every forest is a cell of the ``--trees`` x ``--depths`` sweep. strive's solver time
per person is capped at ``--time-limit`` seconds (``plan_route(time_limit=...)``);
the table counts the people whose route was not proven optimal within it ("cap").
``--only`` runs some of the sampled people (by position), ``--per-person`` prints
each one's outcome, and ``--no-search`` sends the ensembles to HiGHS on the interval
encoding instead of the interval search (the path Adult took before the search
took inputs moved together), for a same-run comparison.

dice-ml and pandas are bench-only dependencies (the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import bench_dice as bd

from strive.actions import Catalogue
from strive.route import plan_route
from strive.route.continuous import Continuous
from strive.route.models import target_from_model


class Adult(bd.Adult):
    """bench_dice's Adult case with education_num out of the model."""

    def cost(self, before: Any, after: Any) -> float:
        return super().cost(before, {**after, "education_num": before["education_num"]})


def case(name: str = "adult") -> bd.Case:
    """Adult without education_num, or bench_dice's graduate admissions as is."""
    if name == "admissions":
        return bd.Admissions()
    c = Adult()
    c.numeric = [n for n in c.numeric if n != "education_num"]
    c.vary = [v for v in c.vary if v != "education_num"]
    c.up_only = [v for v in c.up_only if v != "education_num"]
    c.bounds = {k: v for k, v in c.bounds.items() if k != "education_num"}
    return c


def fit(c: bd.Case, model: Any) -> Any:
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    parts: list[tuple[str, Any, list[str]]] = [("num", StandardScaler(), c.numeric)]
    if c.categorical:
        parts.append(("cat", OneHotEncoder(handle_unknown="ignore"), c.categorical))
    pre = ColumnTransformer(parts)
    y = (c.frame["selected"] == "yes").astype(int)
    return Pipeline([("pre", pre), ("model", model)]).fit(c.frame[c.columns], y)


STEPS = {
    "adult": {"hours_per_week": (1.0, bd.EXTRA_HOUR_EFFORT)},
    "admissions": bd.ADMISSION_STEPS,
}
"""(step, effort hours per step) of each numeric change the case's catalogue
writes as binary pieces (``bench_dice._steps``)."""


def amounts(
    c: bd.Case, row: dict[str, Any], catalogue: Catalogue
) -> tuple[Catalogue, list[Continuous]]:
    """The same changes as one amount variable each (``--continuous``).

    "+k steps at the same effort per step" instead of the binary pieces: the cost
    of every reachable amount is unchanged.
    """
    steps = STEPS[c.name]
    pieces = {t for t in steps}
    kept = [
        a
        for a in catalogue
        if not (len(a.effects) == 1 and a.effects[0].trait in pieces)
    ]
    out = []
    for trait, (step, effort) in steps.items():
        n = bd._n_steps(float(row[trait]), c.bounds[trait][1], step)
        if n:
            out.append(
                Continuous(f"more_{trait}", trait, n * step, step, effort / step)
            )
    return Catalogue.of(kept), out


def run(
    c: bd.Case,
    pipe: Any,
    label: str,
    people: int,
    time_limit: float = 10.0,
    continuous: bool = False,
    only: list[int] | None = None,
    per_person: bool = False,
    brute: bool = False,
) -> dict[str, Any]:
    import pandas as pd

    columns = {col: col for col in c.columns}
    t0 = time.perf_counter()
    target = target_from_model(pipe, columns, c.template.traits, allow_sensitive=True)
    compile_s = time.perf_counter() - t0
    negatives = c.frame[pipe.predict(c.frame[c.columns]) == 0]
    rows = negatives.sample(n=min(people, len(negatives)), random_state=0)
    dice = ("random", bd.make_dice(c, pipe, "random"))
    s_times, s_cpu, d_times = [], [], []
    s_valid = s_found = s_opt = s_none = s_cap = d_valid = d_found = agree = 0
    for i, row in enumerate(rows.to_dict("records")):
        if only is not None and i not in only:
            continue
        catalogue = c.catalogue(row)
        values = c.values(row)
        extra: list[Continuous] = []
        if continuous:
            catalogue, extra = amounts(c, row, catalogue)
        t0, c0 = time.perf_counter(), time.process_time()
        route = plan_route(
            catalogue,
            c.template.traits,
            values,
            targets=[target],
            limits=bd.LIMITS,
            start=bd.START,
            alternatives=False,
            explain_infeasible=False,
            time_limit=time_limit,
            continuous=extra,
        )
        s_times.append(time.perf_counter() - t0)
        s_cpu.append(time.process_time() - c0)
        valid = None
        s_none += route.status == "infeasible"
        s_cap += route.status != "infeasible" and not route.optimal
        if route.feasible:
            s_found += 1
            s_opt += route.optimal
            state = dict(values)
            by_name = {a.name: a for a in extra}
            for step in route.steps:
                if step.action in by_name:
                    a = by_name[step.action]
                    amount = step.effort_hours / a.hours_per_unit
                    state[a.trait] = float(state[a.trait]) + amount  # type: ignore[arg-type]
                    continue
                state = catalogue[step.action].apply(c.template.traits, state)
            after = {k: v for k, v in c.model_row(state).items() if k in c.columns}
            valid = int(pipe.predict(pd.DataFrame([after]))[0] == 1)
            s_valid += valid
        best = "-"
        if brute:
            cheapest = brute_force(c, pipe, row)
            best = "none" if cheapest is None else f"{cheapest:.2f}"
            if route.feasible:
                agree += (
                    cheapest is not None and abs(cheapest - route.totals.cost) < 1e-6
                )
            else:
                agree += cheapest is None and route.status == "infeasible"
        if per_person:
            print(
                f"# person {i}: {route.status}, optimal {route.optimal}, "
                f"valid {valid}, cost {route.totals.cost if route.feasible else '-'}, "
                f"brute force {best}, "
                f"{s_times[-1] * 1e3:.0f} ms, {s_cpu[-1] * 1e3:.0f} ms CPU",
                flush=True,
            )
        answer = bd.run_dice(c, pipe, dice, row, 1)
        d_times.append(answer.seconds)
        if answer.after is not None:
            d_found += 1
            d_valid += int(pipe.predict(pd.DataFrame([answer.after]))[0] == 1)
    n = len(s_times)
    s_med, d_med = statistics.median(s_times), statistics.median(d_times)
    return {
        "model": label,
        "people": n,
        "compile_ms": compile_s * 1e3,
        "strive_ms": s_med * 1e3,
        "strive_cpu_ms": statistics.median(s_cpu) * 1e3,
        "dice_ms": d_med * 1e3,
        "ratio": d_med / s_med,
        "strive_max_ms": max(s_times) * 1e3,
        "strive_max_cpu_ms": max(s_cpu) * 1e3,
        "proven": s_opt + s_none,
        "strive": f"{s_found} found, {s_valid} valid, {s_opt} optimal, "
        f"{s_none} proved none, {s_cap} cap",
        "dice": f"{d_found} found, {d_valid} valid",
        "brute": f"; brute force agrees {agree}/{n}" if brute else "",
    }


def brute_force(c: bd.Case, pipe: Any, row: dict[str, Any]) -> float | None:
    """Adult only: the cheapest (hours up, occupation, work class) the pipeline
    predicts positive, every combination enumerated and predicted at once (the
    other model inputs cannot change); None when no combination flips it."""
    import numpy as np
    import pandas as pd

    base = {k: v for k, v in c.model_row(c.values(row)).items() if k in c.columns}
    hours = np.arange(float(row["hours_per_week"]), c.bounds["hours_per_week"][1] + 1)
    grid = [
        {**base, "hours_per_week": float(h), "occupation": o, "workclass": w}
        for h in hours
        for o in c.categories["occupation"]  # type: ignore[attr-defined]
        for w in c.categories["workclass"]  # type: ignore[attr-defined]
    ]
    ok = pipe.predict(pd.DataFrame(grid)[c.columns]) == 1
    costs = [
        c.cost(row, {**g, "education_num": row["education_num"]})
        for g, good in zip(grid, ok, strict=True)
        if good
    ]
    return min(costs) if costs else None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "case", nargs="?", default="adult", choices=["adult", "admissions"]
    )
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--trees", default="10,50")
    parser.add_argument("--depths", default="4")
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--no-logistic", action="store_true")
    parser.add_argument(
        "--only",
        default="",
        help="run only these people (positions 0.. in the seed-0 sample), e.g. 3,8",
    )
    parser.add_argument(
        "--per-person", action="store_true", help="print each person's outcome"
    )
    parser.add_argument(
        "--brute",
        action="store_true",
        help="adult only: check each person against a brute force over hours, "
        "occupation and work class (the inputs the catalogue moves)",
    )
    parser.add_argument(
        "--no-search",
        action="store_true",
        help="ensembles to HiGHS on the interval encoding, not the interval search",
    )
    parser.add_argument(
        "--continuous",
        action="store_true",
        help="numeric changes as one amount variable each, not binary pieces",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("TQDM_DISABLE", "1")
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression

    if args.brute and args.case != "adult":
        parser.error("--brute enumerates Adult's moves only")
    if args.no_search:
        from strive.route import select

        select._tree_search = lambda *a: None
    only = [int(x) for x in args.only.split(",") if x] or None
    c = case(args.case)
    models: list[tuple[str, Any]] = []
    if not args.no_logistic:
        models.append(("logistic", LogisticRegression(max_iter=5000)))
    for depth in (int(x) for x in args.depths.split(",") if x):
        for n in (int(x) for x in args.trees.split(",") if x):
            forest = RandomForestClassifier(n, max_depth=depth, random_state=0)
            models.append((f"forest {n}x{depth}", forest))
    print(
        f"# {c.name}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores"
    )
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {_load()}")
    print(
        "| model | people | compile ms | strive median ms | strive median CPU ms "
        "| DiCE random median ms "
        "| DiCE / strive | strive max ms | strive max CPU ms | proven | strive | DiCE "
        "| load |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for label, model in models:
        r = run(
            c,
            fit(c, model),
            label,
            args.people,
            args.time_limit,
            args.continuous,
            only,
            args.per_person,
            args.brute,
        )
        print(
            f"| {r['model']} | {r['people']} | {r['compile_ms']:.1f} "
            f"| {r['strive_ms']:.1f} | {r['strive_cpu_ms']:.1f} "
            f"| {r['dice_ms']:.0f} | {r['ratio']:.0f}x "
            f"| {r['strive_max_ms']:.0f} | {r['strive_max_cpu_ms']:.0f} "
            f"| {r['proven']}/{r['people']} | {r['strive']}{r['brute']} | {r['dice']} "
            f"| {_load()} |",
            flush=True,
        )


def _load() -> str:
    """The 1-minute load average (the machine is shared: timings are noisy)."""
    return f"load {os.getloadavg()[0]:.1f}"


if __name__ == "__main__":
    main()
