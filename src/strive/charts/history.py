"""The headline over time: coverage (and reach) on every date your profile changed.

Coverage is a share of the selected, so its axis runs 0-100%; reach is hours of
effort, so it gets its own panel rather than a second y-axis that invites misreading.
A date on which the headline is unknown (nothing comparable was recorded) is shown as
an open "unknown" mark on the baseline and the line is broken there, never drawn as 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from strive.i18n import _
from strive.reach import HeadlinePoint

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
    share,
)


def headline_chart(
    points: Sequence[HeadlinePoint], *, n: int, source: str, reach_k: int = 3
) -> Chart:
    """Coverage and reach from ``Workspace.history()`` (oldest first).

    ``n`` is the number of selected people coverage is a share of and ``source``
    their dataset (both from the gap report: ``report.cohort.selected`` and
    ``report.cohort.source``); ``reach_k`` is the k reach was computed for.
    """
    points = sorted(points, key=lambda p: p.when)
    headers = (_("Date"), _("Coverage"), _("Reach (hours)"))
    rows = tuple((day(p.when), share(p.coverage), number(p.reach)) for p in points)
    alt = _alt(points, n, source)
    with drawing(4.2) as fig:
        cov_ax, reach_ax = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
        cov_ax.set_title(_("Your headline over time"), loc="left")
        _line(
            cov_ax,
            points,
            [None if p.coverage is None else p.coverage * 100 for p in points],
            BLUE,
            "o",
            "%",
        )
        cov_ax.set_ylim(-4, 104)
        cov_ax.set_ylabel(_("Coverage (%)"))
        reach = [p.reach for p in points]
        _line(reach_ax, points, reach, ORANGE, "s", " h")
        reach_ax.set_ylabel(_("Reach (hours)"))
        top = max((r for r in reach if r is not None), default=0.0)
        reach_ax.set_ylim(0, max(top * 1.2, 10.0))
        if points:
            date_axis(reach_ax)
        footnote(
            fig,
            _(
                "Coverage: share of the {n} selected you match or exceed on every "
                "comparable trait ({source}). Reach: least effort in hours to match "
                "{k} of them."
            ).format(n=n, source=source, k=reach_k),
        )
        svg = render(fig, alt)
    return Chart(svg, alt, headers, rows)


def _line(
    ax: Any,
    points: Sequence[HeadlinePoint],
    ys: list[float | None],
    colour: str,
    marker: str,
    unit: str = "",
) -> None:
    xs = [p.when for p in points]
    segment: tuple[list[Any], list[float]] = ([], [])
    segments = [segment]
    for x, y in zip(xs, ys, strict=True):
        if y is None:
            ax.plot([x], [0], marker="x", color=GREY, markersize=8, linestyle="none")
            ax.annotate(
                _("unknown"),
                (x, 0),
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
                fontsize=10,
                color=INK,
            )
            segment = ([], [])
            segments.append(segment)
        else:
            segment[0].append(x)
            segment[1].append(y)
    for sx, sy in segments:
        if sx:
            ax.plot(sx, sy, color=colour, marker=marker, linewidth=2, markersize=6)
    known = [(x, y) for x, y in zip(xs, ys, strict=True) if y is not None]
    if known:
        x, y = known[-1]
        ax.annotate(
            number(y, 0) + unit,
            (x, y),
            xytext=(6, 4),
            textcoords="offset points",
            fontsize=10,
            fontweight="bold",
            color=INK,
        )


def _alt(points: Sequence[HeadlinePoint], n: int, source: str) -> str:
    known = [p for p in points if p.coverage is not None]
    if not known:
        return _(
            "Your headline is unknown on every recorded date ({count} dates; n = {n} "
            "selected, {source})."
        ).format(count=len(points), n=n, source=source)
    first, last = known[0], known[-1]
    text = _(
        "Coverage went from {before} on {first} to {after} on {last} (n = {n} "
        "selected, {source})"
    ).format(
        before=share(first.coverage),
        first=day(first.when),
        after=share(last.coverage),
        last=day(last.when),
        n=n,
        source=source,
    )
    if last.reach is not None:
        text += "; " + _("reach on {last}: {hours} hours").format(
            last=day(last.when), hours=number(last.reach)
        )
    unknown = len(points) - len(known)
    if unknown:
        text += "; " + _("unknown on {count} dates").format(count=unknown)
    return text + "."
