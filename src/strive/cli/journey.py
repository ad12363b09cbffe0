"""Steps 2-5 in the terminal: gap, route, log, progress, review."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from strive.cli.app import workspace
from strive.cli.output import (
    action_name,
    console,
    data,
    day,
    hours,
    line,
    money,
    number,
    parse_date,
    parse_years,
    pct,
    print_json,
    styled,
    table,
    template_text,
    trait_value,
)
from strive.i18n import N_, _, current_locale

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
    ctx.with_resource(template_text(goal.template, goal.traits))
    with console.status(_("Comparing you with the selected…"), spinner="dots"):
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
    ws = workspace(ctx)
    found = ws.sources(trait, years=years, where=where, min_confidence=min_confidence)
    doc = found.to_json()
    if as_json:
        print_json(doc)
        return
    known = doc["known_text"]
    if current_locale() != "en":  # the document's text is English (an API)
        ctx.with_resource(template_text(ws.context().template))
        known = _("known for {known} of {n}{grades}").format(
            known=found.known, n=found.n, grades=""
        )
    console.print(
        Text(
            "\n"
            + _("{trait}: {had} had it; {known}").format(
                trait=found.label, had=found.had, known=known
            )
            + grade_summary(found.confidence)
            + "\n"
            + _("in {cohort}").format(cohort=data(found.cohort))
        )
    )
    if not found.cells:
        console.print(_("Not known for anyone in this cohort."))
        return
    out = table(
        _("Who had it, and the source behind each cell"),
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
            cell.confidence or _("ungraded"),
            Text("\n".join(cell.sources) or _("no source given")),
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
    out = table(_("How far you are, over time"), "date", "coverage", "reach")
    for p in points:
        if p.coverage is None and p.reach is None:
            out.add_row(day(p.when), _("unknown"), _("unknown (nothing recorded)"))
            continue
        out.add_row(
            day(p.when),
            pct(p.coverage),
            _("not reachable") if p.reach is None else hours(p.reach),
        )
    if not points:
        console.print(_("No profile history yet: strive profile set TRAIT=VALUE ..."))
        return
    console.print(out)


_EXPLAIN = N_(
    "What these numbers mean: add --explain (or see README, What the numbers mean)."
)
_HEADLINES = {"coverage": N_("Coverage"), "reach": N_("Reach")}


def show_gap(
    doc: dict[str, Any], *, explain: bool = False, record: list[Any] | None = None
) -> None:
    """The gap report in the terminal. The long coverage and reach definitions are
    printed only with ``explain`` (once per screen), a one-line pointer otherwise."""
    head = doc["headline"]
    value = head.get("value")
    shown = pct(value) if isinstance(value, float) else _unknown(head)
    name = head["name"]
    heading = _(_HEADLINES[name]) if name in _HEADLINES else name.capitalize()
    console.print()
    console.print(
        line((_("{name}: {value}").format(name=heading, value=shown), "bold"))
    )
    if explain:
        console.print(styled(data(head["definition"]), "dim"))
    reach = doc.get("reach")
    if reach:
        value = reach.get("value")
        reach_text = str(reach.get("text", ""))
        if value is not None:
            shown_reach = hours(value)
            if record:  # unknown values were skipped, not matched
                shown_reach = _(
                    "{hours} on what you recorded (see Record first)"
                ).format(hours=shown_reach)
        elif "unknown" in reach_text or _("unknown") in reach_text:
            shown_reach = _unknown(reach)
        else:
            shown_reach = _("not reachable within your limits")
        console.print(line((_("Reach: {hours}").format(hours=shown_reach), "bold")))
        if explain:
            console.print(styled(data(reach["definition"]), "dim"))
    if not explain:
        console.print(styled(_(_EXPLAIN), "dim"))
    cohort = doc.get("cohort") or {}
    if cohort:
        console.print(
            _("Compared with: {cohort}").format(
                cohort=data(cohort.get("description", ""))
            )
        )
        if cohort.get("min_confidence"):
            graded = ", ".join(cohort.get("graded_traits") or []) or _("none")
            console.print(
                _(
                    "Only cells graded {grade} or better in the graded traits "
                    "({graded}); other traits unchanged."
                ).format(grade=cohort["min_confidence"], graded=graded)
            )
    if record:
        show_record_first(record)
    reqs = table(_("Requirements"), "requirement", "status", "what would meet it")
    for r in doc["requirements"]:
        status = r.get("status", "met" if r["met"] else "unmet")
        style = {"met": "green", "unmet": "red"}.get(status, "yellow")
        reqs.add_row(
            _requirement(r["name"]),
            styled(_status(status), style),
            "; ".join(r.get("smallest_change") or []),
        )
    console.print(reqs)
    items = doc["they_have_you_dont"]
    if items:
        gaps = table(
            _("What they have that you don't"),
            "#",
            "what",
            "share",
            "n",
            "source",
            "why",
        )
        for i, item in enumerate(items, 1):
            gaps.add_row(
                str(i),
                str(item.get("condition") or item["trait"]),
                pct(item.get("share")),
                str(item.get("n") or ""),
                data(str(item.get("source") or "")),
                str(item.get("reason") or ""),
            )
        console.print(gaps)
    else:
        console.print(
            line((_("What they have that you don't: "), "bold"), _no_gaps(doc))
        )
    traits = table(
        _("You and the selected, trait by trait"), "trait", "you", "they", "known"
    )
    unknown = [t for t in doc["traits"] if t.get("known") == 0]
    for t in doc["traits"]:
        if t.get("known") == 0:
            continue
        traits.add_row(
            str(t.get("label") or t["trait"]),
            trait_value(t["trait"], t.get("you")) or _fmt(t.get("you")),
            str(t.get("text") or _cohort_figure(t)),
            str(t.get("known_text") or t.get("known", ""))
            + grade_summary(t.get("confidence")),
        )
    console.print(traits)
    if unknown:
        names = ", ".join(str(t.get("label") or t["trait"]) for t in unknown)
        console.print(
            _(
                "Not recorded for anyone in this dataset: {traits}. What you learn "
                "about them goes in with 'strive evidence add'."
            ).format(traits=names)
        )
    looks = doc.get("lookalikes") or []
    if looks:
        out = table(
            _("Your nearest selected look-alikes"),
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
                ", ".join(person.get("had_you_lack") or []) or _("nothing recorded"),
            )
        console.print(out)
    model = doc.get("model")
    if model:
        low, high = model.get("interval") or (None, None)
        console.print(
            line(
                (
                    _(
                        "Model ({kind} regression on {n} people): probability "
                        "{probability}"
                    ).format(
                        kind=model.get("kind"),
                        n=model.get("n"),
                        probability=pct(model.get("probability")),
                    ),
                    "bold",
                ),
                _(
                    " (spread {low}–{high}); cross-validated AUC {auc}, Brier score "
                    "{brier}"
                ).format(
                    low=pct(low),
                    high=pct(high),
                    auc=number(model.get("cv_auc", 0), 3),
                    brier=number(model.get("cv_brier", 0), 3),
                ),
            )
        )
        if model.get("interval_method"):
            console.print(
                styled(
                    _("Spread: {method}.").format(method=model["interval_method"]),
                    "dim",
                )
            )
        contributions = model.get("contributions") or []
        if contributions:
            out = table(
                _("What moves the model most for you"), "trait", "log-odds", "note"
            )
            for c in contributions[:6]:
                out.add_row(
                    str(c["trait"]),
                    _signed(c["value"]),
                    _("unknown: imputed with the median") if c.get("imputed") else "",
                )
            console.print(out)
        if model.get("target_note"):
            console.print(styled(data(model["target_note"]), "dim"))
    rates = doc.get("base_rates") or []
    if rates:
        console.print(styled(_("Context, not your probability:"), "bold"))
        for rate in rates:
            console.print(f"  {_rate_text(rate)}")


def _rate_text(rate: str | dict[str, Any]) -> str:
    """A base rate line ("in 2017, 12 of 18,300 applicants were selected"): the
    document's English text, or the same words in the current language."""
    if isinstance(rate, str):
        return rate
    if current_locale() == "en" or "selected" not in rate:
        return str(rate.get("text"))
    if rate.get("applicants") is None:
        return _("in {cycle}, {selected} were selected").format(
            cycle=rate["cycle"], selected=number(rate["selected"])
        )
    return _("in {cycle}, {selected} of {applicants} applicants were selected").format(
        cycle=rate["cycle"],
        selected=number(rate["selected"]),
        applicants=number(rate["applicants"]),
    )


