"""``strive template``: list, show, validate, scaffold and update templates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from strive.cli.base import StriveTyper
from strive.cli.output import console, print_json, styled, table

app = StriveTyper()


@app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The built-in templates."""
    from strive.templates import builtin_names, load_template

    loaded = [load_template(n) for n in builtin_names()]
    if as_json:
        print_json(
            {
                "templates": [
                    {"name": t.name, "title": t.title, "mode": t.mode} for t in loaded
                ]
            }
        )
        return
    out = table("Templates", "name", "title", "mode")
    for t in loaded:
        out.add_row(t.name, t.title, t.mode)
    console.print(out)


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="Template name or .toml path.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Traits, requirements and actions of a template."""
    from strive.templates import load_template

    t = load_template(name)
    doc = t.describe()
    if as_json:
        print_json(doc)
        return
    console.print(styled(t.title, "bold"), f"({t.name}, {t.mode})")
    if t.description:
        console.print(t.description)
    traits = table("Traits", "name", "kind", "values", "changes", "note")
    for tr in t.traits:
        traits.add_row(
            tr.name,
            f"{tr.kind}" + (f" ({tr.unit})" if tr.unit else ""),
            ", ".join(tr.allowed_values),
            str(tr.mutability),
            "sensitive: context only" if tr.sensitive else "",
        )
    console.print(traits)
    reqs = table("Requirements (any one alternative)", "name", "alternatives")
    for r in doc["requirements"]:
        reqs.add_row(r["name"], "  OR  ".join(" and ".join(a) for a in r["any_of"]))
    console.print(reqs)
    acts = table("Actions", "name", "effects", "months", "hours", "money", "requires")
    for a in t.catalogue:
        acts.add_row(
            a.name,
            ", ".join(e.text() for e in a.effects),
            f"{a.duration_months:g}",
            f"{a.effort_hours:,.0f}",
            f"${a.money:,.0f}" if a.money_sourced else "unknown",
            ", ".join(c.text() for c in a.requires),
        )
    console.print(acts)


@app.command("validate")
def validate(
    file: Annotated[Path, typer.Argument(help="Your template (.toml).")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Check a template file and its cohort CSV; report the first problem precisely,
    then the warnings worth reading."""
    from strive.templates import validate_template_file

    report = validate_template_file(file)
    if as_json:
        print_json(
            {
                "file": report.path,
                "valid": True,
                "name": report.name,
                "traits": len(report.traits),
                "requirements": len(report.requirements),
                "actions": len(report.catalogue),
                "cohort_rows": None if report.cohort is None else report.cohort.size,
                "warnings": list(report.warnings),
            }
        )
        return
    for line in report.lines():
        console.print(line, markup=False, soft_wrap=True)


@app.command("new")
def new(
    name: Annotated[str, typer.Argument(help="Template name, e.g. medschool.")],
    trait: Annotated[
        list[str],
        typer.Option(
            "--trait",
            help="NAME:KIND, e.g. pilot:bool, gpa:number:0:4 (min:max optional), "
            "degree:level:bachelor,master,doctorate (lowest first), "
            "field:category:stem,arts, languages:set:english,french. Repeat it.",
        ),
    ],
    title: Annotated[str, typer.Option("--title", help="Human title.")] = "",
    folder: Annotated[
        Path, typer.Option("--dir", help="Folder to write NAME.toml and NAME.csv in.")
    ] = Path("."),
    labelled: Annotated[
        bool,
        typer.Option(
            "--labelled", help="The cohort also holds people who were not selected."
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite files.")] = False,
) -> None:
    """Write a commented template and a cohort CSV (header and one example row)
    that validate as written: edit the TODOs, then make a goal from it."""
    from strive.templates.scaffold import parse_trait_spec, scaffold

    specs = [parse_trait_spec(t) for t in trait]
    toml_path, csv_path = scaffold(
        folder, name, title or name, specs, labelled=labelled, force=force
    )
    console.print(f"Wrote {toml_path} and {csv_path}", markup=False, soft_wrap=True)
    console.print(
        "Next: replace the TODOs and the example row, then run\n"
        f"  strive template validate {toml_path}\n"
        f"  strive goal new 'My goal' --template {toml_path}",
        markup=False,
        soft_wrap=True,
    )


@app.command("update")
def update(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            help="The new version (default: the file the goal's template came from)."
        ),
    ] = None,
    goal: Annotated[
        int | None, typer.Option("--goal", help="Goal id (default: the active goal).")
    ] = None,
) -> None:
    """Store the new version of your own template (and its cohort) for a goal.

    Your template is kept in the database when you make the goal; this validates the
    file again and replaces the stored copy, all or nothing."""
    from strive.cli.app import workspace

    result = workspace(ctx).update_template(file, goal)
    stored = result.stored
    if result.changed:
        console.print(
            f"Goal {result.goal.id} now uses {stored.name} from {stored.source_path} "
            f"(stored {stored.stored.isoformat()})",
            markup=False,
            soft_wrap=True,
        )
    else:
        console.print(
            f"Goal {result.goal.id}: {stored.source_path} is unchanged; "
            "nothing to update",
            markup=False,
            soft_wrap=True,
        )
