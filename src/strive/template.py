"""Templates: a real selection described as data (traits, requirements, actions...).

A template is a TOML file (see ``docs/templates.md``); this module turns its parsed
dict into checked objects and does no I/O itself (:mod:`strive.templates` reads files).
Every problem is reported with the field it is in, e.g. ``actions[3].effort_hours``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from strive.actions import Action, Catalogue, Continuous, Effect
from strive.bios import BioPattern, check_pattern
from strive.conditions import Condition
from strive.errors import InputError
from strive.i18n import current_locale
from strive.prerequisites import check_prerequisites, unsatisfiable
from strive.requirements import Requirement
from strive.template_reader import LIMITS, NAME, YEARS, At, Reader, short, toml_line
from strive.traits import Kind, Mutability, Trait, TraitSet

__all__ = [
    "LIMITS",
    "YEARS",
    "BaseRate",
    "CohortSpec",
    "Template",
    "Window",
    "parse_template",
    "toml_line",
]


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
    target_note_es: str = ""
    """``target_note`` in Spanish."""
    name_es: str = ""
    """``name`` in Spanish (how a page names the cohort)."""


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
    name_es: str = ""
    """The name in Spanish (the template's ``name_es``)."""

    @property
    def title(self) -> str:
        """The name a person reads: Spanish in a Spanish context when given."""
        return self.name_es if self.name_es and current_locale() == "es" else self.name


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
    bios: tuple[BioPattern, ...] = ()
    """``[[bios]]``: what counts as a mention of a trait in a biography."""
    continuous: tuple[Continuous, ...] = ()
    """``[[continuous]]``: actions adding any amount to a number at a cost per unit."""
    title_es: str = ""
    """The title in Spanish (the template's ``title_es``); :attr:`heading` shows it
    in a Spanish context."""
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def heading(self) -> str:
        """The title a person reads: Spanish in a Spanish context when the template
        gives one, else the English ``title`` (``name`` is the id a person types)."""
        return (
            self.title_es if self.title_es and current_locale() == "es" else self.title
        )

    def with_trait(self, trait: Trait) -> Template:
        """A copy with a custom trait added (e.g. named by a piece of evidence)."""
        return replace(self, traits=self.traits.with_trait(trait))

    def spanish(self) -> dict[str, str]:
        """English text of this template's data → its Spanish, where the template
        gives one (``title_es``, ``description_es``, ``name_es``, ``target_note_es``):
        what a page
        shows in place of the English data text (docs/i18n.md)."""
        pairs = [(self.title, self.title_es)]
        pairs += [(r.description, r.description_es) for r in self.requirements]
        pairs += [(w.name, w.name_es) for w in self.windows]
        if self.cohort is not None:
            pairs.append((self.cohort.target_note, self.cohort.target_note_es))
            pairs.append((self.cohort.name, self.cohort.name_es))
        return {en: es for en, es in pairs if en and es}

    def describe(self) -> dict[str, Any]:
        """The public JSON shape of ``template show --json``."""
        return {
            "name": self.name,
            "title": self.title,
            **({"title_es": self.title_es} if self.title_es else {}),
            "description": self.description,
            "mode": self.mode,
            "traits": [t.describe() for t in self.traits],
            "requirements": [
                {
                    "name": r.name,
                    "description": r.description,
                    "any_of": [[c.text() for c in alt] for alt in r.alternatives],
                    "source": r.source,
                    **(
                        {"description_es": r.description_es} if r.description_es else {}
                    ),
                }
                for r in self.requirements
            ],
            "actions": [a.describe() for a in self.catalogue],
            **(
                {"continuous": [c.describe() for c in self.continuous]}
                if self.continuous
                else {}
            ),
            "cohort": None
            if self.cohort is None
            else {
                "name": self.cohort.name,
                "file": self.cohort.file,
                "citation": self.cohort.citation,
                "licence": self.cohort.licence,
                "notes": self.cohort.notes,
                **{
                    key: value
                    for key, value in (
                        ("name_es", self.cohort.name_es),
                        ("target_note_es", self.cohort.target_note_es),
                    )
                    if value
                },
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
                    **({"name_es": w.name_es} if w.name_es else {}),
                }
                for w in self.windows
            ],
            "sources": list(self.sources),
        }


