"""Words a person reads for strive's states: outcomes, goal states, shares, statuses.

The enums themselves (``Outcome.REJECTED`` = ``"rejected"``) are data: they go into
the database and the ``--json`` output unchanged in every language. What a page or a
narration *shows* for them comes from here, in the current language, so the choice of
words (a rejection reads "not selected this time", never "failure") is made once.
"""

from __future__ import annotations

from enum import StrEnum

from strive.attempts import Outcome
from strive.goal import GoalStatus
from strive.i18n import N_, _
from strive.requirements import Status
from strive.supporters import Share

_WORDS: dict[StrEnum, str] = {
    Outcome.PENDING: N_("waiting to hear"),
    Outcome.INTERVIEWED: N_("interviewed"),
    Outcome.REJECTED: N_("not selected this time"),
    Outcome.SELECTED: N_("selected"),
    Outcome.WITHDRAWN: N_("withdrawn"),
    GoalStatus.ACTIVE: N_("active"),
    GoalStatus.ACHIEVED: N_("achieved"),
    GoalStatus.RETIRED: N_("retired"),
    GoalStatus.PAUSED: N_("paused"),
    Share.NOTHING: N_("nothing"),
    Share.PROGRESS: N_("progress and attempts"),
    Share.EVERYTHING: N_("everything"),
    Status.MET: N_("met"),
    Status.UNMET: N_("not met yet"),
    Status.UNKNOWN: N_("unknown"),
}

# StrEnum members hash as their strings; key by (type, value) so two enums may share
# a value ("unknown") with different words.
_LABELS = {(type(k), str(k)): v for k, v in _WORDS.items()}

_PROGRESS = {
    "done": N_("done"),
    "in progress": N_("in progress"),
    "not started": N_("not started"),
}

UNKNOWN = N_("unknown")
"""A value nobody has recorded: shown as a word, never as 0 or an empty cell."""
NOT_YET = N_("not yet")
"""A value recorded as "not yet" (the lowest value, e.g. no licence yet)."""


def label(value: StrEnum) -> str:
    """The word for an enum value in the current language (the value if unlisted)."""
    text = _LABELS.get((type(value), str(value)))
    return _(text) if text is not None else str(value)


def progress_status(status: str) -> str:
    """``ActionProgress.status`` (``"in progress"``) in the current language."""
    text = _PROGRESS.get(status)
    return _(text) if text is not None else status


def unknown() -> str:
    return _(UNKNOWN)


def not_yet() -> str:
    return _(NOT_YET)
