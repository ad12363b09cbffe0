"""Speed of the gap engine against a plain pandas/Python version of the same figures.

Run by hand (not a timed test):

    .venv/bin/python bench/bench_gap.py            # full sizes (a few minutes)
    .venv/bin/python bench/bench_gap.py --quick    # small sizes, a smoke run

Every timing is the best of 3 runs, for strive and for pandas alike. The run stops
with an AssertionError if strive's gap output (every trait's counts, shares,
percentiles, quartiles, set members and most common categories; coverage; the five
nearest look-alike distances) differs from the pandas figures.

Targets on a 2-core machine: a full gap for one person against 1,000,000 synthetic
selected profiles < 1 s; look-alikes < 20 ms per query once the index is built;
100,000 people against the NASA cohort < 10 s.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from strive.cohort import Cohort, CohortSource, Column
from strive.gap import GapAnalyzer, LookalikeIndex, analyze_gap, coverage_batch
from strive.gap.report import GapReport
from strive.templates import load_cohort, load_template
from strive.traits import Kind, Mutability, Trait, TraitSet, Value

LANGS = ("english", "russian", "spanish", "french", "german", "japanese")


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best = float("inf")
    out = None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def synthetic(traits: TraitSet, n: int, seed: int = 0) -> Cohort:
    """``n`` selected profiles over the template's traits, about 10% unknown each."""
    rng = np.random.default_rng(seed)
    columns: dict[str, Column] = {}
    for trait in traits:
        missing = rng.random(n) < 0.1
        if trait.kind is Kind.BOOL:
            data = (rng.random(n) < 0.6).astype(np.float64)
            data[missing] = np.nan
            columns[trait.name] = Column(trait, data)
        elif trait.kind is Kind.NUMBER:
            data = np.round(rng.gamma(2.0, 10.0, n), 1)
            data[missing] = np.nan
            columns[trait.name] = Column(trait, data)
        elif trait.kind is Kind.LEVEL:
            data = rng.integers(0, len(trait.levels), n).astype(np.float64)
            data[missing] = np.nan
            columns[trait.name] = Column(trait, data)
        elif trait.kind is Kind.CATEGORY:
            labels = trait.categories or ("a", "b", "c", "d")
            codes = rng.integers(0, len(labels), n).astype(np.int32)
            codes[missing] = -1
            columns[trait.name] = Column(trait, codes, tuple(labels))
        else:
            labels = trait.categories or LANGS
            matrix = rng.random((n, len(labels))) < 0.3
            matrix[missing] = False
            columns[trait.name] = Column(trait, matrix, tuple(labels), ~missing)
    years = rng.integers(1959, 2010, n).astype(np.float64)
    return Cohort(traits, columns, CohortSource("synthetic (bench)"), years)


