"""The adapter between pages and :mod:`strive.charts` (pure functions → SVG).

A chart function takes result objects and returns a ``Chart`` with ``.svg``,
``.alt`` (the point in a sentence), ``.headers`` and ``.rows`` (the data table shown
beneath the image). Each function here gathers the results the chart needs from the
owner's workspace. When the charts package is not installed, :func:`available` is
false, pages show the tables alone and the image routes answer 404.

Drawing is the slow part of a page (matplotlib took over a second for a route chart
on a loaded 2-core machine), and a chart is a pure function of its result objects
and the language: :func:`drawn` keeps the last :data:`DRAWN_SIZE` charts keyed by a
digest of the ``repr`` of those inputs (frozen dataclasses, so the ``repr`` holds
every field) and the locale, so a page and its ``.svg`` request draw once between
two changes of the data.
"""

from __future__ import annotations

import hashlib
import importlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from strive.errors import NotFoundError
from strive.i18n import current_locale

if TYPE_CHECKING:
    from collections.abc import Sequence

    from strive.route import Route
    from strive.template import Window
    from strive.workspace import Workspace

KINDS = ("route", "effort", "attempts", "history")


def _charts() -> Any | None:
    try:
        return importlib.import_module("strive.charts")
    except ImportError:
        return None


def available() -> bool:
    return _charts() is not None


def _module() -> Any:
    found = _charts()
    if found is None:
        raise NotFoundError("charts are not installed")
    return found


DRAWN_SIZE = 256
"""Charts kept in memory (a route chart's SVG is about 30-60 KB)."""
_DRAWN: OrderedDict[str, Any] = OrderedDict()
_DRAWN_LOCK = threading.Lock()


def drawn(name: str, *args: Any, **kwargs: Any) -> Any:
    """``strive.charts.<name>(*args, **kwargs)``, drawn once per distinct inputs and
    locale.

    An input whose ``repr`` is abridged (NumPy prints ``...`` for long arrays) could
    make two different inputs look alike: such a chart is drawn every time."""
    text = repr((name, current_locale(), args, sorted(kwargs.items())))
    if "..." in text:
        return getattr(_module(), name)(*args, **kwargs)
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with _DRAWN_LOCK:
        chart = _DRAWN.get(key)
        if chart is not None:
            _DRAWN.move_to_end(key)
            return chart
    chart = getattr(_module(), name)(*args, **kwargs)
    with _DRAWN_LOCK:
        _DRAWN[key] = chart
        while len(_DRAWN) > DRAWN_SIZE:
            _DRAWN.popitem(last=False)
    return chart


def gap_trait(ws: Workspace, trait: str) -> Any:
    """You on the selected's distribution of ``trait`` (the gap page's report)."""
    from strive.cohort import concat

    _module()
    report = ws.gap()
    ctx = ws.context()
    cohort = concat([ctx.cohort, *ctx.imported])
    try:
        # Not kept: a cohort's repr abridges its arrays.
        return _module().trait_chart(report, cohort, trait)
    except (KeyError, ValueError):
        raise NotFoundError(f"no chart for {trait}") from None


@dataclass(frozen=True)
class Words:
    """What a page shows of a chart: its alt text and data table (the picture is
    a separate image request, drawn only when the browser asks for it)."""

    alt: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def route(route: Route, windows: Sequence[Window]) -> Any:
    """The chart of a route already planned (the page plans once)."""
    return drawn("route_chart", route, tuple(windows))


def route_words(route: Route, windows: Sequence[Window]) -> Words:
    """The route chart's alt text and table, without drawing it."""
    return Words(*_module().route_words(route, tuple(windows)))


def step(ws: Workspace, kind: str) -> Any:
    """The picture of one step: route, effort, attempts or history."""
    _module()
    if kind == "route":
        return route(ws.plan(save=False), ws.context().template.windows)
    if kind == "effort":
        return drawn("effort_chart", ws.progress(), ws.effort_log())
    if kind == "attempts":
        return drawn("attempts_chart", ws.attempts(), ws.today)
    if kind == "history":
        report = ws.gap()
        return drawn(
            "headline_chart",
            ws.history(),
            n=report.cohort.selected,
            source=report.cohort.source,
        )
    raise NotFoundError(f"no {kind} chart")
