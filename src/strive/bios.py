"""Evidence from biographies: which of the selected mention a trait, and where.

"What do they have that I don't?" José Hernández answered it by reading about the
people who were selected. This module does the reading for a person who collected
biographies (plain text, Markdown or saved HTML; one person per text): for each trait
it finds the sentences that mention it, with patterns the template defines
(``[[bios]]`` entries) or, for a template without any, the trait's label and listed
values. It counts how many of the N biographies mention each trait, keeps the
sentence and line as a quote, leaves out negated mentions ("never learned to fly")
and warns where a sentence suggests the skill came after selection ("as part of his
astronaut training"): a person selected first and trained afterwards is no evidence
of what it took to be selected.

Pure: it takes texts (or bytes, for :func:`decode`) and returns findings; reading
files and recording evidence is the caller's job. The findings become
:class:`~strive.evidence.Evidence` only when the person accepts them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from strive.i18n import _
from strive.traits import Kind, Mutability, Trait, TraitSet

MAX_BYTES = 5_000_000
"""A biography larger than this (5 MB) is refused: no biography is that long, and a
file that big is more likely a video, an archive or a whole website."""

QUOTE_MAX = 300
"""Longest quote printed (characters); a longer sentence is cut with '…'."""

NEGATION = re.compile(
    r"\b(?:never|not|no|without|neither|nor|cannot|can't|didn't|doesn't|don't|"
    r"wasn't|weren't|isn't|hasn't|hadn't|won't|failed to|n't)\b",
    re.IGNORECASE,
)
"""Words that, shortly before a match in the same clause, undo it."""
NEGATION_WINDOW = 6
"""How many words before a match are searched for a negation."""
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014]|\bbut\b|\band\b|\bwhile\b|\bwhereas\b")

AFTER_SELECTION = re.compile(
    r"astronaut(?:[- ]candidate)? training|\bascan training|"
    r"after (?:being|he was|she was|they were|his|her|their) (?:selected|selection)|"
    r"after (?:his|her|their) selection|\bonce selected\b|"
    r"\bas an astronaut candidate\b|"
    r"\bfor (?:the|his|her|their|a|an) (?:\w+ )?(?:mission|flight|expedition)\b|"
    r"\bduring (?:his|her|their) (?:astronaut |ascan |mission )?training\b|"
    r"\bin preparation for (?:his|her|their|the) (?:\w+ )?(?:flight|mission)\b|"
    r"\bNASA (?:sent|trained) (?:him|her|them)\b",
    re.IGNORECASE,
)
"""Phrases suggesting a skill came from training after selection (a warning, not a
verdict: the sentence is shown so the person can judge)."""

_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "jr",
        "sr",
        "st",
        "lt",
        "col",
        "capt",
        "cmdr",
        "cdr",
        "gen",
        "adm",
        "maj",
        "sgt",
        "no",
        "vs",
        "etc",
        "inc",
        "co",
        "corp",
        "dept",
        "univ",
        "approx",
        "fig",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
    }
)
_SENTENCE_END = re.compile(
    r"[.!?]+[\"')\]\u201d\u2019]*\s+(?=[\"'(\[\u201c\u2018]?[A-Z0-9])"
)
_PARAGRAPH = re.compile(r"\n[ \t]*\n|\u2029")
BREAK = "\u2029"
"""Marks a block boundary (HTML paragraph, list item) in a stripped text without
adding a line, so line numbers still match the user's file."""


class BioFileError(ValueError):
    """A biography that cannot be read (empty, binary, huge, not UTF-8)."""


@dataclass(frozen=True)
class BioPattern:
    """What counts as a mention of one trait, and the evidence it becomes."""

    trait: str
    condition: str
    """The evidence condition an accepted count is recorded under."""
    patterns: tuple[str, ...]
    """Regular expressions (Python syntax), matched case-insensitively."""
    label: str = ""
    fallback: bool = False
    """True when made from the trait's label and values (no template patterns)."""

    def compiled(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.patterns), re.IGNORECASE)


def check_pattern(text: str) -> str:
    """``text`` if it is a usable regular expression; ValueError otherwise."""
    if not text.strip():
        raise ValueError("an empty pattern would match everything")
    try:
        compiled = re.compile(text, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"not a regular expression ({exc})") from None
    if compiled.search("") is not None:
        raise ValueError("the pattern matches empty text")
    return text


def fallback_patterns(traits: TraitSet) -> tuple[BioPattern, ...]:
    """Patterns from the traits' labels and listed values, for templates without
    ``[[bios]]`` entries. Only traits a person can change and that are not
    sensitive; numbers are left out (a mention of "flight hours" says nothing of
    how many)."""
    out: list[BioPattern] = []
    for trait in traits:
        if trait.sensitive or trait.mutability is Mutability.FIXED:
            continue
        words = _phrase(trait.title)
        if trait.kind is Kind.BOOL:
            out.append(_fallback(trait, trait.name, [words]))
        elif trait.kind is Kind.LEVEL and len(trait.levels) > 1:
            higher = [_phrase(v.replace("_", " ")) for v in trait.levels[1:]]
            out.append(_fallback(trait, f"{trait.name}>={trait.levels[1]}", higher))
        elif trait.kind in (Kind.CATEGORY, Kind.SET) and trait.categories:
            op = "has" if trait.kind is Kind.SET else "="
            for value in trait.categories:
                condition = (
                    f"{trait.name} has {value}"
                    if op == "has"
                    else f"{trait.name}={value}"
                )
                out.append(
                    _fallback(trait, condition, [_phrase(value.replace("_", " "))])
                )
        elif trait.kind is Kind.SET:
            out.append(_fallback(trait, f"{trait.name}>=1", [words]))
    return tuple(out)


