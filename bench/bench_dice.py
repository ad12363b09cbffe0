"""strive's exact route against DiCE (dice-ml) on one logistic-regression model.

.venv/bin/python bench/bench_dice.py adult [--people 200] [--dice-cfs 1] [--genetic 0]
.venv/bin/python bench/bench_dice.py admissions [--people 200]

Both tools explain the same sklearn pipeline (standardised numbers + one-hot
categories -> LogisticRegression) for the same people predicted "not selected".
strive gets the model as an exact ``LinearTarget`` and a per-person action catalogue;
DiCE gets ``features_to_vary`` and a per-person ``permitted_range`` that say the same
thing. Validity is re-predicted by the sklearn pipeline (probability >= 0.5).

Answers are scored twice. First in a metric *neither* tool optimises: how many
features changed, and the total normalised change (each numeric feature's absolute
change divided by its median absolute deviation in the data, or its range when the
MAD is 0, plus 1 per changed category). Then in strive's own objective, the strive
cost (``CostWeights()``, ``Limits(hours_per_week=40)``) of the cheapest catalogue
actions realising the change (rounded up to the catalogue's step): strive minimises
that, so "strive is never above" holds there by construction and proves nothing.

Every DiCE exception is logged on stderr with its message and counted as an error,
not as "found nothing". Every person strive calls infeasible is checked by
exhaustive search with the sklearn pipeline itself: every reachable combination of
the varied features on the catalogue's grid when there are at most ``GRID_LIMIT``
of them, else every combination of each numeric feature's two ends (exact for a
model linear in the features). Results go in docs/route.md "Against DiCE".

dice-ml is a bench-only dependency (the ``bench`` extra): it is imported inside
functions so linting works without it. Unsourced step costs below are assumptions of
this bench, not figures for anyone's advice.
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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

from strive.actions import Action, Catalogue, Effect
from strive.goal import Limits
from strive.route import CostWeights, LinearTarget, plan_route
from strive.route.select import action_cost
from strive.template import Template
from strive.templates import load_template
from strive.traits import Value

START = dt.date(2026, 1, 1)
WEIGHTS = CostWeights()
LIMITS = Limits(hours_per_week=40)
MARGIN = 1e-6
"""Probability margin over 0.5 so floating point never lands an answer at 0.49999."""
HOURS_PER_YEAR = 52 * 40
GRID_LIMIT = 200_000
"""Largest grid of varied-feature combinations searched point by point."""
"""Full-time study: 52 weeks x 40 h, the template's own arithmetic for degrees."""


def _action(
    name: str, effects: tuple[Effect, ...], effort: float, months: float = 0.0
) -> Action:
    return Action(
        name=name,
        label=name.replace("_", " "),
        effects=effects,
        duration_months=months,
        effort_hours=effort,
        money=0.0,
        money_sourced=False,
        group="",
    )


def _cost(action: Action) -> float:
    return action_cost(action, WEIGHTS, LIMITS.hours_per_week)


def _steps(trait: str, step: float, n: int, effort: float) -> list[Action]:
    """Binary pieces (1, 2, 4, ... steps, then the rest): any 0..n steps, no more.

    Effort is linear in the number of steps and the calendar length follows the
    effort, so every way of reaching k steps costs the same: k * cost(one step).
    """
    out: list[Action] = []
    done, piece = 0, 1
    while done < n:
        k = min(piece, n - done)
        name = f"{trait}_plus_{k * step:g}"
        if any(a.name == name for a in out):  # the rest equals the last piece (n = 2)
            name += "_rest"
        out.append(
            _action(
                name,
                (Effect(trait, "add", float(k * step)),),
                effort * k,
            )
        )
        done += k
        piece *= 2
    return out


def _n_steps(low: float, high: float, step: float) -> int:
    return max(0, math.floor((high - low) / step + 1e-9))


def _up_steps(before: float, after: float, step: float) -> int:
    """Steps of the catalogue needed to reach at least ``after`` (0 if lower)."""
    return max(0, math.ceil((after - before) / step - 1e-9))


# -- the two cases ----------------------------------------------------------------


