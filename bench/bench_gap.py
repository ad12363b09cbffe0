"""Speed of the gap engine against a plain pandas/Python version of the same figures.

Run by hand (not a timed test):

    .venv/bin/python bench/bench_gap.py            # full sizes (about a minute)
    .venv/bin/python bench/bench_gap.py --quick    # small sizes, a smoke run

Targets on a 2-core machine: a full gap for one person against 1,000,000 synthetic
selected profiles < 1 s; look-alikes < 20 ms per query once the index is built;
100,000 people against the NASA cohort < 10 s.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from strive.cohort import Cohort, CohortSource, Column
from strive.gap import GapAnalyzer, LookalikeIndex, analyze_gap, coverage_batch
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


def pandas_gap(
    df: pd.DataFrame, traits: list[Trait], me: dict[str, Any]
) -> dict[str, Any]:
    """Shares, percentiles, quartiles, coverage and 5 nearest, written plainly."""
    out: dict[str, Any] = {}
    passing = pd.Series(True, index=df.index)
    total = pd.Series(0.0, index=df.index)
    weight = pd.Series(0.0, index=df.index)
    for t in traits:
        s = df[t.name]
        mine = me.get(t.name)
        if t.kind is Kind.SET:
            known = s.notna()
            out[t.name] = {m: s[known].map(lambda v, m=m: m in v).mean() for m in LANGS}
            if mine is not None:
                ok = s.map(lambda v, mine=mine: v is None or v <= mine)
                jac = s.map(
                    lambda v, mine=mine: (
                        np.nan
                        if v is None
                        else (1 - len(v & mine) / len(v | mine) if v | mine else 0.0)
                    )
                )
        elif t.kind is Kind.CATEGORY:
            out[t.name] = s.value_counts(normalize=True)
            if mine is not None:
                ok = s.isna() | (s == mine)
                jac = (s != mine).astype(float).where(s.notna())
        else:
            known = s.dropna()
            key = None if mine is None else t.order_key(mine)
            out[t.name] = (
                known.mean(),
                known.quantile([0.25, 0.5, 0.75]).tolist(),
                None if key is None else (known <= key).mean(),
            )
            if key is not None:
                if t.mutability is Mutability.FIXED:
                    inside = known.min() <= key <= known.max()
                    ok = s.isna() | inside
                else:
                    ok = s.isna() | (s <= key)
                span = (known.max() - known.min()) or 1.0
                jac = ((s - key).abs() / span).clip(upper=1.0)
        if mine is not None:
            passing &= ok
            total += jac.fillna(0.0)
            weight += jac.notna().astype(float)
    out["coverage"] = passing.mean()
    dist = (total / weight).replace([np.inf], np.nan)
    out["nearest"] = dist.nsmallest(5).index.tolist()
    return out


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
    t_pd, _ = timed(lambda: pandas_gap(df, used, me), 1)
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
    t_batch, scores = timed(lambda: coverage_batch(nasa, traits, people), 1)
    sample = people[:200]
    t_pd_one, _ = timed(lambda: [pandas_coverage(nasa_df, used, p) for p in sample])
    t_pd_batch = t_pd_one / len(sample) * batch
    check = [pandas_coverage(nasa_df, used, p) for p in people[:50]]
    assert np.allclose(check, scores[:50]), "pandas and strive disagree"
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
        "(pandas batch time extrapolated from 200 people; pandas coverage checked "
        "equal to strive's on 50 people)"
    )


if __name__ == "__main__":
    main()