def person(traits: TraitSet) -> dict[str, Value | None]:
    out: dict[str, Value | None] = {}
    for t in traits:
        if t.kind is Kind.BOOL:
            out[t.name] = False
        elif t.kind is Kind.NUMBER:
            out[t.name] = 20.0
        elif t.kind is Kind.LEVEL:
            out[t.name] = t.levels[len(t.levels) // 2]
        elif t.kind is Kind.CATEGORY:
            out[t.name] = (t.categories or ("a",))[0]
        else:
            out[t.name] = frozenset({"english", "spanish"} & set(t.categories or LANGS))
    return out


# ------------------------------------------------------------ plain pandas baseline


def to_frame(cohort: Cohort) -> pd.DataFrame:
    """The cohort decoded into a plain DataFrame (object columns for sets)."""
    data: dict[str, Any] = {}
    for name, col in cohort.columns.items():
        kind = col.trait.kind
        if kind is Kind.CATEGORY:
            labels = np.array([*col.labels, None], dtype=object)
            data[name] = labels[np.where(col.data < 0, len(col.labels), col.data)]
        elif kind is Kind.SET:
            known = col.known_mask()
            data[name] = [
                frozenset(np.array(col.labels)[row]) if k else None
                for row, k in zip(col.data, known, strict=True)
            ]
        else:
            data[name] = col.data
    return pd.DataFrame(data)


def _inverted_cdf(known: pd.Series, p: float) -> float:
    """The smallest value whose cumulative share reaches ``p`` (discrete quartile)."""
    ordered = known.sort_values().to_numpy()
    return float(ordered[max(math.ceil(p * len(ordered)) - 1, 0)])


def pandas_figures(df: pd.DataFrame, t: Trait, mine: Any) -> dict[str, Any]:
    """One trait's figures (as :class:`TraitFigure` holds them), written plainly."""
    s = df[t.name]
    known = s.dropna()
    out: dict[str, Any] = {"n": len(s), "known": len(known)}
    compare = mine is not None and not t.sensitive
    if t.kind is Kind.BOOL:
        out["share"] = (known >= 1).mean()
    elif t.kind in (Kind.NUMBER, Kind.LEVEL):
        if t.kind is Kind.NUMBER:
            out["quartiles"] = known.quantile([0.25, 0.5, 0.75]).tolist()
        else:
            codes = [_inverted_cdf(known, p) for p in (0.25, 0.5, 0.75)]
            out["quartiles"] = [t.levels[int(c)] for c in codes]
        if compare:
            out["percentile"] = (known <= t.order_key(mine)).mean()
    elif t.kind is Kind.CATEGORY:
        shares = known.value_counts(normalize=True)
        out["top"] = sorted(shares.items(), key=lambda ls: (-ls[1], ls[0]))[:5]
        if compare:
            out["share"] = (known == mine).mean()
    else:
        members = sorted({m for v in known for m in v})
        counts = {m: int(known.map(lambda v, m=m: m in v).sum()) for m in members}
        out["members"] = sorted(
            ((m, c, c / len(known)) for m, c in counts.items() if c),
            key=lambda mcs: (-mcs[1], mcs[0]),
        )
        if compare:
            out["share"] = known.map(lambda v, mine=mine: v <= mine).mean()
    return out


def pandas_gap(
    df: pd.DataFrame, traits: list[Trait], me: dict[str, Any]
) -> dict[str, Any]:
    """Every trait's figures, coverage and the 5 nearest distances, written plainly.

    ``traits`` are all the template's traits: every one gets its figures; the
    comparable ones enter coverage and the look-alike distance.
    """
    out: dict[str, Any] = {"traits": {}}
    passing = pd.Series(True, index=df.index)
    total = pd.Series(0.0, index=df.index)
    weight = pd.Series(0.0, index=df.index)
    for t in traits:
        mine = me.get(t.name)
        out["traits"][t.name] = pandas_figures(df, t, mine)
        if mine is None or not t.comparable:
            continue
        s = df[t.name]
        if t.kind is Kind.SET:
            ok = s.map(lambda v, mine=mine: v is None or v <= mine)
            jac = s.map(
                lambda v, mine=mine: (
                    np.nan
                    if v is None
                    else (1 - len(v & mine) / len(v | mine) if v | mine else 0.0)
                )
            )
        elif t.kind is Kind.CATEGORY:
            ok = s.isna() | (s == mine)
            jac = (s != mine).astype(float).where(s.notna())
        else:
            known = s.dropna()
            key = t.order_key(mine)
            if t.mutability is Mutability.FIXED:
                inside = known.min() <= key <= known.max()
                ok = s.isna() | inside
            else:
                ok = s.isna() | (s <= key)
            span = (known.max() - known.min()) or 1.0
            jac = ((s - key).abs() / span).clip(upper=1.0)
        passing &= ok
        total += jac.fillna(0.0)
        weight += jac.notna().astype(float)
    out["coverage"] = passing.mean()
    dist = (total / weight).replace([np.inf], np.nan)
    out["nearest"] = dist.nsmallest(5).tolist()
    return out


def check_report(report: GapReport, expected: dict[str, Any]) -> int:
    """Assert strive's full gap output equals the pandas figures; figures checked."""
    checked = 0
    figures = {f.trait: f for f in report.traits}
    assert set(figures) == set(expected["traits"]), "different traits"
    for name, want in expected["traits"].items():
        got = figures[name]
        for field, value in want.items():
            if field == "members":
                mine = [(m.member, m.have, m.share) for m in got.members]
                assert [(m, c) for m, c, _ in mine] == [(m, c) for m, c, _ in value]
                assert np.allclose([x for *_, x in mine], [x for *_, x in value])
            elif field == "top":
                assert [lbl for lbl, _ in got.top] == [lbl for lbl, _ in value], name
                assert np.allclose([x for _, x in got.top], [x for _, x in value])
            elif field == "quartiles" and isinstance(value[0], str):
                assert list(got.quartiles or ()) == value, (name, got.quartiles)
            else:
                assert np.allclose(getattr(got, field), value), (name, field)
            checked += 1
        for field in ("share", "percentile"):
            if field not in want:
                assert getattr(got, field) is None, (name, field)
    assert np.isclose(report.headline.value, expected["coverage"]), "coverage"
    distances = [lk.distance for lk in report.lookalikes]
    assert np.allclose(distances, expected["nearest"], atol=1e-5), "look-alikes"
    return checked + 2


def pandas_coverage(df: pd.DataFrame, traits: list[Trait], me: dict[str, Any]) -> float:
    passing = pd.Series(True, index=df.index)
    for t in traits:
        s, mine = df[t.name], me.get(t.name)
        if mine is None:
            continue
        if t.kind is Kind.SET:
            passing &= s.map(lambda v, mine=mine: v is None or v <= mine)
        elif t.kind is Kind.CATEGORY:
            passing &= s.isna() | (s == mine)
        elif t.mutability is Mutability.FIXED:
            known = s.dropna()
            key = t.order_key(mine)
            passing &= s.isna() | bool(known.min() <= key <= known.max())
        else:
            passing &= s.isna() | (s <= t.order_key(mine))
    return float(passing.mean())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    big = 50_000 if args.quick else 1_000_000
    batch = 2_000 if args.quick else 100_000
    template = load_template("nasa-astronaut")
    traits = template.traits
    used = [t for t in traits if t.comparable]
    me = person(traits)
    rows: list[tuple[str, float, float | None, str]] = []

    cohort = synthetic(traits, big)
    df = to_frame(cohort)
    t_full, report = timed(lambda: analyze_gap(template, cohort, me, (), k=5), 3)
    t_pd, expected = timed(lambda: pandas_gap(df, list(traits), me), 3)
    checked = check_report(report, expected)
    rows.append((f"full gap, 1 person vs {big:,} selected", t_full, t_pd, "< 1 s"))

    gap = GapAnalyzer(k=5).fit(cohort, template=template)
    t_cmp, _ = timed(lambda: gap.compare(me), 3)
    rows.append((f"compare() after fit, {big:,}", t_cmp, None, ""))

    index = LookalikeIndex(used).fit(cohort)
    queries = [person(traits) for _ in range(20)]
    for i, q in enumerate(queries):
        q["age"] = 25.0 + i
    t_knn, _ = timed(lambda: [index.kneighbors(q, 5) for q in queries], 3)
    t_knn /= len(queries)
    rows.append((f"look-alikes per query, k=5, {big:,}", t_knn, None, "< 20 ms"))

    nasa = load_cohort(template)
    rng = np.random.default_rng(1)
    nasa_df = to_frame(nasa)
    people = []
    for i in range(batch):
        p = dict(me)
        p["age"] = float(rng.integers(26, 50))
        p["military"] = bool(i % 2)
        p["degree_level"] = str(rng.choice(traits["degree_level"].levels))
        people.append(p)
    t_batch, scores = timed(lambda: coverage_batch(nasa, traits, people), 3)
    sample = people[:200]
    t_pd_one, check = timed(
        lambda: [pandas_coverage(nasa_df, used, p) for p in sample], 3
    )
    t_pd_batch = t_pd_one / len(sample) * batch
    assert np.allclose(check, scores[: len(sample)]), "pandas and strive disagree"
    rows.append(
        (
            f"coverage_batch, {batch:,} people vs NASA (n={nasa.size})",
            t_batch,
            t_pd_batch,
            "< 10 s",
        )
    )
    assert report.headline.value is not None

    print(f"{'what':52} {'strive':>10} {'pandas':>10} {'ratio':>7}  target")
    for what, ours, theirs, target in rows:
        shown = f"{theirs:9.3f}s" if theirs is not None else f"{'-':>10}"
        ratio = f"{theirs / ours:6.1f}x" if theirs is not None else f"{'-':>7}"
        print(f"{what:52} {ours:9.4f}s {shown} {ratio}  {target}")
    print(
        "(best of 3 on both sides; pandas batch time extrapolated from 200 people; "
        f"full gap: {checked} figures checked equal to pandas (every trait's counts, "
        "shares, percentiles, quartiles, set members and top categories; coverage; "
        "the 5 nearest distances); batch coverage checked equal on 200 people)"
    )


if __name__ == "__main__":
    main()
