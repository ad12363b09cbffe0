"""Helpers for the catalogue tests: extract what the source marks, read the ``.po``.

Extraction runs Babel over the same mapping file as ``scripts/i18n.sh`` (``babel.cfg``)
so the tests see exactly what a translator would be asked to translate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "src" / "strive" / "locale" / "es" / "LC_MESSAGES" / "strive.po"
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}")

MessageId = str | tuple[str, ...]


def extract(root: Path, cfg: Path = ROOT / "babel.cfg") -> dict[MessageId, str]:
    """Every message marked under ``root`` → the first file that marks it."""
    with cfg.open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[MessageId, str] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        root, method_map, options_map
    ):
        found.setdefault(message, filename)
    return found


def read_catalogue(path: Path = PO) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale="es", domain="strive")


def untranslated(messages: Iterable[MessageId], catalogue: Catalog) -> list[str]:
    """The messages with no usable Spanish: absent, empty, or marked fuzzy."""
    missing: list[str] = []
    for message in messages:
        key = message if isinstance(message, str) else message[0]
        entry = catalogue.get(key)
        strings = () if entry is None else entry.string
        forms = (strings,) if isinstance(strings, str) else tuple(strings)
        if entry is None or entry.fuzzy or not forms or not all(forms):
            missing.append(key)
    return missing


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.fixture(scope="session")
def source_messages() -> dict[MessageId, str]:
    return extract(ROOT)


@pytest.fixture(scope="session")
def catalogue() -> Catalog:
    return read_catalogue()


@pytest.fixture(scope="session")
def tools() -> SimpleNamespace:
    """The helpers above, for test modules (conftest is not importable by name)."""
    return SimpleNamespace(
        PO=PO,
        ROOT=ROOT,
        extract=extract,
        read_catalogue=read_catalogue,
        untranslated=untranslated,
        placeholders=placeholders,
    )
