"""Cohorts, evidence, attempts and supporters: the people around the goal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from strive.attempts import Outcome
from strive.cli.app import workspace
from strive.cli.base import StriveTyper
from strive.cli.output import (
    console,
    data,
    day,
    line,
    parse_date,
    parse_years,
    pct,
    print_json,
    state,
    table,
    template_text,
)
from strive.corrections import Correction
from strive.evidence import evidence_json
from strive.i18n import _
from strive.supporters import Share, Supporter

cohort_app = StriveTyper()
evidence_app = StriveTyper()
attempt_app = StriveTyper()
supporter_app = StriveTyper()

_Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]
_Id = Annotated[int, typer.Argument(help="The id shown by the list command.")]


def show_correction(c: Correction) -> None:
    """Say what an edit or deletion did (it is kept as history)."""
    console.print(line(c.text[:1].upper() + c.text[1:] + "."))
    console.print(_("Kept as a correction in your history (strive progress, review)."))


@cohort_app.command("show")
def cohort_show(
    ctx: typer.Context,
    years: Annotated[
        str | None, typer.Option("--years", help="Only classes in a range: 1990-2000.")
    ] = None,
    as_json: _Json = False,
) -> None:
    """Who was selected: size, source, licence, classes, known values per trait."""
    from strive.cohort import concat

    c = workspace(ctx).context()
    cohort = concat([c.cohort, *c.imported])
    span = parse_years(years)
    if span:
        cohort = cohort.between(*span)
    summary = cohort.summary()
    if as_json:
        print_json(summary)
        return
    ctx.with_resource(template_text(c.template))
    console.print(line((data(summary["description"]), "bold")))
    if summary["citation"]:
        console.print(_("Source: {source}").format(source=summary["citation"]))
    if summary["licence"]:
        console.print(_("Licence: {licence}").format(licence=summary["licence"]))
    classes = ", ".join(f"{y}: {n}" for y, n in summary["classes"].items())
    console.print(
        _("Classes: {classes}; year unknown: {n}").format(
            classes=classes or _("none"), n=summary["year_unknown"]
        )
    )
    out = table(_("Known values per trait"), "trait", "known", "of")
    for name, known in summary["known"].items():
        out.add_row(name, str(known), str(summary["n"]))
    console.print(out)


@cohort_app.command("import")
def cohort_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV: one row per selected person.")],
    name: Annotated[str, typer.Option("--name", help="E.g. 'NASA class of 2021'.")],
    source: Annotated[str, typer.Option("--source", help="Where the data came from.")],
) -> None:
    """Import a newly selected class (strict: nothing is written on any error)."""
    cohort = workspace(ctx).import_cohort(file, name=name, source=source)
    console.print(
        line(
            _("Imported {n} selected people as ").format(n=cohort.size),
            (name, "bold"),
            ".",
        )
    )


@evidence_app.command("add")
def evidence_add(
    ctx: typer.Context,
    trait: Annotated[
        str,
        typer.Argument(
            help="A trait or condition, e.g. pilot_certificate or 'languages>=3'. "
            "A new name adds a custom yes/no trait to the goal."
        ),
    ],
    source: Annotated[str, typer.Option("--source", help="Who or what says so.")],
    have: Annotated[
        int | None, typer.Option("--have", help="How many of them had it.")
    ] = None,
    of: Annotated[int | None, typer.Option("--of", help="Out of how many.")] = None,
    note: Annotated[str, typer.Option("--note", help="A note.")] = "",
) -> None:
    """Record what you learned about the selected that no dataset holds."""
    ev = workspace(ctx).add_evidence(trait, source=source, have=have, of=of, note=note)
    count = (
        _("{have} of {of}").format(have=ev.have, of=ev.of)
        if ev.have is not None
        else _("reported")
    )
    console.print(
        line(
            _("Evidence {id}: {condition}: {count} ({source})").format(
                id=ev.id, condition=ev.condition, count=count, source=ev.source
            )
        )
    )


@evidence_app.command("list")
def evidence_list(ctx: typer.Context, as_json: _Json = False) -> None:
    """The evidence recorded for the active goal."""
    items = workspace(ctx).context().evidence
    if as_json:
        print_json(evidence_json(items))
        return
    if not items:
        console.print(
            _(
                "No evidence yet. What you learn about the selected goes in with: "
                "strive evidence add TRAIT --source ..."
            )
        )
        return
    out = table(_("Evidence"), "id", "condition", "have", "share", "source", "note")
    for e in items:
        out.add_row(
            str(e.id),
            e.condition,
            _("{have} of {of}").format(have=e.have, of=e.of)
            if e.have is not None
            else _("reported"),
            pct(e.share),
            e.source,
            e.note,
        )
    console.print(out)


@evidence_app.command("edit")
def evidence_edit(
    ctx: typer.Context,
    evidence_id: _Id,
    source: Annotated[
        str | None, typer.Option("--source", help="Who or what says so.")
    ] = None,
    have: Annotated[
        int | None, typer.Option("--have", help="How many of them had it.")
    ] = None,
    of: Annotated[int | None, typer.Option("--of", help="Out of how many.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="A note.")] = None,
    no_counts: Annotated[
        bool, typer.Option("--no-counts", help="Remove the counts (qualitative).")
    ] = False,
) -> None:
    """Correct a piece of evidence (only the fields given change)."""
    c = workspace(ctx).edit_evidence(
        evidence_id, source=source, have=have, of=of, note=note, counts=not no_counts
    )
    show_correction(c)


@evidence_app.command("delete")
def evidence_delete(ctx: typer.Context, evidence_id: _Id) -> None:
    """Delete a piece of evidence (kept as a correction in the history)."""
    show_correction(workspace(ctx).delete_evidence(evidence_id))


@attempt_app.command("add")
def attempt_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="E.g. 'NASA 2024 call'.")],
    date: Annotated[
        str | None, typer.Option("--date", help="When you applied (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Record an application."""
    a = workspace(ctx).add_attempt(name, parse_date(date))
    console.print(
        line(
            _("Attempt {id}: ").format(id=a.id),
            a.name,
            _(" recorded ({date}); good luck.").format(date=day(a.applied)),
        )
    )