@dataclass
class Case:
    """One dataset: its model columns, constraints, catalogue and cost metric."""

    name: str
    template: Template
    frame: Any  # pandas DataFrame: template trait columns, complete on the model's
    numeric: list[str]
    categorical: list[str]
    vary: list[str]
    up_only: list[str]
    bounds: dict[str, tuple[float, float]]
    grid: dict[str, float]
    strive_feature: dict[str, tuple[str, float]] = field(default_factory=dict)
    """Model column -> (strive feature, offset): column = feature + offset."""

    @property
    def columns(self) -> list[str]:
        return self.numeric + self.categorical

    def values(self, row: Mapping[str, Any]) -> dict[str, Value | None]:
        raise NotImplementedError

    def model_row(self, values: Mapping[str, Value | None]) -> dict[str, Any]:
        raise NotImplementedError

    def catalogue(self, row: Mapping[str, Any]) -> Catalogue:
        raise NotImplementedError

    def cost(self, before: Mapping[str, Any], after: Mapping[str, Any]) -> float:
        raise NotImplementedError

    def permitted(self, row: Mapping[str, Any]) -> dict[str, list[float]]:
        return {c: [float(row[c]), self.bounds[c][1]] for c in self.up_only}


# Adult -----------------------------------------------------------------------------

EDU_YEARS = {
    "preschool": 0.0,
    "1st-4th": 4.0,
    "5th-6th": 6.0,
    "7th-8th": 8.0,
    "9th": 9.0,
    "10th": 10.0,
    "11th": 11.0,
    "12th": 12.0,
    "hs-grad": 12.5,
    "some-college": 13.5,
    "assoc-voc": 14.5,
    "assoc-acdm": 15.0,
    "bachelors": 16.5,
}
"""Assumed cumulative full-time years to reach each level up to a bachelor's."""
GRAD_MONTHS = {"masters": 18.0, "prof-school": 48.0, "doctorate": 48.0}
"""The adult-income template's own degree actions (each after a bachelor's)."""
OCCUPATION_CHANGE = (520.0, 6.0)
WORKCLASS_CHANGE = (260.0, 3.0)
"""Assumed (effort hours, months) for changing occupation / employer type."""
EXTRA_HOUR_EFFORT = 52.0
"""One more hour per week for the census year: 52 hours of effort."""


