"""José Hernández's journey, replayed into a workspace: the facts, no output.

:func:`replay_journey` walks the five steps with the shipped data (the NASA cohort,
the template's sourced action catalogue and base rates) and returns every result the
story needs as a :class:`Journey`; ``strive demo`` (``strive.cli.demo``) narrates it
in the terminal and the web app can load it into a fresh account to look around.

Facts about José come from the sources in :data:`SOURCES` (see ``docs/demo.md``).
Where the sources give no date (when exactly he earned his pilot's licence, say), the
replay uses an illustrative date and says so in the recorded notes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from strive.attempts import Outcome
from strive.evidence import Evidence
from strive.goal import Goal, GoalStatus, Limits
from strive.i18n import N_
from strive.progress import Progress
from strive.review import AttemptSummary, Review
from strive.supporters import Share, Supporter
from strive.template import BaseRate, Window
from strive.workspace import Workspace

if TYPE_CHECKING:
    from strive.gap import GapReport

SOURCES = N_(
    "Texas Monthly, 'Flying on the Space Shuttle' (first person: twelve years of "
    "applying, pilot's licence, scuba); LLNL news release, 6 May 2004 (selection, "
    "interviews, LLNL career); ABC Radio Melbourne (11 rejections, Russian); "
    "interviews of Sept 2023 (the recipe, Miss Young, his wife's question, his boss)"
)
"""Marked for translation (``_(SOURCES)`` where it is shown): the notes in
parentheses are narration, the titles stay as published."""

START = dt.date(1989, 9, 1)
"""The replay starts in 1989, two years into his engineering career at LLNL."""

FIRST_APPLICATION = 1992
"""Twelve years of applying before the 2004 selection; one a year is inferred."""

FIRST_CLASSES = 1978
"""The first class of the Shuttle era: the gap is measured against 1978 onwards."""

SELECTED_SPAN = (1978, 1997)
"""The classes compared with at selection: the span of the strategic review."""

SUPPORTERS = (
    (
        "Miss Young",
        "teacher",
        "convinced his parents to stay in one place",
        Share.PROGRESS,
    ),
    ("his father", "parent", "the recipe: goal, gap, route, work", Share.EVERYTHING),
    ("his wife", "partner", "asked what the selected had", Share.EVERYTHING),
    ("his boss", "boss", "urged him to take a job working with Russia", Share.PROGRESS),
)

PROFILE_1989 = {
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
}

HIS_FINDINGS = (
    "José Hernández's account in interviews of Sept 2023 (InBetweenDrafts; Los "
    "Angeles Times / De Los; Prime Video)"
)

CLAIM = "they were certified pilots and divers and knew a third language"
"""His finding in the words of FACTS.md's summary of those interviews (a paraphrase:
no verbatim quote of it is on file)."""

RECORD_TRAITS = (
    ("pilot_certificate", "were pilots (licence or military wings)"),
    ("scuba", "were certified divers"),
    ("languages", "spoke a language besides English"),
)
"""The traits of his finding as the fact table records them (languages: besides
English, so "a third language" for a bilingual is two or more of them)."""

OWN_CLASS = (2004, 2004)
LATER_CLASSES = (2009, 2021)
"""His own class and the classes after it: the years the fact table covers."""

FINDINGS = (
    ("pilot_certificate", HIS_FINDINGS),
    ("scuba>=open_water", HIS_FINDINGS),
    ("languages>=3", HIS_FINDINGS),
    (
        "languages has russian",
        "NASA release 12-041: astronaut training includes Russian",
    ),
)
"""What he found the selected had, after his sixth rejection (recorded as evidence)."""


@dataclass(frozen=True)
class RecordRow:
    """What the public record says of one trait of his finding in a span of classes:
    ``had`` of the ``known`` cells, of ``n`` people (the gap engine's
    :func:`~strive.gap.trait_sources` on the shipped fact table)."""

    trait: str
    label: str
    span: tuple[int, int]
    n: int
    known: int
    had: int
    confidence: dict[str, int] | None
    two_or_more: tuple[str, ...] | None = None
    """For languages: who is known to speak two or more besides English."""

    @property
    def unknown(self) -> int:
        return self.n - self.known

    def to_json(self) -> dict[str, Any]:
        return {
            "trait": self.trait,
            "label": self.label,
            "years": list(self.span),
            "n": self.n,
            "known": self.known,
            "had": self.had,
            "unknown": self.unknown,
            "confidence": self.confidence,
            "two_or_more": None if self.two_or_more is None else list(self.two_or_more),
        }


@dataclass(frozen=True)
class Journey:
    """Every result the story of José's journey needs, in the order it happened."""

    goal: Goal
    supporters: tuple[Supporter, ...]
    first_year: int
    first_gap: GapReport
    """The gap in his first application year, against the classes before it."""
    base_rates: tuple[BaseRate, ...]
    early_attempts: AttemptSummary
    """The first six applications, all rejected."""
    evidence: tuple[Evidence, ...]
    review: Review
    """The strategic review after the sixth rejection, with its new route."""
    record: tuple[RecordRow, ...]
    """His finding against the public record: his own class, then the later ones."""
    progress: Progress
    final_attempts: AttemptSummary
    span: tuple[int, int]
    at_selection: GapReport
    own_class_at_review: GapReport
    own_class: GapReport
    """The gap against his own class (2004), which the fact table describes for
    pilots, divers and languages: with his profile at the review, then at
    selection."""
    next_goal: Goal

    @property
    def closed(self) -> list[str]:
        """The gaps of the review that were closed by selection."""
        after = {
            i["condition"] for i in self.at_selection.to_json()["they_have_you_dont"]
        }
        return [
            item["condition"]
            for item in self.review.gap.to_json()["they_have_you_dont"]
            if item["condition"] not in after
        ]

    @property
    def still_open(self) -> list[str]:
        return [
            i["condition"] for i in self.at_selection.to_json()["they_have_you_dont"]
        ]


