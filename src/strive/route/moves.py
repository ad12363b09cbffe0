"""Per-person catalogues of thousands of moves, as arrays: :func:`plan_moves`.

A recourse question ("what is the cheapest change that makes this model say yes?")
often comes with a catalogue built for one person: every feature may move by any of
hundreds of amounts, each at its own cost. Written as :class:`~strive.actions.Action`
objects, 2,000 moves cost more to build, filter and compile than to solve.
:class:`Moves` holds them as columns instead (trait, amount added, effort, money,
group), and :func:`plan_moves` plans over them without creating an object per move:

* costs, usability (fixed, frozen, grow-only and deadline checks, exactly as the
  planner's) and each move's gain in the model's score are computed as arrays;
* each group ("at most one of these") is pruned to its Pareto front (a move costing
  no less than another of its group and gaining no more is dropped) and given its LP
  relaxation (lower convex hull); the multiple-choice knapsack is then solved
  exactly by :func:`strive.route.mckp.solve_groups` (branch and bound with the LP
  bound; a node is cut only when its bound is not below the best answer found, so
  the answer is optimal);
* continuous actions join as amount variables (an integer count of steps is a group
  of options ``k = 0..K``; a continuous amount is taken fractionally, which is exact
  once the discrete choices are fixed);
* only the chosen moves become actions, dated and replayed by the planner as every
  route is, so the route flips the model when re-evaluated.

Whatever does not fit this exact structure (several targets, a limit that binds, a
branch-and-bound budget exceeded, no route at all) is planned by
:func:`strive.route.plan_route` over ``moves.actions()``: the same answer, the
general way. The two paths reach the same optimal cost (tests/route/test_moves.py).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from strive.actions import Action, Catalogue, Effect
from strive.goal import Limits
from strive.route.continuous import Continuous
from strive.route.model import (
    DAYS_PER_MONTH,
    DEFAULT_WEIGHTS,
    WEEKS_PER_MONTH,
    CostWeights,
    Route,
)
from strive.route.targets import LinearTarget, ModelTarget
from strive.traits import Kind, Mutability, TraitSet, Value

_EPS = 1e-6


@dataclass(frozen=True)
class Moves:
    """Moves that each add ``delta[i]`` to the number ``trait[i]``, as columns.

    ``effort_hours`` and ``money`` are each move's costs (money is sourced; no
    calendar duration beyond what the effort takes at the person's weekly hours);
    moves sharing a non-empty ``group`` are alternatives (at most one is taken);
    ``name`` defaults to ``"{trait}_{i}"``. :meth:`actions` gives the same moves as
    :class:`~strive.actions.Action` objects (the general path).
    """

    trait: Sequence[str]
    delta: Sequence[float] | Any
    effort_hours: Sequence[float] | Any
    money: Sequence[float] | Any | None = None
    group: Sequence[str] | None = None
    name: Sequence[str] | None = None

    def __len__(self) -> int:
        return len(self.trait)

    def arrays(self) -> tuple[Any, Any, Any]:
        """``(delta, effort_hours, money)`` as float arrays, checked.

        Raises:
            ValueError: a column of the wrong length, a value that is not a finite
                number, or a negative effort or money (the message names the column
                and the first bad move).
        """
        import numpy as np

        n = len(self.trait)
        out = []
        for field in ("delta", "effort_hours", "money"):
            raw = getattr(self, field)
            if raw is None:
                out.append(np.zeros(n))
                continue
            try:
                column = np.asarray(raw, dtype=float)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"moves.{field}: not numbers ({exc})") from None
            if column.shape != (n,):
                raise ValueError(
                    f"moves.{field}: {column.size} values for {n} moves (moves.trait)"
                )
            bad = ~np.isfinite(column)
            if field != "delta":
                bad |= column < 0
            if bad.any():
                at = int(np.flatnonzero(bad)[0])
                raise ValueError(
                    f"moves.{field}[{at}]: {column[at]!r} is not a "
                    + ("finite number" if field == "delta" else "number >= 0")
                )
            out.append(column)
        for field in ("group", "name"):
            raw = getattr(self, field)
            if raw is not None and len(raw) != n:
                raise ValueError(
                    f"moves.{field}: {len(raw)} values for {n} moves (moves.trait)"
                )
        names = [] if self.name is None else list(self.name)
        if len(set(names)) != len(names):
            seen: set[str] = set()
            for i, name in enumerate(names):
                if name in seen:
                    raise ValueError(f"moves.name[{i}]: {name!r} is used twice")
                seen.add(name)
        return out[0], out[1], out[2]

    def name_of(self, i: int) -> str:
        """Move ``i``'s name (``"{trait}_{i}"`` unless ``name`` gives one)."""
        return f"{self.trait[i]}_{i}" if self.name is None else self.name[i]

    def index_of(self, name: str) -> int:
        """The position of the move called ``name`` (as in a route's steps)."""
        if self.name is None:
            return int(name.rsplit("_", 1)[1])
        return list(self.name).index(name)

    def action(self, i: int) -> Action:
        """Move ``i`` as an :class:`~strive.actions.Action`."""
        delta = float(self.delta[i])
        return Action(
            self.name_of(i),
            f"{self.trait[i]} {delta:+g}",
            (Effect(self.trait[i], "add", delta),),
            0.0,
            float(self.effort_hours[i]),
            0.0 if self.money is None else float(self.money[i]),
            group="" if self.group is None else self.group[i],
        )

    def actions(self) -> list[Action]:
        """Every move as an :class:`~strive.actions.Action` (the general path)."""
        self.arrays()
        return [self.action(i) for i in range(len(self))]


