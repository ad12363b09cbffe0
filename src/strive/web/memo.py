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
documents no caller changes) go in. Bounded by entries and by bytes: least recently
used entries go first.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from strive.templates.cache import LruCache

T = TypeVar("T")

SIZE = 1024
"""Entries kept per process; a person's pages need about five."""

MAX_BYTES = 256 * 1024 * 1024
"""Bytes kept per process (estimated by :func:`weigh`): 1024 routes of a large
catalogue could otherwise hold gigabytes. ``create_app(memo_bytes=...)`` sets it."""


def weigh(value: object) -> int:
    """The bytes a value holds: ``sys.getsizeof`` of it and of everything it
    reaches through containers, attributes and slots, each object once (a NumPy
    array by its ``nbytes``). Objects shared with other entries (a template, a
    cohort) count in each: the bound errs on the side of keeping less."""
    seen: set[int] = set()
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, type):
            continue
        seen.add(id(item))
        nbytes = getattr(item, "nbytes", None)
        if isinstance(nbytes, int) and hasattr(item, "dtype"):
            # getsizeof counts an array's buffer only when it owns it (not a view)
            total += max(sys.getsizeof(item), nbytes)
            continue
        total += sys.getsizeof(item)
        if isinstance(item, str | bytes | bytearray | int | float | bool | None):
            continue
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        attrs = getattr(item, "__dict__", None)
        if isinstance(attrs, dict):
            stack.append(attrs)
        for cls in type(item).__mro__:
            for slot in getattr(cls, "__slots__", ()):
                if isinstance(slot, str) and hasattr(item, slot):
                    stack.append(getattr(item, slot))
    return total


class Memo(LruCache[Any]):
    """The same thread-safe LRU as the template cache, holding values of any type,
    bounded by entries (``size``) and by their estimated bytes (``max_bytes``):
    :meth:`get` computes outside the lock (two threads may compute the same value
    once each; both results are equal). A value larger than ``max_bytes`` alone is
    returned but not kept."""

    def __init__(self, size: int = SIZE, max_bytes: int = MAX_BYTES) -> None:
        if max_bytes < 1:
            raise ValueError("a cache holds at least one byte")
        super().__init__(size)
        self.max_bytes = max_bytes
        self.bytes = 0
        self._weights: dict[Hashable, int] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                found: T = self._items[key]
                return found
            self.misses += 1
        value = compute()
        weight = weigh(value)
        with self._lock:
            self._drop(key)
            if weight <= self.max_bytes:
                self._items[key] = value
                self._weights[key] = weight
                self.bytes += weight
            while self._items and (
                len(self._items) > self.size or self.bytes > self.max_bytes
            ):
                self._drop(next(iter(self._items)))
        return value

    def _drop(self, key: Hashable) -> None:
        """Forget ``key`` (under the lock)."""
        if key in self._items:
            del self._items[key]
            self.bytes -= self._weights.pop(key)

    def clear(self) -> None:
        with self._lock:
            self._weights.clear()
            self.bytes = 0
        super().clear()
