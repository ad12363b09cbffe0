"""The :class:`Chart` record and the one place a matplotlib figure becomes SVG.

Every chart is a pure function of a result object returning a :class:`Chart`: the
picture (SVG text), a sentence saying its point with the numbers and ``n`` (the text
alternative), and the data table shown beneath it. People who cannot see the picture,
or would rather read, get the same facts.

The SVG is made to be served as an image under a strict Content-Security-Policy and
compared in tests:

- deterministic: a fixed ``svg.hashsalt``, no date in the metadata, a fixed figure
  size, no pyplot global state (a fresh :class:`matplotlib.figure.Figure` each time);
- text stays text (``svg.fonttype = 'none'``), so labels can be searched and
  translated, and user-typed text is XML-escaped by the serialiser;
- no CSS and no script: matplotlib's ``<style>`` element and every ``style``
  attribute are rewritten into SVG presentation attributes, and the RDF metadata is
  dropped; a ``<title>`` carries the text alternative;
- ``$`` in user text is literal (math parsing is off), so "Save $5 and $10" is not
  typeset as mathematics.

matplotlib is imported inside the functions, so ``strive --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from strive import i18n
from strive.i18n import _

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH_IN = 5.0
"""Figure width in inches: 360 user units (pt) across the viewBox. Shown 375 px wide
(a phone), one unit is about 1.04 px, so the smallest (10 pt) text is about 10.4 px
and most labels (11 pt) about 11.5 px; on a wider page the image only grows."""

# A contrast-safe palette after Okabe and Ito's (blue as is; orange and green darkened):
# on white, ink 15.9:1, blue 5.2:1, orange 5.5:1, green 6.5:1, grey 7.0:1 (WCAG
# ratios; text needs 4.5:1). Grey is for outcomes that must never read as failure.
INK = "#222222"
BLUE = "#0072B2"
ORANGE = "#A65200"
"""Marks "you"; never the only cue (always with a hatch, a marker or the word)."""
GREEN = "#006B4F"
GREY = "#595959"
YOU = ORANGE

_RC: dict[str, Any] = {
    "svg.hashsalt": "strive-charts",
    "svg.fonttype": "none",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "text.parse_math": False,
    "axes.unicode_minus": False,
}

_LOCK = threading.RLock()

_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"


@dataclass(frozen=True)
class Chart:
    """One picture with its words and numbers.

    >>> chart = route_chart(route)              # doctest: +SKIP
    >>> chart.svg.startswith("<svg")            # doctest: +SKIP
    True

    ``alt`` states the point in a sentence (with the numbers and ``n``); ``headers``
    and ``rows`` are the data table shown beneath the image, as display text (unknown
    values read "unknown", never 0).
    """

    svg: str
    alt: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "alt": self.alt,
            "headers": list(self.headers),
            "rows": [list(r) for r in self.rows],
        }


@contextmanager
def drawing(height: float) -> Iterator[Figure]:
    """A fresh figure of the fixed width, with strive's style active while it is
    drawn (call :func:`render` inside the block).

    matplotlib's style (``rcParams``) is global to the process, and a web server
    draws from several threads: one lock makes each drawing see only its own style
    (another thread's ``rc_context`` could otherwise restore the defaults mid-way,
    e.g. turning text into paths)."""
    import matplotlib
    from matplotlib.figure import Figure

    with _LOCK, matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        yield Figure(figsize=(WIDTH_IN, height), layout="constrained")


def render(fig: Figure, alt: str) -> str:
    """The figure as clean SVG text: no CSS, no metadata, the alt text as title."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return _clean(buffer.getvalue(), alt)


def _clean(raw: str, alt: str) -> str:
    # Parses only the SVG matplotlib just wrote in this process (no user input, no
    # external entities or DTD in it), so defusedxml would guard nothing here.
    import xml.etree.ElementTree as ET  # nosec B405

    ET.register_namespace("", _SVG)
    ET.register_namespace("xlink", _XLINK)
    root = ET.fromstring(raw)  # nosec B314
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{{{_SVG}}}style", f"{{{_SVG}}}metadata"):
                parent.remove(child)
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style:
            for name, value in _declarations(style):
                element.set(name, value)
    # matplotlib's stylesheet default, as inherited presentation attributes.
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    root.set("role", "img")
    root.set("aria-label", alt)
    title = ET.Element(f"{{{_SVG}}}title")
    title.text = alt
    root.insert(0, title)
    _drop_empty_defs(root)
    return ET.tostring(root, encoding="unicode")