def plan_moves(
    moves: Moves,
    traits: TraitSet,
    values: Mapping[str, Value | None],
    *,
    target: LinearTarget | ModelTarget,
    limits: Limits,
    start: dt.date,
    deadline: dt.date | None = None,
    weights: CostWeights = DEFAULT_WEIGHTS,
    continuous: Sequence[Continuous] = (),
    time_limit: float = 10.0,
    explain_infeasible: bool = True,
) -> Route:
    """The cheapest route over ``moves`` (and ``continuous``) that meets ``target``.

    The same route :func:`strive.route.plan_route` returns for
    ``Catalogue.of(moves.actions())`` and ``targets=[target]`` (same optimal cost;
    among equally cheap answers either may be returned), proven optimal, without an
    action object per move. No alternatives are computed.

    Raises:
        ValueError: a bad column (see :meth:`Moves.arrays`) or a move on a trait
            that is not a number.
        UnknownTraitError: a move or continuous action names an unknown trait.
        ModelInputError: the model needs an input that is not recorded.
    """
    import numpy as np

    from strive.route import mckp
    from strive.route.plan import Planner
    from strive.route.select import Selection

    delta, effort, money = moves.arrays()
    for name in set(moves.trait):
        if traits[name].kind is not Kind.NUMBER:
            raise ValueError(f"moves.trait: {name!r} is not a number trait")
    for amount in continuous:
        traits[amount.trait]  # raises UnknownTraitError for a bad name

    def general() -> Route:
        from strive.route.api import plan_route

        return plan_route(
            Catalogue.of(moves.actions()),
            traits,
            values,
            targets=[target],
            limits=limits,
            start=start,
            deadline=deadline,
            weights=weights,
            alternatives=False,
            explain_infeasible=explain_infeasible,
            time_limit=time_limit,
            continuous=continuous,
        )

    linear = target.target if isinstance(target, ModelTarget) else target
    if not isinstance(linear, LinearTarget):
        return general()
    notes: tuple[str, ...] = ()
    frozen: frozenset[str] = frozenset()
    if isinstance(target, ModelTarget):
        from strive.route.models.compile import check_recorded

        values = dict(values)
        check_recorded(target, values)
        for name, value in target.imputed.items():
            if values.get(name) is None:
                values[name] = value
        frozen, notes = target.fixed, target.notes
    amounts = [c for c in continuous if c.trait not in frozen]

    hpw = limits.hours_per_week
    months_left = (
        None if deadline is None else max((deadline - start).days, 0) / DAYS_PER_MONTH
    )
    years = 0.0 if months_left is None else months_left / 12.0
    months = effort / hpw / WEEKS_PER_MONTH
    cost = weights.hours * effort + weights.money * money + weights.months * months

    # Usable moves: the planner's rules (fixed, not comparable, frozen, grow-only
    # lowered, too long for the deadline), one answer per trait.
    coef = linear.coefficients
    unique, codes = _codes(moves.trait)
    code = {t: k for k, t in enumerate(unique)}
    gain_per = np.zeros(len(unique))
    blocked = np.zeros(len(unique), dtype=bool)
    grow_only = np.zeros(len(unique), dtype=bool)
    for t, k in code.items():
        trait = traits[t]
        blocked[k] = (
            not trait.comparable or trait.mutability is Mutability.FIXED or t in frozen
        )
        grow_only[k] = trait.mutability is Mutability.GROW_ONLY
        gain_per[k] = coef.get(t, 0.0)
    gain = gain_per[codes] * delta
    usable = ~blocked[codes] & ~(grow_only[codes] & (delta < 0))
    if months_left is not None:
        usable &= months <= months_left + _EPS

    # The score the target needs on top of the person's own (aged) values.
    r = mckp.need(linear.logit_needed() - _score(linear, traits, values, years))
    live = usable & (gain > 0)
    order = np.flatnonzero(live)
    groups: list[Any] = []
    if moves.group is None:
        gcodes = np.zeros(len(moves), dtype=np.int64)
        named = np.zeros(1, dtype=bool)
    else:
        if moves.group is moves.trait:  # one group per trait: the same codes
            labels, gcodes = unique, codes
        else:
            labels, gcodes = _codes(moves.group)
        named = np.array([bool(g) for g in labels], dtype=bool)
    # Named groups: one exclusive group each; unnamed moves: one group per move.
    grouped = order[named[gcodes[order]]]
    grouped = grouped[np.argsort(gcodes[grouped], kind="stable")]
    cuts = np.flatnonzero(np.diff(gcodes[grouped])) + 1
    parts = [*np.split(grouped, cuts)] if len(grouped) else []
    parts += [single[None] for single in order[~named[gcodes[order]]]]
    for idx in parts:
        groups.append(mckp.exclusive_group(idx, gain[idx], cost[idx], r))
    n = len(moves)
    tail: list[tuple[int, float, float, float]] = []
    unit_costs: list[float] = []
    for j, amount in enumerate(amounts):
        unit = amount.per_unit()
        hours = amount.hours_per_unit * unit
        per_cost = (
            weights.hours * hours
            + weights.money * amount.money_per_unit * unit
            + weights.months * (hours / hpw / WEEKS_PER_MONTH)
        )
        unit_costs.append(per_cost)
        a = coef.get(amount.trait, 0.0) * unit
        units = amount.units()
        if a <= 0.0 or units <= 0.0:
            continue
        if amount.step is None:
            tail.append((n + j, a, per_cost, units))
            continue
        group = mckp.amount_group(n + j, a, per_cost, math.floor(units + 1e-9), r)
        if group is None:
            return general()
        groups.append(group)
    if any(c < 0 for c in unit_costs):
        return general()
    found = mckp.solve_groups(groups, r, tail)
    if found is None or found[0] != "optimal":
        return general()
    picked = sorted(c for c, _ in found[1] if c < n)
    taken = {c - n: v for c, v in found[1] if c >= n and v > 1e-12}
    if not _within(limits, months_left, picked, taken, effort, money, amounts):
        return general()

    chosen = [moves.action(i) for i in picked]
    chosen.sort(key=lambda a: a.name)
    selection = Selection(
        "optimal",
        tuple(a.name for a in chosen),
        float(cost[picked].sum()) + sum(unit_costs[j] * v for j, v in taken.items()),
        True,
        {a.name: [linear.name] for a in chosen},
        amounts={amounts[j].name: v * amounts[j].per_unit() for j, v in taken.items()},
    )
    planner = Planner(
        Catalogue.of(chosen),
        traits,
        values,
        needs=(),
        linear=[linear],
        frozen=frozen,
        continuous=amounts,
        limits=limits,
        start=start,
        deadline=deadline,
        weights=weights,
        time_limit=time_limit,
    )
    outcome = planner.outcome(selection)
    if outcome is None:
        return general()
    route = planner.route(outcome)
    extra = {**route.extra, "candidates": int(usable.sum()) + len(amounts)}
    return replace(route, extra=extra, notes=(*notes, *route.notes))


