"""``strive template new``: a commented template and a cohort CSV to start from.

The traits come from short specs (``NAME:KIND[:...]``, see :func:`parse_trait_spec`);
everything else is an example marked ``TODO`` that already validates, so a goal can
be made from the scaffold at once and improved from there.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from strive.errors import InputError
from strive.template import parse_template

__all__ = ["TraitSpec", "parse_trait_spec", "render", "scaffold"]

_KINDS = ("bool", "number", "level", "category", "set")
_TRAIT = re.compile(r"[a-z_][a-z0-9_]*")
_TEMPLATE = re.compile(r"[a-z0-9][a-z0-9_-]*")
_RESERVED = ("name", "year", "selected")


@dataclass(frozen=True)
class TraitSpec:
    """One trait of a scaffold: ``gpa:number:0:4``, ``degree:level:ba,ma,phd``."""

    name: str
    kind: str
    values: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


def parse_trait_spec(text: str) -> TraitSpec:
    """Read ``NAME:KIND`` plus, for numbers, ``:MIN:MAX`` (either may be empty) and,
    for levels, categories and sets, ``:v1,v2,...`` (levels lowest first).

    Raises:
        InputError: naming the spec and what is wrong with it.
    """
    parts = text.split(":")
    name, kind = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
    where = f"--trait {text!r}"
    if not _TRAIT.fullmatch(name) or name in _RESERVED:
        raise InputError(
            f"{where}: the name must be a lowercase identifier ([a-z_][a-z0-9_]*) "
            f"other than {', '.join(_RESERVED)}"
        )
    if kind not in _KINDS:
        raise InputError(f"{where}: the kind must be one of {', '.join(_KINDS)}")
    rest = parts[2:]
    if kind == "number":
        if len(rest) > 2:
            raise InputError(f"{where}: a number takes NAME:number[:MIN[:MAX]]")
        low, high = (_bound(r, where) for r in [*rest, "", ""][:2])
        if low is not None and high is not None and low > high:
            raise InputError(f"{where}: minimum {low:g} is greater than maximum")
        return TraitSpec(name, kind, minimum=low, maximum=high)
    if kind == "bool":
        if rest:
            raise InputError(f"{where}: a bool takes no values")
        return TraitSpec(name, kind)
    values = tuple(v.strip() for v in ":".join(rest).split(",") if v.strip())
    if kind == "level" and not values:
        raise InputError(f"{where}: a level lists its levels, lowest first")
    if kind == "set":
        values = tuple(v.lower() for v in values)
    if len(set(values)) != len(values):
        raise InputError(f"{where}: a value is listed twice")
    return TraitSpec(name, kind, values=values)


def _bound(text: str, where: str) -> float | None:
    if not text.strip():
        return None
    try:
        number = float(text)
    except ValueError:
        raise InputError(f"{where}: {text!r} is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise InputError(f"{where}: {text!r} is not a finite number")
    return number


def _q(text: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML)."""
    return json.dumps(text, ensure_ascii=False)


def _num(number: float) -> str:
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def _example_value(t: TraitSpec) -> str:
    """A cell that parses, for the example row."""
    if t.kind == "bool":
        return "yes"
    if t.kind == "number":
        if t.minimum is not None and t.maximum is not None:
            return _num((t.minimum + t.maximum) / 2)
        bound = t.minimum if t.minimum is not None else t.maximum
        return _num(bound if bound is not None else 0.0)
    return t.values[0] if t.values else "example"


def _example_effect(t: TraitSpec) -> str:
    if t.kind == "bool":
        return t.name
    if t.kind == "number":
        value = t.maximum if t.maximum is not None else t.minimum
        return f"{t.name}={_num(value if value is not None else 1.0)}"
    if t.kind == "set":
        return f"{t.name}+={t.values[0] if t.values else 'example'}"
    return f"{t.name}={t.values[-1] if t.values else 'example'}"


