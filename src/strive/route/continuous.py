"""Continuous actions: change a number by any amount in a range, at a cost per unit.

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

from dataclasses import dataclass

from strive.actions import Action, Effect


@dataclass(frozen=True)
class Continuous:
    """Add any amount in ``[0, max_amount]`` (a multiple of ``step`` if given)."""

    name: str
    trait: str
    max_amount: float
    step: float | None = None
    hours_per_unit: float = 0.0
    money_per_unit: float = 0.0
    label: str = ""

    def units(self) -> float:
        """The variable's upper bound (steps, or the amount itself)."""
        if self.step is None:
            return self.max_amount
        return float(int(self.max_amount / self.step + 1e-9))

    def per_unit(self) -> float:
        """How much one unit of the variable adds to the trait."""
        return 1.0 if self.step is None else self.step

    def action(self, amount: float) -> Action:
        """The concrete action adding ``amount``."""
        return Action(
            self.name,
            self.label or self.name,
            (Effect(self.trait, "add", float(amount)),),
            0.0,
            self.hours_per_unit * amount,
            self.money_per_unit * amount,
        )