class Adult(Case):
    def __init__(self) -> None:
        import pandas as pd

        template = load_template("adult-income")
        path = resources.files("strive") / "data" / "adult_income_cohort.csv.gz"
        with path.open("rb") as fh:
            frame = pd.read_csv(fh, compression="gzip")
        numeric = ["age", "education_num", "capital_gain", "capital_loss"]
        numeric.append("hours_per_week")
        categorical = ["workclass", "marital_status", "occupation", "relationship"]
        frame = frame.dropna(subset=numeric + categorical).reset_index(drop=True)
        super().__init__(
            name="adult",
            template=template,
            frame=frame,
            numeric=numeric,
            categorical=categorical,
            vary=["education_num", "hours_per_week", "occupation", "workclass"],
            up_only=["education_num", "hours_per_week"],
            bounds={"education_num": (1.0, 16.0), "hours_per_week": (1.0, 99.0)},
            grid={"education_num": 1.0, "hours_per_week": 1.0},
            strive_feature={"education_num": ("education", 1.0)},
        )
        self.levels = list(template.traits["education"].levels)
        self.categories = {
            c: sorted(str(v) for v in frame[c].unique()) for c in categorical
        }

    def values(self, row: Mapping[str, Any]) -> dict[str, Value | None]:
        out: dict[str, Value | None] = {}
        for trait in self.template.traits:
            v = row.get(trait.name)
            if v is None or (isinstance(v, float) and math.isnan(v)):
                out[trait.name] = None
            elif isinstance(v, str):
                out[trait.name] = v
            else:
                out[trait.name] = float(v)
        return out

    def model_row(self, values: Mapping[str, Value | None]) -> dict[str, Any]:
        row = {c: values[c] for c in self.columns}
        education = values["education"]
        assert isinstance(education, str)
        row["education_num"] = float(self.levels.index(education) + 1)
        return row

    def _edu_action(self, was: str, to: str) -> Action:
        bach = self.levels.index("bachelors")
        if to in GRAD_MONTHS:
            months = GRAD_MONTHS[to]
            if self.levels.index(was) < bach:
                months += 12 * (EDU_YEARS["bachelors"] - EDU_YEARS[was])
        else:
            months = 12 * max(EDU_YEARS[to] - EDU_YEARS[was], 0.5)
        effort = months / 12 * HOURS_PER_YEAR
        number = float(self.levels.index(to) + 1)
        effects = (
            Effect("education", "set", to),
            Effect("education_num", "set", number),
        )
        action = _action(f"education_to_{to}", effects, effort, months)
        return replace(action, group="education")

    def catalogue(self, row: Mapping[str, Any]) -> Catalogue:
        was = str(row["education"])
        actions = [
            self._edu_action(was, to)
            for to in self.levels[self.levels.index(was) + 1 :]
        ]
        hours = float(row["hours_per_week"])
        n = _n_steps(hours, self.bounds["hours_per_week"][1], 1.0)
        actions += _steps("hours_per_week", 1.0, n, EXTRA_HOUR_EFFORT)
        for trait, (effort, months) in (
            ("occupation", OCCUPATION_CHANGE),
            ("workclass", WORKCLASS_CHANGE),
        ):
            for value in self.categories[trait]:
                if value != row[trait]:
                    effects = (Effect(trait, "set", value),)
                    actions.append(
                        _action(f"{trait}_to_{value}", effects, effort, months)
                    )
        return Catalogue.of(actions)

    def cost(self, before: Mapping[str, Any], after: Mapping[str, Any]) -> float:
        total = 0.0
        b, a = int(before["education_num"]), round(float(after["education_num"]))
        if a > b:
            total += _cost(self._edu_action(self.levels[b - 1], self.levels[a - 1]))
        extra = _up_steps(before["hours_per_week"], after["hours_per_week"], 1.0)
        total += extra * _cost(_action("h", (), EXTRA_HOUR_EFFORT))
        for trait, (effort, months) in (
            ("occupation", OCCUPATION_CHANGE),
            ("workclass", WORKCLASS_CHANGE),
        ):
            if after[trait] != before[trait]:
                total += _cost(_action("c", (), effort, months))
        return total


# Graduate admissions ------------------------------------------------------------

ADMISSION_STEPS = {
    "gre_score": (1.0, 10.0),
    "toefl_score": (1.0, 5.0),
    "sop": (0.5, 10.0),
    "lor": (0.5, 40.0),
    "cgpa": (0.01, 8.0),
}
"""Assumed (step, effort hours per step): a GRE point takes 10 h of study, a TOEFL
point 5 h, half a point of statement 10 h of rewriting, half a point of letters 40 h
of work with a referee, 0.01 of CGPA 8 h (only while still enrolled)."""


class Admissions(Case):
    def __init__(self) -> None:
        import pandas as pd

        template = load_template("graduate-admissions")
        path = resources.files("strive") / "data" / "graduate_admissions_cohort.csv"
        with path.open("rb") as fh:
            frame = pd.read_csv(fh)
        frame["research"] = (frame["research"] == "yes").astype(int)
        super().__init__(
            name="admissions",
            template=template,
            frame=frame,
            numeric=[
                "gre_score",
                "toefl_score",
                "university_rating",
                "sop",
                "lor",
                "cgpa",
                "research",
            ],
            categorical=[],
            vary=[*ADMISSION_STEPS, "research"],
            up_only=[*ADMISSION_STEPS, "research"],
            bounds={
                "gre_score": (260.0, 340.0),
                "toefl_score": (0.0, 120.0),
                "sop": (1.0, 5.0),
                "lor": (1.0, 5.0),
                "cgpa": (0.0, 10.0),
                "research": (0.0, 1.0),
            },
            grid={**{k: s for k, (s, _) in ADMISSION_STEPS.items()}, "research": 1.0},
        )
        self.research = template.catalogue["research_master"]

    def values(self, row: Mapping[str, Any]) -> dict[str, Value | None]:
        out: dict[str, Value | None] = {
            c: float(row[c]) for c in self.numeric if c != "research"
        }
        out["research"] = bool(row["research"])
        return out

    def model_row(self, values: Mapping[str, Value | None]) -> dict[str, Any]:
        row: dict[str, Any] = {c: values[c] for c in self.numeric}
        row["research"] = int(bool(values["research"]))
        return row

    def catalogue(self, row: Mapping[str, Any]) -> Catalogue:
        actions: list[Action] = []
        for trait, (step, effort) in ADMISSION_STEPS.items():
            n = _n_steps(float(row[trait]), self.bounds[trait][1], step)
            actions += _steps(trait, step, n, effort)
        if not row["research"]:
            actions.append(self.research)
        return Catalogue.of(actions)

    def cost(self, before: Mapping[str, Any], after: Mapping[str, Any]) -> float:
        total = 0.0
        for trait, (step, effort) in ADMISSION_STEPS.items():
            k = _up_steps(float(before[trait]), float(after[trait]), step)
            total += k * _cost(_action("s", (), effort))
        if round(float(after["research"])) > round(float(before["research"])):
            total += _cost(self.research)
        return total


