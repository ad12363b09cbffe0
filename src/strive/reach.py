"""Reach: the least effort that would make you match at least k of the selected.

The second headline number beside coverage (issue 3). "Match" is coverage's pair
test (:func:`strive.gap.matching`): you match or exceed a selected person on every
comparable, non-sensitive trait (yes beats no, more beats less, a set must include
theirs, a category must be equal), a fixed trait such as age only has to fall inside
the range observed in the sub-cohort, and a trait unknown for you or for them is
skipped for that pair. Sensitive traits never enter.

Reach asks the route planner (:func:`strive.route.plan_route`) for the cheapest set of
catalogue actions after which at least ``k`` people pass that test
(:class:`strive.route.LookalikeTarget`). By default the cost is effort hours only, so
``value`` is the least total effort in hours; other weights make it the weighted
cost. Everything here is pure: no I/O.

To keep the model small, people are first reduced to what you would still need to
match them (traits you already have and cannot lose drop out) and identical needs are
merged, keeping at most ``k`` copies of each (never more are useful). If more than
``candidates`` distinct needs remain, only those of the nearest look-alikes (the gap
engine's Gower distance) are given to the planner and ``complete`` is false: the value
is then the least over those people, an upper bound for the whole sub-cohort.

>>> reach = compute_reach(template, template.traits, values, cohort, k=3,
...                       limits=Limits(), start=date(2024, 1, 1))  # doctest: +SKIP
>>> reach.value, reach.matched                                      # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from strive.actions import Catalogue
from strive.cohort import Cohort
from strive.errors import TraitValueError
from strive.gap.coverage import (
    BoolArray,
    Matcher,
    compared_traits,
    coverage_history,
    matching,
)
from strive.gap.lookalikes import LookalikeIndex
from strive.gap.report import Headline
from strive.goal import Limits
from strive.i18n import N_, _, current_locale, format_date
from strive.profile import Profile
from strive.route.model import CostWeights, Route
from strive.template import Template
from strive.traits import Kind, Mutability, Trait, TraitSet, Value

Values = Mapping[str, Value | None]

REACH_WEIGHTS = CostWeights(hours=1.0, money=0.0, months=0.0)
"""Effort hours only: reach is then the least total effort in hours."""

REACH_DEFINITION = N_(
    "Reach: the least {measure} of actions from the catalogue, within your limits"
    "{by}, after which you match or exceed at least {k} of the {cohort} on every "
    "comparable, non-sensitive trait (the same test as coverage: yes beats no, more "
    "beats less, a set must include theirs, a category must be equal; fixed traits "
    "such as age must fall inside the range observed in that group; a trait unknown "
    "for you or for them is skipped); 0 if you already do."
)


def _day(day: dt.date) -> str:
    """ISO in English (the text strive always wrote), the locale's form otherwise."""
    return day.isoformat() if current_locale() == "en" else format_date(day)


_CACHED_ROWS = 4_096
"""Decoded selected rows a prepared :class:`Reacher` keeps."""

_NO_ROW = np.float64(-1e300)
"""Key cell for "nothing needed on this trait" (no real value is this low)."""


@dataclass(frozen=True)
class Reach:
    """The reach headline for one person on one date."""

    value: float | None
    """Least effort in hours (``unit`` "hours") or weighted cost ("cost"); None when
    no route within the limits gets you to ``k`` people."""
    definition: str
    k: int
    matched: tuple[str, ...]
    """The k people (nearest first) you match once the cheapest route is done."""
    route_actions: tuple[str, ...]
    feasible: bool
    optimal: bool
    """Proven least over the whole sub-cohort: the planner proved its selection
    optimal and every person was considered (``complete``)."""
    unit: str = "hours"
    n: int = 0
    """Selected people in the sub-cohort."""
    matched_now: int = 0
    """How many of them you match already."""
    matched_after: int = 0
    """How many you match once the route is done (at least ``k`` when feasible)."""
    complete: bool = True
    considered: int = 0
    """People whose needs were given to the planner (all of ``n`` when complete)."""
    effort_hours: float = 0.0
    money: float = 0.0
    months: float = 0.0
    weights: CostWeights = REACH_WEIGHTS
    text: str = ""
    notes: tuple[str, ...] = ()
    route: Route | None = field(default=None, compare=False, repr=False)
    """The planner's route (None when reach is 0 without planning)."""

    def headline(self) -> Headline:
        """For :attr:`strive.gap.GapReport.reach` (``dataclasses.replace``)."""
        return Headline(
            name="reach",
            value=self.value,
            definition=self.definition,
            n=self.n,
            text=self.text,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "name": "reach",
            "value": None if self.value is None else round(self.value, 4),
            "unit": self.unit,
            "definition": self.definition,
            "text": self.text,
            "k": self.k,
            "n": self.n,
            "matched": list(self.matched),
            "matched_now": self.matched_now,
            "matched_after": self.matched_after,
            "route_actions": list(self.route_actions),
            "effort_hours": round(self.effort_hours, 2),
            "money": round(self.money, 2),
            "months": round(self.months, 2),
            "weights": self.weights.to_json(),
            "feasible": self.feasible,
            "optimal": self.optimal,
            "complete": self.complete,
            "considered": self.considered,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class HeadlinePoint:
    """Coverage and reach on one date of a profile's history."""

    when: dt.date
    coverage: float | None
    reach: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.when.isoformat(),
            "coverage": None if self.coverage is None else round(self.coverage, 6),
            "reach": None if self.reach is None else round(self.reach, 4),
        }


