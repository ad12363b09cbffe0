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

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

_INF = float("inf")
_TOL = 1e-9
_SLACK = 1e-9
"""How far below its need a cover may fall and still count (see :func:`need`)."""
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
    decode: Callable[[int], list[tuple[int, float]]]
    """Option index -> ``(column, value)`` pairs (value 1 for a binary column)."""
    base: float = 0.0
    """Coverage the LP gets for free (the cheapest option's ``a``)."""


def need(r: float) -> float:
    """The coverage a cover row asks for, as every exact path reads it.

    ``r`` is a threshold minus a sum of products, so it carries rounding (a column
    worth exactly the need can read 4e-16 short of it). HiGHS and the replay accept
    a row within 1e-7; this accepts one within ``_SLACK``, far inside that, so a
    column that covers the need up to rounding is not priced as if it fell short
    (which once made the group solve pick a dearer action than HiGHS would).
    """
    return r - _SLACK


def solve(
    cols: Sequence[int],
    rows: Sequence[Row],
    cost: Sequence[float],
    lower: Sequence[float],
    upper: Sequence[float],
    *,
    node_limit: int = 20000,
    amounts: Mapping[int, bool] | None = None,
) -> tuple[str, list[float]] | None:
    """``("optimal", x)``, ``("infeasible", [])`` or None (structure/budget: no).

    ``amounts`` marks amount columns (a continuous action's variable, ``0 <= x <=
    upper``): True for an integer count of steps, False for a continuous amount.
    """
    amounts = amounts or {}
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
    if any(c in amounts for s in exclusive for c in s):
        return None
    sets = _laminar(exclusive)
    if sets is None:
        return None
    x = dict.fromkeys(cols, 0.0)
    if cover is None:
        return "optimal", [x[c] for c in cols]
    coef, r = cover
    r = need(r)
    if r <= 0.0:
        return "optimal", [x[c] for c in cols]
    usable = [
        c
        for c in cols
        if c not in amounts and upper[c] >= 0.5 and coef.get(c, 0.0) > 0.0
    ]
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
    tail: list[tuple[int, float, float, float]] = []
    for c, integer in amounts.items():
        a = coef.get(c, 0.0)
        if c not in x or a <= 0.0 or upper[c] <= 0.0:
            continue
        if integer:
            if not math.isfinite(upper[c]):
                return None
            group = amount_group(c, a, cost[c], math.floor(upper[c] + 1e-9), r)
            if group is None:
                return None
            groups.append(group)
        else:
            tail.append((c, a, cost[c], upper[c]))
    found = _branch_and_bound(groups, r, node_limit, tail)
    if found is None:
        return None
    if isinstance(found, str):
        return "infeasible", []
    for c, v in found:
        x[c] = v
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
    """Lower convex hull of Pareto points (ascending a and c; c[0] is 0).

    Vectorised: every pass drops each interior point lying on or above the chord of
    its two neighbours (such a point is never a vertex of the lower hull, so all of
    them may go at once); at the fixed point the chain is convex. A few passes
    suffice in practice (a straight line of grid moves goes in one, rounding noise
    included); after 32 the remaining points are finished by the sequential scan.
    """
    if len(a) <= 48:  # a Python scan beats NumPy's per-call overhead here
        return _hull_scan(a, c)
    x = np.asarray(a, dtype=float)
    y = np.asarray(c, dtype=float)
    for _ in range(32):
        if len(x) <= 2:
            break
        # point i (1..n-2) goes if (y_i - y_{i-1}) (x_{i+1} - x_{i-1})
        #                          >= (y_{i+1} - y_{i-1}) (x_i - x_{i-1})
        # (points on the chord up to rounding, 1e-12 relative, go too: the bound
        # moves by far less than the 1e-9 pruning tolerance)
        lhs = (y[1:-1] - y[:-2]) * (x[2:] - x[:-2])
        rhs = (y[2:] - y[:-2]) * (x[1:-1] - x[:-2])
        above = lhs >= rhs - 1e-12 * (np.abs(lhs) + np.abs(rhs))
        if not above.any():
            break
        keep = np.concatenate(([True], ~above, [True]))
        x, y = x[keep], y[keep]
    else:
        return _hull_scan(x, y)
    return list(zip(np.diff(x).tolist(), np.diff(y).tolist(), strict=True))


