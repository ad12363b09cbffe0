"""Reading a template's parsed TOML: typed fields, located errors, TOML lines.

Every problem becomes a :class:`~strive.errors.TemplateError` naming the file, the
line where it can be found by a plain scan of the text, and the field with items
counted from 1 and named (``my.toml:42: actions[3] 'scribe_job'.effects[1]``). Pure:
it reads the text it is given, never a file.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from strive.errors import TemplateError

LIMITS: Mapping[str, float] = {
    "duration_months": 1200.0,
    "months_away": 1200.0,
    "effort_hours": 1_000_000.0,
    "money": 1e12,
}
"""The largest figure an action field takes: a century, or a sum no one spends.

Anything above is a typo (or ``inf``/``1e309``), refused at validation so that the
planner never meets it.
"""
YEARS = (1800, 2200)
"""Plausible range of ``money_year``."""


MISSING: Any = object()
NAME = re.compile(r"[a-z_][a-z0-9_]*")


def short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class At:
    """Where a field lives: its printed path (1-based, with the item's name) and
    the TOML table it is in (``section`` and 0-based ``index``) to find its line."""

    label: str
    section: str
    index: int | None

    @classmethod
    def item(cls, section: str, index: int, item: Any, key: str = "name") -> At:
        named = item.get(key) if isinstance(item, Mapping) else None
        label = f"{section}[{index + 1}]"
        if isinstance(named, str):
            label += f" {short(named)}"
        return cls(label, section, index)

    def path(self, key: str) -> str:
        if not key:
            return self.label
        if not self.label:
            return key
        return f"{self.label}.{key}"


class Reader:
    """Typed field access that names the file, line and field of every problem."""

    def __init__(self, where: str, source: str | None) -> None:
        self.where = where
        self.lines = _TomlLines(source) if source is not None else None

    def error(
        self, at: At, field: str, message: str, key: str | None = None
    ) -> TemplateError:
        line = None
        if self.lines is not None:
            line = self.lines.find(at.section, at.index, field if key is None else key)
        where = self.where if line is None else f"{self.where}:{line}"
        return TemplateError(f"{at.path(field)}: {message}", where=where)

    def item(self, value: Any, at: At) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.error(at, "", f"expected a table, got {short(value)}")
        return value

    def _get(self, table: Mapping[str, Any], at: At, key: str, default: Any) -> Any:
        if key not in table:
            if default is MISSING:
                raise self.error(at, key, "missing field")
            return default
        return table[key]

    def table(self, table: Mapping[str, Any], at: At, key: str) -> Mapping[str, Any]:
        value = self._get(table, at, key, MISSING)
        if not isinstance(value, Mapping):
            raise self.error(at, key, "expected a table")
        return value

    def items(
        self, table: Mapping[str, Any], at: At, key: str, default: Any = MISSING
    ) -> list[Any]:
        value = self._get(table, at, key, default)
        if not isinstance(value, list):
            raise self.error(at, key, f"expected a list, got {short(value)}")
        return value

    def text_list(
        self, table: Mapping[str, Any], at: At, key: str, default: Any = MISSING
    ) -> list[str]:
        values: list[str] = self.items(table, at, key, default)
        for j, value in enumerate(values):
            if not isinstance(value, str):
                raise self.error(
                    at, f"{key}[{j + 1}]", f"expected text, got {short(value)}", key
                )
        return values

    def text(
        self, table: Mapping[str, Any], at: At, key: str, default: Any = MISSING
    ) -> str:
        value = self._get(table, at, key, default)
        if not isinstance(value, str):
            raise self.error(at, key, f"expected text, got {short(value)}")
        return value

    def flag(self, table: Mapping[str, Any], at: At, key: str) -> bool:
        value = self._get(table, at, key, False)
        if not isinstance(value, bool):
            raise self.error(at, key, f"expected true or false, got {short(value)}")
        return value

    def number(
        self, table: Mapping[str, Any], at: At, key: str, default: Any = MISSING
    ) -> float:
        value = self._get(table, at, key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(at, key, f"expected a number, got {short(value)}")
        if not math.isfinite(value):
            raise self.error(at, key, f"expected a finite number, got {value!r}")
        return float(value)

    def figure(
        self, table: Mapping[str, Any], at: At, key: str, default: Any = MISSING
    ) -> float:
        """A non-negative action figure no larger than :data:`LIMITS`."""
        value = self.number(table, at, key, default)
        if value < 0:
            raise self.error(at, key, f"must be at least 0, got {value:g}")
        if value > LIMITS[key]:
            raise self.error(
                at, key, f"{value:g} is not plausible (at most {LIMITS[key]:g})"
            )
        return value

    def whole(
        self, table: Mapping[str, Any], at: At, key: str, low: int, high: int
    ) -> int:
        value = self.number(table, at, key)
        if not value.is_integer() or not low <= value <= high:
            raise self.error(
                at, key, f"expected a whole number from {low} to {high}, got {value:g}"
            )
        return int(value)

    def date(self, table: Mapping[str, Any], at: At, key: str) -> dt.date:
        value = self._get(table, at, key, MISSING)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise self.error(at, key, f"expected a date (YYYY-MM-DD), got {short(value)}")


def toml_line(source: str, section: str, key: str, index: int | None = None) -> int:
    """The 1-based line of ``key`` in table ``[section]`` (or of ``[[section]]``
    number ``index``, from 0) of a TOML text; 0 when it cannot be found."""
    return _TomlLines(source).find(section, index, key) or 0


class _TomlLines:
    """Finds the line of ``[[section]]`` number ``index`` (or ``[section]``) and
    of a ``key =`` inside it, by a plain scan of the text: enough for messages,
    and ``None`` whenever the layout is unusual (inline tables, dotted keys)."""

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$")

    def __init__(self, source: str) -> None:
        self.rows = source.splitlines()

    def find(self, section: str, index: int | None, key: str) -> int | None:
        if not section:
            return None
        start = self._header(section, index)
        if start is None:
            return None
        if key:
            key_re = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
            for number in range(start + 1, len(self.rows)):
                if self._HEADER.match(self.rows[number]):
                    break
                if key_re.match(self.rows[number]):
                    return number + 1
        return start + 1

    def _header(self, section: str, index: int | None) -> int | None:
        seen = -1
        double = index is not None
        for number, row in enumerate(self.rows):
            match = self._HEADER.match(row)
            if match is None or match[2] != section:
                continue
            if (match[1] == "[[") != double:
                continue
            seen += 1
            if not double or seen == index:
                return number
        return None
