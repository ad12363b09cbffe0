"""Exact action selection: the cheapest set of actions that reaches every target.

The person's final values are linear in binary choice variables ``x[a]`` (one per
candidate action), which lets every condition become linear constraints:

* numbers changed by ``add``: ``base + growth + sum(add[a] * x[a]) >= v`` (or
  ``<=``); a ``set`` among them counts as the change it brings over the base, down as
  well as up (never down on a grow-only trait, which ``set`` cannot lower);
* numbers only ever ``set`` are written like levels below: the value is the base or
  a chosen action's (the largest one on a grow-only trait), so ``debt<=30`` is met by
  ``set debt=20`` exactly. In a linear target at most one action setting the same
  number is chosen (two ``set``s do not add up);
* levels, yes/no and set-only numbers on grow-only traits: ``max(base, chosen set
  values)``, so ``degree_level>=master`` holds when the base does or any chosen
  action sets a level at least master (an indicator max); ``<=``/``=``/``in`` also
  forbid actions that would raise the value past the allowed ones;
* categories and free traits (set-only free numbers too, so ``set debt=20`` meets
  ``debt<=30`` exactly): a chosen action must set an allowed value and no chosen
  action may set a forbidden one (conservative when two actions set the same trait);
* sets: ``has m`` needs the base or any chosen action including ``m``; sizes count
  ``|base| + sum(y[m])`` with ``y[m]`` exactly "some chosen action includes m".

Requirements become ``any of`` indicators (``z``), look-alikes ``at least k of``
indicators, prerequisites ``x[a] -> condition`` (with ``a`` itself excluded from the
producers), groups ``sum(x) <= 1`` and limits (money, months away, weekly hours until
the deadline) knapsack rows. Unknown values are never planned for: a condition on an
unknown trait is assumed (an *open item*), never bought.

Only actions touching a needed trait (transitively through prerequisites) become
variables. The model is split into independent components; a component made of one
covering row is solved by an argmin without a solver, one covering row plus "at most
one" rows (a linear-model target: a multiple-choice knapsack) by exact branch and
bound (:mod:`strive.route.mckp`), tiny ones by enumeration, the rest by HiGHS with a
zero MIP gap, and the limits are checked on the union (falling back to one HiGHS
model when a limit binds). Selection is proven optimal only when every part was.

A level feature of a linear target whose producing actions are all in one group (at
most one of them is chosen) is written directly on those actions instead of through
"level reached" indicator columns: the indicator would equal their sum.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from strive import i18n
from strive.actions import Action, Effect
from strive.conditions import Condition
from strive.goal import Limits
from strive.route import mckp
from strive.route.continuous import Continuous
from strive.route.model import WEEKS_PER_MONTH, CostWeights
from strive.route.targets import LinearTarget
from strive.route.trees import TreeTarget
from strive.traits import Kind, Mutability, Trait, TraitSet, Value

_Row = tuple[dict[int, float], float, float, bool]
_EPS = 1e-6
_INF = float("inf")
_OPEN_PENALTY = 1e4
"""Cost per assumed (unknown) condition in an any-of: an alternative resting on a
value nobody recorded is used only when no checkable alternative can be reached."""


@dataclass(frozen=True)
class Need:
    """At least ``k`` of ``alternatives`` must hold at the end (each is all-of)."""

    name: str
    alternatives: tuple[tuple[Condition, ...], ...]
    k: int = 1
    kind: str = "requirement"


@dataclass
class Selection:
    """The outcome of one selection solve."""

    status: str
    """``optimal``, ``feasible``, ``infeasible`` or ``error``."""
    chosen: tuple[str, ...] = ()
    cost: float = 0.0
    optimal: bool = False
    reasons: dict[str, list[str]] = field(default_factory=dict)
    open_items: list[tuple[str, Condition]] = field(default_factory=list)
    impossible: list[str] = field(default_factory=list)
    """Hard conditions no action can make hold (fixed traits, no producing action)."""
    used_solver: bool = False
    amounts: dict[str, float] = field(default_factory=dict)
    """Chosen continuous actions and the amount each adds."""


def calendar_months(action: Action, hours_per_week: float) -> float:
    """An action's calendar length: its duration, or longer if its effort needs it."""
    weeks = action.effort_hours / hours_per_week if action.effort_hours else 0.0
    return max(action.duration_months, weeks / WEEKS_PER_MONTH)


def action_cost(action: Action, weights: CostWeights, hours_per_week: float) -> float:
    money = action.money if action.money_sourced else 0.0
    return (
        weights.hours * action.effort_hours
        + weights.money * money
        + weights.months * calendar_months(action, hours_per_week)
    )


