"""Traits: the things profiles are compared on.

A trait has a *kind* (how its values look), a *mutability* (whether a person can change
it, and in which direction) and may be *sensitive*. Sensitive traits (gender,
ethnicity, birthplace...) are shown for context only: strive never uses them to rank,
score or advise, and the gap engine and planner skip them by construction.

Values are plain Python objects so that they serialise to JSON unchanged:

========  ===================  ==========================================
kind      Python value         example
========  ===================  ==========================================
bool      ``bool``             ``True``
number    ``float``            ``1000.0`` (with a unit, e.g. hours)
level     ``str`` (ordered)    ``"master"`` in none < bachelor < master
category  ``str``              ``"stem"``
set       ``frozenset[str]``   ``frozenset({"english", "spanish"})``
========  ===================  ==========================================
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from strive import validate as check
from strive.errors import TraitValueError, UnknownTraitError
from strive.i18n import _, current_locale, parse_number
from strive.i18n import format_number as i18n_number

Value = bool | float | str | frozenset[str]
"""A trait value; ``None`` stands for *unknown* wherever a value is optional."""


class Kind(StrEnum):
    BOOL = "bool"
    NUMBER = "number"
    LEVEL = "level"
    CATEGORY = "category"
    SET = "set"


class Mutability(StrEnum):
    FIXED = "fixed"
    """No action changes it (birth year, age); only time may."""
    GROW_ONLY = "grow_only"
    """Can only increase (experience years, flight hours, degree level)."""
    FREE = "free"
    """Can change either way (city, employer)."""


_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f"}


@dataclass(frozen=True)
class Trait:
    """One comparable property of a person.

    >>> t = Trait("jet_pic_hours", Kind.NUMBER, unit="h",
    ...           mutability=Mutability.GROW_ONLY, minimum=0)
    >>> t.parse("1000")
    1000.0
    """

    name: str
    kind: Kind
    label: str = ""
    description: str = ""
    unit: str = ""
    levels: tuple[str, ...] = ()
    """Ordered from lowest to highest, for ``level`` traits."""
    categories: tuple[str, ...] = ()
    """Allowed values for ``category`` and ``set`` traits; empty means open."""
    mutability: Mutability = Mutability.FREE
    sensitive: bool = False
    minimum: float | None = None
    maximum: float | None = None
    growth_per_year: float = 0.0
    """How much the value grows per calendar year on its own (age: 1)."""
    custom: bool = False
    """Added by the person (e.g. from evidence), not by the template."""
    label_es: str = ""
    """The label in Spanish (the template's ``label_es``); ``title`` shows it in a
    Spanish context, so a template speaks both languages (docs/i18n.md)."""
    values_es: tuple[tuple[str, str], ...] = ()
    """Value → its Spanish (the template's ``values_es`` table); ``value_text``
    shows them."""

    def __post_init__(self) -> None:
        check.name(self.name, "name")
        if self.kind is Kind.LEVEL and not self.levels:
            raise TraitValueError(f"level trait {self.name!r} needs its levels")

    @property
    def title(self) -> str:
        """The label a person reads, in the current language when the template
        gives one (else the English label, else the name)."""
        if self.label_es and current_locale() == "es":
            return self.label_es
        return self.label or self.name.replace("_", " ")

    @property
    def comparable(self) -> bool:
        """Whether the gap engine and planner may use this trait at all."""
        return not self.sensitive

    @property
    def ordered(self) -> bool:
        return self.kind in (Kind.NUMBER, Kind.LEVEL, Kind.BOOL)

    @property
    def allowed_values(self) -> tuple[str, ...]:
        return self.levels if self.kind is Kind.LEVEL else self.categories

    def level_index(self, level: str) -> int:
        try:
            return self.levels.index(level)
        except ValueError:
            raise TraitValueError(
                _("{level} is not a level of {trait}; choose one of: {levels}").format(
                    level=repr(level),
                    trait=repr(self.name),
                    levels=", ".join(self.levels),
                )
            ) from None

    def parse(self, text: str) -> Value:
        """Turn what a person typed into a value, or say clearly why not."""
        raw = text.strip()
        if self.kind is Kind.BOOL:
            low = raw.lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            raise TraitValueError(
                _("{trait} takes yes or no, not {value}").format(
                    trait=self.name, value=repr(text)
                )
            )
        if self.kind is Kind.NUMBER:
            try:
                number = parse_number(self._without_unit(raw))
            except ValueError:
                raise TraitValueError(
                    _("{trait} takes a number{unit}, not {value}").format(
                        trait=self.name, unit=self._unit_hint(), value=repr(text)
                    )
                ) from None
            return self.validate(number)
        if self.kind is Kind.SET:
            # "a,b" as typed on the command line, "a;b" as in cohort CSV cells
            members = [
                self._spanish_alias(m.strip()) or m.strip().lower()
                for m in re.split(r"[,;]", raw)
                if m.strip()
            ]
            return self.validate(frozenset(members))
        return self.validate(self._canonical(raw))

    def _canonical(self, raw: str) -> str:
        """The allowed value that ``raw`` names, ignoring case ('Sales' → 'sales'),
        or whose Spanish it is ('maestría' → 'master')."""
        allowed = self.allowed_values
        if raw in allowed:
            return raw
        folded = {v.casefold(): v for v in allowed}
        if raw.casefold() in folded:
            return folded[raw.casefold()]
        alias = self._spanish_alias(raw)
        if alias is not None:
            return alias
        return raw.lower() if self.kind is Kind.LEVEL else raw

    def _spanish_alias(self, raw: str) -> str | None:
        """The value whose Spanish (``values_es``) is ``raw``, ignoring case: what a
        Spanish page shows in the box is read back as the same value."""
        folded = raw.casefold()
        for value, spanish in self.values_es:
            if spanish.casefold() == folded:
                return value
        return None

    def _without_unit(self, raw: str) -> str:
        """``30 años`` or ``30 years`` → ``30``: the box shows the value and unit."""
        for unit in {self.unit, self.unit_text} - {""}:
            if raw.casefold().endswith(unit.casefold()):
                return raw[: -len(unit)].strip()
        return raw

    def validate(self, value: Any) -> Value:
        """Check a Python value (e.g. from JSON) and return it normalised."""
        kind = self.kind
        if kind is Kind.BOOL:
            if isinstance(value, bool):
                return value
            raise TraitValueError(
                _("{trait} takes true or false, not {value}").format(
                    trait=self.name, value=repr(value)
                )
            )
        if kind is Kind.NUMBER:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TraitValueError(
                    _("{trait} takes a number, not {value}").format(
                        trait=self.name, value=repr(value)
                    )
                )
            number = float(value)
            if math.isnan(number) or math.isinf(number):
                raise TraitValueError(
                    _("{trait} takes a finite number").format(trait=self.name)
                )
            if self.minimum is not None and number < self.minimum:
                raise TraitValueError(
                    _("{trait} must be at least {low}{unit}, not {value}").format(
                        trait=self.name,
                        low=_fmt(self.minimum),
                        unit=self._unit_hint(),
                        value=_fmt(number),
                    )
                )
            if self.maximum is not None and number > self.maximum:
                raise TraitValueError(
                    _("{trait} must be at most {high}{unit}, not {value}").format(
                        trait=self.name,
                        high=_fmt(self.maximum),
                        unit=self._unit_hint(),
                        value=_fmt(number),
                    )
                )
            return number
        if kind is Kind.LEVEL:
            if not isinstance(value, str):
                raise TraitValueError(
                    _("{trait} takes a level, not {value}").format(
                        trait=self.name, value=repr(value)
                    )
                )
            self.level_index(value)
            return value
        if kind is Kind.CATEGORY:
            if not isinstance(value, str) or not value:
                raise TraitValueError(
                    _("{trait} takes a category, not {value}").format(
                        trait=self.name, value=repr(value)
                    )
                )
            check.name(value, self.name)
            if self.categories and value not in self.categories:
                raise TraitValueError(
                    _(
                        "{value} is not a category of {trait}; choose one of: {allowed}"
                    ).format(
                        value=repr(value),
                        trait=self.name,
                        allowed=", ".join(self.categories),
                    )
                )
            return value
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise TraitValueError(
                _("{trait} takes a list of values, not {value}").format(
                    trait=self.name, value=repr(value)
                )
            )
        members = frozenset(str(m) for m in value)
        for member in members:
            check.name(member, self.name)
        if self.categories:
            unknown = sorted(members - set(self.categories))
            if unknown:
                raise TraitValueError(
                    _("{values} not allowed in {trait}; choose from: {allowed}").format(
                        values=", ".join(unknown),
                        trait=self.name,
                        allowed=", ".join(self.categories),
                    )
                )
        return members

    def order_key(self, value: Value) -> float:
        """A number that orders values of ordered kinds (bool, number, level)."""
        if isinstance(value, bool):
            return 1.0 if value else 0.0
        if self.kind is Kind.LEVEL and isinstance(value, str):
            return float(self.level_index(value))
        if isinstance(value, float | int):
            return float(value)
        if isinstance(value, frozenset):
            return float(len(value))
        raise TraitValueError(f"{self.name} values are not ordered")

    def matches(self, yours: Value, theirs: Value) -> bool:
        """Whether your value matches or exceeds theirs on this trait.

        Numbers, levels and yes/no compare by order (more is at least as good),
        categories by equality and sets by inclusion (you have every member they had).
        """
        if self.kind is Kind.CATEGORY:
            return yours == theirs
        if self.kind is Kind.SET:
            assert isinstance(yours, frozenset) and isinstance(theirs, frozenset)
            return theirs <= yours
        return self.order_key(yours) >= self.order_key(theirs)

    def to_json(self, value: Value | None) -> Any:
        if isinstance(value, frozenset):
            return sorted(value)
        return value

    def from_json(self, value: Any) -> Value | None:
        if value is None:
            return None
        if (
            self.kind is Kind.NUMBER
            and isinstance(value, int)
            and not isinstance(value, bool)
        ):
            value = float(value)
        return self.validate(value)

    def format(self, value: Value | None) -> str:
        """Human text for a value, with its unit."""
        if value is None:
            return _("unknown")
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, float):
            return f"{_fmt(value)}{(' ' + self.unit_text) if self.unit else ''}"
        if isinstance(value, frozenset):
            return ", ".join(sorted(self.value_text(v) for v in value)) or _("none")
        return self.value_text(value)

    def value_text(self, value: str) -> str:
        """A level or category value as a person reads it: the template's Spanish
        (``values_es``) in a Spanish context, else the value as written."""
        if self.values_es and current_locale() == "es":
            return dict(self.values_es).get(value, value)
        return value

    def describe(self) -> dict[str, Any]:
        """The trait as a JSON-ready dict (also the template file's shape)."""
        out: dict[str, Any] = {
            "name": self.name,
            "kind": str(self.kind),
            "label": self.label or self.name.replace("_", " "),
            "mutability": str(self.mutability),
            "sensitive": self.sensitive,
        }
        if self.label_es:
            out["label_es"] = self.label_es
        if self.description:
            out["description"] = self.description
        if self.unit:
            out["unit"] = self.unit
        if self.allowed_values:
            out["values"] = list(self.allowed_values)
        if self.values_es:
            out["values_es"] = dict(self.values_es)
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        if self.growth_per_year:
            out["growth_per_year"] = self.growth_per_year
        if self.custom:
            out["custom"] = True
        return out

    @property
    def unit_text(self) -> str:
        """The unit a person reads, in the current language (``años``)."""
        from strive.vocabulary import unit

        return unit(self.unit) if self.unit else ""

    def _unit_hint(self) -> str:
        return f" ({self.unit_text})" if self.unit else ""


@dataclass(frozen=True)
class TraitSet:
    """The traits of one goal: the template's plus any custom ones, by name."""

    traits: Mapping[str, Trait] = field(default_factory=dict)

    @classmethod
    def of(cls, traits: Iterable[Trait]) -> TraitSet:
        return cls({t.name: t for t in traits})

    def __getitem__(self, name: str) -> Trait:
        try:
            return self.traits[name]
        except KeyError:
            known = ", ".join(sorted(self.traits)) or "none"
            raise UnknownTraitError(
                f"unknown trait {name!r}; this goal's traits are: {known}"
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self.traits

    def __iter__(self) -> Any:
        return iter(self.traits.values())

    def __len__(self) -> int:
        return len(self.traits)

    def names(self) -> list[str]:
        return list(self.traits)

    def comparable(self) -> list[Trait]:
        return [t for t in self.traits.values() if t.comparable]

    def with_trait(self, trait: Trait) -> TraitSet:
        return TraitSet({**self.traits, trait.name: trait})


def _fmt(number: float) -> str:
    whole = float(number).is_integer()
    if current_locale() != "en":
        return i18n_number(number, decimals=0 if whole else 2)
    return f"{number:,.0f}" if whole else f"{number:,.2f}"


def format_number(number: float) -> str:
    """Format a number the way strive shows numbers everywhere."""
    return _fmt(number)
