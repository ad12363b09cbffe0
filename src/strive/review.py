"""Step 5, persevere: the strategic review after a rejection.

José Hernández's wife asked him what the selected had that he didn't. The review
answers that with data: what changed in your profile since your last attempt, what the
selected (including any newly imported class) still have that you don't, the base
rates of the selection as context, and the attempt history told with care.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from strive.attempts import Attempt, Outcome, history_line
from strive.corrections import Correction
from strive.i18n import _, number_text
from strive.profile import NOT_YET, Change, Profile, Recorded, format_recorded
from strive.template import BaseRate
from strive.traits import TraitSet

if TYPE_CHECKING:
    from strive.gap import GapReport
    from strive.route import Route


@dataclass(frozen=True)
class ProfileDelta:
    trait: str
    label: str
    before: str
    after: str
    when: dt.date


@dataclass(frozen=True)
class AttemptSummary:
    """The attempt history in a form that encourages rather than punishes."""

    attempts: tuple[Attempt, ...]
    line: str
    last: Attempt | None
    rejections: int

    def to_json(self) -> dict[str, Any]:
        return {
            "summary": self.line,
            "rejections": self.rejections,
            "attempts": [
                {
                    "id": a.id,
                    "name": a.name,
                    "applied": a.applied.isoformat(),
                    "outcome": str(a.outcome),
                    "decided": a.decided.isoformat() if a.decided else None,
                    "feedback": a.feedback,
                }
                for a in self.attempts
            ],
        }


def summarise_attempts(attempts: Sequence[Attempt]) -> AttemptSummary:
    ordered = tuple(sorted(attempts, key=lambda a: a.applied))
    return AttemptSummary(
        attempts=ordered,
        line=history_line(list(ordered)),
        last=ordered[-1] if ordered else None,
        rejections=sum(a.outcome is Outcome.REJECTED for a in ordered),
    )


def changes_since(
    profile: Profile, traits: TraitSet, since: dt.date | None, until: dt.date
) -> list[ProfileDelta]:
    """What a person changed between two dates (e.g. since the last application).

    Each change is shown from the value it replaced: the value the day before for
    the first change of a day, the earlier change of the same day otherwise (so a
    trait changed twice in one day reads a → b, then b → c).
    """
    out: list[ProfileDelta] = []
    last: dict[str, Change] = {}
    for change in profile.history():  # date order, then recording order
        if change.trait not in traits or change.when > until:
            continue
        trait = traits[change.trait]
        previous = last.get(change.trait)
        last[change.trait] = change
        if since is not None and change.when <= since:
            continue
        before: Recorded | None
        if previous is not None and previous.when == change.when:
            before = previous.value
        else:
            day_before = change.when - dt.timedelta(days=1)
            before = profile.recorded(trait, day_before)
            if before is not NOT_YET:  # a value, aged to the day before
                before = profile.value(trait, day_before)
        if before == change.value:
            continue
        out.append(
            ProfileDelta(
                trait=trait.name,
                label=trait.title,
                before=format_recorded(trait, before),
                after=format_recorded(trait, change.value),
                when=change.when,
            )
        )
    return out


def base_rate_lines(rates: Sequence[BaseRate]) -> list[str]:
    """Context only ("in 2017, 12 of 18,300 applicants were selected"); never a
    personal probability."""
    lines = []
    for rate in rates:
        if rate.applicants:
            text = _(
                "{cycle}: {selected} selected of about {applicants} applicants "
                "({source})"
            )
        else:
            text = _("{cycle}: {selected} selected ({source})")
        lines.append(
            text.format(
                cycle=rate.cycle,
                selected=number_text(rate.selected, ","),
                applicants=number_text(rate.applicants or 0, ","),
                source=rate.source,
            )
        )
    return lines


@dataclass(frozen=True)
class Review:
    """The strategic review after a rejection (step 5)."""

    attempts: AttemptSummary
    changed: tuple[ProfileDelta, ...]
    since: dt.date | None
    gap: GapReport
    route: Route
    new_class: Any | None
    base_rates: tuple[str, ...]
    corrections: tuple[Correction, ...] = ()
    """Edits and deletions of logged records, part of the history."""

    def to_json(self) -> dict[str, Any]:
        return {
            "attempts": self.attempts.to_json(),
            "changed_since_last_attempt": [
                {
                    "trait": d.trait,
                    "label": d.label,
                    "before": d.before,
                    "after": d.after,
                    "date": d.when.isoformat(),
                }
                for d in self.changed
            ],
            "since": self.since.isoformat() if self.since else None,
            "gap": self.gap.to_json(),
            "new_class": None if self.new_class is None else self.new_class.to_json(),
            "route": self.route.to_json(),
            "base_rates": list(self.base_rates),
            "corrections": [c.to_json() for c in self.corrections],
        }