class Problem:
    """A compiled selection model (rows over binary columns)."""

    tighten = True
    """Clip covering coefficients to the need (:meth:`_at_least`), enumerate only
    up to ``_ENUMERATE`` columns and use a light HiGHS presolve on larger plain models
    (:func:`_highs`); off only to compare with the solver as it was
    (bench/bench_route.py, the tests: 12 columns enumerated, presolve on)."""

    reduce = False
    """Apply :mod:`strive.route.reduce`'s exact reductions to a binary component
    before HiGHS (with ``tighten``; HiGHS then runs without presolve). Off: on the
    200-action models of bench/bench_route.py they take ~57 % of the columns out
    but the solve was not faster (the Python reductions cost what HiGHS saved;
    docs/route.md, "fourth round"). ``bench_route.py scaling`` measures it."""

    def __init__(
        self,
        traits: TraitSet,
        values: Mapping[str, Value | None],
        actions: Sequence[Action],
        *,
        costs: Sequence[float],
        eval_years: float,
        prereq_years: Sequence[float],
        forced: Iterable[str] = (),
    ) -> None:
        self.traits = traits
        self.values = values
        self.eval_years = eval_years
        self.actions = list(actions)
        self.index = {a.name: i for i, a in enumerate(self.actions)}
        self.n_x = len(self.actions)
        self.cost: list[float] = list(costs)
        self.lower: list[float] = [0.0] * self.n_x
        self.upper: list[float] = [1.0] * self.n_x
        self.names: list[str] = [a.name for a in self.actions]
        self.rows: list[tuple[dict[int, float], float, float, bool]] = []
        self.impossible: list[str] = []
        self.infeasible = False
        self.open_by_col: dict[int, list[tuple[str, Condition]]] = {}
        self.serves: dict[int, list[tuple[int | None, str]]] = {}
        self._members: dict[tuple[str, str], int] = {}
        self._levels: dict[tuple[str, int], int] = {}
        self._exclusive: set[frozenset[int]] = set()
        self.amounts: dict[int, Continuous] = {}
        self.tree_blocks: list[Any] = []
        """Tree ensembles as encoded (:class:`strive.route.tree_encode.Block`)."""
        """Continuous-action columns (integer steps or continuous amounts)."""
        self.models = 0
        """Linear or tree targets added (a plain model has none and no amounts)."""
        self.choices = 0
        """"Any of" indicator columns (a need's alternatives; a plain model has
        none)."""
        self._by_trait: dict[str, list[tuple[int, Effect]]] = {}
        for i, action in enumerate(self.actions):
            for effect in action.effects:
                self._by_trait.setdefault(effect.trait, []).append((i, effect))
        for name in forced:
            if name in self.index:
                self.lower[self.index[name]] = 1.0
        for i, action in enumerate(self.actions):
            for cond in action.requires:
                self.encode(cond, i, exclude=i, years=prereq_years[i], label="")

    # -- columns and rows -------------------------------------------------------

    def column(self, name: str, cost: float = 0.0) -> int:
        self.names.append(name)
        self.cost.append(cost)
        self.lower.append(0.0)
        self.upper.append(1.0)
        return len(self.cost) - 1

    def row(
        self,
        terms: dict[int, float],
        lo: float,
        hi: float,
        ind: int | None = None,
        ind_coef: float = 0.0,
        coupling: bool = False,
    ) -> None:
        """Add ``lo <= terms + ind_coef * ind <= hi`` (``ind=None``: ind is 1)."""
        terms = dict(terms)
        if ind is None:
            lo, hi = lo - ind_coef, hi - ind_coef
        elif ind_coef:
            terms[ind] = terms.get(ind, 0.0) + ind_coef
        if not terms:
            if lo > _EPS or hi < -_EPS:
                self.infeasible = True
            return
        self.rows.append((terms, lo, hi, coupling))

    def forbid(self, col: int, ind: int | None) -> None:
        """``ind -> x[col] = 0``."""
        if ind is None:
            self.upper[col] = 0.0
        else:
            self.row({col: 1.0}, -_INF, 1.0, ind, 1.0)

    def falsify(self, ind: int | None, why: str) -> None:
        if ind is None:
            self.impossible.append(why)
            self.infeasible = True
        else:
            self.upper[ind] = 0.0

    def add_continuous(
        self, action: Continuous, weights: CostWeights, hours_per_week: float
    ) -> None:
        """One amount variable: ``units`` of ``per_unit`` each, cost linear in it.

        Call before the needs and targets are encoded: the amount joins the trait's
        ``add`` effects, so every condition and linear target on the trait sees it.
        """
        unit = action.per_unit()
        hours = action.hours_per_unit * unit
        months = hours / hours_per_week / WEEKS_PER_MONTH
        cost = (
            weights.hours * hours
            + weights.money * action.money_per_unit * unit
            + weights.months * months
        )
        col = self.column(action.name, cost)
        self.upper[col] = action.units()
        self.amounts[col] = action
        self._by_trait.setdefault(action.trait, []).append(
            (col, Effect(action.trait, "add", unit))
        )

    # -- needs --------------------------------------------------------------------

    def add_need(self, need: Need) -> None:
        alternatives = need.alternatives
        if not alternatives:
            return
        if len(alternatives) == 1 and need.k <= 1:
            for cond in alternatives[0]:
                self.encode(cond, None, None, self.eval_years, need.name)
            return
        inds: list[int] = []
        for i, alternative in enumerate(alternatives):
            z = self.column(f"{need.name}#{i}")
            self.choices += 1
            self.serves[z] = []
            opens: list[tuple[str, Condition]] = []
            for cond in alternative:
                kind = self.encode(cond, z, None, self.eval_years, need.name)
                if kind == "open":
                    opens.append((need.name, cond))
            if opens:
                self.open_by_col[z] = opens
                self.cost[z] = _OPEN_PENALTY * len(opens)
            inds.append(z)
        self.row(dict.fromkeys(inds, 1.0), float(need.k), _INF)

    def add_limits(self, limits: Limits, months_available: float | None) -> None:
        xs = range(self.n_x)
        per_money = {
            c: a.money_per_unit * a.per_unit() for c, a in self.amounts.items()
        }
        per_hours = {
            c: a.hours_per_unit * a.per_unit() for c, a in self.amounts.items()
        }
        if limits.money is not None:
            terms = {
                i: self.actions[i].money
                for i in xs
                if self.actions[i].money_sourced and self.actions[i].money
            }
            terms.update({c: v for c, v in per_money.items() if v})
            self.row(terms, -_INF, limits.money, coupling=True)
        if limits.months_away is not None:
            terms = {
                i: self.actions[i].months_away
                for i in xs
                if self.actions[i].months_away
            }
            self.row(terms, -_INF, limits.months_away, coupling=True)
        if months_available is not None:
            hours = limits.hours_per_week * WEEKS_PER_MONTH * months_available
            terms = {
                i: self.actions[i].effort_hours
                for i in xs
                if self.actions[i].effort_hours
            }
            terms.update({c: v for c, v in per_hours.items() if v})
            self.row(terms, -_INF, hours + _EPS, coupling=True)
            for i in xs:
                if calendar_months(self.actions[i], limits.hours_per_week) > (
                    months_available + _EPS
                ):
                    self.upper[i] = 0.0

    def add_groups(self) -> None:
        groups: dict[str, list[int]] = {}
        for i, action in enumerate(self.actions):
            if action.group:
                groups.setdefault(action.group, []).append(i)
        for members in groups.values():
            if len(members) > 1:
                self.row(dict.fromkeys(members, 1.0), -_INF, 1.0)

    def add_nogood(self, chosen: Iterable[str]) -> None:
        cols = [self.index[n] for n in chosen if n in self.index]
        if not cols:
            self.infeasible = True
            return
        self.row(dict.fromkeys(cols, 1.0), -_INF, len(cols) - 1.0)

    def add_cycle_cut(self, stuck: Sequence[str], chosen: Sequence[str]) -> None:
        """``stuck`` cannot start with only ``chosen``'s effects: choosing all of
        ``stuck`` needs some other action too (valid for grow-only effects)."""
        inside = set(chosen)
        terms = {self.index[n]: 1.0 for n in stuck if n in self.index}
        for i in range(self.n_x):
            if self.names[i] not in inside:
                terms[i] = -1.0
        self.row(terms, -_INF, len(stuck) - 1.0)

    # -- conditions ---------------------------------------------------------------

    def encode(
        self,
        cond: Condition,
        ind: int | None,
        exclude: int | None,
        years: float,
        label: str,
    ) -> str:
        """Add rows for ``ind -> cond``; returns true/false/open/rows."""
        trait = self.traits[cond.trait]
        base = self.values.get(cond.trait)
        effects = [
            (i, e) for i, e in self._by_trait.get(cond.trait, []) if i != exclude
        ]
        if base is None:
            # Unknown: assumed, never planned for (reported as an open item).
            if ind is None and label:
                self.open_by_col.setdefault(-1, []).append((label, cond))
            return "open"
        if trait.kind is Kind.NUMBER:
            assert isinstance(base, float)
            base = base + trait.growth_per_year * years
        kind = self._encode(cond, trait, base, effects, ind, years)
        if kind == "rows" and label:
            for i, _ in effects:
                self.serves.setdefault(i, []).append((ind, label))
        if kind == "false":
            self.falsify(ind, _why(cond, trait, effects))
        return kind

    def _encode(
        self,
        cond: Condition,
        trait: Trait,
        base: Value,
        effects: list[tuple[int, Effect]],
        ind: int | None,
        years: float,
    ) -> str:
        op = cond.op
        if trait.kind is Kind.SET:
            assert isinstance(base, frozenset)
            if op == "has":
                if cond.value in base:
                    return "true"
                adders = [i for i, e in effects if _includes(e, cond.value)]
                return self._cover(adders, ind)
            if op in (">=", ">", "<=", "<", "="):
                assert isinstance(cond.value, float)
                ys = self._member_columns(trait.name, base)
                ones = dict.fromkeys(ys, 1.0)
                return self._numeric(op, float(len(base)), cond.value, ones, ind)
            return "true" if cond.holds(trait, base) else "false"
        if trait.kind is Kind.NUMBER and any(e.op != "set" for _, e in effects):
            assert isinstance(base, float) and isinstance(cond.value, float)
            d: dict[int, float] = {}
            for i, e in effects:
                if e.op == "add":
                    assert isinstance(e.value, float)
                    d[i] = d.get(i, 0.0) + e.value
                elif e.op == "set" and isinstance(e.value, float):
                    d[i] = d.get(i, 0.0) + _set_delta(trait, base, e.value)
            return self._numeric(op, base, cond.value, d, ind)
        # bool, level, category, and numbers only ever "set": the value is the base
        # or a chosen action's (the largest on grow-only traits), in either direction.
        monotone = trait.mutability is not Mutability.FREE and trait.ordered
        ok, base_key = _verdict(cond, trait, base, monotone)
        sets = [(i, e.value) for i, e in effects if e.op == "set"]
        producers: list[int] = []
        blockers: list[int] = []
        # Condition.holds and order_key, computed once per distinct value.
        seen: dict[Value, tuple[bool, bool]] = {}
        for i, value in sets:
            known = seen.get(value)
            if known is None:
                good, key = _verdict(cond, trait, value, monotone)
                known = (good, monotone and key > base_key)
                seen[value] = known
            good, higher = known
            if monotone:
                if good and (higher or ok):
                    producers.append(i)
                elif (
                    not good
                    and higher
                    and (op not in (">=", ">", "is") or cond.value is False)
                ):
                    blockers.append(i)
            elif good:
                producers.append(i)
            else:
                blockers.append(i)
        for b in blockers:
            self.forbid(b, ind)
        if ok:
            return "rows" if blockers else "true"
        return self._cover(producers, ind)

    def _cover(self, producers: list[int], ind: int | None) -> str:
        if not producers:
            return "false"
        self.row(dict.fromkeys(producers, 1.0), 0.0, _INF, ind, -1.0)
        return "rows"

    def _numeric(
        self, op: str, base: float, v: float, d: dict[int, float], ind: int | None
    ) -> str:
        kinds = []
        if op in (">=", ">", "="):
            need = v - base + (_EPS if op == ">" else 0.0)
            kinds.append(self._at_least(need, d, ind))
        if op in ("<=", "<", "="):
            room = v - base - (_EPS if op == "<" else 0.0)
            neg = {i: -c for i, c in d.items()}
            kinds.append(self._at_least(-room, neg, ind))
        if "false" in kinds:
            return "false"
        return "rows" if "rows" in kinds else "true"

    def _range(self, terms: Mapping[int, float]) -> tuple[float, float]:
        """Bounds of ``sum(terms * x)``: binaries in [0, 1], amounts up to theirs."""
        low = high = 0.0
        for i, c in terms.items():
            span = c * (self.upper[i] if i in self.amounts else 1.0)
            if span < 0:
                low += span
            else:
                high += span
        return low, high

    def _at_least(self, need: float, d: dict[int, float], ind: int | None) -> str:
        """``ind -> sum(d * x) >= need``."""
        d = {i: c for i, c in d.items() if abs(c) > 1e-12}
        low, high = self._range(d)
        if low >= need - 1e-9:
            return "true"
        if high < need - 1e-9:
            return "false"
        if self.tighten and low == 0.0 and not any(i in self.amounts for i in d):
            # Binary columns, all helping: a coefficient above the need counts
            # as the need (same integer points, a tighter relaxation).
            d = {i: min(c, need) for i, c in d.items()}
        big = need - low
        # sum(d x) + big * (1 - ind) >= need  <=>  sum(d x) - big * ind >= need - big
        self.row(d, need - big, _INF, ind, -big)
        return "rows"

    def _member_columns(self, trait: str, base: frozenset[str]) -> list[int]:
        members: dict[str, list[int]] = {}
        for i, e in self._by_trait.get(trait, []):
            for m in _members_of(e):
                if m not in base:
                    members.setdefault(m, []).append(i)
        cols = []
        for m, producers in sorted(members.items()):
            key = (trait, m)
            if key not in self._members:
                y = self.column(f"{trait} has {m}")
                self._members[key] = y
                self.row(dict.fromkeys(producers, 1.0), 0.0, _INF, y, -1.0)
                for p in producers:
                    self.row({p: 1.0, y: -1.0}, -_INF, 0.0)
            cols.append(self._members[key])
        return cols

    # -- linear models ----------------------------------------------------------

    def add_linear(self, target: LinearTarget) -> None:
        """``intercept + sum(coef * feature) >= logit(threshold + margin)``."""
        const = target.intercept
        terms: dict[int, float] = {}
        for feature, coef in target.coefficients.items():
            c0, t = self._feature(feature)
            const += coef * c0
            for col, a in t.items():
                terms[col] = terms.get(col, 0.0) + coef * a
                if col < self.n_x:
                    self.serves.setdefault(col, []).append((None, target.name))
        self.row(terms, target.logit_needed() - const, _INF)

    def add_target(self, target: LinearTarget | TreeTarget) -> None:
        self.models += 1
        if isinstance(target, TreeTarget):
            self.add_tree(target)
        else:
            self.add_linear(target)

    def add_tree(self, target: TreeTarget) -> None:
        """A tree ensemble, exactly: :func:`strive.route.tree_encode.add_tree`
        (split intervals per input, no big-M)."""
        from strive.route import tree_encode

        tree_encode.add_tree(self, target)

    def _exclusive_row(self, columns: frozenset[int]) -> None:
        """At most one of ``columns`` (added once per distinct set)."""
        if columns not in self._exclusive:
            self._exclusive.add(columns)
            self.row(dict.fromkeys(columns, 1.0), -_INF, 1.0)

    def _feature(self, feature: str) -> tuple[float, dict[int, float]]:
        if " has " in feature:
            name, member = feature.split(" has ", 1)
            base = self.values.get(name)
            members = base if isinstance(base, frozenset) else frozenset()
            if member in members:
                return 1.0, {}
            self._member_columns(name, members)
            key = (name, member)
            return 0.0, ({self._members[key]: 1.0} if key in self._members else {})
        if "=" in feature:
            name, category = feature.split("=", 1)
            setters = [
                (i, e.value)
                for i, e in self._by_trait.get(name, [])
                if e.op == "set" and i < self.n_x
            ]
            was = 1.0 if self.values.get(name) == category else 0.0
            if not setters:
                return was, {}
            self._exclusive_row(frozenset(i for i, _ in setters))
            onehot = {i: (1.0 if v == category else 0.0) - was for i, v in setters}
            return was, onehot
        trait = self.traits[feature]
        base = self.values.get(feature)
        if trait.kind is Kind.NUMBER:
            start = 0.0 if base is None else float(base)  # type: ignore[arg-type]
            start += trait.growth_per_year * self.eval_years
            terms: dict[int, float] = {}
            numeric_setters: list[int] = []
            for i, e in self._by_trait.get(feature, []):
                if e.op == "add":
                    terms[i] = terms.get(i, 0.0) + float(e.value)  # type: ignore[arg-type]
                elif e.op == "set":
                    gain = _set_delta(trait, start, float(e.value))  # type: ignore[arg-type]
                    terms[i] = terms.get(i, 0.0) + gain
                    if i < self.n_x:
                        numeric_setters.append(i)
            if len(numeric_setters) > 1:
                # Two chosen "set"s do not add up (the last one wins): at most one,
                # as for a category's one-hot columns.
                self._exclusive_row(frozenset(numeric_setters))
            return start, terms
        # bool / level: index = base + number of levels above it reached.
        b = 0 if base is None else int(trait.order_key(base))
        top = len(trait.levels) - 1 if trait.kind is Kind.LEVEL else 1
        terms = {}
        for level in range(b + 1, top + 1):
            producers = [
                i
                for i, e in self._by_trait.get(feature, [])
                if e.op == "set" and trait.order_key(e.value) >= level
            ]
            if not producers:
                continue
            if len({self.actions[p].group for p in producers}) == 1 and (
                len(producers) == 1 or self.actions[producers[0]].group
            ):
                # At most one producer can be chosen (one action, or one group):
                # "some producer chosen" is their sum, no indicator needed.
                for p in producers:
                    terms[p] = terms.get(p, 0.0) + 1.0
                continue
            lkey = (feature, level)
            if lkey not in self._levels:
                u = self.column(f"{feature}>={level}")
                self._levels[lkey] = u
                self.row(dict.fromkeys(producers, 1.0), 0.0, _INF, u, -1.0)
                for p in producers:
                    self.row({p: 1.0, u: -1.0}, -_INF, 0.0)
            terms[self._levels[lkey]] = 1.0
        return float(b), terms


