"""Words for identifiers that come from data: units, trait kinds, requirement and
route-alternative names, and the limits that block a route.

A template says ``unit = "years"`` and names a requirement ``"physical"``; the route
planner names its alternatives ``"cheapest"`` and ``"fastest"``. Those strings are
data: they stay the same in the template file, the database and every ``--json``
output. What a person *reads* for them is looked up here in the current language, so
a Spanish page says "30 años" and "examen médico", never "30 years" and "physical".

The English word is the catalogue key (marked with ``N_`` so Babel extracts it). An
identifier that is not listed here (a custom template's own unit or requirement) is
shown as written: strive never invents a translation for text it does not know.
"""

from __future__ import annotations

from strive.i18n import N_, _

UNITS: dict[str, str] = {
    "years": N_("years"),
    "h": N_("h"),
}
"""Units used by the shipped templates (``USD`` and other codes are international)."""

KINDS: dict[str, str] = {
    "bool": N_("yes or no"),
    "number": N_("a number"),
    "level": N_("a level"),
    "category": N_("one of a list"),
    "set": N_("a list"),
}
"""How a trait's value is written (``Kind``), as a hint next to a field."""

REQUIREMENTS: dict[str, str] = {
    "citizenship": N_("citizenship"),
    "education": N_("education"),
    "experience": N_("experience"),
    "physical": N_("medical exam"),
}
"""Requirement names of the shipped templates (only the NASA one has requirements)."""

ALTERNATIVES: dict[str, str] = {
    "cheapest": N_("cheapest"),
    "fastest": N_("fastest"),
    "least_money": N_("least money"),
    "next_cheapest": N_("next cheapest"),
}
"""The names ``strive.route.alternatives`` gives its routes."""

LIMITS: dict[str, str] = {
    "hours_per_week": N_("hours per week"),
    "money": N_("money limit"),
    "months_away": N_("months away from home"),
    "max_parallel": N_("actions at once"),
    "deadline": N_("deadline"),
}
"""The limits an infeasible route's ``blocked_by`` names (``Relaxation.limit``);
its other entries are already sentences (a condition no action can change)."""


def _word(table: dict[str, str], key: str) -> str:
    known = table.get(key)
    return _(known) if known is not None else key


def unit(name: str) -> str:
    """A unit in the current language (``years`` → ``años``); unknown: as written."""
    return _word(UNITS, name)


def kind(name: str) -> str:
    """A trait kind (``number``) as a hint a person reads."""
    return _word(KINDS, name)


def requirement(name: str) -> str:
    """A requirement's name (``physical`` → ``medical exam`` / ``examen médico``)."""
    return _word(REQUIREMENTS, name)


def alternative(name: str) -> str:
    """A route alternative's name (``cheapest`` → ``la más económica``)."""
    return _word(ALTERNATIVES, name)


def limit(name: str) -> str:
    """A limit that blocks a route (``months_away`` → ``months away from home`` /
    ``meses lejos de casa``); any other ``blocked_by`` entry as written."""
    return _word(LIMITS, name)
