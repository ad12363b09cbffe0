"""Plan routes for many people at once, on every core, and write them to Parquet.

``plan_batch`` sends chunks of people to a process pool (the shared catalogue,
traits and limits are sent once per worker) and yields routes in input order. A
``progress`` callback receives the number of people finished so far, for a progress
bar in the CLI.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from strive.actions import Catalogue
from strive.conditions import Condition
from strive.goal import Limits
from strive.requirements import Requirement
from strive.route.model import DEFAULT_WEIGHTS, CostWeights, Route
from strive.route.targets import LinearTarget, LookalikeTarget
from strive.template import Window
from strive.traits import TraitSet, Value


@dataclass(frozen=True)
class _Context:
    catalogue: Catalogue
    traits: TraitSet
    requirements: tuple[Requirement, ...]
    targets: tuple[Condition | LookalikeTarget | LinearTarget, ...]
    limits: Limits
    start: dt.date
    deadline: dt.date | None
    weights: CostWeights
    windows: tuple[Window, ...]
    alternatives: bool


_CONTEXT: _Context | None = None


def _init(context: _Context) -> None:
    global _CONTEXT
    _CONTEXT = context


def _values(traits: TraitSet, person: Mapping[str, Any]) -> dict[str, Value | None]:
    return {
        t.name: t.from_json(person.get(t.name))
        if not isinstance(person.get(t.name), frozenset)
        else person.get(t.name)
        for t in traits
    }


def _plan_one(context: _Context, person: Mapping[str, Any]) -> Route:
    from strive.route.api import plan_route

    return plan_route(
        context.catalogue,
        context.traits,
        _values(context.traits, person),
        requirements=context.requirements,
        targets=context.targets,
        limits=context.limits,
        start=context.start,
        deadline=context.deadline,
        weights=context.weights,
        windows=context.windows,
        alternatives=context.alternatives,
    )


def _plan_chunk(people: list[Mapping[str, Any]]) -> list[Route]:
    assert _CONTEXT is not None
    return [_plan_one(_CONTEXT, p) for p in people]


def plan_batch(
    people: Iterable[Mapping[str, Any]],
    *,
    catalogue: Catalogue,
    traits: TraitSet,
    requirements: Sequence[Requirement] = (),
    targets: Sequence[Condition | LookalikeTarget | LinearTarget] = (),
    limits: Limits,
    start: dt.date,
    deadline: dt.date | None = None,
    weights: CostWeights = DEFAULT_WEIGHTS,
    windows: Sequence[Window] = (),
    alternatives: bool = False,
    workers: int | None = None,
    chunk_size: int = 256,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Route]:
    """Yield one route per person (a dict of trait name -> JSON value), in order.

    ``workers=1`` plans in this process (no pool). Unknown keys in a person's dict
    (an id column, say) are ignored.

    Raises:
        TraitValueError: a person's value does not fit its trait.
    """
    context = _Context(
        catalogue,
        traits,
        tuple(requirements),
        tuple(targets),
        limits,
        start,
        deadline,
        weights,
        tuple(windows),
        alternatives,
    )
    workers = workers or os.cpu_count() or 1
    done = 0
    chunks = _chunks(people, chunk_size)
    if workers == 1:
        for chunk in chunks:
            for person in chunk:
                yield _plan_one(context, person)
            done += len(chunk)
            if progress:
                progress(done)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # only a batch needs workers

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_init,
        initargs=(context,),
    ) as pool:
        for routes in pool.map(_plan_chunk, chunks):
            yield from routes
            done += len(routes)
            if progress:
                progress(done)


def _chunks(
    people: Iterable[Mapping[str, Any]], size: int
) -> Iterator[list[Mapping[str, Any]]]:
    it = iter(people)
    while chunk := list(islice(it, size)):
        yield chunk


def write_parquet(
    routes: Iterable[Route], path: str, ids: Iterable[str] | None = None
) -> int:
    """Write one row per route; returns the number of rows written.

    Columns: ``id``, ``feasible``, ``optimal``, ``actions`` (list), the totals,
    ``end``, ``blocked_by`` (list) and ``route`` (the ``route --json`` document).
    Needs ``pyarrow`` (the ``batch`` extra).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    id_iter = iter(ids) if ids is not None else None
    rows: dict[str, list[Any]] = {
        k: []
        for k in (
            "id",
            "feasible",
            "optimal",
            "actions",
            "effort_hours",
            "money",
            "months",
            "months_away",
            "cost",
            "end",
            "blocked_by",
            "route",
        )
    }
    for n, route in enumerate(routes):
        rows["id"].append(str(next(id_iter)) if id_iter is not None else str(n))
        rows["feasible"].append(route.feasible)
        rows["optimal"].append(route.optimal)
        rows["actions"].append(list(route.actions))
        rows["effort_hours"].append(route.totals.effort_hours)
        rows["money"].append(route.totals.money)
        rows["months"].append(route.totals.months)
        rows["months_away"].append(route.totals.months_away)
        rows["cost"].append(route.totals.cost)
        rows["end"].append(route.end if route.feasible else None)
        rows["blocked_by"].append(list(route.blocked_by))
        rows["route"].append(json.dumps(route.to_json(), sort_keys=True))
    table = pa.table(rows)
    pq.write_table(table, path)
    return int(table.num_rows)
