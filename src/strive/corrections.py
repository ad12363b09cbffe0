"""Corrections: edits and deletions of what a person logged, kept as history.

A mistake (hours logged on the wrong action, a misspelt attempt) can be fixed, but
never silently: every edit or deletion keeps the record as it was and as it became,
so ``progress`` and ``review`` can show it among the history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class RecordKind(StrEnum):
    EFFORT = "effort"
    ATTEMPT = "attempt"
    EVIDENCE = "evidence"
    SUPPORTER = "supporter"


class ChangeKind(StrEnum):
    EDIT = "edit"
    DELETE = "delete"


@dataclass(frozen=True)
class Correction:
    """One edit (``after`` set) or deletion (``after`` is ``None``) of a record."""

    kind: RecordKind
    record_id: int
    change: ChangeKind
    before: dict[str, Any]
    after: dict[str, Any] | None
    when: dt.date
    note: str = ""
    id: int | None = None

    @property
    def text(self) -> str:
        """E.g. ``effort 3 edited: hours 3 → 2`` or ``attempt 2 deleted (NASA)``."""
        head = f"{self.kind} {self.record_id}"
        if self.change is ChangeKind.DELETE or self.after is None:
            label = self.before.get("name") or self.before.get("action") or ""
            label = label or self.before.get("condition") or ""
            return f"{head} deleted" + (f" ({label})" if label else "")
        moved = [
            f"{key} {_show(self.before.get(key))} → {_show(value)}"
            for key, value in self.after.items()
            if self.before.get(key) != value
        ]
        return f"{head} edited: " + ("; ".join(moved) or "no change")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": str(self.kind),
            "record_id": self.record_id,
            "change": str(self.change),
            "before": self.before,
            "after": self.after,
            "date": self.when.isoformat(),
            "note": self.note,
            "text": self.text,
        }


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def snapshot(record: Any) -> dict[str, Any]:
    """A record (effort entry, attempt, evidence, supporter) as plain JSON, no id."""
    out: dict[str, Any] = {}
    for key, value in vars(record).items():
        if key == "id":
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, StrEnum):
            value = str(value)
        out[key] = value
    return out