def _fallback(trait: Trait, condition: str, phrases: list[str]) -> BioPattern:
    return BioPattern(
        trait=trait.name,
        condition=condition,
        patterns=tuple(phrases),
        label=trait.title,
        fallback=True,
    )


def _phrase(text: str) -> str:
    """A literal phrase as a pattern: whole words, any run of spaces between."""
    words = [re.escape(w) for w in text.split()]
    return r"\b" + r"\s+".join(words) + r"\b"


# -- texts ----------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """A biography's bytes as text; :class:`BioFileError` says why not."""
    if not data.strip():
        raise BioFileError(_("empty file"))
    if len(data) > MAX_BYTES:
        raise BioFileError(
            _("too large ({size:,} bytes; at most {limit:,})").format(
                size=len(data), limit=MAX_BYTES
            )
        )
    if b"\x00" in data[:8192]:
        raise BioFileError(_("binary file (not text)"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BioFileError(
            _("line {line}: not UTF-8 text (save it as UTF-8)").format(line=line)
        ) from None
    if not text.strip():
        raise BioFileError(_("empty file"))
    return text


def plain_text(text: str, kind: str) -> str:
    """The readable text of a biography, with the same line numbers as the file.

    ``kind`` is ``html`` (tags stripped, scripts and styles dropped, block elements
    marked as breaks), ``markdown`` (links reduced to their text, emphasis and
    heading marks dropped) or anything else for plain text.
    """
    if kind == "html":
        from strive.bios_html import html_text  # html.parser: only for HTML

        return html_text(text)
    if kind == "markdown":
        return "\n".join(_markdown_line(row) for row in text.split("\n"))
    return text


def kind_of(name: str, text: str) -> str:
    """``html``, ``markdown`` or ``text``, by file name and a look at the text."""
    lower = name.lower()
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lower.endswith((".md", ".markdown")):
        return "markdown"
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    return "text"


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK = re.compile(r"(\*\*|__|\*|`)")
_MD_HEAD = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+(?=\S))")


def _markdown_line(row: str) -> str:
    row = _MD_LINK.sub(r"\1", row)
    row = _MD_MARK.sub("", row)
    heading = _MD_HEAD.match(row)
    if heading is not None:
        # a heading or list item is its own sentence
        row = BREAK + row[heading.end() :]
    return row


# -- matching -------------------------------------------------------------------------


@dataclass(frozen=True)
class Biography:
    """One person's biography: a name to quote (usually the file name) and text."""

    name: str
    text: str
    """Plain text (see :func:`plain_text`), lines as in the user's file."""


@dataclass(frozen=True)
class Mention:
    """A sentence of a biography that mentions a trait."""

    file: str
    line: int
    sentence: str
    matched: str
    after_selection: bool = False

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "sentence": self.sentence,
            "matched": self.matched,
            "after_selection": self.after_selection,
        }


@dataclass(frozen=True)
class TraitFinding:
    """How many of the biographies mention one trait, with a quote from each.

    ``have`` counts biographies with a mention that does not suggest training after
    selection; ``after_only`` those whose every mention does (shown with a warning,
    not counted); ``negated`` sentences such as "never learned to fly" (not counted).
    """

    trait: str
    condition: str
    label: str
    of: int
    counted: tuple[Mention, ...]
    after_only: tuple[Mention, ...]
    negated: tuple[Mention, ...]
    fallback: bool = False

    @property
    def have(self) -> int:
        return len(self.counted)

    def to_json(self) -> dict[str, Any]:
        return {
            "trait": self.trait,
            "condition": self.condition,
            "label": self.label,
            "have": self.have,
            "of": self.of,
            "after_selection_only": len(self.after_only),
            "fallback": self.fallback,
            "mentions": [m.to_json() for m in self.counted],
            "after_selection": [m.to_json() for m in self.after_only],
            "negated": [m.to_json() for m in self.negated],
        }


@dataclass(frozen=True)
class BioFindings:
    """Findings over N biographies, one entry per pattern set (trait/condition)."""

    of: int
    files: tuple[str, ...]
    findings: tuple[TraitFinding, ...]
    fallback: bool = False
    skipped: Mapping[str, str] = field(default_factory=dict)
    """Files that could not be read, with the reason."""

    def mentioned(self) -> tuple[TraitFinding, ...]:
        """The findings with at least one counted biography (what can be recorded)."""
        return tuple(f for f in self.findings if f.have > 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "of": self.of,
            "files": list(self.files),
            "fallback": self.fallback,
            "findings": [f.to_json() for f in self.findings],
            "skipped": [
                {"file": name, "reason": reason}
                for name, reason in self.skipped.items()
            ],
        }


