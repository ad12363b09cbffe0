"""An exact best-first search for a tree ensemble over its inputs' intervals.

The component's columns fall into *decisions*: an input moved by columns of its
own (an amount of steps, a few actions) is one; inputs that share columns (the
one-hot codes of a category, which the same "set" actions move together) and
columns tied by rows of their own (at most one "set" per trait, a level's
indicators) form one together, whose assignments are enumerated whole and placed
in one live interval per input. The cheapest route is then a choice of one
placement per decision (:mod:`strive.route.tree_encode`): the cost is the sum of
each decision's cheapest way into its placement, and the score is the sum of one
leaf per tree. HiGHS proves such models slowly (the relaxation of
a hundred trees lets every leaf be chosen by a fraction), so :func:`solve_block`
searches the intervals directly:

* each decision's placements are ranked by their cost; a *box* keeps, per
  decision, either one placement (fixed) or every placement from a rank on;
* its cost bound is the cost of its cheapest corner, and its score bound the sum,
  tree by tree, of the best leaf any point of the box can reach;
* boxes are taken cheapest first: a box whose score bound is below the threshold
  is dropped; one whose cheapest corner reaches the threshold is the optimum (no
  other box can be cheaper); otherwise the box minus its corner is split into
  "staircase" boxes (decision 1 above its corner; 1 at it and 2 above;
  ...), which partition it.

This is exact: every point is in exactly one box until it is dropped by a valid
bound or found. A time cap returns the best route found so far, marked not optimal.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from strive.route.tree_encode import Block, _Input

if TYPE_CHECKING:
    from strive.route.select import Problem

_Row = tuple[dict[int, float], float, float, bool]
_MAX_BINARIES = 10
"""An input moved by more binary columns than this is left to HiGHS."""
_MAX_COLUMNS = 64
_MAX_STATES = 4096
_MAX_NODES = 200_000
"""A decision over more columns, with more assignments, or whose enumeration
takes more steps than these is left to HiGHS."""
_TOL = 1e-9


class _Table:
    """One *decision* (a group of inputs moved by shared columns, or one input
    alone): per way of placing its inputs, ``picks`` (each input's live position,
    in the order of ``inputs``), the cheapest cost of that placement and the
    column values that reach it."""

    def __init__(
        self,
        inputs: list[int],
        cost: list[float],
        assign: list[dict[int, float]],
        picks: list[tuple[int, ...]],
    ) -> None:
        self.inputs = inputs
        self.cost = cost
        self.assign = assign
        self.picks = picks


def _table(problem: Problem, j: int, put: _Input) -> _Table | None:
    """Enumerate the input's binary columns and place its amount in each interval."""
    binaries = [c for c in put.terms if c not in problem.amounts]
    amounts = [c for c in put.terms if c in problem.amounts]
    if len(binaries) > _MAX_BINARIES or len(amounts) > 1:
        return None
    lower, upper, costs = problem.lower, problem.upper, problem.cost
    combos = list(itertools.product((0.0, 1.0), repeat=len(binaries)))
    grid = np.array(combos, dtype=float).reshape(len(combos), len(binaries))
    if binaries:
        lo = np.array([lower[c] for c in binaries])
        hi = np.array([upper[c] for c in binaries])
        grid = grid[np.all((grid >= lo - _TOL) & (grid <= hi + _TOL), axis=1)]
    coefs = np.array([put.terms[c] for c in binaries])
    base = put.const + grid @ coefs
    base_cost = grid @ np.array([costs[c] for c in binaries])
    out_cost: list[float] = []
    out_assign: list[dict[int, float]] = []
    for low, high in put.bounds:
        if amounts:
            col = amounts[0]
            coef, unit_cost = put.terms[col], costs[col]
            top, least = upper[col], lower[col]
            step = problem.amounts[col].step is not None
            a_lo = (low - base) / coef if coef > 0 else (high - base) / coef
            a_hi = (high - base) / coef if coef > 0 else (low - base) / coef
            if step:
                a_lo = np.ceil(a_lo - 1e-7)
                a_hi = np.floor(a_hi + 1e-7)
            a_lo = np.maximum(a_lo, least)
            a_hi = np.minimum(a_hi, top)
            ok = a_lo <= a_hi + _TOL
            amount = a_lo if unit_cost >= 0 else a_hi
            total = np.where(ok, base_cost + unit_cost * amount, np.inf)
        else:
            ok = (base >= low - 1e-7) & (base <= high + 1e-7)
            total = np.where(ok, base_cost, np.inf)
            amount = np.zeros_like(base)
        if not np.isfinite(total).any():
            out_cost.append(np.inf)
            out_assign.append({})
            continue
        best = int(np.argmin(total))
        assign = {c: float(grid[best, i]) for i, c in enumerate(binaries)}
        if amounts:
            assign[amounts[0]] = float(amount[best])
        out_cost.append(float(total[best]))
        out_assign.append(assign)
    picks: list[tuple[int, ...]] = [(k,) for k in range(len(put.bounds))]
    return _Table([j], out_cost, out_assign, picks)


