"""Cohorts: the people who were selected (and, where data exists, who were not).

A cohort is stored by column in NumPy arrays, so that statistics over a million
profiles are vectorised. Each trait gets one *encoded* column:

=============  ==============================================================
kind           encoding
=============  ==============================================================
bool           float64: 1.0 yes, 0.0 no, NaN unknown
number         float64, NaN unknown
level          float64 level index (0 = lowest), NaN unknown
category       int32 code into :attr:`Column.labels`, -1 unknown
set            bool matrix (rows x members in :attr:`Column.labels`), with a
               separate ``known`` vector
=============  ==============================================================

A column may also carry cell-level provenance, read from a cohort CSV's optional
``<trait>_conf`` and ``<trait>_src`` columns: ``conf`` is an int8 grade per row
(:data:`GRADES`: 0 ungraded, 1 L, 2 M, 3 H) and ``sources`` one string per row (empty:
no source). Both are None when the file has no such column, so a cohort without
provenance costs nothing extra.

Every cohort carries its :class:`CohortSource` (dataset, citation, licence, size) and
a human description of the filters applied, so every figure can name its n and source.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from strive.conditions import Condition
from strive.errors import DataImportError, TraitValueError
from strive.i18n import _
from strive.traits import Kind, Trait, TraitSet, Value

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
GradeArray = npt.NDArray[np.int8]

GRADES: tuple[str, ...] = ("", "L", "M", "H")
"""Confidence grades by code: 0 ungraded, 1 L (indirect), 2 M (stated, timing
unclear), 3 H (stated plainly, before selection)."""


def grade_code(grade: str) -> int:
    """'H' -> 3, 'M' -> 2, 'L' -> 1 (case-insensitive); raises ValueError otherwise."""
    text = grade.strip().upper()
    code = GRADES.index(text) if text in GRADES else -1
    if code <= 0:
        raise ValueError(f"{grade!r} is not a confidence grade (H, M or L)")
    return code


@dataclass(frozen=True)
class CohortSource:
    """Where a cohort comes from: shown beside every figure computed from it."""

    name: str
    citation: str = ""
    licence: str = ""
    rows_in_file: int = 0
    notes: str = ""


@dataclass(frozen=True)
class Column:
    """One trait's encoded values (see the module docstring)."""

    trait: Trait
    data: npt.NDArray[Any]
    labels: tuple[str, ...] = ()
    known: BoolArray | None = None
    conf: GradeArray | None = None
    """Confidence grade code per row (see :data:`GRADES`), None: no grades given."""
    sources: tuple[str, ...] | None = None
    """Source text per row ('' none; several joined by ' | '), None: no sources."""

    def grade(self, row: int) -> str:
        """The row's confidence grade ('H', 'M', 'L' or '' for ungraded)."""
        return "" if self.conf is None else GRADES[int(self.conf[row])]

    def source(self, row: int) -> str:
        return "" if self.sources is None else self.sources[row]

    def grade_counts(self, mask: BoolArray | None = None) -> dict[str, int] | None:
        """Known cells (within ``mask``) per grade: {'H', 'M', 'L', 'ungraded'}.

        None when the column carries no grades at all."""
        if self.conf is None:
            return None
        keep = self.known_mask() if mask is None else self.known_mask() & mask
        tally = np.bincount(self.conf[keep], minlength=len(GRADES)).tolist()
        return {"H": tally[3], "M": tally[2], "L": tally[1], "ungraded": tally[0]}

    def at_least(self, code: int) -> Column:
        """The column with every known cell graded below ``code`` made unknown.

        Ungraded cells count as below every grade. Columns without grades are
        returned unchanged (the caller reports them as not graded)."""
        if self.conf is None:
            return self
        drop = self.conf < code
        if not drop.any():
            return self
        if self.trait.kind is Kind.CATEGORY:
            data = np.where(drop, -1, self.data).astype(np.int32)
            return replace(self, data=data)
        if self.trait.kind is Kind.SET:
            return replace(self, known=self.known_mask() & ~drop)
        return replace(self, data=np.where(drop, np.nan, self.data))

    def known_mask(self) -> BoolArray:
        if self.known is not None:
            return self.known
        if self.trait.kind is Kind.CATEGORY:
            return np.asarray(self.data >= 0)
        return np.asarray(~np.isnan(self.data))

    def take(self, mask: BoolArray) -> Column:
        known = None if self.known is None else self.known[mask]
        conf = None if self.conf is None else self.conf[mask]
        sources = (
            None
            if self.sources is None
            else tuple(s for s, keep in zip(self.sources, mask, strict=True) if keep)
        )
        return replace(
            self, data=self.data[mask], known=known, conf=conf, sources=sources
        )

    def known_at(self, row: int) -> bool:
        """Whether one row's value is known (without scanning the whole column)."""
        if self.known is not None:
            return bool(self.known[row])
        if self.trait.kind is Kind.CATEGORY:
            return bool(self.data[row] >= 0)
        return not bool(np.isnan(self.data[row]))

    def value(self, row: int) -> Value | None:
        """Decode one row back to a trait value."""
        if not self.known_at(row):
            return None
        kind = self.trait.kind
        if kind is Kind.BOOL:
            return bool(self.data[row] >= 0.5)
        if kind is Kind.NUMBER:
            return float(self.data[row])
        if kind is Kind.LEVEL:
            return self.trait.levels[int(self.data[row])]
        if kind is Kind.CATEGORY:
            return self.labels[int(self.data[row])]
        return frozenset(
            m for m, has in zip(self.labels, self.data[row], strict=True) if has
        )


