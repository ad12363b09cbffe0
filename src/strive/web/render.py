"""Pages: one Jinja2 template per page, autoescaped, with ``_``/``ngettext``.

Everything a person typed reaches the page through autoescape (never ``|safe``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from strive import i18n, labels, vocabulary
from strive.web.deps import config, form_token, login
from strive.web.middleware import PRE_COOKIE

if TYPE_CHECKING:
    from collections.abc import Mapping

TEMPLATES = Path(__file__).parent / "templates"


def _gettext(message: str, **values: Any) -> str:
    text = i18n._(message)
    return text.format(**values) if values else text


def _ngettext(singular: str, plural: str, n: int, **values: Any) -> str:
    return i18n.ngettext(singular, plural, n).format(n=n, **values)


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["_"] = _gettext
    env.globals["ngettext"] = _ngettext
    env.globals["LOCALES"] = i18n.LOCALES
    env.globals["word"] = _word
    # Numbers and dates in the request's language (read when the page renders).
    env.filters["number"] = i18n.format_number
    env.filters["date"] = i18n.format_date
    env.filters["day"] = _day
    env.filters["money"] = _money
    env.filters["cell"] = _cell
    env.filters["data"] = _data
    env.filters["unit"] = vocabulary.unit
    env.filters["kind"] = vocabulary.kind
    env.filters["alternative"] = vocabulary.alternative
    env.filters["limit"] = vocabulary.limit
    return env


def _day(value: dt.date | str | None) -> str:
    """A day as the locale writes it (``Jan 15, 2026`` / ``15 ene 2026``); the
    JSON-shaped results carry ISO text, the rows carry dates."""
    if value is None or value == "":
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(day, dt.datetime):
        day = day.date()
    return i18n.format_date(day, style="medium")


def _cell(value: Any) -> Any:
    """A chart data-table cell: an ISO day written as the locale writes days, a
    template's text in the page's language."""
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return _day(value)
    return _data(value)


_DATA: ContextVar[Mapping[str, str] | None] = ContextVar(
    "strive_page_data", default=None
)
"""The page's template text in the page's language (``Template.spanish``)."""


def _data(value: Any) -> Any:
    """Text from a template's data (a requirement, a window name, a cohort note) in
    the page's language: the template's own Spanish when it gives one, also where
    the text is part of a longer line ("apply: next call ..."); else as written."""
    if not isinstance(value, str):
        return value
    from strive.template import data_text

    return data_text(value, _DATA.get() or {})


_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def _money(value: float | None) -> str:
    """Whole dollars as the locale writes them (``$13,000`` / ``13.000 US$``)."""
    return (
        labels.unknown() if value is None else i18n.format_currency(value, whole=True)
    )


def _word(value: Any, kind: str = "") -> str:
    """The word a person reads for a state (``strive.labels``), in the current
    language: an enum, or its stored value with ``kind`` "outcome"/"requirement"."""
    from strive import labels
    from strive.attempts import Outcome
    from strive.requirements import Status

    if kind == "outcome":
        value = Outcome(value)
    elif kind == "requirement":
        value = Status(value)
    return labels.label(value)


def lang_url(request: Request, locale: str) -> str:
    """This page in another language (``?lang=``, remembered in a cookie)."""
    query = dict(request.query_params)
    query["lang"] = locale
    return f"{request.url.path}?{urlencode(query)}"


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
) -> HTMLResponse:
    cfg = config(request)
    session = login(request)
    values: dict[str, Any] = {
        "request": request,
        "login": session,
        "csrf": form_token(request),
        "locale": i18n.current_locale(),
        "htmx_integrity": cfg.htmx_integrity,
        "lang_url": functools.partial(lang_url, request),
        "errors": {},
        "form": {},
        # Set by routes.common.goal_allowed for a supporter: the sections they may
        # read (the step pages then link only to those and show no owner forms).
        "readable": getattr(request.state, "readable", None),
    }
    values["owned"] = values["readable"] is None
    values.update(context or {})
    template = values.get("data")
    spanish = template.spanish() if template and i18n.current_locale() == "es" else {}
    token = _DATA.set(spanish)
    try:
        html = environment().get_template(name).render(values)
    finally:
        _DATA.reset(token)
    response = HTMLResponse(html, status_code=status)
    response.headers["cache-control"] = "no-store"
    new_pre = getattr(request.state, "new_pre", None)
    if new_pre:
        response.set_cookie(
            PRE_COOKIE,
            new_pre,
            httponly=True,
            samesite="lax",
            secure=bool(request.state.secure),
            path="/",
        )
    return response
