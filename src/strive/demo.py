"""``strive demo``: José Hernández's journey, replayed on a throwaway database.

Every figure printed comes from the engines run on the shipped data (the NASA cohort,
the template's sourced action catalogue and base rates); the narration only connects
them. Facts about José come from the sources listed in ``docs/demo.md``. Where the
sources give no date (when exactly he earned his pilot's licence, say), the replay uses
an illustrative date and says so.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.rule import Rule
from rich.text import Text

from strive.attempts import Outcome
from strive.goal import GoalStatus, Limits
from strive.supporters import Share, Supporter
from strive.template import Window
from strive.workspace import Workspace

SOURCES = (
    "Texas Monthly, 'Flying on the Space Shuttle' (first person: twelve years of "
    "applying, pilot's licence, scuba); LLNL news release, 6 May 2004 (selection, "
    "interviews, LLNL career); ABC Radio Melbourne (11 rejections, Russian); "
    "interviews of Sept 2023 (the recipe, Miss Young, his wife's question, his boss)"
)

FIRST_APPLICATION = 1992
"""Twelve years of applying before the 2004 selection; one a year is inferred."""


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
    from strive.cli.journey import show_route

    ws = Workspace.open(db, today=dt.date(1989, 9, 1))
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

    _step(
        console,
        "1. Define your goal",
        "His father's recipe starts with a goal. José's, with his own limit: no long "
        "training away from his family.",
        pause,
    )
    goal = ws.new_goal(
        "Become a NASA astronaut",
        "nasa-astronaut",
        why="Watching Apollo 17 at the age of ten",
        limits=Limits(hours_per_week=10, months_away=1, max_parallel=2),
    )
    console.print(
        f"  strive goal new {goal.title!r} --template nasa-astronaut "
        "--hours-per-week 10 --months-away 1"
    )
    for name, role, what, share in (
        (
            "Miss Young",
            "teacher",
            "convinced his parents to stay in one place",
            Share.PROGRESS,
        ),
        (
            "his father",
            "parent",
            "the recipe: goal, gap, route, work",
            Share.EVERYTHING,
        ),
        ("his wife", "partner", "asked what the selected had", Share.EVERYTHING),
        (
            "his boss",
            "boss",
            "urged him to take a job working with Russia",
            Share.PROGRESS,
        ),
    ):
        ws.add_supporter(Supporter(name, role, what, share, ws.today))
    console.print(
        f"  Supporters recorded: {len(ws.supporters())} (teacher, father, wife, boss)."
    )

    ws.set_traits(
        {
            "us_citizen": "yes",
            "age": "27",
            "degree_level": "master",
            "degree_field": "stem",
            "experience_years": "2",
            "jet_pic_hours": "0",
            "military": "no",
            "pilot_certificate": "no",
            "scuba": "none",
            "languages": "english,spanish",
            "test_pilot_school": "no",
            "phd_years": "0",
            "gender": "male",
            "birthplace": "CA",
        },
        note="BS EE 1984, MS ECE 1986, engineer at Lawrence Livermore since 1987",
    )
    console.print(
        "  Profile (1989): MS in electrical & computer engineering (UC Santa Barbara, "
        "1986), engineer at Lawrence Livermore since 1987, bilingual."
    )

    ws.today = dt.date(FIRST_APPLICATION, 1, 15)
    _step(
        console,
        "2. Recognise how far you are",
        f"In {ws.today.year}, against the classes selected 1978-{ws.today.year - 1}:",
        pause,
    )
    report = ws.gap(years=(1978, ws.today.year - 1))
    _brief_gap(console, report.to_json())

    _step(
        console,
        "Step 5, persevere: six applications, six rejections",
        "He applied every year. The base rates put that in context: these are not "
        "personal probabilities.",
        pause,
    )
    rates = ws.context().template.base_rates
    for rate in rates:
        if rate.applicants and rate.cycle in ("2004", "1978-2004"):
            console.print(
                f"  {rate.cycle}: {rate.selected:,} selected of about "
                f"{rate.applicants:,} applications ({rate.source})"
            )
    for year in range(FIRST_APPLICATION, FIRST_APPLICATION + 6):
        ws.today = dt.date(year, 6, 1)
        ws.add_attempt(f"NASA {year} selection", ws.today)
        ws.today = dt.date(year + 1, 4, 1)
        ws.record_result(f"NASA {year} selection", Outcome.REJECTED)
    console.print(f"  {ws.attempts().line}.")

    _step(
        console,
        "Strategic perseverance: what do they have that I don't?",
        "After the sixth rejection his wife asked what the selected had that he "
        "didn't. He found they were certified pilots and divers and knew a third "
        "language. No dataset holds that, so it goes in as evidence:",
        pause,
    )
    source = "José Hernández's own findings (Texas Monthly; ABC Radio Melbourne)"
    for condition in ("pilot_certificate", "scuba>=open_water", "languages>=3"):
        ev = ws.add_evidence(condition, source=source)
        console.print(f"  strive evidence add {ev.condition!r} --source ...")
    console.print(
        "  And Russian in particular: astronaut training includes Russian, and his "
        "boss urged him to take a job working with Russia."
    )
    ev = ws.add_evidence(
        "languages has russian",
        source="NASA release 12-041: astronaut training includes Russian",
    )
    console.print(f"  strive evidence add {ev.condition!r} --source ...")
    review = ws.review(years=(1978, ws.today.year - 1), windows=_annual_windows())
    before = review.gap.to_json()
    _brief_gap(console, before, definition=False)

    _step(
        console,
        "3. Create a route",
        "The cheapest route that closes those gaps within his limits (10 h a week, "
        "at most a month away from home), keeping an application in every window:",
        pause,
    )
    route = review.route
    show_route(route.to_json())

    _step(
        console,
        "4. Prepare yourself and work hard",
        "He did the work while applying every year. Logged effort against the route:",
        pause,
    )
    plan = route.to_json()["actions"]
    for action in plan:
        start = dt.date.fromisoformat(action["start"])
        end = dt.date.fromisoformat(action["end"])
        weeks = max((end - start).days // 7, 1)
        per_week = action["effort_hours"] / weeks
        day = start
        while day < end:
            ws.today = day
            ws.log(round(per_week * 4, 1), action["name"], when=day, note="four weeks")
            day += dt.timedelta(weeks=4)
        ws.today = end
        _finish(ws, action["name"], end)
    ws.today = max(dt.date.fromisoformat(a["end"]) for a in plan) if plan else ws.today
    progress = ws.progress().to_json()["totals"]
    console.print(
        f"  Logged {progress['actual_hours']:,.0f} of {progress['planned_hours']:,.0f} "
        f"planned hours; finished {progress['forecast_finish']}."
    )
    for year in range(FIRST_APPLICATION + 6, FIRST_APPLICATION + 11):
        ws.today = dt.date(year, 6, 1)
        ws.add_attempt(f"NASA {year} selection", ws.today)
        ws.today = dt.date(year + 1, 4, 1)
        feedback = (
            "interviewed; NASA then hired him as an engineer at JSC"
            if year == 2001
            else ""
        )
        ws.record_result(f"NASA {year} selection", Outcome.REJECTED, feedback=feedback)

    _step(
        console,
        "The twelfth application",
        "Interviewed twice before; after the 2001 interview NASA hired him as an "
        "engineer at Johnson Space Center. He applied again.",
        pause,
    )
    ws.today = dt.date(2003, 6, 1)
    ws.add_attempt("NASA 2004 selection", ws.today)
    ws.today = dt.date(2004, 5, 6)
    ws.record_result(
        "NASA 2004 selection", Outcome.SELECTED, feedback="one of 11 in the 2004 class"
    )
    console.print(f"  {ws.attempts().line}.")
    span = (1978, 1997)
    after = ws.gap(years=span).to_json()
    closed = [
        item["condition"]
        for item in before["they_have_you_dont"]
        if item["condition"]
        not in {i["condition"] for i in after["they_have_you_dont"]}
    ]
    still = [i["condition"] for i in after["they_have_you_dont"]]
    console.print(
        f"  Gaps closed since the review: {', '.join(closed) or 'none'}; "
        f"still open: {', '.join(still) or 'none'}."
    )
    console.print(
        f"  Coverage against the classes of {span[0]}-{span[1]} "
        f"(n={after['cohort']['n']}): {_pct(before['headline']['value'])} at the "
        f"review, {_pct(after['headline']['value'])} at selection. The dataset has "
        "no pilot, diving or language columns, so coverage moves only with what it "
        "records (degree, field, military service, age); the evidence lines above "
        "are where his route shows."
    )
    ws.close_goal(GoalStatus.ACHIEVED, "selected, NASA class of 2004")
    nxt = ws.new_goal(
        "Fly in space", "nasa-astronaut", why="the rest of the dream", follows=goal.id
    )
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


def _annual_windows() -> list[Window]:
    """The replay's application windows: one a year (inferred, see the module doc)."""
    return [
        Window(
            name=f"NASA {year} selection",
            opens=dt.date(year, 6, 1),
            closes=dt.date(year, 6, 30),
            source="one application a year, inferred from twelve years of applying",
            estimated=True,
        )
        for year in range(FIRST_APPLICATION + 6, FIRST_APPLICATION + 12)
    ]


def _finish(ws: Workspace, action: str, when: dt.date) -> None:
    """Record the trait changes an action brings (illustrative completion dates)."""
    ctx = ws.context()
    done = ctx.template.catalogue[action]
    values = done.apply(ctx.traits, ctx.values(when))
    changes = {e.trait: _text(values[e.trait]) for e in done.effects}
    ws.set_traits(
        changes, when=when, note=f"completed {done.title} (date illustrative)"
    )


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, frozenset):
        return ",".join(sorted(value))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


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
