"""Shared output helpers: the consoles, JSON printing, dates and error display.

What a person typed (titles, names, notes, sources, values) and what a file carried
is printed literally, by construction: the consoles never read Rich markup or emoji
codes, so ``Reach [/x] orbit`` or ``:smile:`` print as typed wherever a ``str`` goes
(``print``, table cells, titles, captions, rules). Styling is applied with
:class:`rich.text.Text` and ``style=`` arguments, never with markup strings.

Control characters (an escape sequence, a bell, a carriage return) would let text
rewrite the terminal, so they are shown escaped (``\\x1b``); tabs and newlines stay.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import unicodedata
from typing import Any

import typer
from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

_KEEP = {"\n", "\t"}


def literal(text: str) -> str:
    """``text`` with control characters escaped (``\\x1b``), everything else as is."""
    if text.isprintable():
        return text
    return "".join(
        ch
        if ch in _KEEP or unicodedata.category(ch) != "Cc"
        else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


class LiteralConsole(Console):
    """A Rich console on which every ``str`` is literal text (no markup, no emoji,
    no highlighting, control characters escaped)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(markup=False, emoji=False, highlight=False)
        super().__init__(**kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        kwargs.update(markup=False, emoji=False)
        return super().render_str(literal(text), **kwargs)


console = LiteralConsole(soft_wrap=False)
err_console = LiteralConsole(stderr=True)


def styled(text: str, style: str | Style) -> Text:
    """Literal ``text`` in a style (the only way output is styled)."""
    return Text(literal(text), style=style)


def line(*parts: str | tuple[str, str | Style]) -> Text:
    """One line from literal parts: ``line("Goal 1: ", (title, "bold"))``."""
    out = Text()
    for part in parts:
        if isinstance(part, tuple):
            out.append(literal(part[0]), style=part[1])
        else:
            out.append(literal(part))
    return out


def error(message: str) -> None:
    """One error line on stderr: ``error: message`` (the message literal)."""
    err_console.print(
        line(("error:", "bold red"), " ", message),
        soft_wrap=True,
    )


def print_json(document: Any) -> None:
    """Print one JSON document (the public interface of every ``--json`` flag)."""
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False, default=str))
    sys.stdout.write("\n")


def parse_date(text: str | None, option: str = "--date") -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date; use YYYY-MM-DD", param_hint=option
        ) from None


def parse_years(text: str | None) -> tuple[int | None, int | None] | None:
    """'1990-2000', '1990-' or '-2000' into a year range."""
    if not text:
        return None
    first, sep, last = text.partition("-")
    try:
        low = int(first) if first.strip() else None
        high = int(last) if last.strip() else (None if sep else low)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a year range; use e.g. 1990-2000", param_hint="--years"
        ) from None
    return (low, high)


_NAME_COLUMNS = {
    "action",
    "action (why)",
    "action (status)",
    "goal",
    "attempt",
    "trait",
    "requirement",
}
"""Columns holding names: wide enough that words are not cut at 80 columns."""
_DATE_COLUMNS = {"start", "end", "date", "applied", "decided", "by"}

_NUMERIC_COLUMNS = {
    "#",
    "id",
    "n",
    "share",
    "hours",
    "planned",
    "by today",
    "actual",
    "money",
}


def table(title: str, *columns: str, caption: str | None = None) -> Table:
    """A table whose text columns wrap (and fold long words) instead of cutting
    them with an ellipsis, so full names stay readable at 80 columns."""
    out = Table(
        title=title, title_justify="left", caption=caption, caption_justify="left"
    )
    for column in columns:
        numeric = column in _NUMERIC_COLUMNS
        out.add_column(
            column,
            justify="right" if numeric else "left",
            overflow="fold",
            no_wrap=numeric or column in _DATE_COLUMNS,
            min_width=18 if column in _NAME_COLUMNS else None,
        )
    return out


def pct(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{100 * value:.{digits}f}%"


def money(value: float | None) -> str:
    return "unknown" if value is None else f"${value:,.0f}"


def hours(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f} h"
