"""Languages: English is the source, Spanish is a complete gettext catalogue.

The language is a context variable, so a web request, a test or ``strive demo --lang
es`` sets it for exactly the code it runs (threads and asyncio tasks each see their
own), and core messages (validation errors, labels, chart text) are translated where
they are made. Messages are marked with ``_`` (``ngettext`` for counts, ``N_`` for a
message translated later, e.g. a label table at import time) so that Babel extracts
them; values go in through named placeholders (``_("{field}: ...").format(field=...)``)
so a translation may reorder them.

The Spanish catalogue is the text file ``locale/es/LC_MESSAGES/strive.po`` shipped as
package data; it is compiled in memory with Babel at the first message in Spanish.
English never touches Babel, so ``strive --help`` stays fast. ``docs/i18n.md`` says
how to add and translate a message.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext as _gettext
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import resources
from typing import Any, Protocol, cast

LOCALES = ("en", "es")
"""Supported languages, English (the source) first."""

DOMAIN = "strive"
"""The gettext domain: ``locale/<lang>/LC_MESSAGES/strive.po``."""

_current: ContextVar[str] = ContextVar("strive_locale", default="en")


def current_locale() -> str:
    return _current.get()


def supported(locale: str | None) -> str:
    """``locale`` if strive speaks it (``es-MX`` → ``es``), else English."""
    if not locale:
        return "en"
    base = locale.replace("_", "-").split("-", 1)[0].strip().lower()
    return base if base in LOCALES else "en"


@contextmanager
def use_locale(locale: str) -> Iterator[str]:
    """Run a block in ``locale`` (an unsupported one falls back to English)."""
    chosen = supported(locale)
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


class _Catalogue(Protocol):
    def gettext(self, message: str, /) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


def catalogue_path(locale: str) -> Any:
    """The ``.po`` file of ``locale`` inside the installed package."""
    return resources.files("strive") / "locale" / locale / "LC_MESSAGES" / "strive.po"


@functools.cache
def translations(locale: str) -> _Catalogue:
    """The compiled catalogue of ``locale``: read the ``.po`` once, compile in memory.

    Fuzzy entries are left out (as ``msgfmt`` does), so a message whose translation
    is unreviewed shows in English rather than wrong.
    """
    if locale == "en":
        return _gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalogue_path(locale).open("rb") as po:
        catalog = read_po(po, locale=locale, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def _(message: str) -> str:
    """``message`` in the current language (English: unchanged)."""
    locale = _current.get()
    if locale == "en":
        return message
    return translations(locale).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language."""
    locale = _current.get()
    if locale == "en":
        return singular if n == 1 else plural
    return translations(locale).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (see ``_``)."""
    return message


# -- formatting ------------------------------------------------------------------


def _babel_locale() -> str:
    """Babel's name for the current language.

    Spanish uses Babel's generic ``es`` (``1.234,5``), the form the style guide in
    ``docs/i18n.md`` chose; English is US English.
    """
    return "es" if _current.get() == "es" else "en_US"


def format_number(value: float, *, decimals: int | None = None) -> str:
    """``1234.5`` as ``1,234.5`` (English) or ``1.234,5`` (Spanish).

    ``decimals`` fixes the number of digits after the separator.
    """
    return _number(value, decimals, _babel_locale())


FORMATTED = 4096
"""Formatted numbers and dates remembered per process (Babel takes tens of
microseconds each; a route page writes hundreds, mostly the same ones)."""


@functools.lru_cache(maxsize=FORMATTED, typed=True)
def _number(value: float, decimals: int | None, locale: str) -> str:
    from babel.numbers import format_decimal

    if decimals is None:
        return str(format_decimal(value, locale=locale))
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return str(format_decimal(value, format=pattern, locale=locale))


def format_percent(value: float, *, decimals: int = 0) -> str:
    """``0.25`` as ``25%`` (English) or ``25 %`` (Spanish)."""
    from babel.numbers import format_percent as babel_percent

    locale = _babel_locale()
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + "%"
    return str(babel_percent(value, format=pattern, locale=locale))


def format_currency(value: float, currency: str = "USD", *, whole: bool = False) -> str:
    """An amount of money in the current language (``$1,234.50`` /
    ``1.234,50 US$``); ``whole`` rounds to whole units (``$13,668`` / ``13.668 US$``),
    as strive shows sourced costs."""
    return _currency(value, currency, whole, _babel_locale())


@functools.lru_cache(maxsize=FORMATTED, typed=True)
def _currency(value: float, currency: str, whole: bool, locale: str) -> str:
    from babel import Locale
    from babel.numbers import format_currency as babel_currency

    if not whole:
        return str(babel_currency(value, currency, locale=locale))
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    return str(
        babel_currency(
            value,
            currency,
            format=pattern.replace(".00", ""),
            locale=locale,
            currency_digits=False,
        )
    )


def format_date(value: dt.date, *, style: str = "long") -> str:
    """``2026-12-01`` as ``December 1, 2026`` or ``1 de diciembre de 2026``."""
    return _date(value, style, _babel_locale())


@functools.lru_cache(maxsize=FORMATTED, typed=True)
def _date(value: dt.date, style: str, locale: str) -> str:
    from babel.dates import format_date as babel_date

    return str(babel_date(value, format=style, locale=locale))


_SPANISH_GROUPED = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")
_ENGLISH_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def parse_number(text: str) -> float:
    """A number a person typed, read the way their language writes it.

    English: ``1,000.5`` (commas group). Spanish: ``1.000,5`` and ``2,5`` (a comma is
    the decimal mark); a dot is a thousands separator only in the grouped form
    (``1.000``, ``12.500``), so ``2.5`` typed on a phone's keypad stays 2.5, and the
    US grouped form (``1,000``, ``1,000.5``), which a Mexican-American family in the
    US also writes, keeps its meaning.

    Raises:
        ValueError: not a number.
    """
    raw = text.strip().replace("_", "").replace("\u00a0", "").replace(" ", "")
    if _current.get() == "es":
        if _ENGLISH_GROUPED.fullmatch(raw):
            return float(raw.replace(",", ""))
        if _SPANISH_GROUPED.fullmatch(raw):
            return float(raw.replace(".", "").replace(",", "."))
        if "," in raw and "." not in raw:
            return float(raw.replace(",", "."))
        return float(raw)
    return float(raw.replace(",", ""))


def number_text(value: float, spec: str = "") -> str:
    """A number inside a message: English keeps Python's ``format(value, spec)``
    (the exact text strive always printed, no Babel import); other languages use
    the locale's separators."""
    if _current.get() == "en":
        return format(value, spec)
    return format_number(value)


