"""``plan_route``: select the cheapest action set, date it, check it, explain it.

The loop: compile the selection model (:mod:`strive.route.select`), solve it, date the
chosen actions (:mod:`strive.route.schedule`), then re-check the result by replaying
the actions in date order with :meth:`Action.apply`. If the replay fails (a cycle of
prerequisites, a schedule past the deadline, an approximation of the model) the set is
excluded with a no-good cut and the model solved again, so every returned route is
valid by construction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from strive import i18n
from strive.actions import Action, Catalogue
from strive.conditions import Condition
from strive.goal import Limits
from strive.requirements import Requirement
from strive.route.continuous import Continuous
from strive.route.model import (
    DAYS_PER_MONTH,
    Alternative,
    CostWeights,
    Milestone,
    OpenItem,
    Route,
    RouteStep,
    Totals,
)
from strive.route.schedule import Schedule, age, schedule
from strive.route.select import (
    Need,
    Problem,
    Selection,
    action_cost,
    calendar_months,
    solve,
)
from strive.route.targets import LinearTarget, LookalikeTarget
from strive.route.trees import TreeTarget
from strive.template import Window
from strive.traits import Kind, Mutability, TraitSet, Value
from strive.vocabulary import requirement as requirement_word

_MAX_CUTS = 30
_BY_TRAIT: dict[
    tuple[int, int],
    tuple[Catalogue, TraitSet, tuple[Action, ...], dict[str, list[Action]]],
] = {}
"""Usable actions by trait, per (catalogue, traits): see ``Planner._by_trait``."""


@dataclass(frozen=True)
class Outcome:
    """One selection + schedule, checked."""

    selection: Selection
    schedule: Schedule | None
    actions: tuple[Action, ...]
    optimal: bool
    notes: tuple[str, ...] = ()

    @property
    def feasible(self) -> bool:
        return self.schedule is not None and self.schedule.ok


class Planner:
    """Everything fixed about one person's planning problem; solve it many ways."""

    def __init__(
        self,
        catalogue: Catalogue,
        traits: TraitSet,
        values: Mapping[str, Value | None],
        *,
        needs: Sequence[Need],
        linear: Sequence[LinearTarget | TreeTarget] = (),
        frozen: frozenset[str] = frozenset(),
        continuous: Sequence[Continuous] = (),
        limits: Limits,
        start: dt.date,
        deadline: dt.date | None,
        weights: CostWeights,
        done: Sequence[str] = (),
        in_progress: Mapping[str, dt.date] | None = None,
        logged: Mapping[str, float] | None = None,
        time_limit: float = 10.0,
    ) -> None:
        self.catalogue = catalogue
        self.traits = traits
        self.needs = list(needs)
        self.linear = list(linear)
        self.frozen = frozen
        self.continuous = [c for c in continuous if c.trait not in frozen]
        for c in self.continuous:
            traits[c.trait]  # raises UnknownTraitError for a bad name
        """Traits no chosen action may change (a model's sensitive inputs)."""
        self.limits = limits
        self.start = start
        self.deadline = deadline
        self.weights = weights
        self.in_progress = dict(in_progress or {})
        self.logged = dict(logged or {})
        self.time_limit = time_limit
        base = {t.name: values.get(t.name) for t in traits}
        for name in done:
            base = _apply_idempotent(catalogue[name], traits, base)
        self.values = base
        self.done = set(done)
        for name in self.in_progress:
            catalogue[name]  # raises UnknownActionError for a bad name
        self.candidates = self._candidates()

    # -- candidates ---------------------------------------------------------------

    def _candidates(self) -> list[Action]:
        wanted: set[str] = set()
        for need in self.needs:
            wanted |= {c.trait for alt in need.alternatives for c in alt}
        for target in self.linear:
            features = (
                target.features()
                if isinstance(target, TreeTarget)
                else target.coefficients
            )
            for feature in features:
                wanted.add(feature.split(" has ")[0].split("=")[0])
        by_trait = self._by_trait()
        done = self.done
        chosen: dict[str, Action] = {}
        frontier = set(wanted)
        frozen = self.frozen
        while frontier:
            touched = {
                a.name: a
                for trait in frontier
                for a in by_trait.get(trait, ())
                if a.name not in chosen
                and a.name not in done
                and not (frozen and any(e.trait in frozen for e in a.effects))
            }
            chosen.update(touched)
            frontier = {c.trait for a in touched.values() for c in a.requires} - wanted
            wanted |= frontier
        for name in self.in_progress:
            chosen.setdefault(name, self.catalogue[name])
        return sorted(chosen.values(), key=lambda a: a.name)

    def _by_trait(self) -> dict[str, list[Action]]:
        """Usable actions by the traits they change (``done`` is filtered later).

        This depends only on the catalogue and the traits, so it is cached for the
        pair (a batch plans every person against the same catalogue). An entry
        keeps both objects and the catalogue's action objects, and is used only
        when they are all the very same objects again.
        """
        actions = tuple(self.catalogue)
        key = (id(self.catalogue), id(self.traits))
        hit = _BY_TRAIT.get(key)
        if (
            hit is not None
            and hit[0] is self.catalogue
            and hit[1] is self.traits
            and len(hit[2]) == len(actions)
            and all(a is b for a, b in zip(hit[2], actions, strict=True))
        ):
            return hit[3]
        blocked = {
            t.name
            for t in self.traits
            if not t.comparable or t.mutability is Mutability.FIXED
        }
        grow_only = {
            t.name for t in self.traits if t.mutability is Mutability.GROW_ONLY
        }
        by_trait: dict[str, list[Action]] = {}
        for action in actions:
            if _usable(action, self.traits, blocked, grow_only):
                for trait in {e.trait for e in action.effects}:
                    by_trait.setdefault(trait, []).append(action)
        if len(_BY_TRAIT) >= 8:
            _BY_TRAIT.clear()
        _BY_TRAIT[key] = (self.catalogue, self.traits, actions, by_trait)
        return by_trait

    # -- one solve ----------------------------------------------------------------

    def months_available(self, deadline: dt.date | None) -> float | None:
        if deadline is None:
            return None
        return max((deadline - self.start).days, 0) / DAYS_PER_MONTH

    def compile(
        self,
        *,
        weights: CostWeights,
        limits: Limits,
        deadline: dt.date | None,
        objective: str = "weights",
    ) -> Problem:
        months = self.months_available(deadline)
        hpw = limits.hours_per_week
        selectable = [self._remaining(a) for a in self.candidates]
        costs = [action_cost(a, weights, hpw) for a in selectable]
        if objective == "months_away":
            pairs = zip(selectable, costs, strict=True)
            costs = [a.months_away + 1e-6 * c for a, c in pairs]
        eval_years = 0.0 if months is None else months / 12.0
        prereq_years = [
            0.0 if months is None else max(months - calendar_months(a, hpw), 0.0) / 12.0
            for a in selectable
        ]
        problem = Problem(
            self.traits,
            self.values,
            selectable,
            costs=costs,
            eval_years=eval_years,
            prereq_years=prereq_years,
            forced=self.in_progress,
        )
        for amount in self.continuous:
            problem.add_continuous(amount, weights, hpw)
        aged = age(self.traits, self.values, eval_years * 365.25)
        for need in self.needs:
            if not _met_safely(need, self.traits, aged):
                problem.add_need(need)
        for target in self.linear:
            problem.add_target(target)
        problem.add_groups()
        problem.add_limits(limits, months)
        return problem

    def _remaining(self, action: Action) -> Action:
        """What is left of a started action: its effort minus the hours logged on it
        (without a log, the share of its calendar length not yet elapsed) and the
        months away not yet spent.

        Its money stays: strive records hours, not payments, so a started action's
        price is still counted in the route's money (and against the money limit)
        rather than silently dropped; it leaves the route when the action is done.
        """
        began = self.in_progress.get(action.name)
        if began is None:
            return action
        months = calendar_months(action, self.limits.hours_per_week)
        elapsed = max((self.start - began).days, 0) / DAYS_PER_MONTH
        left = 0.0 if months <= 0 else max(1.0 - elapsed / months, 0.0)
        hours = self.logged.get(action.name)
        effort = (
            action.effort_hours * left
            if hours is None
            else max(action.effort_hours - hours, 0.0)
        )
        return replace(
            action, effort_hours=effort, months_away=action.months_away * left
        )

    def solve(
        self,
        *,
        weights: CostWeights | None = None,
        limits: Limits | None = None,
        deadline: dt.date | str | None = "same",
        nogoods: Sequence[Sequence[str]] = (),
        objective: str = "weights",
    ) -> Outcome:
        """Select and date; ``objective="months_away"`` minimises time away."""
        weights = weights or self.weights
        limits = limits or self.limits
        when = self.deadline if isinstance(deadline, str) else deadline
        problem = self.compile(
            weights=weights, limits=limits, deadline=when, objective=objective
        )
        for cut in nogoods:
            problem.add_nogood(cut)
        proven = True
        notes: list[str] = []
        for _ in range(_MAX_CUTS):
            selection = solve(problem, time_limit=self.time_limit)
            if selection.status in ("infeasible", "error"):
                return Outcome(selection, None, (), False, tuple(notes))
            chosen, dated, ok = self._dated(selection, limits, when)
            if ok:
                return Outcome(
                    selection,
                    dated,
                    chosen,
                    selection.optimal and proven,
                    tuple(notes),
                )
            stuck = self._stuck(chosen, when)
            if stuck:
                # A prerequisite cycle: exact, so the selection stays provable.
                problem_text = f"prerequisites of {', '.join(stuck)} never hold"
                problem.add_cycle_cut(stuck, selection.chosen)
            elif not dated.ok:
                problem_text = dated.problem
                proven = False  # the schedule is a heuristic
                problem.add_nogood(selection.chosen)
            else:
                problem_text = "the replayed route misses a target"
                problem.add_nogood(selection.chosen)
            notes.append(f"excluded {{{', '.join(selection.chosen)}}}: {problem_text}")
            if problem.infeasible:
                break
        return Outcome(Selection("infeasible"), None, (), False, tuple(notes))

    def _dated(
        self, selection: Selection, limits: Limits, when: dt.date | None
    ) -> tuple[tuple[Action, ...], Schedule, bool]:
        """The chosen actions, dated, and whether replaying them meets every target."""
        chosen = tuple(self.catalogue[n] for n in selection.chosen) + tuple(
            c.action(selection.amounts[c.name])
            for c in self.continuous
            if c.name in selection.amounts
        )
        dated = schedule(
            chosen,
            self.traits,
            self.values,
            limits,
            self.start,
            self.in_progress,
            None if when is None else float((when - self.start).days),
        )
        return chosen, dated, dated.ok and self._verify(chosen, dated, when)

    def outcome(self, selection: Selection) -> Outcome | None:
        """A selection made elsewhere (:func:`strive.route.moves.plan_moves`), dated
        and replayed as :meth:`solve` does; None when the replay fails."""
        chosen, dated, ok = self._dated(selection, self.limits, self.deadline)
        if not ok:
            return None
        return Outcome(selection, dated, chosen, selection.optimal)

    def _stuck(self, chosen: Sequence[Action], when: dt.date | None) -> list[str]:
        """Actions whose prerequisites never hold, whatever the order and pace."""
        days = 0.0 if when is None else float((when - self.start).days)
        state = age(self.traits, self.values, days)
        left = [a for a in chosen if a.name not in self.in_progress]
        for action in chosen:
            if action.name in self.in_progress:
                state = action.apply(self.traits, state)
        while left:
            ready = [
                a
                for a in left
                if all(c.evaluate(self.traits, state) is not False for c in a.requires)
            ]
            if not ready:
                return sorted(a.name for a in left)
            for action in ready:
                state = action.apply(self.traits, state)
            left = [a for a in left if a not in ready]
        return []

    def _verify(
        self, chosen: Sequence[Action], dated: Schedule, when: dt.date | None
    ) -> bool:
        days = 0.0 if when is None else float((when - self.start).days)
        state = age(self.traits, self.values, days)
        ends = dated.by_name()
        for action in sorted(chosen, key=lambda a: ends[a.name].end):
            action.apply_into(self.traits, state)  # ``age`` returned a copy
        for need in self.needs:
            held = sum(
                1
                for alt in need.alternatives
                if all(c.evaluate(self.traits, state) is not False for c in alt)
            )
            if held < min(need.k, len(need.alternatives)):
                return False
        return all(
            t.score(self.traits, state) >= t.logit_needed() - 1e-7 for t in self.linear
        )

    # -- the route ----------------------------------------------------------------

    def totals(self, outcome: Outcome, weights: CostWeights | None = None) -> Totals:
        weights = weights or self.weights
        acts = [self._remaining(a) for a in outcome.actions]
        end = 0.0 if outcome.schedule is None else max(outcome.schedule.end, 0.0)
        return Totals(
            effort_hours=sum(a.effort_hours for a in acts),
            money=sum(a.money for a in acts if a.money_sourced),
            months=end / DAYS_PER_MONTH,
            months_away=sum(a.months_away for a in acts),
            money_unknown=tuple(a.name for a in acts if not a.money_sourced),
            cost=sum(action_cost(a, weights, self.limits.hours_per_week) for a in acts),
        )

    def route(
        self,
        outcome: Outcome,
        windows: Sequence[Window] = (),
        alternatives: Sequence[Alternative] = (),
    ) -> Route:
        assert outcome.schedule is not None
        slots = outcome.schedule.by_name()
        steps: list[RouteStep] = []
        amounts = {c.name: c for c in self.continuous}
        requiring = _requiring(outcome.actions)
        for action in sorted(
            outcome.actions, key=lambda a: (slots[a.name].start, a.name)
        ):
            slot = slots[action.name]
            left = self._remaining(action)
            steps.append(
                RouteStep(
                    action=action.name,
                    label=action.title,
                    start=self.start + dt.timedelta(days=round(slot.start)),
                    end=self.start + dt.timedelta(days=round(slot.end)),
                    effort_hours=left.effort_hours,
                    money=left.money,
                    money_sourced=action.money_sourced,
                    months_away=left.months_away,
                    reason=tuple(self._reasons(action, outcome, requiring)),
                    hours_per_week=slot.rate,
                    status="in_progress"
                    if action.name in self.in_progress
                    else "planned",
                    amount=float(action.effects[0].value)  # type: ignore[arg-type]
                    if action.name in amounts
                    else None,
                    unit=amounts[action.name].unit if action.name in amounts else "",
                )
            )
        route_end = max((s.end for s in steps), default=self.start)
        done = i18n._("done: {step}")
        milestones = [
            Milestone(s.end, "done", done.format(step=s.label), action=s.action)
            for s in steps
        ]
        milestones.extend(_attempts(windows, self.start, self.deadline, route_end))
        milestones.sort(key=lambda m: (m.when, m.kind != "done", m.title))
        return Route(
            steps=tuple(steps),
            milestones=tuple(milestones),
            totals=self.totals(outcome),
            feasible=True,
            optimal=outcome.optimal,
            start=self.start,
            deadline=self.deadline,
            weights=self.weights,
            open_items=tuple(
                OpenItem(
                    req,
                    c.text(),
                    i18n._(
                        "{requirement}: {condition} is not recorded; "
                        "check it (not planned)"
                    ).format(requirement=requirement_word(req), condition=c.text()),
                )
                for req, c in _unique(outcome.selection.open_items)
            ),
            alternatives=tuple(alternatives),
            notes=outcome.notes,
            status="optimal" if outcome.optimal else "feasible",
            extra={
                "solver": outcome.selection.used_solver,
                "cuts": len(outcome.notes),
                "candidates": len(self.candidates),
            },
        )

    def _reasons(
        self,
        action: Action,
        outcome: Outcome,
        requiring: Mapping[str, Sequence[int]],
    ) -> list[str]:
        """Why ``action`` is on the route; ``requiring`` maps a trait to the
        positions in ``outcome.actions`` of the actions with a prerequisite on it
        (built once per route: :func:`_requiring`)."""
        reasons = list(outcome.selection.reasons.get(action.name, []))
        if action.name in self.in_progress and not reasons:
            reasons.append("in progress")
        others = outcome.actions
        found = sorted({k for e in action.effects for k in requiring.get(e.trait, ())})
        reasons.extend(
            f"prerequisite of {others[k].name}"
            for k in found
            if others[k] is not action
        )
        return reasons or ["target"]


