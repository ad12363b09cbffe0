"""The pure part of evidence from biographies: sentences, lines, negations, timing,
HTML and Markdown stripping, decoding, fallback patterns, template validation."""

from __future__ import annotations

import tomllib

import pytest

from strive.bios import (
    BioFileError,
    Biography,
    BioPattern,
    decode,
    fallback_patterns,
    find_mentions,
    negated,
    plain_text,
    sentences,
)
from strive.errors import TemplateError
from strive.template import parse_template
from strive.traits import Kind, Mutability, Trait, TraitSet

PILOT = BioPattern("pilot", "pilot", (r"\bpilot\b", r"learned to fly"), "pilot")


def count(text: str, pattern: BioPattern = PILOT) -> tuple[int, int, int]:
    [f] = find_mentions([Biography("b.txt", text)], [pattern]).findings
    return f.have, len(f.after_only), len(f.negated)


def test_sentences_keep_abbreviations_and_offsets() -> None:
    text = "Dr. Roe joined the U.S. Navy in 1990. She flew jets.\n\nA new block"
    parts = sentences(text)
    assert [p.text.strip() for p in parts] == [
        "Dr. Roe joined the U.S. Navy in 1990.",
        "She flew jets.",
        "A new block",
    ]
    assert all(text[p.start :].startswith(p.text) for p in parts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She is a pilot.", (1, 0, 0)),
        ("She never learned to fly.", (0, 0, 1)),
        ("He is not a pilot.", (0, 0, 1)),
        ("He did not want to be a pilot.", (0, 0, 1)),
        # the negation is in another clause: the mention counts
        ("He never dived, but he is a pilot.", (1, 0, 0)),
        ("Not a pilot then. Later she became a pilot.", (1, 0, 0)),
        ("After being selected, she trained as a pilot.", (0, 1, 0)),
        ("She learned to fly as part of her astronaut training.", (0, 1, 0)),
        # one mention before selection is enough, whatever comes after
        ("She was a pilot. For the mission she learned to fly jets.", (1, 0, 0)),
        ("No mention here.", (0, 0, 0)),
    ],
)
def test_negation_and_timing(text: str, expected: tuple[int, int, int]) -> None:
    assert count(text) == expected


def test_negation_window_is_short() -> None:
    sentence = "Not once in the long years of his career did he stop being a pilot"
    assert not negated(sentence, sentence.index("pilot"))


def test_html_keeps_the_files_line_numbers_and_drops_scripts() -> None:
    html = (
        "<html><head><title>T</title>\n<script>pilot pilot</script></head>\n"
        "<body>\n<p>Intro.</p><p>She is\na <b>pilot</b>&nbsp;now.</p>\n</body></html>"
    )
    text = plain_text(html, "html")
    [f] = find_mentions([Biography("x.html", text)], [PILOT]).findings
    [m] = f.counted
    assert (m.line, m.sentence) == (5, "She is a pilot now.")


def test_markdown_links_and_marks_are_dropped() -> None:
    md = "# Name\n\nShe is a [**pilot**](https://example.org/p).\n"
    [f] = find_mentions(
        [Biography("x.md", plain_text(md, "markdown"))], [PILOT]
    ).findings
    assert (f.counted[0].line, f.counted[0].sentence) == (3, "She is a pilot.")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b" \n\t\n", "empty file"),
        (b"abc\x00def", "binary file (not text)"),
        (b"ok\n\xe9t\xe9\n", "line 2: not UTF-8 text (save it as UTF-8)"),
        (b"x" * 5_000_001, "too large (5,000,001 bytes; at most 5,000,000)"),
    ],
)
def test_decode_refuses_what_is_not_a_biography(data: bytes, message: str) -> None:
    with pytest.raises(BioFileError) as info:
        decode(data)
    assert str(info.value) == message


def test_decode_takes_utf8_with_a_bom() -> None:
    assert decode("\ufeffJosé".encode()) == "José"


