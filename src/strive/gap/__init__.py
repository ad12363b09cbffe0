"""Step 2, the gap engine: how far you are, and what the selected have that you don't.

>>> report = analyze_gap(template, cohort, values, evidence, traits=traits)
>>> report.to_json()["headline"]["value"]

scikit-learn is imported only when a labelled model is fitted.
"""

from __future__ import annotations

from .analyzer import GapAnalyzer, analyze_gap
from .classes import ClassComparison, ClassRow, compare_classes, compare_new_class
from .coverage import (
    compared_traits,
    coverage,
    coverage_batch,
    coverage_history,
    matching,
)
from .lookalikes import LookalikeIndex
from .model import SelectionModel
from .report import (
    BaseRateLine,
    CohortInfo,
    Contribution,
    EvidenceLine,
    GapItem,
    GapReport,
    Headline,
    Lookalike,
    MemberFigure,
    ModelResult,
    RequirementLine,
    Support,
    TraitFigure,
)
from .sources import SourceCell, TraitSources, trait_sources
from .stats import TraitSummary, summarize, wilson

__all__ = [
    "BaseRateLine",
    "ClassComparison",
    "ClassRow",
    "CohortInfo",
    "Contribution",
    "EvidenceLine",
    "GapAnalyzer",
    "GapItem",
    "GapReport",
    "Headline",
    "Lookalike",
    "LookalikeIndex",
    "MemberFigure",
    "ModelResult",
    "RequirementLine",
    "SelectionModel",
    "SourceCell",
    "Support",
    "TraitFigure",
    "TraitSources",
    "TraitSummary",
    "analyze_gap",
    "compare_classes",
    "compare_new_class",
    "compared_traits",
    "coverage",
    "coverage_batch",
    "coverage_history",
    "matching",
    "summarize",
    "trait_sources",
    "wilson",
]
