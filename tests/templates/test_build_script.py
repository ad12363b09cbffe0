"""scripts/build_cohorts.py reproduces the shipped package data byte for byte."""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
RAW = Path("/work/shared/data")
OUTPUTS = (
    "nasa_astronauts_kaggle.csv",
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
    assert "357 rows" in capsys.readouterr().out
    shipped = resources.files("strive") / "data"
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name
