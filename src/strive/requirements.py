"""Hard requirements: minimums a selection board checks before anything else.

A requirement is met when *any* of its alternatives holds, and an alternative holds
when *all* of its conditions do (NASA 2020: a STEM master's, OR two years toward a
STEM PhD, OR an MD/DO, OR test-pilot school). Missing values make a requirement
*unknown*, never unmet: strive does not guess what it was not told.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from strive.conditions import Condition
from strive.traits import TraitSet, Value


class Status(StrEnum):
    MET = "met"
    UNMET = "unmet"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Requirement:
    """A named hard minimum with alternatives (any of), each a list of conditions."""

    name: str
    description: str
    alternatives: tuple[tuple[Condition, ...], ...]
    source: str = ""
    description_es: str = ""
    """The description in Spanish (the template's ``description_es``, docs/i18n.md)."""

    @classmethod
    def parse(
        cls,
        name: str,
        description: str,
        any_of: Sequence[Sequence[str]],
        traits: TraitSet,
        source: str = "",
        description_es: str = "",
    ) -> Requirement:
        alternatives = tuple(
            tuple(Condition.parse(text, traits) for text in alternative)
            for alternative in any_of
        )
        return cls(name, description, alternatives, source, description_es)

    def traits_used(self) -> set[str]:
        return {c.trait for alt in self.alternatives for c in alt}

    def check(
        self, traits: TraitSet, values: Mapping[str, Value | None]
    ) -> RequirementCheck:
        """Evaluate every alternative and find the smallest change if unmet."""
        outcomes: list[tuple[bool | None, list[Condition]]] = []
        for alternative in self.alternatives:
            results = [(c, c.evaluate(traits, values)) for c in alternative]
            if all(r is True for _, r in results):
                return RequirementCheck(self, Status.MET, (), alternative)
            failing = [c for c, r in results if r is not True]
            holds = False if any(r is False for _, r in results) else None
            outcomes.append((holds, failing))
        status = Status.UNKNOWN if any(h is None for h, _ in outcomes) else Status.UNMET
        # The smallest change: the alternative with the fewest conditions to meet.
        _, fewest = min(outcomes, key=lambda o: len(o[1]))
        steps = tuple(c.gap_text(traits[c.trait], values.get(c.trait)) for c in fewest)
        return RequirementCheck(self, status, steps, tuple(fewest))


@dataclass(frozen=True)
class RequirementCheck:
    """The outcome of checking one requirement against one profile."""

    requirement: Requirement
    status: Status
    smallest_change: tuple[str, ...]
    """Human lines for the alternative needing the fewest changes (empty if met)."""
    alternative: tuple[Condition, ...]
    """The alternative that holds (met) or the one closest to holding."""

    @property
    def met(self) -> bool:
        return self.status is Status.MET
