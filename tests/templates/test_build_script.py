"""scripts/build_cohorts.py reproduces the shipped package data byte for byte."""

from __future__ import annotations

import csv
import importlib.util
import io
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
RAW = Path("/work/shared/data")
OUTPUTS = (
    "nasa_astronauts_kaggle.csv",
    "nasa_classes_2004_2021.csv",
    "nasa_astronauts_cohort.csv",
    "graduate_admissions_cohort.csv",
    "adult_income_cohort.csv.gz",
)


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_cohorts", ROOT / "scripts" / "build_cohorts.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_degree_field_keywords() -> None:
    script = _script()
    assert script.classify_major("Electrical & Computer Engineering") == "stem"
    assert script.classify_major("Business Administration") == "other"
    assert script.classify_major("Engineering Management") == "other"
    assert script.classify_major("Aerospace Engineering; Business Administration") == (
        "stem"
    )
    assert script.classify_major("Public Health; Medicine") == "medicine"
    assert script.classify_major("Veterinary Medicine; Public Administration") == (
        "stem"
    )
    assert not script.is_medical_doctorate("Veterinary Medicine")
    assert script.age_at_selection("8/7/1962", "2004") == "41"
    assert script.age_at_selection("7/1/1962", "2004") == "42"
    assert script.age_at_selection("7/1/1962", "") == ""
    assert script.birthplace("Richfield. UT") == "UT"
    assert script.birthplace("Hong Kong") == "Hong Kong"
    assert script.birthplace("Montevideo, Uruguay") == "Uruguay"


@pytest.mark.skipif(not RAW.is_dir(), reason="raw data folder not available")
def test_rebuild_is_identical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _script().main([str(RAW), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "nasa_astronauts_cohort.csv: 387 rows" in out
    # Conflicts are printed, and each one is listed in the shipped PROVENANCE.md.
    conflicts = [
        line.removeprefix("conflict, fact table wins: ")
        for line in out.splitlines()
        if line.startswith("conflict")
    ]
    assert conflicts
    provenance = (resources.files("strive") / "data" / "PROVENANCE.md").read_text()
    for line in conflicts:
        assert line in provenance, line
    shipped = resources.files("strive") / "data"
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name


def _raw_facts() -> list[dict[str, str]]:
    with (RAW / "nasa_classes_2004_2021.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _shipped_cohort() -> list[dict[str, str]]:
    data = (
        resources.files("strive") / "data" / "nasa_astronauts_cohort.csv"
    ).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(data)))


@pytest.mark.skipif(not RAW.is_dir(), reason="raw data folder not available")
def test_class_of_2004_from_the_raw_fact_table() -> None:
    """The 2004 class's counts in the shipped cohort equal those of the raw fact
    table, counted here with plain csv code, and the figures its PROVENANCE states."""
    raw = [r for r in _raw_facts() if r["class_year"] == "2004"]
    shipped = [r for r in _shipped_cohort() if r["year"] == "2004"]
    assert len(raw) == len(shipped) == 11
    military_aviators = sum(r["pilot"] == "military_aviator" for r in raw)
    civilian = sum(r["pilot"] == "civilian_licence" for r in raw)
    pilots = sum(r["pilot_certificate"] == "yes" for r in shipped)
    assert pilots == military_aviators + civilian
    assert sum(r["pilot_certificate"] == "no" for r in shipped) == sum(
        r["pilot"] == "none" for r in raw
    )
    assert sum(r["pilot_certificate"] == "" for r in shipped) == sum(
        r["pilot"] == "unknown" for r in raw
    )
    divers = sum(r["scuba"] == "yes" for r in raw)
    assert sum(r["scuba"] == "open_water" for r in shipped) == divers
    speakers = sum(r["languages"] != "unknown" for r in raw)
    assert sum(bool(r["languages"]) for r in shipped) == speakers
    served = sum(r["military"] == "yes" for r in raw)
    assert sum(r["military"] == "yes" for r in shipped) == served
    # The figures documented in /work/shared/data/PROVENANCE.md and issue 11.
    assert (pilots, military_aviators, civilian) == (6, 3, 3)
    assert divers >= 3
    assert speakers >= 4
    assert served == 5


@pytest.mark.skipif(not RAW.is_dir(), reason="raw data folder not available")
def test_fact_cells_keep_source_and_grade() -> None:
    """Every known pilot, scuba and language cell of the fact table arrives with its
    source and grade, and unknown cells stay empty."""
    shipped = {(r["name"], r["year"]): r for r in _shipped_cohort()}
    recent = [r for r in _shipped_cohort() if r["year"] in ("2013", "2017", "2021")]
    assert len(recent) == 30
    for fact in _raw_facts():
        if fact["class_year"] in ("2013", "2017", "2021"):
            row = shipped[(fact["name"], fact["class_year"])]
        else:
            continue
        for raw_name, name in (
            ("pilot", "pilot_certificate"),
            ("scuba", "scuba"),
            ("languages", "languages"),
        ):
            assert (row[name] == "") == (fact[raw_name] == "unknown"), fact["name"]
            assert row[f"{name}_src"] == fact[f"{raw_name}_src"]
            if row[name]:
                assert row[f"{name}_conf"] == fact[f"{raw_name}_conf"] != ""