def _hull_scan(a: Any, c: Any) -> list[tuple[float, float]]:
    """The lower convex hull by one sequential scan (monotone chain)."""
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
    a = np.array([terms[c] for c in members], dtype=float)
    c = np.array([cost[c] for c in members], dtype=float)
    return exclusive_group(np.array(members, dtype=np.int64), a, c, r)


def exclusive_group(cols: Any, a: Any, c: Any, r: float) -> _Group:
    """ "At most one of ``cols``" (coverage ``a``, cost ``c``: arrays) as a group.

    Dominance pruning: only the Pareto front survives (a column covering no more
    than a cheaper or equally cheap one is never needed; coverage past ``r`` counts
    as ``r``, so of the columns covering ``r`` on their own only the cheapest is
    kept).
    """
    a = np.concatenate(([0.0], np.asarray(a, dtype=float)))
    c = np.concatenate(([0.0], np.asarray(c, dtype=float)))
    idx = _front(a, c, r)
    a, c = np.minimum(a[idx], r), c[idx]
    picked = np.concatenate(([-1], np.asarray(cols, dtype=np.int64)))[idx].tolist()

    def decode(j: int) -> list[tuple[int, float]]:
        col = picked[j]
        return [] if col < 0 else [(col, 1.0)]

    return _Group(a, c, _hull(a, c), decode, float(a[0]))


_MAX_STEPS = 200_000
"""Most options an integer amount may have before giving up (HiGHS instead)."""


def amount_group(col: int, a: float, c: float, units: int, r: float) -> _Group | None:
    """An integer amount ``0 <= k <= units`` adding ``k a`` at cost ``k c``.

    Its options are ``k = 0 .. K`` with ``K`` the fewest steps covering ``r`` (more
    never helps, costs being non-negative). Its LP relaxation is the amount taken
    fractionally: one segment of cost ``c / a`` per unit of coverage, below every
    option (the capped last one included), so the bound stays valid.
    """
    k_max = min(units, math.ceil(r / a - 1e-12))
    if k_max > _MAX_STEPS:
        return None
    if k_max <= 0:
        return _Group(np.zeros(1), np.zeros(1), [], lambda j: [], 0.0)
    k = np.arange(k_max + 1, dtype=float)
    opt_a, opt_c = np.minimum(k * a, r), k * c
    idx = _front(opt_a, opt_c, r)
    opt_a, opt_c, steps = opt_a[idx], opt_c[idx], k[idx].tolist()
    span = float(opt_a[-1])
    hull = [(span, span * c / a)] if span > 0 else []

    def decode(j: int) -> list[tuple[int, float]]:
        return [(col, steps[j])] if steps[j] else []

    return _Group(opt_a, opt_c, hull, decode)


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

    def decode(j: int) -> list[tuple[int, float]]:
        out: list[tuple[int, float]] = []
        for chunk, idx, left, right in reversed(stages):
            if left is None:
                bits = int(idx[j])
            else:
                bits = int(idx[int(right[j])])
                j = int(left[j])
            out.extend((x, 1.0) for b, x in enumerate(chunk) if bits >> b & 1)
        return out

    # The LP relaxation of the subsets is the items themselves, taken fractionally
    # by increasing cost per unit (the lower hull of the subset sums, uncapped).
    items = sorted(
        ((terms[col], cost[col]) for col in members), key=lambda s: s[1] / s[0]
    )
    return _Group(a, c, items, decode)


def solve_groups(
    groups: list[_Group],
    r: float,
    tail: Sequence[tuple[int, float, float, float]] = (),
    node_limit: int = 20000,
) -> tuple[str, list[tuple[int, float]]] | None:
    """Minimise cost over one option per group plus ``tail`` amounts, covering ``r``.

    ``tail``: continuous amounts ``(column, coverage per unit, cost per unit,
    units)``, taken fractionally. ``("optimal", [(column, value)...])``,
    ``("infeasible", [])`` or None (node budget exceeded).
    """
    if r <= 0.0:
        return "optimal", []
    found = _branch_and_bound(groups, r, node_limit, tail)
    if found is None:
        return None
    if isinstance(found, str):
        return "infeasible", []
    return "optimal", found


