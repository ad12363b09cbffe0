"""A per-process cache of what a page computes from a goal's data, keyed by stamps.

The gap report, the route and its alternatives, and the goal's context take tens of
milliseconds to compute but only change when the person's data does; a page asks for
them several times a minute. Every key here holds the owner's ``people`` stamps
(``context_stamp``, ``effort_stamp``: random tokens the database's triggers change on
every write of a goal's inputs, migration 0008), read in the same query that checks
access (:func:`strive.web.authz.goal_access`) *before* the data is read. So:

- a write by another worker, the CLI or any SQL client changes the stamp, and the
  next request misses and computes afresh: there is nothing to invalidate;
- a result computed from data newer than its stamp is stored under a stamp that is
  no longer current, so no later request asks for it (never older data under a
  newer stamp);
- the keys also hold ``today`` and the language, which the results depend on.

What the stamps cover is exactly what :meth:`strive.workspace.WorkspaceBase._context`
reads (goals, profile, custom traits, evidence, cohort imports, stored templates) plus
effort entries; a new input of the gap or the route needs its table in migration
0008's triggers (tests/storage/test_stamps.py lists them) before it may be cached.

Values are shared between requests: only immutable results (frozen records,
documents no caller changes) go in. Bounded: least recently used entries go first.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from strive.templates.cache import LruCache

T = TypeVar("T")

SIZE = 1024
"""Entries kept per process; a person's pages need about five."""


class Memo(LruCache[Any]):
    """The same thread-safe LRU as the template cache, holding values of any type:
    :meth:`get` computes outside the lock (two threads may compute the same value
    once each; both results are equal)."""

    def __init__(self, size: int = SIZE) -> None:
        super().__init__(size)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        value: T = self.get_or_make(key, compute)
        return value