_VERDICTS: dict[tuple[int, int, type, Value], tuple[Condition, Trait, bool, float]] = {}
"""``(condition, trait, value) -> (holds, order key)``, across compiles: neither
depends on the person, and a catalogue's prerequisites are the same objects for every
person of a batch. Keyed by identity (each entry keeps its condition and trait, and
a hit is used only when they are the very same objects) and by the value's type (so
``True`` and ``1.0`` never share an entry)."""
_MEMO = True


def _verdict(
    cond: Condition, trait: Trait, value: Value, ordered: bool
) -> tuple[bool, float]:
    """``cond.holds(trait, value) is True`` and (``ordered``) the value's order key."""
    if not _MEMO:
        return cond.holds(trait, value) is True, (
            trait.order_key(value) if ordered else 0.0
        )
    key = (id(cond), id(trait), type(value), value)
    hit = _VERDICTS.get(key)
    if hit is not None and hit[0] is cond and hit[1] is trait:
        return hit[2], hit[3]
    good = cond.holds(trait, value) is True
    order = trait.order_key(value) if ordered else 0.0
    if len(_VERDICTS) >= 1 << 14:
        _VERDICTS.clear()
    _VERDICTS[key] = (cond, trait, good, order)
    return good, order


def _set_delta(trait: Trait, base: float, value: float) -> float:
    """How far ``set value`` moves a number from ``base``: down as well as up,
    except on a grow-only trait, which :meth:`Effect.apply` never lowers."""
    if trait.mutability is Mutability.GROW_ONLY:
        return max(0.0, value - base)
    return value - base


