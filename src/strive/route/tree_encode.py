"""A tree ensemble as a tight mixed-integer model: split intervals, no big-M.

:meth:`strive.route.select.Problem.add_tree` calls :func:`add_tree`. For every
model input (an affine *expression* of the selection's columns, see
:mod:`strive.route.trees`) the ensemble's thresholds on it cut the line into
intervals; the expression lands in exactly one of them, so it gets one binary per
interval it can reach (``sum = 1``), linked to its value by

    sum(L[k] * v[k]) <= expression <= sum(H[k] * v[k])

where ``[L[k], H[k]]`` is the range of values the expression can really take inside
interval ``k`` (its reachable values when they are few: an integer amount of steps
lands on ``base + step * n``, so ``L[k]`` is the cheapest reachable amount in the
interval). For one amount variable this is the convex hull of the disjunction, so
the LP relaxation is exact on each input.

Leaves are then tied to intervals as in Mišić 2020 ("Optimization of tree
ensembles", Operations Research) and Kanamori et al. 2020 (DACE): per tree
``sum(leaves) = 1``; for every split, the leaves on one side may only be chosen as
far as the expression's intervals on that side are, ``sum(leaves in the part) <=
sum(intervals the part allows)``. The splits are recovered from the leaves
themselves (every leaf builder of :mod:`strive.route.models` lists a subtree's
leaves together): a block of leaves is cut where one expression separates its two
halves. A leaf whose own bounds are not implied by the cuts above it (a block no
cut separates) gets a row of its own, so the encoding is exact in every case.
Finally ``offset + sum(leaf value * leaf) >= needed``.

The big-M encoding it replaces (:func:`add_tree_big_m`, kept for comparison in the
tests) forces a chosen leaf's bounds on the expression's value directly: exact, but
its relaxation lets every leaf be chosen by a fraction, which left HiGHS cutting at
the root for seconds on 100 trees. One difference: here a value within the split
gap (:func:`strive.route.trees.split_gap`) of *any* threshold of the ensemble on
that input is never planned for, not only of the chosen leaves' own thresholds.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from strive.route.trees import TreeTarget

if TYPE_CHECKING:
    from strive.route.select import Problem

_INF = float("inf")
_MAX_VALUES = 4096
"""The reachable values of an expression are listed while there are at most this
many; beyond, its bounds over the columns stand for them."""
_TOL = 1e-9


class _Input:
    """One model input: its expression over the columns and its live intervals."""

    def __init__(
        self,
        terms: dict[int, float],
        const: float,
        low: float,
        high: float,
        thresholds: list[float],
    ) -> None:
        self.terms = terms
        self.const = const
        self.low = low
        self.high = high
        self.thresholds = thresholds
        self.index = {t: i for i, t in enumerate(thresholds)}
        self.live: list[int] = []
        """Interval numbers (0..len(thresholds)) the expression can reach, in order."""
        self.bounds: list[tuple[float, float]] = []
        """``(L, H)`` of each live interval."""
        self.cols: list[int] = []
        """Its binary column, when it has two live intervals or more."""

    def span(self, lo: float, hi: float) -> tuple[int, int] | None:
        """Live positions ``[a, b]`` of the intervals inside a leaf's ``(lo, hi]``."""
        first = 0 if lo == -_INF else self.index[lo] + 1
        last = len(self.thresholds) if hi == _INF else self.index[hi]
        a = bisect.bisect_left(self.live, first)
        b = bisect.bisect_right(self.live, last) - 1
        return (a, b) if a <= b else None


def _reachable(
    problem: Problem, terms: dict[int, float], const: float
) -> np.ndarray | None:
    """Every value ``const + sum(terms * columns)`` can take, or None if too many
    (or a continuous amount). A superset: rows between the columns are ignored."""
    values = np.array([const])
    for col, coef in terms.items():
        amount = problem.amounts.get(col)
        if amount is not None:
            if amount.step is None:
                return None
            top = round(problem.upper[col])
            if values.size * (top + 1) > _MAX_VALUES:
                return None
            values = (values[:, None] + coef * np.arange(top + 1)[None, :]).ravel()
        elif problem.upper[col] >= 0.5:
            values = np.concatenate([values, values + coef])
        values = np.unique(np.round(values, 12))
        if values.size > _MAX_VALUES:
            return None
    return values


