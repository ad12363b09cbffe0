"""Who had a trait, and the source behind each cell (``strive gap --sources``).

A cohort CSV may give a source and a confidence grade per cell (``<trait>_src``,
``<trait>_conf``); this lists the known cells of one trait with both, so a reader can
check every figure against the page it rests on. Sources are returned as the file
gave them: callers print them literally.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from strive.cohort import Cohort
from strive.traits import Kind, Trait, Value


@dataclass(frozen=True)
class SourceCell:
    """One person's known value of a trait, with its grade and sources."""

    name: str
    year: int | None
    value: Any
    """The value as JSON (a list for sets)."""
    value_text: str
    had: bool
    """Yes, a non-empty set, a level above the lowest, a number above 0, any
    category."""
    confidence: str
    """'H', 'M', 'L' or '' (ungraded)."""
    sources: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "year": self.year,
            "value": self.value,
            "value_text": self.value_text,
            "had": self.had,
            "confidence": self.confidence or None,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class TraitSources:
    trait: str
    label: str
    cohort: str
    n: int
    cells: tuple[SourceCell, ...]
    confidence: dict[str, int] | None

    @property
    def known(self) -> int:
        return len(self.cells)

    @property
    def had(self) -> int:
        return sum(c.had for c in self.cells)

    def to_json(self) -> dict[str, Any]:
        return {
            "trait": self.trait,
            "label": self.label,
            "cohort": self.cohort,
            "n": self.n,
            "known": self.known,
            "had": self.had,
            "known_text": f"known for {self.known} of {self.n}",
            "confidence": self.confidence,
            "cells": [c.to_json() for c in self.cells],
        }


def _had(trait: Trait, value: Value) -> bool:
    kind = trait.kind
    if kind is Kind.BOOL:
        return value is True
    if kind is Kind.SET:
        return bool(value)
    if kind is Kind.LEVEL:
        return trait.order_key(value) > 0
    if kind is Kind.NUMBER:
        return float(value) > 0  # type: ignore[arg-type]
    return True


def trait_sources(cohort: Cohort, trait_name: str) -> TraitSources:
    """Every known cell of one trait: those who had it first, then by class, name.

    Raises:
        UnknownTraitError: no such trait; TraitValueError: the cohort lacks it.
    """
    column = cohort.column(trait_name)
    trait = column.trait
    cells = []
    for row in np.flatnonzero(column.known_mask()).tolist():
        value = column.value(row)
        assert value is not None
        year = cohort.years[row]
        source = column.source(row)
        cells.append(
            SourceCell(
                name=cohort.names[row] if cohort.names else f"row {row + 1}",
                year=None if np.isnan(year) else int(year),
                value=trait.to_json(value),
                value_text=trait.format(value),
                had=_had(trait, value),
                confidence=column.grade(row),
                sources=tuple(s.strip() for s in source.split("|") if s.strip()),
            )
        )
    cells.sort(key=lambda c: (not c.had, c.year is None, c.year or 0, c.name))
    return TraitSources(
        trait=trait.name,
        label=trait.title,
        cohort=cohort.description,
        n=cohort.size,
        cells=tuple(cells),
        confidence=column.grade_counts(),
    )
