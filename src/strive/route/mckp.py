"""Exact solver for one covering row plus "at most one" rows, without HiGHS.

A linear-model target on its own compiles to exactly this (a *multiple-choice
knapsack*): minimise ``sum(c x)`` subject to ``sum(a x) >= r`` (the logit threshold)
and ``sum(x over S) <= 1`` for exclusive sets ``S`` (action groups, one new value per
category), ``x`` binary. Solved by depth-first branch and bound:

* every part of the problem becomes a *group* of options ``(a, c)`` of which exactly
  one is taken (option 0 is "nothing", ``(0, 0)``): an exclusive set offers each of
  its columns; columns outside every set are merged, by equal cost per unit of ``a``
  (the binary pieces of one trait), into one group whose options are the Pareto front
  of their subset sums (computed exactly by dynamic programming);
* options dominated inside their group (no more ``a`` for no less cost) and columns
  with ``a <= 0`` are dropped (costs are non-negative, so they never help);
* the bound at a node is the LP relaxation of the remaining groups: the lower convex
  hull of each group, filled greedily by cost per unit of ``a``, which is exact for
  the multiple-choice LP; it is evaluated for every option of a group at once.

A node is pruned only when its bound is not below the incumbent (up to 1e-9
relative), so the answer is optimal; the caller falls back to HiGHS when the structure
does not fit or the search exceeds ``node_limit``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

_INF = float("inf")
_TOL = 1e-9
_MAX_FRONT = 4096
"""Largest Pareto front a merged group may have before giving up (HiGHS instead)."""

Row = tuple[dict[int, float], float, float, bool]


@dataclass
class _Group:
    a: Any  # options' coverage, ascending (numpy array)
    c: Any  # options' cost, ascending; c[0] = 0 (taking nothing is an option)
    hull: list[tuple[float, float]]
    """LP relaxation: segments (delta a, delta c) from ``(base, 0)``, by increasing
    cost per unit of ``a``."""
    decode: Any  # option index -> columns (callable)
    base: float = 0.0
    """Coverage the LP gets for free (the cheapest option's ``a``)."""


def solve(
    cols: Sequence[int],
    rows: Sequence[Row],
    cost: Sequence[float],
    lower: Sequence[float],
    upper: Sequence[float],
    *,
    node_limit: int = 20000,
) -> tuple[str, list[float]] | None:
    """``("optimal", x)``, ``("infeasible", [])`` or None (structure/budget: no)."""
    cover: tuple[Mapping[int, float], float] | None = None
    exclusive: list[frozenset[int]] = []
    for terms, lo, hi, _ in rows:
        if hi == _INF and lo > -_INF:
            if cover is not None:
                return None
            cover = (terms, lo)
        elif lo == -_INF and hi == 1.0 and all(v == 1.0 for v in terms.values()):
            exclusive.append(frozenset(terms))
        else:
            return None
    if any(lower[c] != 0.0 or cost[c] < 0.0 for c in cols):
        return None
    sets = _laminar(exclusive)
    if sets is None:
        return None
    x = dict.fromkeys(cols, 0.0)
    if cover is None:
        return "optimal", [x[c] for c in cols]
    coef, r = cover
    if r <= 0.0:
        return "optimal", [x[c] for c in cols]
    usable = [c for c in cols if upper[c] >= 0.5 and coef.get(c, 0.0) > 0.0]
    in_set: dict[int, int] = {}
    for at, exclusive_set in enumerate(sets):
        for c in exclusive_set:
            in_set[c] = at
    grouped: dict[int, list[int]] = {}
    classes: dict[str, list[int]] = {}
    for c in usable:
        k = in_set.get(c, -1)
        if k >= 0:
            grouped.setdefault(k, []).append(c)
        else:
            ratio = cost[c] / coef[c]
            classes.setdefault(f"{ratio:.9e}", []).append(c)
    groups: list[_Group] = []
    for members in grouped.values():
        groups.append(_exclusive_group(members, coef, cost, r))
    for members in classes.values():
        group = _merged_group(members, coef, cost, r)
        if group is None:
            return None
        groups.append(group)
    found = _branch_and_bound(groups, r, node_limit)
    if found is None:
        return None
    if isinstance(found, str):
        return "infeasible", []
    for c in found:
        x[c] = 1.0
    return "optimal", [x[c] for c in cols]


def _laminar(sets: list[frozenset[int]]) -> list[frozenset[int]] | None:
    """Disjoint maximal sets if every set is inside another or disjoint from it."""
    kept: list[frozenset[int]] = []
    for s in sorted(sets, key=len, reverse=True):
        if any(s <= t for t in kept):
            continue
        if any(s & t for t in kept):
            return None
        kept.append(s)
    return kept


def _hull(a: Any, c: Any) -> list[tuple[float, float]]:
    """Lower convex hull of Pareto points (ascending a and c; c[0] is 0)."""
    pts: list[tuple[float, float]] = [(float(a[0]), float(c[0]))]
    for ai, ci in zip(a[1:].tolist(), c[1:].tolist(), strict=True):
        while len(pts) >= 2:
            (a0, c0), (a1, c1) = pts[-2], pts[-1]
            # drop pts[-1] if it lies on or above the segment pts[-2] -> (ai, ci)
            if (c1 - c0) * (ai - a0) >= (ci - c0) * (a1 - a0):
                pts.pop()
            else:
                break
        pts.append((ai, ci))
    return [
        (pts[i + 1][0] - pts[i][0], pts[i + 1][1] - pts[i][1])
        for i in range(len(pts) - 1)
    ]


def _front(a: Any, c: Any, cap: float) -> Any:
    """Indices of the Pareto front (coverage capped at ``cap``), ascending.

    Kept: each point cheaper than every point covering more; among points covering
    the same, the cheapest. Both coverage and cost strictly increase along the front.
    """
    eff = np.minimum(a, cap)
    order = np.argsort(-eff)  # coverage descending
    cs = c[order]
    before = np.minimum.accumulate(np.concatenate(([_INF], cs[:-1])))
    keep = order[cs < before]
    # Kept costs strictly decrease; of kept points covering the same, the last is
    # the cheapest.
    e = eff[keep]
    keep = keep[np.append(e[:-1] != e[1:], True)]
    return keep[::-1]


_CHUNK = 10
_GRIDS: dict[int, Any] = {}


def _grid(k: int) -> Any:
    """All 2**k subsets of k items as a 0/1 matrix (row i: the bits of i)."""
    grid = _GRIDS.get(k)
    if grid is None:
        bits = (np.arange(2**k)[:, None] >> np.arange(k)[None, :]) & 1
        grid = _GRIDS.setdefault(k, bits.astype(float))
    return grid


def _exclusive_group(
    members: list[int], terms: Mapping[int, float], cost: Sequence[float], r: float
) -> _Group:
    a = np.array([0.0] + [terms[c] for c in members])
    c = np.array([0.0] + [cost[c] for c in members])
    idx = _front(a, c, r)
    a, c = np.minimum(a[idx], r), c[idx]
    cols = [None, *members]
    picked = [cols[i] for i in idx.tolist()]

    def decode(j: int) -> list[int]:
        col = picked[j]
        return [] if col is None else [col]

    return _Group(a, c, _hull(a, c), decode, float(a[0]))


def _merged_group(
    members: list[int], terms: Mapping[int, float], cost: Sequence[float], r: float
) -> _Group | None:
    """All subsets of ``members`` as one group: the exact Pareto front of their sums.

    Chunks of up to ten items are enumerated (every subset), and the chunks' fronts
    combined pairwise (every pair of points), keeping the front each time.
    """
    a: Any = None
    c: Any = None
    stages: list[tuple[list[int], Any, Any, Any]] = []
    for at in range(0, len(members), _CHUNK):
        chunk = members[at : at + _CHUNK]
        grid = _grid(len(chunk))
        ca = np.minimum(grid @ np.array([terms[x] for x in chunk]), r)
        cc = grid @ np.array([cost[x] for x in chunk])
        idx = _front(ca, cc, r)
        ca, cc = ca[idx], cc[idx]
        if a is None:
            a, c = ca, cc
            stages.append((chunk, idx, None, None))
            continue
        q = len(ca)
        if len(a) * q > _MAX_FRONT * _MAX_FRONT // 64:
            return None
        pa = np.minimum((a[:, None] + ca[None, :]).ravel(), r)
        pc = (c[:, None] + cc[None, :]).ravel()
        pidx = _front(pa, pc, r)
        if len(pidx) > _MAX_FRONT:
            return None
        stages.append((chunk, idx, pidx // q, pidx % q))
        a, c = pa[pidx], pc[pidx]
    assert a is not None

    def decode(j: int) -> list[int]:
        out: list[int] = []
        for chunk, idx, left, right in reversed(stages):
            if left is None:
                bits = int(idx[j])
            else:
                bits = int(idx[int(right[j])])
                j = int(left[j])
            out.extend(x for b, x in enumerate(chunk) if bits >> b & 1)
        return out

    # The LP relaxation of the subsets is the items themselves, taken fractionally
    # by increasing cost per unit (the lower hull of the subset sums, uncapped).
    items = sorted(
        ((terms[col], cost[col]) for col in members), key=lambda s: s[1] / s[0]
    )
    return _Group(a, c, items, decode)


def _branch_and_bound(
    groups: list[_Group], r: float, node_limit: int
) -> list[int] | str | None:
    groups.sort(key=lambda g: g.hull[0][1] / g.hull[0][0] if g.hull else 0.0)
    m = len(groups)
    # LP bound of groups k.. as a piecewise-linear function of the residual need:
    # every hull segment once, by cost per unit; groups before k masked out.
    segs = [(da, dc, k) for k, g in enumerate(groups) for da, dc in g.hull]
    segs.sort(key=lambda s: s[1] / s[0])
    da = np.array([s[0] for s in segs])
    dc = np.array([s[1] for s in segs])
    owner = np.array([s[2] for s in segs], dtype=int)
    bases = np.array([g.base for g in groups] + [0.0])
    free = np.cumsum(bases[::-1])[::-1]
    suffix: list[tuple[Any, Any]] = []
    for k in range(m + 1):
        sel = owner >= k
        xs = free[k] + np.concatenate(([0.0], np.cumsum(da[sel])))
        ys = np.concatenate(([0.0], np.cumsum(dc[sel])))
        suffix.append((xs, ys))
    tol = _TOL * max(1.0, abs(r))

    def bound(k: int, need: Any) -> Any:
        xs, ys = suffix[k]
        out = np.interp(need, xs, ys)
        return np.where(need > xs[-1] + tol, _INF, out)

    if float(bound(0, np.array([r]))[0]) == _INF:
        return "infeasible"
    best = [_INF]
    best_choice: list[list[int]] = [[]]
    choice = [0] * m
    nodes = [0]

    def dfs(k: int, need: float, spent: float) -> bool:
        nodes[0] += 1
        if nodes[0] > node_limit:
            return False
        g = groups[k]
        if k == m - 1:
            j = int(np.searchsorted(g.a, need - tol))
            if j < len(g.a) and spent + g.c[j] < best[0]:
                choice[k] = j
                best[0] = spent + float(g.c[j])
                best_choice[0] = list(choice)
            return True
        rest = need - g.a
        lb = spent + g.c + bound(k + 1, rest)
        cut = best[0] - _TOL * max(1.0, abs(best[0]))
        for j in np.argsort(lb, kind="stable").tolist():
            if lb[j] >= cut:
                break
            choice[k] = j
            if rest[j] <= tol:
                best[0] = spent + float(g.c[j])
                best_choice[0] = list(choice)
                choice[k + 1 :] = [0] * (m - k - 1)
                best_choice[0][k + 1 :] = [0] * (m - k - 1)
            elif not dfs(k + 1, float(rest[j]), spent + float(g.c[j])):
                return False
            cut = best[0] - _TOL * max(1.0, abs(best[0]))
        return True

    if m == 0 or not dfs(0, r, 0.0):
        return None if m else "infeasible"
    if best[0] == _INF:
        return "infeasible"
    out: list[int] = []
    for g, j in zip(groups, best_choice[0], strict=True):
        out.extend(g.decode(j))
    return out
