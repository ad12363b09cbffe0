"""Linear recourse: strive against actionable-recourse and DiCE, one cost model.

.venv/bin/python bench/bench_recourse.py adult|german|admissions [--people 30]
    [--sizes 25,200,2000] [--dice random,kdtree,genetic] [--genetic-people 10]
    [--time-limit 30] [--no-actions]

One run, the same people (predicted 0 by the model, drawn with ``--seed``) and the
same model: a scikit-learn pipeline this bench trains itself (StandardScaler on the
numbers + OneHotEncoder on the categories -> LogisticRegression), compiled for
strive by ``target_from_model`` (no hand unrolling). Every answer of every tool is
re-predicted by the pipeline (valid = ``predict`` is 1).

The **cost model** is the same for strive and actionable-recourse (AR): a
per-person grid of moves per varied feature (``size`` moves in all, split evenly
over the features, equally spaced from the person's value to the feature's bound
in the direction that raises the score), where moving feature j by d costs
``HOURS_PER_MAD * |d| / MAD_j`` effort hours, costed by strive's own
``action_cost``. strive gets one group per feature ("at most one move per
feature") of ``add d`` actions; AR gets exactly those moves and costs as its
per-feature action grid (its ``build_mip`` and CBC solve them, ``mip_cost_type =
"total"``: the sum of the chosen moves' costs, the same objective). AR's
percentile costs are replaced by this (see ``ExactCostBuilder``); its MIP
formulation and solver are its own. With continuous actions strive gets one
amount variable per feature at the same cost per unit and no grid; AR gets the
finest grid of the run. DiCE (random, kdtree, genetic) gets ``features_to_vary``
and a per-person ``permitted_range`` (person's value to the bound, in the raising
direction); its answers are costed in the same model (|d| not rounded to a grid).

strive plans a discrete grid with ``plan_moves`` (the moves as arrays, no ``Action``
per move); the row "strive, Action path" plans the same grid with ``plan_route``
over one ``Action`` per move (the general path; ``--no-actions`` skips it): both
must reach the same cost. Timings are per person: strive = building the moves (or
the catalogue) + planning; AR =
building its builder + MIP + ``fit``; DiCE = ``generate_counterfactuals``. One
untimed warm-up each. "median CPU ms" is the process CPU time of the same calls
(less sensitive to a loaded machine than the wall time). dice-ml,
actionable-recourse and mip are bench-only dependencies (the ``bench`` extra).
Results go in docs/route.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import math
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

from strive.actions import Action, Catalogue, Effect
from strive.goal import Limits
from strive.route import CostWeights, plan_route
from strive.route.continuous import Continuous
from strive.route.models import target_from_model
from strive.route.moves import Moves, plan_moves
from strive.route.select import action_cost
from strive.traits import Kind, Mutability, Trait, TraitSet

START = dt.date(2026, 1, 1)
WEIGHTS = CostWeights()
LIMITS = Limits(hours_per_week=40)
HOURS_PER_MAD = 100.0
"""Effort hours to move a feature by one median absolute deviation (assumed)."""
DATA = Path(__file__).parent / "data"
STRICT = 1e-5
"""strive's margin over probability 0.5 for fitted models (``models.compile``)."""


@dataclass
class Feature:
    """A varied model column: direction that raises the score, bound, step."""

    column: str
    direction: int
    bound: float
    resolution: float
    """The data's own step (1 for counts, 0.01 for CGPA): continuous decreases
    are planned in steps of it."""


@dataclass
class Dataset:
    name: str
    frame: Any  # pandas DataFrame: model columns + "y"
    numeric: list[str]
    categorical: list[str]
    features: list[Feature]
    mad: dict[str, float] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        return self.numeric + self.categorical


def _mad(frame: Any, column: str) -> float:
    x = frame[column].astype(float)
    mad = float((x - x.median()).abs().median())
    return mad if mad > 0 else float(x.max() - x.min()) or 1.0