def _codes(labels: Sequence[str]) -> tuple[list[str], Any]:
    """Distinct labels (in order of appearance) and each entry's index among them.

    A dict does it in C over the labels' cached hashes (sorting 2,000 strings with
    ``np.unique`` took ten times longer)."""
    import numpy as np

    index: dict[str, int] = {}
    for label in dict.fromkeys(labels):
        index[label] = len(index)
    codes = np.fromiter(map(index.__getitem__, labels), np.int64, len(labels))
    return list(index), codes


def _score(
    target: LinearTarget,
    traits: TraitSet,
    values: Mapping[str, Value | None],
    years: float,
) -> float:
    """The target's score on the person's values aged ``years`` (numbers grow),
    summed in the same order as the selection model's constant."""
    from strive.route.targets import feature_value

    total = target.intercept
    for feature, coef in target.coefficients.items():
        if feature in traits and traits[feature].kind is Kind.NUMBER:
            base = values.get(feature)
            start = 0.0 if base is None else float(base)  # type: ignore[arg-type]
            total += coef * (start + traits[feature].growth_per_year * years)
        else:
            total += coef * feature_value(traits, values, feature)
    return total


def _within(
    limits: Limits,
    months_left: float | None,
    picked: Sequence[int],
    taken: Mapping[int, float],
    effort: Any,
    money: Any,
    amounts: Sequence[Continuous],
) -> bool:
    """The money and weekly-hours limits hold for this choice (as the planner's
    coupling rows check them; a binding limit goes the general way)."""
    if limits.money is not None:
        spent = float(money[list(picked)].sum()) + sum(
            amounts[j].money_per_unit * amounts[j].per_unit() * v
            for j, v in taken.items()
        )
        if spent > limits.money + 1e-7:
            return False
    if months_left is not None:
        hours = limits.hours_per_week * WEEKS_PER_MONTH * months_left
        used = float(effort[list(picked)].sum()) + sum(
            amounts[j].hours_per_unit * amounts[j].per_unit() * v
            for j, v in taken.items()
        )
        if used > hours + _EPS + 1e-7:
            return False
    return True