def _inputs(problem: Problem, target: TreeTarget) -> list[_Input] | None:
    """Each expression with its live intervals; None when one can reach none."""
    thresholds: list[set[float]] = [set() for _ in target.expressions]
    for leaves in target.trees:
        for leaf in leaves:
            for j, lo, hi in leaf.bounds:
                for t in (lo, hi):
                    if not math.isinf(t):
                        thresholds[j].add(t)
    out: list[_Input] = []
    for j, e in enumerate(target.expressions):
        const = e.const
        terms: dict[int, float] = {}
        for feature, coef in e.coefs.items():
            c0, feature_terms = problem._feature(feature)
            const += coef * c0
            for col, a in feature_terms.items():
                terms[col] = terms.get(col, 0.0) + coef * a
                if col < problem.n_x:
                    problem.serves.setdefault(col, []).append((None, target.name))
        terms = {c: a for c, a in terms.items() if a != 0.0}
        low, high = problem._range(terms)
        put = _Input(terms, const, low + const, high + const, sorted(thresholds[j]))
        if not terms:
            x = float(np.float32(const)) if target.float32 else const
            put.live = [_interval(target, put.thresholds, x)]
            put.bounds = [(const, const)]
            out.append(put)
            continue
        values = _reachable(problem, terms, const)
        if values is not None:
            _classify(target, put, values)
        else:
            edges = [-_INF, *put.thresholds, _INF]
            for k in range(len(edges) - 1):
                bottom = target.lowest(edges[k]) if k else -_INF
                top = target.highest(edges[k + 1]) if k + 1 < len(edges) - 1 else _INF
                lo_v, hi_v = max(bottom, put.low), min(top, put.high)
                if lo_v <= hi_v + _TOL:
                    put.live.append(k)
                    put.bounds.append((lo_v, hi_v))
        if not put.live:
            return None
        out.append(put)
    return out


def _classify(target: TreeTarget, put: _Input, values: np.ndarray) -> None:
    """Live intervals from the reachable values, each placed as the model places
    it (rounded to float32 first where the model does): no gap is needed for a
    value known exactly, and one a hair below a float32 threshold is where the
    model puts it."""
    seen = values.astype(np.float32).astype(np.float64) if target.float32 else values
    cuts = np.array(put.thresholds, dtype=np.float64)
    if target.left_strict:
        where = np.searchsorted(cuts, seen, side="right")
    else:
        where = np.searchsorted(cuts, seen, side="left")
    for k in np.unique(where):
        inside = values[where == k]
        put.live.append(int(k))
        put.bounds.append((float(inside.min()), float(inside.max())))


def _interval(target: TreeTarget, thresholds: list[float], x: float) -> int:
    """The interval number of a constant input (as the model compares it)."""
    edges = [-_INF, *thresholds, _INF]
    for k in range(len(edges) - 1):
        if target.inside(x, edges[k], edges[k + 1]):
            return k
    return len(thresholds)  # pragma: no cover - the edges cover the line


def _link(problem: Problem, put: _Input, name: str, j: int) -> None:
    """Interval columns (sum 1) and ``sum(L v) <= expression <= sum(H v)``."""
    if not put.terms:
        return
    if len(put.live) > 1:
        for k in put.live:
            put.cols.append(problem.column(f"{name} input {j} interval {k}"))
        problem.row(dict.fromkeys(put.cols, 1.0), 1.0, 1.0)
    lows = [lo for lo, _ in put.bounds]
    highs = [hi for _, hi in put.bounds]
    if max(lows) > put.low + _TOL:  # expression - sum(L v) >= 0
        terms = dict(put.terms)
        if put.cols:
            for col, lo in zip(put.cols, lows, strict=True):
                terms[col] = -lo
            problem.row(terms, -put.const, _INF)
        else:
            problem.row(terms, lows[0] - put.const, _INF)
    if min(highs) < put.high - _TOL:  # expression - sum(H v) <= 0
        terms = dict(put.terms)
        if put.cols:
            for col, hi in zip(put.cols, highs, strict=True):
                terms[col] = -hi
            problem.row(terms, -_INF, -put.const)
        else:
            problem.row(terms, -_INF, highs[0] - put.const)


@dataclass
class Block:
    """One encoded ensemble, for :mod:`strive.route.tree_search`: its inputs, its
    live leaves ``(tree, column, spans, value)`` (tree by tree) and the score the
    leaves must reach; ``rows`` are the ids of the rows it added itself."""

    inputs: list[_Input]
    leaves: list[tuple[int, int, dict[int, tuple[int, int]], float]]
    needed: float
    rows: set[int] = field(default_factory=set)
    cols: set[int] = field(default_factory=set)