def adult() -> Dataset:
    import pandas as pd

    path = resources.files("strive") / "data" / "adult_income_cohort.csv.gz"
    with path.open("rb") as fh:
        frame = pd.read_csv(fh, compression="gzip")
    numeric = ["age", "education_num", "capital_gain", "capital_loss"]
    numeric.append("hours_per_week")
    categorical = ["workclass", "marital_status", "occupation", "relationship"]
    frame = frame.dropna(subset=numeric + categorical).reset_index(drop=True)
    frame["y"] = (frame["selected"] == "yes").astype(int)
    features = [
        Feature("education_num", 1, 16.0, 1.0),
        Feature("hours_per_week", 1, 99.0, 1.0),
        Feature("capital_gain", 1, 99_999.0, 1.0),
    ]
    return Dataset("adult", frame, numeric, categorical, features)


GERMAN_COLUMNS = {
    0: "checking",
    1: "duration",
    2: "credit_history",
    3: "purpose",
    4: "credit_amount",
    5: "savings",
    6: "employment",
    7: "installment_rate",
    12: "age",
    14: "housing",
    15: "existing_credits",
}
"""german.data attribute (0-based) -> column; the codes (A11, ...) are kept as
categories. Attribute 20 is the class: 1 good, 2 bad."""


def german() -> Dataset:
    import pandas as pd

    raw = pd.read_csv(DATA / "german.data", sep=r"\s+", header=None)
    frame = raw[list(GERMAN_COLUMNS)].rename(columns=GERMAN_COLUMNS)
    frame["y"] = (raw[20] == 1).astype(int)
    numeric = ["duration", "credit_amount", "installment_rate", "age"]
    numeric.append("existing_credits")
    categorical = ["checking", "credit_history", "purpose", "savings"]
    categorical += ["employment", "housing"]
    features = [
        Feature("duration", -1, 4.0, 1.0),
        Feature("credit_amount", -1, 250.0, 1.0),
        Feature("installment_rate", -1, 1.0, 1.0),
    ]
    return Dataset("german", frame, numeric, categorical, features)


def admissions() -> Dataset:
    import pandas as pd

    path = resources.files("strive") / "data" / "graduate_admissions_cohort.csv"
    with path.open("rb") as fh:
        frame = pd.read_csv(fh)
    frame["research"] = (frame["research"] == "yes").astype(int)
    frame["y"] = (frame["selected"] == "yes").astype(int)
    numeric = ["gre_score", "toefl_score", "university_rating", "sop", "lor"]
    numeric += ["cgpa", "research"]
    features = [
        Feature("gre_score", 1, 340.0, 1.0),
        Feature("toefl_score", 1, 120.0, 1.0),
        Feature("sop", 1, 5.0, 0.5),
        Feature("lor", 1, 5.0, 0.5),
        Feature("cgpa", 1, 10.0, 0.01),
    ]
    return Dataset("admissions", frame, numeric, [], features)


DATASETS = {"adult": adult, "german": german, "admissions": admissions}


def fit(data: Dataset) -> Any:
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    parts: list[tuple[str, Any, list[str]]] = [("num", StandardScaler(), data.numeric)]
    if data.categorical:
        parts.append(("cat", OneHotEncoder(handle_unknown="ignore"), data.categorical))
    pipe = Pipeline(
        [("pre", ColumnTransformer(parts)), ("lr", LogisticRegression(max_iter=5000))]
    )
    return pipe.fit(data.frame[data.columns], data.frame["y"])


def traits_of(data: Dataset) -> TraitSet:
    """One strive trait per model column (the varied ones free, the rest fixed)."""
    varied = {f.column for f in data.features}
    out = [
        Trait(
            c,
            Kind.NUMBER,
            mutability=Mutability.FREE if c in varied else Mutability.FIXED,
        )
        for c in data.numeric
    ]
    for c in data.categorical:
        cats = tuple(sorted(str(v) for v in data.frame[c].unique()))
        out.append(
            Trait(c, Kind.CATEGORY, categories=cats, mutability=Mutability.FIXED)
        )
    return TraitSet.of(out)


def raw_linear(data: Dataset, pipe: Any) -> tuple[list[str], list[float], float]:
    """The pipeline's logit over raw columns + one-hot indicators (for AR)."""
    pre, lr = pipe.named_steps["pre"], pipe.named_steps["lr"]
    coef, intercept = list(lr.coef_[0]), float(lr.intercept_[0])
    scaler = pre.named_transformers_["num"]
    names: list[str] = []
    weights: list[float] = []
    for j, c in enumerate(data.numeric):
        w = coef[j] / scaler.scale_[j]
        intercept -= w * scaler.mean_[j]
        names.append(c)
        weights.append(float(w))
    at = len(data.numeric)
    if data.categorical:
        encoder = pre.named_transformers_["cat"]
        for c, cats in zip(data.categorical, encoder.categories_, strict=True):
            for cat in cats:
                names.append(f"{c}={cat}")
                weights.append(float(coef[at]))
                at += 1
    return names, weights, intercept