class _TooMany(Exception):
    """A decision has more ways than the search enumerates."""


def _assignments(
    problem: Problem, cols: list[int], rows: Sequence[_Row]
) -> np.ndarray | None:
    """Every 0/1 assignment of ``cols`` within their bounds that satisfies
    ``rows`` (each over these columns only), by a depth-first walk that drops a
    prefix as soon as some row can no longer be met; None past
    :data:`_MAX_STATES` assignments or :data:`_MAX_NODES` steps of the walk."""
    n = len(cols)
    pos = {c: i for i, c in enumerate(cols)}
    a = np.zeros((len(rows), n))
    lo = np.array([r[1] for r in rows], dtype=float)
    hi = np.array([r[2] for r in rows], dtype=float)
    for r, (terms, *_) in enumerate(rows):
        for c, v in terms.items():
            a[r, pos[c]] = v
    least = [round(problem.lower[c]) for c in cols]
    most = [min(round(problem.upper[c]), 1) for c in cols]
    low_part = np.minimum(a * np.array(least), a * np.array(most))
    high_part = np.maximum(a * np.array(least), a * np.array(most))
    zero = np.zeros((len(rows), 1))
    rest_min = np.hstack([np.cumsum(low_part[:, ::-1], axis=1)[:, ::-1], zero])
    rest_max = np.hstack([np.cumsum(high_part[:, ::-1], axis=1)[:, ::-1], zero])
    out: list[list[float]] = []
    x = [0.0] * n
    steps = 0

    def walk(i: int, activity: np.ndarray) -> None:
        nonlocal steps
        steps += 1
        if steps > _MAX_NODES or len(out) > _MAX_STATES:
            raise _TooMany
        if i == n:
            out.append(list(x))
            return
        for v in range(least[i], most[i] + 1):
            now = activity + a[:, i] * v
            if np.all(now + rest_min[:, i + 1] <= hi + 1e-7) and np.all(
                now + rest_max[:, i + 1] >= lo - 1e-7
            ):
                x[i] = float(v)
                walk(i + 1, now)

    if any(m < lo_ for lo_, m in zip(least, most, strict=True)):
        return np.zeros((0, n))
    try:
        walk(0, np.zeros(len(rows)))
    except _TooMany:
        return None
    return np.array(out, dtype=float).reshape(len(out), n)


