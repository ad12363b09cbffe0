"""What every partition of a batch shares: template, fitted gap engine and limits.

Built once by the driver and shipped to each worker once (a process pool's
initializer, or a Dask scatter with ``broadcast=True``), never per task. It holds the
fitted :class:`strive.gap.GapAnalyzer`, so a worker never refits the cohort.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from strive.cohort import Cohort, concat
from strive.goal import Limits
from strive.template import Template

if TYPE_CHECKING:
    from strive.gap import GapAnalyzer
    from strive.reach import Reacher

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
    fast: bool = True
    """Per-person shortcuts with the same results (issue 12's batch-fast work): the
    gap's lines without the figures a row does not show, one reach engine per
    context, the route's last probe reused. False runs the earlier path, which
    ``bench/bench_route.py nasa`` times against this one in the same process."""
    _memo: dict[str, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """What is built once per context on first use (the reach engine). Never
    shipped: a worker rebuilds it, so pickles stay the size they were."""

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_memo"] = {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def reacher(self) -> tuple[Reacher, bool]:
        """The reach engine for this context's cohort and catalogue, built once, and
        whether it compares the same rows on the same traits as the analyzer (so
        the gap's pair test, :attr:`strive.gap.GapLines.matched`, can be reused).

        It depends only on the template's catalogue and traits and the analyzer's
        (sub-)cohort, all fixed for the context; limits, dates and ``k`` are passed
        per call, so nothing of one person reaches another.
        """
        found: tuple[Reacher, bool] | None = self._memo.get("reacher")
        if found is None:
            from strive.reach import Reacher

            analyzer = self.analyzer
            reacher = Reacher(
                self.template, self.template.traits, analyzer.cohort_, prepared=True
            )
            # Both take the selected of analyzer.cohort_; the traits must agree too
            # (a context built by hand may hold an analyzer fitted on others).
            same = list(reacher.used) == list(analyzer.compared_)
            found = (reacher, same)
            self._memo["reacher"] = found
        return found


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
