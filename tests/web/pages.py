"""Every GET route of the app, read from its router list, and how to visit it.

Tests that must cover "every page" (accessibility, GET never writes, the Spanish
journey) take their list from :func:`get_routes`, and :data:`PAGES` says how each
route is reached. A new GET route without an entry in :data:`PAGES` fails
``test_every_get_route_has_an_entry`` (in ``test_a11y.py``) with the route's path,
so a new page cannot slip past the checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["anonymous", "person", "goal", "image", "download", "api"]


@dataclass(frozen=True)
class Page:
    kind: Kind
    """``anonymous``: a page for visitors; ``person``: a logged-in page that is not
    about one goal; ``goal``: a page of one goal (``{goal_id}``); ``image``/
    ``download``: not HTML (an SVG chart, a calendar file); ``api``: JSON."""
    fill: tuple[tuple[str, str], ...] = ()
    """Values for path parameters other than ``goal_id``."""


PAGES: dict[str, Page] = {
    "/": Page("person"),
    "/signup": Page("anonymous"),
    "/login": Page("anonymous"),
    "/settings": Page("person"),
    "/history": Page("person"),
    "/goals/new": Page("person"),
    "/goals/upload": Page("person"),
    "/goals/{goal_id}": Page("goal"),
    "/goals/{goal_id}/profile": Page("goal"),
    "/goals/{goal_id}/gap": Page("goal"),
    "/goals/{goal_id}/route": Page("goal"),
    "/goals/{goal_id}/progress": Page("goal"),
    "/goals/{goal_id}/attempts": Page("goal"),
    "/goals/{goal_id}/review": Page("goal"),
    "/goals/{goal_id}/route.ics": Page("download"),
    "/goals/{goal_id}/charts/gap/{trait}.svg": Page(
        "image", (("trait", "age_at_selection"),)
    ),
    "/goals/{goal_id}/charts/{kind}.svg": Page("image", (("kind", "route"),)),
    "/api/account": Page("api"),
    "/api/goals": Page("api"),
    "/api/templates": Page("api"),
    "/api/goals/{goal_id}": Page("api"),
    "/api/goals/{goal_id}/profile": Page("api"),
    "/api/goals/{goal_id}/evidence": Page("api"),
    "/api/goals/{goal_id}/gap": Page("api"),
    "/api/goals/{goal_id}/history": Page("api"),
    "/api/goals/{goal_id}/route": Page("api"),
    "/api/goals/{goal_id}/progress": Page("api"),
    "/api/goals/{goal_id}/effort": Page("api"),
    "/api/goals/{goal_id}/attempts": Page("api"),
    "/api/goals/{goal_id}/review": Page("api"),
}


def get_routes() -> list[str]:
    """The path of every GET route in ``strive.web.routes.ROUTERS``."""
    from fastapi.routing import APIRoute

    from strive.web import routes

    return [
        r.path
        for router in routes.ROUTERS
        for r in router.routes
        if isinstance(r, APIRoute) and "GET" in r.methods
    ]


def url(path: str, goal_id: int | None = None) -> str:
    """The route's path with its parameters filled in."""
    filled = path
    if goal_id is not None:
        filled = filled.replace("{goal_id}", str(goal_id))
    for name, value in PAGES[path].fill:
        filled = filled.replace("{" + name + "}", value)
    assert "{" not in filled, f"{path}: a parameter without a value"
    return filled


def html_pages(*kinds: Kind) -> list[str]:
    """The routes of these kinds, in the router's order."""
    return [p for p in get_routes() if PAGES[p].kind in kinds]
