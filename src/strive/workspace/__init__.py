"""The library's front door: one person's goals, profile and journey in a database.

Every public method is one unit of work (one transaction) and returns plain result
objects; the CLI, the demo and the web app only format them.

The class is assembled from one mixin per step so a newcomer finds each step in one
file of a few hundred lines:

- ``_base.py``: the store, the person, today; finding the goal and its context
- ``goals.py``: step 1, define your goal (goals, own templates, limits)
- ``profile.py``: the person's values, evidence about the selected, imported classes
- ``gap.py``: step 2, recognise how far you are (gap, sources, gap over time)
- ``route.py``: step 3, create a route (and a caseload's routes)
- ``progress.py``: step 4, prepare yourself and work hard (effort, progress)
- ``attempts.py``: step 5, persevere (applications, results, the review)
- ``supporters.py``: the people who help
- ``records.py``: corrections history, export and import

>>> ws = Workspace.open("journey.db")                      # doctest: +SKIP
>>> goal = ws.new_goal("Become a NASA astronaut", "nasa-astronaut")  # doctest: +SKIP
>>> ws.set_traits({"degree_level": "master", "degree_field": "stem"})  # doctest: +SKIP
>>> report = ws.gap()                                        # doctest: +SKIP
"""

from __future__ import annotations

from strive.workspace._base import REACH_K, GoalContext, WorkspaceBase
from strive.workspace.attempts import AttemptsMixin
from strive.workspace.gap import GapMixin
from strive.workspace.goals import GoalsMixin, TemplateUpdate
from strive.workspace.profile import ProfileMixin
from strive.workspace.progress import ProgressMixin
from strive.workspace.records import RecordsMixin
from strive.workspace.route import BatchSummary, RouteMixin
from strive.workspace.supporters import SupportersMixin


class Workspace(
    GoalsMixin,
    ProfileMixin,
    AttemptsMixin,
    ProgressMixin,
    SupportersMixin,
    RouteMixin,
    GapMixin,
    RecordsMixin,
    WorkspaceBase,
):
    """One person's strive data in one database (SQLite file or PostgreSQL URL)."""


__all__ = [
    "REACH_K",
    "BatchSummary",
    "GoalContext",
    "TemplateUpdate",
    "Workspace",
]