def render(
    name: str, title: str, traits: Sequence[TraitSpec], labelled: bool = False
) -> tuple[str, str]:
    """The template TOML and the cohort CSV text of a scaffold.

    Raises:
        InputError: a bad name, no traits, or two traits with one name.
    """
    if not _TEMPLATE.fullmatch(name):
        raise InputError(
            f"template name {name!r}: use lowercase letters, digits, '-' and '_'"
        )
    if not traits:
        raise InputError("give at least one --trait NAME:KIND (e.g. gpa:number:0:4)")
    names = [t.name for t in traits]
    if len(set(names)) != len(names):
        raise InputError("two --trait options have the same name")
    csv_name = f"{name}.csv"
    lines = [
        f"# {title}: a strive template. Every key is described in docs/templates.md.",
        f"# Check it with: strive template validate {name}.toml",
        "",
        "[template]",
        f"name = {_q(name)}",
        f"title = {_q(title)}",
        'description = "TODO: the goal; who the cohort is; what it cannot tell"',
        f'mode = "{"labelled" if labelled else "comparison"}"',
        "sources = []  # the template's general sources",
        "",
        "# One [[traits]] table per trait the selected people are compared on.",
        "# mutability: fixed (no action changes it), grow_only, or free (default).",
        "# sensitive = true: shown for context only, never used to rank or advise.",
    ]
    for t in traits:
        lines += ["", "[[traits]]", f"name = {_q(t.name)}", f'kind = "{t.kind}"']
        if t.values:
            lines.append(f"values = [{', '.join(_q(v) for v in t.values)}]")
        if t.minimum is not None:
            lines.append(f"minimum = {_num(t.minimum)}")
        if t.maximum is not None:
            lines.append(f"maximum = {_num(t.maximum)}")
        lines += ['mutability = "free"', 'description = ""']
    first = traits[0]
    lines += [
        "",
        "# [[requirements]]: the published minimums; each holds when any one",
        "# alternative (a list of conditions) holds. For example:",
        "# [[requirements]]",
        '# name = "minimum"',
        f"# any_of = [[{_q(_example_condition(first))}]]",
        '# source = "where the rule is published"',
        "",
        "# [[actions]]: what a person can do, with sourced figures only. Leave out",
        "# money when no public figure exists (it then shows as unknown).",
        "[[actions]]",
        'name = "example_action"',
        'label = "TODO: replace this example with a real action"',
        f"effects = [{_q(_example_effect(first))}]",
        "duration_months = 1",
        "effort_hours = 10",
        "# money = 100",
        "# money_year = 2026",
        "# requires = []  # prerequisites, met by the profile or an earlier action",
        'sources = ["TODO: the public source of every figure"]',
        'notes = "TODO: say what you computed or assumed"',
        "",
        "# The people who were selected, one row each, in a CSV beside this file.",
        "[cohort]",
        f"file = {_q(csv_name)}",
        'name = "TODO: who these people are (shown beside every figure)"',
        'citation = ""',
        'licence = ""',
    ]
    if labelled:
        lines += [
            'selected_column = "selected"',
            'target_note = "TODO: what selected really means"',
        ]
    header = ["name", "year", *(["selected"] if labelled else []), *names]
    row = ["EXAMPLE (replace this row)", "2025", *(["yes"] if labelled else [])]
    row += [_example_value(t) for t in traits]
    csv_text = ",".join(header) + "\n" + ",".join(_cell(c) for c in row) + "\n"
    return "\n".join(lines) + "\n", csv_text


def _example_condition(t: TraitSpec) -> str:
    if t.kind == "bool":
        return t.name
    if t.kind == "number":
        return f"{t.name}>={_example_value(t)}"
    if t.kind == "set":
        return f"{t.name} has {t.values[0] if t.values else 'example'}"
    if t.kind == "level":
        return f"{t.name}>={t.values[0]}"
    return f"{t.name}={t.values[0] if t.values else 'example'}"


def _cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"') else text


def scaffold(
    folder: Path,
    name: str,
    title: str,
    traits: Sequence[TraitSpec],
    *,
    labelled: bool = False,
    force: bool = False,
) -> tuple[Path, Path]:
    """Write ``NAME.toml`` and ``NAME.csv`` into ``folder``; checked before writing.

    Raises:
        InputError: bad specs, or a file exists (and ``force`` is false).
    """
    import tomllib

    from strive.templates import read_cohort_csv

    toml_text, csv_text = render(name, title, traits, labelled)
    template = parse_template(tomllib.loads(toml_text), f"{name}.toml", toml_text)
    assert template.cohort is not None
    read_cohort_csv(io.StringIO(csv_text), template.traits, template.cohort)
    toml_path, csv_path = folder / f"{name}.toml", folder / f"{name}.csv"
    if not force:
        for path in (toml_path, csv_path):
            if path.exists():
                raise InputError(f"{path} exists; use --force to overwrite it")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        toml_path.write_text(toml_text, encoding="utf-8")
        csv_path.write_text(csv_text, encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot write: {exc.strerror or exc}", where=str(folder)
        ) from None
    return toml_path, csv_path