@dataclass(frozen=True)
class Cohort:
    """People who went through a selection, encoded by column.

    ``selected`` is None when every row was selected (comparison-only data such as
    NASA's, which has no rejected applicants); otherwise a bool per row (labelled).
    """

    traits: TraitSet
    columns: Mapping[str, Column]
    source: CohortSource
    years: FloatArray
    names: tuple[str, ...] = ()
    selected: BoolArray | None = None
    filters: tuple[str, ...] = field(default=())

    @property
    def size(self) -> int:
        return int(self.years.shape[0])

    @property
    def labelled(self) -> bool:
        return self.selected is not None

    @property
    def description(self) -> str:
        """E.g. 'NASA astronauts 1959-2009 (Kaggle), classes 1990-2000, n=173'."""
        parts = [self.source.name, *self.filters]
        return f"{', '.join(parts)} (n={self.size})"

    @classmethod
    def from_records(
        cls,
        traits: TraitSet,
        records: Sequence[Mapping[str, Value | None]],
        source: CohortSource,
        years: Sequence[float | None] | None = None,
        names: Sequence[str] = (),
        selected: Sequence[bool] | None = None,
    ) -> Cohort:
        """Encode plain records (one mapping of trait values per person)."""
        columns = {t.name: _encode(t, [r.get(t.name) for r in records]) for t in traits}
        year_array = np.array(
            [
                np.nan if y is None else float(y)
                for y in (years or [None] * len(records))
            ],
            dtype=np.float64,
        )
        sel = None if selected is None else np.asarray(selected, dtype=bool)
        return cls(traits, columns, source, year_array, tuple(names), sel)

    @classmethod
    def from_json_rows(
        cls,
        traits: TraitSet,
        rows: Sequence[Mapping[str, Any]],
        source: CohortSource,
    ) -> Cohort:
        """Rebuild a cohort from JSON rows (trait values plus ``name`` and ``year``),
        e.g. an imported class kept in the database. ``<trait>_src`` (text) and
        ``<trait>_conf`` (H, M or L) keys give the cell's provenance, as written by
        :meth:`to_json_rows`. Other unknown keys are ignored.

        Raises:
            TraitValueError: a ``_conf`` that is not a grade, a ``_src`` not text.
        """
        decoded = [
            {k: traits[k].from_json(v) for k, v in row.items() if k in traits}
            for row in rows
        ]
        cohort = cls.from_records(
            traits,
            decoded,
            replace(source, rows_in_file=len(rows)),
            years=_json_rows_years(rows),
            names=[str(row.get("name") or "") for row in rows],
        )
        grades, sources = _json_provenance(traits, rows)
        return with_provenance(cohort, grades, sources)

    def to_json_rows(self) -> list[dict[str, Any]]:
        """One JSON object per person: trait values, ``name``, ``year`` and, for
        columns that carry provenance, ``<trait>_src`` and ``<trait>_conf`` (only
        where the cell has one), so that :meth:`from_json_rows` rebuilds it whole."""
        rows: list[dict[str, Any]] = []
        for i in range(self.size):
            row: dict[str, Any] = {
                k: self.traits[k].to_json(v) for k, v in self.values(i).items()
            }
            for name, column in self.columns.items():
                if column.sources is not None and column.sources[i]:
                    row[f"{name}_src"] = column.sources[i]
                if column.conf is not None and column.conf[i]:
                    row[f"{name}_conf"] = GRADES[int(column.conf[i])]
            row["name"] = self.names[i] if self.names else ""
            year = self.years[i]
            row["year"] = None if year != year else float(year)
            rows.append(row)
        return rows

    def column(self, name: str) -> Column:
        self.traits[name]  # raises UnknownTraitError with the known names
        if name not in self.columns:
            raise TraitValueError(f"cohort {self.source.name!r} has no column {name!r}")
        return self.columns[name]

    def where(self, mask: BoolArray, description: str) -> Cohort:
        """The sub-cohort of rows where ``mask`` holds, remembering why."""
        return replace(
            self,
            columns={n: c.take(mask) for n, c in self.columns.items()},
            years=self.years[mask],
            names=tuple(n for n, keep in zip(self.names, mask, strict=False) if keep)
            if self.names
            else (),
            selected=None if self.selected is None else self.selected[mask],
            filters=(*self.filters, description),
        )

    def between(self, first: int | None, last: int | None) -> Cohort:
        """Only the classes selected from ``first`` to ``last`` (inclusive)."""
        if first is None and last is None:
            return self
        low = -np.inf if first is None else first
        high = np.inf if last is None else last
        mask = (self.years >= low) & (self.years <= high)
        span = (
            f"{first if first is not None else '…'}-{last if last is not None else '…'}"
        )
        return self.where(np.asarray(mask), f"classes {span}")

    def matching(self, condition: Condition) -> Cohort:
        """Only the rows where a condition holds (unknown rows are dropped)."""
        return self.where(self.holds(condition) == 1.0, condition.text())

    def at_least(self, grade: str) -> Cohort:
        """Only cells graded ``grade`` or better, in the columns that carry grades.

        Known cells below the grade, and ungraded known cells of a graded column,
        become unknown; columns without any grade (e.g. the Kaggle-derived ones) are
        kept whole, and :meth:`graded` names which columns were restricted."""
        code = grade_code(grade)
        columns = {n: c.at_least(code) for n, c in self.columns.items()}
        return replace(
            self,
            columns=columns,
            filters=(*self.filters, f"confidence {grade.upper()} or better"),
        )

    def graded(self) -> tuple[str, ...]:
        """Names of the columns that carry confidence grades."""
        return tuple(n for n, c in self.columns.items() if c.conf is not None)

    def only_selected(self) -> Cohort:
        if self.selected is None:
            return self
        return self.where(self.selected, "selected only")

    def holds(self, condition: Condition) -> FloatArray:
        """Per row: 1.0 holds, 0.0 does not, NaN unknown (vectorised)."""
        column = self.column(condition.trait)
        trait = column.trait
        known = column.known_mask()
        out = np.full(self.size, np.nan)
        if trait.kind is Kind.CATEGORY:
            options = (
                condition.value
                if isinstance(condition.value, tuple)
                else (condition.value,)
            )
            codes = [column.labels.index(o) for o in options if o in column.labels]
            result = np.isin(column.data, codes)
        elif trait.kind is Kind.SET:
            if condition.op == "has":
                if condition.value in column.labels:
                    result = column.data[:, column.labels.index(str(condition.value))]
                else:
                    result = np.zeros(self.size, dtype=bool)
            else:
                counts = column.data.sum(axis=1).astype(np.float64)
                result = _compare(counts, condition.op, float(condition.value))  # type: ignore[arg-type]
        elif condition.op == "is":
            result = (column.data >= 0.5) == bool(condition.value)
        elif condition.op == "in":
            assert isinstance(condition.value, tuple)
            idx = [trait.order_key(v) for v in condition.value]
            result = np.isin(column.data, idx)
        else:
            assert not isinstance(condition.value, tuple)
            result = _compare(
                column.data, condition.op, trait.order_key(condition.value)
            )
        out[known] = np.asarray(result, dtype=np.float64)[known]
        return out

    def summary(self) -> dict[str, Any]:
        """Size, source, people per class and how many values are known per trait."""
        years, counts = np.unique(self.years[~np.isnan(self.years)], return_counts=True)
        return {
            "description": self.description,
            "n": self.size,
            "source": self.source.name,
            "citation": self.source.citation,
            "licence": self.source.licence,
            "notes": self.source.notes,
            "labelled": self.labelled,
            "selected": None if self.selected is None else int(self.selected.sum()),
            "classes": {
                str(int(y)): int(c) for y, c in zip(years, counts, strict=True)
            },
            "year_unknown": int(np.isnan(self.years).sum()),
            "known": {
                name: int(column.known_mask().sum())
                for name, column in self.columns.items()
            },
        }

    def values(self, row: int) -> dict[str, Value | None]:
        """One person's decoded values."""
        return {name: column.value(row) for name, column in self.columns.items()}


