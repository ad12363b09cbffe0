"""The checks every way in shares: the CLI, ``strive import``, cohort files, the web.

The core records (goals, limits, effort, attempts, evidence, supporters, profile
changes) call these in their constructors, so a value that passes one way in passes
them all, and a value one way refuses is refused everywhere. Each check raises
:class:`~strive.errors.TraitValueError` (an ``InputError``) with ``where`` set to
the field it checked; a caller that knows more (a JSON path, a file and line) puts
its own place in front.

The limits below are documented in ``docs/cli.md`` ("Limits on what you type").
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Mapping
from typing import Any

from strive.errors import TraitValueError
from strive.i18n import _, number_text

NAME_MAX = 200
"""Names and titles: a goal's title, an attempt, a supporter, a trait, an action."""
TEXT_MAX = 2_000
"""Short free text: a role, a source, a contribution, a reason, a template path."""
NOTE_MAX = 10_000
"""Long free text: notes, feedback and a goal's why (may span lines)."""
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2200, 12, 31)
"""Dates outside these are typing mistakes (a year 20255 or 1025)."""
COUNT_MAX = 1_000_000_000
"""Whole numbers (evidence counts) stay far inside what every database stores."""
MONEY_MAX = 1e12
MONTHS_MAX = 1_200.0
PARALLEL_MAX = 100

_LINE_BREAKS = frozenset("\n\r\t")


def _problem(text: str, lines: bool) -> str | None:
    """What is wrong with the characters of ``text``, if anything."""
    for ch in text:
        category = unicodedata.category(ch)
        if ch == "\x00":
            return _("contains a NUL character")
        if category == "Cs":
            return _("contains an invalid character (not Unicode text)")
        if category == "Cc" and not (lines and ch in _LINE_BREAKS):
            if ch in _LINE_BREAKS:
                return _("contains a line break")
            return _("contains control character {char}").format(char=repr(ch))
    return None


def name(value: Any, field: str, *, limit: int = NAME_MAX) -> str:
    """A non-blank, one-line name without control characters, at most ``limit``."""
    if not isinstance(value, str):
        raise TraitValueError(
            _("expected text, got {value}").format(value=_short(value)), where=field
        )
    if not value.strip():
        raise TraitValueError(_("must not be blank"), where=field)
    return _checked(value, field, limit, lines=False)


def text(value: Any, field: str, *, limit: int = TEXT_MAX, lines: bool = False) -> str:
    """Free text (may be empty); ``lines`` allows line breaks and tabs."""
    if not isinstance(value, str):
        raise TraitValueError(
            _("expected text, got {value}").format(value=_short(value)), where=field
        )
    return _checked(value, field, limit, lines=lines)


def note(value: Any, field: str) -> str:
    """A note, feedback or a goal's why: up to :data:`NOTE_MAX`, lines allowed."""
    return text(value, field, limit=NOTE_MAX, lines=True)


def _checked(value: str, field: str, limit: int, *, lines: bool) -> str:
    if len(value) > limit:
        raise TraitValueError(
            _("is {length} characters long; at most {limit} are allowed").format(
                length=number_text(len(value), ","), limit=number_text(limit, ",")
            ),
            where=field,
        )
    problem = _problem(value, lines)
    if problem:
        raise TraitValueError(problem, where=field)
    return value


def number(
    value: Any,
    field: str,
    *,
    low: float | None = None,
    high: float | None = None,
    above: bool = False,
) -> float:
    """A finite number in ``[low, high]`` (``above``: strictly more than ``low``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TraitValueError(
            _("expected a number, got {value}").format(value=_short(value)),
            where=field,
        )
    try:
        result = float(value)
    except OverflowError:
        raise TraitValueError(_("is too large"), where=field) from None
    if not math.isfinite(result):
        raise TraitValueError(
            _("must be a finite number, not {value}").format(value=repr(value)),
            where=field,
        )
    if low is not None and (result <= low if above else result < low):
        message = (
            _("must be more than {low}, not {value}")
            if above
            else _("must be at least {low}, not {value}")
        )
        raise TraitValueError(
            message.format(low=number_text(low, "g"), value=number_text(result, "g")),
            where=field,
        )
    if high is not None and result > high:
        raise TraitValueError(
            _("must be at most {high}, not {value}").format(
                high=number_text(high, "g"), value=number_text(result, "g")
            ),
            where=field,
        )
    return result


def whole(value: Any, field: str, *, low: int = 0, high: int = COUNT_MAX) -> int:
    """A whole number in ``[low, high]`` (``True`` is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TraitValueError(
            _("expected a whole number, got {value}").format(value=_short(value)),
            where=field,
        )
    if not low <= value <= high:
        raise TraitValueError(
            _("must be between {low} and {high}, not {value}").format(
                low=number_text(low, ","),
                high=number_text(high, ","),
                value=number_text(value, ","),
            ),
            where=field,
        )
    return value


def day(value: Any, field: str) -> dt.date:
    """A date between :data:`FIRST_DAY` and :data:`LAST_DAY`."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise TraitValueError(
            _("expected a date, got {value}").format(value=_short(value)), where=field
        )
    if not FIRST_DAY <= value <= LAST_DAY:
        raise TraitValueError(
            _("{date} is outside {first}-{last}").format(
                date=value.isoformat(), first=FIRST_DAY.year, last=LAST_DAY.year
            ),
            where=field,
        )
    return value


def maybe_day(value: Any, field: str) -> dt.date | None:
    return None if value is None else day(value, field)


def goal_chain(links: Mapping[int, int | None]) -> None:
    """Refuse next-goal links that point nowhere or loop (1 → 2 → 1).

    ``links`` maps each goal's id to the id of the goal after it.
    """
    for start, following in links.items():
        if following is not None and following not in links:
            raise TraitValueError(
                _("there is no goal with id {id}").format(id=following),
                where=f"goal {start}",
            )
    for start in links:
        seen = [start]
        current = links[start]
        while current is not None:
            if current in seen:
                loop = " → ".join(str(g) for g in [*seen[seen.index(current) :]])
                raise TraitValueError(
                    _("next goals form a cycle: {loop} → {id}").format(
                        loop=loop, id=current
                    ),
                    where=f"goal {start}",
                )
            seen.append(current)
            current = links[current]


def _short(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."
