"""Coverage: the share of the selected whose every comparable trait you match.

For each pair (you, one selected person) and each comparable, non-sensitive trait:
the pair passes when :meth:`strive.traits.Trait.matches` holds, or when the value is
unknown on either side (the trait is skipped for that pair). A *fixed* trait (age,
birth year) passes when your value falls inside the range observed in the cohort.
Coverage is the share of the cohort passing on every trait.

Everything is vectorised: one person against a million selected is a few array
passes, and :func:`coverage_batch` scores many people at once in chunks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from strive.cohort import Cohort, Column
from strive.profile import Profile
from strive.traits import Kind, Mutability, Trait, TraitSet, Value

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

_CHUNK_CELLS = 4_000_000
"""People x cohort rows per chunk in :func:`coverage_batch` (bounds memory)."""


def compared_traits(cohort: Cohort, traits: TraitSet | Iterable[Trait]) -> list[Trait]:
    """The traits coverage and look-alikes use: comparable and in the cohort."""
    return [t for t in traits if t.comparable and t.name in cohort.columns]


def coverage(
    cohort: Cohort,
    traits: TraitSet | Iterable[Trait],
    values: Mapping[str, Value | None],
) -> float | None:
    """Your coverage of ``cohort`` (None for an empty cohort, or when none of your
    values on the compared traits is known)."""
    if not cohort.size:
        return None
    score = float(coverage_batch(cohort, traits, [values])[0])
    return None if np.isnan(score) else score


def coverage_batch(
    cohort: Cohort,
    traits: TraitSet | Iterable[Trait],
    people: Sequence[Mapping[str, Value | None]],
) -> FloatArray:
    """Coverage for many people at once (NaN for every person if the cohort is empty,
    and for a person with no known value on any compared trait).

    Encodes the people once, then compares them with the cohort in chunks of people,
    one broadcast array operation per trait.
    """
    used = compared_traits(cohort, traits)
    count = len(people)
    out = np.full(count, np.nan)
    if not cohort.size or not count:
        return out
    encoded = [_encode_people(cohort.columns[t.name], people) for t in used]
    chunk = max(1, _CHUNK_CELLS // cohort.size)
    for start in range(0, count, chunk):
        stop = min(count, start + chunk)
        passing = np.ones((stop - start, cohort.size), dtype=bool)
        for trait, mine in zip(used, encoded, strict=True):
            passing &= _passes(cohort.columns[trait.name], mine[start:stop])
        out[start:stop] = passing.mean(axis=1)
    # With nothing known about a person, every pair would pass vacuously: that is
    # "unknown", not 100%.
    told = np.array(
        [any(p.get(t.name) is not None for t in used) for p in people], dtype=bool
    )
    out[~told] = np.nan
    return out


def coverage_history(
    profile: Profile, cohort: Cohort, traits: TraitSet
) -> list[tuple[dt.date, float | None]]:
    """Coverage on every date the profile changed (fixed traits aged by time)."""
    dates = profile.dates()
    people = [profile.values(traits, when) for when in dates]
    scores = coverage_batch(cohort, traits, people)
    return [
        (when, None if np.isnan(score) else float(score))
        for when, score in zip(dates, scores, strict=True)
    ]


def _encode_people(
    column: Column, people: Sequence[Mapping[str, Value | None]]
) -> npt.NDArray[np.float64]:
    """People's values in the column's encoding (NaN unknown; -2 a foreign category).

    Set traits become a float matrix (people x cohort members) of 1.0 where the
    person *lacks* the member, with NaN rows for unknown.
    """
    trait = column.trait
    name = trait.name
    kind = trait.kind
    if kind in (Kind.BOOL, Kind.NUMBER, Kind.LEVEL):
        return np.array(
            [_key(trait, p.get(name)) for p in people],
            dtype=np.float64,
        )
    if kind is Kind.CATEGORY:
        index = {label: i for i, label in enumerate(column.labels)}
        return np.array(
            [
                np.nan if p.get(name) is None else index.get(str(p.get(name)), -2)
                for p in people
            ],
            dtype=np.float64,
        )
    labels = column.labels
    lack = np.full((len(people), len(labels)), np.nan)
    for row, person in enumerate(people):
        members = person.get(name)
        if isinstance(members, frozenset):
            lack[row] = [label not in members for label in labels]
    return lack


def _key(trait: Trait, value: Value | None) -> float:
    return np.nan if value is None else trait.order_key(value)


def _passes(column: Column, mine: FloatArray) -> BoolArray:
    """(people x rows) True where the pair passes on this column's trait."""
    trait = column.trait
    theirs_known = column.known_mask()
    fixed = trait.mutability is Mutability.FIXED
    kind = trait.kind
    if kind is Kind.SET:
        # Sets compare by inclusion even when fixed (no template has a fixed set).
        if not mine.shape[1]:
            return np.ones((mine.shape[0], column.data.shape[0]), dtype=bool)
        mine_known = ~np.isnan(mine[:, 0])
        lack = np.nan_to_num(mine).astype(np.float32)
        ok = (lack @ column.data.T.astype(np.float32)) < 0.5
        return np.asarray(ok | ~mine_known[:, None] | ~theirs_known[None, :])
    mine_known = ~np.isnan(mine)
    if kind is Kind.CATEGORY:
        data = column.data.astype(np.float64)
        if fixed:
            seen = set(np.unique(column.data[theirs_known]).tolist())
            inside = np.array([m in seen for m in mine.tolist()], dtype=bool)
            ok = np.broadcast_to(inside[:, None], (mine.shape[0], data.shape[0]))
        else:
            ok = data[None, :] == mine[:, None]
        return np.asarray(ok | ~mine_known[:, None] | ~theirs_known[None, :])
    data = column.data
    if fixed:
        known_data = data[theirs_known]
        if known_data.size:
            low, high = known_data.min(), known_data.max()
            with np.errstate(invalid="ignore"):
                inside = (mine >= low) & (mine <= high)
        else:
            inside = np.ones(mine.shape[0], dtype=bool)
        ok = np.broadcast_to(inside[:, None], (mine.shape[0], data.shape[0]))
        return np.asarray(ok | ~mine_known[:, None] | ~theirs_known[None, :])
    with np.errstate(invalid="ignore"):
        ok = data[None, :] <= mine[:, None]
    return np.asarray(ok | ~mine_known[:, None] | ~theirs_known[None, :])


