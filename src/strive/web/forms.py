"""Turning form text into values; the records' own validators do the rest.

A form field arrives as text. These helpers only parse it (a number, a date) and
raise :class:`~strive.errors.InputError` naming the field when it is not one; the
range and meaning checks stay in the core records (``Limits``, ``EffortEntry``...),
so the web, the API and the CLI refuse the same values with the same message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from strive.errors import InputError, StriveError
from strive.i18n import _, parse_number

if TYPE_CHECKING:
    from starlette.requests import Request

R = TypeVar("R")


async def posted(request: Request, work: Callable[..., R], *args: Any) -> R:
    """``work(request, *args, form)`` with the posted form, in the thread pool.

    Reading the form needs ``await``, so a form handler is ``async``; its work is
    not: the database reads and writes (on SQLite the commit's fsync, tens of
    milliseconds on a busy disk), the planner, the page render. In the event loop
    they would hold every other request of the worker meanwhile, so every form
    handler reads the form here and hands the rest to the thread pool, as FastAPI
    does for a plain ``def`` route (the request's language and other context
    variables go with it). Uploaded files are read there from ``UploadFile.file``;
    they are closed here when the work is done.
    """
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    try:
        return await run_in_threadpool(work, request, *args, form)
    finally:
        await form.close()


def text(form: Mapping[str, Any], field: str) -> str:
    value = form.get(field, "")
    return value if isinstance(value, str) else ""


def number(form: Mapping[str, Any], field: str) -> float | None:
    """The field as a number, read the way the page's language writes it (the
    profile's values go through the same :func:`strive.i18n.parse_number`): in
    Spanish ``2,5`` is two and a half hours, never 25."""
    raw = text(form, field).strip()
    if not raw:
        return None
    try:
        return parse_number(raw)
    except ValueError:
        raise InputError(_("enter a number"), where=field) from None


def whole(form: Mapping[str, Any], field: str) -> int | None:
    value = number(form, field)
    if value is None:
        return None
    if not value.is_integer():
        raise InputError(_("enter a whole number"), where=field)
    if abs(value) > 2**63 - 1:  # what a database integer holds
        raise InputError(_("enter a smaller number"), where=field)
    return int(value)


def date(form: Mapping[str, Any], field: str) -> dt.date | None:
    raw = text(form, field).strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InputError(_("enter a date as YYYY-MM-DD"), where=field) from None


def errors_of(exc: StriveError, fields: tuple[str, ...] = ()) -> dict[str, str]:
    """The error keyed by its field (``""``: not about one field of this form)."""
    where = exc.where or ""
    key = where if where in fields else ""
    return {key: exc.message}
