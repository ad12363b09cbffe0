"""The one per-partition function every engine runs: validate rows, assess people.

``run_partition(context, rows)`` is pure and idempotent (same rows in, same rows out;
no I/O, no global state), so a Dask worker that dies can have its partitions re-run
anywhere and the output does not change. A bad row becomes a :class:`RowError`
naming its line and field, and the other rows go on.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from strive import validate as check
from strive.batch.context import BatchContext
from strive.batch.person import PersonResult, assess
from strive.errors import StriveError, TraitValueError
from strive.traits import Kind, Trait, Value

NAME = "name"
YEAR = "year"


@dataclass(frozen=True)
class InputRow:
    """One person as read: the line (CSV) or row number (Parquet) and raw cells."""

    line: int
    cells: Mapping[str, Any]


@dataclass(frozen=True)
class RowError:
    """Why a row was skipped: its line, the column at fault and the message."""

    line: int
    field: str
    message: str
    id: str = ""

    def to_row(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "id": self.id,
            "field": self.field,
            "message": self.message,
        }


def run_partition(
    context: BatchContext, rows: Sequence[InputRow]
) -> tuple[list[PersonResult], list[RowError]]:
    """Assess every valid row; invalid rows come back as errors, in input order."""
    results: list[PersonResult] = []
    errors: list[RowError] = []
    for row in rows:
        parsed = parse_row(context, row)
        if isinstance(parsed, RowError):
            errors.append(parsed)
            continue
        name, values = parsed
        try:
            results.append(assess(context, values, person_id=name, line=row.line))
        except StriveError as exc:
            errors.append(RowError(row.line, "", exc.message, name))
    return results, errors


def parse_row(
    context: BatchContext, row: InputRow
) -> tuple[str, dict[str, Value | None]] | RowError:
    """The person's id and trait values, or the first field that is wrong.

    Cells are checked with the cohort CSV rules (``strive.templates``): text cells as
    in a CSV (``yes``, ``12``, ``english;spanish``; empty is unknown) and typed
    Parquet cells (booleans, numbers, lists for sets; null is unknown) as in JSON.
    """
    raw_name = row.cells.get(NAME)
    name = "" if raw_name is None else str(raw_name).strip()
    if not name:
        return RowError(row.line, NAME, "empty name")
    try:
        check.text(name, NAME)
    except TraitValueError as exc:
        return RowError(row.line, NAME, exc.message)
    year = row.cells.get(YEAR)
    if year is not None and str(year).strip():
        try:
            check.number(float(str(year)), YEAR, low=1900, high=2200)
        except (ValueError, TraitValueError):
            return RowError(row.line, YEAR, f"{year!r} is not a year", name)
    values: dict[str, Value | None] = {}
    for trait in context.template.traits:
        try:
            values[trait.name] = cell_value(trait, row.cells.get(trait.name))
        except TraitValueError as exc:
            return RowError(row.line, trait.name, exc.message, name)
    return name, values


def cell_value(trait: Trait, cell: Any) -> Value | None:
    """One cell as a trait value (``None``: unknown).

    Raises:
        TraitValueError: the cell does not fit the trait.
    """
    from strive.templates import parse_cell

    if cell is None:
        return None
    if isinstance(cell, str):
        return parse_cell(trait, cell.strip())
    if isinstance(cell, float) and math.isnan(cell):
        return None
    if trait.kind is Kind.SET and isinstance(cell, list | tuple | frozenset | set):
        return trait.validate(
            frozenset(str(m).strip().lower() for m in cell if str(m).strip())
        )
    if (
        trait.kind is Kind.NUMBER
        and isinstance(cell, int)
        and not isinstance(cell, bool)
    ):
        cell = float(cell)
    return trait.validate(cell)
