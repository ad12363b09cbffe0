"""Unknown stays unknown: what to record first when strive knows little about you.

An empty profile does not mean "you already match everyone": every comparison that
needs a value you have not given is skipped, so coverage and reach would describe
nothing. Instead strive says which values to record first, ranked by how much each
one unlocks: the requirements that cannot be checked without it, then the share of
the selected for whom the trait is known (a trait known for no one compares nothing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from strive.i18n import _
from strive.requirements import Requirement
from strive.traits import Kind, Trait, TraitSet, Value
from strive.vocabulary import requirement as requirement_word


@dataclass(frozen=True)
class RecordFirst:
    """One value worth recording, with why and the exact command."""

    trait: str
    label: str
    requirements: tuple[str, ...]
    """Requirements that cannot be checked until this value is known."""
    known: int
    """How many of the selected have a known value (what it can be compared with)."""
    n: int
    command: str

    @property
    def reason(self) -> str:
        parts = []
        if self.requirements:
            parts.append(
                _("decides requirement {names}").format(
                    names=", ".join(requirement_word(r) for r in self.requirements)
                )
            )
        if self.known:
            parts.append(
                _("known for {known} of the {n} selected").format(
                    known=self.known, n=self.n
                )
            )
        else:
            parts.append(_("not recorded for the {n} selected").format(n=self.n))
        return "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "trait": self.trait,
            "label": self.label,
            "requirements": list(self.requirements),
            "known": self.known,
            "n": self.n,
            "reason": self.reason,
            "command": self.command,
        }


def example_assignment(trait: Trait) -> str:
    """``TRAIT=VALUE`` with the shape of value the trait takes."""
    if trait.kind is Kind.BOOL:
        shape = "yes|no"
    elif trait.kind is Kind.NUMBER:
        shape = "NUMBER"
    elif trait.kind is Kind.SET:
        shape = ",".join(trait.allowed_values[:2]) or "A,B"
    else:
        shape = "|".join(trait.allowed_values) or "VALUE"
    return f"{trait.name}={shape}"


def record_first(
    traits: TraitSet,
    values: Mapping[str, Value | None],
    requirements: Sequence[Requirement],
    known: Mapping[str, tuple[int, int]],
    limit: int = 5,
) -> list[RecordFirst]:
    """The unknown values that matter most, best first: by the requirements they
    decide (a requirement on one trait counts fully, one on four traits a quarter
    each), then by how many of the selected they compare you with.

    ``known`` maps a trait to (selected with a known value, selected in all).
    Sensitive traits are never suggested (they are context only); a trait known for
    none of the selected and needed by no requirement is left out (it compares
    nothing).
    """
    weight: dict[str, float] = {}
    for requirement in requirements:
        used = requirement.traits_used()
        for name in used:  # a trait that alone decides a requirement counts most
            weight[name] = weight.get(name, 0.0) + 1.0 / len(used)
    found: list[RecordFirst] = []
    for trait in traits:
        if trait.sensitive or values.get(trait.name) is not None:
            continue
        needs = tuple(r.name for r in requirements if trait.name in r.traits_used())
        have, n = known.get(trait.name, (0, 0))
        if not needs and not have:
            continue
        found.append(
            RecordFirst(
                trait=trait.name,
                label=trait.title,
                requirements=needs,
                known=have,
                n=n,
                command=f"strive profile set {example_assignment(trait)}",
            )
        )
    found.sort(key=lambda r: (-weight.get(r.trait, 0.0), -r.known, r.trait))
    return found[:limit]


def nothing_known(traits: TraitSet, values: Mapping[str, Value | None]) -> bool:
    """Whether no comparable, non-sensitive value of yours is recorded."""
    return all(
        values.get(t.name) is None for t in traits if t.comparable and not t.sensitive
    )
