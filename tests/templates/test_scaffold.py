"""``strive template new``: a scaffold that validates as written and makes a goal."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from strive.errors import InputError
from strive.templates import validate_template_file
from strive.templates.scaffold import TraitSpec, parse_trait_spec, render

Run = Callable[..., Any]

TRAITS = [
    "--trait",
    "mcat:number:472:528",
    "--trait",
    "gpa:number:0:4",
    "--trait",
    "degree:level:none,bachelor,master",
    "--trait",
    "field:category:stem,arts",
    "--trait",
    "languages:set:English,French",
    "--trait",
    "research:bool",
    "--trait",
    "hours:number:0:",
    "--trait",
    "open_field:category",
]


def test_scaffold_validates_and_makes_a_goal_at_once(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "med"
    result = cli(
        "template",
        "new",
        "medschool",
        "--title",
        'Medical "school"',
        "--dir",
        str(folder),
        *TRAITS,
    )
    assert result.exit_code == 0, result.output
    toml_path, csv_path = folder / "medschool.toml", folder / "medschool.csv"
    assert f"Wrote {toml_path} and {csv_path}" in result.stdout
    text = toml_path.read_text()
    assert text.startswith('# Medical "school": a strive template.')
    assert "docs/templates.md" in text and "TODO" in text
    assert csv_path.read_text().splitlines()[0] == (
        "name,year,mcat,gpa,degree,field,languages,research,hours,open_field"
    )
    checked = cli("template", "validate", str(toml_path))
    assert checked.exit_code == 0, checked.output
    assert "is valid: 8 traits" in checked.stdout
    report = validate_template_file(toml_path)
    assert report.template.title == 'Medical "school"'
    assert report.cohort is not None and report.cohort.size == 1
    assert report.traits["languages"].categories == ("english", "french")
    assert (
        report.traits["mcat"].minimum == 472 and report.traits["hours"].maximum is None
    )
    monkeypatch.chdir(tmp_path)
    made = cli("goal", "new", "Doctor", "--template", str(toml_path))
    assert made.exit_code == 0, made.output
    gap = cli("gap", "--json")
    assert gap.exit_code == 0, gap.output
    json.loads(gap.stdout)


def test_labelled_scaffold(tmp_path: Path, cli: Run) -> None:
    result = cli(
        "template",
        "new",
        "job",
        "--dir",
        str(tmp_path),
        "--labelled",
        "--trait",
        "python:bool",
    )
    assert result.exit_code == 0, result.output
    report = validate_template_file(tmp_path / "job.toml")
    assert report.mode == "labelled" and report.cohort is not None
    assert report.cohort.selected is not None


def test_existing_files_are_kept(tmp_path: Path, cli: Run) -> None:
    (tmp_path / "mine.csv").write_text("precious\n")
    args = ["template", "new", "mine", "--dir", str(tmp_path), "--trait", "a:bool"]
    result = cli(*args)
    assert result.exit_code != 0 and "exists; use --force" in result.output
    assert (tmp_path / "mine.csv").read_text() == "precious\n"
    assert not (tmp_path / "mine.toml").exists()
    assert cli(*args, "--force").exit_code == 0
    assert (tmp_path / "mine.csv").read_text().startswith("name,year,a")


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("Bad:bool", "lowercase identifier"),
        ("name:bool", "other than name"),
        ("x:text", "kind must be one of"),
        ("x", "kind must be one of"),
        ("x:number:5:1", "greater than maximum"),
        ("x:number:nan", "not a finite number"),
        ("x:number:a", "'a' is not a number"),
        ("x:number:1:2:3", "NAME:number[:MIN[:MAX]]"),
        ("x:level", "lists its levels"),
        ("x:bool:yes", "takes no values"),
        ("x:category:a,a", "listed twice"),
    ],
)
def test_bad_trait_specs(spec: str, says: str, cli: Run, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=re.escape(says)):
        parse_trait_spec(spec)
    result = cli("template", "new", "t", "--dir", str(tmp_path), "--trait", spec)
    assert result.exit_code != 0 and says in result.output
    assert list(tmp_path.iterdir()) == []


def test_render_refuses_bad_names_and_duplicates() -> None:
    with pytest.raises(InputError, match="template name"):
        render("My Goal", "t", [TraitSpec("a", "bool")])
    with pytest.raises(InputError, match="at least one --trait"):
        render("t", "t", [])
    with pytest.raises(InputError, match="same name"):
        render("t", "t", [TraitSpec("a", "bool"), TraitSpec("a", "number")])


@pytest.mark.parametrize(
    "spec",
    [
        "x:number",
        "x:number::10",
        "x:number:-5:",
        "x:number:0.5:0.75",
        "x:set",
        "x:number:1e20:1e21",
    ],
)
def test_every_number_and_open_shape_renders_valid(spec: str) -> None:
    from strive.template import parse_template

    toml_text, _ = render("t", "t", [parse_trait_spec(spec)])
    parse_template(tomllib.loads(toml_text), "t.toml", toml_text)
