"""strive's exact route on a *fitted pipeline* (``target_from_model``) against DiCE.

.venv/bin/python bench/bench_models.py [--people 20] [--trees 10,50] [--depth 4]

One run, the same people and the same models: a scikit-learn pipeline trained by
this bench on the shipped Adult cohort (StandardScaler + OneHotEncoder, then a
LogisticRegression or a RandomForestClassifier), compiled by
``strive.route.models.target_from_model`` with no hand unrolling, against DiCE
``random`` on the same pipeline. Every answer is re-predicted by the pipeline
(validity = ``predict`` is 1). The case (columns, catalogue, DiCE ranges) is
``bench_dice.Adult`` without ``education_num`` (the model sees hours per week,
occupation, work class, age, capital gain/loss, marital status, relationship).

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

from strive.route import plan_route
from strive.route.models import target_from_model


class Adult(bd.Adult):
    """bench_dice's Adult case with education_num out of the model."""

    def cost(self, before: Any, after: Any) -> float:
        return super().cost(before, {**after, "education_num": before["education_num"]})


def case() -> bd.Adult:
    c = Adult()
    c.numeric = [n for n in c.numeric if n != "education_num"]
    c.vary = [v for v in c.vary if v != "education_num"]
    c.up_only = [v for v in c.up_only if v != "education_num"]
    c.bounds = {k: v for k, v in c.bounds.items() if k != "education_num"}
    return c


def fit(c: bd.Adult, model: Any) -> Any:
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    pre = ColumnTransformer(
        [
            ("num", StandardScaler(), c.numeric),
            ("cat", OneHotEncoder(handle_unknown="ignore"), c.categorical),
        ]
    )
    y = (c.frame["selected"] == "yes").astype(int)
    return Pipeline([("pre", pre), ("model", model)]).fit(c.frame[c.columns], y)


def run(c: bd.Adult, pipe: Any, label: str, people: int) -> dict[str, Any]:
    import pandas as pd

    columns = {col: col for col in c.columns}
    t0 = time.perf_counter()
    target = target_from_model(pipe, columns, c.template.traits, allow_sensitive=True)
    compile_s = time.perf_counter() - t0
    negatives = c.frame[pipe.predict(c.frame[c.columns]) == 0]
    rows = negatives.sample(n=min(people, len(negatives)), random_state=0)
    dice = ("random", bd.make_dice(c, pipe, "random"))
    s_times, d_times = [], []
    s_valid = s_found = s_opt = d_valid = d_found = 0
    for row in rows.to_dict("records"):
        catalogue = c.catalogue(row)
        values = c.values(row)
        t0 = time.perf_counter()
        route = plan_route(
            catalogue,
            c.template.traits,
            values,
            targets=[target],
            limits=bd.LIMITS,
            start=bd.START,
            alternatives=False,
            explain_infeasible=False,
        )
        s_times.append(time.perf_counter() - t0)
        if route.feasible:
            s_found += 1
            s_opt += route.optimal
            state = dict(values)
            for step in route.steps:
                state = catalogue[step.action].apply(c.template.traits, state)
            after = {col: state[col] for col in c.columns}
            s_valid += int(pipe.predict(pd.DataFrame([after]))[0] == 1)
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
        "dice_ms": d_med * 1e3,
        "ratio": d_med / s_med,
        "strive": f"{s_found} found, {s_valid} valid, {s_opt} optimal",
        "dice": f"{d_found} found, {d_valid} valid",
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--trees", default="10,50")
    parser.add_argument("--depth", type=int, default=4)
    args = parser.parse_args(argv)
    os.environ.setdefault("TQDM_DISABLE", "1")
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression

    c = case()
    models: list[tuple[str, Any]] = [("logistic", LogisticRegression(max_iter=5000))]
    for n in (int(x) for x in args.trees.split(",") if x):
        forest = RandomForestClassifier(n, max_depth=args.depth, random_state=0)
        models.append((f"forest {n}x{args.depth}", forest))
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    print(
        "| model | people | compile ms | strive median ms | DiCE random median ms "
        "| DiCE / strive | strive | DiCE |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for label, model in models:
        r = run(c, fit(c, model), label, args.people)
        print(
            f"| {r['model']} | {r['people']} | {r['compile_ms']:.1f} "
            f"| {r['strive_ms']:.1f} | {r['dice_ms']:.0f} | {r['ratio']:.0f}x "
            f"| {r['strive']} | {r['dice']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
