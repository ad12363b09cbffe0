"""Steps 2-5 in the terminal: gap, route, log, progress, review."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from strive.cli.app import workspace
from strive.cli.output import (
    console,
    hours,
    line,
    money,
    parse_date,
    parse_years,
    pct,
    print_json,
    styled,
    table,
)
from strive.i18n import _

_Json = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]
_Explain = Annotated[
    bool, typer.Option("--explain", help="Say what coverage and reach mean.")
]


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
    explain: _Explain = False,
    min_confidence: Annotated[
        str | None,
        typer.Option(
            "--min-confidence",
            help="Only cells graded at least H (or M: H and M; L: any grade) in "
            "traits whose cells carry grades; ungraded traits are unchanged.",
        ),
    ] = None,
    sources: Annotated[
        str | None,
        typer.Option(
            "--sources",
            metavar="TRAIT",
            help="List who had TRAIT: name, class, value, confidence and source.",
        ),
    ] = None,
    as_json: _Json = False,
) -> None:
    """Step 2: how far you are from the people who were selected."""
    if min_confidence is not None and min_confidence.upper() not in ("H", "M", "L"):
        raise typer.BadParameter(
            f"{min_confidence!r} is not a grade; use H, M or L",
            param_hint="--min-confidence",
        )
    if sources is not None:
        _sources(ctx, sources, parse_years(years), where or [], min_confidence, as_json)
        return
    if history:
        _history(ctx, parse_years(years), where or [], as_json)
        return
    if model not in ("logistic", "boosting"):
        raise typer.BadParameter("use logistic or boosting", param_hint="--model")
    ws = workspace(ctx)
    goal = ws.context()  # read once for the report and what to record first
    with console.status("Comparing you with the selected…", spinner="dots"):
        report = ws.gap(
            k=k,
            years=parse_years(years),
            where=where or [],
            model=model,
            min_confidence=min_confidence,
            ctx=goal,
        )
    doc = report.to_json()
    doc["record_first"] = [r.to_json() for r in ws.record_first(ctx=goal)]
    if as_json:
        print_json(doc)
        return
    show_gap(doc, explain=explain, record=doc["record_first"])


def _sources(
    ctx: typer.Context,
    trait: str,
    years: tuple[int | None, int | None] | None,
    where: list[str],
    min_confidence: str | None,
    as_json: bool,
) -> None:
    found = workspace(ctx).sources(
        trait, years=years, where=where, min_confidence=min_confidence
    )
    doc = found.to_json()
    if as_json:
        print_json(doc)
        return
    console.print(
        Text(
            f"\n{found.label}: {found.had} had it; {doc['known_text']}"
            f"{grade_summary(found.confidence)}\nin {found.cohort}"
        )
    )
    if not found.cells:
        console.print("Not known for anyone in this cohort.")
        return
    out = table(
        "Who had it, and the source behind each cell",
        "who",
        "class",
        "value",
        "confidence",
        "source",
    )
    out.columns[-1].overflow = "fold"  # sources in full, never cut with an ellipsis
    for cell in found.cells:
        out.add_row(
            Text(cell.name),
            "" if cell.year is None else str(cell.year),
            Text(cell.value_text),
            cell.confidence or "ungraded",
            Text("\n".join(cell.sources) or "no source given"),
        )
    console.print(out)


def grade_summary(grades: dict[str, int] | None) -> str:
    """' (H 22 · M 7 · L 2)' for graded traits, '' otherwise."""
    if not grades:
        return ""
    parts = [f"{g} {n}" for g, n in grades.items() if n]
    return f" ({' · '.join(parts)})" if parts else ""


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
        if p.coverage is None and p.reach is None:
            out.add_row(p.when.isoformat(), "unknown", "unknown (nothing recorded)")
            continue
        out.add_row(
            p.when.isoformat(),
            pct(p.coverage),
            "not reachable" if p.reach is None else f"{p.reach:,.0f} h",
        )
    if not points:
        console.print("No profile history yet: strive profile set TRAIT=VALUE ...")
        return
    console.print(out)


_EXPLAIN = (
    "What these numbers mean: add --explain (or see README, What the numbers mean)."
)


def show_gap(
    doc: dict[str, Any], *, explain: bool = False, record: list[Any] | None = None
) -> None:
    """The gap report in the terminal. The long coverage and reach definitions are
    printed only with ``explain`` (once per screen), a one-line pointer otherwise."""
    head = doc["headline"]
    value = head.get("value")
    shown = pct(value) if isinstance(value, float) else _unknown(head)
    console.print()
    console.print(line((f"{head['name'].capitalize()}: {shown}", "bold")))
    if explain:
        console.print(styled(head["definition"], "dim"))
    reach = doc.get("reach")
    if reach:
        value = reach.get("value")
        if value is not None:
            shown_reach = f"{value:,.0f} h"
            if record:  # unknown values were skipped, not matched
                shown_reach += " on what you recorded (see Record first)"
        elif "unknown" in str(reach.get("text", "")):
            shown_reach = _unknown(reach)
        else:
            shown_reach = "not reachable within your limits"
        console.print(line((f"Reach: {shown_reach}", "bold")))
        if explain:
            console.print(styled(reach["definition"], "dim"))
    if not explain:
        console.print(styled(_EXPLAIN, "dim"))
    cohort = doc.get("cohort") or {}
    if cohort:
        console.print(f"Compared with: {cohort.get('description', '')}")
        if cohort.get("min_confidence"):
            graded = ", ".join(cohort.get("graded_traits") or []) or "none"
            console.print(
                f"Only cells graded {cohort['min_confidence']} or better in the "
                f"graded traits ({graded}); other traits unchanged."
            )
    if record:
        show_record_first(record)
    reqs = table("Requirements", "requirement", "status", "what would meet it")
    for r in doc["requirements"]:
        status = r.get("status", "met" if r["met"] else "unmet")
        style = {"met": "green", "unmet": "red"}.get(status, "yellow")
        reqs.add_row(
            r["name"],
            styled(status, style),
            "; ".join(r.get("smallest_change") or []),
        )
    console.print(reqs)
    items = doc["they_have_you_dont"]
    if items:
        gaps = table(
            "What they have that you don't", "#", "what", "share", "n", "source", "why"
        )
        for i, item in enumerate(items, 1):
            gaps.add_row(
                str(i),
                str(item.get("condition") or item["trait"]),
                pct(item.get("share")),
                str(item.get("n") or ""),
                str(item.get("source") or ""),
                str(item.get("reason") or ""),
            )
        console.print(gaps)
    else:
        console.print(line(("What they have that you don't: ", "bold"), _no_gaps(doc)))
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
            str(t.get("known_text") or t.get("known", ""))
            + grade_summary(t.get("confidence")),
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
            line(
                (
                    f"Model ({model.get('kind')} regression on {model.get('n')} "
                    f"people): probability {pct(model.get('probability'))}",
                    "bold",
                ),
                f" (spread {pct(low)}–{pct(high)}); cross-validated AUC "
                f"{model.get('cv_auc', 0):.3f}, Brier score "
                f"{model.get('cv_brier', 0):.3f}",
            )
        )
        if model.get("interval_method"):
            console.print(styled(f"Spread: {model['interval_method']}.", "dim"))
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
            console.print(styled(model["target_note"], "dim"))
    rates = doc.get("base_rates") or []
    if rates:
        console.print(styled("Context, not your probability:", "bold"))
        for rate in rates:
            console.print(f"  {rate if isinstance(rate, str) else rate.get('text')}")


def _unknown(head: dict[str, Any]) -> str:
    text = str(head.get("text") or "")
    return text if text.startswith("unknown") else f"unknown ({text or 'no data'})"


def _no_gaps(doc: dict[str, Any]) -> str:
    """Why the list of gaps is empty: nothing known about you, or no figures."""
    mine = [t for t in doc["traits"] if not t.get("sensitive")]
    if all(t.get("you") is None for t in mine):
        return "nothing known about you yet, so nothing to compare (record first)."
    figures = [t for t in mine if t.get("known")]
    description = (doc.get("cohort") or {}).get("description", "the selected")
    if not figures:
        return f"there are no cohort figures for any trait in {description}."
    missing = [str(t.get("label") or t["trait"]) for t in figures if t["you"] is None]
    text = f"nothing found: on every trait {description} has figures for"
    if missing:
        return (
            f"{text} and you recorded, you match them (unknown: {', '.join(missing)})."
        )
    return f"{text}, you match or exceed them."


def show_record_first(record: list[Any]) -> None:
    """What to record first, best first, with the exact commands."""
    out = table("Record first (what strive cannot judge yet)", "#", "trait", "why")
    for i, item in enumerate(record, 1):
        out.add_row(str(i), item["label"], item["reason"])
    console.print(out)
    for item in record:
        console.print(f"  {item['command']}")
    console.print(
        "  (a value you don't have yet, e.g. a test not taken: TRAIT=not-yet)"
    )


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
        Path | None,
        typer.Option(
            "--batch",
            help="Plan for every person in a CSV: a name column, an optional year "
            "column and one column per trait, in the cohort CSV format (sets as "
            "a;b; empty cell = unknown; see the README).",
        ),
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
    model_file: Annotated[
        Path | None,
        typer.Option(
            "--model",
            help="Also make this fitted model (a scikit-learn .skops file, an XGBoost "
            ".json or a LightGBM .txt model file) predict "
            "yes: above --probability (default 0.5). Needs --map.",
        ),
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="With --model: model column=trait pairs, e.g. "
            "'hours=hours_per_week,edu=education' (repeatable).",
        ),
    ] = None,
    allow_sensitive: Annotated[
        bool,
        typer.Option(
            "--allow-sensitive",
            help="With --model: accept a model that uses sensitive traits (race, "
            "sex...); the route never changes them.",
        ),
    ] = False,
    as_json: _Json = False,
) -> None:
    """Step 3: the cheapest route that closes the gap, as dated milestones."""
    from strive.storage.paths import check_output

    if batch is not None:
        _batch(ctx, batch, out, target or [])
        return
    if ical is not None:
        check_output(ical, "--ical")  # refused before the route is saved
    ws = workspace(ctx)
    extra: list[Any] = []
    if model_file is not None:
        extra.append(
            _model_target(ws, model_file, mapping or [], probability, allow_sensitive)
        )
        probability = None
    elif mapping or allow_sensitive:
        raise typer.BadParameter("needs --model FILE.skops", param_hint="--map")
    plan = ws.plan(
        top=top,
        probability=probability,
        margin=margin,
        targets=target or [],
        models=extra,
    )
    doc = plan.to_json()
    doc["record_first"] = [r.to_json() for r in ws.record_first()]
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


def _model_target(
    ws: Any,
    path: Path,
    mapping: list[str],
    probability: float | None,
    allow_sensitive: bool,
) -> Any:
    """The --model file compiled against the active goal's traits."""
    from strive.cli.model_file import load_model, parse_map
    from strive.route.models import target_from_model

    columns = parse_map(mapping)
    if not columns:
        raise typer.BadParameter(
            "--model needs --map COLUMN=TRAIT,...", param_hint="--map"
        )
    model = load_model(path)
    traits = ws.context().traits
    return target_from_model(
        model,
        columns,
        traits,
        threshold=0.5 if probability is None else probability,
        allow_sensitive=allow_sensitive,
        name=path.stem,
    )


