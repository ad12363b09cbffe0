"""Step 2, recognise how far you are: the gap, its sources, and the gap over time.

Every analysis fits the gap engine on the goal's cohort (plus imported classes) and
adds the reach, the least effort to match at least :data:`REACH_K` of the selected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from strive.cohort import concat
from strive.unknowns import nothing_known
from strive.workspace._base import REACH_K, GoalContext, WorkspaceBase

if TYPE_CHECKING:
    from strive.gap import GapReport, TraitSources
    from strive.reach import HeadlinePoint


class GapMixin(WorkspaceBase):
    """The gap engine run on the active goal."""

    def gap(
        self,
        *,
        k: int = 5,
        years: tuple[int | None, int | None] | None = None,
        where: Sequence[str] = (),
        model: str = "logistic",
        include_imported: bool = True,
        when: dt.date | None = None,
        min_confidence: str | None = None,
        ctx: GoalContext | None = None,
    ) -> GapReport:
        """Step 2: how far you are from the people who were selected.

        ``years`` and ``where`` (conditions such as ``military`` or ``not military``)
        choose the sub-cohort; ``model`` is ``logistic`` or ``boosting`` for labelled
        templates; ``min_confidence`` (H, M or L) keeps only cells graded at least
        that in the traits whose cells carry grades. ``ctx``: the active goal's
        context when the caller has already read it.
        """
        ctx = ctx or self.context()
        return self._analyze(
            ctx,
            when or self.today,
            include_imported=include_imported,
            k=k,
            years=years,
            where=where,
            model=model,
            min_confidence=min_confidence,
        )

    def sources(
        self,
        trait: str,
        *,
        years: tuple[int | None, int | None] | None = None,
        where: Sequence[str] = (),
        min_confidence: str | None = None,
    ) -> TraitSources:
        """Who among the selected had ``trait``, and the source behind each cell."""
        from strive.gap import GapAnalyzer, trait_sources

        ctx = self.context()
        ctx.traits[trait]  # raises UnknownTraitError naming the traits
        analyzer = GapAnalyzer(
            k=0,
            years=years,
            filters=list(where),
            model=None,
            min_confidence=min_confidence,
        )
        analyzer.fit(
            concat([ctx.cohort, *ctx.imported]),
            template=ctx.template,
            traits=ctx.traits,
        )
        return trait_sources(analyzer.selected_, trait)

    def _analyze(
        self,
        ctx: GoalContext,
        when: dt.date,
        *,
        include_imported: bool = True,
        k: int = 5,
        years: tuple[int | None, int | None] | None = None,
        where: Sequence[str] = (),
        model: str = "logistic",
        reach_k: int = REACH_K,
        min_confidence: str | None = None,
        reach: bool = True,
    ) -> GapReport:
        """Fit the gap engine on the (sub-)cohort, compare, and add the reach.

        ``reach=False`` skips the reach (a least-effort plan per look-alike) for a
        caller that only ranks the gaps, such as the route planner."""
        from strive.gap import GapAnalyzer

        cohort = concat([ctx.cohort, *ctx.imported]) if include_imported else ctx.cohort
        analyzer = GapAnalyzer(
            k=k,
            years=years,
            filters=list(where),
            model=model,
            min_confidence=min_confidence,
        )
        analyzer.fit(
            cohort, template=ctx.template, evidence=ctx.evidence, traits=ctx.traits
        )
        values = ctx.values(when)
        report = analyzer.compare(values)
        if not reach:
            return report
        from strive.reach import compute_reach

        found = compute_reach(
            ctx.template,
            ctx.traits,
            values,
            analyzer.cohort_,
            k=reach_k,
            limits=ctx.goal.limits,
            start=when,
            deadline=ctx.goal.target_date,
        )
        headline = found.headline()
        if nothing_known(ctx.traits, values):
            # Every comparison would be skipped: that is missing knowledge, not a
            # match with everyone (coverage) or zero hours of work (reach).
            why = "unknown (nothing about you is recorded yet)"
            return replace(
                report,
                headline=replace(report.headline, value=None, text=why),
                reach=replace(headline, value=None, text=why),
            )
        return replace(report, reach=headline)

    def history(
        self,
        *,
        years: tuple[int | None, int | None] | None = None,
        where: Sequence[str] = (),
        reach_k: int = REACH_K,
    ) -> list[HeadlinePoint]:
        """Coverage and reach on every date your profile changed: the gap over time."""
        from strive.gap import GapAnalyzer
        from strive.reach import headline_history

        ctx = self.context()
        analyzer = GapAnalyzer(years=years, filters=list(where), model=None)
        analyzer.fit(
            concat([ctx.cohort, *ctx.imported]),
            template=ctx.template,
            evidence=ctx.evidence,
            traits=ctx.traits,
        )
        points = headline_history(
            ctx.profile,
            ctx.template,
            ctx.traits,
            analyzer.cohort_,
            k=reach_k,
            limits=ctx.goal.limits,
            deadline=ctx.goal.target_date,
        )
        # A date on which nothing comparable was known has no reach (not 0 h).
        return [
            replace(p, coverage=None, reach=None)
            if nothing_known(ctx.traits, ctx.values(p.when))
            else p
            for p in points
        ]

    def _gaps_for(self, ctx: GoalContext) -> GapReport:
        """The gap report without its reach: what the route planner ranks."""
        return self._analyze(ctx, self.today, reach=False)