def _includes(effect: Effect, member: object) -> bool:
    return member in _members_of(effect)


def _members_of(effect: Effect) -> frozenset[str]:
    if effect.op == "include" and isinstance(effect.value, str):
        return frozenset({effect.value})
    if effect.op == "set" and isinstance(effect.value, frozenset):
        return effect.value
    return frozenset()


def _why(cond: Condition, trait: Trait, effects: list[tuple[int, Effect]]) -> str:
    if trait.mutability is Mutability.FIXED:
        return i18n._("{condition}: {trait} is fixed and no action changes it").format(
            condition=cond.text(), trait=trait.name
        )
    if not effects:
        return i18n._("{condition}: no action in the catalogue changes {trait}").format(
            condition=cond.text(), trait=trait.name
        )
    return i18n._("{condition}: the available actions cannot reach it").format(
        condition=cond.text()
    )


# -- solving ----------------------------------------------------------------------


def solve(problem: Problem, *, time_limit: float = 10.0) -> Selection:
    """Solve, decomposing into independent parts where the structure allows."""
    if problem.infeasible:
        return Selection("infeasible", impossible=list(problem.impossible))
    all_rows, upper = problem.rows, problem.upper
    structural = [r for r in all_rows if not r[3]]
    coupling = [r for r in all_rows if r[3]]
    n = len(problem.cost)
    comps, comp_rows = _components(range(n), structural, n)
    x = [0.0] * n
    optimal = True
    used_solver = False
    for root, cols in comps.items():
        rows = comp_rows.get(root, [])
        if not rows:
            for c in cols:
                lo, hi = problem.lower[c], upper[c]
                x[c] = lo if problem.cost[c] >= 0 or hi < 0.5 else hi
            continue
        status, values, solver = _solve_component(
            problem, upper, cols, rows, time_limit
        )
        used_solver = used_solver or solver
        if status == "infeasible" or values is None:
            return Selection(status, impossible=list(problem.impossible))
        optimal = optimal and status == "optimal"
        for c, v in zip(cols, values, strict=True):
            x[c] = v
    if not all(_satisfied(r, x) for r in coupling):
        status, values = _highs(problem, upper, list(range(n)), all_rows, time_limit)
        used_solver = True
        if status == "infeasible" or values is None:
            return Selection(status, impossible=list(problem.impossible))
        optimal = status == "optimal"
        x = values
    return _selection(problem, x, optimal, used_solver)


