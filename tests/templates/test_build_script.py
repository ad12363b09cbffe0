"""scripts/build_cohorts.py reproduces the shipped package data byte for byte.

The NASA raw files ship in the repository, so their rebuild runs on every clone. The
admissions and adult raw files do not ship (``scripts/build_cohorts.py --check``
rebuilds those by hand, see src/strive/data/PROVENANCE.md); here their
transformations run on a few lines in the raw formats, and every shipped file is
checked against the size and md5 that PROVENANCE.md records.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import re
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "strive" / "data"
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


def test_nasa_rebuilds_from_the_raw_file_in_the_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _script().main(["--only", "nasa", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "nasa_astronauts_cohort.csv: 387 rows" in out
    # Conflicts are printed, and each one is listed in the shipped PROVENANCE.md.
    conflicts = [
        line.removeprefix("conflict, fact table wins: ")
        for line in out.splitlines()
        if line.startswith("conflict")
    ]
    assert conflicts
    provenance = (DATA / "PROVENANCE.md").read_text()
    for line in conflicts:
        assert line in provenance, line
    shipped = resources.files("strive") / "data"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(OUTPUTS[:3])
    for name in OUTPUTS[:3]:
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name


def test_check_mode_reports_a_difference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script()
    assert script.main(["--only", "nasa", "--check", "--out", str(DATA)]) == 0
    assert "identical to" in capsys.readouterr().out
    for name in OUTPUTS[:3]:
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    edited = tmp_path / "nasa_astronauts_cohort.csv"
    edited.write_bytes(edited.read_bytes().replace(b"Jose M. Hernandez", b"J. H."))
    assert script.main(["--only", "nasa", "--check", "--out", str(tmp_path)]) == 1
    assert "nasa_astronauts_cohort.csv" in capsys.readouterr().err
    assert b"J. H." in edited.read_bytes()  # --check never writes


def test_a_raw_file_with_another_md5_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "nasa_astronauts_kaggle.csv"
    raw.write_bytes((DATA / raw.name).read_bytes() + b"\n")
    with pytest.raises(SystemExit, match="md5"):
        _script().main(
            ["--only", "nasa", "--nasa-raw", str(raw), "--out", str(tmp_path / "o")]
        )


def _raw_facts() -> list[dict[str, str]]:
    with (DATA / "nasa_classes_2004_2021.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _shipped_cohort() -> list[dict[str, str]]:
    data = (
        resources.files("strive") / "data" / "nasa_astronauts_cohort.csv"
    ).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(data)))


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
    # The figures documented in PROVENANCE.md and issue 11.
    assert (pilots, military_aviators, civilian) == (6, 3, 3)
    assert divers >= 3
    assert speakers >= 4
    assert served == 5


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


def test_admissions_rows(tmp_path: Path) -> None:
    raw = tmp_path / "Admission_Predict_Ver1.1.csv"
    raw.write_bytes(
        b"Serial No.,GRE Score,TOEFL Score,University Rating,SOP,LOR ,CGPA,"
        b"Research,Chance of Admit \r\n"
        b"1,337,118,4,4.5,4.5,9.65,1,0.92\r\n"
        b"2,324,107,4,4,4.5,8.87,0,0.80\r\n"
        b"3,316,104,3,3,3.5,8,1,0.79\r\n"
    )
    rows = _script().build_admissions(raw)
    assert rows[0] == {
        "name": "applicant 1",
        "gre_score": "337",
        "toefl_score": "118",
        "university_rating": "4",
        "sop": "4.5",
        "lor": "4.5",
        "cgpa": "9.65",
        "research": "yes",
        "selected": "yes",
    }
    assert [(r["research"], r["selected"]) for r in rows[1:]] == [
        ("no", "yes"),  # 0.80 is at the threshold: selected
        ("yes", "no"),
    ]


def test_adult_rows(tmp_path: Path) -> None:
    raw = tmp_path / "adult.data"
    raw.write_text(
        "39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, "
        "Not-in-family, White, Male, 2174, 0, 40, United-States, <=50K\n"
        "40, Private, 121772, Assoc-voc, 11, Married-civ-spouse, Craft-repair, "
        "Husband, Asian-Pac-Islander, Male, 0, 0, 40, ?, >50K\n"
        "\n"
    )
    script = _script()
    first, second = script.build_adult(raw)
    assert first == {
        "name": "adult 1",
        "age": "39",
        "workclass": "state-gov",
        "education": "bachelors",
        "education_num": "13",
        "marital_status": "never-married",
        "occupation": "adm-clerical",
        "relationship": "not-in-family",
        "race": "white",
        "sex": "male",
        "capital_gain": "2174",
        "capital_loss": "0",
        "hours_per_week": "40",
        "native_country": "united-states",
        "selected": "no",
    }
    assert (second["name"], second["native_country"], second["selected"]) == (
        "adult 2",
        "",
        "yes",
    )
    raw.write_text(raw.read_text().replace("Bachelors, 13", "Bachelors, 12"))
    with pytest.raises(SystemExit, match="education order"):
        script.build_adult(raw)


def test_shipped_files_match_provenance() -> None:
    """Every size and md5 in PROVENANCE.md's table is the shipped file's."""
    table = (DATA / "PROVENANCE.md").read_text()
    recorded = re.findall(r"^\| (\S+) \| (\d+) / ([0-9a-f]{32})", table, re.M)
    assert sorted(name for name, _, _ in recorded) == sorted(OUTPUTS)
    for name, size, digest in recorded:
        data = (DATA / name).read_bytes()
        assert (len(data), hashlib.md5(data).hexdigest()) == (int(size), digest), name
    script = _script()
    kaggle = next(d for n, _, d in recorded if n == "nasa_astronauts_kaggle.csv")
    assert script.RAW_MD5["nasa_astronauts_kaggle.csv"] == kaggle
    for raw_name, digest in script.RAW_MD5.items():
        assert f"{raw_name} ({digest})" in table, raw_name
