"""The caseload report: where a whole caseload stands and what would help most.

Built from a batch results file one row at a time (:class:`CaseloadBuilder`), from
result fields only: coverage, reach, gaps, routes and the step each person is at.
No trait of a person, sensitive or not, is read, so no sensitive trait can rank or
group anyone (``tests/batch/test_caseload.py`` checks it metamorphically). Every
figure carries its ``n``.
"""

from __future__ import annotations

import statistics
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from strive.batch.person import STEPS
from strive.conditions import Condition
from strive.errors import InputError
from strive.i18n import N_, _, decimal_text, money_text, ngettext
from strive.template import Template
from strive.traits import TraitSet

COLUMNS = [
    "coverage",
    "coverage_n",
    "reach_hours",
    "top_gaps",
    "actions",
    "action_hours",
    "action_money",
    "feasible",
    "step",
]
"""The result columns the report reads (never an id or a trait)."""

OFFER_COLUMNS = (
    "offer_actions",
    "offer_feasible",
    "offer_days",
    "offer_hours",
    "offer_money",
)
"""The counterfactual columns (see :class:`strive.batch.person.Offer`), read when
the results file has them."""

COVERAGE_BINS = tuple(i / 10 for i in range(11))
REACH_BINS = (0.0, 1.0, 100.0, 250.0, 500.0, 1000.0, 2000.0, 5000.0, float("inf"))

STEP_LABELS = {
    "record": N_("step 2: record what is unknown"),
    "blocked": N_("no route within the limits"),
    "route": N_("steps 3-4: a route to follow"),
    "apply": N_("step 5: ready to apply"),
}
"""Each step in words (English here, the current language in a report's ``label``)."""


@dataclass(frozen=True)
class Goal:
    """The template a report's labels come from, and where it was named.

    ``source``: ``option`` (``strive caseload --goal``) or ``results_file`` (the
    template ``strive batch`` recorded in the file, :data:`strive.batch.io.GOAL_KEY`).
    ``actions``: each action's name in the current language by its id (the
    catalogue's and the continuous actions'). ``problem``: why a recorded template
    could not be loaded (then nothing is labelled by it).
    """

    name: str
    source: str
    traits: TraitSet | None = None
    actions: Mapping[str, str] = field(default_factory=dict)
    problem: str = ""

    @classmethod
    def of(cls, template: Template, name: str, source: str) -> Goal:
        titles = {a.name: a.title for a in template.catalogue}
        titles.update((c.name, c.title) for c in template.continuous)
        return cls(name, source, template.traits, titles)

    def text(self) -> str:
        """Where the labels come from, in words."""
        if self.problem:
            return _(
                "The results file records the template {goal}, which cannot be "
                "loaded ({problem}): gaps are shown as written and actions by their "
                "ids. Give --goal TEMPLATE to label them."
            ).format(goal=self.name, problem=self.problem)
        if self.source == "option":
            return _("Labels from the template {goal} (--goal).").format(goal=self.name)
        return _(
            "Labels from the template {goal} (recorded in the results file)."
        ).format(goal=self.name)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "from": self.source}
        if self.problem:
            out["problem"] = self.problem
        return out


@dataclass(frozen=True)
class Count:
    """People with one gap (``name``: its condition text) or at one step;
    ``label`` is what a person reads for it."""

    name: str
    people: int
    n: int
    label: str = ""

    @property
    def share(self) -> float:
        return self.people / self.n if self.n else 0.0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "people": self.people,
            "n": self.n,
            "share": round(self.share, 4),
        }
        if self.label:
            out["label"] = self.label
        return out


@dataclass(frozen=True)
class ActionLine:
    """One action and the routes it appears in."""

    action: str
    people: int
    n: int
    money_known: int
    """Of ``people``: routes where the action's money is sourced (the rest unknown)."""
    money_total: float | None
    money_median: float | None
    hours_total: float
    hours_median: float
    label: str = ""
    """What a person reads for it: its name in the goal's template (see
    :func:`action_label`)."""

    @property
    def share(self) -> float:
        return self.people / self.n if self.n else 0.0

    def money_text(self, total: bool = False) -> str:
        """The saving in words: unknown when no route's figure is sourced."""
        value = self.money_total if total else self.money_median
        if value is None:
            return _("unknown (no sourced cost)")
        text = money_text(value)
        if self.money_known < self.people:
            text += " " + _("(sourced for {k} of {n})").format(
                k=self.money_known, n=self.people
            )
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "label": self.label or self.action,
            "people": self.people,
            "n": self.n,
            "share": round(self.share, 4),
            "money_known": self.money_known,
            "money_saved_if_free_total": _round(self.money_total),
            "money_saved_if_free_median": _round(self.money_median),
            "hours_in_routes_total": round(self.hours_total, 2),
            "hours_in_routes_median": round(self.hours_median, 2),
        }