def data_text(value: str, texts: Mapping[str, str]) -> str:
    """Text from a template's data (a requirement, a window name, a cohort note) in
    the reader's language: ``texts`` is :meth:`Template.spanish` (empty in English).
    The template's own Spanish replaces the English text, also where the text is
    part of a longer line ("apply: next call ..."); anything else stays as written.
    The web's ``data`` filter and the CLI show template text through this."""
    if not texts:
        return value
    exact = texts.get(value)
    if exact is not None:
        return exact
    for english, spanish in texts.items():
        if english in value:
            value = value.replace(english, spanish)
    return value


def parse_template(
    data: Mapping[str, Any], where: str = "template", source: str | None = None
) -> Template:
    """Check and build a template from its parsed TOML/JSON dict.

    ``source`` is the TOML text the dict came from, if any: errors then carry the
    line of the table or key at fault (``my.toml:42: actions[3] 'scribe_job'...``).
    Locations count from 1 and name the item.

    Raises:
        TemplateError: naming the file (and line) and field of the first problem.
    """
    reader = Reader(where, source)
    top = At("", "", None)
    head = reader.table(data, top, "template")
    at_head = At("template", "template", None)
    name = reader.text(head, at_head, "name")
    mode = reader.text(head, at_head, "mode", default="comparison")
    if mode not in ("comparison", "labelled"):
        raise reader.error(at_head, "mode", "must be 'comparison' or 'labelled'")
    raw_traits = reader.items(data, top, "traits")
    trait_list: list[Trait] = []
    for i, t in enumerate(raw_traits):
        at = At.item("traits", i, t)
        trait = _trait(reader, reader.item(t, at), at)
        if trait.name in {x.name for x in trait_list}:
            raise reader.error(at, "name", f"two traits are named {trait.name!r}")
        trait_list.append(trait)
    traits = TraitSet.of(trait_list)
    requirements = tuple(
        _requirement(reader, reader.item(r, at), at, traits)
        for i, r in enumerate(reader.items(data, top, "requirements", default=[]))
        for at in [At.item("requirements", i, r)]
    )
    positions: dict[str, At] = {}
    catalogue = Catalogue.of(
        _named(reader, data, top, "actions", _action, traits, positions)
    )
    continuous = _named(reader, data, top, "continuous", _continuous, traits, positions)
    problem = check_prerequisites(catalogue, traits)
    if problem is not None:
        action_name, message = problem
        raise reader.error(positions[action_name], "requires", message)
    cohort = None
    if "cohort" in data:
        c = reader.table(data, top, "cohort")
        ac = At("cohort", "cohort", None)
        cohort = CohortSpec(
            file=reader.text(c, ac, "file"),
            name=reader.text(c, ac, "name"),
            citation=reader.text(c, ac, "citation", default=""),
            licence=reader.text(c, ac, "licence", default=""),
            notes=reader.text(c, ac, "notes", default=""),
            year_column=reader.text(c, ac, "year_column", default="year"),
            name_column=reader.text(c, ac, "name_column", default="name"),
            selected_column=reader.text(c, ac, "selected_column", default=""),
            target_note=reader.text(c, ac, "target_note", default=""),
            target_note_es=reader.text(c, ac, "target_note_es", default=""),
            name_es=reader.text(c, ac, "name_es", default=""),
        )
        if mode == "labelled" and not cohort.selected_column:
            raise reader.error(ac, "selected_column", "a labelled template needs it")
    base_rates = tuple(
        _base_rate(reader, reader.item(b, at), at)
        for i, b in enumerate(reader.items(data, top, "base_rates", default=[]))
        for at in [At.item("base_rates", i, b, key="cycle")]
    )
    windows = tuple(
        _window(reader, reader.item(w, at), at)
        for i, w in enumerate(reader.items(data, top, "windows", default=[]))
        for at in [At.item("windows", i, w)]
    )
    bios = tuple(
        _bios(reader, reader.item(b, at), at, traits)
        for i, b in enumerate(reader.items(data, top, "bios", default=[]))
        for at in [At.item("bios", i, b, key="trait")]
    )
    return Template(
        name=name,
        title=reader.text(head, at_head, "title", default=name),
        title_es=reader.text(head, at_head, "title_es", default=""),
        description=reader.text(head, at_head, "description", default=""),
        traits=traits,
        requirements=requirements,
        catalogue=catalogue,
        mode=mode,
        cohort=cohort,
        base_rates=base_rates,
        windows=windows,
        sources=tuple(
            reader.text_list(head, at_head, "sources", default=[]),
        ),
        bios=bios,
        continuous=tuple(continuous),
        raw=data,
    )