def _compare(data: FloatArray, op: str, right: float) -> BoolArray:
    with np.errstate(invalid="ignore"):
        if op == ">=":
            return np.asarray(data >= right)
        if op == "<=":
            return np.asarray(data <= right)
        if op == ">":
            return np.asarray(data > right)
        if op == "<":
            return np.asarray(data < right)
        return np.asarray(data == right)


def _encode(trait: Trait, values: Sequence[Value | None]) -> Column:
    kind = trait.kind
    if kind in (Kind.BOOL, Kind.NUMBER, Kind.LEVEL):
        data = np.array(
            [np.nan if v is None else trait.order_key(v) for v in values],
            dtype=np.float64,
        )
        return Column(trait, data)
    if kind is Kind.CATEGORY:
        labels = tuple(trait.categories) or tuple(
            sorted({v for v in values if isinstance(v, str)})
        )
        index = {label: i for i, label in enumerate(labels)}
        try:
            codes = np.array(
                [-1 if v is None else index[str(v)] for v in values], dtype=np.int32
            )
        except KeyError as exc:
            raise DataImportError(
                f"{exc.args[0]!r} is not a category of {trait.name}"
            ) from None
        return Column(trait, codes, labels)
    members = set(trait.categories)
    for v in values:
        if isinstance(v, frozenset):
            members |= v
    labels = tuple(sorted(members))
    matrix = np.zeros((len(values), len(labels)), dtype=bool)
    index = {label: i for i, label in enumerate(labels)}
    for row, v in enumerate(values):
        if isinstance(v, frozenset):
            for m in v:
                matrix[row, index[m]] = True
    known = np.array([v is not None for v in values], dtype=bool)
    return Column(trait, matrix, labels, known)


