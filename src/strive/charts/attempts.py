"""The attempts timeline: every application, its outcome, and the selection.

José Hernández applied twelve times; eleven were rejections. The timeline shows each
attempt as a quiet line from applying to the decision. A rejection is drawn with care:
a neutral grey open circle and the words "not selected", never a red failure bar. A
selection is a filled star with the word "selected" and a marked date. Pending
attempts end in an arrow with the word "pending". The outcome is always written, so
nothing rests on colour or shape alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from strive.attempts import Attempt, Outcome
from strive.i18n import _, ngettext
from strive.review import AttemptSummary

from .chart import (
    BLUE,
    GREEN,
    GREY,
    INK,
    Chart,
    date_axis,
    day,
    drawing,
    render,
    shorten,
)

_STYLE: dict[Outcome, tuple[str, str, str]] = {
    # marker, face colour, edge colour
    Outcome.PENDING: (">", "white", GREY),
    Outcome.INTERVIEWED: ("D", "white", BLUE),
    Outcome.REJECTED: ("o", "white", GREY),
    Outcome.SELECTED: ("*", GREEN, GREEN),
    Outcome.WITHDRAWN: ("s", "white", GREY),
}


def outcome_word(outcome: Outcome) -> str:
    """The outcome as a person would say it (a rejection is "not selected")."""
    words = {
        Outcome.PENDING: _("pending"),
        Outcome.INTERVIEWED: _("interviewed"),
        Outcome.REJECTED: _("not selected"),
        Outcome.SELECTED: _("selected"),
        Outcome.WITHDRAWN: _("withdrawn"),
    }
    return words[outcome]


def attempts_chart(summary: AttemptSummary, today: dt.date) -> Chart:
    """The attempts of ``summary`` on one timeline, oldest at the top.

    ``today`` ends the line of an attempt still pending (no decision yet).
    """
    attempts = summary.attempts
    rows = tuple(
        (
            a.name,
            day(a.applied),
            outcome_word(a.outcome),
            day(a.decided)
            if a.decided
            else (_("not yet") if not a.outcome.final else _("unknown")),
        )
        for a in attempts
    )
    headers = (_("Attempt"), _("Applied"), _("Outcome"), _("Decided"))
    alt = _alt(summary)
    height = 1.5 + 0.38 * max(len(attempts), 1)
    with drawing(height) as fig:
        ax = fig.add_subplot()
        ax.set_title(_("Your attempts"), loc="left")
        if not attempts:
            ax.set_axis_off()
            ax.text(0.0, 0.5, _("no attempts yet"), transform=ax.transAxes, fontsize=11)
        else:
            _draw(ax, attempts, today)
        svg = render(fig, alt)
    return Chart(svg, alt, headers, rows)


def _draw(ax: Any, attempts: tuple[Attempt, ...], today: dt.date) -> None:
    """(``ax`` is typed Any: matplotlib's stubs do not accept dates on an axis.)"""
    ys = list(range(len(attempts)))[::-1]
    last = max(max(a.decided or today, a.applied) for a in attempts)
    first = min(a.applied for a in attempts)
    span = max((last - first).days, 30)
    for y, attempt in zip(ys, attempts, strict=True):
        end = attempt.decided or (
            today if not attempt.outcome.final else attempt.applied
        )
        end = max(end, attempt.applied)
        ax.plot(
            [attempt.applied, end],
            [y, y],
            color=GREY,
            linewidth=2,
            solid_capstyle="round",
        )
        ax.plot([attempt.applied], [y], marker="|", markersize=10, color=INK)
        marker, face, edge = _STYLE[attempt.outcome]
        selected = attempt.outcome is Outcome.SELECTED
        ax.plot(
            [end],
            [y],
            marker=marker,
            markersize=16 if selected else 9,
            markerfacecolor=face,
            markeredgecolor=edge,
            markeredgewidth=1.6,
            linestyle="none",
        )
        ax.annotate(
            outcome_word(attempt.outcome),
            (end, y),
            xytext=(9, 0),
            textcoords="offset points",
            va="center",
            fontsize=10,
            fontweight="bold" if selected else "normal",
            color=INK,
        )
        if selected:
            ax.axvline(end, color=GREEN, linewidth=1.2, linestyle=":")
    ax.set_yticks(ys, [shorten(a.name, 28) for a in attempts])
    ax.set_ylim(-0.7, len(attempts) - 0.3)
    ax.set_xlim(
        first - dt.timedelta(days=span * 0.03), last + dt.timedelta(days=span * 0.22)
    )
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    date_axis(ax)


def _alt(summary: AttemptSummary) -> str:
    attempts = summary.attempts
    n = len(attempts)
    if not n:
        return _("No attempts recorded yet.")
    first, last = attempts[0].applied, attempts[-1].applied
    text = ngettext(
        "{n} attempt from {first} to {last}", "{n} attempts from {first} to {last}", n
    ).format(n=n, first=day(first), last=day(last))
    parts = [text]
    if summary.rejections:
        parts.append(_("{count} not selected").format(count=summary.rejections))
    chosen = [a for a in attempts if a.outcome is Outcome.SELECTED]
    if chosen:
        parts.append(
            _("selected in {name} on {when}").format(
                name=chosen[-1].name, when=day(chosen[-1].decided)
            )
        )
    pending = sum(a.outcome is Outcome.PENDING for a in attempts)
    if pending:
        parts.append(_("{count} pending").format(count=pending))
    return "; ".join(parts) + "."
