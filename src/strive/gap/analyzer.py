"""The gap engine: how far you are, and what the selected have that you don't.

:class:`GapAnalyzer` follows scikit-learn's manner: configuration in ``__init__``,
data in :meth:`GapAnalyzer.fit` (the cohort is filtered and summarised once, the
look-alike index and, for labelled cohorts, the model are built), and
:meth:`GapAnalyzer.compare` reads one person against it and returns a
:class:`~strive.gap.report.GapReport`. :func:`analyze_gap` does both in one call.

Sensitive traits are shown (their own row in ``traits``) and never used: they are
not model inputs, not look-alike or coverage traits, cannot filter the cohort, and
produce no gap line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from strive.cohort import Cohort
from strive.conditions import Condition
from strive.evidence import Evidence
from strive.i18n import _
from strive.profile import Profile
from strive.requirements import Status
from strive.template import Template
from strive.traits import Kind, Mutability, Trait, TraitSet, Value

from .coverage import Matcher, compared_traits, coverage, coverage_history
from .lookalikes import LookalikeIndex
from .model import SelectionModel
from .report import (
    COVERAGE_DEFINITION,
    BaseRateLine,
    CohortInfo,
    EvidenceLine,
    GapItem,
    GapReport,
    Headline,
    RequirementLine,
    Support,
    percent,
)
from .stats import (
    TraitSummary,
    cohort_lines,
    condition_key,
    summarize,
    trait_figure,
    wilson,
)

Values = Mapping[str, Value | None]
_ORDER = {"requirement": 0, "cohort": 1, "evidence": 2, "lookalikes": 3}


@dataclass(frozen=True)
class GapLines:
    """The parts of a :class:`GapReport` a caseload row needs (see
    :meth:`GapAnalyzer.lines`): computed by the same code as the report's, without
    the per-trait figures, look-alike details and model probability."""

    requirements: tuple[RequirementLine, ...]
    they_have_you_dont: tuple[GapItem, ...]
    headline: Headline
    matched: npt.NDArray[np.bool_]
    """Per selected row, whether you match or exceed them (coverage's pair test,
    :func:`strive.gap.matching`): reach starts from the same array."""


class GapAnalyzer:
    """Compare people with the selected of one (sub-)cohort.

    >>> gap = GapAnalyzer(k=5, years=(1990, 2000), filters=("military",))
    >>> report = gap.fit(cohort, template=template).compare(values)
    >>> report.headline.value

    Args:
        k: how many look-alikes to show.
        years: keep only classes selected in this (first, last) span; either may be
            None.
        filters: condition texts (``military``, ``degree_field=stem``) each keeping
            only the rows where it holds; sensitive traits cannot be filters.
        model: ``"logistic"`` (default), ``"boosting"`` or None; used only for
            cohorts with outcomes.
        min_share: cohort lines below this share are not listed.
        min_confidence: ``"H"``, ``"M"`` or ``"L"``: in traits whose cells carry
            confidence grades, only cells graded at least this are counted (ungraded
            cells of such a trait are dropped too); ungraded traits are unchanged.
    """

    def __init__(
        self,
        k: int = 5,
        years: tuple[int | None, int | None] | None = None,
        filters: Sequence[str | Condition] = (),
        model: str | None = "logistic",
        min_share: float = 0.1,
        min_confidence: str | None = None,
    ) -> None:
        self.k = k
        self.min_confidence = min_confidence
        self.years = years
        self.filters = filters
        self.model = model
        self.min_share = min_share

    def fit(
        self,
        cohort: Cohort,
        template: Template | None = None,
        evidence: Iterable[Evidence] = (),
        traits: TraitSet | None = None,
    ) -> GapAnalyzer:
        """Filter and summarise the cohort, build the look-alike index and model.

        Raises:
            TraitValueError: a filter or piece of evidence is not a valid condition,
                or a filter names a sensitive trait.
            UnknownTraitError: a filter or piece of evidence names an unknown trait.
            StateError: a labelled cohort has too few of one outcome for the model.
            InputError: the years run backwards, or the years and filters leave no
                one who was selected (nothing to compare with).
        """
        from strive.errors import InputError, TraitValueError

        goal_traits = traits or (template.traits if template else cohort.traits)
        sub = cohort
        if self.years is not None:
            first, last = self.years
            if first is not None and last is not None and first > last:
                raise InputError(
                    _("{first}-{last} runs backwards; write {last}-{first}").format(
                        first=first, last=last
                    ),
                    where="years",
                )
            sub = sub.between(first, last)
        if self.min_confidence is not None:
            try:
                sub = sub.at_least(self.min_confidence)
            except ValueError as exc:
                raise TraitValueError(str(exc)) from None
        for item in self.filters:
            condition = (
                item
                if isinstance(item, Condition)
                else Condition.parse(item, goal_traits)
            )
            if goal_traits[condition.trait].sensitive:
                raise TraitValueError(
                    f"{condition.trait} is sensitive: strive never selects or ranks "
                    "by it, so it cannot filter the cohort"
                )
            sub = sub.matching(condition)
        selected = sub.only_selected()
        if selected.size == 0 and sub is not cohort:
            # Every figure would be over nobody (and the look-alike index cannot be
            # built over zero rows): say which filters emptied it.
            raise InputError(
                _(
                    "no one who was selected is left after {filters}: there is no "
                    "one to compare with; choose other years or conditions"
                ).format(filters=", ".join(sub.filters[len(cohort.filters) :]))
            )
        shown = [t for t in goal_traits if t.name in selected.columns]
        self.traits_ = goal_traits
        self.template_ = template
        self.cohort_ = sub
        self.selected_ = selected
        self.compared_ = compared_traits(selected, goal_traits)
        self.summaries_: dict[str, TraitSummary] = {
            t.name: summarize(selected, t) for t in shown
        }
        self.index_ = LookalikeIndex(self.compared_).fit(selected)
        self.matcher_: Matcher | None = None
        """Built by the first :meth:`lines` call (batch use only)."""
        self.evidence_ = tuple(
            (e, Condition.parse(e.condition, goal_traits)) for e in evidence
        )
        self.model_: SelectionModel | None = None
        if sub.labelled and self.model is not None:
            self.model_ = SelectionModel(self.model).fit(sub, self.compared_)
        return self

    # -- reading one person ---------------------------------------------------------

    def compare(
        self, values: Values | Profile, when: dt.date | None = None
    ) -> GapReport:
        """Your gap against the fitted (sub-)cohort (``values`` or a profile read on
        ``when``)."""
        if isinstance(values, Profile):
            values = values.values(self.traits_, when)
        source = self.selected_.source.name
        lookalikes = self.index_.query(values, self.k) if self.k > 0 else ()
        requirements = self._requirements(values)
        template = self.template_
        target_note = (
            template.cohort.target_note if template and template.cohort else ""
        )
        notes = []
        if target_note:
            notes.append(target_note)
        if self.model_ is None:
            notes.append(
                _(
                    "Comparison only: this dataset holds the selected, not the "
                    "rejected, so no personal probability is given."
                )
            )
        return GapReport(
            cohort=self._cohort_info(target_note),
            requirements=tuple(line for line, _ in requirements),
            traits=tuple(
                trait_figure(
                    self.summaries_[t.name],
                    values.get(t.name),
                    source,
                    display_only=t.sensitive,
                )
                for t in self.traits_
                if t.name in self.summaries_
            ),
            they_have_you_dont=self._items(
                values, requirements, tuple(person.row for person in lookalikes)
            ),
            headline=self.coverage_headline(values),
            lookalikes=lookalikes,
            evidence=self._evidence(values),
            model=None
            if self.model_ is None
            else self.model_.predict(values, target_note),
            base_rates=self._base_rates(),
            mode="labelled" if self.model_ is not None else "comparison",
            as_of=None if when is None else when.isoformat(),
            notes=tuple(notes),
        )

    def lines(self, values: Values) -> GapLines:
        """Requirements, ranked gaps and coverage only, as :meth:`compare` gives them.

        ``strive batch`` needs no more for a caseload row: skipping the per-trait
        figures and, on a labelled cohort, the six model predictions per person
        (scikit-learn's input checks dominate them) makes a row several times
        cheaper. ``tests/gap/test_lines.py`` checks these equal :meth:`compare`'s.
        """
        rows: tuple[int, ...] = ()
        if self.k > 0:
            found, _, _ = self.index_.kneighbors(values, self.k)
            rows = tuple(int(r) for r in found)
        requirements = self._requirements(values)
        if self.matcher_ is None:
            self.matcher_ = Matcher(self.selected_, self.compared_)
        matched = self.matcher_(values)
        # coverage()'s value from the same pair test: the share passing (sums of
        # 0/1 are exact, so the mean is the same float), None for an empty cohort
        # or when nothing compared is known about you.
        told = any(values.get(t.name) is not None for t in self.compared_)
        value = float(matched.mean()) if self.selected_.size and told else None
        return GapLines(
            requirements=tuple(line for line, _ in requirements),
            they_have_you_dont=self._items(values, requirements, rows),
            headline=self._coverage_headline(value),
            matched=matched,
        )

    def coverage_headline(self, values: Values) -> Headline:
        return self._coverage_headline(coverage(self.selected_, self.compared_, values))

    def _coverage_headline(self, value: float | None) -> Headline:
        selected = self.selected_
        if value is None:
            text = _("no one to compare with in this sub-cohort")
        else:
            text = _(
                "you match or exceed {share} of the selected ({have} of {n}) on "
                "every comparable trait"
            ).format(
                share=percent(value), have=round(value * selected.size), n=selected.size
            )
        return Headline(
            name="coverage",
            value=value,
            definition=_(COVERAGE_DEFINITION).format(
                cohort=_("selected in {cohort}").format(cohort=selected.description)
            ),
            n=selected.size,
            text=text,
        )

    def coverage_history(self, profile: Profile) -> list[tuple[dt.date, float | None]]:
        """[(date, coverage)] on every date the profile changed."""
        return coverage_history(profile, self.selected_, TraitSet.of(self.compared_))

    # -- parts ----------------------------------------------------------------------

    def _cohort_info(self, target_note: str) -> CohortInfo:
        sub = self.cohort_
        src = sub.source
        return CohortInfo(
            description=sub.description,
            n=sub.size,
            source=src.name,
            citation=src.citation,
            licence=src.licence,
            filters=sub.filters,
            labelled=sub.labelled,
            selected=self.selected_.size,
            target_note=target_note,
            min_confidence=None
            if self.min_confidence is None
            else self.min_confidence.upper(),
            graded=sub.graded(),
        )

    def _requirements(
        self, values: Values
    ) -> list[tuple[RequirementLine, tuple[Condition, ...]]]:
        template = self.template_
        if template is None:
            return []
        out = []
        for requirement in template.requirements:
            check = requirement.check(self.traits_, values)
            failing: tuple[Condition, ...] = ()
            if check.status is Status.UNMET:
                failing = tuple(
                    c
                    for c in check.alternative
                    if c.evaluate(self.traits_, values) is False
                )
            line = RequirementLine(
                name=requirement.name,
                description=requirement.description,
                status=str(check.status),
                smallest_change=check.smallest_change,
                alternative=tuple(c.text() for c in check.alternative),
                source=requirement.source or template.title,
            )
            out.append((line, failing))
        return out

    def _share(self, condition: Condition) -> tuple[int, int] | None:
        """(have, known) among the selected, or None if the dataset lacks the trait."""
        if condition.trait not in self.selected_.columns:
            return None
        holds = self.selected_.holds(condition)
        known = ~np.isnan(holds)
        return int(np.nansum(holds)), int(np.count_nonzero(known))

    def _dataset_support(self, condition: Condition, text: str) -> Support | None:
        counted = self._share(condition)
        if counted is None:
            return None
        have, known = counted
        share = have / known if known else None
        line = (
            f"{text}: {have} of {known} selected in the dataset "
            f"(known for {known} of {self.selected_.size})"
        )
        return Support(
            "cohort",
            line,
            self.selected_.source.name,
            share,
            have,
            known,
            wilson(have, known),
        )

    def _items(
        self,
        values: Values,
        requirements: list[tuple[RequirementLine, tuple[Condition, ...]]],
        lookalikes: tuple[int, ...],
    ) -> tuple[GapItem, ...]:
        traits = self.traits_
        lines: dict[tuple[str, str], tuple[Condition, list[Support]]] = {}

        def add(key: tuple[str, str], condition: Condition, support: Support) -> None:
            if traits[condition.trait].sensitive:
                return
            if key not in lines:
                lines[key] = (condition, [])
            lines[key][1].append(support)

        for line, failing in requirements:
            for condition in failing:
                trait = traits[condition.trait]
                counted = self._share(condition)
                have, known = counted if counted else (None, None)
                share = have / known if have is not None and known else None
                text = (
                    f"required ({line.name}): "
                    f"{condition.gap_text(trait, values.get(trait.name))}"
                )
                if share is not None:
                    text += (
                        f"; {percent(share)} of the selected met it ({have} of {known})"
                    )
                add(
                    condition_key(condition),
                    condition,
                    Support(
                        "requirement",
                        text,
                        line.source,
                        share,
                        have,
                        known,
                        None if known is None else wilson(have or 0, known),
                    ),
                )
        source = self.selected_.source.name
        for name, summary in self.summaries_.items():
            for key, condition, support in cohort_lines(
                summary, values.get(name), source, self.min_share
            ):
                add(key, condition, support)
        for evidence, condition in self.evidence_:
            if condition.evaluate(traits, values) is not False:
                continue
            add(
                condition_key(condition),
                condition,
                _evidence_support(evidence, condition),
            )
        self._lookalike_lines(values, lookalikes, add)
        items = [
            GapItem(
                trait=condition.trait,
                condition=condition.text(),
                support=tuple(sorted(supports, key=lambda s: _ORDER[s.kind])),
                actionable=self._actionable(condition.trait),
            )
            for condition, supports in lines.values()
        ]
        return tuple(sorted(items, key=_rank_key))

    def _actionable(self, trait: str) -> bool:
        """Not fixed, and (with a template) some catalogued action changes it, or
        one of its ``[[continuous]]`` actions (which add any amount to a number)."""
        if self.traits_[trait].mutability is Mutability.FIXED:
            return False
        if self.template_ is None:
            return True
        return any(c.trait == trait for c in self.template_.continuous) or any(
            effect.trait == trait
            for action in self.template_.catalogue
            for effect in action.effects
        )

    def _lookalike_lines(
        self, values: Values, lookalikes: tuple[int, ...], add: Any
    ) -> None:
        """Gap lines from the look-alikes' rows (nearest first)."""
        if not lookalikes:
            return
        found: dict[tuple[str, str], list[Condition]] = {}
        for row in lookalikes:
            seen = set()
            for condition in self.index_.had(row, values):
                key = condition_key(condition)
                if key not in seen:
                    seen.add(key)
                    found.setdefault(key, []).append(condition)
        k = len(lookalikes)
        for key, conditions in found.items():
            trait = self.traits_[key[0]]
            ordered = sorted(conditions, key=lambda c: _order_value(trait, c))
            middle = ordered[(len(ordered) - 1) // 2]
            count = len(conditions)
            what = "it" if len(ordered) == 1 else f"it (e.g. {middle.text()})"
            text = f"{count} of your {k} closest look-alikes had {what}"
            if trait.kind in (Kind.NUMBER, Kind.LEVEL):
                text = f"{count} of your {k} closest look-alikes had more {trait.title}"
            add(
                key,
                middle,
                Support(
                    "lookalikes", text, self.selected_.source.name, count / k, count, k
                ),
            )

    def _evidence(self, values: Values) -> tuple[EvidenceLine, ...]:
        out = []
        for evidence, condition in self.evidence_:
            trait = self.traits_[condition.trait]
            share = evidence.share
            out.append(
                EvidenceLine(
                    condition=condition.text(),
                    source=evidence.source,
                    have=evidence.have,
                    of=evidence.of,
                    share=share,
                    interval=None
                    if evidence.of is None
                    else wilson(evidence.have or 0, evidence.of),
                    you=None
                    if trait.sensitive
                    else condition.evaluate(self.traits_, values),
                    note=evidence.note,
                    dataset=self._dataset_support(condition, condition.text()),
                )
            )
        return tuple(out)

    def _base_rates(self) -> tuple[BaseRateLine, ...]:
        if self.template_ is None:
            return ()
        return tuple(
            BaseRateLine(b.cycle, b.applicants, b.selected, b.source, b.note)
            for b in self.template_.base_rates
        )


def analyze_gap(
    template: Template,
    cohort: Cohort,
    values: Values,
    evidence: Iterable[Evidence] = (),
    *,
    traits: TraitSet | None = None,
    k: int = 5,
    years: tuple[int | None, int | None] | None = None,
    filters: Sequence[str | Condition] = (),
    model: str | None = "logistic",
    min_confidence: str | None = None,
) -> GapReport:
    """One call: fit a :class:`GapAnalyzer` on ``cohort`` and compare ``values``."""
    analyzer = GapAnalyzer(
        k=k, years=years, filters=filters, model=model, min_confidence=min_confidence
    )
    analyzer.fit(cohort, template=template, evidence=evidence, traits=traits)
    return analyzer.compare(values)


def _evidence_support(evidence: Evidence, condition: Condition) -> Support:
    if evidence.have is None or evidence.of is None:
        text = f"evidence: the selected had {condition.text()} ({evidence.source})"
        return Support("evidence", text, evidence.source)
    text = (
        f"evidence: {evidence.have} of {evidence.of} selected had {condition.text()} "
        f"({evidence.source})"
    )
    return Support(
        "evidence",
        text,
        evidence.source,
        evidence.have / evidence.of,
        evidence.have,
        evidence.of,
        wilson(evidence.have, evidence.of),
    )


def _order_value(trait: Trait, condition: Condition) -> float:
    value = condition.value
    if trait.ordered and not isinstance(value, tuple):
        return trait.order_key(value)
    return 0.0


def _rank_key(item: GapItem) -> tuple[int, float, int, str, str]:
    """Requirements first, then the highest share among an item's figures."""
    has_requirement = any(s.kind == "requirement" for s in item.support)
    shares = [s.share for s in item.support if s.share is not None]
    best = max(shares) if shares else 0.0
    weight = max((s.of or 0) for s in item.support)
    return (0 if has_requirement else 1, -best, -weight, item.trait, item.condition)