def _joint(
    problem: Problem,
    inputs: list[tuple[int, _Input]],
    cols: list[int],
    rows: Sequence[_Row],
) -> _Table | None:
    """One decision over several inputs (or with rows of its own): every
    assignment of its columns, each placed in one live interval per input (an
    assignment whose value falls in no live interval is one the encoding
    forbids), the cheapest kept per placement."""
    if any(c in problem.amounts for c in cols) or len(cols) > _MAX_COLUMNS:
        return None
    grid = _assignments(problem, cols, rows)
    if grid is None:
        return None
    cost = grid @ np.array([problem.cost[c] for c in cols])
    ok = np.ones(len(grid), dtype=bool)
    places = np.zeros((len(grid), len(inputs)), dtype=np.int64)
    for jj, (_, put) in enumerate(inputs):
        if len(put.live) == 1:
            continue  # pick 0; its own row (if any) was enforced above
        coef = np.array([put.terms.get(c, 0.0) for c in cols])
        value = put.const + grid @ coef
        lows = np.array([lo for lo, _ in put.bounds])
        highs = np.array([hi for _, hi in put.bounds])
        at = np.searchsorted(lows - 1e-7, value, side="right") - 1
        inside = at >= 0
        inside[inside] &= value[inside] <= highs[at[inside]] + 1e-7
        ok &= inside
        places[:, jj] = np.maximum(at, 0)
    best: dict[tuple[int, ...], int] = {}
    for s in np.flatnonzero(ok):
        key = tuple(int(p) for p in places[s])
        if key not in best or cost[s] < cost[best[key]] - _TOL:
            best[key] = int(s)
    picks = sorted(best, key=lambda k: float(cost[best[k]]))
    return _Table(
        [j for j, _ in inputs],
        [float(cost[best[k]]) for k in picks],
        [{c: float(grid[best[k], i]) for i, c in enumerate(cols)} for k in picks],
        picks,
    )