def add_tree(problem: Problem, target: TreeTarget) -> None:
    """Encode ``target`` on ``problem`` (see the module docstring)."""
    inputs = _inputs(problem, target)
    if inputs is None:
        problem.falsify(None, f"{target.name}: an input of the model has no value")
        return
    first_row, first_col = len(problem.rows), len(problem.cost)
    block = Block(inputs, [], 0.0)
    structure = _structure(target, inputs)
    for j, put in enumerate(inputs):
        _link(problem, put, target.name, j)
    score: dict[int, float] = {}
    fixed = target.offset
    for at, leaves in enumerate(target.trees):
        live: list[tuple[int, dict[int, tuple[int, int]]]] = []
        for k, leaf in enumerate(leaves):
            spans: dict[int, tuple[int, int]] | None = {}
            for j, lo, hi in leaf.bounds:
                span = inputs[j].span(lo, hi)
                if span is None:
                    spans = None
                    break
                if span != (0, len(inputs[j].live) - 1):
                    assert spans is not None
                    spans[j] = span
            if spans is not None:
                live.append((k, spans))
        if not live:
            problem.falsify(None, f"{target.name}: no leaf of tree {at} is reachable")
            return
        if len(live) == 1:
            fixed += leaves[live[0][0]].value
            continue
        cols = [problem.column(f"{target.name} tree {at} leaf {k}") for k, _ in live]
        problem.row(dict.fromkeys(cols, 1.0), 1.0, 1.0)
        leaf_cols = {k: col for col, (k, _) in zip(cols, live, strict=True)}
        _split_rows(problem, inputs, leaf_cols, structure[at])
        for col, (k, spans) in zip(cols, live, strict=True):
            score[col] = score.get(col, 0.0) + leaves[k].value
            block.leaves.append((at, col, spans, leaves[k].value))
    if not score:  # every tree is decided already: no tolerance on a constant
        if fixed < target.needed:
            problem.falsify(None, f"{target.name}: the model's score stays too low")
        return
    problem.row(score, target.needed - fixed, _INF)
    block.needed = target.needed - fixed
    block.rows = {id(r) for r in problem.rows[first_row:]}
    block.cols = set(range(first_col, len(problem.cost)))
    problem.tree_blocks.append(block)


_Part = tuple[tuple[int, ...], int, int, int]
"""Leaves (their numbers in the tree) that may be chosen only while input ``j``
lies in intervals ``lo..hi`` (interval numbers over all the input's thresholds)."""
_STRUCTURES: dict[int, tuple[TreeTarget, list[list[_Part]]]] = {}


def _structure(target: TreeTarget, inputs: list[_Input]) -> list[list[_Part]]:
    """Each tree's split rows, over all its leaves and every interval: they depend
    on the model only, so they are found once per target (a batch plans many
    people against one) and kept for the last few targets."""
    hit = _STRUCTURES.get(id(target))
    if hit is not None and hit[0] is target:
        return hit[1]
    sizes = [len(put.thresholds) for put in inputs]
    out: list[list[_Part]] = []
    for leaves in target.trees:
        spans: list[dict[int, tuple[int, int]]] = []
        for leaf in leaves:
            span: dict[int, tuple[int, int]] = {}
            for j, lo, hi in leaf.bounds:
                put = inputs[j]
                first = 0 if lo == -_INF else put.index[lo] + 1
                last = sizes[j] if hi == _INF else put.index[hi]
                if (first, last) != (0, sizes[j]):
                    span[j] = (first, last)
            spans.append(span)
        out.append(_parts(spans, sizes))
    if len(_STRUCTURES) >= 8:
        _STRUCTURES.clear()
    _STRUCTURES[id(target)] = (target, out)
    return out


def _parts(spans: list[dict[int, tuple[int, int]]], sizes: list[int]) -> list[_Part]:
    """Cut the leaf list into blocks, block by block, where one input separates a
    block's two halves; a leaf whose bounds the cuts do not imply gets its own."""
    n = len(spans)
    used = sorted({j for s in spans for j in s})
    parts: list[_Part] = []
    implied: list[dict[int, tuple[int, int]]] = [{} for _ in range(n)]
    if used:
        tops = np.array([sizes[j] for j in used])
        a = np.zeros((n, len(used)), dtype=np.int64)
        b = np.tile(tops, (n, 1))
        for i, s in enumerate(spans):
            for u, j in enumerate(used):
                if j in s:
                    a[i, u], b[i, u] = s[j]
        stack = [list(range(n))]
        while stack:
            block = stack.pop()
            if len(block) < 2:
                continue
            cut = _cut(a[block], b[block])
            if cut is None:
                continue
            m, u = cut
            j = used[u]
            for part in (block[:m], block[m:]):
                lo, hi = int(a[part, u].min()), int(b[part, u].max())
                parts.append((tuple(part), j, lo, hi))
                for i in part:
                    was = implied[i].get(j, (0, sizes[j]))
                    implied[i][j] = (max(was[0], lo), min(was[1], hi))
                stack.append(part)
    for i, s in enumerate(spans):
        for j, (lo, hi) in s.items():
            got = implied[i].get(j, (0, sizes[j]))
            if got[0] < lo or got[1] > hi:
                parts.append(((i,), j, lo, hi))
    return parts