def concat(cohorts: Sequence[Cohort]) -> Cohort:
    """Stack cohorts over the same traits (e.g. the dataset plus an imported class).

    Rows of a comparison-only cohort count as selected when stacked with a labelled
    one. The result's source names every part.
    """
    if not cohorts:
        raise TraitValueError("nothing to combine")
    first = cohorts[0]
    if len(cohorts) == 1:
        return first
    columns: dict[str, Column] = {}
    for name, column in first.columns.items():
        parts = [c.columns[name] for c in cohorts if name in c.columns]
        if len(parts) != len(cohorts):
            parts = [
                c.columns[name] if name in c.columns else _unknown(column.trait, c.size)
                for c in cohorts
            ]
        columns[name] = _with_provenance(_stack(column.trait, parts), parts)
    names = tuple(n for c in cohorts for n in (c.names or ("",) * c.size))
    selected = None
    if any(c.selected is not None for c in cohorts):
        selected = np.concatenate(
            [
                c.selected if c.selected is not None else np.ones(c.size, dtype=bool)
                for c in cohorts
            ]
        )
    source = replace(
        first.source,
        name=" + ".join(c.source.name for c in cohorts),
        rows_in_file=sum(c.source.rows_in_file for c in cohorts),
    )
    return Cohort(
        first.traits,
        columns,
        source,
        np.concatenate([c.years for c in cohorts]),
        names,
        selected,
        first.filters,
    )


