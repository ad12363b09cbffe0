"""Template validation: each rule, with 1-based named locations and TOML lines."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from strive.errors import TemplateError
from strive.prerequisites import check_prerequisites
from strive.template import parse_template
from strive.templates import load_template, validate_template_file

HEAD = """\
[template]
name = "t"

[[traits]]
name = "x"
kind = "bool"

[[traits]]
name = "y"
kind = "bool"

[[traits]]
name = "gpa"
kind = "number"
minimum = 0
maximum = 4

[[traits]]
name = "degree"
kind = "level"
values = ["none", "bachelor", "master"]
"""


def _action(name: str, effects: str, requires: str = "", extra: str = "") -> str:
    text = f'\n[[actions]]\nname = "{name}"\neffects = [{effects}]\n'
    if requires:
        text += f"requires = [{requires}]\n"
    text += 'duration_months = 1\neffort_hours = 10\nsources = ["s"]\n'
    return text + extra


def _parse(text: str) -> None:
    parse_template(tomllib.loads(text), "t.toml", source=text)


def _error(text: str) -> str:
    with pytest.raises(TemplateError) as info:
        _parse(text)
    return str(info.value)


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    rows = text.splitlines()
    hits = [i + 1 for i, row in enumerate(rows) if row.strip().startswith(needle)]
    return hits[occurrence - 1]


def test_a_two_action_cycle_names_both_actions() -> None:
    text = (
        HEAD
        + _action("free", '"gpa=3"')
        + _action("alpha", '"x"', '"y"')
        + _action("beta", '"y"', '"x"')
    )
    message = _error(text)
    assert "prerequisite cycle" in message
    assert "alpha" in message and "beta" in message
    assert "actions[2] 'alpha'.requires" in message
    assert message.startswith(f"t.toml:{_line_of(text, 'requires', 1)}:")
    assert "alpha requires y, provided only by beta" in message
    assert "beta requires x, provided only by alpha" in message


def test_an_action_waiting_on_a_cycle_is_not_named_in_it() -> None:
    text = (
        HEAD
        + _action("waits", '"gpa=3"', '"x"')
        + _action("one", '"x"', '"degree>=master"')
        + _action("two", '"degree=master"', '"x"')
    )
    message = _error(text)
    assert "actions[2] 'one'.requires: prerequisite cycle one → two → one" in message
    assert "waits" not in message


def test_no_cycle_when_someone_can_start() -> None:
    # beta needs x, which alpha provides from nothing: fine
    text = HEAD + _action("alpha", '"x"') + _action("beta", '"y"', '"x"')
    _parse(text)
    # a prerequisite nobody provides is the person's to bring: fine
    _parse(HEAD + _action("gamma", '"y"', '"x"'))
    # an action that builds on the trait it provides does not block itself
    _parse(
        HEAD
        + _action("masters", '"degree=master"', '"degree>=bachelor"')
        + _action("other", '"degree=master"', '"degree>=bachelor"')
    )


def test_builtins_have_no_cycle() -> None:
    for name in ("nasa-astronaut", "graduate-admissions", "adult-income"):
        t = load_template(name)
        assert check_prerequisites(t.catalogue, t.traits) is None


@pytest.mark.parametrize(
    ("condition", "reason"),
    [
        ("gpa>4", "gpa is between 0 and 4"),
        ("gpa<0", "gpa is between 0 and 4"),
        ("degree<none", "'none' is the lowest level"),
        ("degree>master", "'master' is the highest level"),
    ],
)
def test_a_prerequisite_that_can_never_hold(condition: str, reason: str) -> None:
    text = HEAD + _action("a", '"x"', f'"y", "{condition}"')
    message = _error(text)
    assert f"actions[1] 'a'.requires[2]: {condition} can never hold" in message
    assert reason in message
    assert message.startswith(f"t.toml:{_line_of(text, 'requires')}:")


def test_an_impossible_requirement_alternative() -> None:
    text = HEAD + '\n[[requirements]]\nname = "r"\nany_of = [["x"], ["gpa>4"]]\n'
    message = _error(text)
    assert "requirements[1] 'r'.any_of[2][1]: gpa>4 can never hold" in message
    assert message.startswith(f"t.toml:{_line_of(text, 'any_of')}:")


def test_minimum_greater_than_maximum() -> None:
    text = HEAD.replace("minimum = 0", "minimum = 5")
    message = _error(text)
    assert "traits[3] 'gpa'.maximum" in message
    assert "minimum (5) is greater than maximum (4)" in message
    assert message.startswith(f"t.toml:{_line_of(text, 'maximum')}:")


@pytest.mark.parametrize("field", ["duration_months", "effort_hours"])
@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("inf", "finite"),
        ("nan", "finite"),
        ("-inf", "finite"),
        ("1e309", "finite"),
        ("-1", "at least 0"),
        ("1e20", "not plausible"),
    ],
)
def test_non_finite_or_absurd_figures(field: str, value: str, says: str) -> None:
    action = _action("scribe_job", '"x"').replace(f"{field} = ", f"{field} = {value}#")
    text = HEAD + _action("first", '"y"') + action
    message = _error(text)
    assert f"actions[2] 'scribe_job'.{field}" in message and says in message
    assert message.startswith(f"t.toml:{_line_of(text, field, 2)}:")


@pytest.mark.parametrize(
    ("snippet", "where"),
    [
        ("money = inf\n", "money"),
        ("money = 1e13\n", "money"),
        ("money = 5\nmoney_year = nan\n", "money_year"),
        ("money = 5\nmoney_year = 20266\n", "money_year"),
        ("money = 5\nmoney_year = 2020.5\n", "money_year"),
        ("months_away = inf\n", "months_away"),
    ],
)
def test_other_action_numbers(snippet: str, where: str) -> None:
    message = _error(HEAD + _action("a", '"x"', extra=snippet))
    assert f"actions[1] 'a'.{where}" in message


@pytest.mark.parametrize(
    "snippet",
    [
        "minimum = nan\n",
        "maximum = inf\n",
        "growth_per_year = nan\n",
    ],
)
def test_trait_numbers_are_finite(snippet: str) -> None:
    text = HEAD + '\n[[traits]]\nname = "z"\nkind = "number"\n' + snippet
    message = _error(text)
    assert "traits[5] 'z'." in message and "finite" in message


def test_effect_with_non_finite_amount() -> None:
    message = _error(HEAD + _action("a", '"gpa+=nan"'))
    assert "actions[1] 'a'.effects[1]" in message and "finite" in message


@pytest.mark.parametrize(
    ("rate", "says"),
    [
        ('selected = inf\nsource = "s"', "finite"),
        ('selected = 1.5\nsource = "s"', "whole number"),
        ('selected = 10\napplicants = 5\nsource = "s"', "fewer applicants"),
    ],
)
def test_base_rates(rate: str, says: str) -> None:
    message = _error(HEAD + f'\n[[base_rates]]\ncycle = "2021"\n{rate}\n')
    assert "base_rates[1] '2021'" in message and says in message


def test_locations_are_one_based_and_named() -> None:
    text = HEAD + _action("a", '"x"') + _action("scribe_job", '"x", "nope"')
    message = _error(text)
    assert "actions[2] 'scribe_job'.effects[2]: unknown trait 'nope'" in message
    assert message.startswith(f"t.toml:{_line_of(text, 'effects', 2)}:")
    missing = _error(HEAD.replace('kind = "bool"\n', "", 1))
    assert "traits[1] 'x'.kind: missing field" in missing
    # a missing key points at its table's header line
    assert missing.startswith(f"t.toml:{_line_of(HEAD, '[[traits]]')}:")


def test_duplicate_names_are_named() -> None:
    message = _error(HEAD + _action("a", '"x"') + _action("a", '"y"'))
    assert "actions[2] 'a'.name: actions[1] 'a' has the same name" in message
    message = _error(HEAD + '\n[[traits]]\nname = "x"\nkind = "bool"\n')
    assert "traits[5] 'x'.name: two traits are named 'x'" in message


def test_without_source_text_there_is_no_line() -> None:
    data = tomllib.loads(HEAD + _action("a", '"x"', extra="money = inf\n"))
    with pytest.raises(TemplateError) as info:
        parse_template(data, "doc")
    assert str(info.value).startswith("doc: actions[1] 'a'.money")


# ---------------------------------------------------------------- warnings (CLI)


WARNED = (
    HEAD
    + '\n[[requirements]]\nname = "req"\nany_of = [["x"]]\n'
    + _action("unsourced", '"x"').replace('sources = ["s"]', "sources = []")
    + _action("priced", '"y"', extra="money = 10\n")
    + '\n[[windows]]\nname = "w"\nopens = 2026-01-01\ncloses = 2026-02-01\n'
    + '\n[cohort]\nfile = "p.csv"\nname = "c"\n'
)


def test_validate_prints_the_promised_warnings(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "t.toml").write_text(WARNED)
    (tmp_path / "p.csv").write_text("name,x,y\nA,yes,no\n")
    result = cli("template", "validate", str(tmp_path / "t.toml"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    expected = [
        "warning: no cohort column (unknown for everyone in the cohort): gpa, degree",
        "warning: action unsourced: no source (sources = [])",
        "warning: action unsourced: no money figure (money unknown)",
        "warning: action priced: money has no money_year",
        "warning: requirement req: no source",
        "warning: window w: no source",
    ]
    for line in expected:
        assert line in lines, (line, lines)
    # the docs list each of these warnings, with NAME for the item's name
    docs = (Path(__file__).resolve().parents[2] / "docs" / "templates.md").read_text()
    for line in expected[1:]:
        for name in ("unsourced", "priced", "req", "w"):
            line = line.replace(f" {name}:", " NAME:")
        assert f"`{line}`" in docs, line
    assert (
        "`warning: no cohort column (unknown for everyone in the cohort): ...`" in docs
    )
    as_json = cli("template", "validate", str(tmp_path / "t.toml"), "--json")
    assert json.loads(as_json.stdout)["warnings"] == [w[9:] for w in expected]


def test_sensitive_trait_warning(tmp_path: Path) -> None:
    text = HEAD.replace(
        'name = "y"\nkind = "bool"', 'name = "y"\nkind = "bool"\nsensitive = true'
    )
    path = tmp_path / "t.toml"
    path.write_text(text + _action("a", '"x"', '"y"'))
    report = validate_template_file(path)
    assert "action a uses sensitive trait y" in report.warnings
    assert "warning: action a uses sensitive trait y" in report.lines()


def test_lines_survive_multi_line_arrays_and_comments() -> None:
    text = (
        HEAD
        + '\n[[requirements]]  # the rule\nname = "r"\nany_of = [\n  ["x"],\n'
        + '  ["y"],\n]\nsource = "s"\n'
        + _action("a", '\n  "x",\n  "gpa+=inf",\n')
    )
    message = _error(text)
    assert "actions[1] 'a'.effects[2]" in message
    assert message.startswith(f"t.toml:{_line_of(text, 'effects')}:")
