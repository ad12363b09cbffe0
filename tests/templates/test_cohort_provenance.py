"""Cell-level provenance in cohort CSVs: ``<trait>_src`` and ``<trait>_conf``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from strive.cohort import concat
from strive.errors import DataImportError
from strive.template import CohortSpec
from strive.templates import read_cohort_csv
from strive.traits import TraitSet

GRADED = """\
name,year,pilot_certificate,pilot_certificate_src,pilot_certificate_conf,languages,languages_conf,age
Ann,2004,yes,https://a.example/1 | https://a.example/2,H,spanish,M,40
Bob,2004,,https://b.example/later-bio,,,,35
Cy,2009,no,[bold]a book[/bold] p. 12,l,russian;german,L,30
Di,2009,yes,,,,,31
"""


def _write(tmp_path: Path, text: str, name: str = "bad.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_sources_and_grades(
    tmp_path: Path, nasa_traits: TraitSet, spec: CohortSpec
) -> None:
    cohort = read_cohort_csv(_write(tmp_path, GRADED), nasa_traits, spec)
    pilot = cohort.column("pilot_certificate")
    assert [pilot.grade(i) for i in range(4)] == ["H", "", "L", ""]
    assert pilot.source(0) == "https://a.example/1 | https://a.example/2"
    # A source may sit on an unknown cell; it stays unknown and ungraded.
    assert pilot.source(1) == "https://b.example/later-bio"
    assert cohort.values(1)["pilot_certificate"] is None
    assert pilot.source(2) == "[bold]a book[/bold] p. 12"  # kept literally
    assert pilot.grade_counts() == {"H": 1, "M": 0, "L": 1, "ungraded": 1}
    languages = cohort.column("languages")
    assert languages.sources is None  # no _src column: nothing stored
    assert [languages.grade(i) for i in range(4)] == ["M", "", "L", ""]
    assert cohort.graded() == ("pilot_certificate", "languages")


def test_no_provenance_columns_cost_nothing(
    tmp_path: Path, nasa_traits: TraitSet, spec: CohortSpec
) -> None:
    path = _write(tmp_path, "name,age,military\nAnn,41,yes\nBob,35,no\n")
    cohort = read_cohort_csv(path, nasa_traits, spec)
    assert all(c.conf is None and c.sources is None for c in cohort.columns.values())
    assert cohort.graded() == ()
    assert cohort.column("military").grade_counts() is None


def test_at_least_drops_lower_and_ungraded_cells_of_graded_traits_only(
    tmp_path: Path, nasa_traits: TraitSet, spec: CohortSpec
) -> None:
    cohort = read_cohort_csv(_write(tmp_path, GRADED), nasa_traits, spec)
    strict = cohort.at_least("M")
    assert strict.column("pilot_certificate").known_mask().tolist() == [
        True,
        False,
        False,
        False,  # Di: known but ungraded, in a graded trait
    ]
    assert strict.column("languages").known_mask().tolist() == [
        True,
        False,
        False,
        False,
    ]
    # age carries no grades: unchanged.
    assert strict.column("age").known_mask().tolist() == [True] * 4
    assert "confidence M or better" in strict.description
    every = cohort.at_least("L")
    assert every.column("pilot_certificate").known_mask().tolist() == [
        True,
        False,
        True,
        False,
    ]


def test_take_and_concat_keep_provenance(
    tmp_path: Path, nasa_traits: TraitSet, spec: CohortSpec
) -> None:
    cohort = read_cohort_csv(_write(tmp_path, GRADED), nasa_traits, spec)
    later = cohort.between(2009, 2009)
    assert later.column("pilot_certificate").source(0).startswith("[bold]")
    assert later.column("pilot_certificate").grade(0) == "L"
    plain = read_cohort_csv(
        _write(tmp_path, "name,pilot_certificate\nEd,yes\n", "plain.csv"),
        nasa_traits,
        spec,
    )
    both = concat([cohort, plain])
    column = both.column("pilot_certificate")
    assert column.grade(4) == "" and column.source(4) == ""
    assert column.grade(0) == "H"
    assert np.asarray(column.conf).dtype == np.int8


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "name,foo_src\nAnn,x\n",
            "bad.csv:1: column foo_src: source column for foo, which is not a trait",
        ),
        (
            "name,foo_conf\nAnn,H\n",
            "bad.csv:1: column foo_conf: confidence column for foo, which is not a "
            "trait",
        ),
        (
            "name,military,military_conf\nAnn,yes,H\nBob,no,high\n",
            "bad.csv:3: column military_conf: 'high' is not a confidence grade "
            "(H, M or L)",
        ),
        (
            "name,military,military_conf\nAnn,,H\n",
            "bad.csv:2: column military_conf: a confidence grade for a value that is "
            "unknown",
        ),
        (
            "name,military_conf\nAnn,M\n",
            "bad.csv:2: column military_conf: a confidence grade for a value that is "
            "unknown",
        ),
    ],
)
def test_bad_provenance_is_refused_with_file_line_and_column(
    tmp_path: Path, nasa_traits: TraitSet, spec: CohortSpec, text: str, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(DataImportError) as caught:
        read_cohort_csv(path, nasa_traits, spec)
    assert str(caught.value).startswith(f"{tmp_path / 'bad.csv'}:{message[8:]}"), str(
        caught.value
    )
