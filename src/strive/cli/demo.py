"""``strive demo``: José Hernández's journey told in the terminal, English or Spanish.

The journey itself (every figure, fact and date) comes from :mod:`strive.demo`, which
replays it into a throwaway database; this module only narrates the results, so the
web app can load the same journey without any terminal output.

Every sentence goes through ``_()`` with named placeholders, and numbers, percentages
and dates through the locale formatters, so ``strive demo --lang es`` tells the same
story with the same figures in Spanish (docs/i18n.md). Identifiers a person would
type (``strive evidence add 'pilot_certificate'``, condition texts) and the titles
of sources stay as they are.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from strive.attempts import history_line
from strive.demo import (
    CLAIM,
    HIS_FINDINGS,
    SOURCES,
    Journey,
    RecordRow,
    replay_journey,
)
from strive.i18n import (
    _,
    current_locale,
    format_currency,
    format_date,
    format_number,
    format_percent,
    ngettext,
    use_locale,
)
from strive.workspace import Workspace


def run_demo(
    console: Console,
    *,
    db_path: str | Path | None = None,
    pause: float = 0.0,
    lang: str = "en",
) -> None:
    """Tell the story step by step in ``lang``, computing every figure on the way.

    The journey is replayed in English whatever ``lang`` is: what it stores (attempt
    names, notes) is data, the same in every language; only the narration is
    translated.
    """
    if db_path is None:
        with tempfile.TemporaryDirectory() as tmp:
            _run(console, Path(tmp) / "demo.db", pause, lang)
    else:
        _run(console, db_path, pause, lang)


def _step(console: Console, title: str, text: str, pause: float) -> None:
    if pause:
        time.sleep(pause)
    console.print()
    console.print(Rule(Text(title, style="bold")))
    console.print(Text(text))


def _say(console: Console, text: str) -> None:
    """One indented narration line, printed literally (never as Rich markup)."""
    console.print(Text("  " + text))


def _line(console: Console, text: str) -> None:
    console.print(Text(text))


def _run(console: Console, db: str | Path, pause: float, lang: str) -> None:
    with use_locale(lang):
        _header(console)
    ws = Workspace.open(db)
    try:
        with use_locale("en"):
            journey = replay_journey(ws)
    finally:
        # A PostgreSQL connection left to the garbage collector stays open on the
        # server; a SQLite file is released at once for the caller to read.
        ws.store.close()
    with use_locale(lang):
        _tell(console, journey, pause)


def _header(console: Console) -> None:
    console.print(
        Panel(
            Text.assemble(
                _(
                    "José M. Hernández, son of migrant farm workers, wanted to be an "
                    "astronaut from the age of ten. NASA rejected him eleven times; he "
                    "was selected on his twelfth application, in 2004. This replays "
                    "his journey with strive, using real data on the {n} NASA "
                    "astronauts selected 1959-2021."
                ).format(n=387)
                + "\n",
                (_("Sources on José: {sources}.").format(sources=_(SOURCES)), "dim"),
            ),
            title=_("strive demo: strategic perseverance"),
        )
    )


def _tell(console: Console, journey: Journey, pause: float) -> None:
    _step(
        console,
        _("1. Define your goal"),
        _(
            "His father's recipe starts with a goal. José's, with his own limit: no "
            "long training away from his family."
        ),
        pause,
    )
    goal = journey.goal
    _say(
        console,
        f"strive goal new {goal.title!r} --template nasa-astronaut "
        "--hours-per-week 10 --months-away 1",
    )
    _say(
        console,
        _("Supporters recorded: {n} (teacher, father, wife, boss).").format(
            n=len(journey.supporters)
        ),
    )
    _say(
        console,
        _(
            "Profile (1989): MS in electrical & computer engineering (UC Santa "
            "Barbara, 1986), engineer at Lawrence Livermore since 1987, bilingual."
        ),
    )

    year = journey.first_year
    _step(
        console,
        _("2. Recognise how far you are"),
        _("In {year}, against the classes selected 1978-{last}:").format(
            year=year, last=year - 1
        ),
        pause,
    )
    _brief_gap(console, journey.first_gap.to_json())

    _step(
        console,
        _("Step 5, persevere: six applications, six rejections"),
        _(
            "He applied every year. The base rates put that in context: these are "
            "not personal probabilities."
        ),
        pause,
    )
    for rate in journey.base_rates:
        _say(
            console,
            _(
                "{cycle}: {selected} selected of about {applicants} applications "
                "({source})"
            ).format(
                cycle=rate.cycle,
                selected=format_number(rate.selected),
                applicants=format_number(rate.applicants or 0),
                source=rate.source,
            ),
        )
    _say(console, f"{history_line(list(journey.early_attempts.attempts))}.")

    _step(
        console,
        _("Strategic perseverance: what do they have that I don't?"),
        _(
            "After the sixth rejection his wife asked what the selected had that he "
            "didn't. He went and found out."
        ),
        pause,
    )
    console.print(Text(_("  His finding: {claim}.").format(claim=CLAIM), style="bold"))
    console.print(
        Text(_("  ({source}; a paraphrase.)").format(source=HIS_FINDINGS), style="dim")
    )
    _show_record(console, journey.record)
    console.print(
        _(
            "  The classes he studied (up to 1997) are not in the fact table, so his "
            "finding goes in as qualitative evidence, his word beside the data:"
        )
    )
    *found, russian = journey.evidence
    for ev in found:
        _say(console, f"strive evidence add {ev.condition!r} --source ...")
    _say(
        console,
        _(
            "And Russian in particular: astronaut training includes Russian, and "
            "his boss urged him to take a job working with Russia."
        ),
    )
    _say(console, f"strive evidence add {russian.condition!r} --source ...")
    before = journey.review.gap.to_json()
    _brief_gap(console, before, definition=False)

    _step(
        console,
        _("3. Create a route"),
        _(
            "The cheapest route that closes those gaps within his limits (10 h a "
            "week, at most a month away from home), keeping an application in every "
            "window:"
        ),
        pause,
    )
    _route(console, journey.review.route.to_json())

    _step(
        console,
        _("4. Prepare yourself and work hard"),
        _(
            "He did the work while applying every year. Logged effort against the "
            "route:"
        ),
        pause,
    )
    totals = journey.progress.to_json()["totals"]
    _say(
        console,
        _("Logged {actual} of {planned} planned hours; finished {day}.").format(
            actual=format_number(totals["actual_hours"], decimals=0),
            planned=format_number(totals["planned_hours"], decimals=0),
            day=_day(totals["forecast_finish"]),
        ),
    )

    _step(
        console,
        _("The twelfth application"),
        _(
            "Interviewed twice before; after the 2001 interview NASA hired him as an "
            "engineer at Johnson Space Center. He applied again."
        ),
        pause,
    )
    _say(console, f"{history_line(list(journey.final_attempts.attempts))}.")
    after = journey.at_selection.to_json()
    span = journey.span
    _say(
        console,
        _("Gaps closed since the review: {closed}; still open: {open}.").format(
            closed=", ".join(journey.closed) or _("none"),
            open=", ".join(journey.still_open) or _("none"),
        ),
    )
    own = journey.own_class.to_json()
    own_before = journey.own_class_at_review.to_json()
    console.print(
        _(
            "  Coverage against the classes of {first}-{last} (n={n}): {before} at "
            "the review, {after} at selection. Those classes have no pilot, diving "
            "or language values in the data (the fact table starts in 2004), so "
            "coverage against them moves only with degree, field, military service "
            "and age; against his own class (2004, n={own_n}), where the fact table "
            "records licences, diving and languages, his coverage was {own_before} "
            "with his profile at the review and {own} at selection."
        ).format(
            first=span[0],
            last=span[1],
            n=after["cohort"]["n"],
            before=_pct(before["headline"]["value"]),
            after=_pct(after["headline"]["value"]),
            own_n=own["cohort"]["n"],
            own_before=_pct(own_before["headline"]["value"]),
            own=_pct(own["headline"]["value"]),
        )
    )
    nxt = journey.next_goal
    _say(
        console,
        _(
            "Goal achieved. Next goal {id}: {title}; he flew STS-128 on Discovery "
            'in 2009. Later: a vineyard with his father. "You gotta keep putting '
            'goals in front of you."'
        ).format(id=nxt.id, title=repr(nxt.title)),
    )
    console.print()
    console.print(
        Panel(
            Text(
                _("Your turn:") + "\n" + '  strive goal new "Become a NASA astronaut" '
                "--template nasa-astronaut\n"
                "  strive profile set degree_level=master degree_field=stem ...\n"
                "  strive gap    strive route    strive log 3 private_pilot\n"
                "  strive progress    strive attempt add 'NASA 2028 call'    "
                "strive review"
            ),
            title=_("Start your own"),
        )
    )


def _route(console: Console, doc: dict[str, Any]) -> None:
    """The route: the CLI's own table in English, the same columns in Spanish."""
    if current_locale() == "en":
        from strive.cli.journey import show_route

        show_route(doc)
        return
    proven = _("proven cheapest") if doc.get("optimal") else _("not proven optimal")
    out = Table(title=_("Your route ({proven})").format(proven=proven))
    for column in (_("#"), _("action (why)"), _("start"), _("end")):
        out.add_column(column)
    for column in (_("hours"), _("money")):
        out.add_column(column, justify="right")
    for i, a in enumerate(doc["actions"], 1):
        why = "; ".join(a.get("reason") or [])
        out.add_row(
            str(i),
            Text.assemble(_title(a), *([("\n" + why, "dim")] if why else [])),
            _day(a["start"], style="medium"),
            _day(a["end"], style="medium"),
            _hours(a["effort_hours"]),
            _money(a["money"]) if a.get("money_sourced", True) else _("unknown"),
        )
    console.print(out)
    totals = doc.get("totals", {})
    _line(
        console,
        _("Totals: {hours}, {money}, done by {day}").format(
            hours=_hours(totals.get("effort_hours")),
            money=_money(totals.get("money")),
            day=_day(totals.get("finish")),
        ),
    )
    stones = [m for m in doc.get("milestones", []) if m.get("kind") == "apply"]
    if stones:
        _line(
            console,
            _("Keep applying: {windows}").format(
                windows=", ".join(
                    f"{_day(m['date'], style='medium')} {_window(m['name'])}"
                    for m in stones[:6]
                )
            ),
        )