def _bios(reader: Reader, b: Mapping[str, Any], at: At, traits: TraitSet) -> BioPattern:
    """One ``[[bios]]`` entry: a trait, the regular expressions that mention it and
    the evidence condition an accepted count becomes (default: the trait holds)."""
    name = reader.text(b, at, "trait")
    if name not in traits:
        raise reader.error(
            at, "trait", f"{name!r} is not a trait of this template", key="trait"
        )
    trait = traits[name]
    texts = reader.text_list(b, at, "patterns")
    if not texts:
        raise reader.error(at, "patterns", "list at least one pattern")
    for j, text in enumerate(texts):
        try:
            check_pattern(text)
        except ValueError as exc:
            raise reader.error(
                at, f"patterns[{j + 1}]", str(exc), key="patterns"
            ) from None
    condition = _condition(
        reader,
        b.get("condition", _default_condition(trait)),
        at,
        "condition",
        traits,
    )
    if condition.trait != name:
        raise reader.error(
            at, "condition", f"the condition must be about {name!r}", key="condition"
        )
    return BioPattern(
        trait=name,
        condition=condition.text(),
        patterns=tuple(texts),
        label=reader.text(b, at, "label", default=trait.title),
    )


def _default_condition(trait: Trait) -> str:
    if trait.kind is Kind.LEVEL and len(trait.levels) > 1:
        return f"{trait.name}>={trait.levels[1]}"
    if trait.kind is Kind.NUMBER:
        return f"{trait.name}>0"
    if trait.kind is Kind.SET:
        return f"{trait.name}>=1"
    return trait.name


def _trait(reader: Reader, t: Mapping[str, Any], at: At) -> Trait:
    kind_text = reader.text(t, at, "kind")
    try:
        kind = Kind(kind_text)
    except ValueError:
        raise reader.error(
            at,
            "kind",
            f"{kind_text!r} is not one of {', '.join(k.value for k in Kind)}",
        ) from None
    mut_text = reader.text(t, at, "mutability", default="free")
    try:
        mutability = Mutability(mut_text)
    except ValueError:
        raise reader.error(
            at,
            "mutability",
            f"{mut_text!r} is not one of {', '.join(m.value for m in Mutability)}",
        ) from None
    values = tuple(reader.text_list(t, at, "values", default=[]))
    values_es = _values_es(reader, t, at, values)
    if kind is Kind.LEVEL and not values:
        raise reader.error(at, "values", "a level trait lists its levels, lowest first")
    minimum = None if t.get("minimum") is None else reader.number(t, at, "minimum")
    maximum = None if t.get("maximum") is None else reader.number(t, at, "maximum")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise reader.error(
            at,
            "maximum",
            f"minimum ({minimum:g}) is greater than maximum ({maximum:g})",
        )
    if (minimum is not None or maximum is not None) and kind is not Kind.NUMBER:
        raise reader.error(at, "minimum", "only number traits take minimum/maximum")
    name = reader.text(t, at, "name")
    if not NAME.fullmatch(name):
        raise reader.error(
            at, "name", f"{name!r} is not a lowercase identifier ([a-z_][a-z0-9_]*)"
        )
    try:
        return Trait(
            name=name,
            kind=kind,
            label=reader.text(t, at, "label", default=""),
            label_es=reader.text(t, at, "label_es", default=""),
            values_es=values_es,
            description=reader.text(t, at, "description", default=""),
            unit=reader.text(t, at, "unit", default=""),
            levels=values if kind is Kind.LEVEL else (),
            categories=values if kind is not Kind.LEVEL else (),
            mutability=mutability,
            sensitive=reader.flag(t, at, "sensitive"),
            minimum=minimum,
            maximum=maximum,
            growth_per_year=reader.number(t, at, "growth_per_year", default=0.0),
        )
    except InputError as exc:
        raise reader.error(at, "", exc.message) from None