CASES: dict[str, Callable[[], Case]] = {"adult": Adult, "admissions": Admissions}


# -- model, target, checks ----------------------------------------------------------


def fit(case: Case) -> Any:
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    parts: list[tuple[str, Any, list[str]]] = [("num", StandardScaler(), case.numeric)]
    if case.categorical:
        encoder = OneHotEncoder(handle_unknown="ignore")
        parts.append(("cat", encoder, case.categorical))
    pipe = Pipeline(
        [
            ("pre", ColumnTransformer(parts)),
            ("lr", LogisticRegression(max_iter=5000)),
        ]
    )
    y = (case.frame["selected"] == "yes").astype(int)
    return pipe.fit(case.frame[case.columns], y)


def linear_target(case: Case, pipe: Any) -> LinearTarget:
    """The pipeline's logit in raw trait units: exact, not an approximation."""
    pre, lr = pipe.named_steps["pre"], pipe.named_steps["lr"]
    coef = list(lr.coef_[0])
    intercept = float(lr.intercept_[0])
    scaler = pre.named_transformers_["num"]
    out: dict[str, float] = {}
    for j, column in enumerate(case.numeric):
        w = coef[j] / scaler.scale_[j]
        intercept -= w * scaler.mean_[j]
        feature, offset = case.strive_feature.get(column, (column, 0.0))
        out[feature] = w
        intercept += w * offset
    at = len(case.numeric)
    if case.categorical:
        encoder = pre.named_transformers_["cat"]
        for column, cats in zip(case.categorical, encoder.categories_, strict=True):
            for cat in cats:
                out[f"{column}={cat}"] = coef[at]
                at += 1
    return LinearTarget(out, intercept, threshold=0.5, margin=MARGIN)


def violations(case: Case, before: Mapping[str, Any], after: Mapping[str, Any]) -> dict:
    fixed = [c for c in case.columns if c not in case.vary]
    out = {
        "immutable": sum(after[c] != before[c] for c in fixed),
        "decreased": sum(
            float(after[c]) < float(before[c]) - 1e-9 for c in case.up_only
        ),
        "range": 0,
    }
    for c, (low, high) in case.bounds.items():
        v = float(after[c])
        off = abs(v / case.grid[c] - round(v / case.grid[c])) > 1e-6
        out["range"] += v < low - 1e-9 or v > high + 1e-9 or off
    return out


def changed(case: Case, before: Mapping[str, Any], after: Mapping[str, Any]) -> int:
    def same(c: str) -> bool:
        if c in case.numeric:
            return abs(float(after[c]) - float(before[c])) < 1e-9
        return bool(after[c] == before[c])

    return sum(not same(c) for c in case.columns)


# -- the two tools ------------------------------------------------------------------


@dataclass
class Answer:
    seconds: float
    after: dict[str, Any] | None = None
    proved_none: bool = False
    error: str | None = None
    """The exception the tool raised (type and message), if any."""


