"""Continuous actions: change a number by any amount in a range, at a cost per unit.

:class:`~strive.actions.Continuous` lives in :mod:`strive.actions` (templates
declare it without importing the planner); this module keeps its old name.

"Raise hours per week by any amount up to 20, at 52 hours of effort per hour" is one
:class:`Continuous` action, not a grid of copies. In the selection model
(:meth:`strive.route.select.Problem.add_continuous`) its amount is one variable —
an integer count of ``step``\\s when a step is given, a continuous one otherwise —
whose cost, money and effort are linear in the amount; the planner then dates a
concrete :class:`~strive.actions.Action` adding the chosen amount.

Its calendar length is its effort spread over the person's weekly hours (no fixed
duration), so its months are linear in the amount too.
"""

from __future__ import annotations

from strive.actions import Continuous

__all__ = ["Continuous"]
