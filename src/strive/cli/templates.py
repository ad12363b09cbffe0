"""``strive template``: list, show and validate selections described as data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from strive.cli.base import StriveTyper
from strive.cli.output import console, line, print_json, table

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
    console.print(line((t.title, "bold"), f" ({t.name}, {t.mode})"))
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
) -> None:
    """Check a template file and its cohort CSV; report the first problem precisely."""
    from strive.templates import validate_template_file

    t = validate_template_file(file)
    console.print(
        line(
            ("OK", "green"),
            f": {t.name}: {len(t.traits)} traits, "
            f"{len(t.requirements)} requirements, {len(t.catalogue)} actions",
        )
    )