def run_strive(case: Case, target: LinearTarget, row: Mapping[str, Any]) -> Answer:
    t0 = time.perf_counter()
    catalogue = case.catalogue(row)
    values = case.values(row)
    route = plan_route(
        catalogue,
        case.template.traits,
        values,
        targets=[target],
        limits=LIMITS,
        start=START,
        weights=WEIGHTS,
        alternatives=False,
        explain_infeasible=False,
    )
    seconds = time.perf_counter() - t0
    if not route.feasible:
        return Answer(seconds, proved_none=route.status == "infeasible")
    state = dict(values)
    for step in route.steps:
        state = catalogue[step.action].apply(case.template.traits, state)
    after = case.model_row(state)
    assert abs(case.cost(row, after) - route.totals.cost) < 1e-6 * (
        1 + route.totals.cost
    ), (case.cost(row, after), route.totals.cost)
    return Answer(seconds, after)


def make_dice(case: Case, pipe: Any, method: str) -> Any:
    os.environ.setdefault("TQDM_DISABLE", "1")
    import dice_ml

    data = case.frame[case.columns].copy()
    data["selected"] = (case.frame["selected"] == "yes").astype(int)
    d = dice_ml.Data(
        dataframe=data, continuous_features=case.numeric, outcome_name="selected"
    )
    m = dice_ml.Model(model=pipe, backend="sklearn")
    return dice_ml.Dice(d, m, method=method)


def run_dice(
    case: Case, pipe: Any, dice: tuple[str, Any], row: Mapping[str, Any], cfs: int
) -> Answer:
    import pandas as pd

    method, explainer = dice
    seeded = {"random_seed": 0} if method == "random" else {}
    query = pd.DataFrame([{c: row[c] for c in case.columns}])
    t0 = time.perf_counter()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            result = explainer.generate_counterfactuals(
                query,
                total_CFs=cfs,
                desired_class=1,
                features_to_vary=case.vary,
                permitted_range=case.permitted(row),
                verbose=False,
                **seeded,
            )
        found = result.cf_examples_list[0].final_cfs_df
    except Exception as exc:  # logged and counted as an error, not as "none"
        seconds = time.perf_counter() - t0
        message = f"{type(exc).__name__}: {exc}"
        print(
            f"DiCE {method} raised on person {dict(row)!r}: {message}", file=sys.stderr
        )
        return Answer(seconds, error=message)
    seconds = time.perf_counter() - t0
    if found is None or len(found) == 0:
        return Answer(seconds)
    best: dict[str, Any] | None = None
    best_key: tuple[float, float] = (math.inf, math.inf)
    for record in found[case.columns].to_dict("records"):
        p = float(pipe.predict_proba(pd.DataFrame([record]))[0, 1])
        key = (0.0 if p >= 0.5 else 1.0, case.cost(row, record))
        if key < best_key:
            best, best_key = record, key
    return Answer(seconds, best)


# -- the report -------------------------------------------------------------------


@dataclass
class Score:
    tool: str
    answers: list[Answer]
    valid: list[bool] = field(default_factory=list)
    costs: list[float | None] = field(default_factory=list)
    n_changed: list[int] = field(default_factory=list)
    change: list[float | None] = field(default_factory=list)
    """Per person: total normalised change (None without an answer)."""
    clean: list[bool] = field(default_factory=list)
    """Per person: an answer with no constraint violation."""
    bad: dict[str, int] = field(
        default_factory=lambda: {"immutable": 0, "decreased": 0, "range": 0}
    )


def scales(case: Case) -> dict[str, float]:
    """Each numeric feature's median absolute deviation (its range if that is 0)."""
    out: dict[str, float] = {}
    for c in case.numeric:
        column = case.frame[c].astype(float)
        mad = float((column - column.median()).abs().median())
        out[c] = mad if mad > 0 else float(column.max() - column.min()) or 1.0
    return out


def normalised_change(
    case: Case,
    scale: Mapping[str, float],
    before: Mapping[str, Any],
    after: Mapping[str, Any],
) -> float:
    """Sum of |change| / scale over numeric features, plus 1 per changed category."""
    total = 0.0
    for c in case.numeric:
        total += abs(float(after[c]) - float(before[c])) / scale[c]
    for c in case.categorical:
        total += after[c] != before[c]
    return total