def _drop_empty_defs(root: Any) -> None:
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{{{_SVG}}}defs" and len(child) == 0:
                parent.remove(child)


_FONT = re.compile(
    r"^(?:(?P<style>italic|oblique|normal)\s+)?(?:(?P<weight>bold|normal|\d{3})\s+)?"
    r"(?P<size>[\d.]+px)\s+(?P<family>.+)$"
)


def _declarations(style: str) -> list[tuple[str, str]]:
    """``style="a: b; c: d"`` as attributes; the ``font`` shorthand is expanded."""
    out: list[tuple[str, str]] = []
    for part in style.split(";"):
        if ":" not in part:
            continue
        name, value = (s.strip() for s in part.split(":", 1))
        if name == "font":
            match = _FONT.match(value)
            if match is None:
                raise ValueError(f"unexpected font shorthand in SVG: {value!r}")
            for key in ("style", "weight"):
                if match.group(key):
                    out.append((f"font-{key}", match.group(key)))
            out.append(("font-size", match.group("size")))
            out.append(("font-family", match.group("family")))
        else:
            out.append((name, value))
    return out


def footnote(fig: Figure, text: str) -> None:
    """Where the numbers come from, under the axes (wrapped for a phone's width;
    the layout engine makes room for it)."""
    import textwrap

    fig.supxlabel(
        "\n".join(textwrap.wrap(text, 60)), x=0.01, ha="left", fontsize=10, color=GREY
    )


def legend_below(fig: Figure, ax: Any, handles: list[Any]) -> None:
    """A legend under the axes in as many columns as fit the figure's width.

    The layout engine cannot make a legend narrower than its widest row: a row too
    wide for a phone's 360 units would stick out on both sides (Spanish labels are
    longer than English ones), and squeeze the axes trying to make room. So the
    columns are fewer until a row fits, and the figure grows by the extra rows'
    height rather than taking it from the axes."""
    room = fig.bbox.width - 2 * fig.dpi * 0.05  # the layout's own padding
    one_row = None
    for columns in range(len(handles), 0, -1):
        legend = ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.16),
            ncols=columns,
            frameon=False,
        )
        box = legend.get_window_extent()
        one_row = one_row if one_row is not None else box.height
        if box.width <= room:
            break
    width, height = fig.get_size_inches()
    fig.set_size_inches(width, height + (box.height - one_row) / fig.dpi)


def shorten(text: str, width: int = 40) -> str:
    """A label cut to fit a phone's width (the table beneath keeps it whole)."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# -- plain formatting (the i18n lane adds locale formatting later) ------------------


def number(value: float | None, places: int = 1) -> str:
    """A number as plain text: '6', '6.5', 'unknown'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _("unknown")
    rounded = round(float(value), places)
    if i18n.current_locale() != "en":  # the locale's separators: 1.234,5
        return i18n.format_number(
            rounded, decimals=0 if rounded == int(rounded) else places
        )
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.{places}f}"


def share(value: float | None) -> str:
    """A share as a whole percentage: '81%', '<1%', 'unknown'."""
    if value is None:
        return _("unknown")
    from strive.gap.report import percent

    return percent(value)


def day(value: dt.date | None) -> str:
    """A date, or "unknown": ISO text in English (what strive always printed), the
    locale's own form otherwise (``15 ene 2026``), as issue 8 asks."""
    if value is None:
        return _("unknown")
    if i18n.current_locale() != "en":  # 15 ene 2026; English keeps ISO days
        return i18n.format_date(value, style="medium")
    return value.isoformat()


def date_axis(ax: Any) -> None:
    """Compact date ticks that stay legible at phone width."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(minticks=3, maxticks=7)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