def _unknown(head: dict[str, Any]) -> str:
    text = str(head.get("text") or "")
    if text.startswith("unknown") or text.startswith(_("unknown")):
        return text
    return _("unknown ({why})").format(why=text or _("no data"))


def _requirement(name: str) -> str:
    """A requirement's name as a person reads it (``physical`` → ``examen médico``
    in Spanish); English keeps the name strive always printed."""
    if current_locale() == "en":
        return name
    from strive.vocabulary import requirement

    return requirement(name)


def _status(status: str) -> str:
    """A requirement's status (``met``/``unmet``/``unknown``): the stored word in
    English, ``strive.labels``' word in another language."""
    if current_locale() == "en":
        return status
    from strive.labels import label
    from strive.requirements import Status

    try:
        return label(Status(status))
    except ValueError:
        return status


def _signed(value: float) -> str:
    """``+0.42`` / ``-1.30`` (``+0,42`` in Spanish)."""
    if current_locale() == "en":
        return f"{value:+.2f}"
    return ("+" if value >= 0 else "-") + number(abs(value), 2)


def _no_gaps(doc: dict[str, Any]) -> str:
    """Why the list of gaps is empty: nothing known about you, or no figures."""
    mine = [t for t in doc["traits"] if not t.get("sensitive")]
    if all(t.get("you") is None for t in mine):
        return _("nothing known about you yet, so nothing to compare (record first).")
    figures = [t for t in mine if t.get("known")]
    cohort = doc.get("cohort") or {}
    description = (
        data(cohort["description"]) if "description" in cohort else _("the selected")
    )
    if not figures:
        return _("there are no cohort figures for any trait in {cohort}.").format(
            cohort=description
        )
    missing = [str(t.get("label") or t["trait"]) for t in figures if t["you"] is None]
    if missing:
        return _(
            "nothing found: on every trait {cohort} has figures for and you "
            "recorded, you match them (unknown: {traits})."
        ).format(cohort=description, traits=", ".join(missing))
    return _(
        "nothing found: on every trait {cohort} has figures for, you match or "
        "exceed them."
    ).format(cohort=description)


