"""What every partition of a batch shares: template, fitted gap engine and limits.

Built once by the driver and shipped to each worker once (a process pool's
initializer, or a Dask scatter with ``broadcast=True``), never per task. It holds the
fitted :class:`strive.gap.GapAnalyzer`, so a worker never refits the cohort.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from strive.cohort import Cohort, concat
from strive.goal import Limits
from strive.template import Template

if TYPE_CHECKING:
    from strive.gap import GapAnalyzer

REACH_K = 3
"""As :data:`strive.workspace.REACH_K`: reach is the least effort to match 3 people."""


@dataclass(frozen=True)
class BatchContext:
    """Everything the per-person engine needs apart from the person.

    >>> ctx = build_context(template, cohort, limits=Limits(), start=date(2026, 12, 1))
    ... # doctest: +SKIP
    """

    template: Template
    analyzer: GapAnalyzer
    limits: Limits
    start: dt.date
    deadline: dt.date | None = None
    top: int = 5
    """How many top gaps the route also closes (as ``strive route --top``)."""
    gaps: int = 5
    """How many top gap conditions each result row lists."""
    reach: bool = True
    """Compute reach (a second exact plan per person; see docs/batch.md for cost)."""
    reach_k: int = REACH_K
    source: str = ""
    """Where the input came from, for error messages (``people.csv``)."""
    offers: tuple[str, ...] = ()
    """Actions to re-plan everyone without (as if offered): see
    :func:`strive.batch.person.offer_effect`. One exact plan per person each."""


def build_context(
    template: Template,
    cohort: Cohort,
    *,
    limits: Limits,
    start: dt.date,
    deadline: dt.date | None = None,
    imported: tuple[Cohort, ...] = (),
    top: int = 5,
    gaps: int = 5,
    reach: bool = True,
    source: str = "",
    offers: tuple[str, ...] = (),
) -> BatchContext:
    """Fit the gap engine once on the cohort, as ``strive gap`` does for one person.

    The analyzer is configured exactly as :meth:`strive.workspace.Workspace.gap`'s
    defaults (k=5 look-alikes, logistic model on labelled cohorts, no filters).

    Raises:
        StateError: a labelled cohort has too few of one outcome for the model.
        UnknownActionError: an offer is not in the template's catalogue.
    """
    for name in offers:
        template.catalogue[name]  # an unknown action fails here, with its name
    from strive.gap import GapAnalyzer

    analyzer = GapAnalyzer(k=5, model="logistic").fit(
        concat([cohort, *imported]) if imported else cohort,
        template=template,
        traits=template.traits,
    )
    return BatchContext(
        template=template,
        analyzer=analyzer,
        limits=limits,
        start=start,
        deadline=deadline,
        top=top,
        gaps=gaps,
        reach=reach,
        source=source,
        offers=tuple(offers),
    )