# Numbers, money and hours in a report (the CLI's tables, the caseload page): English
# keeps the exact text strive always printed (and never imports Babel); another
# language goes through the formatters above, the ones the web pages use. The CLI
# re-exports these as ``strive.cli.output.pct``/``money``/``number``/``hours``.


def percent_text(value: float | None, digits: int = 0) -> str:
    """``0.25`` as ``25%`` / ``25 %``; None as ``–``."""
    if value is None:
        return "–"
    if _current.get() == "en":
        return f"{100 * value:.{digits}f}%"
    return format_percent(value, decimals=digits)


def decimal_text(value: float, decimals: int = 0) -> str:
    """``1,234`` / ``1.234`` (``decimals`` digits after the separator)."""
    if _current.get() == "en":
        return f"{value:,.{decimals}f}"
    return format_number(value, decimals=decimals)


def money_text(value: float | None) -> str:
    """Whole dollars: ``$13,668`` / ``13.668 US$``; None as unknown."""
    if _current.get() == "en":
        return "unknown" if value is None else f"${value:,.0f}"
    return _("unknown") if value is None else format_currency(value, whole=True)


def hours_text(value: float | None) -> str:
    """``1,100 h`` / ``1.100 h``; None as ``–``."""
    if value is None:
        return "–"
    if _current.get() == "en":
        return f"{value:,.0f} h"
    return _("{hours} h").format(hours=decimal_text(value))


# -- the web ----------------------------------------------------------------------


def negotiate(accept_language: str | None) -> str:
    """The best supported language for an ``Accept-Language`` header.

    ``es-MX,es;q=0.9,en;q=0.8`` → ``es``; missing, malformed or only unsupported
    languages → English. Ties keep the header's order; ``q=0`` means "not this".
    """
    if not accept_language:
        return "en"
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        tag = pieces[0]
        quality = 1.0
        for param in pieces[1:]:
            key, _sep, raw = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(raw)
                except ValueError:
                    quality = 0.0
        if not tag or quality <= 0:
            continue
        base = tag.replace("_", "-").split("-", 1)[0].lower()
        if base in LOCALES:
            ranked.append((-quality, position, base))
    return min(ranked)[2] if ranked else "en"


def _template_gettext(message: str, **values: Any) -> str:
    """``{{ _("Hello, {name}", name=person) }}``: translate, then fill the names."""
    text = _(message)
    return text.format(**values) if values else text


def _template_ngettext(singular: str, plural: str, n: int, **values: Any) -> str:
    """``{{ ngettext("{n} goal", "{n} goals", count) }}``: ``n`` is filled in too."""
    return ngettext(singular, plural, n).format(n=n, **values)


def _at_render(formatter: Callable[..., str]) -> Callable[..., str]:
    """``formatter`` as a Jinja filter that runs at render time.

    Jinja folds a filter over a constant (``{{ 1234.5|number }}``) when it compiles
    the template, which would freeze the language of the first request; a filter
    that takes the context is never folded.
    """
    from jinja2 import pass_context

    @pass_context
    def filter_(_context: Any, value: Any, *args: Any, **kwargs: Any) -> str:
        return formatter(value, *args, **kwargs)

    return cast("Callable[..., str]", filter_)


class _JinjaEnvironment(Protocol):
    globals: dict[str, Any]
    filters: dict[str, Any]


def jinja_env_install(env: _JinjaEnvironment) -> None:
    """Give a Jinja2 environment strive's ``_``, ``ngettext`` and formatters.

    They read the context variable at render time, so one environment serves every
    language: render inside ``use_locale(...)``. ``{{ _("Hello, {name}", name=x) }}``
    translates and then fills named values (autoescape still escapes the result);
    ``{{ ngettext(s, p, n) }}`` fills ``{n}``. The filters ``number``, ``percent``,
    ``currency`` and ``date`` follow the request's language too. With
    ``jinja2.ext.i18n`` loaded, ``{% trans %}`` blocks use the same catalogue.
    """
    install = getattr(env, "install_gettext_callables", None)
    if install is not None:  # jinja2.ext.i18n: {% trans %} blocks, %-style values
        install(_, ngettext, newstyle=False)
    env.globals.update(
        _=_template_gettext,
        gettext=_template_gettext,
        ngettext=_template_ngettext,
        current_locale=current_locale,
        format_number=format_number,
        format_percent=format_percent,
        format_currency=format_currency,
        format_date=format_date,
    )
    env.filters.update(
        number=_at_render(format_number),
        percent=_at_render(format_percent),
        currency=_at_render(format_currency),
        date=_at_render(format_date),
    )
