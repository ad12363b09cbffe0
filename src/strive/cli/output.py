"""Shared output helpers: one Rich console, JSON printing, dates and error display."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

console = Console(highlight=False, soft_wrap=False)
err_console = Console(stderr=True, highlight=False)


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


_NUMERIC_COLUMNS = {
    "#",
    "n",
    "share",
    "hours",
    "planned",
    "by today",
    "actual",
    "money",
}


def table(title: str, *columns: str, caption: str | None = None) -> Table:
    out = Table(
        title=title, title_justify="left", caption=caption, caption_justify="left"
    )
    for column in columns:
        justify = "right" if column in _NUMERIC_COLUMNS else "left"
        out.add_column(column, justify=justify)  # type: ignore[arg-type]
    return out


def pct(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{100 * value:.{digits}f}%"


def money(value: float | None) -> str:
    return "unknown" if value is None else f"${value:,.0f}"


def hours(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f} h"