def show_route(doc: dict[str, Any]) -> None:
    proven = "proven cheapest" if doc.get("optimal") else "not proven optimal"
    record = doc.get("record_first") or []
    if not doc.get("feasible"):
        console.print(
            styled("No route reaches the goal within your limits.", "bold red")
        )
        info = doc.get("infeasible") or {}
        for blocked in info.get("blocked_by", []):
            console.print(f"  Blocked by: {blocked}")
        for relax in info.get("relaxations", []):
            text = relax.get("text") if isinstance(relax, dict) else str(relax)
            console.print(f"  Would be possible with: {text}")
        _show_open_items(doc)
        return
    # Not a gap left open: a requirement strive cannot check (a value not recorded).
    unchecked = [i for i in doc.get("open_items", []) if i["requirement"] != "gap"]
    if not doc["actions"] and unchecked:
        console.print(
            line(
                ("No route yet: ", "bold"),
                "strive cannot tell what you lack until it knows more about you.",
            )
        )
        if record:
            show_record_first(record)
    elif not doc["actions"]:
        unknown = ", ".join(item["trait"] for item in record)
        console.print(
            line(
                ("Nothing to add:", "green"),
                " you meet every requirement, and no gap that fits your limits is "
                "left to close"
                + (
                    f" among what you recorded (unknown: {unknown})." if record else "."
                ),
            )
        )
    out = table(
        f"Your route ({proven})", "#", "action (why)", "start", "end", "hours", "money"
    )
    for i, a in enumerate(doc["actions"], 1):
        why = "; ".join(a.get("reason") or [])
        out.add_row(
            str(i),
            line(
                str(a.get("label") or a["name"]),
                *([("\n" + why, "dim")] if why else []),
            ),
            a["start"],
            a["end"],
            hours(a["effort_hours"]),
            money(a["money"]) if a.get("money_sourced", True) else "unknown",
        )
    if doc["actions"]:
        console.print(out)
    totals = doc.get("totals", {})
    if doc["actions"] or not unchecked:
        _totals(totals)  # none when nothing was planned for lack of knowledge
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
    _show_open_items(doc)


