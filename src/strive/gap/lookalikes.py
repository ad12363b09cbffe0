"""Look-alikes: the selected people most like you, by a Gower-style distance.

Each comparable (non-sensitive) trait contributes a distance in [0, 1]: numbers and
levels ``|a - b| / range`` (capped at 1), yes/no and categories 0 when equal and 1
otherwise, sets the Jaccard distance. A trait unknown on either side is ignored for
that pair; the distance is the mean over the traits known on both sides. People
sharing no known trait with you are never look-alikes.

:meth:`LookalikeIndex.fit` encodes the cohort once: yes/no, level, category and
small-set traits packed into mixed-radix codes (one table lookup per group of
traits), number traits as codes of their distinct values (one lookup in a table of
similarities), large sets as a float32 matrix. A query builds the small tables, then
walks the rows in cache-sized blocks, keeping only rows that can still be among the
k nearest; the compared-trait counts are cached per pattern of known query traits.
Results are bit-for-bit those of the plain float32 computation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from strive.cohort import Cohort
from strive.conditions import Condition
from strive.traits import Kind, Mutability, Trait, Value

from .coverage import compared_traits
from .report import Lookalike

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

F32 = npt.NDArray[np.float32]
_MAX_SET_BITS = 12
"""Sets with at most this many members are encoded as one code (a bit mask)."""
_PARALLEL_ROWS = 200_000
"""From this many rows a query's distances are computed in two threads."""
_MAX_TABLE = 1 << 16
"""Largest joint table of discrete codes built per query (see :class:`_Group`)."""
_MAX_POINTS = (1 << 16) - 1
"""Number traits with fewer distinct values are looked up by code."""
_BLOCK = 32_768
"""Rows per block: a block's float32 temporaries stay in the core's cache."""
_MAX_KEPT = 4_096
"""Candidates kept per thread before they are cut back to the k best."""
_CACHED_PATTERNS = 8
"""Compared-trait counts kept per pattern of known query traits."""
_CACHED_ROWS = 4_096
"""Decoded cohort rows kept for :meth:`LookalikeIndex.had`."""
_CACHED_VECTORS = 256
"""Values whose distance vectors each discrete trait keeps."""
_FAST = True
"""Look small cohorts' groups up trait by trait (see :class:`_Group`) and keep
each trait's vectors per value; False restores the earlier path (joint tables
built afresh per query), which ``bench/bench_route.py nasa`` times against this
one. Both give the same bits."""


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
    _seen: dict[Value | None, tuple[F32, F32]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    """Vectors already built, per value (read-only; a few values recur across
    many queries: yes/no, levels, categories)."""

    def vectors(self, value: Value | None) -> tuple[F32, F32]:
        """Distance and weight per code (the last code is unknown: 0 and 0), the
        same read-only arrays for the same value.

        A number trait appears here only as known / unknown (``states`` 0): a known
        pair counts 1 in both, and the query then subtracts its similarity.
        """
        if not _FAST:
            return self._vectors(value)
        key = value if self.trait.kind is not Kind.NUMBER or value is None else True
        found = self._seen.get(key)
        if found is None:
            found = self._vectors(value)
            for array in found:
                array.flags.writeable = False
            if len(self._seen) >= _CACHED_VECTORS:
                self._seen.clear()
            self._seen[key] = found
        return found

    def _vectors(self, value: Value | None) -> tuple[F32, F32]:
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
    query is one table lookup (``table[code]``) for all of them.

    Building the joint table costs its size (the product of the members' states) per
    query; when the cohort has fewer rows than that (``member_codes`` is set), a
    query instead looks each member up in its own small vector and adds them in the
    same order, which gives the same float32 sums (each joint entry is
    ``((0 + d1) + d2) + ...`` too) for far less work.
    """

    members: tuple[_Discrete, ...]
    codes: npt.NDArray[np.intp]
    """Joint code per row (``intp``: numpy's own index type, so lookups need no
    conversion)."""
    member_codes: tuple[npt.NDArray[np.intp], ...] | None = None
    """Each member's own code per row, when direct lookups are cheaper."""

    def tables(self, values: Mapping[str, Value | None]) -> tuple[F32, F32]:
        dist = np.zeros(1, dtype=np.float32)
        weight = np.zeros(1, dtype=np.float32)
        for member in self.members:
            d, w = member.vectors(values.get(member.trait.name))
            dist = (dist[:, None] + d[None, :]).ravel()
            weight = (weight[:, None] + w[None, :]).ravel()
        return dist, weight

    def vectors(
        self, values: Mapping[str, Value | None]
    ) -> tuple[tuple[F32, ...], tuple[F32, ...]]:
        """Each member's distance and weight vectors (for direct lookups)."""
        pairs = [m.vectors(values.get(m.trait.name)) for m in self.members]
        return tuple(d for d, _ in pairs), tuple(w for _, w in pairs)

    def take(
        self,
        table: F32 | tuple[F32, ...],
        lo: int,
        hi: int,
        out: F32,
        spare: F32,
    ) -> None:
        """``out`` = the group's sum for rows lo..hi, from its joint ``table`` or
        its members' vectors (``spare``: a scratch buffer of ``out``'s size)."""
        if not isinstance(table, tuple):
            np.take(table, self.codes[lo:hi], out=out, mode="clip")
            return
        assert self.member_codes is not None
        for i, (vector, codes) in enumerate(zip(table, self.member_codes, strict=True)):
            if i == 0:
                np.take(vector, codes[lo:hi], out=out, mode="clip")
            else:
                np.take(vector, codes[lo:hi], out=spare, mode="clip")
                out += spare


@dataclass(frozen=True)
class _Numeric:
    """A number trait scaled to [0, 1] by the cohort's range (NaN unknown).

    When the trait takes at most 65,535 distinct values, ``codes`` numbers them
    (``points[code]`` is the value, the last code unknown) so that a query is one
    lookup in a table of similarities per distinct value instead of five passes.
    """

    trait: Trait
    data: F32
    known: npt.NDArray[np.bool_]
    low: float
    span: float
    points: F32 | None = None
    codes: npt.NDArray[np.uint16] | None = None


@dataclass(frozen=True)
class _Plan:
    """One query's lookup tables (see :meth:`LookalikeIndex._plan`)."""

    dist: tuple[F32 | tuple[F32, ...], ...]
    """Per group: distance per joint code (or per member's code: direct lookups)."""
    weight: tuple[F32 | tuple[F32, ...], ...] | None
    """Per group: compared traits per joint code, or per member's code (None:
    ``cached`` is used)."""
    cached: F32 | None
    """The compared-trait count per row, when already known for this pattern."""
    key: tuple[bool, ...]
    similar: tuple[tuple[_Numeric, F32 | np.float32], ...]
    """Per known number: a similarity table per code, or your scaled value."""
    sets: bool
    """Whether a large set trait is compared (computed on whole columns)."""


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
                data = np.where(known, (column.data - low) / span, np.nan).astype(
                    np.float32
                )
                numeric.append(_numeric(trait, data, known, low, span))
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
        self._had: tuple[Trait, ...] | None = None
        self._rows: dict[int, tuple[Value | None, ...]] = {}
        self._weights: dict[tuple[bool, ...], F32] = {}
        self.cohort_ = cohort
        self.numeric_ = tuple(numeric)
        self.groups_ = _groups(discrete, n)
        self.sets_ = tuple(sets)
        self.set_ = _hstack(set_cols, n)
        self.set_known_ = _stack(set_known, n)
        self.set_size_ = _stack(set_sizes, n)
        return self

    # -- distances -----------------------------------------------------------------

    def _plan(self, values: Mapping[str, Value | None]) -> _Plan:
        key = tuple(
            values.get(m.trait.name) is not None
            for g in self.groups_
            for m in g.members
        )
        cached = self._weights.get(key)
        tables: list[tuple[F32 | tuple[F32, ...], F32 | tuple[F32, ...]]] = [
            group.vectors(values)
            if _FAST and group.member_codes is not None
            else group.tables(values)
            for group in self.groups_
        ]
        similar: list[tuple[_Numeric, F32 | np.float32]] = []
        for num in self.numeric_:
            value = values.get(num.trait.name)
            if value is None:
                continue
            mine = np.float32((num.trait.order_key(value) - num.low) / num.span)
            if num.points is None:
                similar.append((num, mine))
            else:
                table = np.zeros(num.points.shape[0] + 1, dtype=np.float32)
                _similarity(num.points, mine, table[:-1])
                similar.append((num, table))
        return _Plan(
            dist=tuple(d for d, _ in tables),
            weight=None if cached is not None else tuple(w for _, w in tables),
            cached=cached,
            key=key,
            similar=tuple(similar),
            sets=any(
                isinstance(values.get(b.trait.name), frozenset) for b in self.sets_
            ),
        )

    def _block(self, plan: _Plan, lo: int, hi: int, t: F32, w: F32 | None) -> None:
        """Sums of per-trait distances for rows lo..hi into ``t`` (and compared-trait
        counts into ``w`` unless they are cached).

        The groups counted 1 per known number pair; each number then subtracts its
        similarity ``1 - min(|a - b|, 1)`` (0 where theirs is unknown).
        """
        buffer = np.empty(hi - lo, dtype=np.float32)
        spare = np.empty(hi - lo, dtype=np.float32)
        for i, (group, table) in enumerate(zip(self.groups_, plan.dist, strict=True)):
            if i == 0:
                group.take(table, lo, hi, t, spare)
            else:
                group.take(table, lo, hi, buffer, spare)
                t += buffer
        if not self.groups_:
            t[:] = 0.0
        for num, similar in plan.similar:
            if isinstance(similar, np.ndarray):
                assert num.codes is not None
                np.take(similar, num.codes[lo:hi], out=buffer, mode="clip")
            else:
                _similarity(num.data[lo:hi], similar, buffer)
            t -= buffer
        if plan.weight is not None and w is not None:
            w[:] = 0.0
            for group, table in zip(self.groups_, plan.weight, strict=True):
                group.take(table, lo, hi, buffer, spare)
                w += buffer

    def _sums(self, values: Mapping[str, Value | None]) -> tuple[_Plan, F32, F32]:
        """Unnormalised distance sums and compared-trait counts for every row."""
        n = self.cohort_.size
        plan = self._plan(values)
        total = np.empty(n, dtype=np.float32)
        weight = (
            plan.cached if plan.cached is not None else np.empty(n, dtype=np.float32)
        )

        def run(span: tuple[int, int]) -> None:
            for lo in range(span[0], span[1], _BLOCK):
                hi = min(lo + _BLOCK, span[1])
                self._block(plan, lo, hi, total[lo:hi], weight[lo:hi])

        _halves(n, run)
        if plan.cached is None:
            self._remember(plan.key, weight)
        if plan.sets:
            weight = weight.copy()
            self._add_sets(values, total, weight)
        return plan, total, weight

    def _remember(self, key: tuple[bool, ...], weight: F32) -> None:
        if len(self._weights) >= _CACHED_PATTERNS:
            self._weights.pop(next(iter(self._weights)))
        weight.flags.writeable = False
        self._weights[key] = weight

    def _add_sets(
        self, values: Mapping[str, Value | None], total: F32, weight: F32
    ) -> None:
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

    def distances(
        self, values: Mapping[str, Value | None]
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        """Distance to every row (inf where nothing is known on both sides), and the
        number of traits compared per row."""
        _, total, weight = self._sums(values)
        _normalise(total, weight)
        return total, weight.copy()

    def kneighbors(
        self, values: Mapping[str, Value | None], k: int
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        """Rows, distances and compared-trait counts of the ``k`` nearest, nearest
        first (ties broken by row order)."""
        n = self.cohort_.size
        if k <= 0 or n == 0:
            empty = np.empty(0, dtype=np.int64)
            return empty, np.empty(0), empty
        plan = self._plan(values)
        if plan.sets:
            _, dist, weight = self._sums(values)
            _normalise(dist, weight)
            k = min(k, int(np.count_nonzero(np.isfinite(dist))))
            if k <= 0:
                empty = np.empty(0, dtype=np.int64)
                return empty, np.empty(0), empty
            cut = np.partition(dist, k - 1)[k - 1]
            rows = np.flatnonzero(dist <= cut)
            order = rows[np.lexsort((rows, dist[rows]))][:k]
        else:
            weight = plan.cached if plan.cached is not None else np.empty(n, np.float32)
            found: list[tuple[npt.NDArray[np.intp], F32]] = []

            def run(span: tuple[int, int]) -> None:
                found.append(self._nearest(plan, span, k, weight))

            _halves(n, run)
            if plan.cached is None:
                self._remember(plan.key, weight)
            rows = np.concatenate([r for r, _ in found])
            near = np.concatenate([d for _, d in found])
            pick = np.lexsort((rows, near))[:k]
            order, dist = rows[pick], near[pick]
            return (
                order.astype(np.int64),
                dist.astype(np.float64),
                weight[order].astype(np.int64),
            )
        return (
            order.astype(np.int64),
            dist[order].astype(np.float64),
            weight[order].astype(np.int64),
        )

    def _nearest(
        self, plan: _Plan, span: tuple[int, int], k: int, weight: F32
    ) -> tuple[npt.NDArray[np.intp], F32]:
        """Rows in ``span`` that may be among the ``k`` nearest, with distances.

        Block by block (so the temporaries stay in cache), keep every row at or
        below ``bound``, the k-th smallest distance kept so far: a row of the
        overall k nearest is never above it. Rows compared on nothing get NaN
        (0 / 0), which no comparison keeps.
        """
        t = np.empty(min(_BLOCK, span[1] - span[0]), dtype=np.float32)
        mask = np.empty(t.shape[0], dtype=np.bool_)
        rows = np.empty(0, dtype=np.intp)
        near = np.empty(0, dtype=np.float32)
        bound = np.float32(np.inf)
        for lo in range(span[0], span[1], _BLOCK):
            hi = min(lo + _BLOCK, span[1])
            size = hi - lo
            block = t[:size]
            w = weight[lo:hi]
            self._block(plan, lo, hi, block, None if plan.weight is None else w)
            with np.errstate(invalid="ignore", divide="ignore"):
                np.divide(block, w, out=block)
            if near.shape[0] < k and size > k:
                # Nothing to beat yet: the block's own k-th smallest is a bound
                # (NaN when it has fewer than k compared rows: keep them all).
                cut = np.partition(block, k - 1)[k - 1]
                if not np.isnan(cut):
                    bound = min(bound, cut)
            np.less_equal(block, bound, out=mask[:size])
            keep = np.flatnonzero(mask[:size])
            if not keep.shape[0]:
                continue
            rows = np.concatenate((rows, keep + lo))
            near = np.concatenate((near, block[keep]))
            if near.shape[0] >= k:
                bound = np.partition(near, k - 1)[k - 1]
                if near.shape[0] > _MAX_KEPT:
                    best = np.lexsort((rows, near))[:k]
                    rows, near = rows[best], near[best]
        return rows, near

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
        out: list[Condition] = []
        theirs_all = self._row(row)
        for trait, theirs in zip(self._had_traits(), theirs_all, strict=True):
            mine = values.get(trait.name)
            if mine is None or trait.mutability is Mutability.FIXED:
                continue
            if theirs is None or trait.matches(mine, theirs):
                continue
            out.extend(lacking_conditions(trait, mine, theirs))
        return out

    def _had_traits(self) -> tuple[Trait, ...]:
        """The compared traits in order, each once (a number trait sits both in a
        lookup group and in the numeric pass)."""
        found = self._had
        if found is None:
            traits = {
                t.name: t
                for t in (
                    *(m.trait for g in self.groups_ for m in g.members),
                    *(num.trait for num in self.numeric_),
                    *(b.trait for b in self.sets_),
                )
            }
            found = tuple(sorted(traits.values(), key=lambda t: self._order[t.name]))
            self._had = found
        return found

    def _row(self, row: int) -> tuple[Value | None, ...]:
        """One row's values on :meth:`_had_traits`, decoded once per row (the same
        look-alikes come back for many people)."""
        rows = self._rows
        found = rows.get(row) if _FAST else None
        if found is None:
            columns = self.cohort_.columns
            found = tuple(columns[t.name].value(row) for t in self._had_traits())
            if len(rows) >= _CACHED_ROWS:
                rows.clear()
            rows[row] = found
        return found


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
    own: list[npt.NDArray[np.int32]] = []
    codes = np.zeros(n, dtype=np.intp)
    size = 1

    def close() -> None:
        # Direct lookups read each member's codes once per row; the joint table
        # costs its whole size per query: pick the smaller.
        direct = len(members) * n < size
        groups.append(
            _Group(
                tuple(members),
                codes,
                tuple(c.astype(np.intp) for c in own) if direct else None,
            )
        )

    for item, item_codes in discrete:
        radix = item.states + 1
        if members and size * radix > _MAX_TABLE:
            close()
            members, own, codes, size = [], [], np.zeros(n, dtype=np.intp), 1
        codes = codes * radix + item_codes
        members.append(item)
        own.append(item_codes)
        size *= radix
    if members:
        close()
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


def _numeric(
    trait: Trait, data: F32, known: npt.NDArray[np.bool_], low: float, span: float
) -> _Numeric:
    """A number trait, with codes when it takes few enough distinct values."""
    observed = data[known]
    points = np.unique(observed)
    if points.shape[0] >= _MAX_POINTS:
        return _Numeric(trait, data, known, low, span)
    coded = _hash_codes(observed, points)
    if coded is None:
        return _Numeric(trait, data, known, low, span)
    codes = np.full(data.shape[0], points.shape[0], dtype=np.uint16)
    codes[known] = coded
    return _Numeric(trait, data, known, low, span, points, codes)


def _hash_codes(values: F32, points: F32) -> npt.NDArray[np.uint16] | None:
    """Each value's index in ``points`` (its sorted distinct values), by a
    multiplicative hash of the float32 bits that is collision-free on ``points``
    (a binary search per value is ten times slower). None if no hash is found."""
    point_bits = points.view(np.uint32)
    value_bits = values.view(np.uint32)
    for bits in (16, 18, 20):
        shift = np.uint32(32 - bits)
        for multiplier in (2654435761, 2246822519, 3266489917, 668265263):
            mult = np.uint32(multiplier)
            slots = (point_bits * mult) >> shift
            if np.unique(slots).shape[0] < points.shape[0]:
                continue
            table = np.zeros(1 << bits, dtype=np.uint16)
            table[slots] = np.arange(points.shape[0], dtype=np.uint16)
            codes: npt.NDArray[np.uint16] = table[(value_bits * mult) >> shift]
            if np.array_equal(points[codes], values):
                return codes
            return None
    return None


def _similarity(data: F32, mine: np.float32, out: F32) -> None:
    """``1 - min(|data - mine|, 1)``, 0 where data is NaN (in place, float32)."""
    one, zero = np.float32(1.0), np.float32(0.0)
    np.subtract(data, mine, out=out)
    np.abs(out, out=out)
    np.minimum(out, one, out=out)
    np.subtract(one, out, out=out)
    np.fmax(out, zero, out=out)


def _normalise(total: F32, weight: F32) -> None:
    """Distance = sum / count in place; inf where nothing was compared."""
    with np.errstate(invalid="ignore", divide="ignore"):
        np.divide(total, weight, out=total)
    total[weight == 0] = np.inf


_POOL: list[ThreadPoolExecutor] = []


def _halves(n: int, run: Callable[[tuple[int, int]], None]) -> None:
    """``run`` over rows 0..n, in two threads for large cohorts (numpy releases the
    GIL in its loops, so the halves run on two cores)."""
    if n < _PARALLEL_ROWS:
        run((0, n))
        return
    if not _POOL:
        # Imported here: concurrent.futures (and its logging) costs a small
        # cohort's whole comparison, and small cohorts never get here.
        from concurrent.futures import ThreadPoolExecutor

        _POOL.append(ThreadPoolExecutor(2, thread_name_prefix="strive-lookalikes"))
    half = (n // 2 // _BLOCK) * _BLOCK or n // 2
    list(_POOL[0].map(run, [(0, half), (half, n)]))
