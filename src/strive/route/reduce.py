"""Exact reductions of a binary selection model before it is solved.

A plain selection model (covering rows for targets, prerequisite implications,
"at most one" groups; binary columns of non-negative cost) sent whole to HiGHS
spends most of the call in HiGHS's presolve, which on the catalogues of
bench/bench_route.py removes about 70 % of the columns: the same model as its presolve
leaves it solves in about a third of the time (docs/route.md, "fourth round"). This
module makes the reductions that account for most of that, in Python, so the solver
gets the small model (or nothing, when the reductions decide every column):

* **activity bounds** (a row that always holds is dropped; one that cannot hold makes
  the model infeasible; a column without which a row cannot hold is fixed to the
  value the row needs);
* **dual fixing** (a column of cost >= 0 that helps no row is fixed to 0; one of cost
  <= 0 that hurts no row, to 1);
* **dominated columns** (Achterberg et al., "Presolve reductions in mixed integer
  programming", 2020, section 6.4; HiGHS's ``dominatedColumns``): column ``j``
  dominates ``k`` when ``c_j <= c_k`` and in every row ``j``'s coefficient helps at
  least as much as ``k``'s. If moreover ``j`` alone *saturates* every row it helps
  (``x_j = 1`` meets the row whatever the other columns are), some optimal solution
  has ``x_k = 0``: from one with ``x_k = 1``, turn ``k`` off and ``j`` on; every row
  ``k`` helped is met by ``j`` alone, every other row loses nothing, and the cost
  does not rise (``c_k >= c_j >= 0``).

Each reduction keeps at least one optimal solution of the model it is applied to
(and infeasibility), and they are applied one after another to the model as
reduced so far, so the reduced model has the same optimal cost and the same
feasibility as the original: the property tests in tests/route/test_reduce.py
check this against brute force on random models, and whole plans against the path
without it.

Measured (docs/route.md, "fourth round"): on the 46 solver models of 200 actions the
columns fall from a median 173 to 74 and the rows from 104 to 54, the LP gap from
5.7 % to 3.5 %, and infeasible models are found without HiGHS; but the reduced
model still takes HiGHS most of the time of the whole one, and the reductions cost
about what they save, so the selection uses them only with ``Problem.reduce`` (off).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Row = tuple[dict[int, float], float, float, bool]
_INF = float("inf")
_TOL = 1e-9
"""Slack in the row tests (the rows' data are sums of a few floats; HiGHS and the
replay accept a row within 1e-7, so reductions decided within 1e-9 are on the safe
side)."""


@dataclass
class Reduced:
    """What is left to solve, and the values already decided."""

    infeasible: bool
    fixed: dict[int, float]
    """Column -> value for every decided column."""
    cols: list[int]
    """Columns still free (in the order given)."""
    rows: list[Row]
    """Rows over the free columns (bounds moved by the fixed columns' values)."""


def reduce(
    cols: Sequence[int],
    rows: Sequence[Row],
    cost: Sequence[float],
    lower: Sequence[float],
    upper: Sequence[float],
    *,
    rounds: int = 2,
) -> Reduced:
    """Reduce a model of binary columns (``lower``/``upper`` in {0, 1}).

    ``rows`` are ``(terms, lo, hi, coupling)`` with ``lo <= sum(terms * x) <= hi``;
    a two-sided row is read as two one-sided rows. ``rounds`` bounds the passes of
    the dominated-column search (the cheap reductions run to a fixed point after
    each).
    """
    return _Reducer(cols, rows, cost, lower, upper).run(rounds)


class _Reducer:
    """The model in ">=" form (``sum(coef * x) >= rhs`` over the free columns),
    with each row's activity bounds and each column's count of rows it helps and
    hurts kept up to date as columns are fixed and rows dropped."""

    def __init__(
        self,
        cols: Sequence[int],
        rows: Sequence[Row],
        cost: Sequence[float],
        lower: Sequence[float],
        upper: Sequence[float],
    ) -> None:
        self.cols = cols
        self.cost = cost
        self.coef: list[dict[int, float]] = []
        self.rhs: list[float] = []
        for terms, lo, hi, _ in rows:
            if lo > -_INF:
                self.coef.append(dict(terms))
                self.rhs.append(lo)
            if hi < _INF:
                self.coef.append({c: -a for c, a in terms.items()})
                self.rhs.append(-hi)
        n_rows = len(self.coef)
        self.alive = [True] * n_rows
        self.minact = [0.0] * n_rows
        self.maxact = [0.0] * n_rows
        self.in_rows: dict[int, set[int]] = {c: set() for c in cols}
        self.helps = dict.fromkeys(cols, 0)
        self.hurts = dict.fromkeys(cols, 0)
        for r, terms in enumerate(self.coef):
            for c, a in terms.items():
                self.in_rows[c].add(r)
                if a > 0:
                    self.helps[c] += 1
                    self.maxact[r] += a
                elif a < 0:
                    self.hurts[c] += 1
                    self.minact[r] += a
        self.fixed: dict[int, float] = {}
        self.queue: set[int] = set(range(n_rows))
        self.watch: set[int] = set(cols)
        """Columns whose help/hurt counts changed (dual fixing candidates)."""
        for c in cols:
            if upper[c] < 0.5:
                self.fix(c, 0.0)
            elif lower[c] > 0.5:
                self.fix(c, 1.0)

    def fix(self, c: int, value: float) -> None:
        self.fixed[c] = value
        coef, rhs = self.coef, self.rhs
        for r in self.in_rows.pop(c):
            a = coef[r].pop(c)
            if value:
                rhs[r] -= a
            if a < 0:
                self.minact[r] -= a
            else:
                self.maxact[r] -= a
            self.queue.add(r)
        self.watch.discard(c)

    def drop(self, r: int) -> None:
        """Row ``r`` always holds."""
        self.alive[r] = False
        for c, a in self.coef[r].items():
            self.in_rows[c].discard(r)
            if a > 0:
                self.helps[c] -= 1
            elif a < 0:
                self.hurts[c] -= 1
            self.watch.add(c)

    def propagate(self) -> bool:
        """Activity bounds and dual fixing to a fixed point; False if infeasible."""
        coef, rhs, alive = self.coef, self.rhs, self.alive
        minact, maxact = self.minact, self.maxact
        while self.queue or self.watch:
            while self.queue:
                r = self.queue.pop()
                if not alive[r]:
                    continue
                if minact[r] >= rhs[r] - _TOL:
                    self.drop(r)
                    continue
                slack = maxact[r] - rhs[r]
                if slack < -_TOL:
                    return False
                terms = coef[r]
                for c, a in terms.items():
                    if abs(a) > slack + _TOL:
                        # Without c at its helping value the row cannot hold
                        # (fixing it puts the row back in the queue).
                        self.fix(c, 1.0 if a > 0 else 0.0)
                        break
                else:
                    # A helping coefficient beyond what the row can still need
                    # (``rhs - minact``) counts as that much: the same 0/1 points
                    # meet the row, and the relaxation is tighter.
                    top = rhs[r] - minact[r]
                    for c, a in terms.items():
                        if a > top + _TOL:
                            terms[c] = top
                            maxact[r] -= a - top
            watch, self.watch = self.watch, set()
            for c in watch:
                if c in self.fixed:
                    continue
                if self.cost[c] >= 0 and not self.helps[c]:
                    self.fix(c, 0.0)
                elif self.cost[c] <= 0 and not self.hurts[c]:
                    self.fix(c, 1.0)
        return True

    def run(self, rounds: int) -> Reduced:
        if not self.propagate():
            return Reduced(True, self.fixed, [], [])
        for _ in range(rounds):
            if not self.dominated():
                break
            if not self.propagate():
                return Reduced(True, self.fixed, [], [])
        out_rows: list[Row] = []
        for r, terms in enumerate(self.coef):
            if not self.alive[r]:
                continue
            if all(a < 0 for a in terms.values()):
                # Back to "<=" form (a group's "at most one" stays recognisable).
                out_rows.append(
                    ({c: -a for c, a in terms.items()}, -_INF, -self.rhs[r], False)
                )
            else:
                out_rows.append((dict(terms), self.rhs[r], _INF, False))
        free = [c for c in self.cols if c not in self.fixed]
        return Reduced(False, self.fixed, free, out_rows)

    def dominated(self) -> bool:
        """Fix to 0 every column dominated by a saturating one; True if any was.

        Fixing a column to 0 only makes the others' saturation easier (a row's
        minimum activity can only rise), so saturation is decided once per pass.
        """
        coef, rhs, minact, in_rows = self.coef, self.rhs, self.minact, self.in_rows
        cost, fixed = self.cost, self.fixed
        saturating: dict[int, list[int]] = {}
        """Saturating column -> the rows it hurts."""
        for j in self.cols:
            if j in fixed or cost[j] < 0 or not self.helps[j]:
                continue
            hurts: list[int] = []
            for r in in_rows[j]:
                a = coef[r][j]
                if a < 0:
                    hurts.append(r)
                elif a + minact[r] < rhs[r] - _TOL:
                    break  # j alone does not meet row r
            else:
                saturating[j] = hurts
        if not saturating:
            return False
        found = False
        for k in self.cols:
            if k in fixed or not self.helps[k]:
                continue
            rows_k = in_rows[k]
            # A dominating j helps every row k helps: look in k's shortest one.
            best, size = -1, 1 << 30
            for r in rows_k:
                if coef[r][k] > 0 and len(coef[r]) < size:
                    best, size = r, len(coef[r])
            ck = cost[k] + _TOL
            for j in coef[best]:
                hurt = saturating.get(j)
                if hurt is None or j == k or j in fixed or cost[j] > ck:
                    continue
                # k hurts at least as much wherever j hurts...
                if any(coef[r].get(k, 0.0) > coef[r][j] + _TOL for r in hurt):
                    continue
                # ...and helps no more than j anywhere (j is 0 where absent).
                if any(coef[r][k] > coef[r].get(j, 0.0) + _TOL for r in rows_k):
                    continue
                self.fix(k, 0.0)
                found = True
                break
        return found
