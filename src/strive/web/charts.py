"""The adapter between pages and :mod:`strive.charts` (pure functions → SVG).

A chart function takes result objects and returns an object with ``.svg``,
``.alt``, ``.headers`` and ``.rows``. Until the charts package is installed the
image routes answer 404 and the pages show the data table alone, which says the
same thing in words.
"""

from __future__ import annotations

from typing import Any


def chart(kind: str, *args: Any, **kwargs: Any) -> Any | None:
    """The chart object, or ``None`` when strive.charts has no such chart."""
    try:
        from strive import charts  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    function = getattr(charts, kind, None)
    if function is None:
        return None
    return function(*args, **kwargs)


def available() -> bool:
    try:
        from strive import charts  # type: ignore[attr-defined,unused-ignore]  # noqa: F401
    except ImportError:
        return False
    return True