def _split_rows(
    problem: Problem, inputs: list[_Input], cols: dict[int, int], parts: list[_Part]
) -> None:
    """One tree's parts as rows over its live leaves (``cols``: leaf -> column):
    ``sum(leaves of the part) <= sum(live intervals in lo..hi)``."""
    for leaves, j, lo, hi in parts:
        terms = {cols[k]: 1.0 for k in leaves if k in cols}
        put = inputs[j]
        if not terms or not put.cols:
            continue
        first = bisect.bisect_left(put.live, lo)
        last = bisect.bisect_right(put.live, hi) - 1
        if first == 0 and last == len(put.live) - 1:
            continue
        for col in put.cols[first : last + 1]:
            terms[col] = -1.0
        problem.row(terms, -_INF, 0.0)


def _cut(a: np.ndarray, b: np.ndarray) -> tuple[int, int] | None:
    """Where a block of leaves splits in two on one input: ``(m, input)`` such that
    leaves ``[:m]`` and ``[m:]`` reach disjoint interval ranges; nearest the middle."""
    n = len(a)
    pre_min_a = np.minimum.accumulate(a, axis=0)[:-1]
    pre_max_b = np.maximum.accumulate(b, axis=0)[:-1]
    suf_min_a = np.minimum.accumulate(a[::-1], axis=0)[::-1][1:]
    suf_max_b = np.maximum.accumulate(b[::-1], axis=0)[::-1][1:]
    ok = (suf_max_b < pre_min_a) | (pre_max_b < suf_min_a)
    rows, us = np.nonzero(ok)
    if not rows.size:
        return None
    best = int(np.argmin(np.abs(rows + 1 - n / 2)))
    return int(rows[best]) + 1, int(us[best])


def add_tree_big_m(problem: Problem, target: TreeTarget) -> None:
    """The earlier encoding: one binary per reachable leaf, exactly one per tree; a
    chosen leaf forces its bounds on the expressions' values through big-M rows
    (M from each expression's own bounds over the columns); the leaves' values
    must reach ``needed - offset``. Exact, with a weak relaxation; kept so the
    tests can check that both encodings agree."""
    exprs: list[tuple[dict[int, float], float, float, float]] = []
    for e in target.expressions:
        const = e.const
        terms: dict[int, float] = {}
        for feature, coef in e.coefs.items():
            c0, t = problem._feature(feature)
            const += coef * c0
            for col, a in t.items():
                terms[col] = terms.get(col, 0.0) + coef * a
        terms = {c: a for c, a in terms.items() if a != 0.0}
        low, high = problem._range(terms)
        exprs.append((terms, const, low + const, high + const))

    def reachable(bounds: tuple[tuple[int, float, float], ...]) -> bool:
        for j, lo, hi in bounds:
            terms, const, low, high = exprs[j]
            if not terms:
                x = float(np.float32(const)) if target.float32 else const
                if not target.inside(x, lo, hi):
                    return False
            elif low > target.highest(hi) or high < target.lowest(lo):
                return False
        return True

    score: dict[int, float] = {}
    fixed = target.offset
    for at, leaves in enumerate(target.trees):
        live = [(k, leaf) for k, leaf in enumerate(leaves) if reachable(leaf.bounds)]
        if not live:
            problem.falsify(None, f"{target.name}: no leaf of tree {at} is reachable")
            return
        if len(live) == 1:
            fixed += live[0][1].value
            continue
        cols: list[int] = []
        for k, leaf in live:
            col = problem.column(f"{target.name} tree {at} leaf {k}")
            for j, lo, hi in leaf.bounds:
                terms, const, low, high = exprs[j]
                if not terms:
                    continue
                top = target.highest(hi)
                if high > top:  # chosen -> expression <= hi (less the gap)
                    problem.row(terms, -_INF, high - const, col, high - top)
                need = target.lowest(lo)
                if lo > -_INF and low < need:  # chosen -> expression >= lo (+ gap)
                    problem.row(terms, low - const, _INF, col, -(need - low))
            score[col] = score.get(col, 0.0) + leaf.value
            cols.append(col)
        problem.row(dict.fromkeys(cols, 1.0), 1.0, 1.0)
    if not score:  # every tree is decided already: no tolerance on a constant
        if fixed < target.needed:
            problem.falsify(None, f"{target.name}: the model's score stays too low")
        return
    problem.row(score, target.needed - fixed, _INF)
