"""Export a route as an iCalendar file (RFC 5545) with stable UIDs.

One all-day event per milestone: each step's end (``done: ...``) and each
application attempt, which spans its window from opening to closing day. UIDs are a
hash of what the event is about, so re-exporting after a re-plan updates events in a
calendar instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from strive.route.model import Milestone, Route

_PRODID = "-//strive//route//EN"


def route_to_ical(route: Route) -> bytes:
    """The route's milestones and application windows as an ``.ics`` document."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", _PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "strive route")
    stamp = dt.datetime.combine(route.start, dt.time(0, 0), tzinfo=dt.UTC)
    steps = {s.action: s for s in route.steps}
    for milestone in route.milestones:
        event = Event()
        event.add("uid", _uid(milestone))
        event.add("dtstamp", stamp)
        event.add("summary", milestone.title)
        event.add("dtstart", milestone.when)
        last = milestone.closes if milestone.closes else milestone.when
        event.add("dtend", max(last, milestone.when) + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        if milestone.kind == "done" and milestone.action in steps:
            step = steps[milestone.action]
            money = f"${step.money:,.0f}" if step.money_sourced else "money unknown"
            event.add(
                "description",
                f"{step.label}: {step.effort_hours:,.0f} h, {money}; "
                f"from {step.start.isoformat()}; for {', '.join(step.reason)}",
            )
            event.add("categories", ["strive", "milestone"])
        else:
            done = "route done" if milestone.route_done else "route still under way"
            event.add("description", f"Application window ({done}). Apply anyway.")
            event.add("categories", ["strive", "application"])
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def _uid(milestone: Milestone) -> str:
    key = "|".join(
        (milestone.kind, milestone.action, milestone.window, milestone.when.isoformat())
        if milestone.kind == "done"
        else (milestone.kind, milestone.window)
    )
    # A stable event UID (same milestone, same UID across exports), not a secret.
    return (
        hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:20] + "@strive"
    )