def applies(
    problem: Problem, block: Block, cols: Sequence[int], rows: Sequence[_Row]
) -> list[_Table] | None:
    """The decisions' tables when the component is this ensemble and the actions
    that move its inputs, else None.

    Inputs that share a column (the one-hot codes of a category, set by the same
    actions) and columns tied by rows of their own (at most one ``set`` per trait,
    a level's indicators) form one decision, enumerated whole; an input moved by
    columns of its own is one decision, tabulated per interval."""
    side = [r for r in rows if id(r) not in block.rows]
    if any(block.cols & r[0].keys() for r in side):
        return None
    # An input with one live interval keeps its value inside it by a row over its
    # columns alone: enumerated with the decision's own rows.
    links = [r for r in rows if id(r) in block.rows and not block.cols & r[0].keys()]
    parent = {c: c for c in cols if c not in block.cols}

    def find(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    def join(group: Iterable[int]) -> None:
        roots = sorted({find(c) for c in group})
        for root in roots[1:]:
            parent[root] = roots[0]

    outside: set[int] = set()
    for j, put in enumerate(block.inputs):
        inside = [c for c in put.terms if c in parent]
        if len(inside) < len(put.terms):
            if len(put.live) > 1 or inside:
                return None  # pragma: no cover - its rows would have joined them
            outside.add(j)  # moved in another component, with no row here
        join(inside)
    for terms, *_ in side + links:
        if not all(c in parent for c in terms):
            return None  # pragma: no cover - a row lies in one component
        join(terms)
    members: dict[int, list[int]] = {}
    for c in parent:
        members.setdefault(find(c), []).append(c)
    moved: dict[int, list[tuple[int, _Input]]] = {}
    tables: list[_Table] = []
    for j, put in enumerate(block.inputs):
        if not put.terms or j in outside:
            tables.append(_Table([], [0.0], [{}], [()]))
        else:
            moved.setdefault(find(next(iter(put.terms))), []).append((j, put))
    own: dict[int, list[_Row]] = {}
    linked: dict[int, list[_Row]] = {}
    for r in side:
        own.setdefault(find(next(iter(r[0]))), []).append(r)
    for r in links:
        linked.setdefault(find(next(iter(r[0]))), []).append(r)
    for root, group in members.items():
        inputs = moved.get(root, [])
        table: _Table | None
        if len(inputs) == 1 and root not in own:
            table = _table(problem, *inputs[0])
        else:
            rows_here = own.get(root, []) + linked.get(root, [])
            table = _joint(problem, inputs, sorted(group), rows_here)
        if table is None:
            return None
        tables.append(table)
    return tables


def solve_block(
    problem: Problem,
    block: Block,
    tables: list[_Table],
    cols: Sequence[int],
    time_limit: float,
) -> tuple[str, list[float] | None]:
    """``(status, values of cols)``: optimal, infeasible, feasible or error."""
    inputs = block.inputs
    dims = [
        g
        for g, t in enumerate(tables)
        if any(len(inputs[j].live) > 1 for j in t.inputs)
    ]
    rest = [g for g in range(len(tables)) if g not in set(dims)]
    if any(not t.cost for t in tables):
        return "infeasible", None  # a decision with no way the encoding allows
    const = sum(min(tables[g].cost) for g in rest)
    if not np.isfinite(const):
        return "infeasible", None
    search = _Search(block, tables, dims, const, time.monotonic() + time_limit)
    status, best = search.run()
    if best is None:
        return status, None
    x: dict[int, float] = {}
    chosen: dict[int, int] = {}
    for g, table in enumerate(tables):
        if g in rest:
            k = int(np.argmin(table.cost))
        else:
            u = dims.index(g)
            k = int(search.orders[u][best[u]])
        for jj, j in enumerate(table.inputs):
            chosen[j] = table.picks[k][jj]
        x.update(table.assign[k])
    for j, put in enumerate(inputs):
        for i, col in enumerate(put.cols):
            x[col] = 1.0 if i == chosen[j] else 0.0
    for _, col, spans, _ in block.leaves:
        ok = all(spans[j][0] <= chosen[j] <= spans[j][1] for j in spans)
        x[col] = 1.0 if ok else 0.0
    return status, [x.get(c, problem.lower[c]) for c in cols]


class _Search:
    """The best-first search of the module docstring, on precomputed leaf masks.

    Per decision ``u`` (one input, or inputs moved together) and rank ``r`` (its
    placements, cheapest first): ``at[u][r]`` marks the leaves whose intervals
    hold that placement on every input of the decision, ``after[u][r]`` the lowest
    rank ``>= r`` inside each leaf (so a box's range ``[r, cap]`` meets a leaf iff
    ``after <= cap``).
    """

    def __init__(
        self,
        block: Block,
        tables: list[_Table],
        dims: list[int],
        const: float,
        deadline: float,
    ) -> None:
        self.deadline = deadline
        self.const = const
        self.orders = [
            np.argsort(np.array(tables[g].cost), kind="stable") for g in dims
        ]
        self.costs = [
            np.array(tables[g].cost)[o] for g, o in zip(dims, self.orders, strict=True)
        ]
        self.sizes = [len(o) for o in self.orders]
        n = len(block.leaves)
        self.d = len(dims)
        self.at: list[np.ndarray] = []
        self.after: list[np.ndarray] = []
        lows: dict[int, np.ndarray] = {}
        highs: dict[int, np.ndarray] = {}
        for j, put in enumerate(block.inputs):
            if len(put.live) > 1:
                lows[j] = np.zeros(n, dtype=np.int64)
                highs[j] = np.full(n, len(put.live) - 1, dtype=np.int64)
        for i, (_, _, spans, _) in enumerate(block.leaves):
            for j, (a, b) in spans.items():
                lows[j][i], highs[j][i] = a, b
        for u, g in enumerate(dims):
            table = tables[g]
            at = np.ones((self.sizes[u], n), dtype=bool)
            for jj, j in enumerate(table.inputs):
                if j not in lows:
                    continue
                pos = np.array([table.picks[k][jj] for k in self.orders[u]])[:, None]
                at &= (lows[j][None, :] <= pos) & (pos <= highs[j][None, :])
            after = np.empty(at.shape, dtype=np.int64)
            nxt = np.full(n, self.sizes[u], dtype=np.int64)
            for r in range(self.sizes[u] - 1, -1, -1):
                nxt = np.where(at[r], r, nxt)
                after[r] = nxt
            self.at.append(at)
            self.after.append(after)
        self.values = np.array([v for *_, v in block.leaves])
        trees = np.array([t for t, *_ in block.leaves], dtype=np.int64)
        self.starts = np.flatnonzero(np.r_[True, trees[1:] != trees[:-1]])
        self.needed = block.needed
        self.all = np.ones(n, dtype=bool)
        self.best: tuple[float, tuple[int, ...]] | None = None
        # Stacked (input, rank, leaf) arrays padded to the longest input, so one
        # fancy index reads a box's rows: ``inside`` (the rank's interval is in the
        # leaf) and ``extra`` (the least added cost, from that rank on, to reach
        # the leaf on that input; inf if it cannot).
        top = max(self.sizes, default=1)
        self.inside = np.zeros((self.d, top, n), dtype=bool)
        self.extra = np.full((self.d, top, n), np.inf)
        for u in range(self.d):
            size = self.sizes[u]
            self.inside[u, :size] = self.at[u]
            reach = np.append(self.costs[u], np.inf)[self.after[u]]
            here = self.costs[u][:, None]
            finite = np.isfinite(here)
            gap = np.subtract(
                reach, here, out=np.full(reach.shape, np.inf), where=finite
            )
            self.extra[u, :size] = gap
        self.rows = np.arange(self.d)

    def cost(self, r: Sequence[int]) -> float:
        return self.const + sum(float(self.costs[u][r[u]]) for u in range(self.d))

    def point(self, r: Sequence[int]) -> float:
        if not self.d:
            return self._sum(self.all)
        return self._sum(np.all(self.inside[self.rows, list(r)], axis=0))

    def _sum(self, mask: Any) -> float:
        picked = np.where(mask, self.values, -np.inf)
        return float(np.maximum.reduceat(picked, self.starts).sum())

    def bound(self, r: Sequence[int], fixed: int, lower: float) -> float:
        """The best score in the box over the leaves some point of the box reaches
        for less than the best route found (a point costing as much cannot improve
        on it): a leaf's cheapest point in the box costs the box's corner plus, on
        each input, the least extra cost into the leaf's intervals."""
        if not self.d:
            return self._sum(self.all)
        ranks = list(r)
        extra = self.extra[self.rows, ranks]
        pinned = [u for u in range(self.d) if (fixed >> u) & 1]
        if pinned:
            extra[pinned] = np.where(
                self.inside[pinned, [ranks[u] for u in pinned]], 0.0, np.inf
            )
        total = extra.sum(axis=0)
        if self.best is None:
            return self._sum(np.isfinite(total))
        return self._sum(total < self.best[0] - _TOL - lower)

    def _scores(self, r: Sequence[int], u: int) -> np.ndarray:
        """The score at ``r`` with input ``u`` moved to each of its ranks."""
        others = self.all
        for v in range(self.d):
            if v != u:
                others = others & self.inside[v, r[v]]
        rows = others[None, :] & self.at[u]
        picked = np.where(rows, self.values[None, :], -np.inf)
        out: np.ndarray = np.maximum.reduceat(picked, self.starts, axis=1).sum(axis=1)
        return out

    def greedy(self, start: Sequence[int], fixed: int = 0) -> None:
        """A route from a box's corner: raise the input with the best score gain
        per unit of cost until the threshold is reached, lower what is not needed,
        then trade one input down for another up while that is cheaper. Only the
        box's own points are tried; the best route found is kept."""
        free = [u for u in range(self.d) if not (fixed >> u) & 1]
        r = list(start)
        current = self.point(r)
        for _ in range(4 * self.d + 8):
            if current >= self.needed:
                break
            pick: tuple[float, int, int, float] | None = None
            for u in free:
                scores = self._scores(r, u)
                extra = self.costs[u] - self.costs[u][r[u]]
                for k in range(start[u], self.sizes[u]):
                    gain = float(scores[k]) - current
                    if gain <= 0 or not np.isfinite(extra[k]):
                        continue
                    ratio = gain / max(float(extra[k]), 1e-9)
                    if scores[k] >= self.needed:
                        ratio = 1e12 / max(float(extra[k]), 1e-9)
                    if pick is None or ratio > pick[0]:
                        pick = (ratio, u, k, float(scores[k]))
            if pick is None:
                return
            _, u, k, current = pick
            r[u] = k
        if current < self.needed:
            return
        for u in free:
            for k in range(start[u], r[u]):
                trial = [*r[:u], k, *r[u + 1 :]]
                if self.point(trial) >= self.needed:
                    r = trial
                    break
        for _ in range(2 * self.d):
            if not self._trade(r, start, free):
                break
        cost = self.cost(r)
        if self.best is None or cost < self.best[0] - _TOL:
            self.best = (cost, tuple(r))

    def _trade(self, r: list[int], start: Sequence[int], free: list[int]) -> bool:
        """One input a rank lower, another raised as little as keeps the score:
        applied (to ``r``) when it is cheaper; whether it was."""
        best: tuple[float, int, int, int, int] | None = None
        for u in free:
            if r[u] <= start[u]:
                continue
            lowered = [*r[:u], r[u] - 1, *r[u + 1 :]]
            saved = float(self.costs[u][r[u]] - self.costs[u][r[u] - 1])
            for v in free:
                if v == u:
                    continue
                scores = self._scores(lowered, v)
                ok = np.flatnonzero(scores >= self.needed)
                ok = ok[ok >= start[v]]
                if not ok.size:
                    continue
                k = int(ok[np.argmin(self.costs[v][ok])])
                delta = float(self.costs[v][k] - self.costs[v][r[v]]) - saved
                if delta < -_TOL and (best is None or delta < best[0]):
                    best = (delta, u, r[u] - 1, v, k)
        if best is None:
            return False
        _, u, ku, v, kv = best
        r[u], r[v] = ku, kv
        return True

    def run(self) -> tuple[str, tuple[int, ...] | None]:
        start = tuple([0] * self.d)
        first = self.cost(start)
        if not np.isfinite(first):
            return "infeasible", None  # some input has no interval it can reach
        if self.bound(start, 0, first) < self.needed:
            return "infeasible", None  # no point reaches it: no greedy route to try
        self.greedy(start)
        heap: list[tuple[float, int, tuple[int, ...], int]] = [(first, 0, start, 0)]
        count = 0
        capped = False
        while heap:
            lower, _, r, fixed = heapq.heappop(heap)
            if self.best is not None and lower >= self.best[0] - _TOL:
                break
            count += 1
            if count % 64 == 0 and time.monotonic() > self.deadline:
                capped = True
                break
            if self.bound(r, fixed, lower) < self.needed:
                continue
            if self.point(r) >= self.needed:
                self.best = (lower, r)
                break  # cheapest first: nothing left is cheaper
            if count & (count - 1) == 0 or count % 512 == 0:
                self.greedy(r, fixed)  # a better route found early prunes more
            held = fixed
            for u in range(self.d):
                if (fixed >> u) & 1:
                    continue
                if r[u] + 1 < self.sizes[u]:
                    child = (*r[:u], r[u] + 1, *r[u + 1 :])
                    cost = self.cost(child)
                    if np.isfinite(cost) and (
                        self.best is None or cost < self.best[0] - _TOL
                    ):
                        heapq.heappush(heap, (cost, count * 64 + u, child, held))
                held |= 1 << u
        if self.best is None:
            return ("error" if capped else "infeasible"), None
        return ("feasible" if capped else "optimal"), self.best[1]
