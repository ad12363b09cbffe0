"""Templates: a real selection described as data (traits, requirements, actions...).

A template is a TOML file (see ``docs/templates.md``); this module turns its parsed
dict into checked objects and does no I/O itself (:mod:`strive.templates` reads files).
Every problem is reported with the field it is in, e.g. ``actions[3].effort_hours``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from strive.actions import Action, Catalogue, Effect
from strive.conditions import Condition
from strive.errors import InputError, TemplateError
from strive.requirements import Requirement
from strive.traits import Kind, Mutability, Trait, TraitSet


@dataclass(frozen=True)
class CohortSpec:
    """Where a template's cohort lives and how to read it."""

    file: str
    name: str
    citation: str = ""
    licence: str = ""
    notes: str = ""
    year_column: str = "year"
    name_column: str = "name"
    selected_column: str = ""
    """Set for labelled cohorts: a yes/no column saying who was selected."""
    target_note: str = ""
    """What the label really means (e.g. a self-estimated chance), shown to users."""


@dataclass(frozen=True)
class BaseRate:
    """Applicants and selected in one cycle: context for step 5, never a probability."""

    cycle: str
    selected: int
    applicants: int | None
    source: str
    note: str = ""


@dataclass(frozen=True)
class Window:
    """An application window; attempts are scheduled into them."""

    name: str
    opens: dt.date
    closes: dt.date
    source: str = ""
    estimated: bool = False


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    description: str
    traits: TraitSet
    requirements: tuple[Requirement, ...]
    catalogue: Catalogue
    mode: str = "comparison"
    """``comparison`` (selected only) or ``labelled`` (selected and not selected)."""
    cohort: CohortSpec | None = None
    base_rates: tuple[BaseRate, ...] = ()
    windows: tuple[Window, ...] = ()
    sources: tuple[str, ...] = ()
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def with_trait(self, trait: Trait) -> Template:
        """A copy with a custom trait added (e.g. named by a piece of evidence)."""
        return replace(self, traits=self.traits.with_trait(trait))

    def describe(self) -> dict[str, Any]:
        """The public JSON shape of ``template show --json``."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "mode": self.mode,
            "traits": [t.describe() for t in self.traits],
            "requirements": [
                {
                    "name": r.name,
                    "description": r.description,
                    "any_of": [[c.text() for c in alt] for alt in r.alternatives],
                    "source": r.source,
                }
                for r in self.requirements
            ],
            "actions": [a.describe() for a in self.catalogue],
            "cohort": None
            if self.cohort is None
            else {
                "name": self.cohort.name,
                "file": self.cohort.file,
                "citation": self.cohort.citation,
                "licence": self.cohort.licence,
                "notes": self.cohort.notes,
            },
            "base_rates": [
                {
                    "cycle": b.cycle,
                    "applicants": b.applicants,
                    "selected": b.selected,
                    "source": b.source,
                    "note": b.note,
                }
                for b in self.base_rates
            ],
            "windows": [
                {
                    "name": w.name,
                    "opens": w.opens.isoformat(),
                    "closes": w.closes.isoformat(),
                    "source": w.source,
                    "estimated": w.estimated,
                }
                for w in self.windows
            ],
            "sources": list(self.sources),
        }


def parse_template(data: Mapping[str, Any], where: str = "template") -> Template:
    """Check and build a template from its parsed TOML/JSON dict.

    Raises:
        TemplateError: naming the file and field of the first problem found.
    """
    reader = _Reader(where)
    head = reader.table(data, "template")
    name = reader.text(head, "template.name")
    mode = reader.text(head, "template.mode", default="comparison")
    if mode not in ("comparison", "labelled"):
        raise reader.error("template.mode", "must be 'comparison' or 'labelled'")
    traits = TraitSet.of(
        _trait(reader, t, f"traits[{i}]")
        for i, t in enumerate(reader.list(data, "traits"))
    )
    if len(traits) != len(reader.list(data, "traits")):
        raise reader.error("traits", "two traits share a name")
    requirements = tuple(
        _requirement(reader, r, f"requirements[{i}]", traits)
        for i, r in enumerate(reader.list(data, "requirements", default=[]))
    )
    actions = [
        _action(reader, a, f"actions[{i}]", traits)
        for i, a in enumerate(reader.list(data, "actions", default=[]))
    ]
    catalogue = Catalogue.of(actions)
    if len(catalogue) != len(actions):
        raise reader.error("actions", "two actions share a name")
    problems = catalogue.fixed_violations(traits)
    if problems:
        raise reader.error("actions", "; ".join(problems))
    cohort = None
    if "cohort" in data:
        c = reader.table(data, "cohort")
        cohort = CohortSpec(
            file=reader.text(c, "cohort.file"),
            name=reader.text(c, "cohort.name"),
            citation=reader.text(c, "cohort.citation", default=""),
            licence=reader.text(c, "cohort.licence", default=""),
            notes=reader.text(c, "cohort.notes", default=""),
            year_column=reader.text(c, "cohort.year_column", default="year"),
            name_column=reader.text(c, "cohort.name_column", default="name"),
            selected_column=reader.text(c, "cohort.selected_column", default=""),
            target_note=reader.text(c, "cohort.target_note", default=""),
        )
        if mode == "labelled" and not cohort.selected_column:
            raise reader.error("cohort.selected_column", "a labelled template needs it")
    base_rates = tuple(
        BaseRate(
            cycle=reader.text(b, f"base_rates[{i}].cycle"),
            selected=int(reader.number(b, f"base_rates[{i}].selected")),
            applicants=None
            if b.get("applicants") is None
            else int(reader.number(b, f"base_rates[{i}].applicants")),
            source=reader.text(b, f"base_rates[{i}].source"),
            note=reader.text(b, f"base_rates[{i}].note", default=""),
        )
        for i, b in enumerate(reader.list(data, "base_rates", default=[]))
    )
    windows = tuple(
        _window(reader, w, f"windows[{i}]")
        for i, w in enumerate(reader.list(data, "windows", default=[]))
    )
    return Template(
        name=name,
        title=reader.text(head, "template.title", default=name),
        description=reader.text(head, "template.description", default=""),
        traits=traits,
        requirements=requirements,
        catalogue=catalogue,
        mode=mode,
        cohort=cohort,
        base_rates=base_rates,
        windows=windows,
        sources=tuple(reader.list(head, "template.sources", default=[])),
        raw=data,
    )


def _trait(reader: _Reader, t: Mapping[str, Any], at: str) -> Trait:
    kind_text = reader.text(t, f"{at}.kind")
    try:
        kind = Kind(kind_text)
    except ValueError:
        raise reader.error(
            f"{at}.kind",
            f"{kind_text!r} is not one of {', '.join(k.value for k in Kind)}",
        ) from None
    mut_text = reader.text(t, f"{at}.mutability", default="free")
    try:
        mutability = Mutability(mut_text)
    except ValueError:
        raise reader.error(
            f"{at}.mutability",
            f"{mut_text!r} is not one of {', '.join(m.value for m in Mutability)}",
        ) from None
    values = tuple(str(v) for v in reader.list(t, f"{at}.values", default=[]))
    if kind is Kind.LEVEL and not values:
        raise reader.error(
            f"{at}.values", "a level trait lists its levels, lowest first"
        )
    minimum = t.get("minimum")
    maximum = t.get("maximum")
    try:
        return Trait(
            name=reader.text(t, f"{at}.name"),
            kind=kind,
            label=reader.text(t, f"{at}.label", default=""),
            description=reader.text(t, f"{at}.description", default=""),
            unit=reader.text(t, f"{at}.unit", default=""),
            levels=values if kind is Kind.LEVEL else (),
            categories=values if kind is not Kind.LEVEL else (),
            mutability=mutability,
            sensitive=bool(t.get("sensitive", False)),
            minimum=None if minimum is None else reader.number(t, f"{at}.minimum"),
            maximum=None if maximum is None else reader.number(t, f"{at}.maximum"),
            growth_per_year=reader.number(t, f"{at}.growth_per_year", default=0.0),
        )
    except InputError as exc:
        raise reader.error(at, exc.message) from None


def _requirement(
    reader: _Reader, r: Mapping[str, Any], at: str, traits: TraitSet
) -> Requirement:
    any_of = reader.list(r, f"{at}.any_of")
    if not any_of or not all(isinstance(alt, list) and alt for alt in any_of):
        raise reader.error(
            f"{at}.any_of", "a list of alternatives, each a list of conditions"
        )
    try:
        return Requirement.parse(
            reader.text(r, f"{at}.name"),
            reader.text(r, f"{at}.description", default=""),
            any_of,
            traits,
            reader.text(r, f"{at}.source", default=""),
        )
    except InputError as exc:
        raise reader.error(f"{at}.any_of", exc.message) from None


def _action(reader: _Reader, a: Mapping[str, Any], at: str, traits: TraitSet) -> Action:
    try:
        effects = tuple(
            Effect.parse(str(e), traits) for e in reader.list(a, f"{at}.effects")
        )
        requires = tuple(
            Condition.parse(str(c), traits)
            for c in reader.list(a, f"{at}.requires", default=[])
        )
    except InputError as exc:
        raise reader.error(at, exc.message) from None
    if not effects:
        raise reader.error(f"{at}.effects", "an action must change at least one trait")
    money = a.get("money")
    return Action(
        name=reader.text(a, f"{at}.name"),
        label=reader.text(a, f"{at}.label", default=""),
        effects=effects,
        duration_months=reader.number(a, f"{at}.duration_months", minimum=0),
        effort_hours=reader.number(a, f"{at}.effort_hours", minimum=0),
        money=0.0 if money is None else reader.number(a, f"{at}.money", minimum=0),
        money_sourced=money is not None,
        money_year=None
        if a.get("money_year") is None
        else int(reader.number(a, f"{at}.money_year")),
        months_away=reader.number(a, f"{at}.months_away", default=0.0, minimum=0),
        requires=requires,
        group=reader.text(a, f"{at}.group", default=""),
        sources=tuple(str(s) for s in reader.list(a, f"{at}.sources")),
        notes=reader.text(a, f"{at}.notes", default=""),
    )


def _window(reader: _Reader, w: Mapping[str, Any], at: str) -> Window:
    opens, closes = reader.date(w, f"{at}.opens"), reader.date(w, f"{at}.closes")
    if closes < opens:
        raise reader.error(f"{at}.closes", "a window closes after it opens")
    return Window(
        name=reader.text(w, f"{at}.name"),
        opens=opens,
        closes=closes,
        source=reader.text(w, f"{at}.source", default=""),
        estimated=bool(w.get("estimated", False)),
    )


_MISSING = object()


class _Reader:
    """Typed field access that names the file and field of every problem."""

    def __init__(self, where: str) -> None:
        self.where = where

    def error(self, path: str, message: str) -> TemplateError:
        return TemplateError(f"{path}: {message}", where=self.where)

    def _get(self, table: Mapping[str, Any], path: str, default: Any) -> Any:
        key = path.rsplit(".", 1)[-1]
        if not isinstance(table, Mapping):
            raise self.error(path, "expected a table")
        if key not in table:
            if default is _MISSING:
                raise self.error(path, "missing field")
            return default
        return table[key]

    def table(self, table: Mapping[str, Any], path: str) -> Mapping[str, Any]:
        value = self._get(table, path, _MISSING)
        if not isinstance(value, Mapping):
            raise self.error(path, "expected a table")
        return value

    def list(
        self, table: Mapping[str, Any], path: str, default: Any = _MISSING
    ) -> list[Any]:
        value = self._get(table, path, default)
        if not isinstance(value, list):
            raise self.error(path, "expected a list")
        return value

    def text(self, table: Mapping[str, Any], path: str, default: Any = _MISSING) -> str:
        value = self._get(table, path, default)
        if not isinstance(value, str):
            raise self.error(path, f"expected text, got {value!r}")
        return value

    def number(
        self,
        table: Mapping[str, Any],
        path: str,
        default: Any = _MISSING,
        minimum: float | None = None,
    ) -> float:
        value = self._get(table, path, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(path, f"expected a number, got {value!r}")
        if minimum is not None and value < minimum:
            raise self.error(path, f"must be at least {minimum:g}, got {value!r}")
        return float(value)

    def date(self, table: Mapping[str, Any], path: str) -> dt.date:
        value = self._get(table, path, _MISSING)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise self.error(path, f"expected a date (YYYY-MM-DD), got {value!r}")
