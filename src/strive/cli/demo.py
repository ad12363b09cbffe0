"""``strive demo``: José Hernández's journey told in the terminal.

The journey itself (every figure, fact and date) comes from :mod:`strive.demo`, which
replays it into a throwaway database; this module only narrates the results, so the
web app can load the same journey without any terminal output.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.rule import Rule
from rich.text import Text

from strive.demo import CLAIM, HIS_FINDINGS, SOURCES, Journey, RecordRow, replay_journey
from strive.i18n import _, ngettext
from strive.workspace import Workspace


def run_demo(
    console: Console, *, db_path: Path | None = None, pause: float = 0.0
) -> None:
    """Tell the story step by step, computing every figure on the way."""
    if db_path is None:
        with tempfile.TemporaryDirectory() as tmp:
            _run(console, Path(tmp) / "demo.db", pause)
    else:
        _run(console, db_path, pause)


def _step(console: Console, title: str, text: str, pause: float) -> None:
    if pause:
        time.sleep(pause)
    console.print()
    console.print(Rule(Text(title, style="bold")))
    console.print(text)


def _run(console: Console, db: Path, pause: float) -> None:
    console.print(
        Panel(
            Text.assemble(
                "José M. Hernández, son of migrant farm workers, wanted to be an "
                "astronaut from the age of ten. NASA rejected him eleven times; he was "
                "selected on his twelfth application, in 2004. This replays his "
                "journey with strive, using real data on the 387 NASA astronauts "
                "selected 1959-2021.\n",
                (f"Sources on José: {SOURCES}.", "dim"),
            ),
            title="strive demo: strategic perseverance",
        )
    )
    journey = replay_journey(Workspace.open(db))
    _tell(console, journey, pause)


def _tell(console: Console, journey: Journey, pause: float) -> None:
    from strive.cli.journey import show_route

    _step(
        console,
        "1. Define your goal",
        "His father's recipe starts with a goal. José's, with his own limit: no long "
        "training away from his family.",
        pause,
    )
    goal = journey.goal
    console.print(
        f"  strive goal new {goal.title!r} --template nasa-astronaut "
        "--hours-per-week 10 --months-away 1"
    )
    console.print(
        f"  Supporters recorded: {len(journey.supporters)} "
        "(teacher, father, wife, boss)."
    )
    console.print(
        "  Profile (1989): MS in electrical & computer engineering (UC Santa Barbara, "
        "1986), engineer at Lawrence Livermore since 1987, bilingual."
    )

    year = journey.first_year
    _step(
        console,
        "2. Recognise how far you are",
        f"In {year}, against the classes selected 1978-{year - 1}:",
        pause,
    )
    _brief_gap(console, journey.first_gap.to_json())

    _step(
        console,
        "Step 5, persevere: six applications, six rejections",
        "He applied every year. The base rates put that in context: these are not "
        "personal probabilities.",
        pause,
    )
    for rate in journey.base_rates:
        console.print(
            f"  {rate.cycle}: {rate.selected:,} selected of about "
            f"{rate.applicants:,} applications ({rate.source})"
        )
    console.print(f"  {journey.early_attempts.line}.")

    _step(
        console,
        "Strategic perseverance: what do they have that I don't?",
        "After the sixth rejection his wife asked what the selected had that he "
        "didn't. He went and found out.",
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
        console.print(f"  strive evidence add {ev.condition!r} --source ...")
    console.print(
        "  And Russian in particular: astronaut training includes Russian, and his "
        "boss urged him to take a job working with Russia."
    )
    console.print(f"  strive evidence add {russian.condition!r} --source ...")
    before = journey.review.gap.to_json()
    _brief_gap(console, before, definition=False)

    _step(
        console,
        "3. Create a route",
        "The cheapest route that closes those gaps within his limits (10 h a week, "
        "at most a month away from home), keeping an application in every window:",
        pause,
    )
    show_route(journey.review.route.to_json())

    _step(
        console,
        "4. Prepare yourself and work hard",
        "He did the work while applying every year. Logged effort against the route:",
        pause,
    )
    totals = journey.progress.to_json()["totals"]
    console.print(
        f"  Logged {totals['actual_hours']:,.0f} of {totals['planned_hours']:,.0f} "
        f"planned hours; finished {totals['forecast_finish']}."
    )

    _step(
        console,
        "The twelfth application",
        "Interviewed twice before; after the 2001 interview NASA hired him as an "
        "engineer at Johnson Space Center. He applied again.",
        pause,
    )
    console.print(f"  {journey.final_attempts.line}.")
    after = journey.at_selection.to_json()
    span = journey.span
    console.print(
        f"  Gaps closed since the review: {', '.join(journey.closed) or 'none'}; "
        f"still open: {', '.join(journey.still_open) or 'none'}."
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
    console.print(
        f"  Goal achieved. Next goal {nxt.id}: {nxt.title!r}; he flew STS-128 on "
        'Discovery in 2009. Later: a vineyard with his father. "You gotta keep '
        'putting goals in front of you."'
    )
    console.print()
    console.print(
        Panel(
            "Your turn:\n"
            '  strive goal new "Become a NASA astronaut" --template nasa-astronaut\n'
            "  strive profile set degree_level=master degree_field=stem ...\n"
            "  strive gap    strive route    strive log 3 private_pilot\n"
            "  strive progress    strive attempt add 'NASA 2028 call'    strive review",
            title="Start your own",
        )
    )


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
    return f"{100 * value:.0f}%" if isinstance(value, float) else "unknown"


def _brief_gap(
    console: Console, doc: dict[str, Any], *, definition: bool = True
) -> None:
    head = doc["headline"]
    console.print(
        Text(f"  {head['name'].capitalize()}: {_pct(head['value'])}", style="bold")
    )
    if definition:
        console.print(Text(f"  {head['definition']}", style="dim"))
    reach = doc.get("reach")
    if reach and reach.get("value") is not None:
        console.print(
            Text.assemble(
                (f"  Reach: {reach['value']:,.0f} h", "bold"),
                " (the least effort to match at "
                f"least {reach.get('k', 3)} of them on every recorded trait)",
            )
        )
    console.print(f"  Compared with: {doc.get('cohort', {}).get('description', '')}")
    unmet = [r["name"] for r in doc["requirements"] if not r["met"]]
    console.print(
        f"  Requirements not (yet) shown as met: {', '.join(unmet) or 'none'}"
    )
    console.print("  What they have that he doesn't:")
    for item in doc["they_have_you_dont"][:6]:
        share = item.get("share")
        figure = (
            f"{_pct(share)} of n={item.get('n')}" if share is not None else "reported"
        )
        console.print(
            f"    - {item.get('condition') or item['trait']}: {figure} "
            f"({item.get('source')})"
        )
