"""The caseload report as one self-contained HTML page with inline SVG charts.

Everything is in the one file (styles, charts as inline ``<svg>``; no script, font,
image or stylesheet is fetched), so it can be mailed or opened offline. Every chart
has a caption and the table of its numbers next to it. matplotlib is imported here
only, and this module only by ``strive caseload --html``.
"""

from __future__ import annotations

import html
import io
import re
from typing import Any

from strive.batch.caseload import CaseloadReport, Distribution
from strive.i18n import (
    _,
    current_locale,
    decimal_text,
    hours_text,
    money_text,
    ngettext,
    percent_text,
)

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1a1a1a}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}
td,th{border:1px solid #bbb;padding:.2rem .5rem;text-align:left}
td.num{text-align:right}
figure{margin:1rem 0}
figcaption{font-size:.9rem;color:#444}
p.note{font-size:.9rem;color:#444}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _heading(text: str) -> str:
    # A message is marked outside any f-string: Babel does not look inside them.
    return f"<h2>{_e(text)}</h2>"


def _pct(share: float) -> str:
    return percent_text(share, 1)


def _svg(kind: str, labels: list[str], values: list[float], xlabel: str) -> str:
    """A bar chart as inline SVG (text kept as text, no external references)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "strive-caseload",
            "text.parse_math": False,
            "font.size": 9,
        }
    ):
        height = 2.6 if kind == "v" else max(1.6, 0.32 * len(labels) + 0.8)
        fig, ax = plt.subplots(figsize=(7.0, height))
        try:
            if kind == "h":
                ax.barh(range(len(values)), values, color="#3b6ea5")
                ax.set_yticks(range(len(labels)), labels)
                ax.invert_yaxis()
                ax.set_xlabel(xlabel)
            else:
                ax.bar(range(len(values)), values, color="#3b6ea5")
                ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
                ax.set_ylabel(xlabel)
            ax.spines[["top", "right"]].set_visible(False)
            fig.tight_layout()
            out = io.StringIO()
            fig.savefig(out, format="svg", metadata={"Date": None})
        finally:
            plt.close(fig)
    text = out.getvalue()
    # Inline: no XML prologue or DOCTYPE, and no RDF metadata (it names URLs).
    text = text[text.index("<svg") :]
    return re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)


def _figure(caption: str, svg: str) -> str:
    return (
        f'<figure role="img" aria-label="{_e(caption)}">{svg}'
        f"<figcaption>{_e(caption)}</figcaption></figure>"
    )


def _table(head: list[str], rows: list[list[Any]]) -> str:
    out = ["<table><thead><tr>"]
    out += [f"<th>{_e(h)}</th>" for h in head]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>")
        for cell in row:
            cls = ' class="num"' if isinstance(cell, int | float) else ""
            out.append(f"<td{cls}>{_e(cell)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _value(unit: str, value: float) -> str:
    return _pct(value) if unit == "share" else hours_text(value)


def _bin_label(lo: float, hi: float, unit: str) -> str:
    if unit == "share":
        return f"{decimal_text(lo * 100)}-{percent_text(hi)}"
    if hi == float("inf"):
        return f"{decimal_text(lo)}+ h"
    return f"{decimal_text(lo)}-{hours_text(hi)}"


def _distribution(d: Distribution, title: str) -> str:
    labels = [_bin_label(lo, hi, d.unit) for lo, hi, _c in d.bins]
    counts = [c for _lo, _hi, c in d.bins]
    caption = _("{title}: people per band (known for {known} of {n})").format(
        title=title, known=d.known, n=d.n
    )
    if d.quartiles is None:
        summary = _("unknown for everyone (n={n})").format(n=d.n)
    else:
        summary = _("quartiles {q1}, {q2}, {q3} (known for {known} of {n})").format(
            q1=_value(d.unit, d.quartiles[0]),
            q2=_value(d.unit, d.quartiles[1]),
            q3=_value(d.unit, d.quartiles[2]),
            known=d.known,
            n=d.n,
        )
    return (
        f"<h2>{_e(title)}</h2><p>{_e(summary)}</p>"
        + _figure(caption, _svg("v", labels, [float(c) for c in counts], _("people")))
        + _table(
            [_("band"), _("people")],
            [[lab, c] for lab, c in zip(labels, counts, strict=True)],
        )
    )


def _offers(report: CaseloadReport) -> str:
    """Which single course would move the most people (the re-planned offers)."""
    offers = list(report.offers)
    if not offers:
        return ""
    n = report.n
    return (
        _heading(_("If offered: which course would move the most people"))
        + _figure(
            _(
                "People (of {n}) whose route each offered action shortens or makes "
                "possible"
            ).format(n=n),
            _svg(
                "h",
                [o.label or o.action for o in offers],
                [float(o.moved) for o in offers],
                _("people"),
            ),
        )
        + _table(
            [
                _("action"),
                _("people moved"),
                _("finish earlier"),
                _("days earlier"),
                _("unblocked"),
                _("finish later"),
                _("effort saved (median)"),
                _("money saved (median)"),
                "n",
            ],
            [
                [
                    o.label or o.action,
                    o.moved,
                    o.earlier,
                    o.days_text(),
                    o.unblocked,
                    o.later,
                    "-" if o.hours_median is None else hours_text(o.hours_median),
                    _("unknown")
                    if o.money_median is None
                    else f"{money_text(o.money_median)} "
                    f"({o.money_people} / {o.money_known})",
                    o.n,
                ]
                for o in offers
            ],
        )
    )


def render_html(report: CaseloadReport, title: str = "") -> str:
    """The whole page (UTF-8 text) in the current language, which its ``lang``
    names (screen readers and browsers' translation offers read it). ``title``
    names the results file."""
    n = report.n
    head = _("Caseload report")
    parts = [
        f'<!DOCTYPE html><html lang="{_e(current_locale())}"><head>'
        '<meta charset="utf-8">',
        f"<title>{_e(head)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(head)}</h1>",
        f"<p>{_e(title)}</p>" if title else "",
        "<p>"
        + _e(
            ngettext(
                "{n} person; {f} with a feasible route within their limits.",
                "{n} people; {f} with a feasible route within their limits.",
                n,
            ).format(n=n, f=report.feasible)
        )
        + "</p>",
        _distribution(report.coverage, _("Coverage")),
        _distribution(report.reach, _("Reach (hours to match 3 of the selected)")),
    ]
    gaps = list(report.gaps)
    parts.append(_heading(_("Most common gaps")))
    if gaps:
        parts.append(
            _figure(
                _(
                    "Share of the caseload (n={n}) with each gap among their top 5"
                ).format(n=n),
                _svg(
                    "h",
                    [g.label or g.name for g in gaps],
                    [g.share * 100 for g in gaps],
                    "%",
                ),
            )
        )
    parts.append(
        _table(
            [_("gap"), _("people"), _("share of caseload"), "n"],
            [[g.label or g.name, g.people, _pct(g.share), g.n] for g in gaps],
        )
    )
    actions = list(report.actions)
    parts.append(_heading(_("Actions in the most routes")))
    if actions:
        parts.append(
            _figure(
                _("People (of {n}) whose route contains each action").format(n=n),
                _svg(
                    "h",
                    [a.label or a.action for a in actions],
                    [float(a.people) for a in actions],
                    _("people"),
                ),
            )
        )
    parts.append(
        _table(
            [
                _("action"),
                _("people"),
                _("share"),
                _("money (median per person)"),
                _("money (total)"),
                _("hours in routes (median)"),
                _("if offered: routes shortened"),
            ],
            [
                [
                    a.label or a.action,
                    a.people,
                    _pct(a.share),
                    a.money_text(),
                    a.money_text(total=True),
                    hours_text(a.hours_median),
                    _("not re-planned")
                    if (o := report.offer(a.action)) is None
                    else f"{o.earlier} / {o.n}, {o.days_text()}",
                ]
                for a in actions
            ],
        )
    )
    parts.append(_offers(report))
    steps = list(report.steps)
    parts.append(_heading(_("People by step")))
    parts.append(
        _figure(
            _("People at each step (n={n})").format(n=n),
            _svg(
                "h",
                [s.label for s in steps],
                [float(s.people) for s in steps],
                _("people"),
            ),
        )
    )
    parts.append(
        _table(
            [_("step"), _("people"), _("share"), "n"],
            [[s.label, s.people, _pct(s.share), s.n] for s in steps],
        )
    )
    parts += [f'<p class="note">{_e(note)}</p>' for note in report.notes]
    parts.append("</body></html>\n")
    return "".join(parts)
