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
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

from strive.i18n import (
    LOCALES,
    N_,
    _,
    current_locale,
    decimal_text,
    hours_text,
    money_text,
    percent_text,
)

if TYPE_CHECKING:
    from strive.template import Template
    from strive.traits import TraitSet

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


def parse_lang(ctx: typer.Context, value: str | None) -> str:
    """``--lang`` / ``STRIVE_LANG``: ``en`` (the default) or ``es``, else a usage
    error naming where the value came from and the languages strive speaks."""
    if value is None:
        return "en"
    chosen = value.strip().lower()
    if chosen in LOCALES:
        return chosen
    # Typer carries its own Click: the source is compared by name, not by class.
    source = getattr(ctx.get_parameter_source("lang"), "name", "")
    hint = (
        "the STRIVE_LANG environment variable"
        if source == "ENVIRONMENT"
        else "'--lang'"
    )
    raise typer.BadParameter(
        f"{value!r} is not a language strive speaks; use "
        + " or ".join(f"{code}" for code in LOCALES)
        + " (en: English, es: Spanish)",
        param_hint=hint,
    )


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


COLUMNS = (
    N_("action"),
    N_("action (why)"),
    N_("action (status)"),
    N_("goal"),
    N_("attempt"),
    N_("trait"),
    N_("requirement"),
    N_("start"),
    N_("end"),
    N_("date"),
    N_("applied"),
    N_("decided"),
    N_("by"),
    N_("share"),
    N_("hours"),
    N_("planned"),
    N_("by today"),
    N_("actual"),
    N_("money"),
    N_("status"),
    N_("what would meet it"),
    N_("what"),
    N_("source"),
    N_("why"),
    N_("you"),
    N_("they"),
    N_("known"),
    N_("who"),
    N_("class"),
    N_("similarity"),
    N_("traits compared"),
    N_("they had, you lack"),
    N_("log-odds"),
    N_("note"),
    N_("value"),
    N_("confidence"),
    N_("coverage"),
    N_("reach"),
    N_("route"),
    N_("actions"),
    N_("dates"),
    N_("correction"),
    N_("from"),
    N_("to"),
    N_("new class"),
    N_("before"),
    N_("graded"),
    N_("kind"),
    N_("of"),
    N_("condition"),
    N_("have"),
    N_("feedback"),
    N_("contribution"),
    N_("sees"),
    N_("template"),
    N_("next"),
    N_("outcome"),
    N_("name"),
    N_("role"),
    N_("notes"),
)
"""Column headings a person reads: a table is built with the English heading (it
chooses the column's alignment and width) and shows it in the current language."""


def table(title: str, *columns: str, caption: str | None = None) -> Table:
    """A table whose text columns wrap (and fold long words) instead of cutting
    them with an ellipsis, so full names stay readable at 80 columns. ``title`` is
    shown as given (translate it where it is written); each column heading is the
    English word, shown in the current language."""
    out = Table(
        title=title, title_justify="left", caption=caption, caption_justify="left"
    )
    for column in columns:
        numeric = column in _NUMERIC_COLUMNS
        out.add_column(
            _(column),
            justify="right" if numeric else "left",
            overflow="fold",
            no_wrap=numeric or column in _DATE_COLUMNS,
            min_width=18 if column in _NAME_COLUMNS else None,
        )
    return out


# Numbers, money and days: English keeps the exact text strive always printed (and
# never imports Babel); another language goes through strive.i18n's formatters,
# the ones the web pages and `strive demo --lang es` use. The four below live in
# strive.i18n so the core's reports (the caseload page) share them.

pct = percent_text
money = money_text
number = decimal_text
hours = hours_text


def day(value: str | dt.date | None) -> str:
    """A day: ISO text in English (what strive always printed), the locale's own
    form otherwise (``15 ene 2026``), as the web pages show days."""
    if value is None or value == "":
        return ""
    if current_locale() == "en":
        return value if isinstance(value, str) else value.isoformat()
    from strive.i18n import format_date

    when = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(when, style="medium")


_DATA: ContextVar[Mapping[str, str] | None] = ContextVar(
    "strive_cli_data", default=None
)
"""The active template's text in the current language (``Template.spanish``)."""
_TRAITS: ContextVar[TraitSet | None] = ContextVar("strive_cli_traits", default=None)
"""The active goal's traits, to write a value as the locale reads it."""
_TEMPLATE: ContextVar[Template | None] = ContextVar("strive_cli_template", default=None)
"""The active goal's template, to name its actions in the current language."""


@contextmanager
def template_text(
    template: Template | None, traits: TraitSet | None = None
) -> Iterator[None]:
    """Show ``template``'s data text (requirements, windows, the cohort) and the
    values of ``traits`` in the current language inside the block (:func:`data`,
    :func:`trait_value`); English: as written."""
    spanish = current_locale() == "es"
    texts = template.spanish() if template and spanish else {}
    token = _DATA.set(texts)
    traits_token = _TRAITS.set(traits if spanish else None)
    template_token = _TEMPLATE.set(template if spanish else None)
    try:
        yield
    finally:
        _TEMPLATE.reset(template_token)
        _TRAITS.reset(traits_token)
        _DATA.reset(token)


def action_name(name: str) -> str:
    """A route action named by its id (``learn_russian``): the id in English, as
    strive always printed it; the action's label (``label_es``) in Spanish."""
    template = _TEMPLATE.get()
    if template is None or name not in template.catalogue:
        return name
    return template.catalogue[name].title


def trait_value(trait: str, value: Any) -> str | None:
    """A trait's value from a JSON document as the trait writes it in the current
    language (``master`` → ``maestría``, ``34.6`` → ``34,6 años``), or None when
    the text is the caller's to make (English, or a trait this goal lacks)."""
    traits = _TRAITS.get()
    if traits is None or value is None or trait not in traits.traits:
        return None
    known = traits.traits[trait]
    try:
        return known.format(known.from_json(value))
    except (TypeError, ValueError):
        return None


def data(value: str) -> str:
    """Template text in the current language (``strive.template.data_text``)."""
    texts = _DATA.get()
    if not texts:
        return value
    from strive.template import data_text

    return data_text(value, texts)


def state(value: Any) -> str:
    """A state whose value is data (a goal's ``paused``, an attempt's
    ``rejected``): the stored word in English, as strive always printed it;
    ``strive.labels``' word in another language ("no fuiste seleccionado esta vez")."""
    if current_locale() == "en":
        return str(value)
    from strive.labels import label

    return label(value)