def _values_es(
    reader: Reader, t: Mapping[str, Any], at: At, values: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """``values_es = { master = "maestría", ... }``: how Spanish writes each value.

    With declared ``values`` every key must be one of them (a typo would silently
    show English); an open category or set (``languages``) may name any value."""
    if t.get("values_es") is None:
        return ()
    table = reader.table(t, at, "values_es")
    pairs = []
    for key, spanish in table.items():
        if values and key not in values:
            raise reader.error(
                at, "values_es", f"{key!r} is not one of {', '.join(values)}"
            )
        if not isinstance(spanish, str) or not spanish.strip():
            raise reader.error(at, "values_es", f"{key!r} needs its Spanish text")
        pairs.append((str(key), spanish.strip()))
    return tuple(pairs)


def _requirement(
    reader: Reader, r: Mapping[str, Any], at: At, traits: TraitSet
) -> Requirement:
    any_of = reader.items(r, at, "any_of")
    if not any_of or not all(isinstance(alt, list) and alt for alt in any_of):
        raise reader.error(
            at, "any_of", "a list of alternatives, each a list of conditions"
        )
    for i, alt in enumerate(any_of):
        for j, text in enumerate(alt):
            where = f"any_of[{i + 1}][{j + 1}]"
            condition = _condition(reader, text, at, where, traits)
            impossible = unsatisfiable(condition, traits[condition.trait])
            if impossible:
                raise reader.error(at, where, impossible, key="any_of")
    try:
        return Requirement.parse(
            reader.text(r, at, "name"),
            reader.text(r, at, "description", default=""),
            any_of,
            traits,
            reader.text(r, at, "source", default=""),
            reader.text(r, at, "description_es", default=""),
        )
    except InputError as exc:
        raise reader.error(at, "any_of", exc.message) from None


def _condition(
    reader: Reader, text: Any, at: At, where: str, traits: TraitSet
) -> Condition:
    key = where.split("[", 1)[0]
    if not isinstance(text, str):
        raise reader.error(at, where, f"expected text, got {short(text)}", key=key)
    try:
        return Condition.parse(text, traits)
    except InputError as exc:
        raise reader.error(at, where, exc.message, key=key) from None


_Named = TypeVar("_Named", Action, Continuous)


def _named(
    reader: Reader,
    data: Mapping[str, Any],
    top: At,
    table: str,
    parse: Callable[[Reader, Mapping[str, Any], At, TraitSet], _Named],
    traits: TraitSet,
    positions: dict[str, At],
) -> list[_Named]:
    """The items of ``[[actions]]`` or ``[[continuous]]``: one name space for both
    (``positions``, name → where it was first given), since a route names its steps."""
    items: list[_Named] = []
    for i, raw in enumerate(reader.items(data, top, table, default=[])):
        at = At.item(table, i, raw)
        item = parse(reader, reader.item(raw, at), at, traits)
        if item.name in positions:
            raise reader.error(
                at, "name", f"{positions[item.name].label} has the same name"
            )
        positions[item.name] = at
        items.append(item)
    return items


def _action(reader: Reader, a: Mapping[str, Any], at: At, traits: TraitSet) -> Action:
    name = reader.text(a, at, "name")
    effects: list[Effect] = []
    for j, text in enumerate(reader.items(a, at, "effects")):
        where = f"effects[{j + 1}]"
        if not isinstance(text, str):
            raise reader.error(
                at, where, f"expected text, got {short(text)}", key="effects"
            )
        try:
            effect = Effect.parse(text, traits)
        except InputError as exc:
            raise reader.error(at, where, exc.message, key="effects") from None
        if traits[effect.trait].mutability is Mutability.FIXED:
            raise reader.error(
                at,
                where,
                f"changes fixed trait {effect.trait} (no action can change it)",
                key="effects",
            )
        effects.append(effect)
    if not effects:
        raise reader.error(at, "effects", "an action must change at least one trait")
    requires = []
    for j, text in enumerate(reader.items(a, at, "requires", default=[])):
        where = f"requires[{j + 1}]"
        condition = _condition(reader, text, at, where, traits)
        impossible = unsatisfiable(condition, traits[condition.trait])
        if impossible:
            raise reader.error(at, where, impossible, key="requires")
        requires.append(condition)
    money = a.get("money")
    money_year = None
    if a.get("money_year") is not None:
        money_year = reader.whole(a, at, "money_year", YEARS[0], YEARS[1])
    return Action(
        name=name,
        label=reader.text(a, at, "label", default=""),
        label_es=reader.text(a, at, "label_es", default=""),
        effects=tuple(effects),
        duration_months=reader.figure(a, at, "duration_months"),
        effort_hours=reader.figure(a, at, "effort_hours"),
        money=0.0 if money is None else reader.figure(a, at, "money"),
        money_sourced=money is not None,
        money_year=money_year,
        months_away=reader.figure(a, at, "months_away", default=0.0),
        requires=tuple(requires),
        group=reader.text(a, at, "group", default=""),
        sources=tuple(reader.text_list(a, at, "sources")),
        notes=reader.text(a, at, "notes", default=""),
    )


_CONTINUOUS_KEYS = frozenset(
    {
        "name", "label", "label_es", "trait", "max_amount", "step",
        "hours_per_unit", "money_per_unit", "sources", "notes",
    }
)  # fmt: skip


def _continuous(
    reader: Reader, c: Mapping[str, Any], at: At, traits: TraitSet
) -> Continuous:
    """``[[continuous]]``: add any amount (in steps) to a number, per-unit costs."""
    name = reader.text(c, at, "name")
    if "requires" in c:
        # The amount is one variable of the selection model, not a dated action
        # with a start: a prerequisite would have to hold before "some" amount.
        raise reader.error(
            at,
            "requires",
            "continuous actions cannot have prerequisites; write the action as "
            "[[actions]] steps if it needs one",
        )
    unknown = sorted(set(c) - _CONTINUOUS_KEYS)
    if unknown:
        raise reader.error(at, unknown[0], "unknown field", key=unknown[0])
    trait_name = reader.text(c, at, "trait")
    if trait_name not in traits:
        raise reader.error(at, "trait", f"there is no trait {trait_name!r}")
    trait = traits[trait_name]
    if trait.kind is not Kind.NUMBER:
        raise reader.error(
            at, "trait", f"{trait_name} is a {trait.kind.value}, not a number"
        )
    if trait.mutability is Mutability.FIXED:
        raise reader.error(
            at, "trait", f"{trait_name} is fixed (no action can change it)"
        )
    max_amount = reader.number(c, at, "max_amount")
    if not 0 < max_amount <= 1e12:
        raise reader.error(
            at, "max_amount", f"must be above 0 and plausible, got {max_amount:g}"
        )
    step = None
    if c.get("step") is not None:
        step = reader.number(c, at, "step")
        if not 0 < step <= max_amount:
            raise reader.error(
                at, "step", f"must be above 0 and at most max_amount, got {step:g}"
            )
    per_hour = reader.number(c, at, "hours_per_unit")
    if not 0 <= per_hour * max_amount <= LIMITS["effort_hours"]:
        raise reader.error(
            at,
            "hours_per_unit",
            f"must be at least 0 and at most {LIMITS['effort_hours']:g} h in all",
        )
    money = c.get("money_per_unit")
    per_money = 0.0
    if money is not None:
        per_money = reader.number(c, at, "money_per_unit")
        if not 0 <= per_money * max_amount <= LIMITS["money"]:
            raise reader.error(
                at, "money_per_unit", "must be at least 0 and plausible in all"
            )
    return Continuous(
        name=name,
        trait=trait_name,
        max_amount=max_amount,
        step=step,
        hours_per_unit=per_hour,
        money_per_unit=per_money,
        label=reader.text(c, at, "label", default=""),
        label_es=reader.text(c, at, "label_es", default=""),
        unit=trait.unit,
        money_sourced=money is not None,
        sources=tuple(reader.text_list(c, at, "sources")),
        notes=reader.text(c, at, "notes", default=""),
    )


def _base_rate(reader: Reader, b: Mapping[str, Any], at: At) -> BaseRate:
    selected = reader.whole(b, at, "selected", 0, 10**10)
    applicants = None
    if b.get("applicants") is not None:
        applicants = reader.whole(b, at, "applicants", 0, 10**10)
        if applicants < selected:
            raise reader.error(
                at, "applicants", f"fewer applicants ({applicants}) than selected"
            )
    return BaseRate(
        cycle=reader.text(b, at, "cycle"),
        selected=selected,
        applicants=applicants,
        source=reader.text(b, at, "source"),
        note=reader.text(b, at, "note", default=""),
    )


def _window(reader: Reader, w: Mapping[str, Any], at: At) -> Window:
    opens, closes = reader.date(w, at, "opens"), reader.date(w, at, "closes")
    if closes < opens:
        raise reader.error(at, "closes", "a window closes after it opens")
    return Window(
        name=reader.text(w, at, "name"),
        opens=opens,
        closes=closes,
        source=reader.text(w, at, "source", default=""),
        estimated=reader.flag(w, at, "estimated"),
        name_es=reader.text(w, at, "name_es", default=""),
    )
