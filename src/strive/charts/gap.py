"""You against the selected, trait by trait: your value on the cohort's distribution.

The gap report keeps, per trait, only what the terminal shows (a percentile and
quartiles, or the top five categories), so the full distribution is recounted here
from the same (sub-)cohort the report was computed on, with the gap engine's own
:func:`strive.gap.summarize`; the counts are checked against the report's ``n`` and
``known`` so a chart can never show a different cohort than its report.

A number trait is a histogram with your value marked by a line, a triangle and the
word "you"; a yes/no, level, category or set trait is one bar per value with yours
hatched and labelled "you" (never colour alone). A value unknown for you is said so,
and nothing is marked.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from strive.cohort import Cohort
from strive.gap import GapReport, TraitFigure, summarize
from strive.gap.stats import TraitSummary
from strive.i18n import _
from strive.traits import Kind, Trait

from .chart import BLUE, INK, YOU, Chart, drawing, footnote, number, render, share

_MAX_BARS = 10
"""Bars drawn for one trait; the rest are summed into one "other" bar (the table
below keeps every value)."""


def gap_charts(report: GapReport, cohort: Cohort) -> tuple[Chart, ...]:
    """One chart per trait of ``report``, in the report's order.

    ``cohort`` is the (sub-)cohort the report was computed on (years and filters
    already applied; its selected rows are counted).

    Raises:
        ValueError: ``cohort`` does not give the report's counts.
    """
    return tuple(trait_chart(report, cohort, t.trait) for t in report.traits)


def trait_chart(report: GapReport, cohort: Cohort, trait: str) -> Chart:
    """You against the selected on one trait of ``report``.

    Raises:
        KeyError: the report has no figure for ``trait``.
        ValueError: ``cohort`` does not give the report's counts for it.
    """
    figure = next((t for t in report.traits if t.trait == trait), None)
    if figure is None:
        raise KeyError(trait)
    summary = summarize(cohort.only_selected(), cohort.column(trait).trait)
    if (summary.n, summary.known) != (figure.n, figure.known):
        raise ValueError(
            f"{trait}: the cohort gives {summary.known} known of {summary.n}, the "
            f"report {figure.known} of {figure.n}; pass the cohort the report was "
            "computed on"
        )
    if not figure.known:
        return _nothing_known(figure, summary.trait)
    if summary.trait.kind is Kind.NUMBER:
        return _histogram(figure, summary)
    return _bars(figure, summary)


def _basis(figure: TraitFigure) -> str:
    return _("known for {known} of {n} selected; source: {source}").format(
        known=figure.known, n=figure.n, source=figure.source
    )


def _headers() -> tuple[str, ...]:
    return (_("Value"), _("Selected people"), _("Share of known"), _("You"))


def _nothing_known(figure: TraitFigure, trait: Trait) -> Chart:
    """No selected person's value is known: say so; never draw zero bars."""
    alt = _("{trait}: not known for any of the {n} selected ({source}).").format(
        trait=trait.title, n=figure.n, source=figure.source
    )
    with drawing(1.6) as fig:
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_title(trait.title, loc="left")
        ax.text(
            0.0,
            0.5,
            _("unknown for all {n} selected").format(n=figure.n),
            transform=ax.transAxes,
            fontsize=11,
        )
        ax.text(
            0.0,
            0.1,
            _("you: {value}").format(value=figure.you_text),
            transform=ax.transAxes,
            fontsize=11,
        )
        footnote(fig, _basis(figure))
        svg = render(fig, alt)
    return Chart(svg, alt, _headers(), ())


# -- numbers ------------------------------------------------------------------------