def _title(action: dict[str, Any]) -> str:
    """The action's label in the current language (the template's ``label_es``)."""
    from strive.templates import load_template

    catalogue = load_template("nasa-astronaut").catalogue
    if action["name"] in catalogue.actions:
        return catalogue[action["name"]].title
    return str(action.get("label") or action["name"])


_WINDOW = re.compile(r"NASA (\d{4}) selection")


def _window(name: str) -> str:
    """The replay's window names ("NASA 1998 selection") in the current language."""
    found = _WINDOW.fullmatch(name)
    return _("NASA {year} selection").format(year=found[1]) if found else name


def _day(iso: Any, *, style: str = "long") -> str:
    if not isinstance(iso, str):
        return _("unknown")
    return format_date(dt.date.fromisoformat(iso), style=style)


def _hours(value: Any) -> str:
    if not isinstance(value, int | float):
        return "–"
    return _("{hours} h").format(hours=format_number(value, decimals=0))


def _money(value: Any) -> str:
    if not isinstance(value, int | float):
        return _("unknown")
    return format_currency(value, whole=True)


def _show_record(console: Console, record: tuple[RecordRow, ...]) -> None:
    """His finding beside the public record: his class, then the classes after it."""
    console.print(
        _(
            "  What the public record shows (the fact table shipped with the NASA "
            "cohort, one source and grade per cell; strive gap --years 2004-2004 "
            "--sources pilot_certificate lists them):"
        )
    )
    spans: dict[tuple[int, int], list[RecordRow]] = {}
    for row in record:
        spans.setdefault(row.span, []).append(row)
    for (first, last), rows in spans.items():
        years = str(first) if first == last else f"{first}-{last}"
        title = (
            _("  His own class, {years} (n={n}, him included):")
            if first <= 2004 <= last
            else _("  The classes after it, {years} (n={n}):")
        )
        console.print(title.format(years=years, n=rows[0].n))
        for row in rows:
            console.print(f"    {_record_line(row)}")
    console.print(
        _(
            "  Unknown means no page found said either way, not 'no'. 'A third "
            "language' for a bilingual like him means two or more besides English."
        )
    )