def score(
    case: Case,
    pipe: Any,
    tool: str,
    rows: list[dict],
    answers: list,
    scale: Mapping[str, float],
) -> Score:
    import pandas as pd

    s = Score(tool, answers)
    for row, ans in zip(rows, answers, strict=True):
        if ans.after is None:
            s.valid.append(False)
            s.costs.append(None)
            s.change.append(None)
            s.clean.append(False)
            continue
        p = float(pipe.predict_proba(pd.DataFrame([ans.after]))[0, 1])
        s.valid.append(p >= 0.5)
        s.costs.append(case.cost(row, ans.after))
        s.change.append(normalised_change(case, scale, row, ans.after))
        s.n_changed.append(changed(case, row, ans.after))
        found = violations(case, row, ans.after)
        for k, v in found.items():
            s.bad[k] += v
        s.clean.append(not any(found.values()))
    return s


def _median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else math.nan


def table(scores: list[Score]) -> str:
    ref = scores[0]
    lines = [
        "| tool | people | answers | errors | valid (p≥0.5) | proved none "
        "| median s | max s | median features changed* | median normalised change* "
        "| strive ≤ tool, normalised change* | median strive cost: tool vs strive* "
        "| immutable changed | grow-only lowered | out of range / off grid |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in scores:
        k = len(s.answers)
        both = [
            i
            for i in range(k)
            if ref.valid[i] and ref.clean[i] and s.valid[i] and s.clean[i]
        ]
        cost = _median([s.costs[i] for i in both])  # type: ignore[misc]
        strive_cost = _median([ref.costs[i] for i in both])  # type: ignore[misc]
        change = _median([s.change[i] for i in both])  # type: ignore[misc]
        strive_change = _median([ref.change[i] for i in both])  # type: ignore[misc]
        not_above = sum(
            ref.change[i] <= s.change[i] + 1e-9  # type: ignore[operator]
            for i in both
        )
        counts = [
            changed_n
            for i, changed_n in zip(_answered(s), s.n_changed, strict=True)
            if i in both
        ]
        secs = [a.seconds for a in s.answers]
        answered = sum(a.after is not None for a in s.answers)
        lines.append(
            f"| {s.tool} | {k} | {answered} "
            f"| {sum(a.error is not None for a in s.answers)} "
            f"| {sum(s.valid)}/{answered} "
            f"| {sum(a.proved_none for a in s.answers)} "
            f"| {_median(secs):.4f} | {max(secs):.4f} "
            f"| {_median([float(c) for c in counts]):.0f} "
            f"| {change:.2f} vs {strive_change:.2f} ({len(both)}) "
            f"| {not_above}/{len(both)} "
            f"| {cost:.0f} vs {strive_cost:.0f} "
            f"| {s.bad['immutable']} | {s.bad['decreased']} | {s.bad['range']} |"
        )
    return "\n".join(lines)


def _answered(s: Score) -> list[int]:
    """Indices of the people with an answer (``n_changed`` is kept only for them)."""
    return [i for i, a in enumerate(s.answers) if a.after is not None]


def _choices(case: Case, row: Mapping[str, Any], ends: bool) -> dict[str, list[Any]]:
    """The values each varied feature can take for this person."""
    out: dict[str, list[Any]] = {}
    for c in case.vary:
        if c in case.categorical:
            out[c] = sorted({str(v) for v in case.frame[c].unique()})
            continue
        low, high = float(row[c]), case.bounds[c][1]
        if ends:
            out[c] = sorted({low, high})
            continue
        step = case.grid[c]
        n = _n_steps(low, high, step)
        out[c] = [round(low + k * step, 6) for k in range(n + 1)]
    return out


def exhaustive(case: Case, pipe: Any, row: Mapping[str, Any]) -> tuple[bool, str, int]:
    """(some reachable combination is predicted selected, how searched, how many)."""
    import itertools

    import pandas as pd

    choices = _choices(case, row, ends=False)
    size = math.prod(len(v) for v in choices.values())
    how = "grid"
    if size > GRID_LIMIT:
        choices, how = _choices(case, row, ends=True), "ends"
        size = math.prod(len(v) for v in choices.values())
    names = list(choices)
    fixed = {c: row[c] for c in case.columns if c not in choices}
    frame = pd.DataFrame(
        [
            {**fixed, **dict(zip(names, combo, strict=True))}
            for combo in itertools.product(*(choices[n] for n in names))
        ]
    )[case.columns]
    p = pipe.predict_proba(frame)[:, 1]
    return bool((p >= 0.5).any()), how, size


def check_infeasible(
    case: Case, pipe: Any, rows: list[dict], answers: list[Answer]
) -> str:
    """strive's 'no route' claims, each checked by :func:`exhaustive`."""
    claims = [r for r, a in zip(rows, answers, strict=True) if a.after is None]
    if not claims:
        return "strive called no one infeasible: nothing to check."
    wrong, how = 0, {"grid": 0, "ends": 0}
    for row in claims:
        found, searched, _ = exhaustive(case, pipe, row)
        wrong += found
        how[searched] += 1
    return (
        f"strive called {len(claims)} people infeasible; exhaustive search "
        f"({how['grid']} full grids, {how['ends']} by feature ends) found an answer "
        f"for {wrong} of them."
    )


def main(argv: list[str] | None = None) -> None:
    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", choices=sorted(CASES))
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dice-cfs", type=int, default=1)
    parser.add_argument(
        "--genetic", type=int, default=0, help="also run DiCE genetic on N people"
    )
    args = parser.parse_args(argv)

    case = CASES[args.case]()
    pipe = fit(case)
    target = linear_target(case, pipe)
    data = case.frame[case.columns]
    logit = pipe.decision_function(data)
    rows_all = case.frame.to_dict("records")
    for i in range(0, len(rows_all), max(1, len(rows_all) // 50)):
        values = case.values(rows_all[i])
        mine = target.score(case.template.traits, values)
        assert abs(mine - logit[i]) < 1e-8, (i, mine, logit[i])
    negatives = np.flatnonzero(logit < 0)
    rng = np.random.default_rng(args.seed)
    picked = sorted(rng.choice(negatives, size=args.people, replace=False).tolist())
    rows = [rows_all[i] for i in picked]
    warm = rows_all[int(next(i for i in negatives if i not in set(picked)))]

    import highspy  # noqa: F401  (import outside the timings, as in a long-lived app)

    run_strive(case, target, warm)
    strive_answers = [run_strive(case, target, r) for r in rows]

    scale = scales(case)
    scores = [score(case, pipe, "strive (exact)", rows, strive_answers, scale)]
    runs = [("random", rows, args.dice_cfs)]
    if args.genetic:
        runs.append(("genetic", rows[: args.genetic], args.dice_cfs))
    for method, subset, cfs in runs:
        explainer = (method, make_dice(case, pipe, method))
        run_dice(case, pipe, explainer, warm, cfs)
        answers = [run_dice(case, pipe, explainer, r, cfs) for r in subset]
        label = f"DiCE {method} (total_CFs={cfs})"
        if len(subset) < len(rows):
            label += f", first {len(subset)}"
        scores.append(score(case, pipe, label, subset, answers, scale))

    print(
        f"# {case.name}: {args.people} people predicted not selected "
        f"(seed {args.seed}), {dt.date.today()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"model features: {', '.join(case.columns)}; varied: {', '.join(case.vary)}")
    print(table(scores))
    print(
        "\n*over the people where both strive and the tool have a valid answer with "
        "no violation (count in brackets). Normalised change: sum of |change| / MAD "
        f"({', '.join(f'{c} {v:g}' for c, v in scale.items())}) + 1 per category "
        "changed; neither tool minimises it. Strive cost is strive's own objective."
    )
    print(check_infeasible(case, pipe, rows, strive_answers))
    _speed(scores)


def _speed(scores: list[Score]) -> None:
    ref = statistics.median(a.seconds for a in scores[0].answers)
    for s in scores[1:]:
        other = statistics.median(a.seconds for a in s.answers)
        print(f"median speed-up vs {s.tool}: {other / ref:.0f}x")


if __name__ == "__main__":
    sys.exit(main())
