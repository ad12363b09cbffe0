"""``strive profile``: where you stand, with the history of every change."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from strive.cli.app import workspace
from strive.cli.base import StriveTyper
from strive.cli.output import console, day, parse_date, print_json, table
from strive.errors import InputError
from strive.i18n import _, current_locale, ngettext
from strive.profile import NOT_YET, Recorded, format_recorded
from strive.traits import Trait

app = StriveTyper()


@app.command("set")
def set_(
    ctx: typer.Context,
    assignments: Annotated[
        list[str], typer.Argument(help="TRAIT=VALUE pairs, e.g. degree_level=master")
    ],
    date: Annotated[
        str | None, typer.Option("--date", help="When it became true (YYYY-MM-DD).")
    ] = None,
    note: Annotated[str, typer.Option("--note", help="A note kept with it.")] = "",
    if_version: Annotated[
        int | None,
        typer.Option(
            "--if-version",
            help="Only if it is still at this version (from --json): refuses "
            "(exit 7) when it changed since you looked.",
        ),
    ] = None,
) -> None:
    """Record trait values (all or nothing: one bad value changes nothing)."""
    pairs: dict[str, str] = {}
    for item in assignments:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InputError(_("write TRAIT=VALUE, not {item}").format(item=repr(item)))
        pairs[name.strip()] = value
    ws = workspace(ctx)
    ws.set_traits(pairs, when=parse_date(date), note=note, expected_version=if_version)
    console.print(
        ngettext("Recorded {n} value.", "Recorded {n} values.", len(pairs)).format(
            n=len(pairs)
        )
    )


@app.command("show")
def show(
    ctx: typer.Context,
    date: Annotated[
        str | None, typer.Option("--date", help="As of this date (YYYY-MM-DD).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Your values for the active goal's traits (aged to the date)."""
    ws = workspace(ctx)
    ctx_ = ws.context()  # no goal: fails here, before anything is read or made
    version = 0
    if as_json:  # the version, then the values again (see `strive effort list`)
        version = ws.profile_version()
        ctx_ = ws.context()
    when = parse_date(date) or ws.today
    values = ctx_.values(when)
    not_yet = ctx_.profile.not_yet(ctx_.traits, when)
    if as_json:
        doc = ctx_.profile.to_json(ctx_.traits, when)
        doc["version"] = version
        print_json(doc)
        return
    out = table(
        _("Your profile on {date}").format(date=day(when)), "trait", "value", "kind"
    )
    for t in ctx_.traits:
        shown = _("not yet") if t.name in not_yet else t.format(values[t.name])
        note = _(" (sensitive: context only)") if t.sensitive else ""
        out.add_row(t.title, shown, f"{_kind(str(t.kind))}{note}")
    console.print(out)


def _kind(name: str) -> str:
    """How a value is written (``number``): the kind's name in English, as strive
    always printed it; ``strive.vocabulary``'s hint in another language."""
    if current_locale() == "en":
        return name
    from strive.vocabulary import kind

    return kind(name)


@app.command("history")
def history(
    ctx: typer.Context,
    trait: Annotated[str | None, typer.Argument(help="Only this trait.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every recorded change, in date order."""
    ctx_ = workspace(ctx).context()
    if trait is not None:
        ctx_.traits[trait]
    changes = ctx_.profile.history(trait)
    if as_json:
        print_json(
            {
                "changes": [
                    {
                        "trait": c.trait,
                        "value": _json(ctx_.traits.traits.get(c.trait), c.value),
                        "date": c.when.isoformat(),
                        "note": c.note,
                    }
                    for c in changes
                ]
            }
        )
        return
    out = table(_("Profile history"), "date", "trait", "value", "note")
    for c in changes:
        t = ctx_.traits.traits.get(c.trait)
        out.add_row(
            day(c.when),
            t.title if t is not None and current_locale() != "en" else c.trait,
            format_recorded(t, c.value) if t else str(c.value),
            c.note,
        )
    console.print(out)


def _json(trait: Trait | None, value: Recorded | None) -> Any:
    if value is NOT_YET:
        return "not_yet"
    if trait is None:
        return sorted(value) if isinstance(value, frozenset) else value
    return trait.to_json(value)