def compute_reach(
    source: Template | Catalogue,
    traits: TraitSet,
    values: Values,
    cohort: Cohort,
    *,
    k: int = 3,
    limits: Limits,
    start: dt.date,
    deadline: dt.date | None = None,
    weights: CostWeights | None = None,
    candidates: int = 50,
    time_limit: float = 10.0,
) -> Reach:
    """The least effort (hours, or weighted cost) to match at least ``k`` of the
    selected in ``cohort`` (already narrowed to the sub-cohort; its selected rows are
    used).

    ``source`` is a template (its catalogue is used) or a catalogue. ``weights``
    default to effort hours only (:data:`REACH_WEIGHTS`).

    Raises:
        TraitValueError: ``k`` or ``candidates`` is below 1.
    """
    return Reacher(source, traits, cohort, candidates).reach(
        values,
        k=k,
        limits=limits,
        start=start,
        deadline=deadline,
        weights=weights or REACH_WEIGHTS,
        time_limit=time_limit,
    )


def reach_history(
    profile: Profile,
    source: Template | Catalogue,
    traits: TraitSet,
    cohort: Cohort,
    *,
    k: int = 3,
    limits: Limits,
    deadline: dt.date | None = None,
    weights: CostWeights | None = None,
    candidates: int = 50,
) -> list[tuple[dt.date, float | None]]:
    """Reach on every date the profile changed (planned from that date, with the
    values of that date, fixed traits aged by time)."""
    reacher = Reacher(source, traits, cohort, candidates)
    return [
        (
            when,
            reacher.reach(
                profile.values(traits, when),
                k=k,
                limits=limits,
                start=when,
                deadline=deadline,
                weights=weights or REACH_WEIGHTS,
            ).value,
        )
        for when in profile.dates()
    ]


def headline_history(
    profile: Profile,
    source: Template | Catalogue,
    traits: TraitSet,
    cohort: Cohort,
    *,
    k: int = 3,
    limits: Limits,
    deadline: dt.date | None = None,
    weights: CostWeights | None = None,
    candidates: int = 50,
) -> list[HeadlinePoint]:
    """Coverage and reach on every date the profile changed, oldest first."""
    selected = cohort.only_selected()
    covered = coverage_history(profile, selected, traits)
    reached = reach_history(
        profile,
        source,
        traits,
        cohort,
        k=k,
        limits=limits,
        deadline=deadline,
        weights=weights,
        candidates=candidates,
    )
    return [
        HeadlinePoint(when, cov, r)
        for (when, cov), (_, r) in zip(covered, reached, strict=True)
    ]


