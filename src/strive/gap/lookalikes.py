"""Look-alikes: the selected people most like you, by a Gower-style distance.

Each comparable (non-sensitive) trait contributes a distance in [0, 1]: numbers and
levels ``|a - b| / range`` (capped at 1), yes/no and categories 0 when equal and 1
otherwise, sets the Jaccard distance. A trait unknown on either side is ignored for
that pair; the distance is the mean over the traits known on both sides. People
sharing no known trait with you are never look-alikes.

:meth:`LookalikeIndex.fit` encodes the cohort once into float32 matrices so that a
query is a handful of matrix products and one partial sort.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from strive.cohort import Cohort
from strive.conditions import Condition
from strive.traits import Kind, Mutability, Trait, Value

from .coverage import compared_traits
from .report import Lookalike

F32 = npt.NDArray[np.float32]
_MAX_SET_BITS = 12
"""Sets with at most this many members are encoded as one code (a bit mask)."""
_PARALLEL_ROWS = 200_000
"""From this many rows a query's distances are computed in two threads."""
_MAX_TABLE = 1 << 16
"""Largest joint table of discrete codes built per query (see :class:`_Group`)."""


@dataclass(frozen=True)
class _Block:
    """A large set trait's columns in the shared member matrix."""

    trait: Trait
    start: int
    stop: int
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Discrete:
    """A yes/no, level, category or small-set trait: ``states`` codes plus unknown."""

    trait: Trait
    states: int
    labels: tuple[str, ...] = ()

    def vectors(self, value: Value | None) -> tuple[F32, F32]:
        """Distance and weight per code (the last code is unknown: 0 and 0).

        A number trait appears here only as known / unknown (``states`` 0): a known
        pair counts 1 in both, and the query then subtracts its similarity.
        """
        dist = np.zeros(self.states + 1, dtype=np.float32)
        weight = np.zeros(self.states + 1, dtype=np.float32)
        if value is None:
            return dist, weight
        weight[:-1] = 1.0
        trait = self.trait
        if trait.kind is Kind.NUMBER:
            return weight.copy(), weight
        codes = np.arange(self.states, dtype=np.float64)
        if trait.kind is Kind.SET:
            assert isinstance(value, frozenset)
            mine = sum(1 << i for i, label in enumerate(self.labels) if label in value)
            ints = np.arange(self.states, dtype=np.int64)
            inter = _popcount(ints & mine)
            union = _popcount(ints) + len(value) - inter
            with np.errstate(invalid="ignore", divide="ignore"):
                dist[:-1] = np.where(union > 0, 1.0 - inter / union, 0.0)
        elif trait.kind is Kind.CATEGORY:
            dist[:-1] = [label != value for label in self.labels]
        else:
            span = 1.0 if trait.kind is Kind.BOOL else max(len(trait.levels) - 1, 1)
            dist[:-1] = np.abs(codes - trait.order_key(value)) / span
        return dist, weight


@dataclass(frozen=True)
class _Group:
    """Discrete traits encoded together as one mixed-radix code per row, so that a
    query is one table lookup (``table[code]``) for all of them."""

    members: tuple[_Discrete, ...]
    codes: npt.NDArray[np.int32]

    def tables(self, values: Mapping[str, Value | None]) -> tuple[F32, F32]:
        dist = np.zeros(1, dtype=np.float32)
        weight = np.zeros(1, dtype=np.float32)
        for member in self.members:
            d, w = member.vectors(values.get(member.trait.name))
            dist = (dist[:, None] + d[None, :]).ravel()
            weight = (weight[:, None] + w[None, :]).ravel()
        return dist, weight


@dataclass(frozen=True)
class _Numeric:
    trait: Trait
    data: F32
    known: npt.NDArray[np.bool_]
    low: float
    span: float