def show_record_first(record: list[Any]) -> None:
    """What to record first, best first, with the exact commands."""
    out = table(_("Record first (what strive cannot judge yet)"), "#", "trait", "why")
    for i, item in enumerate(record, 1):
        out.add_row(str(i), item["label"], item["reason"])
    console.print(out)
    for item in record:
        console.print(f"  {item['command']}")
    console.print(
        "  " + _("(a value you don't have yet, e.g. a test not taken: TRAIT=not-yet)")
    )


def _figure(kind: str, value: Any, known: int) -> str:
    if value is None:
        return _("unknown (known for {n})").format(n=known)
    shown = pct(value) if kind == "share" else _fmt(value)
    return _("{value} (known for {n})").format(value=shown, n=known)


def _cohort_figure(t: dict[str, Any]) -> str:
    if t.get("share") is not None:
        interval = t.get("interval")
        extra = f" ({pct(interval[0])}–{pct(interval[1])})" if interval else ""
        return _("{share} have it{interval}").format(
            share=pct(t["share"]), interval=extra
        )
    if t.get("percentile") is not None:
        q = t.get("quartiles")
        quart = (
            _("; quartiles {values}").format(values=", ".join(_fmt(v) for v in q))
            if q
            else ""
        )
        return _("you are at the {percentile}th percentile{quartiles}").format(
            percentile=number(t["percentile"]), quartiles=quart
        )
    return str(t.get("summary", "–"))


