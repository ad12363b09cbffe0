"""Reading a chart's SVG as a reader (or a screen reader) would: XML, text, colours."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "R&D <script>alert(1)</script>"
"""User-typed text that would be markup if it were not escaped."""
DOLLARS = "Save $5 and $10"
"""Text matplotlib would typeset as mathematics if math parsing were on."""


def parse(svg: str) -> ET.Element:
    """The SVG as XML (fails the test if it is not well-formed)."""
    return ET.fromstring(svg)


def texts(svg: str) -> list[str]:
    """Every text run drawn in the SVG, as a reader of the XML sees it."""
    return ["".join(t.itertext()) for t in parse(svg).iter(f"{SVG}text")]


def colours(svg: str) -> set[str]:
    """Every fill and stroke colour used (lower-case hex)."""
    found = set()
    for element in parse(svg).iter():
        for name in ("fill", "stroke"):
            value = element.get(name, "")
            if re.fullmatch(r"#[0-9a-fA-F]{6}", value):
                found.add(value.lower())
    return found


def is_red(colour: str) -> bool:
    """Reds a reader takes for failure (#d62728, #ff0000, crimson, ...)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return r >= 0xB0 and g <= 0x60 and b <= 0x60


def font_sizes(svg: str) -> list[float]:
    """Every font size in the SVG, in its user units (points)."""
    return [
        float(e.get("font-size", "").removesuffix("px"))
        for e in parse(svg).iter()
        if e.get("font-size")
    ]


def assert_clean(svg: str, alt: str) -> None:
    """Well-formed SVG with no CSS, no script, no event handler, no foreign HTML,
    the alt text as its title, a fixed width, and no text smaller than 10 pt."""
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    # A fixed width of 360 units: at 375 px (a phone) one unit is about 1 px.
    assert root.get("viewBox", "").split()[2] == "360"
    tags = {e.tag.split("}")[-1] for e in root.iter()}
    assert not tags & {"style", "script", "foreignObject", "metadata"}
    for element in root.iter():
        assert "style" not in element.attrib
        assert not [a for a in element.attrib if a.lower().startswith("on")]
        for name, value in element.attrib.items():
            if name.endswith("href"):
                assert value.startswith("#")  # nothing loaded from elsewhere
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == alt
    for text in root.iter(f"{SVG}text"):
        assert contrast(text.get("fill", "#000000")) >= 4.5
    sizes = font_sizes(svg)
    assert sizes and min(sizes) >= 10
    assert outside(svg) == []  # nothing cut off at the picture's edges


def contrast(colour: str) -> float:
    """WCAG contrast ratio of a #rrggbb colour against white."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def text_boxes(svg: str) -> list[tuple[str, float, float, float, float]]:
    """Every text run with its box ``(text, left, top, right, bottom)`` in the
    viewBox's units, measured with the font metrics matplotlib lays text out by
    (DejaVu Sans, the first family each ``font-family`` names and the one the
    figure was drawn with). Handles the ways matplotlib places text: ``x``/``y``
    with a ``rotate(-0 ...)`` or ``rotate(-90 ...)`` (an axis label) transform, or a
    ``translate(x y)`` transform."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    measure = TextToPath()
    boxes = []
    for element in parse(svg).iter(f"{SVG}text"):
        text = "".join(element.itertext())
        if not text.strip():
            continue
        moved = re.fullmatch(
            r"translate\(([-\d.e]+)[ ,]([-\d.e]+)\)", element.get("transform", "")
        )
        turn = re.fullmatch(
            r"rotate\((-?[\d.]+) ([-\d.e]+) ([-\d.e]+)\)",
            element.get("transform", ""),
        )
        assert moved or turn, f"{text!r} placed by {element.get('transform')!r}"
        if moved:
            x, y, angle = float(moved.group(1)), float(moved.group(2)), 0.0
        else:
            assert turn is not None  # for mypy
            x, y = float(element.get("x", "0")), float(element.get("y", "0"))
            angle = float(turn.group(1))
            assert (float(turn.group(2)), float(turn.group(3))) == (x, y)
        assert angle in (0, -90), f"{text!r} turned {angle} degrees"
        size = float(element.get("font-size", "10px").removesuffix("px"))
        font = FontProperties(family="DejaVu Sans", size=size)
        width, height, descent = measure.get_text_width_height_descent(
            text, font, ismath=False
        )
        anchor = element.get("text-anchor", "start")
        start = {"start": 0.0, "middle": -width / 2, "end": -width}[anchor]
        if angle == 0:  # along the baseline from x, rightwards
            box = (x + start, y - (height - descent), x + start + width, y + descent)
        else:  # read bottom to top: the baseline runs upwards from y
            box = (x - (height - descent), y - start - width, x + descent, y - start)
        boxes.append((text, *box))
    return boxes


def outside(svg: str) -> list[str]:
    """The text runs that stick out of the picture (a reader sees them cut off)."""
    _x, _y, width, height = (float(v) for v in parse(svg).get("viewBox", "").split())
    return [
        text
        for text, left, top, right, bottom in text_boxes(svg)
        if left < 0 or top < 0 or right > width or bottom > height
    ]