@dataclass(frozen=True)
class Sentence:
    start: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """Split into sentences, keeping each one's offset in ``text``."""
    out: list[Sentence] = []
    for block_start, block in _blocks(text):
        start = 0
        for match in _SENTENCE_END.finditer(block):
            before = block[start : match.start()]
            last = before.split()[-1].lower() if before.split() else ""
            last = last.strip("\"'([{\u201c\u2018")
            if last in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last):
                continue
            _add(out, block_start + start, block[start : match.end()])
            start = match.end()
        _add(out, block_start + start, block[start:])
    return out


def _blocks(text: str) -> Iterable[tuple[int, str]]:
    start = 0
    for match in _PARAGRAPH.finditer(text):
        yield start, text[start : match.start()]
        start = match.end()
    yield start, text[start:]


def _add(out: list[Sentence], start: int, chunk: str) -> None:
    if chunk.strip():
        out.append(Sentence(start, chunk))


def quote(text: str) -> str:
    """A sentence as one line: whitespace collapsed, cut at :data:`QUOTE_MAX`."""
    flat = " ".join(text.replace(BREAK, " ").split())
    return flat if len(flat) <= QUOTE_MAX else flat[: QUOTE_MAX - 1].rstrip() + "…"


def negated(sentence: str, at: int) -> bool:
    """Whether a negation shortly before position ``at``, in the same clause, undoes
    the match there ("he never learned to fly", "she is not a pilot")."""
    before = sentence[:at]
    clause = _CLAUSE_BREAK.split(before)[-1]
    words = clause.split()[-NEGATION_WINDOW:]
    return NEGATION.search(" ".join(words)) is not None


def find_mentions(
    biographies: Sequence[Biography],
    patterns: Sequence[BioPattern],
    skipped: Mapping[str, str] | None = None,
) -> BioFindings:
    """For each pattern set, which biographies mention it, with a quote from each."""
    split = [(bio, sentences(bio.text)) for bio in biographies]
    findings: list[TraitFinding] = []
    for pattern in patterns:
        regex = pattern.compiled()
        counted: list[Mention] = []
        after_only: list[Mention] = []
        negated_: list[Mention] = []
        for bio, parts in split:
            first_after: Mention | None = None
            first_negated: Mention | None = None
            found: Mention | None = None
            for part in parts:
                mention = _mention(bio, part, regex)
                if mention is None:
                    continue
                kind, item = mention
                if kind == "negated":
                    first_negated = first_negated or item
                elif item.after_selection:
                    first_after = first_after or item
                else:
                    found = item
                    break
            if found is not None:
                counted.append(found)
            elif first_after is not None:
                after_only.append(first_after)
            elif first_negated is not None:
                negated_.append(first_negated)
        findings.append(
            TraitFinding(
                trait=pattern.trait,
                condition=pattern.condition,
                label=pattern.label or pattern.trait,
                of=len(biographies),
                counted=tuple(counted),
                after_only=tuple(after_only),
                negated=tuple(negated_),
                fallback=pattern.fallback,
            )
        )
    return BioFindings(
        of=len(biographies),
        files=tuple(b.name for b in biographies),
        findings=tuple(findings),
        fallback=any(p.fallback for p in patterns),
        skipped=dict(skipped or {}),
    )


def _mention(
    bio: Biography, part: Sentence, regex: re.Pattern[str]
) -> tuple[str, Mention] | None:
    """The sentence's first match that is not negated (else its first negated one)."""
    first_negated: Mention | None = None
    for match in regex.finditer(part.text):
        offset = part.start + match.start()
        mention = Mention(
            file=bio.name,
            line=bio.text.count("\n", 0, offset) + 1,
            sentence=quote(part.text),
            matched=" ".join(match.group(0).split()),
            after_selection=AFTER_SELECTION.search(part.text) is not None,
        )
        if negated(part.text, match.start()):
            first_negated = first_negated or mention
            continue
        return "counted", mention
    return None if first_negated is None else ("negated", first_negated)


def evidence_source(files: Sequence[str], limit: int = 1500) -> str:
    """The evidence source naming the biographies read (shortened past ``limit``)."""
    head = _("biographies read with strive evidence from-bios: ")
    names: list[str] = []
    for i, name in enumerate(files):
        more = len(files) - i
        candidate = ", ".join([*names, name])
        if len(head) + len(candidate) > limit:
            return head + ", ".join(names) + _(" and {n} more").format(n=more)
        names.append(name)
    return head + ", ".join(names)


def evidence_note(finding: TraitFinding) -> str:
    """The note kept with a recorded count: where each counted mention is."""
    note = _("{have} of {of} biographies mention it: {where}").format(
        have=finding.have,
        of=finding.of,
        where=", ".join(m.where for m in finding.counted),
    )
    if finding.after_only:
        note += _("; {n} more only after selection (not counted)").format(
            n=len(finding.after_only)
        )
    return note[:9000]