def _with_provenance(stacked: Column, parts: Sequence[Column]) -> Column:
    """Stack the parts' grades and sources too (absent parts: ungraded, no source)."""
    if all(p.conf is None for p in parts) and all(p.sources is None for p in parts):
        return stacked
    conf = None
    if any(p.conf is not None for p in parts):
        conf = np.concatenate(
            [
                p.conf if p.conf is not None else np.zeros(len(p.data), dtype=np.int8)
                for p in parts
            ]
        ).astype(np.int8)
    sources = None
    if any(p.sources is not None for p in parts):
        sources = tuple(s for p in parts for s in (p.sources or ("",) * len(p.data)))
    return replace(stacked, conf=conf, sources=sources)


def with_provenance(
    cohort: Cohort,
    grades: Mapping[str, Sequence[int]],
    sources: Mapping[str, Sequence[str]],
) -> Cohort:
    """The cohort with per-cell grades and sources attached to the named columns."""
    if not grades and not sources:
        return cohort
    columns = dict(cohort.columns)
    for name in {*grades, *sources}:
        column = columns[name]
        columns[name] = replace(
            column,
            conf=np.asarray(grades[name], dtype=np.int8) if name in grades else None,
            sources=tuple(sources[name]) if name in sources else None,
        )
    return replace(cohort, columns=columns)


def _unknown(trait: Trait, size: int) -> Column:
    return _encode(trait, [None] * size)


def _stack(trait: Trait, parts: Sequence[Column]) -> Column:
    if trait.kind in (Kind.BOOL, Kind.NUMBER, Kind.LEVEL):
        return Column(trait, np.concatenate([p.data for p in parts]))
    labels: list[str] = []
    for part in parts:
        labels.extend(label for label in part.labels if label not in labels)
    index = {label: i for i, label in enumerate(labels)}
    if trait.kind is Kind.CATEGORY:
        remapped = []
        for part in parts:
            lookup = np.array([index[label] for label in part.labels] + [-1])
            remapped.append(lookup[np.where(part.data >= 0, part.data, -1)])
        return Column(trait, np.concatenate(remapped).astype(np.int32), tuple(labels))
    matrices = []
    for part in parts:
        matrix = np.zeros((part.data.shape[0], len(labels)), dtype=bool)
        for j, label in enumerate(part.labels):
            matrix[:, index[label]] = part.data[:, j]
        matrices.append(matrix)
    known = np.concatenate([p.known_mask() for p in parts])
    return Column(trait, np.vstack(matrices), tuple(labels), known)


def _json_provenance(
    traits: TraitSet, rows: Sequence[Mapping[str, Any]]
) -> tuple[dict[str, list[int]], dict[str, list[str]]]:
    """Per-cell grades and sources from ``<trait>_conf`` / ``<trait>_src`` keys."""
    graded = {
        k[: -len("_conf")]
        for row in rows
        for k in row
        if k.endswith("_conf") and k[: -len("_conf")] in traits
    }
    sourced = {
        k[: -len("_src")]
        for row in rows
        for k in row
        if k.endswith("_src") and k[: -len("_src")] in traits
    }
    grades: dict[str, list[int]] = {name: [] for name in graded}
    sources: dict[str, list[str]] = {name: [] for name in sourced}
    for i, row in enumerate(rows):
        for name in graded:
            text = row.get(f"{name}_conf") or ""
            if not isinstance(text, str):
                raise TraitValueError(
                    _("row {row}: {name}_conf: expected H, M or L, got {text}").format(
                        row=i + 1, name=name, text=repr(text)
                    )
                )
            try:
                grades[name].append(grade_code(text) if text.strip() else 0)
            except ValueError as exc:
                raise TraitValueError(
                    _("row {row}: {name}_conf: {problem}").format(
                        row=i + 1, name=name, problem=exc
                    )
                ) from None
        for name in sourced:
            text = row.get(f"{name}_src") or ""
            if not isinstance(text, str):
                raise TraitValueError(
                    _("row {row}: {name}_src: expected text, got {text}").format(
                        row=i + 1, name=name, text=repr(text)
                    )
                )
            sources[name].append(text)
    return grades, sources


def _json_rows_years(rows: Sequence[Mapping[str, Any]]) -> list[float | None]:
    years: list[float | None] = []
    for row in rows:
        year = row.get("year")
        years.append(None if year is None else float(year))
    return years
