"""Steps 2-5 in the terminal: gap, route, log, progress, review."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from strive.cli.app import workspace
from strive.cli.output import (
    console,
    hours,
    money,
    parse_date,
    parse_years,
    pct,
    print_json,
    table,
)

_Json = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]


def register(app: typer.Typer) -> None:
    app.command("gap")(gap)
    app.command("route")(route)
    app.command("log")(log)
    app.command("progress")(progress)
    app.command("review")(review)


def gap(
    ctx: typer.Context,
    k: Annotated[int, typer.Option("--k", help="How many look-alikes.")] = 5,
    years: Annotated[
        str | None, typer.Option("--years", help="Only classes in a range: 1990-2000.")
    ] = None,
    where: Annotated[
        list[str] | None,
        typer.Option(
            "--where",
            help="Only the selected for whom a condition holds, e.g. 'not military' "
            "(repeatable).",
        ),
    ] = None,
    model: Annotated[
        str,
        typer.Option("--model", help="Labelled templates: logistic or boosting."),
    ] = "logistic",
    history: Annotated[
        bool,
        typer.Option("--history", help="Coverage and reach on every profile date."),
    ] = False,
    as_json: _Json = False,
) -> None:
    """Step 2: how far you are from the people who were selected."""
    if history:
        _history(ctx, parse_years(years), where or [], as_json)
        return
    if model not in ("logistic", "boosting"):
        raise typer.BadParameter("use logistic or boosting", param_hint="--model")
    with console.status("Comparing you with the selected…", spinner="dots"):
        report = workspace(ctx).gap(
            k=k, years=parse_years(years), where=where or [], model=model
        )
    doc = report.to_json()
    if as_json:
        print_json(doc)
        return
    show_gap(doc)


def _history(
    ctx: typer.Context,
    years: tuple[int | None, int | None] | None,
    where: list[str],
    as_json: bool,
) -> None:
    points = workspace(ctx).history(years=years, where=where)
    if as_json:
        print_json({"history": [p.to_json() for p in points]})
        return
    out = table("How far you are, over time", "date", "coverage", "reach")
    for p in points:
        out.add_row(
            p.when.isoformat(),
            pct(p.coverage),
            "–" if p.reach is None else f"{p.reach:,.0f} h",
        )
    console.print(out)


def show_gap(doc: dict[str, Any]) -> None:
    head = doc["headline"]
    value = head.get("value")
    shown = pct(value) if isinstance(value, float) else str(value)
    console.print(f"\n[bold]{head['name'].capitalize()}: {shown}[/]")
    console.print(f"[dim]{head['definition']}[/]")
    reach = doc.get("reach")
    if reach:
        value = reach.get("value")
        shown_reach = "not reachable" if value is None else f"{value:,.0f} h"
        console.print(f"[bold]Reach: {shown_reach}[/]")
        console.print(f"[dim]{reach['definition']}[/]")
    cohort = doc.get("cohort") or {}
    if cohort:
        console.print(f"Compared with: {cohort.get('description', '')}")
    reqs = table("Requirements", "requirement", "status", "what would meet it")
    for r in doc["requirements"]:
        style = {"met": "green", "unmet": "red"}.get(r.get("status", ""), "yellow")
        reqs.add_row(
            r["name"],
            f"[{style}]{r.get('status', 'met' if r['met'] else 'unmet')}[/]",
            "; ".join(r.get("smallest_change") or []),
        )
    console.print(reqs)
    gaps = table(
        "What they have that you don't", "#", "what", "share", "n", "source", "why"
    )
    for i, item in enumerate(doc["they_have_you_dont"], 1):
        gaps.add_row(
            str(i),
            str(item.get("condition") or item["trait"]),
            pct(item.get("share")),
            str(item.get("n") or ""),
            str(item.get("source") or ""),
            str(item.get("reason") or ""),
        )
    console.print(gaps)
    traits = table(
        "You and the selected, trait by trait", "trait", "you", "they", "known"
    )
    unknown = [t for t in doc["traits"] if t.get("known") == 0]
    for t in doc["traits"]:
        if t.get("known") == 0:
            continue
        traits.add_row(
            str(t.get("label") or t["trait"]),
            _fmt(t.get("you")),
            str(t.get("text") or _cohort_figure(t)),
            str(t.get("known_text") or t.get("known", "")),
        )
    console.print(traits)
    if unknown:
        names = ", ".join(str(t.get("label") or t["trait"]) for t in unknown)
        console.print(
            f"Not recorded for anyone in this dataset: {names}. "
            "What you learn about them goes in with 'strive evidence add'."
        )
    looks = doc.get("lookalikes") or []
    if looks:
        out = table(
            "Your nearest selected look-alikes",
            "who",
            "class",
            "similarity",
            "traits compared",
            "they had, you lack",
        )
        for person in looks:
            year = person.get("year")
            out.add_row(
                str(person.get("name", "")),
                "" if year is None else f"{year:.0f}",
                pct(person.get("similarity")),
                str(person.get("compared", "")),
                ", ".join(person.get("had_you_lack") or []) or "nothing recorded",
            )
        console.print(out)
    model = doc.get("model")
    if model:
        low, high = model.get("interval") or (None, None)
        console.print(
            f"[bold]Model ({model.get('kind')} regression on {model.get('n')} people): "
            f"probability {pct(model.get('probability'))}[/] "
            f"(spread {pct(low)}–{pct(high)}); cross-validated AUC "
            f"{model.get('cv_auc', 0):.3f}, Brier score {model.get('cv_brier', 0):.3f}"
        )
        if model.get("interval_method"):
            console.print(f"[dim]Spread: {model['interval_method']}.[/]")
        contributions = model.get("contributions") or []
        if contributions:
            out = table(
                "What moves the model most for you", "trait", "log-odds", "note"
            )
            for c in contributions[:6]:
                out.add_row(
                    str(c["trait"]),
                    f"{c['value']:+.2f}",
                    "unknown: imputed with the median" if c.get("imputed") else "",
                )
            console.print(out)
        if model.get("target_note"):
            console.print(f"[dim]{model['target_note']}[/]")
    rates = doc.get("base_rates") or []
    if rates:
        console.print("[bold]Context, not your probability:[/]")
        for rate in rates:
            console.print(f"  {rate if isinstance(rate, str) else rate.get('text')}")


def _figure(kind: str, value: Any, known: int) -> str:
    if value is None:
        return f"unknown (known for {known})"
    shown = pct(value) if kind == "share" else _fmt(value)
    return f"{shown} (known for {known})"


def _cohort_figure(t: dict[str, Any]) -> str:
    if t.get("share") is not None:
        interval = t.get("interval")
        extra = f" ({pct(interval[0])}–{pct(interval[1])})" if interval else ""
        return f"{pct(t['share'])} have it{extra}"
    if t.get("percentile") is not None:
        q = t.get("quartiles")
        quart = f"; quartiles {', '.join(_fmt(v) for v in q)}" if q else ""
        return f"you are at the {t['percentile']:.0f}th percentile{quart}"
    return str(t.get("summary", "–"))


def _fmt(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value)


def route(
    ctx: typer.Context,
    top: Annotated[
        int, typer.Option("--top", help="Also close this many top gaps.")
    ] = 5,
    ical: Annotated[
        Path | None,
        typer.Option("--ical", help="Write the milestones to an .ics file."),
    ] = None,
    batch: Annotated[
        Path | None, typer.Option("--batch", help="Plan for every person in a CSV.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="With --batch: the Parquet file.")
    ] = None,
    target: Annotated[
        list[str] | None,
        typer.Option(
            "--target",
            help="A condition the route must meet, e.g. 'languages has russian' "
            "(repeatable).",
        ),
    ] = None,
    probability: Annotated[
        float | None,
        typer.Option(
            "--probability",
            help="Labelled templates: also reach this model probability (e.g. 0.5).",
        ),
    ] = None,
    margin: Annotated[
        float, typer.Option("--margin", help="Safety margin above --probability.")
    ] = 0.0,
    as_json: _Json = False,
) -> None:
    """Step 3: the cheapest route that closes the gap, as dated milestones."""
    from strive.storage.paths import check_output

    if batch is not None:
        _batch(ctx, batch, out, target or [])
        return
    if ical is not None:
        check_output(ical, "--ical")  # refused before the route is saved
    plan = workspace(ctx).plan(
        top=top, probability=probability, margin=margin, targets=target or []
    )
    doc = plan.to_json()
    if ical is not None:
        from strive.route import route_to_ical
        from strive.storage.paths import write_private

        write_private(ical, route_to_ical(plan), "--ical")
    if as_json:
        print_json(doc)
        return
    show_route(doc)
    if ical is not None:
        console.print(f"Calendar written to {ical}")


def show_route(doc: dict[str, Any]) -> None:
    proven = "proven cheapest" if doc.get("optimal") else "not proven optimal"
    if not doc.get("feasible"):
        console.print("[bold red]No route reaches the goal within your limits.[/]")
        info = doc.get("infeasible") or {}
        for line in info.get("blocked_by", []):
            console.print(f"  Blocked by: {line}")
        for relax in info.get("relaxations", []):
            text = relax.get("text") if isinstance(relax, dict) else str(relax)
            console.print(f"  Would be possible with: {text}")
        for item in doc.get("open_items", []):
            console.print(f"[yellow]Open:[/] {item['text']}")
        return
    if not doc["actions"]:
        console.print(
            "[green]Nothing to add:[/] you meet every checkable requirement, and no "
            "gap that fits your limits is left to close."
        )
    out = table(
        f"Your route ({proven})", "#", "action", "start", "end", "hours", "money", "why"
    )
    for i, a in enumerate(doc["actions"], 1):
        out.add_row(
            str(i),
            str(a.get("label") or a["name"]),
            a["start"],
            a["end"],
            hours(a["effort_hours"]),
            money(a["money"]) if a.get("money_sourced", True) else "unknown",
            "; ".join(a.get("reason") or []),
        )
    if doc["actions"]:
        console.print(out)
    totals = doc.get("totals", {})
    console.print(
        f"Totals: {hours(totals.get('effort_hours'))}, {money(totals.get('money'))}"
        + (
            f" (+ unknown for {', '.join(totals['money_unknown'])})"
            if totals.get("money_unknown")
            else ""
        )
        + (f", done by {totals['finish']}" if totals.get("finish") else "")
    )
    others = [a for a in doc.get("alternatives", []) if a.get("name") != "cheapest"]
    if others:
        alt = table("Other routes", "route", "actions", "hours", "money")
        for a in others:
            t = a.get("totals", {})
            alt.add_row(
                str(a["name"]),
                ", ".join(a.get("actions", [])),
                hours(t.get("effort_hours")),
                money(t.get("money")),
            )
        console.print(alt)
    stones = [m for m in doc.get("milestones", []) if m.get("kind") == "apply"]
    if stones:
        console.print(
            "Keep applying: "
            + ", ".join(f"{m['date']} {m['name']}" for m in stones[:6])
        )
    for item in doc.get("open_items", []):
        console.print(f"[yellow]Open:[/] {item['text']}")


def _batch(
    ctx: typer.Context, people: Path, out: Path | None, targets: list[str]
) -> None:
    from rich.progress import Progress

    from strive.storage.paths import check_output

    if out is None:
        raise typer.BadParameter("--batch needs --out FILE.parquet", param_hint="--out")
    check_output(out, "--out")
    ws = workspace(ctx)
    with Progress(console=console) as bar:
        task = bar.add_task("Planning routes", total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        summary = ws.plan_batch(people, out, targets=targets, progress=tick)
    console.print(str(summary))


def log(
    ctx: typer.Context,
    hours_: Annotated[float, typer.Argument(metavar="HOURS", help="Hours spent.")],
    action: Annotated[str, typer.Argument(help="The route action worked on.")],
    date: Annotated[
        str | None, typer.Option("--date", help="When (YYYY-MM-DD; default today).")
    ] = None,
    note: Annotated[str, typer.Option("--note", help="What you did.")] = "",
) -> None:
    """Step 4: log effort against an action of your route."""
    entry = workspace(ctx).log(hours_, action, when=parse_date(date), note=note)
    console.print(f"Logged {entry.hours:g} h on {entry.action} ({entry.when}).")


def progress(ctx: typer.Context, as_json: _Json = False) -> None:
    """Step 4: plan versus actual, and a forecast at your recent pace."""
    p = workspace(ctx).progress()
    doc = p.to_json()
    if as_json:
        print_json(doc)
        return
    out = table(
        "Plan versus actual",
        "action",
        "status",
        "planned",
        "by today",
        "actual",
        "dates",
    )
    for a in doc["actions"]:
        out.add_row(
            a["label"],
            a["status"],
            hours(a["planned_hours"]),
            hours(a["planned_to_date"]),
            hours(a["actual_hours"]),
            f"{a['start']} → {a['end']}",
        )
    console.print(out)
    t = doc["totals"]
    console.print(
        f"Done: {pct(t['share_done'])} of {hours(t['planned_hours'])}; "
        f"pace {t['pace_hours_per_week']:.1f} h/week."
    )
    finish = t["forecast_finish"]
    console.print(
        f"Forecast finish: {finish or 'no pace yet (log some hours)'}"
        f" (planned: {t['planned_finish']})."
    )
    console.print(f"[dim]Forecast: {t['forecast_model']}.[/]")


def review(ctx: typer.Context, as_json: _Json = False) -> None:
    """Step 5: after a rejection, what the selected have that you still don't."""
    r = workspace(ctx).review()
    doc = r.to_json()
    if as_json:
        print_json(doc)
        return
    console.print(f"[bold]Strategic review[/]: {doc['attempts']['summary']}")
    console.print(
        "Every rejection is information. José Hernández asked what the selected had "
        "that he didn't, closed the gap, and was selected on his twelfth try."
    )
    changed = doc["changed_since_last_attempt"]
    if changed:
        out = table(
            f"What you changed since {doc['since']}", "date", "trait", "from", "to"
        )
        for d in changed:
            out.add_row(d["date"], d["label"], d["before"], d["after"])
        console.print(out)
    else:
        console.print(f"Nothing in your profile changed since {doc['since']}.")
    show_gap(doc["gap"])
    new_class = doc.get("new_class")
    if new_class:
        out = table(
            f"The newest class, {new_class['new']}, against {new_class['earlier']}",
            "trait",
            "new class",
            "before",
        )
        for row in new_class.get("rows", []):
            if not row.get("new_known"):
                continue  # the new class says nothing about it
            label = row["trait"] + (f" = {row['member']}" if row.get("member") else "")
            out.add_row(
                label,
                _figure(row["figure"], row["new"], row["new_known"]),
                _figure(row["figure"], row["earlier"], row["earlier_known"]),
            )
        console.print(out)
        for item in new_class.get("they_have_you_dont", []):
            text = item.get("reason") or item.get("text") or item.get("condition")
            console.print(f"  The new class has, you don't: {text}")
    show_route(doc["route"])
