"""Planned against actual effort, drawn as a road.

Three lines on one cumulative-hours axis: the plan (each action's hours spread evenly
over its dates, as :meth:`strive.progress.PlannedAction.planned_by` counts them),
your actual hours from the effort log, and, from today, the pace needed to finish the
remaining planned hours by the planned finish. Each line has its own dash pattern,
marker and a word at its end, so none depends on colour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from strive.effort import EffortEntry
from strive.i18n import _
from strive.progress import Progress

from .chart import (
    BLUE,
    GREY,
    INK,
    ORANGE,
    Chart,
    date_axis,
    day,
    drawing,
    footnote,
    number,
    render,
)


def needed_pace(progress: Progress) -> float | None:
    """Hours a week needed from today to finish the plan by its planned finish;
    None when there is nothing left or the planned finish has passed."""
    finish = progress.planned_finish
    left = progress.remaining_hours
    if finish is None or left <= 0 or finish <= progress.today:
        return None
    return left / ((finish - progress.today).days / 7)


def effort_chart(progress: Progress, effort: Sequence[EffortEntry] = ()) -> Chart:
    """The road: planned and actual cumulative hours, and the pace needed.

    ``effort`` is the effort log (``Workspace.effort_log()``); only entries on the
    route's actions up to ``progress.today`` count, as in ``progress``.
    """
    today = progress.today
    names = {a.name for a in progress.actions}
    dates = sorted(
        {a.start for a in progress.actions} | {a.end for a in progress.actions}
    )
    planned = [(d, _planned_by(progress, d)) for d in dates]
    logged = sorted(
        (e for e in effort if e.action in names and e.when <= today),
        key=lambda e: e.when,
    )
    actual: list[tuple[dt.date, float]] = []
    total = 0.0
    for entry in logged:
        total += entry.hours
        if actual and actual[-1][0] == entry.when:
            actual[-1] = (entry.when, total)
        else:
            actual.append((entry.when, total))
    pace = needed_pace(progress)
    headers = (_("Date"), _("Planned by then (hours)"), _("Logged by then (hours)"))
    days = sorted({d for d, _h in planned} | {d for d, _h in actual} | {today})
    rows = tuple(
        (
            day(d),
            number(_planned_by(progress, d)),
            number(_logged_by(actual, d)) if d <= today else "",
        )
        for d in days
    )
    alt = _alt(progress, total, pace)
    with drawing(3.8) as fig:
        ax = fig.add_subplot()
        ax.set_title(_("Planned and actual effort"), loc="left")
        if not progress.actions:
            ax.set_axis_off()
            ax.text(
                0.0,
                0.5,
                _("no planned actions yet"),
                transform=ax.transAxes,
                fontsize=11,
            )
        else:
            _draw(ax, progress, planned, actual, total, pace)
        footnote(
            fig,
            _(
                "Plan: each action's hours spread evenly over its dates. Actual: hours "
                "logged on route actions."
            ),
        )
        svg = render(fig, alt)
    return Chart(svg, alt, headers, rows)


def _planned_by(progress: Progress, when: dt.date) -> float:
    total = 0.0
    for a in progress.actions:
        if when >= a.end:
            total += a.planned_hours
        elif when > a.start:
            total += (
                a.planned_hours * (when - a.start).days / ((a.end - a.start).days or 1)
            )
    return total


def _logged_by(actual: list[tuple[dt.date, float]], when: dt.date) -> float:
    return max((h for d, h in actual if d <= when), default=0.0)


def _draw(
    ax: Any,
    progress: Progress,
    planned: list[tuple[dt.date, float]],
    actual: list[tuple[dt.date, float]],
    total: float,
    pace: float | None,
) -> None:
    today = progress.today
    px, py = zip(*planned, strict=True)
    ax.plot(
        px, py, color=BLUE, linewidth=2, marker="o", markersize=5, label=_("planned")
    )
    _end_label(ax, px[-1], py[-1], _("planned"))
    if actual:
        ax_x = [actual[0][0], *(d for d, _h in actual), today]
        ax_y = [0.0, *(h for _d, h in actual), total]
        ax.step(ax_x, ax_y, where="post", color=ORANGE, linewidth=2.6, label=_("you"))
        ax.plot([today], [total], marker="s", markersize=8, color=ORANGE)
        _end_label(ax, today, total, _("you: {hours} h").format(hours=number(total)))
    else:
        ax.plot([today], [0], marker="s", markersize=8, color=ORANGE)
        _end_label(ax, today, 0, _("you: nothing logged yet"))
    if pace is not None and progress.planned_finish is not None:
        ax.plot(
            [today, progress.planned_finish],
            [total, total + progress.remaining_hours],
            color=INK,
            linestyle="--",
            linewidth=1.6,
            label=_("pace needed"),
        )
        mid = today + (progress.planned_finish - today) / 2
        ax.annotate(
            _("needed: {pace} h/week").format(pace=number(pace)),
            (mid, total + progress.remaining_hours / 2),
            xytext=(4, -14),
            textcoords="offset points",
            fontsize=10,
        )
    ax.axvline(today, color=GREY, linewidth=1, linestyle=":")
    ax.annotate(
        _("today"),
        (today, 1),
        xycoords=("data", "axes fraction"),
        xytext=(3, -12),
        textcoords="offset points",
        fontsize=10,
        color=INK,
    )
    ax.set_ylabel(_("Hours (cumulative)"))
    ax.set_ylim(bottom=0)
    ax.legend(loc="lower right", frameon=False)
    date_axis(ax)


def _end_label(ax: Any, x: Any, y: float, text: str) -> None:
    ax.annotate(
        text,
        (x, y),
        xytext=(4, 4),
        textcoords="offset points",
        fontsize=10,
        fontweight="bold",
        color=INK,
    )


def _alt(progress: Progress, total: float, pace: float | None) -> str:
    if not progress.actions:
        return _("No planned actions yet.")
    text = _(
        "By {today} you logged {actual} hours against {planned} planned by then, "
        "of {whole} hours in the plan"
    ).format(
        today=day(progress.today),
        actual=number(total),
        planned=number(progress.planned_to_date),
        whole=number(progress.planned_hours),
    )
    if pace is not None:
        text += "; " + _(
            "finishing by {finish} needs {pace} hours a week (recent pace {recent})"
        ).format(
            finish=day(progress.planned_finish),
            pace=number(pace),
            recent=number(progress.pace_per_week),
        )
    elif progress.remaining_hours > 0:
        text += "; " + _(
            "the planned finish {finish} has passed with {left} hours left"
        ).format(
            finish=day(progress.planned_finish), left=number(progress.remaining_hours)
        )
    return text + "."