def _components(
    cols: Iterable[int], rows: Sequence[_Row], n: int
) -> tuple[dict[int, list[int]], dict[int, list[_Row]]]:
    """Columns and rows of each independent part (columns linked by a row);
    ``n`` bounds the column numbers."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for terms, *_ in rows:
        linked = iter(terms)
        first = find(next(linked))
        for c in linked:
            root = find(c)
            if root != first:
                parent[root] = first
    comps: dict[int, list[int]] = {}
    for c in cols:
        comps.setdefault(find(c), []).append(c)
    comp_rows: dict[int, list[_Row]] = {}
    for r in rows:
        comp_rows.setdefault(find(next(iter(r[0]))), []).append(r)
    return comps, comp_rows


def _solve_reduced(
    problem: Problem,
    upper: list[float],
    cols: list[int],
    rows: list[_Row],
    time_limit: float,
) -> tuple[str, list[float] | None, bool]:
    """Exact reductions first (:mod:`strive.route.reduce`), then each independent
    part of what is left by the usual paths (HiGHS only for a part that needs it)."""
    from strive.route import reduce

    reduced = reduce.reduce(
        cols, rows, problem.cost, problem.lower, upper, rounds=_ROUNDS
    )
    if reduced.infeasible:
        return "infeasible", None, False
    x = dict(reduced.fixed)
    comps, comp_rows = _components(reduced.cols, reduced.rows, len(problem.cost))
    status, solver = "optimal", False
    for root, part in comps.items():
        found, values, used = _solve_component(
            problem, upper, part, comp_rows.get(root, []), time_limit, reduced=True
        )
        solver = solver or used
        if found in ("infeasible", "error") or values is None:
            return found, None, solver
        if found != "optimal":
            status = found
        x.update(zip(part, values, strict=True))
    return status, [x[c] for c in cols], solver


def _solve_component(
    problem: Problem,
    upper: list[float],
    cols: list[int],
    rows: list[_Row],
    time_limit: float,
    *,
    reduced: bool = False,
) -> tuple[str, list[float] | None, bool]:
    """One component's exact answer, and whether HiGHS gave it: the tree search,
    then (with amounts) the exact amount solve, else a single cheapest cover, the
    exact group solve and enumeration of small parts; HiGHS when none applies."""
    searched = _tree_search(problem, cols, rows, time_limit)
    if searched is not None:
        return (*searched, False)
    if any(c in problem.amounts for c in cols):
        steps = {
            c: problem.amounts[c].step is not None for c in cols if c in problem.amounts
        }
        fast = mckp.solve(cols, rows, problem.cost, problem.lower, upper, amounts=steps)
    else:
        quick = _argmin_cover(problem, upper, cols, rows)
        if quick is not None:
            return (
                "optimal",
                [1.0 if c == quick else problem.lower[c] for c in cols],
                False,
            )
        fast = mckp.solve(cols, rows, problem.cost, problem.lower, upper)
        if fast is None and len(cols) <= (_ENUMERATE if problem.tighten else 12):
            return (*_enumerate(problem, upper, cols, rows), False)
    if fast is not None:
        return (*fast, False)
    if (
        not reduced
        and getattr(problem, "reduce", False)
        and getattr(problem, "tighten", False)
        and not problem.amounts
        and all(upper[c] <= 1.0 for c in cols)
    ):
        return _solve_reduced(problem, upper, cols, rows, time_limit)
    return (*_highs(problem, upper, cols, rows, time_limit, reduced=reduced), True)


def _tree_search(
    problem: Problem, cols: list[int], rows: list[_Row], time_limit: float
) -> tuple[str, list[float] | None] | None:
    """A component that is one tree ensemble and the actions that move its inputs
    (alone or together, as a category's one-hot codes): solved by
    :func:`strive.route.tree_search.solve_block`; None otherwise."""
    if not problem.tree_blocks:
        return None
    from strive.route import tree_search

    members = set(cols)
    for block in problem.tree_blocks:
        if block.cols and block.cols <= members:
            tables = tree_search.applies(problem, block, cols, rows)
            if tables is None:
                return None
            return tree_search.solve_block(problem, block, tables, cols, time_limit)
    return None


def _satisfied(row: _Row, x: list[float]) -> bool:
    terms, lo, hi, _ = row
    total = sum(c * x[i] for i, c in terms.items())
    return lo - 1e-7 <= total <= hi + 1e-7


def _argmin_cover(
    problem: Problem,
    upper: Sequence[float],
    cols: list[int],
    rows: list[tuple[dict[int, float], float, float, bool]],
) -> int | None:
    """One row ``sum(a x) >= r`` where any single column suffices: pick the cheapest."""
    if len(rows) != 1:
        return None
    terms, lo, hi, _ = rows[0]
    if hi < _INF or lo <= 0 or len(terms) != len(cols):
        return None
    best: int | None = None
    for c, a in terms.items():
        if a < lo - 1e-9 or problem.lower[c] > 0 or problem.cost[c] < 0:
            return None
        if upper[c] < 0.5:
            continue
        if best is None or problem.cost[c] < problem.cost[best] - 1e-12:
            best = c
    return best


_ROUNDS = 2
"""Passes of the dominated-column search in :func:`_solve_reduced`."""
_REDUCED_PRESOLVE = "off"
"""HiGHS's presolve on a reduced part: "off" or "light" (:data:`_LIGHT_PRESOLVE_OFF`).
With ``Problem.reduce``, 0, 1 or 2 passes and off or light were measured alike on the
200-action models, min of 3 solves each (docs/route.md, "fourth round")."""

_ENUMERATE = 9
"""Components with at most this many columns are solved by exhaustive enumeration
(vectorised, exact). Measured against a HiGHS call on the same components of
bench/bench_route.py's catalogues (median CPU, load 7): 0.2-0.3 ms against
0.4-0.7 ms up to 9 columns, even at 10, 7.5 ms against 1.0 ms at 12."""
_GRIDS: dict[int, Any] = {}


def _enumerate(
    problem: Problem, upper: Sequence[float], cols: list[int], rows: Sequence[_Row]
) -> tuple[str, list[float] | None]:
    import numpy as np

    k = len(cols)
    grid = _GRIDS.get(k)
    if grid is None:
        grid = (np.arange(2**k)[:, None] >> np.arange(k)[None, :]) & 1
        grid = _GRIDS.setdefault(k, grid.astype(float))
    pos = {c: j for j, c in enumerate(cols)}
    lower = np.array([problem.lower[c] for c in cols])
    ups = np.array([upper[c] for c in cols])
    ok = np.all((grid >= lower - 1e-9) & (grid <= ups + 1e-9), axis=1)
    matrix = np.zeros((len(rows), k))
    lo = np.empty(len(rows))
    hi = np.empty(len(rows))
    for r, (terms, row_lo, row_hi, _) in enumerate(rows):
        for c, a in terms.items():
            matrix[r, pos[c]] = a
        lo[r], hi[r] = row_lo, row_hi
    activity = grid @ matrix.T
    ok &= np.all((activity >= lo - 1e-7) & (activity <= hi + 1e-7), axis=1)
    if not ok.any():
        return "infeasible", None
    cost = grid @ np.array([problem.cost[c] for c in cols])
    cost[~ok] = np.inf
    best = int(np.argmin(cost))
    return "optimal", [float(v) for v in grid[best]]


_PRESOLVE_OFF_ABOVE = 40
"""Plain selection models (conditions, prerequisites, groups, limits; no "any of"
indicator column, model target or amount) with more columns
than this go to HiGHS with a light presolve (:data:`_LIGHT_PRESOLVE_OFF`; it was
off before, which is how the next lines were measured): on the random catalogues of
bench/bench_route.py its presolve was most of a call (HiGHS's own timing report),
and the same models solved 14-26 % faster without it at 50-200 actions (same
optima; docs/route.md), 1.7x slower at 25. The NASA template's models ("any of"
columns for requirements' alternatives, 37-59 columns) were 40-70 % slower
without it, so they keep it. Exactness does not depend on it (zero gaps, checked
status)."""

_LIGHT_PRESOLVE_OFF = ((1 << 24) - 1) & ~0b111111
"""HiGHS presolve rules switched off (``presolve_rule_off`` bits) for those larger
plain models: every optional rule except dominated columns (bit 5; bits 0-4, empty
and singleton rows, redundant rows, empty and fixed columns, cannot be switched
off). Dominated columns fix about a quarter of these models' columns; probing,
enumeration, sparsify, dual fixing and the rest cost more than they save. Against
presolve off, on the same 46 models of bench/bench_route.py at 200 actions (each
solved 7 times, the fastest kept; load 10-12): 13 % less HiGHS CPU in total (403
against 462 ms), the same status and optimum for every model (docs/route.md,
"third round")."""

_SOLVERS = threading.local()


def _solver() -> Any:
    """One HiGHS object per thread, options set once (creating one costs ~0.2 ms).

    Feasibility jump is off: on these small models it cost ~5 ms per call (most of
    the solve) and found nothing the root LP did not; exactness is unaffected (gaps
    stay zero and the status is checked).
    """
    h = getattr(_SOLVERS, "highs", None)
    if h is None:
        from strive.route.solver import new_highs

        h = new_highs()
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.0)
        h.setOptionValue("threads", 1)
        h.setOptionValue("mip_heuristic_run_feasibility_jump", False)
        _SOLVERS.highs = h
    else:
        h.clearModel()
    return h


def _highs(
    problem: Problem,
    upper: Sequence[float],
    cols: list[int],
    rows: Sequence[_Row],
    time_limit: float,
    *,
    reduced: bool = False,
    fresh: bool = False,
) -> tuple[str, list[float] | None]:
    import highspy
    import numpy as np

    h = _solver()
    h.setOptionValue("time_limit", float(time_limit))
    # A plain selection model (read defensively: tests pass stand-ins).
    plain = (
        getattr(problem, "tighten", False)
        and getattr(problem, "models", 1) == 0
        and not problem.amounts
        and getattr(problem, "choices", 1) == 0
    )
    light = plain and len(cols) > _PRESOLVE_OFF_ABOVE
    if reduced:
        light = _REDUCED_PRESOLVE == "light"
    h.setOptionValue("presolve", "on" if light else "off" if reduced else "choose")
    h.setOptionValue("presolve_rule_off", _LIGHT_PRESOLVE_OFF if light else 0)
    n_col = len(cols)
    # The model goes to HiGHS as flat arrays (``passModel``'s array overload): no
    # HighsLp attribute copies, no per-column enum objects read back (the Python
    # around ``run()`` 0.7-0.8 against 1.3-1.4 ms per call at 200 actions;
    # docs/route.md, "fifth round"). HiGHS gets the same model.
    amounts = problem.amounts
    if amounts:
        continuous = [c in amounts and amounts[c].step is None for c in cols]
    else:
        continuous = [False] * n_col
    pick = np.array(cols, dtype=np.intp)
    cost = np.array(problem.cost, dtype=float)[pick]
    lower = np.array(problem.lower, dtype=float)[pick]
    col_upper = np.array(upper, dtype=float)[pick]
    # Rows name the problem's columns; a component's model numbers its own 0..k-1.
    pos: Any = None
    if not (len(problem.cost) == n_col and cols == list(range(n_col))):
        pos = np.zeros(len(problem.cost), dtype=np.int32)
        pos[pick] = np.arange(n_col, dtype=np.int32)
    inf = highspy.kHighsInf
    row_lower = np.maximum(np.array([r[1] for r in rows], dtype=float), -inf)
    row_upper = np.minimum(np.array([r[2] for r in rows], dtype=float), inf)
    lengths = [len(r[0]) for r in rows]
    starts = np.zeros(len(rows) + 1, dtype=np.int32)
    np.cumsum(lengths, out=starts[1:])
    n_nz = int(starts[-1])
    index = np.fromiter(
        chain.from_iterable(r[0] for r in rows), dtype=np.int32, count=n_nz
    )
    if pos is not None:
        index = pos[index]
    value = np.fromiter(
        chain.from_iterable(r[0].values() for r in rows), dtype=float, count=n_nz
    )
    integrality = np.array([0 if k else 1 for k in continuous], dtype=np.int32)
    h.passModel(
        n_col,
        len(rows),
        n_nz,
        int(highspy.MatrixFormat.kRowwise),
        int(highspy.ObjSense.kMinimize),
        0.0,
        cost,
        lower,
        col_upper,
        row_lower,
        row_upper,
        starts[:-1].copy(),
        index,
        value,
        integrality,
    )
    h.run()
    model_status = h.getModelStatus()
    status_enum: Any = highspy.HighsModelStatus
    if model_status == status_enum.kInfeasible:
        return "infeasible", None
    if h.getInfoValue("primal_solution_status")[1] < 2:  # no feasible solution
        if model_status == status_enum.kOptimal:
            return "infeasible", None
        if not fresh and model_status != status_enum.kTimeLimit:
            # The thread's reused HiGHS object answered without a solution and not
            # for lack of time: ask a new one once (a full test run saw a reused
            # object fail a one-column LP that a new one solves).
            _SOLVERS.highs = None
            return _highs(
                problem, upper, cols, rows, time_limit, reduced=reduced, fresh=True
            )
        return "error", None
    values = [
        max(float(v), 0.0) if k else float(round(v))
        for k, v in zip(continuous, h.getSolution().col_value, strict=True)
    ]
    mip = not all(continuous)
    if model_status == status_enum.kOptimal and (
        not mip or h.getInfoValue("mip_gap")[1] <= 1e-9
    ):
        return "optimal", values
    return "feasible", values


def _selection(
    problem: Problem, x: list[float], optimal: bool, used_solver: bool
) -> Selection:
    chosen = [i for i in range(problem.n_x) if x[i] > 0.5]
    reasons: dict[str, list[str]] = {}
    for i in chosen:
        labels: list[str] = []
        for ind, label in problem.serves.get(i, []):
            if (ind is None or x[ind] > 0.5) and label not in labels:
                labels.append(label)
        reasons[problem.names[i]] = labels
    opens = list(problem.open_by_col.get(-1, []))
    for col, items in problem.open_by_col.items():
        if col >= 0 and x[col] > 0.5:
            opens.extend(items)
    cost = sum(problem.cost[i] for i in chosen)
    amounts: dict[str, float] = {}
    for col, action in problem.amounts.items():
        if x[col] > 1e-9:
            amounts[action.name] = x[col] * action.per_unit()
            cost += problem.cost[col] * x[col]
    return Selection(
        "optimal" if optimal else "feasible",
        tuple(problem.names[i] for i in chosen),
        cost,
        optimal,
        reasons,
        opens,
        [],
        used_solver,
        amounts,
    )
