"""A BatchContext that counts how often it is unpickled in the process it lands in.

Imported by name on Dask workers (conftest puts this folder on sys.path, and the
workers' processes inherit it), so a test can ask each worker how many copies of
the context it received.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from strive.batch.context import BatchContext

LOADS = [0]


def _load(kwargs: dict[str, Any]) -> CountingContext:
    LOADS[0] += 1
    return CountingContext(**kwargs)


@dataclass(frozen=True)
class CountingContext(BatchContext):
    def __reduce__(self) -> tuple[Any, ...]:
        # Only the constructor's fields: the per-context cache is never shipped.
        return (
            _load,
            ({f.name: getattr(self, f.name) for f in fields(self) if f.init},),
        )

    @classmethod
    def of(cls, context: BatchContext) -> CountingContext:
        return cls(
            **{f.name: getattr(context, f.name) for f in fields(context) if f.init}
        )


def loads() -> int:
    """Contexts unpickled in this process so far."""
    return LOADS[0]