def _record_line(row: RecordRow) -> str:
    """'at least 6 of 11 were pilots (...): 6 of the 7 known; 4 unknown'."""
    lead = _("at least ") if row.unknown else ""
    line = _("{lead}{had} of {n} {label}: {had} of the {known} known").format(
        lead=lead, had=row.had, n=row.n, label=row.label, known=row.known
    )
    if row.unknown:
        line += ngettext("; {u} unknown", "; {u} unknown", row.unknown).format(
            u=row.unknown
        )
    if row.two_or_more is not None:
        line += _("; two or more besides English: {k} of the {known} known").format(
            k=len(row.two_or_more), known=row.known
        )
        if row.two_or_more:
            line += f" ({', '.join(row.two_or_more)})"
    grades = row.confidence
    if grades:
        parts = [f"{g} {k}" for g, k in grades.items() if k and g != "ungraded"]
        if parts:
            line += _("; graded {grades}").format(grades=" · ".join(parts))
    return line


def _pct(value: Any) -> str:
    return format_percent(value) if isinstance(value, float) else _("unknown")


_CLASSES = re.compile(r"classes (\d{4})-(\d{4}) \(n=(\d+)\)")


def _cohort(doc: dict[str, Any]) -> str:
    """Who he is compared with, in the current language when the shape is known."""
    description = str(doc.get("cohort", {}).get("description", ""))
    found = _CLASSES.search(description)
    if current_locale() == "en" or not found:
        return description
    first, last, n = found.groups()
    return _(
        "the {n} astronauts NASA selected in the classes of {first}-{last} ({source})"
    ).format(n=n, first=first, last=last, source=doc["cohort"].get("source", ""))