def test_fallback_uses_labels_and_values_not_fixed_or_sensitive_traits() -> None:
    traits = TraitSet.of(
        [
            Trait("diver", Kind.BOOL, label="certified diver"),
            Trait("rank", Kind.LEVEL, levels=("none", "open_water", "rescue")),
            Trait("tongues", Kind.SET, categories=("russian",)),
            Trait("age", Kind.NUMBER, mutability=Mutability.FIXED),
            Trait("gender", Kind.CATEGORY, sensitive=True, categories=("f",)),
            Trait("hours", Kind.NUMBER),
        ]
    )
    made = {p.condition: p for p in fallback_patterns(traits)}
    assert set(made) == {"diver", "rank>=open_water", "tongues has russian"}
    assert count("She is a certified  diver.", made["diver"]) == (1, 0, 0)
    assert count("Rescue, then open water.", made["rank>=open_water"]) == (1, 0, 0)
    assert count("He speaks Russian.", made["tongues has russian"]) == (1, 0, 0)


BASE = """\
[template]
name = "t"

[[traits]]
name = "diver"
kind = "bool"

[[traits]]
name = "tongues"
kind = "set"
"""


def parse(extra: str) -> object:
    text = BASE + extra
    return parse_template(tomllib.loads(text), "t.toml", text)


def test_template_bios_entries_are_read_with_their_default_condition() -> None:
    template = parse('\n[[bios]]\ntrait = "tongues"\npatterns = ["fluent in"]\n')
    [entry] = template.bios  # type: ignore[attr-defined]
    assert (entry.trait, entry.condition, entry.patterns) == (
        "tongues",
        "tongues>=1",
        ("fluent in",),
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            '\n[[bios]]\ntrait = "scuba"\npatterns = ["x"]\n',
            "t.toml:13: bios[1] 'scuba'.trait: 'scuba' is not a trait of this template",
        ),
        (
            '\n[[bios]]\ntrait = "diver"\npatterns = ["ok", "(unclosed"]\n',
            "t.toml:14: bios[1] 'diver'.patterns[2]: not a regular expression",
        ),
        (
            '\n[[bios]]\ntrait = "diver"\npatterns = ["a?"]\n',
            "t.toml:14: bios[1] 'diver'.patterns[1]: the pattern matches empty text",
        ),
        (
            '\n[[bios]]\ntrait = "diver"\npatterns = []\n',
            "t.toml:14: bios[1] 'diver'.patterns: list at least one pattern",
        ),
        (
            '\n[[bios]]\ntrait = "diver"\npatterns = ["x"]\ncondition = "tongues>=2"\n',
            "t.toml:15: bios[1] 'diver'.condition: the condition must be about 'diver'",
        ),
    ],
)
def test_template_bios_errors_name_file_line_and_field(
    extra: str, message: str
) -> None:
    with pytest.raises(TemplateError) as info:
        parse(extra)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("text", "trait"),
    [
        ("He served as a Navy SEAL.", "scuba"),
        ("He is a combat diver.", "scuba"),
        ("She became a PADI Advanced Open Water diver in 1995.", "scuba"),
        ("She is fluent in English and Spanish.", "languages"),
        ("He speaks English and Russian.", "languages"),
        ("Her language skills include Japanese.", "languages"),
        ("He has 3,000 flight hours.", "pilot_certificate"),
        ("He was a naval aviator.", "pilot_certificate"),
        ("She holds a private pilot license.", "pilot_certificate"),
        ("She holds a private pilot licence.", "pilot_certificate"),
        ("She holds a private pilot certificate.", "pilot_certificate"),
        ("He graduated as a test pilot.", "pilot_certificate"),
    ],
)
def test_nasa_patterns_find_the_usual_phrases(text: str, trait: str) -> None:
    from strive.templates import load_template

    found = find_mentions([Biography("b", text)], load_template("nasa-astronaut").bios)
    assert [f.trait for f in found.findings if f.have] == [trait]


@pytest.mark.parametrize(
    "text",
    [
        "She studied elephant seals.",  # SEAL is matched in capitals only
        "She speaks English.",  # English is not a language besides English
        "The pilot program failed.",
        "He watched the divers from the boat.",
    ],
)
def test_nasa_patterns_leave_lookalikes_alone(text: str) -> None:
    from strive.templates import load_template

    found = find_mentions([Biography("b", text)], load_template("nasa-astronaut").bios)
    assert [f.trait for f in found.findings if f.have or f.negated] == []