def _edges(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    low, high = float(values.min()), float(values.max())
    if np.all(values == np.round(values)) and high - low <= 12:
        return np.arange(low, high + 2) - 0.5  # one bar per whole number
    return np.histogram_bin_edges(values, bins=10)


def _histogram(figure: TraitFigure, summary: TraitSummary) -> Chart:
    trait = summary.trait
    values = summary.values
    mine = None if figure.you is None else float(figure.you)
    rows: list[tuple[str, ...]] = []
    counts: list[int] = []
    edges = np.array([0.0, 1.0])
    if len(values):
        edges = _edges(values)
        counts = np.histogram(values, bins=edges)[0].tolist()
        whole = bool(np.all(values == np.round(values))) and edges[1] - edges[0] == 1
        for i, count in enumerate(counts):
            lo, hi = float(edges[i]), float(edges[i + 1])
            last = i == len(counts) - 1
            inside = (
                mine is not None and lo <= mine and (mine < hi or (last and mine <= hi))
            )
            text = number(lo + 0.5) if whole else f"{number(lo)}–{number(hi)}"
            rows.append(
                (
                    text,
                    str(count),
                    share(count / figure.known),
                    _("you") if inside else "",
                )
            )
    alt = _number_alt(figure, trait, summary)
    with drawing(3.4) as fig:
        ax = fig.add_subplot()
        if counts:
            ax.hist(
                values,
                bins=edges.tolist(),
                color=BLUE,
                edgecolor="white",
                linewidth=0.8,
                label=_("selected"),
            )
        ax.set_xlabel(_unit_label(trait))
        ax.set_ylabel(_("Selected people"))
        ax.set_title(trait.title, loc="left")
        if mine is not None:
            top = max(counts, default=1)
            ax.axvline(mine, color=YOU, linewidth=2.2, linestyle="--")
            ax.plot([mine], [top * 1.02], marker="v", markersize=11, color=YOU)
            ax.annotate(
                _("you: {value}").format(value=figure.you_text),
                (mine, top * 1.02),
                xytext=(6, 4),
                textcoords="offset points",
                color=INK,
                fontsize=11,
                fontweight="bold",
            )
            ax.set_ylim(0, top * 1.22)
            lo, hi = ax.get_xlim()
            ax.set_xlim(min(lo, mine - 0.5), max(hi, mine + 0.5))
        else:
            ax.set_title(_("your value: unknown"), loc="right", fontsize=11)
        footnote(fig, _basis(figure))
        svg = render(fig, alt)
    return Chart(svg, alt, _headers(), tuple(rows))


def _unit_label(trait: Trait) -> str:
    return f"{trait.title} ({trait.unit_text})" if trait.unit else trait.title


def _number_alt(figure: TraitFigure, trait: Trait, summary: TraitSummary) -> str:
    basis = _("n = {known} selected with a known value, of {n}; {source}").format(
        known=figure.known, n=figure.n, source=figure.source
    )
    if not figure.known:
        return _("{trait}: not known for any of the {n} selected.").format(
            trait=trait.title, n=figure.n
        )
    median = number(float(np.median(summary.values)))
    if figure.you is None:
        return _(
            "{trait}: your value is unknown; the selected range from {low} to "
            "{high}, median {median} ({basis})."
        ).format(
            trait=trait.title,
            low=number(summary.low),
            high=number(summary.high),
            median=median,
            basis=basis,
        )
    if figure.percentile is None:
        return _(
            "{trait}: yours is {value}; the selected's median is {median} ({basis})."
        ).format(trait=trait.title, value=figure.you_text, median=median, basis=basis)
    return _(
        "{trait}: yours is {value}, at or above {share} of the selected (median "
        "{median}; {basis})."
    ).format(
        trait=trait.title,
        value=figure.you_text,
        share=share(figure.percentile),
        median=median,
        basis=basis,
    )


# -- yes/no, levels, categories, sets -----------------------------------------------


def _tally(figure: TraitFigure, summary: TraitSummary) -> list[tuple[str, int, bool]]:
    """(value, count, yours) in display order."""
    trait = summary.trait
    you = figure.you
    if trait.kind is Kind.BOOL:
        yes = summary.count_at_least(1.0)
        return [
            (_("yes"), yes, you is True),
            (_("no"), summary.known - yes, you is False),
        ]
    if trait.kind is Kind.LEVEL:
        codes = summary.values.astype(np.int64)
        counts = np.bincount(codes, minlength=len(trait.levels)).tolist()
        return [
            (lv, int(c), you == lv) for lv, c in zip(trait.levels, counts, strict=True)
        ]
    mine = set(you) if isinstance(you, list) else {you}
    tally = [(label, count, label in mine) for label, count in summary.counts]
    held = dict(summary.counts)
    if trait.kind is Kind.CATEGORY and isinstance(you, str) and you not in held:
        tally.append((you, 0, True))  # yours, held by none of them: shown as 0
    return tally


def _bars(figure: TraitFigure, summary: TraitSummary) -> Chart:
    trait = summary.trait
    tally = _tally(figure, summary)
    known = figure.known
    rows = tuple(
        (
            label,
            str(count),
            share(count / known if known else None),
            _("you") if yours else "",
        )
        for label, count, yours in tally
    )
    shown = tally
    if len(tally) > _MAX_BARS:
        # The most common values, yours (always drawn), and the rest as one bar.
        head = tally[: _MAX_BARS - 1]
        mine = [t for t in tally[_MAX_BARS - 1 :] if t[2]]
        head = [*head[: len(head) - len(mine)], *mine]
        rest = [t for t in tally if t not in head]
        other = _("other ({count} values)").format(count=len(rest))
        shown = [*head, (other, sum(c for _l, c, _y in rest), False)]
    alt = _bars_alt(figure, trait, tally)
    height = 1.4 + 0.42 * len(shown)
    with drawing(height) as fig:
        ax = fig.add_subplot()
        ys = list(range(len(shown)))[::-1]
        top = max((c for _l, c, _y in shown), default=0) or 1
        for y, (_label, count, yours) in zip(ys, shown, strict=True):
            ax.barh(
                y,
                count,
                color="white" if yours else BLUE,
                edgecolor=YOU if yours else BLUE,
                hatch="///" if yours else None,
                linewidth=2 if yours else 0.8,
                height=0.7,
            )
            words = f"{count} ({share(count / known if known else None)})"
            if yours:
                words += "  ◀ " + _("you")
            ax.text(
                count + top * 0.02,
                y,
                words,
                va="center",
                fontsize=10,
                fontweight="bold" if yours else "normal",
                color=INK,
            )
        ax.set_yticks(ys, [label for label, _c, _y in shown])
        ax.set_xlim(0, top * 1.6)
        ax.set_xlabel(_("Selected people (of {known} known)").format(known=known))
        ax.set_title(trait.title, loc="left")
        if figure.you is None:
            ax.set_title(_("your value: unknown"), loc="right", fontsize=11)
        footnote(fig, _basis(figure))
        svg = render(fig, alt)
    return Chart(svg, alt, _headers(), rows)


def _bars_alt(
    figure: TraitFigure, trait: Trait, tally: list[tuple[str, int, bool]]
) -> str:
    basis = _("n = {known} selected with a known value, of {n}; {source}").format(
        known=figure.known, n=figure.n, source=figure.source
    )
    if not figure.known:
        return _("{trait}: not known for any of the {n} selected.").format(
            trait=trait.title, n=figure.n
        )
    if figure.you is None:
        label, count, _y = max(tally, key=lambda t: t[1])
        return _(
            "{trait}: your value is unknown; the most common among the selected is "
            "{value} ({count}, {share}; {basis})."
        ).format(
            trait=trait.title,
            value=label,
            count=count,
            share=share(count / figure.known),
            basis=basis,
        )
    yours = [(label, count) for label, count, mine in tally if mine]
    if trait.kind is Kind.SET:
        have = "; ".join(
            f"{label} {count} ({share(count / figure.known)})" for label, count in yours
        )
        return _(
            "{trait}: you have {value}; among the selected: {have} ({basis})."
        ).format(
            trait=trait.title,
            value=figure.you_text,
            have=have or _("none of theirs"),
            basis=basis,
        )
    count = sum(c for _l, c in yours)
    return _(
        "{trait}: yours is {value}, as for {count} of the selected ({share}; {basis})."
    ).format(
        trait=trait.title,
        value=figure.you_text,
        count=count,
        share=share(count / figure.known),
        basis=basis,
    )
