"""Actions: what a person can do to change their traits, with sourced costs.

An action (earn a private pilot certificate, get scuba certified, learn Russian to
professional level...) has *effects* on traits, a calendar *duration*, *effort* in
hours, *money*, time *away* from home, *prerequisites* written as conditions (an
instrument rating requires ``pilot_certificate``; it can be met by the profile or by an
earlier action) and an optional exclusive *group* (one degree path or another). Every
figure names its public source, so a route's totals are grounded.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from strive.conditions import Condition
from strive.errors import TraitValueError, UnknownActionError
from strive.i18n import _, current_locale
from strive.traits import Kind, Mutability, Trait, TraitSet, Value


def _delta(raw: str, trait: Trait, text: str) -> float:
    """The amount of a ``trait+=amount`` effect: a change, not a value of the trait,
    so the trait's own range does not apply to it (``mcat+=10`` on a 472-528 scale)."""
    try:
        amount = float(raw.replace(",", "").replace("_", ""))
    except ValueError:
        raise TraitValueError(
            _("{trait}+= takes a number, not {value} (in {text})").format(
                trait=trait.name, value=repr(raw), text=repr(text)
            )
        ) from None
    if not math.isfinite(amount) or amount == 0:
        raise TraitValueError(
            _("{trait}+= takes a finite, non-zero change, not {value}").format(
                trait=trait.name, value=repr(raw)
            )
        )
    if amount < 0 and trait.mutability is Mutability.GROW_ONLY:
        raise TraitValueError(
            _("{trait} only grows: {text} would lower it; use a free trait").format(
                trait=trait.name, text=repr(text)
            )
        )
    return amount


@dataclass(frozen=True)
class Effect:
    """``set`` a value, ``add`` to a number, or ``include`` a set member."""

    trait: str
    op: str
    value: Value

    def apply(self, trait: Trait, current: Value | None) -> Value:
        if self.op == "add":
            base = float(current) if isinstance(current, float) else 0.0
            assert isinstance(self.value, float)
            return base + self.value
        if self.op == "include":
            members = current if isinstance(current, frozenset) else frozenset()
            assert isinstance(self.value, str)
            return members | {self.value}
        if (
            trait.mutability is Mutability.GROW_ONLY
            and current is not None
            and trait.kind is not Kind.CATEGORY
            and trait.order_key(self.value) < trait.order_key(current)
        ):
            return current  # never lowers a grow-only trait
        return self.value

    def text(self) -> str:
        """The effect as written in a template (parses back to itself)."""
        if self.op == "add":
            assert isinstance(self.value, float)
            return f"{self.trait}+={self.value:g}"
        if self.op == "include":
            return f"{self.trait}+={self.value}"
        if self.value is True:
            return self.trait
        if isinstance(self.value, bool):
            return f"{self.trait}=no"
        if isinstance(self.value, float):
            return f"{self.trait}={self.value:g}"
        if isinstance(self.value, frozenset):
            return f"{self.trait}={','.join(sorted(self.value))}"
        return f"{self.trait}={self.value}"

    @classmethod
    def parse(cls, text: str, traits: TraitSet) -> Effect:
        """``trait=value``, ``trait+=number`` (or member for sets), or ``trait``."""
        if "+=" in text:
            name, raw = (s.strip() for s in text.split("+=", 1))
            trait = traits[name]
            if trait.kind is Kind.SET:
                return cls(name, "include", raw.lower())
            if trait.kind is not Kind.NUMBER:
                raise TraitValueError(
                    _("'+=' needs a number or set trait: {text}").format(
                        text=repr(text)
                    )
                )
            return cls(name, "add", _delta(raw, trait, text))
        if "=" in text:
            name, raw = (s.strip() for s in text.split("=", 1))
            trait = traits[name]
            return cls(name, "set", trait.parse(raw))
        trait = traits[text.strip()]
        if trait.kind is not Kind.BOOL:
            raise TraitValueError(
                _("effect {text} needs a value: '{trait}=...'").format(
                    text=repr(text), trait=trait.name
                )
            )
        return cls(trait.name, "set", True)