def replay_journey(ws: Workspace) -> Journey:
    """Replay José's journey into ``ws`` (meant for a person with no data yet).

    Writes a goal, supporters, profile changes, evidence, effort, attempts and a
    next goal, dated 1989-2004, under ``ws.person``. ``ws.today`` is moved along the
    journey and given back afterwards.
    """
    today = ws.today
    try:
        return _replay(ws)
    finally:
        ws.today = today


def _replay(ws: Workspace) -> Journey:
    ws.today = START
    goal = ws.new_goal(
        "Become a NASA astronaut",
        "nasa-astronaut",
        why="Watching Apollo 17 at the age of ten",
        limits=Limits(hours_per_week=10, months_away=1, max_parallel=2),
    )
    for name, role, what, share in SUPPORTERS:
        ws.add_supporter(Supporter(name, role, what, share, ws.today))
    supporters = tuple(ws.supporters())
    ws.set_traits(
        PROFILE_1989,
        note="BS EE 1984, MS ECE 1986, engineer at Lawrence Livermore since 1987",
    )

    ws.today = dt.date(FIRST_APPLICATION, 1, 15)
    first_gap = ws.gap(years=(FIRST_CLASSES, FIRST_APPLICATION - 1))
    rates = tuple(
        rate
        for rate in ws.context().template.base_rates
        if rate.applicants and rate.cycle in ("2004", "1978-2004")
    )
    _apply(ws, range(FIRST_APPLICATION, FIRST_APPLICATION + 6))
    early = ws.attempts()

    evidence = tuple(
        ws.add_evidence(condition, source=source) for condition, source in FINDINGS
    )
    review = ws.review(
        years=(FIRST_CLASSES, ws.today.year - 1), windows=_annual_windows()
    )
    record = public_record(ws)
    own_at_review = ws.gap(years=OWN_CLASS)

    plan = review.route.to_json()["actions"]
    for action in plan:
        _work(ws, action)
    ws.today = max(dt.date.fromisoformat(a["end"]) for a in plan) if plan else ws.today
    progress = ws.progress()
    _apply(ws, range(FIRST_APPLICATION + 6, FIRST_APPLICATION + 11))

    ws.today = dt.date(2003, 6, 1)
    ws.add_attempt("NASA 2004 selection", ws.today)
    ws.today = dt.date(2004, 5, 6)
    ws.record_result(
        "NASA 2004 selection", Outcome.SELECTED, feedback="one of 11 in the 2004 class"
    )
    final = ws.attempts()
    at_selection = ws.gap(years=SELECTED_SPAN)
    own_class = ws.gap(years=OWN_CLASS)
    ws.close_goal(GoalStatus.ACHIEVED, "selected, NASA class of 2004")
    nxt = ws.new_goal(
        "Fly in space", "nasa-astronaut", why="the rest of the dream", follows=goal.id
    )
    return Journey(
        goal=goal,
        supporters=supporters,
        first_year=FIRST_APPLICATION,
        first_gap=first_gap,
        base_rates=rates,
        early_attempts=early,
        evidence=evidence,
        review=review,
        record=record,
        progress=progress,
        final_attempts=final,
        span=SELECTED_SPAN,
        at_selection=at_selection,
        own_class_at_review=own_at_review,
        own_class=own_class,
        next_goal=nxt,
    )


def public_record(ws: Workspace) -> tuple[RecordRow, ...]:
    """His finding's traits in his own class and the classes after it, from the
    shipped fact table through the gap engine (``strive gap --years Y-Y --sources
    TRAIT``): who had it among the known cells, and how many are unknown."""
    rows: list[RecordRow] = []
    for span in (OWN_CLASS, LATER_CLASSES):
        for trait, label in RECORD_TRAITS:
            found = ws.sources(trait, years=span)
            two = None
            if trait == "languages":
                two = tuple(
                    c.name
                    for c in found.cells
                    if isinstance(c.value, list) and len(c.value) >= 2
                )
            rows.append(
                RecordRow(
                    trait=trait,
                    label=label,
                    span=span,
                    n=found.n,
                    known=found.known,
                    had=found.had,
                    confidence=found.confidence,
                    two_or_more=two,
                )
            )
    return tuple(rows)


def _apply(ws: Workspace, years: range) -> None:
    """One application a year, each rejected the next spring."""
    for year in years:
        ws.today = dt.date(year, 6, 1)
        ws.add_attempt(f"NASA {year} selection", ws.today)
        ws.today = dt.date(year + 1, 4, 1)
        feedback = (
            "interviewed; NASA then hired him as an engineer at JSC"
            if year == 2001
            else ""
        )
        ws.record_result(f"NASA {year} selection", Outcome.REJECTED, feedback=feedback)


def _work(ws: Workspace, action: dict[str, Any]) -> None:
    """Log an action's planned hours every four weeks, then record what it brought."""
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