class LookalikeIndex:
    """Nearest selected people under a mixed-type (Gower-style) distance.

    >>> index = LookalikeIndex().fit(cohort)            # doctest: +SKIP
    >>> index.query({"pilot_certificate": False}, k=5)   # doctest: +SKIP
    """

    def __init__(self, traits: Sequence[Trait] | None = None) -> None:
        self.traits = traits

    def fit(self, cohort: Cohort) -> LookalikeIndex:
        used = compared_traits(cohort, self.traits or cohort.traits)
        n = cohort.size
        numeric: list[_Numeric] = []
        discrete: list[tuple[_Discrete, npt.NDArray[np.int32]]] = []
        sets: list[_Block] = []
        set_cols: list[F32] = []
        set_known: list[F32] = []
        set_sizes: list[F32] = []
        set_width = 0
        for trait in used:
            column = cohort.columns[trait.name]
            known = column.known_mask()
            kind = trait.kind
            if kind is Kind.NUMBER:
                observed = column.data[known]
                low = float(observed.min()) if observed.size else 0.0
                high = float(observed.max()) if observed.size else 1.0
                span = high - low if high > low else 1.0
                data = np.where(known, (column.data - low) / span, np.nan)
                numeric.append(
                    _Numeric(trait, data.astype(np.float32), known, low, span)
                )
                codes = np.where(known, 0, 1).astype(np.int32)
                discrete.append((_Discrete(trait, 1), codes))
            elif kind is Kind.SET and len(column.labels) > _MAX_SET_BITS:
                width = len(column.labels)
                sets.append(_Block(trait, set_width, set_width + width, column.labels))
                set_width += width
                matrix = column.data.astype(np.float32)
                set_cols.append(matrix)
                set_known.append(known.astype(np.float32))
                set_sizes.append(matrix.sum(axis=1))
            else:
                if kind is Kind.SET:
                    states = 1 << len(column.labels)
                    weights = 1 << np.arange(len(column.labels), dtype=np.int64)
                    raw = column.data.reshape(n, -1).astype(np.int64) @ weights
                elif kind is Kind.CATEGORY:
                    states = len(column.labels)
                    raw = column.data.astype(np.int64)
                else:
                    states = 2 if kind is Kind.BOOL else len(trait.levels)
                    raw = np.nan_to_num(column.data).astype(np.int64)
                codes = np.where(known, raw, states).astype(np.int32)
                discrete.append((_Discrete(trait, states, column.labels), codes))
        self._order = {t.name: i for i, t in enumerate(used)}
        self.cohort_ = cohort
        self.numeric_ = tuple(numeric)
        self.groups_ = _groups(discrete, n)
        self.sets_ = tuple(sets)
        self.set_ = _hstack(set_cols, n)
        self.set_known_ = _stack(set_known, n)
        self.set_size_ = _stack(set_sizes, n)
        return self

    def distances(
        self, values: Mapping[str, Value | None]
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        """Distance to every row (inf where nothing is known on both sides), and the
        number of traits compared per row."""
        n = self.cohort_.size
        total = np.zeros(n, dtype=np.float32)
        weight = np.zeros(n, dtype=np.float32)
        tables = [group.tables(values) for group in self.groups_]
        numbers = [
            (num, np.float32((num.trait.order_key(v) - num.low) / num.span))
            for num in self.numeric_
            if (v := values.get(num.trait.name)) is not None
        ]

        def part(lo: int, hi: int) -> None:
            t, w = total[lo:hi], weight[lo:hi]
            for group, (dist_table, weight_table) in zip(
                self.groups_, tables, strict=True
            ):
                codes = group.codes[lo:hi]
                t += dist_table[codes]
                w += weight_table[codes]
            buffer = np.empty(hi - lo, dtype=np.float32)
            one, zero = np.float32(1.0), np.float32(0.0)
            for num, mine in numbers:
                # The groups counted 1 per known pair; subtract the similarity
                # 1 - min(|a - b|, 1), which fmax turns to 0 where theirs is NaN.
                np.subtract(num.data[lo:hi], mine, out=buffer)
                np.abs(buffer, out=buffer)
                np.minimum(buffer, one, out=buffer)
                np.subtract(one, buffer, out=buffer)
                np.fmax(buffer, zero, out=buffer)
                np.subtract(t, buffer, out=t)

        if n >= _PARALLEL_ROWS:
            # numpy releases the GIL in these loops: two halves run on two cores.
            from concurrent.futures import ThreadPoolExecutor

            half = n // 2
            with ThreadPoolExecutor(2) as pool:
                list(pool.map(lambda span: part(*span), [(0, half), (half, n)]))
        else:
            part(0, n)
        for i, block in enumerate(self.sets_):
            value = values.get(block.trait.name)
            if not isinstance(value, frozenset):
                continue
            known = self.set_known_[:, i]
            mine_vec = np.array(
                [label in value for label in block.labels], dtype=np.float32
            )
            inter = self.set_[:, block.start : block.stop] @ mine_vec
            union = self.set_size_[:, i] + np.float32(len(value)) - inter
            with np.errstate(invalid="ignore", divide="ignore"):
                jaccard = np.where(union > 0, 1.0 - inter / union, 0.0)
            total += (jaccard * known).astype(np.float32)
            weight += known
        with np.errstate(invalid="ignore", divide="ignore"):
            np.divide(total, weight, out=total)
        total[weight == 0] = np.inf
        return total, weight

    def kneighbors(
        self, values: Mapping[str, Value | None], k: int
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        """Rows, distances and compared-trait counts of the ``k`` nearest, nearest
        first (ties broken by row order)."""
        dist, weight = self.distances(values)
        finite = int(np.count_nonzero(np.isfinite(dist)))
        k = min(k, finite)
        if k <= 0:
            empty = np.empty(0, dtype=np.int64)
            return empty, np.empty(0), empty
        if k < dist.shape[0]:
            cut = np.partition(dist, k - 1)[k - 1]
            candidates = np.flatnonzero(dist <= cut)
        else:
            candidates = np.arange(dist.shape[0])
        order = candidates[np.lexsort((candidates, dist[candidates]))][:k]
        return (
            order.astype(np.int64),
            dist[order].astype(np.float64),
            weight[order].astype(np.int64),
        )

    def query(
        self, values: Mapping[str, Value | None], k: int = 5
    ) -> tuple[Lookalike, ...]:
        """The ``k`` nearest selected people, each with what they had that you lack."""
        rows, dists, counts = self.kneighbors(values, k)
        cohort = self.cohort_
        out = []
        for row, dist, compared in zip(rows, dists, counts, strict=True):
            r = int(row)
            year = cohort.years[r]
            out.append(
                Lookalike(
                    row=r,
                    name=cohort.names[r] if cohort.names else f"#{r + 1}",
                    year=None if np.isnan(year) else float(year),
                    distance=float(dist),
                    compared=int(compared),
                    had=tuple(c.text() for c in self.had(r, values)),
                )
            )
        return tuple(out)

    def had(self, row: int, values: Mapping[str, Value | None]) -> list[Condition]:
        """Conditions this person met that you don't (changeable traits you know)."""
        cohort = self.cohort_
        out: list[Condition] = []
        traits = [
            *(m.trait for g in self.groups_ for m in g.members),
            *(num.trait for num in self.numeric_),
            *(b.trait for b in self.sets_),
        ]
        for trait in sorted(traits, key=lambda t: self._order[t.name]):
            mine = values.get(trait.name)
            if mine is None or trait.mutability is Mutability.FIXED:
                continue
            theirs = cohort.columns[trait.name].value(row)
            if theirs is None or trait.matches(mine, theirs):
                continue
            out.extend(lacking_conditions(trait, mine, theirs))
        return out


def lacking_conditions(trait: Trait, mine: Value, theirs: Value) -> list[Condition]:
    """The conditions that would make ``mine`` match ``theirs`` on ``trait``."""
    if trait.kind is Kind.SET:
        assert isinstance(theirs, frozenset) and isinstance(mine, frozenset)
        return [Condition(trait.name, "has", m) for m in sorted(theirs - mine)]
    if trait.kind is Kind.CATEGORY:
        return [Condition(trait.name, "=", theirs)]
    if trait.kind is Kind.BOOL:
        return [Condition(trait.name, "is", True)]
    return [Condition(trait.name, ">=", theirs)]


def _groups(
    discrete: list[tuple[_Discrete, npt.NDArray[np.int32]]], n: int
) -> tuple[_Group, ...]:
    """Pack discrete traits into groups whose joint table stays small."""
    groups: list[_Group] = []
    members: list[_Discrete] = []
    codes = np.zeros(n, dtype=np.int32)
    size = 1
    for item, item_codes in discrete:
        radix = item.states + 1
        if members and size * radix > _MAX_TABLE:
            groups.append(_Group(tuple(members), codes))
            members, codes, size = [], np.zeros(n, dtype=np.int32), 1
        codes = codes * np.int32(radix) + item_codes
        members.append(item)
        size *= radix
    if members:
        groups.append(_Group(tuple(members), codes))
    return tuple(groups)


def _popcount(ints: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    bits = np.zeros(ints.shape, dtype=np.float64)
    work = ints.copy()
    while work.any():
        bits += work & 1
        work >>= 1
    return bits


def _stack(cols: list[F32], n: int) -> F32:
    if not cols:
        return np.zeros((n, 0), dtype=np.float32)
    return np.ascontiguousarray(np.column_stack(cols), dtype=np.float32)


def _hstack(blocks: list[F32], n: int) -> F32:
    if not blocks:
        return np.zeros((n, 0), dtype=np.float32)
    return np.ascontiguousarray(np.hstack(blocks), dtype=np.float32)