def _show_open_items(doc: dict[str, Any]) -> None:
    """Each open item in words (the trait's label), and for a value not recorded the
    command that records it: the only place its id is what a person types."""
    commands = {r["trait"]: r["command"] for r in doc.get("record_first") or []}
    for item in doc.get("open_items", []):
        console.print(line(("Open:", "yellow"), " ", item["text"]))
        named = _CONDITION_TRAIT.match(item["condition"])
        if item["requirement"] != "gap" and named and named[1] in commands:
            console.print(f"  {commands[named[1]]}")


_CONDITION_TRAIT = re.compile(r"(?:not\s+)?([a-z_][a-z0-9_]*)")
"""The trait a condition text names (``not military``, ``age<=50``)."""


def _totals(totals: dict[str, Any]) -> None:
    console.print(
        f"Totals: {hours(totals.get('effort_hours'))}, {money(totals.get('money'))}"
        + (
            f" (+ unknown for {', '.join(totals['money_unknown'])})"
            if totals.get("money_unknown")
            else ""
        )
        + (f", done by {totals['finish']}" if totals.get("finish") else "")
    )


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
    console.print(
        f"Logged {entry.hours:g} h on {entry.action} ({entry.when}), entry {entry.id}."
    )


def progress(ctx: typer.Context, as_json: _Json = False) -> None:
    """Step 4: plan versus actual, and a forecast at your recent pace."""
    ws = workspace(ctx)
    doc = ws.progress().to_json()
    doc["corrections"] = [c.to_json() for c in ws.corrections()]
    if as_json:
        print_json(doc)
        return
    out = table(
        "Plan versus actual",
        "action (status)",
        "planned",
        "by today",
        "actual",
        "dates",
    )
    for a in doc["actions"]:
        out.add_row(
            line(a["label"], ("\n" + a["status"], "dim")),
            hours(a["planned_hours"]),
            hours(a["planned_to_date"]),
            hours(a["actual_hours"]),
            f"{a['start']} → {a['end']}",
        )
    if doc["actions"]:
        console.print(out)
    else:
        console.print("Your saved route has no actions, so there is no plan to follow.")
    t = doc["totals"]
    console.print(
        f"Done: {pct(t['share_done'])} of {hours(t['planned_hours'])}; "
        f"pace {t['pace_hours_per_week']:.1f} h/week."
    )
    finish = t["forecast_finish"] or "no pace yet (log some hours)"
    planned = t["planned_finish"]
    console.print(
        f"Forecast finish: {finish}"
        + (f" (planned: {planned})." if planned else " (no planned finish).")
    )
    console.print(styled(f"Forecast: {t['forecast_model']}.", "dim"))
    show_corrections(doc["corrections"])


