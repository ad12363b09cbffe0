"""The gap report: plain frozen records and their public JSON shape.

Every figure carries the count it rests on (``n``: the denominator of a share, i.e.
the people whose value is known), its ``source`` and, for shares, a 95% interval.
``GapReport.to_json()`` is the document ``strive gap --json`` prints.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from strive.i18n import N_, _

Interval = tuple[float, float]

COVERAGE_DEFINITION = N_(
    "Coverage: the share of the {cohort} whose every comparable, non-sensitive trait "
    "you already match or exceed (yes beats no, more beats less, a set must include "
    "theirs, a category must be equal); fixed traits such as age only need to fall "
    "inside the range observed in that group; a trait unknown for you or for them is "
    "skipped for that pair."
)
REACH_DEFINITION = (
    "Reach: not computed yet (planned: coverage after the planned route)."
)
INTERVAL_NOTE = (
    "Shares and percentiles carry a 95% Wilson score interval over the people whose "
    "value is known."
)
CONFIDENCE_NOTE = (
    "confidence: of the known values, how many rest on each grade (H: stated plainly, "
    "before selection; M: stated, timing unclear; L: indirect; ungraded); null where "
    "the cohort grades no cell of that trait."
)


def _num(value: float | None, places: int = 4) -> float | None:
    if value is None or math.isnan(value):
        return None
    return round(float(value), places)


def _interval(interval: Interval | None) -> list[float | None] | None:
    if interval is None:
        return None
    return [_num(interval[0]), _num(interval[1])]


def percent(share: float) -> str:
    """A share as people read it: '81%', '<1%', '100%'."""
    if 0 < share < 0.005:
        return "<1%"
    if 0.995 <= share < 1:
        return ">99%"
    return f"{share * 100:.0f}%"


@dataclass(frozen=True)
class CohortInfo:
    description: str
    n: int
    source: str
    citation: str
    licence: str
    filters: tuple[str, ...]
    labelled: bool
    selected: int
    target_note: str = ""
    min_confidence: str | None = None
    graded: tuple[str, ...] = ()
    """Traits whose cells carry confidence grades (the ones --min-confidence
    restricts)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "n": self.n,
            "selected": self.selected,
            "source": self.source,
            "citation": self.citation,
            "licence": self.licence,
            "filters": list(self.filters),
            "labelled": self.labelled,
            "target_note": self.target_note or None,
            "min_confidence": self.min_confidence,
            "graded_traits": list(self.graded),
        }


@dataclass(frozen=True)
class RequirementLine:
    name: str
    description: str
    status: str
    """``met``, ``unmet`` or ``unknown`` (a missing value is unknown, not false)."""
    smallest_change: tuple[str, ...]
    alternative: tuple[str, ...]
    """Condition texts of the alternative that holds, or of the closest one."""
    source: str

    @property
    def met(self) -> bool:
        return self.status == "met"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "met": self.met,
            "status": self.status,
            "smallest_change": list(self.smallest_change),
            "alternative": list(self.alternative),
            "source": self.source,
        }


@dataclass(frozen=True)
class MemberFigure:
    """One member of a set trait (e.g. ``russian`` in languages)."""

    member: str
    have: int
    share: float
    interval: Interval
    you: bool | None
    confidence: dict[str, int] | None = None
    """Of ``have``: how many cells rest on each grade (H, M, L, ungraded)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "member": self.member,
            "have": self.have,
            "share": _num(self.share),
            "interval": _interval(self.interval),
            "you": self.you,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class TraitFigure:
    """You against the selected on one trait.

    ``share`` (bool: share with yes; category: share with your category; set: share
    whose set yours includes) or ``percentile`` (number, level: share at or below
    you) and ``quartiles``; ``known`` of ``n`` had a value.
    """

    trait: str
    label: str
    kind: str
    sensitive: bool
    you: Any
    you_text: str
    n: int
    known: int
    source: str
    confidence: dict[str, int] | None = None
    """Of ``known``: how many values rest on each grade (H, M, L, ungraded); None
    when the cohort gives no grades for this trait."""
    share: float | None = None
    percentile: float | None = None
    quartiles: tuple[Any, ...] | None = None
    interval: Interval | None = None
    members: tuple[MemberFigure, ...] = ()
    top: tuple[tuple[str, float], ...] = ()
    text: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "trait": self.trait,
            "label": self.label,
            "kind": self.kind,
            "sensitive": self.sensitive,
            "you": self.you,
            "n": self.n,
            "known": self.known,
            "known_text": _("known for {known} of {n}{grades}").format(
                known=self.known, n=self.n, grades=""
            ),
            "confidence": self.confidence,
            "source": self.source,
            "share": _num(self.share),
            "percentile": _num(self.percentile),
            "quartiles": None if self.quartiles is None else list(self.quartiles),
            "interval": _interval(self.interval),
            "text": self.text,
        }
        if self.members:
            out["members"] = [m.to_json() for m in self.members]
        if self.top:
            out["top"] = [{"value": v, "share": _num(s)} for v, s in self.top]
        return out


@dataclass(frozen=True)
class Support:
    """One figure behind a gap line; each keeps its own count and source."""

    kind: str
    """``requirement``, ``cohort``, ``evidence`` or ``lookalikes``."""
    text: str
    source: str
    share: float | None = None
    have: int | None = None
    of: int | None = None
    interval: Interval | None = None
    confidence: dict[str, int] | None = None
    """Of ``of`` (the known values): how many rest on each grade; None: ungraded."""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "source": self.source,
            "share": _num(self.share),
            "have": self.have,
            "of": self.of,
            "interval": _interval(self.interval),
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class GapItem:
    """One thing the selected have that you don't, with every figure behind it.

    ``condition`` is a :class:`strive.conditions.Condition` text the route planner can
    target; the first support is the primary figure (``share``, ``n``, ``source``).
    """

    trait: str
    condition: str
    support: tuple[Support, ...]
    actionable: bool = True

    @property
    def primary(self) -> Support:
        return self.support[0]

    @property
    def kind(self) -> str:
        """The primary figure's kind (``requirement``, ``cohort``, ...)."""
        return self.primary.kind

    @property
    def reason(self) -> str:
        return "; ".join(s.text for s in self.support)

    def to_json(self, rank: int) -> dict[str, Any]:
        primary = self.primary
        return {
            "rank": rank,
            "trait": self.trait,
            "condition": self.condition,
            "kind": primary.kind,
            "share": _num(primary.share),
            "n": primary.of,
            "source": primary.source,
            "interval": _interval(primary.interval),
            "confidence": primary.confidence,
            "reason": self.reason,
            "actionable": self.actionable,
            "support": [s.to_json() for s in self.support],
        }