@dataclass(frozen=True)
class OfferLine:
    """What offering one action would do across the caseload (each person
    re-planned as if they had finished it; :class:`strive.batch.person.Offer`).

    ``earlier``: people with a route that would finish sooner, with the median
    and quartiles of the days; ``unblocked``: people with no route within their
    limits who would have one; ``later``: people whose re-plan finishes later
    (possible in principle: the planner minimises the weighted cost, not the
    finish date). ``hours_people``/``money_people``: routes needing fewer hours,
    less money (money known for ``money_known`` of the people with both routes).
    """

    action: str
    n: int
    earlier: int
    days_quartiles: tuple[float, float, float] | None
    days_total: int
    unblocked: int
    later: int
    hours_people: int
    hours_median: float | None
    money_known: int
    money_people: int
    money_median: float | None
    label: str = ""
    """What a person reads for the action (see :func:`action_label`)."""

    @property
    def moved(self) -> int:
        """People whose route this offer shortens or makes possible."""
        return self.earlier + self.unblocked

    def days_text(self) -> str:
        if self.days_quartiles is None:
            return _("none")
        q1, med, q3 = self.days_quartiles
        return ngettext(
            "median {m} day (quartiles {a}-{b})",
            "median {m} days (quartiles {a}-{b})",
            round(med),
        ).format(m=decimal_text(med), a=decimal_text(q1), b=decimal_text(q3))

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "label": self.label or self.action,
            "n": self.n,
            "moved": self.moved,
            "finish_earlier": self.earlier,
            "days_earlier_quartiles": None
            if self.days_quartiles is None
            else [round(q, 2) for q in self.days_quartiles],
            "days_earlier_total": self.days_total,
            "unblocked": self.unblocked,
            "finish_later": self.later,
            "hours_saved_people": self.hours_people,
            "hours_saved_median": _round(self.hours_median),
            "money_known": self.money_known,
            "money_saved_people": self.money_people,
            "money_saved_median": _round(self.money_median),
        }


@dataclass
class _OfferTally:
    """Running figures of one offered action (8 bytes a person it shortens)."""

    n: int = 0
    days: array[float] = field(default_factory=lambda: array("d"))
    unblocked: int = 0
    later: int = 0
    hours: array[float] = field(default_factory=lambda: array("d"))
    money_known: int = 0
    money: array[float] = field(default_factory=lambda: array("d"))

    def line(self, action: str, label: str) -> OfferLine:
        return OfferLine(
            action=action,
            label=label,
            n=self.n,
            earlier=len(self.days),
            days_quartiles=_quartiles(sorted(self.days)),
            days_total=int(sum(self.days)),
            unblocked=self.unblocked,
            later=self.later,
            hours_people=len(self.hours),
            hours_median=statistics.median(self.hours) if self.hours else None,
            money_known=self.money_known,
            money_people=len(self.money),
            money_median=statistics.median(self.money) if self.money else None,
        )


@dataclass(frozen=True)
class Distribution:
    """Known values of one headline: quartiles and a histogram (bins [lo, hi))."""

    name: str
    n: int
    known: int
    quartiles: tuple[float, float, float] | None
    mean: float | None
    bins: tuple[tuple[float, float, int], ...]
    unit: str

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "unit": self.unit,
            "n": self.n,
            "known": self.known,
            "unknown": self.n - self.known,
            "mean": None if self.mean is None else round(self.mean, 4),
            "quartiles": None
            if self.quartiles is None
            else [round(q, 4) for q in self.quartiles],
            "histogram": [
                {"from": lo, "to": None if hi == float("inf") else hi, "people": c}
                for lo, hi, c in self.bins
            ],
        }