def raw_row(data: Dataset, names: list[str], row: dict[str, Any]) -> list[float]:
    out = []
    for n in names:
        if "=" in n:
            c, cat = n.split("=", 1)
            out.append(float(str(row[c]) == cat))
        else:
            out.append(float(row[n]))
    return out


# -- the shared grid and cost model ----------------------------------------------


def _move(f: Feature, data: Dataset, d: float, k: int) -> Action:
    hours = HOURS_PER_MAD * abs(d) / data.mad[f.column]
    return Action(
        f"{f.column}_{k}",
        f"{f.column} {d:+g}",
        (Effect(f.column, "add", d),),
        0.0,
        hours,
        0.0,
        group=f.column,
    )


def grid(
    data: Dataset, features: list[Feature], row: dict[str, Any], size: int
) -> dict[str, list[Action]]:
    """Per feature, ``size // len(features)`` equally spaced moves to its bound."""
    n = max(1, size // len(features))
    out: dict[str, list[Action]] = {}
    for f in features:
        room = (f.bound - float(row[f.column])) * f.direction
        if room <= 1e-9:
            continue
        out[f.column] = [
            _move(f, data, f.direction * room * k / n, k) for k in range(1, n + 1)
        ]
    return out


def grid_moves(
    data: Dataset, features: list[Feature], row: dict[str, Any], size: int
) -> Moves:
    """:func:`grid` as arrays (the same moves and numbers), for :func:`plan_moves`:
    no ``Action`` per move (names are the default ``{trait}_{i}``)."""
    import numpy as np

    n = max(1, size // len(features))
    k = np.arange(1, n + 1, dtype=float)
    traits: list[str] = []
    deltas: list[Any] = []
    hours: list[Any] = []
    for f in features:
        room = (f.bound - float(row[f.column])) * f.direction
        if room <= 1e-9:
            continue
        d = f.direction * room * k / n
        traits += [f.column] * n
        deltas.append(d)
        hours.append(HOURS_PER_MAD * np.abs(d) / data.mad[f.column])
    if not traits:
        return Moves([], [], [])
    return Moves(
        traits,
        np.concatenate(deltas),
        np.concatenate(hours),
        group=traits,
    )


def continuous(
    data: Dataset, features: list[Feature], row: dict[str, Any]
) -> list[Continuous]:
    """One amount variable per feature; a decrease as a negative step.

    ``Continuous`` adds ``units x per_unit``; a negative step with a negative cost per
    unit is a decrease at a positive cost (units and cost stay non-negative).
    """
    out = []
    for f in features:
        room = (f.bound - float(row[f.column])) * f.direction
        if room <= 1e-9:
            continue
        per = HOURS_PER_MAD / data.mad[f.column]
        if f.direction > 0:
            out.append(Continuous(f"more_{f.column}", f.column, room, None, per))
        else:
            step = -f.resolution
            out.append(Continuous(f"less_{f.column}", f.column, -room, step, -per))
    return out


def cost_of(data: Dataset, before: dict[str, Any], after: dict[str, Any]) -> float:
    """The cost model applied to any answer (DiCE's off-grid ones included)."""
    total = 0.0
    for f in data.features:
        d = float(after[f.column]) - float(before[f.column])
        if abs(d) > 1e-9:
            total += action_cost(_move(f, data, d, 0), WEIGHTS, LIMITS.hours_per_week)
    return total


def violations(data: Dataset, before: dict[str, Any], after: dict[str, Any]) -> int:
    """Changed fixed columns, moves against the direction, values past the bound."""
    bad = 0
    varied = {f.column: f for f in data.features}
    for c in data.columns:
        if c not in varied:
            same = (
                abs(float(after[c]) - float(before[c])) < 1e-9
                if c in data.numeric
                else str(after[c]) == str(before[c])
            )
            bad += not same
    for f in varied.values():
        d = (float(after[f.column]) - float(before[f.column])) * f.direction
        past = (float(after[f.column]) - f.bound) * f.direction
        bad += d < -1e-9 or past > 1e-9
    return bad


# -- the tools ------------------------------------------------------------------


@dataclass
class Answer:
    seconds: float
    after: dict[str, Any] | None = None
    cost: float | None = None
    optimal: bool = False
    error: str | None = None
    cpu: float = 0.0
    """CPU seconds of the whole call (this process; less sensitive to the load)."""


def cpu_timed(run: Any, *args: Any) -> Answer:
    """``run(*args)`` with its process CPU time recorded in the answer."""
    t0 = time.process_time()
    answer: Answer = run(*args)
    answer.cpu = time.process_time() - t0
    return answer


def run_strive(
    data: Dataset,
    traits: TraitSet,
    target: Any,
    features: list[Feature],
    row: dict[str, Any],
    size: int | None,
    time_limit: float,
    actions: bool = False,
) -> Answer:
    """strive on one person: ``plan_moves`` over the grid as arrays, or with
    ``actions`` the general path (``plan_route`` over one ``Action`` per move)."""
    t0 = time.perf_counter()
    values: dict[str, Any] = {
        c: float(row[c]) if c in data.numeric else str(row[c]) for c in data.columns
    }
    if size is not None and not actions:
        moves = grid_moves(data, features, row, size)
        route = plan_moves(
            moves,
            traits,
            values,
            target=target,
            limits=LIMITS,
            start=START,
            weights=WEIGHTS,
            explain_infeasible=False,
            time_limit=time_limit,
        )
        seconds = time.perf_counter() - t0
        if not route.feasible:
            return Answer(seconds)
        after = dict(values)
        for step in route.steps:
            i = moves.index_of(step.action)
            after[moves.trait[i]] = float(after[moves.trait[i]]) + float(moves.delta[i])
        return Answer(seconds, after, route.totals.cost, route.optimal)
    if size is None:
        amounts = continuous(data, features, row)
        catalogue = Catalogue.of([])
    else:
        amounts = []
        catalogue = Catalogue.of(
            [a for moves in grid(data, features, row, size).values() for a in moves]
        )
    route = plan_route(
        catalogue,
        traits,
        values,
        targets=[target],
        limits=LIMITS,
        start=START,
        weights=WEIGHTS,
        alternatives=False,
        explain_infeasible=False,
        time_limit=time_limit,
        continuous=amounts,
    )
    seconds = time.perf_counter() - t0
    if not route.feasible:
        return Answer(seconds)
    after = dict(values)
    by_name = {c.name: c for c in amounts}
    for step in route.steps:
        if step.action in by_name:
            c = by_name[step.action]
            after[c.trait] = (
                float(after[c.trait]) + step.effort_hours / c.hours_per_unit
            )
        else:
            (effect,) = catalogue[step.action].effects
            after[effect.trait] = float(after[effect.trait]) + float(effect.value)
    return Answer(seconds, after, route.totals.cost, route.optimal)


def exact_cost_builder() -> Any:
    """AR's python-mip (CBC) builder with the shared grid and costs.

    ``_get_mip_build_info`` is the only override: instead of the action set's
    percentile grid and costs it returns, per varied feature, the moves (0 first)
    and strive's ``action_cost`` of each. ``build_mip``, ``fit`` and the CBC solve
    are actionable-recourse's own.
    """
    import numpy as np

    if not hasattr(np, "float_"):  # actionable-recourse 1.0.1 predates NumPy 2
        np.float_ = np.float64  # type: ignore[attr-defined]
    from recourse.builder import _RecourseBuilderPythonMIP

    class ExactCostBuilder(_RecourseBuilderPythonMIP):  # type: ignore[misc]
        moves: ClassVar[dict[str, list[Action]]] = {}

        def __new__(cls, **kwargs: Any) -> Any:
            # RecourseBuilder.__new__ picks the class by solver name; keep this one.
            return object.__new__(cls)

        def _get_mip_build_info(
            self, cost_function_type: str = "percentile", validate: bool = True
        ) -> tuple[dict[str, Any], dict[str, list[Any]]]:
            info: dict[str, Any] = {}
            indices: dict[str, list[Any]] = defaultdict(list)
            for name, moves in self.moves.items():
                idx = self._variable_index[name]
                a = [0.0] + [float(m.effects[0].value) for m in moves]
                c = [0.0] + [
                    action_cost(m, WEIGHTS, LIMITS.hours_per_week) for m in moves
                ]
                item = {
                    "idx": idx,
                    "coef": float(self._coefficients[idx]),
                    "actions": a,
                    "costs": c,
                    "action_var_name": [f"a[{idx}]"],
                    "action_ind_names": [f"u[{idx}][{k}]" for k in range(len(a))],
                    "cost_var_name": [f"c[{idx}]"],
                    "nullify_ind_name": [f"u[{idx}][0]"],
                }
                info[name] = item
                indices["var_idx"].append(idx)
                indices["coefficients"].append(item["coef"])
                indices["action_off_names"].append(item["action_ind_names"][0])
                indices["action_ind_names"].extend(item["action_ind_names"])
                indices["nullify_ind_names"].append(item["nullify_ind_name"][0])
                indices["action_var_names"].extend(item["action_var_name"])
                indices["cost_var_names"].extend(item["cost_var_name"])
                indices["action_lb"].append(min(a))
                indices["action_ub"].append(max(a))
                indices["cost_ub"].append(max(c))
                indices["cost_df"].append(
                    min(x - y for x, y in zip(c[1:], c, strict=False))
                )
            if validate:
                assert self._check_mip_build_info(info)
            return info, indices

    return ExactCostBuilder


@dataclass
class AR:
    names: list[str]
    weights: list[float]
    intercept: float
    action_set: Any
    builder: Any


def make_ar(data: Dataset, pipe: Any, features: list[Feature]) -> AR:
    import pandas as pd
    from recourse import ActionSet

    names, weights, intercept = raw_linear(data, pipe)
    # The same acceptance rule as strive's compiled target: probability at least
    # 0.5 + 1e-5 (``predict`` needs strictly above 0.5), i.e. AR's "score >= 0"
    # on the intercept lowered by that logit.
    intercept -= math.log((0.5 + STRICT) / (0.5 - STRICT))
    frame = data.frame[data.columns].to_dict("records")
    x = pd.DataFrame([raw_row(data, names, r) for r in frame], columns=names)
    with contextlib.redirect_stdout(io.StringIO()):
        action_set = ActionSet(X=x, names=names)
    varied = {f.column: f for f in features}
    for n in names:
        action_set[n].actionable = n in varied
        if n in varied:
            action_set[n].step_direction = varied[n].direction
    action_set.set_alignment(coefficients=weights)
    return AR(names, weights, intercept, action_set, exact_cost_builder())


def run_ar(
    data: Dataset,
    ar: AR,
    features: list[Feature],
    row: dict[str, Any],
    size: int,
    time_limit: float,
) -> Answer:
    import numpy as np

    t0 = time.perf_counter()
    moves = grid(data, features, row, size)
    ar.builder.moves = moves
    x = np.array(raw_row(data, ar.names, row))
    builder = ar.builder(
        action_set=ar.action_set,
        x=x,
        coefficients=np.array(ar.weights),
        intercept=ar.intercept,
        mip_cost_type="total",
        solver="python-mip",
        print_flag=False,
    )
    builder.build_mip()
    builder.mip.verbose = 0
    builder.mip.max_mip_gap = 0.0  # exact, as strive (python-mip's default is 1e-4)
    builder.mip.max_mip_gap_abs = 0.0
    info = builder.fit(time_limit=time_limit)
    seconds = time.perf_counter() - t0
    if not info["feasible"]:
        return Answer(seconds)
    after = dict(row)
    for j, n in enumerate(ar.names):
        if n in moves:
            after[n] = float(row[n]) + float(info["actions"][j])
    optimal = info["status"] == "OPTIMAL" and info["gap"] <= 1e-9
    return Answer(seconds, after, float(info["cost"]), optimal)


def make_dice(data: Dataset, pipe: Any, method: str) -> Any:
    os.environ.setdefault("TQDM_DISABLE", "1")
    import dice_ml

    d = dice_ml.Data(
        dataframe=data.frame[[*data.columns, "y"]],
        continuous_features=data.numeric,
        outcome_name="y",
    )
    return dice_ml.Dice(d, dice_ml.Model(model=pipe, backend="sklearn"), method=method)


def run_dice(
    data: Dataset,
    explainer: Any,
    method: str,
    features: list[Feature],
    row: dict[str, Any],
) -> Answer:
    import pandas as pd

    query = pd.DataFrame([{c: row[c] for c in data.columns}])
    permitted = {f.column: sorted([float(row[f.column]), f.bound]) for f in features}
    seeded = {"random_seed": 0} if method == "random" else {}
    t0 = time.perf_counter()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            result = explainer.generate_counterfactuals(
                query,
                total_CFs=1,
                desired_class=1,
                features_to_vary=[f.column for f in features],
                permitted_range=permitted,
                verbose=False,
                **seeded,
            )
        found = result.cf_examples_list[0].final_cfs_df
    except Exception as exc:  # counted as an error (logged), not as "none"
        message = f"{type(exc).__name__}: {exc}"
        print(f"DiCE {method} raised on {dict(row)!r}: {message}", file=sys.stderr)
        return Answer(time.perf_counter() - t0, error=message)
    seconds = time.perf_counter() - t0
    if found is None or len(found) == 0:
        return Answer(seconds)
    after = found[data.columns].to_dict("records")[0]
    return Answer(seconds, after, cost_of(data, row, after))


# -- the report -------------------------------------------------------------------


def valid(data: Dataset, pipe: Any, answer: Answer) -> bool:
    import pandas as pd

    if answer.after is None:
        return False
    frame = pd.DataFrame([{c: answer.after[c] for c in data.columns}])
    return bool(pipe.predict(frame)[0] == 1)


def line(
    data: Dataset,
    pipe: Any,
    label: str,
    size: str,
    rows: list[dict[str, Any]],
    answers: list[Answer],
    ref: list[Answer],
    ref_med: float,
    catalogue: str,
) -> str:
    ok = [valid(data, pipe, a) for a in answers]
    clean = [
        a.after is not None and violations(data, r, a.after) == 0
        for r, a in zip(rows, answers, strict=True)
    ]
    strive_ok = [valid(data, pipe, a) for a in ref]
    both = [
        i
        for i in range(len(rows))
        if ok[i] and clean[i] and strive_ok[i] and ref[i].cost is not None
    ]
    not_above = sum(
        ref[i].cost <= answers[i].cost + 1e-6 * (1 + answers[i].cost)  # type: ignore[operator]
        for i in both
    )
    med = statistics.median(a.seconds for a in answers)
    cpu = statistics.median(a.cpu for a in answers)
    ref_cpu = statistics.median(a.cpu for a in ref[: len(answers)])
    mine = [answers[i].cost for i in both]
    theirs = [ref[i].cost for i in both]
    found = sum(a.after is not None for a in answers)
    cost = (
        f"{statistics.median(mine):.0f} vs {statistics.median(theirs):.0f}"  # type: ignore[type-var]
        if both
        else "-"
    )
    return (
        f"| {data.name} | {size} | {catalogue} | {label} | {len(rows)} | {found} "
        f"| {sum(ok)}/{found} | {sum(a.optimal for a in answers)} "
        f"| {sum(a.error is not None for a in answers)} "
        f"| {found - sum(clean)} | {med * 1e3:.1f} | {med / ref_med:.0f}x "
        f"| {cpu * 1e3:.1f} | {cpu / ref_cpu:.0f}x "
        f"| {cost} ({len(both)}) | {not_above}/{len(both)} |"
    )


def main(argv: list[str] | None = None) -> None:
    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", choices=sorted(DATASETS))
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sizes", default="25,200,2000")
    parser.add_argument("--dice", default="random,kdtree,genetic")
    parser.add_argument("--genetic-people", type=int, default=10)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument(
        "--no-actions",
        dest="actions",
        action="store_false",
        help="skip the row timing plan_route over one Action per move",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("TQDM_DISABLE", "1")

    data = DATASETS[args.dataset]()
    pipe = fit(data)
    traits = traits_of(data)
    target = target_from_model(
        pipe, {c: c for c in data.columns}, traits, allow_sensitive=True
    )
    names, weights, _ = raw_linear(data, pipe)
    coef = dict(zip(names, weights, strict=True))
    # A feature whose coefficient does not raise the score in its direction is
    # never worth moving: left out for every tool (AR's grid check insists).
    features = [f for f in data.features if coef[f.column] * f.direction > 0]
    data.mad = {f.column: _mad(data.frame, f.column) for f in features}
    negatives = np.flatnonzero(pipe.predict(data.frame[data.columns]) == 0)
    rng = np.random.default_rng(args.seed)
    picked = rng.choice(negatives, size=min(args.people, len(negatives)), replace=False)
    rows_all = data.frame.to_dict("records")
    rows = [rows_all[i] for i in sorted(picked.tolist())]
    warm = rows_all[int(next(i for i in negatives if i not in set(picked.tolist())))]
    sizes: list[int | None] = [int(s) for s in args.sizes.split(",") if s]
    sizes.append(None)
    finest = max(s for s in sizes if s is not None)
    ar = make_ar(data, pipe, features)

    load = [os.getloadavg()[0]]
    print(
        f"# {data.name}: {len(rows)} people predicted 0 (seed {args.seed}) of "
        f"{len(data.frame)}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load {load[0]:.1f}"
    )
    varied = ", ".join(
        f"{f.column} {'+' if f.direction > 0 else '-'}" for f in features
    )
    mads = ", ".join(f"{k} {v:g}" for k, v in data.mad.items())
    print(f"# varied: {varied}; MAD {mads}")
    header = (
        "| data | size | median moves | tool | people | answers | valid | proven "
        "optimal | errors | violations | median ms | × strive | median CPU ms "
        "| CPU × strive | median cost: tool "
        "vs strive (both valid) | strive ≤ tool |"
    )
    print(header)
    print("|" + "---|" * 16)
    strive_by_size: dict[int | None, list[Answer]] = {}
    by_actions: dict[int, list[Answer]] = {}
    for size in sizes:
        run_strive(data, traits, target, features, warm, size, args.time_limit)
        answers = [
            cpu_timed(
                run_strive, data, traits, target, features, r, size, args.time_limit
            )
            for r in rows
        ]
        strive_by_size[size] = answers
        if size is not None and args.actions:
            run_strive(
                data, traits, target, features, warm, size, args.time_limit, True
            )
            by_actions[size] = [
                cpu_timed(
                    run_strive,
                    *(data, traits, target, features, r, size, args.time_limit, True),
                )
                for r in rows
            ]
    dice_answers: dict[str, tuple[list[dict[str, Any]], list[Answer]]] = {}
    for method in (m for m in args.dice.split(",") if m):
        explainer = make_dice(data, pipe, method)
        subset = rows[: args.genetic_people] if method == "genetic" else rows
        run_dice(data, explainer, method, features, warm)
        dice_answers[method] = (
            subset,
            [cpu_timed(run_dice, data, explainer, method, features, r) for r in subset],
        )
    for size in sizes:
        ref = strive_by_size[size]
        label = "continuous" if size is None else str(size)
        moves = (
            "-"
            if size is None
            else str(
                int(
                    statistics.median(
                        sum(len(v) for v in grid(data, features, r, size).values())
                        for r in rows
                    )
                )
            )
        )
        ref_med = statistics.median(a.seconds for a in ref)
        print(line(data, pipe, "strive", label, rows, ref, ref, ref_med, moves))
        if size in by_actions:
            print(
                line(
                    data,
                    pipe,
                    "strive, Action path",
                    label,
                    rows,
                    by_actions[size],
                    ref,
                    ref_med,
                    moves,
                )
            )
        ar_size = finest if size is None else size
        run_ar(data, ar, features, warm, ar_size, args.time_limit)
        ar_answers = [
            cpu_timed(run_ar, data, ar, features, r, ar_size, args.time_limit)
            for r in rows
        ]
        ar_label = "AR (CBC)" + (f", grid {finest}" if size is None else "")
        print(line(data, pipe, ar_label, label, rows, ar_answers, ref, ref_med, moves))
        for method, (subset, answers) in dice_answers.items():
            ref_sub = ref[: len(subset)]
            med = statistics.median(a.seconds for a in ref_sub)
            print(
                line(
                    data,
                    pipe,
                    f"DiCE {method}",
                    label,
                    subset,
                    answers,
                    ref_sub,
                    med,
                    moves,
                ),
                flush=True,
            )
    load.append(os.getloadavg()[0])
    print(f"# load average at start / end: {load[0]:.1f} / {load[1]:.1f}")


if __name__ == "__main__":
    sys.exit(main())
