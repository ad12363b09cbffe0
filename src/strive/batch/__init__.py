"""A caseload at any size: gap and route for many people, and what would help most.

The pure parts (:mod:`strive.batch.context`, :mod:`strive.batch.person`,
:mod:`strive.batch.partition`, :mod:`strive.batch.caseload`) take plain values and
return plain values. :func:`strive.batch.partition.run_partition` is the one function
every engine runs, so a local run and a Dask run give identical rows.
:mod:`strive.batch.io` is the edge that streams files in and out, and
:mod:`strive.batch.engines` runs partitions on local processes or a Dask cluster
(Dask is imported only there, and only when asked for).
"""

from __future__ import annotations

from strive.batch.context import BatchContext, build_context
from strive.batch.partition import InputRow, RowError, run_partition
from strive.batch.person import PersonResult, assess

__all__ = [
    "BatchContext",
    "InputRow",
    "PersonResult",
    "RowError",
    "assess",
    "build_context",
    "run_partition",
]