@dataclass(frozen=True)
class CaseloadReport:
    n: int
    feasible: int
    coverage: Distribution
    reach: Distribution
    gaps: tuple[Count, ...]
    actions: tuple[ActionLine, ...]
    steps: tuple[Count, ...]
    notes: tuple[str, ...] = ()
    offers: tuple[OfferLine, ...] = ()
    """Every offered action, the most people moved first (ties by name)."""
    goal: Goal | None = None
    """The template the labels come from (None: gaps as written, actions by id)."""

    def offer(self, action: str) -> OfferLine | None:
        """The offer figures of an action, or None when it was not re-planned."""
        return next((o for o in self.offers if o.action == action), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "goal": None if self.goal is None else self.goal.to_json(),
            "feasible": self.feasible,
            "coverage": self.coverage.to_json(),
            "reach": self.reach.to_json(),
            "top_gaps": [g.to_json() for g in self.gaps],
            "top_actions": [
                {
                    **a.to_json(),
                    "if_offered": None
                    if (o := self.offer(a.action)) is None
                    else o.to_json(),
                }
                for a in self.actions
            ],
            "offers": [o.to_json() for o in self.offers],
            "steps": [s.to_json() for s in self.steps],
            "notes": list(self.notes),
        }


@dataclass
class CaseloadBuilder:
    """Accumulates result rows; memory is 16 bytes a person plus one counter entry
    per distinct gap and action (exact quartiles need the values)."""

    top: int = 10
    traits: TraitSet | None = None
    """The goal's traits: gaps are shown by their labels (else as written)."""
    goal: Goal | None = None
    """The goal: gaps and actions shown by their labels (its traits win over
    ``traits``); without it, actions by their ids."""
    n: int = 0
    feasible: int = 0
    coverage: array[float] = field(default_factory=lambda: array("d"))
    reach: array[float] = field(default_factory=lambda: array("d"))
    gaps: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)
    money: dict[str, array[float]] = field(default_factory=dict)
    hours: dict[str, array[float]] = field(default_factory=dict)
    steps: Counter[str] = field(default_factory=Counter)
    offers: dict[str, _OfferTally] = field(default_factory=dict)

    def add(self, row: Mapping[str, Any]) -> None:
        self.n += 1
        self.feasible += bool(row["feasible"])
        if row["coverage"] is not None:
            self.coverage.append(float(row["coverage"]))
        if row["reach_hours"] is not None:
            self.reach.append(float(row["reach_hours"]))
        self.gaps.update(set(row["top_gaps"] or ()))
        self.steps[str(row["step"])] += 1
        hours = row["action_hours"] or ()
        money = row["action_money"] or ()
        for action, h, m in zip(row["actions"] or (), hours, money, strict=True):
            self.actions[action] += 1
            self.hours.setdefault(action, array("d")).append(float(h))
            known = self.money.setdefault(action, array("d"))
            if m is not None:
                known.append(float(m))
        self._add_offers(row)

    def _add_offers(self, row: Mapping[str, Any]) -> None:
        names = row.get("offer_actions")
        if not names:
            return
        columns = zip(
            names,
            row["offer_feasible"],
            row["offer_days"],
            row["offer_hours"],
            row["offer_money"],
            strict=True,
        )
        for action, feasible, days, hours, money in columns:
            tally = self.offers.setdefault(action, _OfferTally())
            tally.n += 1
            if not row["feasible"] and feasible:
                tally.unblocked += 1
            if days is not None and days > 0:
                tally.days.append(float(days))
            elif days is not None and days < 0:
                tally.later += 1
            if hours is not None and hours > 0:
                tally.hours.append(float(hours))
            if money is not None:
                tally.money_known += 1
                if money > 0:
                    tally.money.append(float(money))

    def report(self) -> CaseloadReport:
        n = self.n
        gaps = _ranked(self.gaps, self.top)
        goal = self.goal
        traits = self.traits if goal is None or goal.traits is None else goal.traits
        actions = tuple(
            ActionLine(
                action=name,
                label=action_label(name, goal),
                people=people,
                n=n,
                money_known=len(self.money[name]),
                money_total=sum(self.money[name]) if self.money[name] else None,
                money_median=statistics.median(self.money[name])
                if self.money[name]
                else None,
                hours_total=sum(self.hours[name]),
                hours_median=statistics.median(self.hours[name]),
            )
            for name, people in _ranked(self.actions, self.top)
        )
        return CaseloadReport(
            n=n,
            feasible=self.feasible,
            coverage=_distribution(
                "coverage", n, self.coverage, COVERAGE_BINS, "share"
            ),
            reach=_distribution("reach", n, self.reach, REACH_BINS, "hours"),
            gaps=tuple(
                Count(name, people, n, gap_label(name, traits)) for name, people in gaps
            ),
            actions=actions,
            steps=tuple(
                Count(s, self.steps.get(s, 0), n, _(STEP_LABELS[s])) for s in STEPS
            ),
            offers=tuple(
                sorted(
                    (t.line(a, action_label(a, goal)) for a, t in self.offers.items()),
                    key=lambda o: (-o.moved, o.action),
                )
            ),
            goal=goal,
            notes=(
                *((goal_note(goal),) if goal or self.traits is None else ()),
                _(
                    "Coverage and reach are unknown for people with nothing "
                    "comparable recorded (and reach also when no route within the "
                    "limits matches 3 of the selected); they are left out of the "
                    "quartiles and counted as unknown."
                ),
                _(
                    "Gaps: the top 5 things the selected have that each person "
                    "lacks; share of the whole caseload."
                ),
                _(
                    "Actions: the people whose route contains each one; money is "
                    "what it costs in those routes (unknown where the catalogue has "
                    "no sourced price), hours the part of those routes it accounts "
                    "for."
                ),
                _(
                    "If offered: each person re-planned, one exact plan per offered "
                    "action, as if they had finished it before the route starts "
                    "(its effects recorded, none of their hours, money or "
                    "calendar), towards the same requirements and gaps as their "
                    "route. Shortened: the route finishes earlier; unblocked: a "
                    "person with no route within their limits would have one. "
                    "Only the offered actions were re-planned (chosen before the "
                    "run: strive batch --offers/--offer)."
                ),
                _(
                    "Groups and rankings use result fields only; no trait of a "
                    "person, sensitive or not, is read."
                ),
            ),
        )


