"""``[[continuous]]`` in a template: read, described, and every bad field named
with the file, its line and the field (the one template validator)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from strive.actions import Continuous
from strive.errors import TemplateError
from strive.template import parse_template
from strive.templates import validate_template_file

HEAD = """\
[template]
name = "t"

[[traits]]
name = "hours"
kind = "number"
unit = "h"
mutability = "free"
minimum = 0
maximum = 168

[[traits]]
name = "born"
kind = "number"
mutability = "fixed"

[[traits]]
name = "degree"
kind = "level"
values = ["none", "bachelor", "master"]

[[actions]]
name = "course"
effects = ["degree=bachelor"]
duration_months = 1
effort_hours = 10
sources = ["s"]
"""

GOOD = """
[[continuous]]
name = "more_hours"
label = "Work more hours a week"
label_es = "Trabajar más horas por semana"
trait = "hours"
max_amount = 20
step = 1
hours_per_unit = 52
money_per_unit = 0
sources = ["test figure"]
"""


def _parse(text: str) -> object:
    return parse_template(tomllib.loads(text), "t.toml", source=text)


def _error(text: str) -> str:
    with pytest.raises(TemplateError) as info:
        _parse(text)
    return str(info.value)


def _line(text: str, needle: str) -> int:
    rows = text.splitlines()
    return max(i + 1 for i, row in enumerate(rows) if row.strip().startswith(needle))


def test_a_continuous_action_is_read_with_its_unit_and_spanish() -> None:
    template = _parse(HEAD + GOOD)
    (c,) = template.continuous  # type: ignore[attr-defined]
    assert c == Continuous(
        name="more_hours",
        trait="hours",
        max_amount=20.0,
        step=1.0,
        hours_per_unit=52.0,
        money_per_unit=0.0,
        label="Work more hours a week",
        label_es="Trabajar más horas por semana",
        unit="h",
        money_sourced=True,
        sources=("test figure",),
    )
    described = template.describe()  # type: ignore[attr-defined]
    assert described["continuous"][0]["unit"] == "h"
    assert described["continuous"][0]["label_es"] == "Trabajar más horas por semana"
    no_money = _parse(
        HEAD + GOOD.replace("money_per_unit = 0\n", "").replace("step = 1\n", "")
    )
    (c,) = no_money.continuous  # type: ignore[attr-defined]
    assert c.step is None and not c.money_sourced
    assert c.action(2.5).label == "Work more hours a week: +2.5 h"
    assert c.action(2.5).effort_hours == 130.0


CASES = [
    (("trait = ", 'trait = "salary"'), "trait", "there is no trait 'salary'"),
    (("trait = ", 'trait = "degree"'), "trait", "degree is a level, not a number"),
    (("trait = ", 'trait = "born"'), "trait", "born is fixed"),
    (("max_amount = ", "max_amount = 0"), "max_amount", "must be above 0"),
    (("max_amount = ", 'max_amount = "lots"'), "max_amount", "expected a number"),
    (("step = ", "step = 30"), "step", "at most max_amount"),
    (("hours_per_unit = ", "hours_per_unit = -1"), "hours_per_unit", "at least 0"),
    (("money_per_unit = ", "money_per_unit = -5"), "money_per_unit", "at least 0"),
    (("sources = ", 'soruces = ["x"]'), "soruces", "unknown field"),
    (
        ("sources = ", 'requires = ["degree>=bachelor"]'),
        "requires",
        "continuous actions cannot have prerequisites",
    ),
    (("name = ", 'name = "course"'), "name", "actions[1] 'course' has the same"),
]


def _swap(text: str, key: str, line: str) -> str:
    """``text`` with the continuous table's ``key...`` line replaced by ``line``."""
    head, tail = text.split("[[continuous]]")
    rows = [line if r.startswith(key) else r for r in tail.splitlines()]
    return head + "[[continuous]]" + "\n".join(rows) + "\n"


@pytest.mark.parametrize(("change", "field", "message"), CASES)
def test_bad_fields_name_the_file_line_and_field(
    change: tuple[str, str], field: str, message: str
) -> None:
    text = _swap(HEAD + GOOD, *change)
    error = _error(text)
    name = "course" if field == "name" else "more_hours"
    assert f"continuous[1] '{name}'.{field}: " in error and message in error
    assert error.startswith(f"t.toml:{_line(text, field)}:"), error


def test_a_missing_field_is_named() -> None:
    text = HEAD + GOOD.replace("hours_per_unit = 52\n", "")
    assert "continuous[1] 'more_hours'.hours_per_unit: missing field" in _error(text)


def test_the_file_validator_reports_it(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    text = _swap(HEAD + GOOD, "step = ", "step = 0")
    path.write_text(text)
    with pytest.raises(TemplateError) as info:
        validate_template_file(path)
    assert str(info.value).startswith(f"{path}:{_line(text, 'step')}: ")
    assert "continuous[1] 'more_hours'.step: must be above 0" in str(info.value)