class Reacher:
    """One sub-cohort and catalogue, ready to compute reach for many values.

    Everything here depends on the catalogue, traits, cohort and ``candidates``
    only (its look-alike index is fitted once, on first need); limits, dates,
    weights and ``k`` come with each :meth:`reach` call. ``strive batch`` keeps one
    per context (:meth:`strive.batch.BatchContext.reacher`) rather than one per
    person.
    """

    def __init__(
        self,
        source: Template | Catalogue,
        traits: TraitSet,
        cohort: Cohort,
        candidates: int = 50,
        *,
        prepared: bool = False,
    ) -> None:
        """``prepared``: compare people with the sub-cohort through one
        :class:`strive.gap.coverage.Matcher` per trait list, built once (same
        answers as :func:`strive.gap.matching`; worth it when many people are
        reached)."""
        if candidates < 1:
            raise TraitValueError("reach needs at least 1 candidate")
        self.catalogue = source.catalogue if isinstance(source, Template) else source
        self.traits = traits
        self.selected = cohort.only_selected()
        self.used = compared_traits(self.selected, traits)
        self.fixed = [t for t in self.used if t.mutability is Mutability.FIXED]
        self.candidates = candidates
        self._index: LookalikeIndex | None = None
        self._match: tuple[Matcher, Matcher] | None = None
        self._rows: dict[int, dict[str, Value | None]] = {}
        if prepared:
            self._match = (
                Matcher(self.selected, self.used),
                Matcher(self.selected, self.fixed),
            )

    def _row(self, row: int) -> dict[str, Value | None] | None:
        """One selected row's values on the compared traits, decoded once per row
        when ``prepared`` (the same people are candidates for many); else None."""
        if self._match is None:
            return None
        found = self._rows.get(row)
        if found is None:
            columns = self.selected.columns
            found = {t.name: columns[t.name].value(row) for t in self.used}
            if len(self._rows) >= _CACHED_ROWS:
                self._rows.clear()
            self._rows[row] = found
        return found

    def matching(self, values: Values, *, fixed: bool = False) -> BoolArray:
        """Coverage's pair test of ``values`` against every selected row, on the
        compared traits (or only the fixed ones)."""
        if self._match is not None:
            return self._match[1 if fixed else 0](values)
        return matching(self.selected, self.fixed if fixed else self.used, values)

    def index(self) -> LookalikeIndex:
        if self._index is None:
            self._index = LookalikeIndex(self.used).fit(self.selected)
        return self._index

    def name(self, row: int) -> str:
        names = self.selected.names
        return names[row] if names else f"#{row + 1}"

    def nearest(self, rows: npt.NDArray[np.intp], values: Values) -> list[int]:
        """``rows`` nearest first (Gower distance, ties by row)."""
        if rows.shape[0] <= 1:
            return [int(r) for r in rows]
        dist, _ = self.index().distances(values)
        return [int(r) for r in rows[np.lexsort((rows, dist[rows]))]]

    def reach(
        self,
        values: Values,
        *,
        k: int,
        limits: Limits,
        start: dt.date,
        deadline: dt.date | None,
        weights: CostWeights,
        time_limit: float = 10.0,
        now: npt.NDArray[np.bool_] | None = None,
        named: bool = True,
    ) -> Reach:
        """Reach for ``values`` (see :func:`compute_reach`). ``now``: the pair test
        of ``values`` against the selected on the compared traits, when the caller
        already has it (:attr:`strive.gap.GapLines.matched`). ``named=False``
        leaves :attr:`Reach.matched` empty (no distance to every selected person
        to rank them; ``strive batch`` shows no names); every other field is the
        same."""
        if k < 1:
            raise TraitValueError("reach needs k of at least 1")
        selected = self.selected
        n = selected.size
        unit = "hours" if weights == REACH_WEIGHTS else "cost"
        definition = _(REACH_DEFINITION).format(
            measure=_("total effort in hours")
            if unit == "hours"
            else _(
                "weighted cost ({hours} per effort hour, {money} per dollar, "
                "{months} per calendar month)"
            ).format(
                hours=f"{weights.hours:g}",
                money=f"{weights.money:g}",
                months=f"{weights.months:g}",
            ),
            by=""
            if deadline is None
            else _(" and by {day}").format(day=_day(deadline)),
            k=k,
            cohort=_("selected in {cohort}").format(cohort=selected.description),
        )
        base: dict[str, Any] = {
            "definition": definition,
            "k": k,
            "unit": unit,
            "n": n,
            "weights": weights,
        }
        if now is None:
            now = self.matching(values)
        matched_now = int(now.sum())
        if matched_now >= k:
            rows = self.nearest(np.flatnonzero(now), values)[:k] if named else []
            return Reach(
                value=0.0,
                matched=tuple(self.name(r) for r in rows),
                route_actions=(),
                feasible=True,
                optimal=True,
                matched_now=matched_now,
                matched_after=matched_now,
                considered=n,
                text=_(
                    "you already match {have} of the {n} selected (at least {k} needed)"
                ).format(have=matched_now, n=n, k=k),
                **base,
            )
        eligible = np.flatnonzero(self.matching(values, fixed=True))
        needed = [
            t
            for t in self.used
            if t.mutability is not Mutability.FIXED and values.get(t.name) is not None
        ]
        groups, counts, members = self.groups(eligible, needed, values)
        complete = len(groups) <= self.candidates
        if not complete:
            groups, counts, members = self.closest(groups, counts, members, values)
        considered = int(sum(counts))
        reachable = sum(min(c, k) for c in counts)
        if reachable < k:
            searched = () if complete else (self.searched(considered, n),)
            return Reach(
                value=None,
                matched=(),
                route_actions=(),
                feasible=False,
                optimal=complete,
                matched_now=matched_now,
                complete=complete,
                considered=considered,
                text=f"only {len(eligible)} of the {n} selected can ever be matched "
                "(fixed traits such as age fall outside what you have)"
                if complete
                else f"the people searched cannot make {k} matches",
                notes=("fewer than k people can be matched whatever you do", *searched)
                if complete
                else searched,
                **base,
            )
        profiles = [
            self.profile(int(row), needed, values)
            for row, count in zip(groups, counts, strict=True)
            for _ in range(min(count, k))
        ]
        return self.plan(
            values,
            profiles,
            base=base,
            k=k,
            limits=limits,
            start=start,
            deadline=deadline,
            weights=weights,
            complete=complete,
            considered=considered,
            matched_now=matched_now,
            time_limit=time_limit,
            named=named,
        )

    def searched(self, considered: int, n: int) -> str:
        return (
            f"searched the {self.candidates} nearest distinct profiles "
            f"({considered} of {n} people); the whole sub-cohort may hold a cheaper "
            "match"
        )

    # -- reducing people to what you would need -------------------------------------

    def groups(
        self, rows: npt.NDArray[np.intp], needed: Sequence[Trait], values: Values
    ) -> tuple[list[int], list[int], list[npt.NDArray[np.intp]]]:
        """People with identical needs merged: a representative row, a count and the
        rows of each group, in row order of the representatives."""
        if not rows.shape[0]:
            return [], [], []
        cells = [self.key(t, rows, values) for t in needed]
        if not cells:
            return [int(rows[0])], [int(rows.shape[0])], [rows]
        keys = np.column_stack(cells)
        _, first, inverse, counts = np.unique(
            keys, axis=0, return_index=True, return_inverse=True, return_counts=True
        )
        inverse = inverse.reshape(-1)
        order = np.argsort(first, kind="stable")
        members = [rows[inverse == g] for g in order]
        return (
            [int(rows[first[g]]) for g in order],
            [int(counts[g]) for g in order],
            members,
        )

    def closest(
        self,
        groups: list[int],
        counts: list[int],
        members: list[npt.NDArray[np.intp]],
        values: Values,
    ) -> tuple[list[int], list[int], list[npt.NDArray[np.intp]]]:
        """The ``candidates`` groups whose nearest member is nearest to you."""
        dist, _ = self.index().distances(values)
        best = [float(dist[m].min()) for m in members]
        order = sorted(range(len(groups)), key=lambda g: (best[g], groups[g]))
        keep = sorted(order[: self.candidates])
        return (
            [groups[g] for g in keep],
            [counts[g] for g in keep],
            [members[g] for g in keep],
        )

    def key(
        self, trait: Trait, rows: npt.NDArray[np.intp], values: Values
    ) -> npt.NDArray[np.float64]:
        """What each person needs of you on ``trait``, as numbers (one column, or
        one per member for sets); ``_NO_ROW`` / 0 where nothing is needed. Must agree
        with :func:`_need`."""
        column = self.selected.columns[trait.name]
        known = column.known_mask()[rows]
        mine = values.get(trait.name)
        assert mine is not None
        grow = trait.mutability is Mutability.GROW_ONLY
        if trait.kind is Kind.SET:
            assert isinstance(mine, frozenset)
            data = column.data[rows] & known[:, None]
            if grow:
                have = np.array([label in mine for label in column.labels], dtype=bool)
                data = data & ~have[None, :]
            return data.astype(np.float64).reshape(rows.shape[0], -1)
        if trait.kind is Kind.CATEGORY:
            codes = column.data[rows].astype(np.float64)
            return np.where(known, codes, _NO_ROW)
        data = column.data[rows].astype(np.float64)
        if trait.kind is Kind.BOOL:
            need = known & (data >= 0.5) & ~(grow and mine is True)
            return need.astype(np.float64)
        met = data <= trait.order_key(mine) if grow else np.zeros(rows.shape, bool)
        return np.where(known & ~met, data, _NO_ROW)

    def profile(
        self, row: int, needed: Sequence[Trait], values: Values
    ) -> dict[str, Value]:
        """One person's needs as a profile for :class:`LookalikeTarget`."""
        out: dict[str, Value] = {}
        decoded = self._row(row)
        for trait in needed:
            mine = values.get(trait.name)
            theirs = (
                decoded[trait.name]
                if decoded is not None
                else self.selected.columns[trait.name].value(row)
            )
            assert mine is not None
            need = _need(trait, mine, theirs)
            if need is not None:
                out[trait.name] = need
        return out

    # -- planning -------------------------------------------------------------------

    def plan(
        self,
        values: Values,
        profiles: list[dict[str, Value]],
        *,
        base: dict[str, Any],
        k: int,
        limits: Limits,
        start: dt.date,
        deadline: dt.date | None,
        weights: CostWeights,
        complete: bool,
        considered: int,
        matched_now: int,
        time_limit: float,
        named: bool = True,
    ) -> Reach:
        from strive.route import LookalikeTarget, plan_route

        route = plan_route(
            self.catalogue,
            self.traits,
            values,
            targets=[LookalikeTarget(profiles, k, name=f"match {k} selected")],
            limits=limits,
            start=start,
            deadline=deadline,
            weights=weights,
            alternatives=False,
            explain_infeasible=False,
            time_limit=time_limit,
        )
        n = base["n"]
        if not route.feasible:
            return Reach(
                value=None,
                matched=(),
                route_actions=(),
                feasible=False,
                optimal=False,
                matched_now=matched_now,
                complete=complete,
                considered=considered,
                text=f"no route within your limits makes you match {k} of the "
                f"{n} selected",
                notes=route.notes,
                route=route,
                **base,
            )
        after = self.after(values, route, start, deadline)
        now_after = self.matching(after)
        found = np.flatnonzero(now_after)
        rows = self.nearest(found, values) if named else [int(r) for r in found]
        notes = list(route.notes)
        if len(rows) < k:
            notes.append(
                f"the route's end state matches {len(rows)} people, fewer than {k}"
            )
        if not complete:
            notes.append(self.searched(considered, n))
        totals = route.totals
        value = totals.cost
        shown = (
            f"{value:,.0f} hours of effort"
            if base["unit"] == "hours"
            else f"a cost of {value:,.1f}"
        )
        steps = ", ".join(s.label or s.action for s in route.steps)
        return Reach(
            value=value,
            matched=tuple(self.name(r) for r in rows[:k]) if named else (),
            route_actions=route.actions,
            feasible=True,
            optimal=route.optimal and complete,
            matched_now=matched_now,
            matched_after=len(rows),
            complete=complete,
            considered=considered,
            effort_hours=totals.effort_hours,
            money=totals.money,
            months=totals.months,
            text=f"{shown} ({steps}) would make you match {k} of the {n} selected"
            if steps
            else f"time alone makes you match {k} of the {n} selected",
            notes=tuple(notes),
            route=route,
            **base,
        )

    def after(
        self, values: Values, route: Route, start: dt.date, deadline: dt.date | None
    ) -> dict[str, Value | None]:
        """Your values once the route is done: its actions applied in date order,
        changeable traits grown to the deadline as the planner counts them, fixed
        traits as they are today (coverage's range test reads them on the day)."""
        out = {t.name: values.get(t.name) for t in self.traits}
        for step in sorted(route.steps, key=lambda s: (s.start, s.end, s.action)):
            out = self.catalogue[step.action].apply(self.traits, out)
        years = 0.0 if deadline is None else max((deadline - start).days, 0) / 365.25
        for trait in self.traits:
            value = out.get(trait.name)
            if trait.mutability is Mutability.FIXED:
                out[trait.name] = values.get(trait.name)
            elif trait.growth_per_year and isinstance(value, float):
                out[trait.name] = value + trait.growth_per_year * years
        return out


def _need(trait: Trait, mine: Value, theirs: Value | None) -> Value | None:
    """What matching ``theirs`` still asks of you on ``trait`` (None: nothing).

    A grow-only trait you already match stays matched, so it asks nothing; a free
    trait keeps its condition (an action could still change it).
    """
    if theirs is None:
        return None
    grow = trait.mutability is Mutability.GROW_ONLY
    if trait.kind is Kind.SET:
        assert isinstance(theirs, frozenset) and isinstance(mine, frozenset)
        rest = theirs - mine if grow else theirs
        return rest or None
    if trait.kind is Kind.CATEGORY:
        return theirs
    if trait.kind is Kind.BOOL:
        return True if theirs is True and not (grow and mine is True) else None
    if grow and trait.order_key(theirs) <= trait.order_key(mine):
        return None
    return theirs