def matching(
    cohort: Cohort,
    traits: TraitSet | Iterable[Trait],
    values: Mapping[str, Value | None],
) -> BoolArray:
    """Per row of ``cohort``: whether you match or exceed that person on every
    comparable trait (the pair test behind :func:`coverage`)."""
    out = np.ones(cohort.size, dtype=bool)
    for trait in compared_traits(cohort, traits):
        column = cohort.columns[trait.name]
        out &= _passes(column, _encode_people(column, [values]))[0]
    return out


class Matcher:
    """:func:`matching` for one person at a time against a fixed cohort: what does
    not depend on the person (known masks, fixed traits' observed ranges, set
    matrices) is prepared once, so a query is a few vector operations per trait.

    The answer is exactly :func:`matching`'s (same comparisons on the same
    numbers); ``tests/gap/test_batch_shortcuts.py`` checks it on random people.
    """

    def __init__(self, cohort: Cohort, traits: TraitSet | Iterable[Trait]) -> None:
        self.size = cohort.size
        self._parts: list[tuple[Trait, Column, BoolArray, object]] = []
        # A category trait's label -> its code in the column: built once here, not
        # on every query.
        self._codes: dict[str, dict[str, int]] = {}
        for trait in compared_traits(cohort, traits):
            column = cohort.columns[trait.name]
            unknown = ~column.known_mask()
            fixed = trait.mutability is Mutability.FIXED
            extra: object = None
            if trait.kind is Kind.SET:
                extra = column.data.T.astype(np.float32)
            elif trait.kind is Kind.CATEGORY:
                self._codes[trait.name] = {
                    label: i for i, label in enumerate(column.labels)
                }
                if fixed:
                    extra = set(np.unique(column.data[~unknown]).tolist())
                else:
                    extra = column.data.astype(np.float64)
            elif fixed:
                known_data = column.data[~unknown]
                extra = (known_data.min(), known_data.max()) if known_data.size else ()
            self._parts.append((trait, column, unknown, extra))

    def __call__(self, values: Mapping[str, Value | None]) -> BoolArray:
        """Per row: whether ``values`` match or exceed that person on every trait."""
        out = np.ones(self.size, dtype=bool)
        for trait, column, unknown, extra in self._parts:
            value = values.get(trait.name)
            if value is None:
                continue  # unknown for you: every pair passes on this trait
            ok = self._passes(trait, column, extra, value)
            if ok is not None:
                out &= ok | unknown
        return out

    def _passes(
        self, trait: Trait, column: Column, extra: object, value: Value
    ) -> BoolArray | bool | None:
        """As :func:`_passes` for one known value (None: every pair passes)."""
        kind = trait.kind
        fixed = trait.mutability is Mutability.FIXED
        if kind is Kind.SET:
            labels = column.labels
            if not labels or not isinstance(value, frozenset):
                return None
            lack = np.array([label not in value for label in labels], np.float32)
            assert isinstance(extra, np.ndarray)
            return np.asarray((lack @ extra) < 0.5)
        if kind is Kind.CATEGORY:
            mine = float(self._codes[trait.name].get(str(value), -2))
            if fixed:
                assert isinstance(extra, set)
                return None if mine in extra else False
            assert isinstance(extra, np.ndarray)
            return np.asarray(extra == mine)
        key = np.float64(trait.order_key(value))
        if fixed:
            assert isinstance(extra, tuple)
            if not extra:
                return None
            low, high = extra
            return None if bool((key >= low) & (key <= high)) else False
        with np.errstate(invalid="ignore"):
            return np.asarray(column.data <= key)