@attempt_app.command("result")
def attempt_result(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The attempt's name.")],
    outcome: Annotated[Outcome, typer.Argument(help="What happened.")],
    date: Annotated[
        str | None, typer.Option("--date", help="When you heard (YYYY-MM-DD).")
    ] = None,
    feedback: Annotated[
        str, typer.Option("--feedback", help="Reasons or feedback you were given.")
    ] = "",
) -> None:
    """Record the outcome of an application."""
    ws = workspace(ctx)
    a = ws.record_result(name, outcome, when=parse_date(date), feedback=feedback)
    console.print(f"{a.name}: {state(a.outcome)}.")
    if a.outcome is Outcome.REJECTED:
        console.print(
            _(
                "Not this time. José Hernández heard this eleven times before he was "
                "selected. Ask what the selected had: strive review"
            )
        )
    elif a.outcome is Outcome.SELECTED:
        console.print(_("Selected! Mark the goal achieved: strive goal achieve"))


@attempt_app.command("list")
def attempt_list(ctx: typer.Context, as_json: _Json = False) -> None:
    """Your attempts so far."""
    summary = workspace(ctx).attempts()
    if as_json:
        print_json(summary.to_json())
        return
    if not summary.attempts:
        console.print(
            _("No attempts yet. Record one: strive attempt add NAME --date ...")
        )
        return
    out = table(
        _("Attempts"),
        "id",
        "attempt",
        "applied",
        "outcome",
        "decided",
        "feedback",
        caption=summary.line,
    )
    for a in summary.attempts:
        out.add_row(
            str(a.id),
            a.name,
            day(a.applied),
            state(a.outcome),
            day(a.decided),
            a.feedback,
        )
    console.print(out)


