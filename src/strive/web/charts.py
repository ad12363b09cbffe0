"""The adapter between pages and :mod:`strive.charts` (pure functions → SVG).

A chart function takes result objects and returns a ``Chart`` with ``.svg``,
``.alt`` (the point in a sentence), ``.headers`` and ``.rows`` (the data table shown
beneath the image). Each function here gathers the results the chart needs from the
owner's workspace. When the charts package is not installed, :func:`available` is
false, pages show the tables alone and the image routes answer 404.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from strive.errors import NotFoundError

if TYPE_CHECKING:
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


def gap_trait(ws: Workspace, trait: str) -> Any:
    """You on the selected's distribution of ``trait`` (the gap page's report)."""
    from strive.cohort import concat

    charts = _module()
    report = ws.gap()
    ctx = ws.context()
    cohort = concat([ctx.cohort, *ctx.imported])
    try:
        return charts.trait_chart(report, cohort, trait)
    except (KeyError, ValueError):
        raise NotFoundError(f"no chart for {trait}") from None


def step(ws: Workspace, kind: str) -> Any:
    """The picture of one step: route, effort, attempts or history."""
    charts = _module()
    if kind == "route":
        ctx = ws.context()
        return charts.route_chart(ws.plan(save=False), ctx.template.windows)
    if kind == "effort":
        return charts.effort_chart(ws.progress(), ws.effort_log())
    if kind == "attempts":
        return charts.attempts_chart(ws.attempts(), ws.today)
    if kind == "history":
        report = ws.gap()
        return charts.headline_chart(
            ws.history(), n=report.cohort.selected, source=report.cohort.source
        )
    raise NotFoundError(f"no {kind} chart")