def _requiring(actions: Sequence[Action]) -> dict[str, list[int]]:
    """Trait -> positions of the actions with a prerequisite on it."""
    out: dict[str, list[int]] = {}
    for k, other in enumerate(actions):
        for trait in {c.trait for c in other.requires}:
            out.setdefault(trait, []).append(k)
    return out


def _usable(
    action: Action, traits: TraitSet, blocked: set[str], grow_only: set[str]
) -> bool:
    for effect in action.effects:
        traits[effect.trait]  # raises UnknownTraitError for a bad name
        if effect.trait in blocked:
            return False
        if (
            effect.trait in grow_only
            and effect.op == "add"
            and isinstance(effect.value, float)
            and effect.value < 0
        ):
            return False
    return True


def _unique(items: Sequence[tuple[str, Condition]]) -> list[tuple[str, Condition]]:
    seen: set[tuple[str, str]] = set()
    out = []
    for req, cond in items:
        key = (req, cond.text())
        if key not in seen:
            seen.add(key)
            out.append((req, cond))
    return out


def _attempts(
    windows: Sequence[Window],
    start: dt.date,
    deadline: dt.date | None,
    route_end: dt.date,
) -> list[Milestone]:
    """Apply in every window from now to the deadline (or one past the route's end).

    José applied every cycle while he closed his gap: an attempt is never postponed
    until the route is done.
    """
    out: list[Milestone] = []
    ordered = sorted(windows, key=lambda w: w.opens)
    for window in ordered:
        if window.closes < start:
            continue
        if deadline is not None and window.opens > deadline:
            break
        if deadline is None and out and out[-1].route_done:
            break
        when = max(window.opens, start)
        out.append(
            Milestone(
                when,
                "apply",
                i18n._("apply: {window}").format(window=window.name),
                window=window.name,
                closes=window.closes,
                route_done=route_end <= window.closes,
            )
        )
    return out


