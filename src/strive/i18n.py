"""Languages: English is the source, Spanish is a complete gettext catalogue.

The language is a context variable, so a web request, a test or ``strive demo --lang
es`` sets it for exactly the code it runs, and core messages (validation errors, chart
labels) are translated where they are made. Messages are marked with ``_`` (and
``ngettext`` for counts) so that Babel extracts them.

This module is the contract the rest of strive codes against; the catalogues are
loaded lazily on first use of a language other than English.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

LOCALES = ("en", "es")
"""Supported languages, English (the source) first."""

_current: ContextVar[str] = ContextVar("strive_locale", default="en")


def current_locale() -> str:
    return _current.get()


@contextmanager
def use_locale(locale: str) -> Iterator[str]:
    """Run a block in ``locale`` (an unsupported one falls back to English)."""
    chosen = locale if locale in LOCALES else "en"
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """``message`` in the current language (English: unchanged)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language."""
    return singular if n == 1 else plural
