"""The NASA cohort, checked against counts taken straight from the raw Kaggle CSV
and the raw 2004-2021 fact table (which wins for the 2004 and 2009 classes)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections import Counter
from importlib import resources

import numpy as np
import pytest

from strive.cohort import Cohort
from strive.conditions import Condition
from strive.templates import load_cohort, load_template

RAW_MD5 = "69db08291716913f642939a8c43d75e9"  # /work/shared/data/PROVENANCE.md


@pytest.fixture(scope="module")
def raw() -> list[dict[str, str]]:
    data = (
        resources.files("strive") / "data" / "nasa_astronauts_kaggle.csv"
    ).read_bytes()
    assert hashlib.md5(data).hexdigest() == RAW_MD5, "the raw copy was changed"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


MERGED = ("2004", "2009")
"""Classes in both files: their shared fields come from the fact table."""


@pytest.fixture(scope="module")
def facts() -> list[dict[str, str]]:
    data = (
        resources.files("strive") / "data" / "nasa_classes_2004_2021.csv"
    ).read_bytes()
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def _kaggle_only(cohort: Cohort) -> Cohort:
    """The Kaggle rows whose fields no fact row replaced."""
    mask = np.zeros(cohort.size, dtype=bool)
    mask[:357] = True
    mask &= ~np.isin(cohort.years, [2004, 2009])
    return cohort.where(mask, "Kaggle only")


def _merged(cohort: Cohort) -> Cohort:
    return cohort.where(np.isin(cohort.years, [2004, 2009]), "merged")


@pytest.fixture(scope="module")
def cohort() -> Cohort:
    return load_cohort(load_template("nasa-astronaut"))


def _count(cohort: Cohort, condition: str) -> int:
    traits = load_template("nasa-astronaut").traits
    return int(np.sum(cohort.holds(Condition.parse(condition, traits)) == 1.0))


def test_one_row_per_astronaut(
    raw: list[dict[str, str]], facts: list[dict[str, str]], cohort: Cohort
) -> None:
    assert len(raw) == 357
    recent = [f for f in facts if f["class_year"] not in MERGED]
    assert len(recent) == 30
    assert cohort.size == 357 + 30
    assert cohort.source.rows_in_file == 387
    assert cohort.names[:357] == tuple(" ".join(r["Name"].split()) for r in raw)
    assert cohort.names[357:] == tuple(f["name"] for f in recent)
    assert not cohort.labelled


def test_military_matches_military_branch(
    raw: list[dict[str, str]], facts: list[dict[str, str]], cohort: Cohort
) -> None:
    with_branch = sum(1 for r in raw if r["Military Branch"].strip())
    assert with_branch == 211
    kaggle = [r for r in raw if r["Year"] not in MERGED]
    branch = sum(1 for r in kaggle if r["Military Branch"].strip())
    assert _count(_kaggle_only(cohort), "military") == branch
    assert _count(_kaggle_only(cohort), "not military") == len(kaggle) - branch
    served = [f for f in facts if f["military"] == "yes"]
    merged = [f for f in served if f["class_year"] in MERGED]
    assert _count(_merged(cohort), "military") == len(merged)
    assert _count(cohort, "military") == branch + len(served)


def test_graduate_degrees_match_graduate_major(
    raw: list[dict[str, str]], cohort: Cohort
) -> None:
    graduate = sum(1 for r in raw if r["Graduate Major"].strip())
    assert graduate == 298
    raw = [r for r in raw if r["Year"] not in MERGED]
    cohort = _kaggle_only(cohort)
    graduate = sum(1 for r in raw if r["Graduate Major"].strip())
    assert _count(cohort, "degree_level>=master") == graduate
    no_major = sum(
        1
        for r in raw
        if not r["Graduate Major"].strip() and not r["Undergraduate Major"].strip()
    )
    assert _count(cohort, "degree_level=bachelor") == len(raw) - graduate - no_major
    medical = sum(
        1
        for r in raw
        if any(
            "medicine" in p.lower() and "veterinary" not in p.lower()
            for p in r["Graduate Major"].split(";")
        )
    )
    assert _count(cohort, "degree_level=doctorate") == medical
    assert _count(cohort, "degree_field=medicine") == medical


def test_class_sizes_and_unknown_years(
    raw: list[dict[str, str]], cohort: Cohort
) -> None:
    by_year = Counter(r["Year"] for r in raw)
    assert by_year["2004"] == 11
    assert int(np.sum(cohort.years == 2004)) == 11
    assert cohort.between(2004, 2004).size == 11
    assert int(np.sum(np.isnan(cohort.years))) == by_year[""] == 27
    for year, n in by_year.items():
        if year:
            assert int(np.sum(cohort.years == int(year))) == n


def test_gender_counts(raw: list[dict[str, str]], cohort: Cohort) -> None:
    women = sum(1 for r in raw if r["Gender"] == "Female")
    assert women == 50
    assert cohort.column("gender").trait.sensitive
    assert (
        sum(1 for i in range(cohort.size) if cohort.values(i)["gender"] == "female")
        == women
    )


def test_jose_hernandez(cohort: Cohort) -> None:
    # The source spells him without the accent.
    row = cohort.names.index("Jose M. Hernandez")
    assert cohort.years[row] == 2004
    values = cohort.values(row)
    assert values["age"] == 41.0  # born 7 Aug 1962, selected 6 May 2004 (FACTS.md)
    assert values["degree_level"] == "master"
    assert values["degree_field"] == "stem"
    assert values["military"] is False
    assert values["birthplace"] == "CA"
    # From the fact table: "became a pilot", no licence named, so graded M.
    column = cohort.column("pilot_certificate")
    assert values["pilot_certificate"] is True
    assert column.grade(row) == "M"
    assert column.source(row).startswith("https://")
    assert values["jet_pic_hours"] is None  # never invented from a licence


def test_ages_against_birth_dates(raw: list[dict[str, str]], cohort: Cohort) -> None:
    """Age on 1 July of the selection year, computed with datetime here."""
    for i, r in enumerate(raw):
        age = cohort.values(i)["age"]
        if r["Year"] in MERGED:
            continue  # the fact table's age: see test_merged_ages
        if not r["Year"]:
            assert age is None
            continue
        born = dt.datetime.strptime(r["Birth Date"], "%m/%d/%Y").date()
        on = dt.date(int(r["Year"]), 7, 1)
        expected = on.year - born.year - (1 if (born.month, born.day) > (7, 1) else 0)
        assert age == expected, r["Name"]
        assert (on - born).days // 366 <= expected <= (on - born).days // 365


def test_merged_ages(facts: list[dict[str, str]], cohort: Cohort) -> None:
    """Every fact-table age is the cohort's age (the fact table wins)."""
    merged = _merged(cohort)
    assert merged.size == sum(1 for f in facts if f["class_year"] in MERGED) == 20
    expected = sorted(
        float(f["age_at_selection"]) for f in facts if f["class_year"] in MERGED
    )
    got = sorted(float(merged.values(i)["age"]) for i in range(merged.size))  # type: ignore[arg-type]
    assert got == expected


def test_birthplaces(raw: list[dict[str, str]], cohort: Cohort) -> None:
    cohort = cohort.where(np.arange(cohort.size) < 357, "Kaggle rows")
    states = sum(
        1 for i in range(cohort.size) if len(str(cohort.values(i)["birthplace"])) == 2
    )
    us = sum(
        1
        for r in raw
        if r["Birth Place"].replace(".", ",").rsplit(",")[-1].strip().isupper()
    )
    assert states == us
    assert all(cohort.values(i)["birthplace"] for i in range(cohort.size))


def test_every_degree_field_is_known_where_a_major_is(
    raw: list[dict[str, str]], cohort: Cohort
) -> None:
    for i, r in enumerate(raw):
        field = cohort.values(i)["degree_field"]
        if r["Year"] in MERGED:
            assert field is not None
            continue
        has_major = bool(
            r["Graduate Major"].strip() or r["Undergraduate Major"].strip()
        )
        assert (field is not None) == has_major, r["Name"]