def _apply_idempotent(
    action: Action, traits: TraitSet, values: dict[str, Value | None]
) -> dict[str, Value | None]:
    """A finished action's ``set``/``include`` effects (``add``s are in the profile)."""
    out = dict(values)
    for effect in action.effects:
        if effect.op != "add":
            trait = traits[effect.trait]
            out[effect.trait] = effect.apply(trait, out.get(effect.trait))
    return out


def _met_safely(need: Need, traits: TraitSet, aged: Mapping[str, Value | None]) -> bool:
    """A need already met by the profile (``aged`` to the evaluation date) in a
    way no action can undo."""
    if need.k != 1:
        return False
    for alternative in need.alternatives:
        if all(_safe(c, traits, aged) for c in alternative):
            return True
    return False


def _safe(
    cond: Condition, traits: TraitSet, values: Mapping[str, Value | None]
) -> bool:
    trait = traits[cond.trait]
    if cond.evaluate(traits, values) is not True:
        return False
    if trait.mutability is Mutability.FIXED:
        return True
    if trait.mutability is Mutability.GROW_ONLY and trait.kind is not Kind.CATEGORY:
        return cond.op in (">=", ">", "has") or (cond.op == "is" and cond.value is True)
    return False


def needs_from(
    traits: TraitSet,
    requirements: Sequence[Requirement],
    targets: Sequence[Condition | LookalikeTarget],
) -> list[Need]:
    out = [Need(r.name, r.alternatives, 1, "requirement") for r in requirements]
    for target in targets:
        if isinstance(target, LookalikeTarget):
            alts = tuple(target.alternatives(traits))
            out.append(Need(target.name, alts, target.k, "lookalikes"))
        else:
            out.append(Need(target.text(), ((target,),), 1, "target"))
    return out