@attempt_app.command("edit")
def attempt_edit(
    ctx: typer.Context,
    attempt: Annotated[str, typer.Argument(help="The attempt's name or id.")],
    name: Annotated[str | None, typer.Option("--name", help="A new name.")] = None,
    applied: Annotated[
        str | None, typer.Option("--applied", help="When you applied (YYYY-MM-DD).")
    ] = None,
    outcome: Annotated[
        Outcome | None, typer.Option("--outcome", help="What happened.")
    ] = None,
    decided: Annotated[
        str | None, typer.Option("--decided", help="When you heard (YYYY-MM-DD).")
    ] = None,
    feedback: Annotated[
        str | None, typer.Option("--feedback", help="Replace the feedback.")
    ] = None,
) -> None:
    """Correct an attempt (only the fields given change)."""
    c = workspace(ctx).edit_attempt(
        attempt,
        name=name,
        applied=parse_date(applied, "--applied"),
        outcome=outcome,
        decided=parse_date(decided, "--decided"),
        feedback=feedback,
    )
    show_correction(c)


@attempt_app.command("delete")
def attempt_delete(
    ctx: typer.Context,
    attempt: Annotated[str, typer.Argument(help="The attempt's name or id.")],
) -> None:
    """Delete an attempt (kept as a correction in the history)."""
    show_correction(workspace(ctx).delete_attempt(attempt))


@supporter_app.command("add")
def supporter_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Who helps you.")],
    role: Annotated[str, typer.Option("--role", help="Teacher, parent, mentor...")],
    contribution: Annotated[
        str, typer.Option("--contribution", help="What they did or do.")
    ] = "",
    shares: Annotated[
        Share, typer.Option("--shares", help="What they may see.")
    ] = Share.PROGRESS,
) -> None:
    """Add a supporter."""
    ws = workspace(ctx)
    s = ws.add_supporter(Supporter(name, role, contribution, shares, ws.today))
    console.print(
        line(
            _("Supporter {id}: {name} ({role}) sees: {shares}.").format(
                id=s.id, name=s.name, role=s.role, shares=state(s.shares)
            )
        )
    )


@supporter_app.command("list")
def supporter_list(ctx: typer.Context, as_json: _Json = False) -> None:
    """The people who help you."""
    people = workspace(ctx).supporters()
    if as_json:
        print_json(
            {
                "supporters": [
                    {
                        "id": s.id,
                        "name": s.name,
                        "role": s.role,
                        "contribution": s.contribution,
                        "shares": str(s.shares),
                    }
                    for s in people
                ]
            }
        )
        return
    if not people:
        console.print(_("No supporters yet: strive supporter add NAME --role ROLE"))
        return
    out = table(_("Supporters"), "id", "name", "role", "contribution", "sees")
    for s in people:
        out.add_row(str(s.id), s.name, s.role, s.contribution, state(s.shares))
    console.print(out)


@supporter_app.command("edit")
def supporter_edit(
    ctx: typer.Context,
    supporter_id: _Id,
    name: Annotated[str | None, typer.Option("--name", help="Their name.")] = None,
    role: Annotated[str | None, typer.Option("--role", help="Their role.")] = None,
    contribution: Annotated[
        str | None, typer.Option("--contribution", help="What they did or do.")
    ] = None,
    shares: Annotated[
        Share | None, typer.Option("--shares", help="What they may see.")
    ] = None,
) -> None:
    """Correct a supporter (only the fields given change)."""
    c = workspace(ctx).edit_supporter(
        supporter_id, name=name, role=role, contribution=contribution, shares=shares
    )
    show_correction(c)


@supporter_app.command("delete")
def supporter_delete(ctx: typer.Context, supporter_id: _Id) -> None:
    """Delete a supporter (kept as a correction in the history)."""
    show_correction(workspace(ctx).delete_supporter(supporter_id))
