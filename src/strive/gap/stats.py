"""Per-trait statistics of the selected: shares, percentiles, quartiles, intervals.

A :class:`TraitSummary` is computed once per trait and (sub-)cohort (O(n), no sort),
so reading it for a person is cheap. Missing values are never counted as "no": every
share is over the people whose value is known, and says how many that was.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from strive.cohort import Cohort, Column
from strive.conditions import Condition
from strive.i18n import _
from strive.traits import Kind, Mutability, Trait, Value, format_number

from .report import Interval, MemberFigure, Support, TraitFigure, percent

FloatArray = npt.NDArray[np.float64]
Z95 = 1.959963984540054


def wilson(have: int, of: int, z: float = Z95) -> Interval:
    """The Wilson score interval for ``have`` of ``of`` (95% by default).

    With no observations the interval is the whole of [0, 1].
    """
    if of <= 0:
        return (0.0, 1.0)
    p = have / of
    z2 = z * z
    denom = 1.0 + z2 / of
    centre = (p + z2 / (2 * of)) / denom
    half = z * math.sqrt(p * (1 - p) / of + z2 / (4 * of * of)) / denom
    low = 0.0 if have <= 0 else max(0.0, centre - half)
    high = 1.0 if have >= of else min(1.0, centre + half)
    return (low, high)


@dataclass(frozen=True)
class TraitSummary:
    """One trait over one cohort, computed once (see :func:`summarize`)."""

    trait: Trait
    column: Column
    n: int
    known: int
    values: FloatArray = field(repr=False)
    """Known values for bool, number and level traits (unsorted)."""
    quartiles: tuple[float, float, float] | None = None
    low: float | None = None
    high: float | None = None
    counts: tuple[tuple[str, int], ...] = ()
    """Category or set-member counts among the known, most common first."""
    grades: dict[str, int] | None = None
    """Known values per confidence grade (H, M, L, ungraded); None: not graded."""

    def count_at_most(self, key: float) -> int:
        return int(np.count_nonzero(self.values <= key))

    def count_at_least(self, key: float) -> int:
        return int(np.count_nonzero(self.values >= key))


def summarize(cohort: Cohort, trait: Trait) -> TraitSummary:
    column = cohort.column(trait.name)
    known_mask = column.known_mask()
    known = int(np.count_nonzero(known_mask))
    kind = trait.kind
    if kind in (Kind.BOOL, Kind.NUMBER, Kind.LEVEL):
        values = np.asarray(column.data[known_mask], dtype=np.float64)
        quartiles = None
        low = high = None
        if known:
            if kind is Kind.NUMBER:
                q = np.percentile(values, [25.0, 50.0, 75.0]).tolist()
            else:
                # Discrete codes: numpy's "inverted_cdf" quartiles from a count, O(n).
                cumulative = np.cumsum(np.bincount(values.astype(np.int64)))
                q = np.searchsorted(
                    cumulative, [0.25 * known, 0.5 * known, 0.75 * known]
                )
                q = q.astype(np.float64).tolist()
            quartiles = (float(q[0]), float(q[1]), float(q[2]))
            low, high = float(values.min()), float(values.max())
        return TraitSummary(
            trait,
            column,
            cohort.size,
            known,
            values,
            quartiles,
            low,
            high,
            grades=column.grade_counts(),
        )
    empty = np.empty(0, dtype=np.float64)
    if kind is Kind.CATEGORY:
        codes = column.data[known_mask]
        tally: list[int] = (
            np.bincount(codes, minlength=len(column.labels)).tolist() if known else []
        )
    else:
        tally = column.data[known_mask].sum(axis=0).tolist() if known else []
    counts = sorted(
        ((label, int(c)) for label, c in zip(column.labels, tally, strict=False) if c),
        key=lambda lc: (-lc[1], lc[0]),
    )
    return TraitSummary(
        trait,
        column,
        cohort.size,
        known,
        empty,
        counts=tuple(counts),
        grades=column.grade_counts(),
    )


def member_grades(summary: TraitSummary, member: str) -> dict[str, int] | None:
    """For a set trait: the known cells holding ``member``, per confidence grade."""
    column = summary.column
    if column.conf is None or member not in column.labels:
        return None
    has = np.asarray(column.data[:, column.labels.index(member)], dtype=bool)
    return column.grade_counts(has)


def trait_figure(
    summary: TraitSummary, value: Value | None, source: str, *, display_only: bool
) -> TraitFigure:
    """You against the summary. ``display_only`` (sensitive traits): no comparison."""
    trait = summary.trait
    base: dict[str, Any] = {
        "trait": trait.name,
        "label": trait.title,
        "kind": str(trait.kind),
        "sensitive": trait.sensitive,
        "you": trait.to_json(value),
        "you_text": trait.format(value),
        "n": summary.n,
        "known": summary.known,
        "source": source,
        "confidence": summary.grades,
    }
    known = summary.known
    kind = trait.kind
    if kind is Kind.BOOL:
        have = summary.count_at_least(1.0)
        share = have / known if known else None
        text = (
            _("{share} of the selected had {trait}").format(
                share=percent(share), trait=trait.title
            )
            if share is not None
            else _("{trait}: not known for anyone").format(trait=trait.title)
        )
        return TraitFigure(**base, share=share, interval=wilson(have, known), text=text)
    if kind in (Kind.NUMBER, Kind.LEVEL):
        quartiles = summary.quartiles
        shown_q = (
            None if quartiles is None else tuple(_decode(trait, q) for q in quartiles)
        )
        if value is None or display_only or not known:
            text = _("quartiles of the selected: {quartiles}").format(
                quartiles=_quartile_text(trait, quartiles)
            )
            return TraitFigure(**base, quartiles=shown_q, text=text)
        below = summary.count_at_most(trait.order_key(value))
        pct = below / known
        text = _(
            "you are at or above {share} of the selected (quartiles {quartiles})"
        ).format(share=percent(pct), quartiles=_quartile_text(trait, quartiles))
        return TraitFigure(
            **base,
            percentile=pct,
            quartiles=shown_q,
            interval=wilson(below, known),
            text=text,
        )
    top = tuple((label, count / known) for label, count in summary.counts[:5])
    if kind is Kind.CATEGORY:
        if value is None or display_only:
            return TraitFigure(**base, top=top, text=_top_text(top, trait))
        have = dict(summary.counts).get(str(value), 0)
        share = have / known if known else None
        text = _("{share} of the selected were also {value}").format(
            share=percent(share or 0.0), value=trait.format(value)
        )
        return TraitFigure(
            **base, share=share, interval=wilson(have, known), top=top, text=text
        )
    mine = value if isinstance(value, frozenset) else None
    members = tuple(
        MemberFigure(
            member=label,
            have=count,
            share=count / known,
            interval=wilson(count, known),
            you=None if mine is None or display_only else label in mine,
            confidence=member_grades(summary, label),
        )
        for label, count in summary.counts
    )
    if mine is None or display_only or not known:
        return TraitFigure(**base, members=members, text=_top_text(top, trait))
    column = summary.column
    lack = np.array([label not in mine for label in column.labels], dtype=bool)
    rows = column.data[column.known_mask()]
    included = (
        int(np.count_nonzero(~(rows[:, lack]).any(axis=1))) if lack.any() else known
    )
    share = included / known
    text = _("your {trait} include all of theirs for {share} of the selected").format(
        trait=trait.title, share=percent(share)
    )
    return TraitFigure(
        **base,
        share=share,
        interval=wilson(included, known),
        members=members,
        text=text,
    )


def cohort_lines(
    summary: TraitSummary, value: Value | None, source: str, min_share: float
) -> list[tuple[tuple[str, str], Condition, Support]]:
    """What the selected have on this trait that you don't, as (key, condition, figure).

    Only for traits you could change (not fixed, not sensitive) and known for you:
    yes/no traits you lack, set members you lack, the most common category if it is
    not yours, and the median for numbers and levels when you are below it.
    """
    trait = summary.trait
    known = summary.known
    if (
        value is None
        or not known
        or trait.sensitive
        or trait.mutability is Mutability.FIXED
    ):
        return []
    name = trait.name
    kind = trait.kind
    out: list[tuple[tuple[str, str], Condition, Support]] = []
    of_text = _("known for {known} of {n}{grades}").format(
        known=known, n=summary.n, grades=grade_text(summary.grades)
    )
    if kind is Kind.BOOL:
        have = summary.count_at_least(1.0)
        if value is False and have / known >= min_share:
            text = _(
                "{share} of the selected had {trait} ({have} of {known}, {of_text}); "
                "you don't"
            ).format(
                share=percent(have / known),
                trait=trait.title,
                have=have,
                known=known,
                of_text=of_text,
            )
            support = Support(
                "cohort", text, source, have / known, have, known, wilson(have, known)
            )
            out.append(((name, ""), Condition(name, "is", True), support))
    elif kind in (Kind.NUMBER, Kind.LEVEL):
        assert summary.quartiles is not None
        median = summary.quartiles[1]
        mine = trait.order_key(value)
        if mine < median:
            have = summary.count_at_least(median)
            target = _decode(trait, median)
            condition = Condition(name, ">=", target)
            shown = trait.format(target)
            text = _(
                "{share} of the selected had at least {shown} (the median, "
                "{of_text}); you have {value}"
            ).format(
                share=percent(have / known),
                shown=shown,
                of_text=of_text,
                value=trait.format(value),
            )
            support = Support(
                "cohort", text, source, have / known, have, known, wilson(have, known)
            )
            out.append(((name, ""), condition, support))
    elif kind is Kind.CATEGORY:
        if summary.counts:
            label, have = summary.counts[0]
            if label != value and have / known >= min_share:
                text = _(
                    "{share} of the selected were {label} ({have} of {known}, "
                    "{of_text}); you are {value}"
                ).format(
                    share=percent(have / known),
                    label=label,
                    have=have,
                    known=known,
                    of_text=of_text,
                    value=value,
                )
                support = Support(
                    "cohort",
                    text,
                    source,
                    have / known,
                    have,
                    known,
                    wilson(have, known),
                )
                out.append(((name, label), Condition(name, "=", label), support))
    else:
        assert isinstance(value, frozenset)
        for label, have in summary.counts:
            if label in value or have / known < min_share:
                continue
            text = _(
                "{share} of the selected had {label} in {trait} ({have} of {known}, "
                "{of_text}); you don't"
            ).format(
                share=percent(have / known),
                label=label,
                trait=trait.title,
                have=have,
                known=known,
                of_text=of_text,
            )
            support = Support(
                "cohort", text, source, have / known, have, known, wilson(have, known)
            )
            out.append(((name, label), Condition(name, "has", label), support))
    if summary.grades is None:
        return out
    return [(k, c, replace(s, confidence=summary.grades)) for k, c, s in out]


def grade_text(grades: dict[str, int] | None) -> str:
    """', of which H 3, M 2, L 1' (non-zero grades only); '' when not graded."""
    if not grades:
        return ""
    parts = [
        f"{_('ungraded') if g == 'ungraded' else g} {n}" for g, n in grades.items() if n
    ]
    return _("; graded {grades}").format(grades=", ".join(parts)) if parts else ""


def condition_key(condition: Condition) -> tuple[str, str]:
    """Lines about the same thing merge on this key (trait, member or category)."""
    if condition.op in ("has", "=") and isinstance(condition.value, str):
        return (condition.trait, condition.value)
    return (condition.trait, "")


def _decode(trait: Trait, key: float) -> Value:
    if trait.kind is Kind.LEVEL:
        return trait.levels[round(key)]
    if trait.kind is Kind.BOOL:
        return key >= 0.5
    return float(key)


def _quartile_text(trait: Trait, quartiles: tuple[float, float, float] | None) -> str:
    if quartiles is None:
        return _("none known")
    shown = [_decode(trait, q) for q in quartiles]
    if trait.kind is Kind.NUMBER:
        unit = f" {trait.unit_text}" if trait.unit else ""
        return " / ".join(format_number(float(s)) for s in shown) + unit  # type: ignore[arg-type]
    return " / ".join(trait.format(s) for s in shown)


def _top_text(top: tuple[tuple[str, float], ...], trait: Trait) -> str:
    if not top:
        return _("not known for anyone")
    return _("most common: {values}").format(
        values=", ".join(f"{trait.value_text(label)} {percent(s)}" for label, s in top)
    )
