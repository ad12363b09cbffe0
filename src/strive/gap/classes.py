"""Strategic review support: a newly announced class against you and earlier classes.

After a rejection, import the class that was selected instead (a :class:`Cohort`) and
ask how it differs from the classes before it, and what it had that you don't.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from strive.cohort import BoolArray, Cohort, Column
from strive.traits import Kind, TraitSet, Value

from .coverage import compared_traits, coverage
from .report import Support, _num, percent
from .stats import TraitSummary, _decode, cohort_lines, summarize


@dataclass(frozen=True)
class ClassRow:
    """One trait (or set member) in the new class against the earlier classes.

    ``figure`` is ``share`` (yes/no, a category, a set member) or ``median``
    (numbers and levels; the median of a level is shown as its name).
    """

    trait: str
    member: str
    figure: str
    new: Any
    earlier: Any
    new_known: int
    earlier_known: int
    change: float | None
    text: str
    confidence: dict[str, int] | None = None
    """The new class's cells behind ``new`` per grade (for a share: those who had
    it); None when the new class grades no cell of this trait."""
    sources: tuple[str, ...] = ()
    """The distinct sources of those cells in the new class (your own research)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "trait": self.trait,
            "member": self.member or None,
            "figure": self.figure,
            "new": _num(self.new) if isinstance(self.new, float) else self.new,
            "earlier": _num(self.earlier)
            if isinstance(self.earlier, float)
            else self.earlier,
            "new_known": self.new_known,
            "earlier_known": self.earlier_known,
            "change": _num(self.change),
            "text": self.text,
            "confidence": self.confidence,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class ClassComparison:
    new_description: str
    earlier_description: str
    rows: tuple[ClassRow, ...]
    they_have_you_dont: tuple[tuple[str, Support], ...]
    """(condition, figure) lines from the new class only."""
    coverage_new: float | None
    coverage_earlier: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "new": self.new_description,
            "earlier": self.earlier_description,
            "rows": [r.to_json() for r in self.rows],
            "they_have_you_dont": [
                {"condition": c, **s.to_json()} for c, s in self.they_have_you_dont
            ],
            "lines": [r.text for r in self.rows]
            + [f"new class: {s.text}" for _, s in self.they_have_you_dont],
            "coverage_new": _num(self.coverage_new),
            "coverage_earlier": _num(self.coverage_earlier),
        }


def compare_classes(
    new: Cohort,
    earlier: Cohort,
    values: Mapping[str, Value | None],
    traits: TraitSet,
    *,
    min_share: float = 0.1,
) -> ClassComparison:
    """Per comparable trait: the new class's share or median against the earlier
    classes', what the new class had that you don't, and your coverage of each."""
    used = [t for t in compared_traits(new, traits) if t.name in earlier.columns]
    rows: list[ClassRow] = []
    lines: list[tuple[str, Support]] = []
    for trait in used:
        a, b = summarize(new, trait), summarize(earlier, trait)
        rows.extend(
            _with_provenance(row, new.column(trait.name)) for row in _rows(a, b)
        )
        for _, condition, support in cohort_lines(
            a, values.get(trait.name), new.source.name, min_share
        ):
            lines.append((condition.text(), support))
    lines.sort(key=lambda cs: (-(cs[1].share or 0.0), cs[0]))
    return ClassComparison(
        new_description=new.description,
        earlier_description=earlier.description,
        rows=tuple(rows),
        they_have_you_dont=tuple(lines),
        coverage_new=coverage(new, used, values),
        coverage_earlier=coverage(earlier, used, values),
    )


def _rows(new: TraitSummary, old: TraitSummary) -> list[ClassRow]:
    trait = new.trait
    name = trait.name
    if trait.kind is Kind.BOOL:
        a = _share(new.count_at_least(1.0), new.known)
        b = _share(old.count_at_least(1.0), old.known)
        return [_share_row(name, "", trait.title, a, b, new.known, old.known)]
    if trait.kind in (Kind.NUMBER, Kind.LEVEL):
        qa, qb = new.quartiles, old.quartiles
        ma = None if qa is None else _decode(trait, qa[1])
        mb = None if qb is None else _decode(trait, qb[1])
        change = None if qa is None or qb is None else qa[1] - qb[1]
        text = (
            f"median {trait.title}: {trait.format(ma)} in the new class, "
            f"{trait.format(mb)} before"
        )
        return [
            ClassRow(
                name,
                "",
                "median",
                trait.to_json(ma),
                trait.to_json(mb),
                new.known,
                old.known,
                change,
                text,
            )
        ]
    a_counts, b_counts = dict(new.counts), dict(old.counts)
    labels = sorted(set(a_counts) | set(b_counts))
    return [
        _share_row(
            name,
            label,
            f"{label} ({trait.title})",
            _share(a_counts.get(label, 0), new.known),
            _share(b_counts.get(label, 0), old.known),
            new.known,
            old.known,
        )
        for label in labels
    ]


def _with_provenance(row: ClassRow, column: Column) -> ClassRow:
    """The row with the grades and sources of the new class's cells behind it."""
    if column.conf is None and column.sources is None:
        return row
    held = _held(column, row)
    sources: list[str] = []
    if column.sources is not None:
        for i in np.flatnonzero(held):
            for part in column.sources[int(i)].split("|"):
                text = part.strip()
                if text and text not in sources:
                    sources.append(text)
    return replace(row, confidence=column.grade_counts(held), sources=tuple(sources))


def _held(column: Column, row: ClassRow) -> BoolArray:
    """Known cells behind a row: for a share, those with the value; else all."""
    known = column.known_mask()
    kind = column.trait.kind
    if kind is Kind.BOOL:
        return np.asarray(known & (np.nan_to_num(column.data) >= 0.5))
    if kind in (Kind.CATEGORY, Kind.SET) and row.member:
        if row.member not in column.labels:
            return np.zeros(column.data.shape[0], dtype=bool)  # nobody had it
        index = column.labels.index(row.member)
        if kind is Kind.CATEGORY:
            return np.asarray(column.data == index)
        return np.asarray(known & column.data[:, index].astype(bool))
    return known


def _share(have: int, known: int) -> float | None:
    return have / known if known else None


def _share_row(
    name: str,
    member: str,
    what: str,
    a: float | None,
    b: float | None,
    a_known: int,
    b_known: int,
) -> ClassRow:
    shown_a = "unknown" if a is None else percent(a)
    shown_b = "unknown" if b is None else percent(b)
    return ClassRow(
        name,
        member,
        "share",
        a,
        b,
        a_known,
        b_known,
        None if a is None or b is None else a - b,
        f"{what}: {shown_a} of the new class (known for {a_known}), "
        f"{shown_b} before (known for {b_known})",
    )


compare_new_class = compare_classes
"""The name the strategic review uses (same function)."""
