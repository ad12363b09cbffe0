"""Loading templates: built-ins, files, errors naming file/line/field, validation."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import pytest

from strive.errors import DataImportError, TemplateError
from strive.requirements import Status
from strive.templates import (
    builtin_names,
    load_cohort,
    load_template,
    validate_template_file,
)

BUILTINS = ["adult-income", "graduate-admissions", "nasa-astronaut"]

MINIMAL = """\
[template]
name = "tiny"
mode = "comparison"

[[traits]]
name = "pilot_certificate"
kind = "bool"
mutability = "grow_only"

[[traits]]
name = "age"
kind = "number"
mutability = "fixed"
growth_per_year = 1

[[actions]]
name = "private_pilot"
effects = ["pilot_certificate"]
duration_months = 6
effort_hours = 70
sources = ["somewhere"]

[cohort]
file = "people.csv"
name = "tiny cohort"
"""


def _template(tmp_path: Path, text: str = MINIMAL, name: str = "tiny.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_names() -> None:
    assert builtin_names() == BUILTINS


@pytest.mark.parametrize("name", BUILTINS)
def test_every_builtin_loads_with_its_cohort(name: str) -> None:
    template = load_template(name)
    assert template.name == name
    assert load_template(name) is template  # cached
    cohort = load_cohort(template)
    assert load_cohort(template) is cohort  # cached
    assert cohort.size > 0
    assert cohort.labelled == (template.mode == "labelled")
    assert template.cohort is not None
    assert cohort.source.name == template.cohort.name
    assert cohort.source.licence and cohort.source.citation and cohort.source.notes
    for action in template.catalogue:
        assert action.sources, action.name
        assert action.notes, action.name


@pytest.mark.parametrize("name", BUILTINS)
def test_every_builtin_file_validates(name: str) -> None:
    folder = resources.files("strive") / "templates"
    report = validate_template_file(str(folder / f"{name}.toml"))
    assert report.template.name == name
    assert report.cohort is not None and report.cohort.size > 0
    lines = report.lines()
    assert "is valid" in lines[0]


def test_labelled_builtins() -> None:
    admissions = load_template("graduate-admissions")
    assert admissions.cohort is not None
    assert "self-estimated" in admissions.cohort.target_note
    cohort = load_cohort(admissions)
    assert cohort.size == 500
    assert cohort.selected is not None and int(cohort.selected.sum()) == 155
    adult = load_template("adult-income")
    assert adult.cohort is not None and "50,000" in adult.cohort.target_note
    cohort = load_cohort(adult)
    assert cohort.size == 32561
    assert cohort.selected is not None and int(cohort.selected.sum()) == 7841
    assert "fnlwgt" not in adult.traits
    assert [t.name for t in adult.traits if t.sensitive] == [
        "race",
        "sex",
        "native_country",
    ]
    education = adult.traits["education"]
    assert education.levels[8] == "hs-grad" and education.levels[-1] == "doctorate"


def test_unknown_name_lists_the_builtins() -> None:
    with pytest.raises(TemplateError, match="nasa-astronaut") as info:
        load_template("nasa")
    assert "unknown template 'nasa'" in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"nope\.toml: no such template file"):
        load_template(str(tmp_path / "nope.toml"))


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    broken = MINIMAL.replace('kind = "number"', 'kind = number"')
    path = _template(tmp_path, broken, "broken.toml")
    line = broken.splitlines().index('kind = number"') + 1
    with pytest.raises(TemplateError) as info:
        load_template(str(path))
    assert f"broken.toml:{line}: invalid TOML" in str(info.value)
    assert f"line {line}" in str(info.value)


def test_missing_field_is_named(tmp_path: Path) -> None:
    path = _template(tmp_path, MINIMAL.replace('name = "tiny"\n', ""))
    with pytest.raises(
        TemplateError, match=r"tiny\.toml:1: template\.name: missing field"
    ):
        load_template(str(path))
    path = _template(tmp_path, MINIMAL.replace("effort_hours = 70\n", ""))
    with pytest.raises(
        TemplateError, match=r"actions\[1\] 'private_pilot'\.effort_hours: missing"
    ):
        load_template(str(path))
    path = _template(tmp_path, MINIMAL.replace('name = "tiny cohort"\n', ""))
    with pytest.raises(TemplateError, match=r"cohort\.name: missing field"):
        load_template(str(path))


def test_unknown_trait_in_an_action_is_named(tmp_path: Path) -> None:
    path = _template(tmp_path, MINIMAL.replace('["pilot_certificate"]', '["scuba"]'))
    with pytest.raises(
        TemplateError,
        match=r"actions\[1\] 'private_pilot'\.effects\[1\]: unknown trait 'scuba'",
    ):
        load_template(str(path))


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(MINIMAL.replace("tiny cohort", "caf\xe9").encode("latin-1"))
    with pytest.raises(TemplateError, match=r"latin\.toml:\d+: not UTF-8"):
        load_template(str(path))


def test_cohort_file_is_relative_to_the_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "goal"
    folder.mkdir()
    path = _template(folder)
    (folder / "people.csv").write_text(
        "name,year,pilot_certificate,age\nA,2020,yes,30\n"
    )
    monkeypatch.chdir(tmp_path)  # anywhere else
    template = load_template(os.path.join("goal", "tiny.toml"))
    cohort = load_cohort(template)
    assert cohort.size == 1 and cohort.values(0)["pilot_certificate"] is True
    assert load_cohort(template) is cohort
    # a changed file is read again
    (folder / "people.csv").write_text("name,age\nA,30\nB,31\n")
    os.utime(folder / "people.csv", ns=(1, 10**18))
    assert load_cohort(template).size == 2
    report = validate_template_file(path)
    assert report.cohort is not None and report.cohort_columns == ("age",)
    assert any(
        "no cohort column" in w and "pilot_certificate" in w for w in report.warnings
    )
    assert any("private_pilot: no money figure" in w for w in report.warnings)


def test_validate_reports_bad_cohort_cells(tmp_path: Path) -> None:
    path = _template(tmp_path)
    (tmp_path / "people.csv").write_text("name,age,hobby\nA,30,chess\n")
    with pytest.raises(DataImportError, match=r"people\.csv:1: column hobby: unknown"):
        validate_template_file(path)
    (tmp_path / "people.csv").write_text("name,age\nA,thirty\n")
    with pytest.raises(DataImportError, match=r"people\.csv:2: column age: 'thirty'"):
        validate_template_file(path)


def test_template_without_cohort(tmp_path: Path) -> None:
    path = _template(tmp_path, MINIMAL.split("[cohort]")[0])
    template = load_template(str(path))
    with pytest.raises(TemplateError, match="no \\[cohort\\] table"):
        load_cohort(template)
    assert validate_template_file(path).cohort is None


def test_labelled_template_needs_selected_column(tmp_path: Path) -> None:
    text = MINIMAL.replace('mode = "comparison"', 'mode = "labelled"')
    with pytest.raises(TemplateError, match=r"cohort\.selected_column"):
        load_template(str(_template(tmp_path, text)))


NASA_TRAITS = {
    "us_citizen": ("bool", "free", False),
    "age": ("number", "fixed", False),
    "degree_level": ("level", "grow_only", False),
    "degree_field": ("category", "free", False),
    "phd_years": ("number", "grow_only", False),
    "test_pilot_school": ("bool", "grow_only", False),
    "experience_years": ("number", "grow_only", False),
    "jet_pic_hours": ("number", "grow_only", False),
    "military": ("bool", "grow_only", False),
    "pilot_certificate": ("bool", "grow_only", False),
    "scuba": ("level", "grow_only", False),
    "languages": ("set", "grow_only", False),
    "wilderness_first_responder": ("bool", "grow_only", False),
    "passes_physical": ("bool", "free", False),
    "gender": ("category", "fixed", True),
    "birthplace": ("category", "fixed", True),
}


def test_nasa_traits_are_exactly_the_agreed_ones() -> None:
    traits = load_template("nasa-astronaut").traits
    assert traits.names() == list(NASA_TRAITS)
    for name, (kind, mutability, sensitive) in NASA_TRAITS.items():
        trait = traits[name]
        assert (str(trait.kind), str(trait.mutability), trait.sensitive) == (
            kind,
            mutability,
            sensitive,
        ), name
    assert traits["age"].growth_per_year == 1 and traits["age"].maximum == 120
    assert traits["experience_years"].growth_per_year == 1
    assert traits["jet_pic_hours"].unit == "h"
    assert traits["degree_level"].levels == ("none", "bachelor", "master", "doctorate")
    assert traits["scuba"].levels == ("none", "open_water", "advanced", "rescue")
    assert traits["degree_field"].categories == ("stem", "medicine", "other")


def test_nasa_requirements() -> None:
    template = load_template("nasa-astronaut")
    shown = {
        r.name: [[c.text() for c in alt] for alt in r.alternatives]
        for r in template.requirements
    }
    assert shown == {
        "citizenship": [["us_citizen"]],
        "education": [
            ["degree_level>=master", "degree_field=stem"],
            ["phd_years>=2"],
            ["degree_level>=doctorate", "degree_field=medicine"],
            ["test_pilot_school"],
        ],
        "experience": [["experience_years>=2"], ["jet_pic_hours>=1000"]],
        "physical": [["passes_physical"]],
    }
    assert all(r.description and "2020" in r.source for r in template.requirements)
    # José Hernández in 2004: MS ECE, ~15 years at LLNL.
    jose = {
        "us_citizen": True,
        "degree_level": "master",
        "degree_field": "stem",
        "experience_years": 15.0,
        "passes_physical": True,
    }
    assert all(
        r.check(template.traits, jose).status is Status.MET
        for r in template.requirements
    )
    no_physical = {**jose, "passes_physical": None}
    statuses = [
        r.check(template.traits, no_physical).status for r in template.requirements
    ]
    assert statuses[-1] is Status.UNKNOWN


def test_nasa_actions() -> None:
    template = load_template("nasa-astronaut")
    catalogue = template.catalogue
    assert {a.name for a in catalogue} >= {
        "private_pilot",
        "scuba_open_water",
        "scuba_advanced",
        "scuba_rescue",
        "learn_russian",
        "learn_french",
        "learn_german",
        "learn_japanese",
        "master_stem",
        "phd_two_years",
        "md_degree",
        "test_pilot_school",
        "military_jet_pilot",
        "wilderness_first_responder",
    }
    pilot = catalogue["private_pilot"]
    assert pilot.money == (6000 + 20000) / 2 and pilot.money_sourced
    assert "midpoint" in pilot.notes
    assert [c.text() for c in pilot.requires] == ["age>=17"]
    assert catalogue["scuba_open_water"].money == 499 + 169
    priced = {a.name for a in catalogue if a.money_sourced}
    assert priced == {"private_pilot", "scuba_open_water"}
    russian = catalogue["learn_russian"]
    assert russian.effort_hours == 1100
    after = russian.apply(template.traits, {"languages": frozenset({"english"})})
    assert after["languages"] == frozenset({"english", "russian"})
    assert catalogue["test_pilot_school"].months_away == 11
    assert [c.text() for c in catalogue["test_pilot_school"].requires] == [
        "military",
        "jet_pic_hours>=750",
    ]
    jet = catalogue["military_jet_pilot"]
    assert jet.months_away > 12 and "derived" in jet.notes.lower()
    assert catalogue["master_stem"].group == "graduate_degree"
    assert "EFR" in catalogue["scuba_rescue"].notes
    assert catalogue["wilderness_first_responder"].months_away == 0.3


def test_nasa_base_rates_and_windows() -> None:
    template = load_template("nasa-astronaut")
    rates = {b.cycle: b for b in template.base_rates}
    assert rates["2004"].selected == 11
    assert rates["2013"].applicants == 6100 and "6,372" in rates["2013"].note
    assert rates["1978-2004"].applicants == 37400 and rates["1978-2004"].selected == 248
    assert rates["2025"].selected == 10
    windows = [
        (w.opens.isoformat(), w.closes.isoformat(), w.estimated)
        for w in template.windows
    ]
    assert windows == [
        ("2011-11-15", "2012-01-27", False),
        ("2015-12-14", "2016-02-18", False),
        ("2020-03-02", "2020-03-31", False),
        ("2024-03-05", "2024-04-16", True),
        ("2028-03-01", "2028-04-15", True),
    ]
    assert "4 years" in template.windows[-1].source
    assert template.mode == "comparison"
    assert template.cohort is not None
    assert "UNVERIFIED" in template.cohort.licence