def _fmt(value: Any) -> str:
    if value is None:
        return _("unknown")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return number(value) if value.is_integer() else number(value, 1)
    if isinstance(value, list):
        return ", ".join(map(str, value)) or _("none")
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
    if current_locale() != "en":  # the template's own words for its data text
        goal = ws.context()
        ctx.with_resource(template_text(goal.template, goal.traits))
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
        console.print(_("Calendar written to {path}").format(path=ical))


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
    from strive.vocabulary import alternative, limit

    proven = _("proven cheapest") if doc.get("optimal") else _("not proven optimal")
    record = doc.get("record_first") or []
    if not doc.get("feasible"):
        console.print(
            styled(_("No route reaches the goal within your limits."), "bold red")
        )
        info = doc.get("infeasible") or {}
        for blocked in info.get("blocked_by", []):
            # a limit by its words (the id stays in --json); a fixed condition is
            # a sentence already
            console.print("  " + _("Blocked by: {limit}").format(limit=limit(blocked)))
        for relax in info.get("relaxations", []):
            text = relax.get("text") if isinstance(relax, dict) else str(relax)
            console.print(
                "  " + _("Would be possible with: {change}").format(change=text)
            )
        _show_open_items(doc)
        return
    # Not a gap left open: a requirement strive cannot check (a value not recorded).
    unchecked = [i for i in doc.get("open_items", []) if i["requirement"] != "gap"]
    if not doc["actions"] and unchecked:
        console.print(
            line(
                (_("No route yet: "), "bold"),
                _("strive cannot tell what you lack until it knows more about you."),
            )
        )
        if record:
            show_record_first(record)
    elif not doc["actions"]:
        unknown = ", ".join(item["trait"] for item in record)
        console.print(
            line(
                (_("Nothing to add:"), "green"),
                " "
                + (
                    _(
                        "you meet every requirement, and no gap that fits your "
                        "limits is left to close among what you recorded "
                        "(unknown: {traits})."
                    ).format(traits=unknown)
                    if record
                    else _(
                        "you meet every requirement, and no gap that fits your "
                        "limits is left to close."
                    )
                ),
            )
        )
    out = table(
        _("Your route ({proven})").format(proven=proven),
        "#",
        "action (why)",
        "start",
        "end",
        "hours",
        "money",
    )
    for i, a in enumerate(doc["actions"], 1):
        why = "; ".join(a.get("reason") or [])
        out.add_row(
            str(i),
            line(
                str(a.get("label") or a["name"]),
                *([("\n" + why, "dim")] if why else []),
            ),
            day(a["start"]),
            day(a["end"]),
            hours(a["effort_hours"]),
            money(a["money"]) if a.get("money_sourced", True) else _("unknown"),
        )
    if doc["actions"]:
        console.print(out)
    totals = doc.get("totals", {})
    if doc["actions"] or not unchecked:
        _totals(totals)  # none when nothing was planned for lack of knowledge
    others = [a for a in doc.get("alternatives", []) if a.get("name") != "cheapest"]
    if others:
        alt = table(_("Other routes"), "route", "actions", "hours", "money")
        for a in others:
            t = a.get("totals", {})
            alt.add_row(
                alternative(str(a["name"])),
                ", ".join(action_name(name) for name in a.get("actions", [])),
                hours(t.get("effort_hours")),
                money(t.get("money")),
            )
        console.print(alt)
    stones = [m for m in doc.get("milestones", []) if m.get("kind") == "apply"]
    if stones:
        console.print(
            _("Keep applying: {windows}").format(
                windows=", ".join(
                    f"{day(m['date'])} {data(m['name'])}" for m in stones[:6]
                )
            )
        )
    _show_open_items(doc)


def _show_open_items(doc: dict[str, Any]) -> None:
    """Each open item in words (the trait's label), and for a value not recorded the
    command that records it: the only place its id is what a person types."""
    commands = {r["trait"]: r["command"] for r in doc.get("record_first") or []}
    for item in doc.get("open_items", []):
        console.print(line((_("Open:"), "yellow"), " ", data(item["text"])))
        named = _CONDITION_TRAIT.match(item["condition"])
        if item["requirement"] != "gap" and named and named[1] in commands:
            console.print(f"  {commands[named[1]]}")


_CONDITION_TRAIT = re.compile(r"(?:not\s+)?([a-z_][a-z0-9_]*)")
"""The trait a condition text names (``not military``, ``age<=50``)."""


def _totals(totals: dict[str, Any]) -> None:
    console.print(
        _("Totals: {hours}, {money}").format(
            hours=hours(totals.get("effort_hours")), money=money(totals.get("money"))
        )
        + (
            _(" (+ unknown for {actions})").format(
                actions=", ".join(action_name(n) for n in totals["money_unknown"])
            )
            if totals.get("money_unknown")
            else ""
        )
        + (
            _(", done by {date}").format(date=day(totals["finish"]))
            if totals.get("finish")
            else ""
        )
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
        task = bar.add_task(_("Planning routes"), total=None)

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
        _("Logged {hours} h on {action} ({date}), entry {id}.").format(
            hours=_hours_g(entry.hours),
            action=entry.action,
            date=day(entry.when),
            id=entry.id,
        )
    )


def _hours_g(value: float) -> str:
    """Hours as typed (``1.5``, ``2``): ``format(value, "g")``, with the
    locale's decimal mark in another language."""
    text = f"{value:g}"
    return text if current_locale() == "en" else text.replace(".", ",")


