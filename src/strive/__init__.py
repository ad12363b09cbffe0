"""strive: reach a hard goal with José Hernández's recipe, on real data.

Define the goal, measure the gap against the people who were actually selected, plan
the provably cheapest route, log the work, and after a rejection ask "what do those who
were selected have that I don't?" and re-plan.

The public API is importable from here; names are loaded on first use so that
``import strive`` (and ``strive --help``) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "Action": "strive.actions",
    "Attempt": "strive.attempts",
    "Catalogue": "strive.actions",
    "Change": "strive.profile",
    "Cohort": "strive.cohort",
    "CohortSource": "strive.cohort",
    "Condition": "strive.conditions",
    "Effect": "strive.actions",
    "EffortEntry": "strive.effort",
    "Evidence": "strive.evidence",
    "Goal": "strive.goal",
    "GoalStatus": "strive.goal",
    "Kind": "strive.traits",
    "Limits": "strive.goal",
    "Mutability": "strive.traits",
    "Outcome": "strive.attempts",
    "Profile": "strive.profile",
    "Requirement": "strive.requirements",
    "Share": "strive.supporters",
    "StriveError": "strive.errors",
    "Supporter": "strive.supporters",
    "Template": "strive.template",
    "Trait": "strive.traits",
    "TraitSet": "strive.traits",
    "compute_progress": "strive.progress",
    "parse_template": "strive.template",
}

__all__ = [
    "Action",
    "Attempt",
    "Catalogue",
    "Change",
    "Cohort",
    "CohortSource",
    "Condition",
    "Effect",
    "EffortEntry",
    "Evidence",
    "Goal",
    "GoalStatus",
    "Kind",
    "Limits",
    "Mutability",
    "Outcome",
    "Profile",
    "Requirement",
    "Share",
    "StriveError",
    "Supporter",
    "Template",
    "Trait",
    "TraitSet",
    "__version__",
    "compute_progress",
    "parse_template",
]

if TYPE_CHECKING:
    from strive.actions import Action, Catalogue, Effect
    from strive.attempts import Attempt, Outcome
    from strive.cohort import Cohort, CohortSource
    from strive.conditions import Condition
    from strive.effort import EffortEntry
    from strive.errors import StriveError
    from strive.evidence import Evidence
    from strive.goal import Goal, GoalStatus, Limits
    from strive.profile import Change, Profile
    from strive.progress import compute_progress
    from strive.requirements import Requirement
    from strive.supporters import Share, Supporter
    from strive.template import Template, parse_template
    from strive.traits import Kind, Mutability, Trait, TraitSet


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'strive' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