def show_corrections(corrections: list[dict[str, Any]]) -> None:
    """Edits and deletions are part of the history, never silent."""
    if not corrections:
        return
    out = table("Corrections", "date", "correction")
    for c in corrections:
        out.add_row(c["date"], c["text"])
    console.print(out)


def review(
    ctx: typer.Context, explain: _Explain = False, as_json: _Json = False
) -> None:
    """Step 5: after a rejection, what the selected have that you still don't."""
    ws = workspace(ctx)
    r = ws.review()
    doc = r.to_json()
    doc["gap"]["record_first"] = [x.to_json() for x in ws.record_first()]
    doc["route"]["record_first"] = doc["gap"]["record_first"]
    if as_json:
        print_json(doc)
        return
    console.print(line(("Strategic review", "bold"), f": {doc['attempts']['summary']}"))
    console.print(
        "Every rejection is information. José Hernández asked what the selected had "
        "that he didn't, closed the gap, and was selected on his twelfth try."
    )
    changed = doc["changed_since_last_attempt"]
    since = doc["since"]
    if since is None:
        console.print(
            "No application recorded yet ('strive attempt add NAME --date DATE'): "
            "this is where you stand against the selected today."
        )
    if changed:
        title = f"What you changed since {since}" if since else "What you recorded"
        out = table(title, "date", "trait", "from", "to")
        for d in changed:
            out.add_row(d["date"], d["label"], d["before"], d["after"])
        console.print(out)
    elif since is not None:
        console.print(f"Nothing in your profile changed since {since}.")
    show_corrections(doc["corrections"])
    show_gap(doc["gap"], explain=explain, record=doc["gap"]["record_first"])
    new_class = doc.get("new_class")
    if new_class:
        out = table(
            f"The newest class, {new_class['new']}, against {new_class['earlier']}",
            "trait",
            "new class",
            _("graded"),
            "before",
        )
        sourced: list[tuple[str, list[str]]] = []
        for row in new_class.get("rows", []):
            if not row.get("new_known"):
                continue  # the new class says nothing about it
            label = row["trait"] + (f" = {row['member']}" if row.get("member") else "")
            out.add_row(
                label,
                _figure(row["figure"], row["new"], row["new_known"]),
                grade_summary(row.get("confidence")).strip(" ()"),
                _figure(row["figure"], row["earlier"], row["earlier_known"]),
            )
            if row.get("sources"):
                sourced.append((label, row["sources"]))
        console.print(out)
        if sourced:
            console.print(_("Sources behind the new class's figures (your import):"))
            for label, sources in sourced:
                console.print(line(f"  {label}: ", "; ".join(sources)))
        for item in new_class.get("they_have_you_dont", []):
            text = item.get("reason") or item.get("text") or item.get("condition")
            console.print(f"  The new class has, you don't: {text}")
    show_route(doc["route"])
