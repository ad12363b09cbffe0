"""The route as a Gantt chart: each step a dated bar, milestones and application
windows on the same calendar.

Steps are bars labelled with their action (a step already under way is hatched and
says "in progress"); application windows are hatched grey bands named at the top; a
milestone is a diamond (a step done) or a triangle (an application) with its title in
the table; the deadline, if any, is a dashed line with the word "deadline". Only
windows that overlap the route's calendar are drawn and listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from strive.i18n import _, ngettext
from strive.route import Route
from strive.template import Window
from strive.vocabulary import limit

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
    legend_below,
    number,
    render,
    shorten,
)


def route_chart(route: Route, windows: Sequence[Window] = ()) -> Chart:
    """The route's steps, milestones and the application ``windows`` (usually the
    template's, or the ones the route was planned with) on one calendar."""
    alt, headers, rows, (shown, applies, last) = _words(route, windows)
    steps = route.steps
    height = 2.4 + 0.5 * max(len(steps), 1)
    with drawing(height) as fig:
        ax = fig.add_subplot()
        ax.set_title(_("Your route"), loc="left")
        if not steps:
            ax.set_axis_off()
            ax.text(
                0.0,
                0.5,
                _empty_text(route),
                transform=ax.transAxes,
                fontsize=11,
            )
        else:
            _draw(ax, route, shown, applies, last)
        footnote(
            fig,
            _(
                "Dates from the planner's schedule (a heuristic, not proven optimal); "
                "effort from the action catalogue."
            ),
        )
        svg = render(fig, alt)
    return Chart(svg, alt, headers, rows)


def route_words(
    route: Route, windows: Sequence[Window] = ()
) -> tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The chart's alt text, table headers and rows without drawing it (a page
    shows these; the picture itself is fetched as a separate image)."""
    alt, headers, rows, _layout = _words(route, windows)
    return alt, headers, rows


def _words(
    route: Route, windows: Sequence[Window]
) -> tuple[
    str,
    tuple[str, ...],
    tuple[tuple[str, ...], ...],
    tuple[list[Window], list[Any], dt.date],
]:
    steps = route.steps
    applies = [m for m in route.milestones if m.kind == "apply"]
    last = max(
        [
            route.end,
            *(m.closes or m.when for m in applies),
            *([route.deadline] if route.deadline else []),
        ]
    )
    shown = sorted(
        (w for w in windows if w.closes >= route.start and w.opens <= last),
        key=lambda w: w.opens,
    )
    headers = (_("What"), _("Kind"), _("From"), _("To"), _("Effort (hours)"))
    rows: list[tuple[str, ...]] = []
    for s in steps:
        rows.append(
            (
                s.label,
                _("step") if s.status == "planned" else _("step in progress"),
                day(s.start),
                day(s.end),
                number(s.effort_hours),
            )
        )
    for m in route.milestones:
        kind = _("application") if m.kind == "apply" else _("step done")
        rows.append(
            (m.title, kind, day(m.when), day(m.closes) if m.closes else day(m.when), "")
        )
    for w in shown:
        rows.append((w.title, _("application window"), day(w.opens), day(w.closes), ""))
    alt = _alt(route, applies)
    return alt, headers, tuple(rows), (shown, applies, last)


def _draw(
    ax: Any, route: Route, windows: list[Window], applies: list[Any], last: dt.date
) -> None:
    steps = route.steps
    ys = list(range(len(steps)))[::-1]
    top = len(steps) - 0.2
    for w in windows:
        ax.axvspan(
            w.opens,
            w.closes,
            facecolor="#EEEEEE",
            edgecolor=GREY,
            hatch="..",
            linewidth=0.6,
            zorder=0,
        )
    for y, step in zip(ys, steps, strict=True):
        width = max((step.end - step.start).days, 1)
        started = step.status != "planned"
        ax.barh(
            y,
            width,
            left=step.start,
            height=0.42,
            color="white" if started else BLUE,
            edgecolor=BLUE,
            hatch="//" if started else None,
            linewidth=1.2,
            zorder=2,
        )
        ax.plot([step.end], [y], marker="D", markersize=7, color=INK, zorder=3)
        label = shorten(step.label, 48)
        if started:
            label += " (" + _("in progress") + ")"
        ax.text(
            step.start,
            y + 0.26,
            label,
            fontsize=10,
            color=INK,
            va="bottom",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
    for m in applies:
        ax.plot([m.when], [-0.75], marker="^", markersize=11, color=ORANGE, zorder=3)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Patch(
            facecolor="#EEEEEE",
            edgecolor=GREY,
            hatch="..",
            label=_("application window"),
        ),
        Line2D(
            [],
            [],
            marker="^",
            color=ORANGE,
            linestyle="none",
            markersize=10,
            label=_("apply"),
        ),
        Line2D(
            [],
            [],
            marker="D",
            color=INK,
            linestyle="none",
            markersize=7,
            label=_("step done"),
        ),
    ]
    legend_below(ax.get_figure(), ax, handles)
    if route.deadline is not None:
        ax.axvline(route.deadline, color=INK, linestyle="--", linewidth=1.2)
        ax.annotate(
            _("deadline"),
            (route.deadline, top),
            xytext=(-4, 0),
            textcoords="offset points",
            ha="right",
            fontsize=10,
        )
    ax.set_yticks([])
    ax.set_ylim(-1.1, top + 0.9)
    span = max((last - route.start).days, 30)
    ax.set_xlim(
        route.start - dt.timedelta(days=span * 0.02),
        last + dt.timedelta(days=span * 0.04),
    )
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    date_axis(ax)


def _empty_text(route: Route) -> str:
    if not route.feasible:
        return _("no route fits your limits")
    return _("no steps: nothing to plan")


def _alt(route: Route, applies: list[Any]) -> str:
    n = len(route.steps)
    if not route.feasible:
        blocked = ", ".join(map(limit, route.blocked_by)) or _("unknown")
        return _("No route fits your limits (blocked by: {blocked}).").format(
            blocked=blocked
        )
    if not n:
        return _("The route has no steps: nothing to plan.")
    text = ngettext(
        "{n} step from {start} to {end}, {hours} hours of effort in all",
        "{n} steps from {start} to {end}, {hours} hours of effort in all",
        n,
    ).format(
        n=n,
        start=day(route.start),
        end=day(route.end),
        hours=number(route.totals.effort_hours),
    )
    if applies:
        text += "; " + _("first application on {when}").format(
            when=day(applies[0].when)
        )
    if route.deadline is not None:
        text += "; " + _("deadline {when}").format(when=day(route.deadline))
    return text + "."
