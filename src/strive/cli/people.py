"""Cohorts, evidence, attempts and supporters: the people around the goal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from strive.attempts import Outcome
from strive.cli.app import workspace
from strive.cli.base import StriveTyper
from strive.cli.output import console, parse_date, parse_years, pct, print_json, table
from strive.supporters import Share, Supporter

cohort_app = StriveTyper()
evidence_app = StriveTyper()
attempt_app = StriveTyper()
supporter_app = StriveTyper()

_Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]


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
    console.print(f"[bold]{summary['description']}[/]")
    if summary["citation"]:
        console.print(f"Source: {summary['citation']}")
    if summary["licence"]:
        console.print(f"Licence: {summary['licence']}")
    classes = ", ".join(f"{y}: {n}" for y, n in summary["classes"].items())
    console.print(
        f"Classes: {classes or 'none'}; year unknown: {summary['year_unknown']}"
    )
    out = table("Known values per trait", "trait", "known", "of")
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
    console.print(f"Imported {cohort.size} selected people as {name!r}.")


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
    count = f"{ev.have} of {ev.of}" if ev.have is not None else "reported"
    console.print(f"Evidence {ev.id}: {ev.condition}: {count} ({ev.source})")


@evidence_app.command("list")
def evidence_list(ctx: typer.Context, as_json: _Json = False) -> None:
    """The evidence recorded for the active goal."""
    items = workspace(ctx).context().evidence
    if as_json:
        print_json(
            {
                "evidence": [
                    {
                        "id": e.id,
                        "condition": e.condition,
                        "have": e.have,
                        "of": e.of,
                        "share": e.share,
                        "source": e.source,
                        "note": e.note,
                        "recorded": e.recorded.isoformat() if e.recorded else None,
                    }
                    for e in items
                ]
            }
        )
        return
    out = table("Evidence", "#", "condition", "have", "share", "source")
    for e in items:
        out.add_row(
            str(e.id),
            e.condition,
            f"{e.have} of {e.of}" if e.have is not None else "reported",
            pct(e.share),
            e.source,
        )
    console.print(out)


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
    console.print(f"Attempt {a.name!r} recorded ({a.applied.isoformat()}); good luck.")


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
    console.print(f"{a.name}: {a.outcome}.")
    if a.outcome is Outcome.REJECTED:
        console.print(
            "Not this time. José Hernández heard this eleven times before he was "
            "selected. Ask what the selected had: strive review"
        )
    elif a.outcome is Outcome.SELECTED:
        console.print("Selected! Mark the goal achieved: strive goal achieve")


@attempt_app.command("list")
def attempt_list(ctx: typer.Context, as_json: _Json = False) -> None:
    """Your attempts so far."""
    summary = workspace(ctx).attempts()
    if as_json:
        print_json(summary.to_json())
        return
    out = table(
        "Attempts",
        "#",
        "attempt",
        "applied",
        "outcome",
        "feedback",
        caption=summary.line,
    )
    for i, a in enumerate(summary.attempts, 1):
        out.add_row(str(i), a.name, a.applied.isoformat(), str(a.outcome), a.feedback)
    console.print(out)


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
    console.print(f"Supporter {s.name} ({s.role}) sees: {s.shares}.")


@supporter_app.command("list")
def supporter_list(ctx: typer.Context, as_json: _Json = False) -> None:
    """The people who help you."""
    people = workspace(ctx).supporters()
    if as_json:
        print_json(
            {
                "supporters": [
                    {
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
    out = table("Supporters", "name", "role", "contribution", "sees")
    for s in people:
        out.add_row(s.name, s.role, s.contribution, str(s.shares))
    console.print(out)