@dataclass(frozen=True)
class Action:
    """Something a person can do, with its effects, costs and their sources."""

    name: str
    label: str
    effects: tuple[Effect, ...]
    duration_months: float
    effort_hours: float
    money: float
    money_year: int | None = None
    money_sourced: bool = True
    """False when no public figure exists (shown as 'money unknown', counted as 0)."""
    months_away: float = 0.0
    """Calendar months spent away from home (residential courses, deployments)."""
    requires: tuple[Condition, ...] = ()
    group: str = ""
    """Actions sharing a group are mutually exclusive alternatives."""
    sources: tuple[str, ...] = ()
    notes: str = ""
    label_es: str = ""
    """The label in Spanish (the template's ``label_es``, docs/i18n.md)."""

    @property
    def title(self) -> str:
        """The label in the current language when the template gives one."""
        if self.label_es and current_locale() == "es":
            return self.label_es
        return self.label or self.name.replace("_", " ")

    def apply(
        self, traits: TraitSet, values: Mapping[str, Value | None]
    ) -> dict[str, Value | None]:
        """The values after this action (never lowering grow-only traits)."""
        out = dict(values)
        self.apply_into(traits, out)
        return out

    def apply_into(self, traits: TraitSet, values: dict[str, Value | None]) -> None:
        """:meth:`apply` in place, for a caller replaying many actions on a copy of
        its own (a route replays ~30 actions twice): no copy of the whole profile
        per action."""
        for effect in self.effects:
            values[effect.trait] = effect.apply(
                traits[effect.trait], values.get(effect.trait)
            )

    def ready(self, traits: TraitSet, values: Mapping[str, Value | None]) -> bool:
        """Whether every prerequisite holds on these values."""
        return all(c.evaluate(traits, values) is True for c in self.requires)

    def describe(self) -> dict[str, object]:
        spanish = {"label_es": self.label_es} if self.label_es else {}
        return {
            "name": self.name,
            "label": self.label or self.name.replace("_", " "),
            **spanish,
            "effects": [e.text() for e in self.effects],
            "duration_months": self.duration_months,
            "effort_hours": self.effort_hours,
            "money": self.money if self.money_sourced else None,
            "money_year": self.money_year,
            "months_away": self.months_away,
            "requires": [c.text() for c in self.requires],
            "group": self.group or None,
            "sources": list(self.sources),
            "notes": self.notes,
        }


@dataclass(frozen=True)
class Continuous:
    """Add any amount in ``[0, max_amount]`` to a number (a multiple of ``step`` if
    given), at ``hours_per_unit`` effort and ``money_per_unit`` money per unit.

    "Raise hours per week by any amount up to 20, at 52 hours of effort per hour" is
    one of these, not a grid of copies: the planner treats the amount as one
    variable (:mod:`strive.route.continuous`) and then dates the concrete
    :class:`Action` adding the chosen amount (:meth:`action`). A template declares
    them in ``[[continuous]]`` tables (docs/templates.md).
    """

    name: str
    trait: str
    max_amount: float
    step: float | None = None
    hours_per_unit: float = 0.0
    money_per_unit: float = 0.0
    label: str = ""
    label_es: str = ""
    unit: str = ""
    """The amount's unit as shown (the trait's unit in a template)."""
    money_sourced: bool = True
    """False when the template gives no money figure (shown as unknown)."""
    sources: tuple[str, ...] = ()
    notes: str = ""

    @property
    def title(self) -> str:
        """The label in the current language when the template gives one."""
        if self.label_es and current_locale() == "es":
            return self.label_es
        return self.label or self.name.replace("_", " ")

    def units(self) -> float:
        """The variable's upper bound (steps, or the amount itself)."""
        if self.step is None:
            return self.max_amount
        return float(int(self.max_amount / self.step + 1e-9))

    def per_unit(self) -> float:
        """How much one unit of the variable adds to the trait."""
        return 1.0 if self.step is None else self.step

    def action(self, amount: float) -> Action:
        """The concrete action adding ``amount`` (its label shows the amount)."""
        shown = f"{round(amount, 4):g}"
        label = _("{action}: +{amount} {unit}").format(
            action=self.title, amount=shown, unit=self.unit
        )
        return Action(
            self.name,
            label.rstrip(),
            (Effect(self.trait, "add", float(amount)),),
            0.0,
            self.hours_per_unit * amount,
            self.money_per_unit * amount,
            money_sourced=self.money_sourced,
            sources=self.sources,
        )

    def describe(self) -> dict[str, object]:
        spanish = {"label_es": self.label_es} if self.label_es else {}
        return {
            "name": self.name,
            "label": self.label or self.name.replace("_", " "),
            **spanish,
            "trait": self.trait,
            "max_amount": self.max_amount,
            "step": self.step,
            "unit": self.unit,
            "hours_per_unit": self.hours_per_unit,
            "money_per_unit": self.money_per_unit if self.money_sourced else None,
            "sources": list(self.sources),
            "notes": self.notes,
        }


@dataclass(frozen=True)
class Catalogue:
    """The actions available for a goal, by name."""

    actions: Mapping[str, Action] = field(default_factory=dict)

    @classmethod
    def of(cls, actions: Iterable[Action]) -> Catalogue:
        return cls({a.name: a for a in actions})

    def __getitem__(self, name: str) -> Action:
        try:
            return self.actions[name]
        except KeyError:
            known = ", ".join(sorted(self.actions)) or "none"
            raise UnknownActionError(
                f"unknown action {name!r}; the catalogue has: {known}"
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self.actions

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.actions.values())

    def __len__(self) -> int:
        return len(self.actions)

    def fixed_violations(self, traits: TraitSet) -> list[str]:
        """Actions whose effects would change a fixed trait (a template error)."""
        return [
            f"{a.name} changes fixed trait {e.trait}"
            for a in self.actions.values()
            for e in a.effects
            if traits[e.trait].mutability is Mutability.FIXED
        ]