def caseload_report(
    rows: Iterable[Mapping[str, Any]],
    top: int = 10,
    traits: TraitSet | None = None,
    goal: Goal | None = None,
) -> CaseloadReport:
    """The report over result rows (dicts with at least :data:`COLUMNS`);
    ``traits`` (the goal's) give the gaps their labels, ``goal`` the gaps and the
    actions theirs."""
    builder = CaseloadBuilder(top=top, traits=traits, goal=goal)
    for row in rows:
        builder.add(row)
    return builder.report()


def goal_note(goal: Goal | None) -> str:
    """Where the report's labels come from, or why it has none."""
    if goal is not None:
        return goal.text()
    return _(
        "No template to label this report by: the results file does not record "
        "one (written before strive batch recorded its goal) and no --goal was "
        "given, so gaps are shown as written and actions by their ids. Give "
        "--goal TEMPLATE to label them."
    )


def action_label(action: str, goal: Goal | None) -> str:
    """An action's name in the goal's template (in the current language); its id
    without a goal or when the template has no such action (another goal's file)."""
    if goal is None:
        return action
    return goal.actions.get(action, action)


def gap_label(condition: str, traits: TraitSet | None) -> str:
    """A gap's condition text as a person reads it (:meth:`Condition.label`, the
    template's trait labels in the current language); the text itself without the
    goal's traits or when they do not parse it (a results file of another goal)."""
    if traits is None:
        return condition
    try:
        parsed = Condition.parse(condition, traits)
    except InputError:
        return condition
    return parsed.label(traits[parsed.trait])


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _ranked(counter: Counter[str], top: int) -> list[tuple[str, int]]:
    """Most common first; ties by name so the report never depends on row order."""
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:top]


def _quartiles(ordered: list[float]) -> tuple[float, float, float] | None:
    """Inclusive quartiles of sorted values (None: no values)."""
    if not ordered:
        return None
    if len(ordered) == 1:
        return (ordered[0],) * 3
    q = statistics.quantiles(ordered, n=4, method="inclusive")
    return (q[0], q[1], q[2])


def _distribution(
    name: str, n: int, values: array[float], edges: tuple[float, ...], unit: str
) -> Distribution:
    known = len(values)
    ordered = sorted(values)
    quartiles = _quartiles(ordered)
    mean = statistics.fmean(ordered) if known else None
    bins = []
    for i, (lo, hi) in enumerate(pairwise(edges)):
        last = i == len(edges) - 2
        count = sum(1 for v in ordered if lo <= v < hi or (last and v == hi))
        bins.append((lo, hi, count))
    return Distribution(name, n, known, quartiles, mean, tuple(bins), unit)