def _fill(
    tail: Sequence[tuple[int, float, float, float]], need: float
) -> list[tuple[int, float]]:
    """Cover ``need`` with continuous amounts, cheapest per unit of coverage first
    (exact for a fractional knapsack).

    ``need`` was lowered by :func:`need`'s slack; an amount gives it back, so it
    covers the row in full (a condition such as "hours at least 32.5" is checked
    exactly, not within a tolerance).
    """
    out: list[tuple[int, float]] = []
    if need > 0.0:
        need += _SLACK
    for col, a, _, units in sorted(tail, key=lambda t: t[2] / t[1]):
        if need <= 0.0:
            break
        take = min(units, need / a)
        out.append((col, take))
        need -= take * a
    return out


def _branch_and_bound(
    groups: list[_Group],
    r: float,
    node_limit: int,
    tail: Sequence[tuple[int, float, float, float]] = (),
) -> list[tuple[int, float]] | str | None:
    """Depth-first branch and bound over the groups' options.

    ``tail`` (continuous amounts) is never branched on: for fixed choices of the
    groups, covering the rest with them is a fractional knapsack, solved exactly by
    the bound function itself (its segments belong to every suffix).
    """
    groups.sort(key=lambda g: g.hull[0][1] / g.hull[0][0] if g.hull else 0.0)
    m = len(groups)
    # LP bound of groups k.. as a piecewise-linear function of the residual need:
    # every hull segment once, by cost per unit; groups before k masked out.
    segs = [(da, dc, k) for k, g in enumerate(groups) for da, dc in g.hull]
    segs += [(a * units, c * units, m) for _, a, c, units in tail if units > 0]
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
    if m == 0:
        return _fill(tail, r)
    best = [_INF]
    best_choice: list[list[int]] = [[]]
    best_rest = [0.0]
    choice = [0] * m
    nodes = [0]

    def dfs(k: int, need: float, spent: float) -> bool:
        nodes[0] += 1
        if nodes[0] > node_limit:
            return False
        g = groups[k]
        if k == m - 1:
            if tail:
                rest_last = need - g.a
                total = g.c + bound(m, rest_last)
                j = int(np.argmin(total))
                ok = total[j] < _INF
                rest_j = float(rest_last[j])
            else:
                j = int(np.searchsorted(g.a, need - tol))
                ok = j < len(g.a)
                total = g.c
                rest_j = 0.0
            if ok and spent + total[j] < best[0]:
                choice[k] = j
                best[0] = spent + float(total[j])
                best_choice[0] = list(choice)
                best_rest[0] = rest_j
            return True
        rest = need - g.a
        lb = spent + g.c + bound(k + 1, rest)
        cut = best[0] - _TOL * max(1.0, abs(best[0]))
        # Only options under the cut can improve (the cut only falls): sort those.
        # (Before any answer the cut is NaN and every option stays, as in the loop.)
        under = np.flatnonzero(~(lb >= cut))
        for j in under[np.argsort(lb[under], kind="stable")].tolist():
            if lb[j] >= cut:
                break
            choice[k] = j
            if rest[j] <= tol:
                best[0] = spent + float(g.c[j])
                best_choice[0] = list(choice)
                best_rest[0] = 0.0
                choice[k + 1 :] = [0] * (m - k - 1)
                best_choice[0][k + 1 :] = [0] * (m - k - 1)
            elif not dfs(k + 1, float(rest[j]), spent + float(g.c[j])):
                return False
            cut = best[0] - _TOL * max(1.0, abs(best[0]))
        return True

    if not dfs(0, r, 0.0):
        return None
    if best[0] == _INF:
        return "infeasible"
    out: list[tuple[int, float]] = []
    for g, j in zip(groups, best_choice[0], strict=True):
        out.extend(g.decode(j))
    out.extend(_fill(tail, best_rest[0]))
    return out