@dataclass(frozen=True)
class Lookalike:
    """One of the selected people most like you, and what they had that you lack."""

    row: int
    name: str
    year: float | None
    distance: float
    compared: int
    """How many traits were known on both sides (the others were ignored)."""
    had: tuple[str, ...]
    """Condition texts they met that you do not."""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "year": None if self.year is None else int(self.year),
            "distance": _num(self.distance),
            "similarity": _num(1.0 - self.distance),
            "compared": self.compared,
            "had_you_lack": list(self.had),
        }


@dataclass(frozen=True)
class EvidenceLine:
    condition: str
    source: str
    have: int | None
    of: int | None
    share: float | None
    interval: Interval | None
    you: bool | None
    """Whether the condition holds for you (None: unknown, or a sensitive trait)."""
    note: str
    dataset: Support | None
    """The same condition counted in the dataset, kept apart from the evidence."""

    def to_json(self) -> dict[str, Any]:
        return {
            "condition": self.condition,
            "source": self.source,
            "have": self.have,
            "of": self.of,
            "share": _num(self.share),
            "interval": _interval(self.interval),
            "you": self.you,
            "note": self.note,
            "dataset": None if self.dataset is None else self.dataset.to_json(),
        }


@dataclass(frozen=True)
class Contribution:
    trait: str
    value: float
    """Change in log-odds (logistic) or in probability (gradient boosting)."""
    imputed: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "trait": self.trait,
            "value": _num(self.value),
            "imputed": self.imputed,
        }


@dataclass(frozen=True)
class ModelResult:
    """A labelled cohort's fitted model, read for one person."""

    kind: str
    probability: float
    interval: Interval
    interval_method: str
    cv_auc: float
    cv_brier: float
    folds: int
    n: int
    positives: int
    features: tuple[str, ...]
    contributions: tuple[Contribution, ...]
    contribution_method: str
    target_note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "probability": _num(self.probability),
            "interval": _interval(self.interval),
            "interval_method": self.interval_method,
            "cv_auc": _num(self.cv_auc),
            "cv_brier": _num(self.cv_brier),
            "folds": self.folds,
            "n": self.n,
            "positives": self.positives,
            "features": list(self.features),
            "contributions": [c.to_json() for c in self.contributions],
            "contribution_method": self.contribution_method,
            "target_note": self.target_note or None,
        }


@dataclass(frozen=True)
class BaseRateLine:
    """Applicants and selected in one cycle: context, never a personal chance."""

    cycle: str
    applicants: int | None
    selected: int
    source: str
    note: str

    @property
    def text(self) -> str:
        if self.applicants is None:
            return f"in {self.cycle}, {self.selected} were selected"
        return (
            f"in {self.cycle}, {self.selected:,} of {self.applicants:,} applicants "
            "were selected"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "cycle": self.cycle,
            "applicants": self.applicants,
            "selected": self.selected,
            "source": self.source,
            "note": self.note,
            "text": self.text,
        }


@dataclass(frozen=True)
class Headline:
    name: str
    value: float | None
    definition: str
    n: int = 0
    text: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": _num(self.value),
            "definition": self.definition,
            "n": self.n,
            "text": self.text,
        }


@dataclass(frozen=True)
class GapReport:
    """Everything the gap engine found for one person against one (sub-)cohort."""

    cohort: CohortInfo
    requirements: tuple[RequirementLine, ...]
    traits: tuple[TraitFigure, ...]
    they_have_you_dont: tuple[GapItem, ...]
    headline: Headline
    lookalikes: tuple[Lookalike, ...]
    evidence: tuple[EvidenceLine, ...]
    model: ModelResult | None
    base_rates: tuple[BaseRateLine, ...]
    mode: str = "comparison"
    as_of: str | None = None
    reach: Headline | None = None
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The public ``strive gap --json`` document (a JSON-ready dict)."""
        return {
            "mode": self.mode,
            "as_of": self.as_of,
            "cohort": self.cohort.to_json(),
            "headline": self.headline.to_json(),
            "reach": None if self.reach is None else self.reach.to_json(),
            "requirements": [r.to_json() for r in self.requirements],
            "traits": [t.to_json() for t in self.traits],
            "they_have_you_dont": [
                item.to_json(rank)
                for rank, item in enumerate(self.they_have_you_dont, start=1)
            ],
            "lookalikes": [lk.to_json() for lk in self.lookalikes],
            "evidence": [e.to_json() for e in self.evidence],
            "model": None if self.model is None else self.model.to_json(),
            "base_rates": [b.to_json() for b in self.base_rates],
            "notes": list(self.notes),
            "intervals": INTERVAL_NOTE,
            "confidence": CONFIDENCE_NOTE,
        }
