"""In-process caches of parsed templates and cohorts, keyed by what they were read from.

A template and its cohort are read-only once parsed (frozen dataclasses and arrays no
one writes to), so a web server can share one parse between requests and threads. A
key always names the file and what it held when it was read, so an edited file is
read again and two files never share an entry:

- :func:`fingerprint` is ``(resolved path, size, mtime_ns)`` of a file: cheap (one
  ``stat``), for files too large to hash on every use (cohort CSVs);
- a template file is small, so its key is the path and a SHA-256 of its bytes: an
  edit that keeps the size and lands in the same mtime tick is still seen.

Each :class:`LruCache` holds a bounded number of entries (least recently used go
first), so a long-running server that sees many files does not grow without end.

An on-disk cache for the CLI was measured and not built: parsing the NASA template
and its cohort takes about 30 ms of a ``strive route`` that spends over a second
importing libraries (see docs/route.md, "Wall time").
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Generic, TypeVar

V = TypeVar("V")

Fingerprint = tuple[str, int, int]
"""A file's resolved path, size in bytes and modification time in nanoseconds."""


def fingerprint(path: str | os.PathLike[str]) -> Fingerprint | None:
    """``(resolved path, size, mtime_ns)`` of ``path``; ``None`` if it cannot be
    stat'ed (the reader then reports the problem, naming the file)."""
    try:
        resolved = Path(path).resolve()
        stat = resolved.stat()
    except (OSError, RuntimeError):
        return None
    return (str(resolved), stat.st_size, stat.st_mtime_ns)


class LruCache(Generic[V]):
    """A thread-safe, bounded map from keys to parsed values.

    ``get_or_make`` computes outside the lock (parsing may take milliseconds and two
    threads may race to parse the same file: both get an equal value, the second
    one is kept). A value that raised is never stored.
    """

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("a cache holds at least one entry")
        self.size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
            self.misses += 1
        value = make()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)
