"""A synthetic caseload built from a shipped cohort, for benchmarks and tests.

Each synthetic person starts as one of the selected (drawn at random) and is set
back: a yes may become a no, a level or number lowered, set members dropped, and a
few values made unknown, so people have real gaps and routes; traits the cohort
does not record (citizenship, the physical) are drawn at random. Sensitive traits are
copied unchanged (tests permute them). Deterministic for a seed. Cells are written
in the cohort CSV format (``yes``, ``12``, ``english;spanish``, empty = unknown).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from strive.cohort import Cohort
from strive.traits import Kind, Mutability, Trait, TraitSet, Value


def synthetic_people(
    cohort: Cohort, traits: TraitSet, n: int, seed: int = 0
) -> Iterator[dict[str, str]]:
    """``n`` rows: ``name``, ``year`` and a cell per trait (traits the cohort does
    not record for most people are drawn at random, sensitive ones left out)."""
    # Seeded, reproducible synthetic data: no secret is drawn here (bandit B311).
    rng = random.Random(seed)  # nosec B311
    sparse = {
        name
        for name, column in cohort.columns.items()
        if column.known_mask().sum() < cohort.size / 2
    }
    for i in range(n):
        row = cohort.values(rng.randrange(cohort.size))
        out = {"name": f"person-{i + 1:07d}", "year": ""}
        for trait in traits:
            if trait.name not in cohort.columns or trait.name in sparse:
                if not trait.sensitive:
                    out[trait.name] = cell(trait, _invent(trait, rng))
                continue
            value = row.get(trait.name)
            if not trait.sensitive and trait.mutability is not Mutability.FIXED:
                value = _set_back(trait, value, rng)
            out[trait.name] = cell(trait, value)
        yield out


def _invent(trait: Trait, rng: random.Random) -> Value | None:
    """A value for a trait the cohort does not record (a caseload would know it)."""
    if rng.random() < 0.08:
        return None
    if trait.kind is Kind.BOOL:
        return rng.random() < 0.85
    if trait.kind is Kind.NUMBER:
        low = trait.minimum if trait.minimum is not None else 0.0
        high = trait.maximum if trait.maximum is not None else low + 15
        return float(rng.randint(int(low), int(min(high, low + 15))))
    if trait.kind is Kind.SET:
        return frozenset(m for m in trait.categories if rng.random() < 0.3)
    options = trait.allowed_values
    return rng.choice(options) if options else None


def _set_back(trait: Trait, value: Value | None, rng: random.Random) -> Value | None:
    if value is None or rng.random() < 0.08:
        return None
    if rng.random() < 0.5:
        return value
    if trait.kind is Kind.BOOL:
        return False
    if trait.kind is Kind.NUMBER and isinstance(value, float):
        low = trait.minimum if trait.minimum is not None else 0.0
        return max(low, round(value * rng.choice((0.0, 0.25, 0.5)), 0))
    if trait.kind is Kind.LEVEL and isinstance(value, str):
        return trait.levels[rng.randrange(trait.levels.index(value) + 1)]
    if trait.kind is Kind.SET and isinstance(value, frozenset):
        return frozenset(m for m in value if rng.random() < 0.5)
    return value


def cell(trait: Trait, value: Value | None) -> str:
    """A value as a cohort CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, frozenset):
        return ";".join(sorted(value)) if value else ";"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
