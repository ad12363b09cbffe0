"""The Spanish catalogue is complete, reviewed, current and safe to format.

A message marked with ``_()``/``ngettext()``/``N_()`` (or ``{{ _() }}`` in a web
template) that has no reviewed Spanish fails here, naming the message and the file.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from babel.messages.catalog import Catalog

from strive.i18n import _, ngettext, use_locale


def test_extraction_finds_the_core_messages(source_messages: dict) -> None:
    files = set(source_messages.values())
    # the mapping covers the core modules (and, when present, the web templates)
    assert any(f.endswith("validate.py") for f in files)
    assert any(f.endswith("labels.py") for f in files)
    assert "must not be blank" in source_messages
    assert ("{n} attempt", "{n} attempts") in source_messages


def test_every_message_has_reviewed_spanish(
    source_messages: dict, catalogue: Catalog, tools: SimpleNamespace
) -> None:
    missing = tools.untranslated(source_messages, catalogue)
    where = {m if isinstance(m, str) else m[0]: f for m, f in source_messages.items()}
    assert not missing, "no Spanish for:\n" + "\n".join(
        f"  {where[m]}: {m!r}" for m in missing
    )


def test_a_new_message_without_spanish_is_caught(
    tmp_path: Path, catalogue: Catalog, tools: SimpleNamespace
) -> None:
    """The check above is not vacuous: a freshly marked message fails it."""
    module = tmp_path / "src" / "strive" / "newcomer.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "from strive.i18n import _\n"
        "def hello() -> str:\n"
        "    return _('A sentence nobody has translated yet')\n"
        "def known() -> str:\n"
        "    return _('must not be blank')\n",
        encoding="utf-8",
    )
    found = tools.extract(tmp_path)
    assert tools.untranslated(found, catalogue) == [
        "A sentence nobody has translated yet"
    ]


def test_a_fuzzy_translation_counts_as_missing(
    tmp_path: Path, tools: SimpleNamespace
) -> None:
    text = tools.PO.read_text(encoding="utf-8").replace(
        'msgid "must not be blank"', '#, fuzzy\nmsgid "must not be blank"', 1
    )
    fuzzy_po = tmp_path / "strive.po"
    fuzzy_po.write_text(text, encoding="utf-8")
    assert tools.untranslated(
        ["must not be blank"], tools.read_catalogue(fuzzy_po)
    ) == ["must not be blank"]


def test_no_stale_entries(source_messages: dict, catalogue: Catalog) -> None:
    """Every entry in the .po is still marked somewhere (scripts/i18n.sh prunes)."""
    marked = {m if isinstance(m, str) else m[0] for m in source_messages}
    stale = [
        m.id
        for m in catalogue
        if m.id and (m.id if isinstance(m.id, str) else m.id[0]) not in marked
    ]
    assert not stale


def test_placeholders_match(catalogue: Catalog, tools: SimpleNamespace) -> None:
    """Spanish may reorder ``{field}`` placeholders but never drop or invent one."""
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else message.id
        strings = (
            (message.string,) if isinstance(message.string, str) else message.string
        )
        expected = set().union(*(tools.placeholders(i) for i in ids))
        for s in strings:
            if tools.placeholders(s) != expected:
                wrong.append((ids[0], s))
    assert not wrong


class _Any:
    """A placeholder value that takes any format spec (``{size:,}``, ``{name!r}``)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __format__(self, spec: str) -> str:
        return f"<{self.name}>"

    def __repr__(self) -> str:
        return f"<{self.name}>"


def test_every_translation_formats_with_its_placeholders(
    catalogue: Catalog, tools: SimpleNamespace
) -> None:
    """``.format(**values)`` works on each Spanish text (no stray brace)."""
    with use_locale("es"):
        for message in catalogue:
            if not message.id:
                continue
            if isinstance(message.id, str):
                text = _(message.id)
                names = tools.placeholders(message.id)
            else:
                text = ngettext(message.id[0], message.id[1], 2)
                names = tools.placeholders(message.id[0]) | tools.placeholders(
                    message.id[1]
                )
            values = {name: _Any(name) for name in names}
            shown = text.format(**values)
            # strive's runtime catalogue (compiled from the .po) gives the .po text
            expected = (
                message.string if isinstance(message.string, str) else message.string[1]
            )
            assert text == expected
            for name in names:
                assert f"<{name}>" in shown


def test_no_message_is_built_before_translation(tools: SimpleNamespace) -> None:
    """``_(f"...")`` or ``_("a" + b)`` cannot be extracted or reordered."""
    built = re.compile(r"\b(?:_|ngettext)\(\s*(?:f\"|f'|\"[^\"]*\"\s*\+|'[^']*'\s*\+)")
    offenders = [
        f"{path.relative_to(tools.ROOT)}:{number}"
        for path in (tools.ROOT / "src" / "strive").rglob("*.py")
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if built.search(line)
    ]
    assert not offenders


def test_plural_forms_differ_where_english_does(catalogue: Catalog) -> None:
    """A plural entry whose Spanish repeats the singular ("Se evaluó a 12 persona")
    is a translation error; the English forms differing is the tell."""
    repeated = [
        entry.id[0]
        for entry in catalogue
        if isinstance(entry.id, tuple)
        and entry.id[0] != entry.id[1]
        and len(set(entry.string)) < len(entry.string)
    ]
    assert not repeated, repeated