def _brief_gap(
    console: Console, doc: dict[str, Any], *, definition: bool = True
) -> None:
    head = doc["headline"]
    name = (
        _("Coverage") if head["name"] == "coverage" else str(head["name"]).capitalize()
    )
    console.print(Text(f"  {name}: {_pct(head['value'])}", style="bold"))
    if definition:
        text = (
            head["definition"]
            if current_locale() == "en" or head["name"] != "coverage"
            else _(
                "Coverage: the share of the selected ({cohort}) whose every "
                "comparable, non-sensitive trait you already match or exceed (yes "
                "beats no, more beats less, a set must include theirs, a category "
                "must be equal); fixed traits such as age only need to fall inside "
                "the range observed in that group; a trait unknown for you or for "
                "them is skipped for that pair."
            ).format(cohort=_cohort(doc))
        )
        console.print(Text(f"  {text}", style="dim"))
    reach = doc.get("reach")
    if reach and reach.get("value") is not None:
        console.print(
            Text.assemble(
                (
                    "  " + _("Reach: {hours}").format(hours=_hours(reach["value"])),
                    "bold",
                ),
                _(
                    " (the least effort to match at least {k} of them on every "
                    "recorded trait)"
                ).format(k=reach.get("k", 3)),
            )
        )
    _say(console, _("Compared with: {cohort}").format(cohort=_cohort(doc)))
    unmet = [r["name"] for r in doc["requirements"] if not r["met"]]
    _say(
        console,
        _("Requirements not (yet) shown as met: {names}").format(
            names=", ".join(unmet) or _("none")
        ),
    )
    _say(console, _("What they have that he doesn't:"))
    for item in doc["they_have_you_dont"][:6]:
        share = item.get("share")
        figure = (
            _("{share} of n={n}").format(share=_pct(share), n=item.get("n"))
            if share is not None
            else _("reported")
        )
        _say(
            console,
            f"  - {item.get('condition') or item['trait']}: {figure} "
            f"({item.get('source')})",
        )
