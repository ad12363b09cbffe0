"""``strive evidence from-bios``: read biographies, show what they say, record on
acceptance.

The matching is :mod:`strive.bios` (pure); this module reads the files, prints the
findings and, once the person accepts, records each counted trait as evidence
through :meth:`Workspace.add_evidence` with the files as the source.

Exit codes: 0 when at least one biography was read (unreadable files are listed on
stderr, one line each, and the others are still read); 1 when none could be read.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from strive.cli.app import workspace
from strive.cli.output import console, err_console, line, print_json
from strive.errors import InputError
from strive.i18n import _, ngettext

if TYPE_CHECKING:  # strive.bios (an HTML parser, many patterns) loads when used
    from strive.bios import BioFindings, Biography, TraitFinding


def register(evidence_app: typer.Typer) -> None:
    evidence_app.command("from-bios")(from_bios)


def from_bios(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Biographies, one person per file: .txt, .md or saved .html pages."
        ),
    ],
    accept: Annotated[
        bool,
        typer.Option("--accept", help="Record the counts as evidence without asking."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Find mentions of the goal's traits in biographies of people who were selected.

    Shows, per trait, how many biographies mention it and the sentence in each (file
    and line). Nothing is recorded until you accept (--accept, or answer yes).
    """
    from strive.bios import (
        evidence_note,
        evidence_source,
        fallback_patterns,
        find_mentions,
    )

    biographies, skipped = read_biographies(files)
    for name, reason in skipped.items():
        err_console.print(
            line(("warning:", "bold yellow"), f" {name}: {reason}"), soft_wrap=True
        )
    if not biographies:
        raise InputError(
            _("none of the {n} files could be read as a biography").format(n=len(files))
        )
    ws = workspace(ctx)
    context = ws.context()
    patterns = context.template.bios or fallback_patterns(context.template.traits)
    findings = find_mentions(biographies, patterns, skipped)
    if not as_json:
        show_findings(findings)
    recordable = findings.mentioned()
    record = accept
    if not accept and not as_json and recordable and interactive():
        record = typer.confirm(_("Record these counts as evidence?"), default=False)
    recorded: list[dict[str, Any]] = []
    if record:
        source = evidence_source(findings.files)
        for finding in recordable:
            ev = ws.add_evidence(
                finding.condition,
                source=source,
                have=finding.have,
                of=finding.of,
                note=evidence_note(finding),
            )
            recorded.append(
                {"id": ev.id, "condition": ev.condition, "have": ev.have, "of": ev.of}
            )
    if as_json:
        print_json({**findings.to_json(), "recorded": recorded})
        return
    if recorded:
        for item in recorded:
            console.print(
                line(_("Evidence {id}: {condition}: {have} of {of}").format(**item))
            )
    elif recordable:
        console.print(
            _(
                "Nothing recorded. To record these counts as evidence: "
                "strive evidence from-bios FILE... --accept"
            )
        )


def interactive() -> bool:
    """Whether a person can answer the question (stdin is a terminal)."""
    return sys.stdin.isatty()


def read_biographies(
    files: list[Path],
) -> tuple[list[Biography], dict[str, str]]:
    """Each readable file as a :class:`Biography`; the others with the reason."""
    from strive.bios import BioFileError, Biography, decode, kind_of, plain_text

    biographies: list[Biography] = []
    skipped: dict[str, str] = {}
    for path in files:
        name = str(path)
        try:
            data = _read(path)
            text = decode(data)
        except BioFileError as exc:
            skipped[name] = str(exc)
            continue
        biographies.append(Biography(name, plain_text(text, kind_of(name, text))))
    return biographies, skipped


def _read(path: Path) -> bytes:
    from strive.bios import MAX_BYTES, BioFileError

    try:
        if path.is_dir():
            raise BioFileError(_("is a folder, not a file"))
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise BioFileError(_("no such file")) from None
    except PermissionError:
        raise BioFileError(_("cannot be read (permission denied)")) from None
    except OSError as exc:
        raise BioFileError(
            _("cannot be read ({reason})").format(reason=exc.strerror or exc)
        ) from None
    if len(data) > MAX_BYTES:
        raise BioFileError(
            _("too large (more than {limit:,} bytes)").format(limit=MAX_BYTES)
        )
    return data


def show_findings(findings: BioFindings) -> None:
    """Per trait: how many biographies mention it, and a quote from each."""
    console.print(
        line(
            (
                ngettext(
                    "{n} biography read", "{n} biographies read", findings.of
                ).format(n=findings.of),
                "bold",
            )
        )
    )
    if findings.fallback:
        console.print(
            _(
                "This template defines no biography patterns ([[bios]]); matching "
                "the traits' labels and listed values."
            )
        )
    for finding in findings.findings:
        _show(finding)
    console.print(
        _(
            "A biography that does not mention a trait is not a 'no': only mentions "
            "are counted."
        )
    )


def _show(finding: TraitFinding) -> None:
    console.print()
    console.print(
        line(
            (finding.label, "bold"),
            f" ({finding.condition}): ",
            _("mentioned in {have} of {of} biographies").format(
                have=finding.have, of=finding.of
            ),
        )
    )
    for mention in finding.counted:
        console.print(line(f"  {mention.where}: ", f'"{mention.sentence}"'))
    for mention in finding.after_only:
        console.print(
            line(
                ("  warning: ", "yellow"),
                _("{where}: may have come after selection, not counted: ").format(
                    where=mention.where
                ),
                f'"{mention.sentence}"',
            )
        )
    for mention in finding.negated:
        console.print(
            line(
                "  ",
                _("{where}: negated, not counted: ").format(where=mention.where),
                f'"{mention.sentence}"',
            )
        )
