"""Conditions over traits: the language of requirements, evidence and targets.

A condition is written the way a person would say it::

    us_citizen                 yes/no trait is yes
    not military               yes/no trait is no
    degree_level>=master       ordered comparison (numbers, levels)
    age<=50                    ... either direction
    degree_field=stem          category equality
    degree_field in stem,medicine
    languages has russian      set membership
    languages>=3               set size

Evaluation is three-valued: a missing value is *unknown*, never false.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from strive.errors import TraitValueError
from strive.i18n import _
from strive.traits import Kind, Trait, TraitSet, Value, format_number

_PATTERN = re.compile(
    r"^\s*(?P<neg>not\s+)?(?P<trait>[a-z_][a-z0-9_]*)\s*"
    r"(?:(?P<op>>=|<=|==|=|>|<|\bin\b|\bhas\b)\s*(?P<value>.+?))?\s*$"
)


@dataclass(frozen=True)
class Condition:
    """``trait op value``; ``op`` is one of is, >=, <=, >, <, =, in, has."""

    trait: str
    op: str
    value: Value | tuple[str, ...]

    @classmethod
    def parse(cls, text: str, traits: TraitSet) -> Condition:
        """Parse a condition against a goal's traits.

        Raises:
            TraitValueError: the text is not a condition, or its value is invalid.
            UnknownTraitError: it names a trait the goal does not have.
        """
        match = _PATTERN.match(text)
        if not match:
            raise TraitValueError(
                _(
                    "cannot read condition {text}; write e.g. 'pilot_certificate', "
                    "'degree_level>=master' or 'languages has russian'"
                ).format(text=repr(text))
            )
        trait = traits[match["trait"]]
        op, raw = match["op"], match["value"]
        if op is None:
            if trait.kind is not Kind.BOOL:
                raise TraitValueError(
                    _(
                        "{trait} is not yes/no: give a comparison, e.g. '{trait}>=...'"
                    ).format(trait=trait.name)
                )
            return cls(trait.name, "is", not match["neg"])
        if match["neg"]:
            raise TraitValueError(
                _("'not' only goes with a yes/no trait: {text}").format(text=repr(text))
            )
        op = "=" if op == "==" else op
        if op == "has":
            if trait.kind is not Kind.SET:
                raise TraitValueError(
                    _("'has' only goes with a set trait: {text}").format(
                        text=repr(text)
                    )
                )
            member = raw.strip().lower()
            if trait.categories and member not in trait.categories:
                raise TraitValueError(
                    _("{values} not allowed in {trait}; choose from: {allowed}").format(
                        values=repr(member),
                        trait=trait.name,
                        allowed=", ".join(trait.categories),
                    )
                )
            return cls(trait.name, "has", member)
        if op == "in":
            options = tuple(v.strip() for v in raw.split(",") if v.strip())
            for option in options:
                trait.validate(option)
            return cls(trait.name, "in", options)
        if trait.kind is Kind.SET:
            return cls(trait.name, op, _count(raw, text))
        if trait.kind is Kind.CATEGORY:
            if op != "=":
                raise TraitValueError(
                    _("categories only compare with '=': {text}").format(
                        text=repr(text)
                    )
                )
            return cls(trait.name, "=", trait.validate(raw.strip()))
        return cls(trait.name, op, trait.parse(raw))

    def holds(self, trait: Trait, value: Value | None) -> bool | None:
        """True, False, or None when the value is unknown."""
        if value is None:
            return None
        if self.op == "is":
            return value is self.value
        if self.op == "has":
            assert isinstance(value, frozenset)
            return self.value in value
        if self.op == "in":
            assert isinstance(self.value, tuple)
            return value in self.value
        if self.op == "=" and trait.kind is Kind.CATEGORY:
            return value == self.value
        assert not isinstance(self.value, tuple)
        left = trait.order_key(value)
        right = (
            float(self.value)  # type: ignore[arg-type]
            if trait.kind is Kind.SET
            else trait.order_key(self.value)
        )
        return {
            ">=": left >= right,
            "<=": left <= right,
            ">": left > right,
            "<": left < right,
            "=": left == right,
        }[self.op]

    def evaluate(
        self, traits: TraitSet, values: Mapping[str, Value | None]
    ) -> bool | None:
        return self.holds(traits[self.trait], values.get(self.trait))

    def text(self) -> str:
        """The condition as a person would write it (parses back to itself)."""
        if self.op == "is":
            return self.trait if self.value else f"not {self.trait}"
        if self.op in ("has", "in"):
            listed = (
                ",".join(self.value) if isinstance(self.value, tuple) else self.value
            )
            return f"{self.trait} {self.op} {listed}"
        shown = self.value
        if isinstance(shown, bool):
            shown = "yes" if shown else "no"
        elif isinstance(shown, float):
            # the condition as typed: the same in every language (no separators)
            shown = f"{shown:.0f}" if shown.is_integer() else f"{shown:.2f}"
        return f"{self.trait}{self.op}{shown}"

    def label(self, trait: Trait) -> str:
        """The condition as a person reads it, with the trait's label in the current
        language ("Languages: spanish", "Jet PIC hours: at least 1,000 h"): for
        lists where there is no one person's value to show (a caseload's gaps). The
        :meth:`text` stays the id a program or a person typing it uses."""
        if self.op == "is":
            return (
                trait.title
                if self.value
                else _("not {trait}").format(trait=trait.title)
            )
        if self.op == "has":
            return f"{trait.title}: {trait.value_text(str(self.value))}"
        if self.op == "in":
            assert isinstance(self.value, tuple)
            return _("{trait}: one of {options}").format(
                trait=trait.title,
                options=", ".join(trait.value_text(v) for v in self.value),
            )
        target = self._target(trait)
        wording = {
            ">=": _("{trait}: at least {target}"),
            "<=": _("{trait}: at most {target}"),
            ">": _("{trait}: more than {target}"),
            "<": _("{trait}: less than {target}"),
        }.get(self.op)
        if wording is None:
            return f"{trait.title}: {target}"
        return wording.format(trait=trait.title, target=target)

    def _target(self, trait: Trait) -> str:
        """The compared value as a person reads it (a set compares its size)."""
        return (
            format_number(float(self.value))  # type: ignore[arg-type]
            if trait.kind is Kind.SET
            else trait.format(self.value)  # type: ignore[arg-type]
        )

    def gap_text(self, trait: Trait, value: Value | None) -> str:
        """What would have to change, e.g. 'jet_pic_hours: 0 h → at least 1,000 h'."""
        now = trait.format(value)
        if self.op == "is":
            return _("{trait}: {now} → {target}").format(
                trait=trait.title, now=now, target=_("yes") if self.value else _("no")
            )
        if self.op == "has":
            return _("{trait}: add {member}").format(
                trait=trait.title, member=self.value
            )
        if self.op == "in":
            assert isinstance(self.value, tuple)
            return _("{trait}: {now} → one of {options}").format(
                trait=trait.title, now=now, options=", ".join(self.value)
            )
        target = self._target(trait)
        wording = {
            ">=": _("{trait}: {now} → at least {target}"),
            "<=": _("{trait}: {now} → at most {target}"),
            ">": _("{trait}: {now} → more than {target}"),
            "<": _("{trait}: {now} → less than {target}"),
        }.get(self.op) or _("{trait}: {now} → exactly {target}")
        return wording.format(trait=trait.title, now=now, target=target)


def _count(raw: str, text: str) -> float:
    try:
        return float(int(raw.strip()))
    except ValueError:
        raise TraitValueError(
            _("a set trait compares by its size, give a whole number: {text}").format(
                text=repr(text)
            )
        ) from None