def progress(ctx: typer.Context, as_json: _Json = False) -> None:
    """Step 4: plan versus actual, and a forecast at your recent pace."""
    ws = workspace(ctx)
    result = ws.progress()
    doc = result.to_json()
    doc["corrections"] = [c.to_json() for c in ws.corrections()]
    if as_json:
        print_json(doc)
        return
    out = table(
        _("Plan versus actual"),
        "action (status)",
        "planned",
        "by today",
        "actual",
        "dates",
    )
    for a in doc["actions"]:
        out.add_row(
            line(a["label"], ("\n" + _progress_status(a["status"]), "dim")),
            hours(a["planned_hours"]),
            hours(a["planned_to_date"]),
            hours(a["actual_hours"]),
            f"{day(a['start'])} → {day(a['end'])}",
        )
    if doc["actions"]:
        console.print(out)
    else:
        console.print(
            _("Your saved route has no actions, so there is no plan to follow.")
        )
    t = doc["totals"]
    console.print(
        _("Done: {share} of {hours}; pace {pace} h/week.").format(
            share=pct(t["share_done"]),
            hours=hours(t["planned_hours"]),
            pace=number(t["pace_hours_per_week"], 1),
        )
    )
    finish = (
        day(t["forecast_finish"])
        if t["forecast_finish"]
        else _("no pace yet (log some hours)")
    )
    planned = t["planned_finish"]
    console.print(
        _("Forecast finish: {date}").format(date=finish)
        + (
            _(" (planned: {date}).").format(date=day(planned))
            if planned
            else _(" (no planned finish).")
        )
    )
    console.print(
        styled(_("Forecast: {model}.").format(model=_forecast_model(result, t)), "dim")
    )
    show_corrections(doc["corrections"])


def _forecast_model(result: Any, totals: dict[str, Any]) -> str:
    """How the finish is forecast, in the current language (``--json`` keeps the
    English of ``strive.progress.FORECAST_MODEL``)."""
    if current_locale() == "en":
        return str(totals["forecast_model"])
    from strive.progress import FORECAST_MODEL

    return _(FORECAST_MODEL).format(weeks=result.window_weeks)


def _progress_status(status: str) -> str:
    """``done`` / ``in progress`` / ``not started`` in the current language."""
    if current_locale() == "en":
        return status
    from strive.labels import progress_status

    return progress_status(status)


def show_corrections(corrections: list[dict[str, Any]]) -> None:
    """Edits and deletions are part of the history, never silent."""
    if not corrections:
        return
    out = table(_("Corrections"), "date", "correction")
    for c in corrections:
        out.add_row(day(c["date"]), c["text"])
    console.print(out)


def review(
    ctx: typer.Context, explain: _Explain = False, as_json: _Json = False
) -> None:
    """Step 5: after a rejection, what the selected have that you still don't."""
    ws = workspace(ctx)
    if current_locale() != "en":  # the template's own words for its data text
        goal = ws.context()
        ctx.with_resource(template_text(goal.template, goal.traits))
    r = ws.review()
    doc = r.to_json()
    doc["gap"]["record_first"] = [x.to_json() for x in ws.record_first()]
    doc["route"]["record_first"] = doc["gap"]["record_first"]
    if as_json:
        print_json(doc)
        return
    console.print(
        line((_("Strategic review"), "bold"), f": {doc['attempts']['summary']}")
    )
    console.print(
        _(
            "Every rejection is information. José Hernández asked what the selected "
            "had that he didn't, closed the gap, and was selected on his twelfth try."
        )
    )
    changed = doc["changed_since_last_attempt"]
    since = doc["since"]
    if since is None:
        console.print(
            _(
                "No application recorded yet ('strive attempt add NAME --date DATE'): "
                "this is where you stand against the selected today."
            )
        )
    if changed:
        title = (
            _("What you changed since {date}").format(date=day(since))
            if since
            else _("What you recorded")
        )
        out = table(title, "date", "trait", "from", "to")
        for d in changed:
            out.add_row(day(d["date"]), d["label"], d["before"], d["after"])
        console.print(out)
    elif since is not None:
        console.print(
            _("Nothing in your profile changed since {date}.").format(date=day(since))
        )
    show_corrections(doc["corrections"])
    show_gap(doc["gap"], explain=explain, record=doc["gap"]["record_first"])
    new_class = doc.get("new_class")
    if new_class:
        out = table(
            _("The newest class, {new}, against {earlier}").format(
                new=new_class["new"], earlier=new_class["earlier"]
            ),
            "trait",
            "new class",
            "graded",
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
            console.print(
                "  " + _("The new class has, you don't: {what}").format(what=text)
            )
    show_route(doc["route"])
