"""The strict cohort CSV reader: every bad input names file, line and column."""

from __future__ import annotations

import gzip
import io
import math
from pathlib import Path

import pytest

from strive.errors import DataImportError
from strive.template import CohortSpec
from strive.templates import read_cohort_csv
from strive.traits import TraitSet

GOOD = """\
name,year,age,degree_level,degree_field,jet_pic_hours,military,languages,scuba
Ann,2004,41,master,stem,,no,english;russian,open_water
Bob,,35,bachelor,other,1200,yes,,
Cy,1990,30,doctorate,medicine,0,no,;,none
"""


def _write(tmp_path: Path, text: str, name: str = "bad.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_every_kind_of_cell(
    tmp_path: Path, nasa_traits: TraitSet, spec: CohortSpec
) -> None:
    cohort = read_cohort_csv(_write(tmp_path, GOOD), nasa_traits, spec)
    assert cohort.size == 3
    assert cohort.names == ("Ann", "Bob", "Cy")
    assert cohort.years[0] == 2004 and math.isnan(cohort.years[1])
    ann, bob, cy = (cohort.values(i) for i in range(3))
    assert ann["age"] == 41.0
    assert ann["degree_level"] == "master" and ann["degree_field"] == "stem"
    assert ann["jet_pic_hours"] is None  # empty = unknown
    assert ann["military"] is False and bob["military"] is True
    assert ann["languages"] == frozenset({"english", "russian"})
    assert bob["languages"] is None
    assert cy["languages"] == frozenset()  # a lone ';' is the empty set
    assert ann["scuba"] == "open_water" and bob["scuba"] is None
    assert ann["pilot_certificate"] is None  # absent column = unknown for everyone
    assert cohort.selected is None
    assert cohort.source.name == "test cohort" and cohort.source.rows_in_file == 3


def test_year_column_may_be_absent(
    tmp_path: Path, nasa_traits: TraitSet, spec: CohortSpec
) -> None:
    path = _write(tmp_path, "name,age\nAnn,41\nBob,35\n")
    cohort = read_cohort_csv(path, nasa_traits, spec)
    assert cohort.size == 2 and bool(all(math.isnan(y) for y in cohort.years))


def test_reads_gzip_and_text_streams(
    tmp_path: Path, nasa_traits: TraitSet, spec: CohortSpec
) -> None:
    gz = tmp_path / "cohort.csv.gz"
    gz.write_bytes(gzip.compress(GOOD.encode()))
    assert read_cohort_csv(gz, nasa_traits, spec).size == 3
    stream = io.StringIO(GOOD, newline="")
    assert read_cohort_csv(stream, nasa_traits, spec, where="pasted").size == 3


def test_quoted_fields_and_crlf(
    tmp_path: Path, nasa_traits: TraitSet, spec: CohortSpec
) -> None:
    text = 'name,birthplace,age\r\n"Smith, Jr.","Hong Kong",40\r\nLee,CA,\r\n'
    cohort = read_cohort_csv(_write(tmp_path, text), nasa_traits, spec)
    assert cohort.names == ("Smith, Jr.", "Lee")
    assert cohort.values(0)["birthplace"] == "Hong Kong"


def test_labelled_reads_selected(
    tmp_path: Path, nasa_traits: TraitSet, labelled_spec: CohortSpec
) -> None:
    path = _write(tmp_path, "name,age,selected\nA,30,yes\nB,31,no\nC,32,1\n")
    cohort = read_cohort_csv(path, nasa_traits, labelled_spec)
    assert cohort.selected is not None
    assert cohort.selected.tolist() == [True, False, True]


HEADER = "name,year,age,jet_pic_hours,military,degree_level,degree_field,languages\n"
ROW = "Ann,2004,41,100,no,master,stem,english\n"

BAD_CASES = [
    pytest.param(
        "name,age,shoe_size\nAnn,41,9\n", 1, "shoe_size", "unknown column", id="unknown"
    ),
    pytest.param("year,age\n2004,41\n", 1, "'name'", "missing required", id="no-name"),
    pytest.param(
        "name,age,age\nAnn,41,41\n", 1, "age", "appears twice", id="dup-header"
    ),
    pytest.param("name,,age\nAnn,x,41\n", 1, "column 2", "no name", id="empty-header"),
    pytest.param(
        HEADER + ROW + "Bob,2004,41,abc,no,master,stem,\n",
        3,
        "column jet_pic_hours",
        "'abc' is not a number",
        id="not-a-number",
    ),
    pytest.param(
        HEADER + "Bob,2004,-5,100,no,master,stem,\n",
        2,
        "column age",
        "at least 0",
        id="below-minimum",
    ),
    pytest.param(
        HEADER + "Bob,2004,130,100,no,master,stem,\n",
        2,
        "column age",
        "at most 120",
        id="above-maximum",
    ),
    pytest.param(
        HEADER + "Bob,2004,41,nan,no,master,stem,\n",
        2,
        "column jet_pic_hours",
        "finite",
        id="nan",
    ),
    pytest.param(
        HEADER + "Bob,2004,41,100,maybe,master,stem,\n",
        2,
        "column military",
        "'maybe' is not yes or no",
        id="bad-bool",
    ),
    pytest.param(
        HEADER + "Bob,2004,41,100,no,phd,stem,\n",
        2,
        "column degree_level",
        "'phd' is not a level",
        id="bad-level",
    ),
    pytest.param(
        HEADER + "Bob,2004,41,100,no,master,art,\n",
        2,
        "column degree_field",
        "'art' is not a category",
        id="bad-category",
    ),
    pytest.param(
        HEADER + "Bob,19x4,41,100,no,master,stem,\n",
        2,
        "column year",
        "is not a year",
        id="bad-year",
    ),
    pytest.param(
        HEADER + "Bob,1990.5,41,100,no,master,stem,\n",
        2,
        "column year",
        "is not a year",
        id="fractional-year",
    ),
    pytest.param(
        HEADER + ROW + "Bob,2004,41\n",
        3,
        "expected 8 fields",
        "found 3",
        id="truncated-row",
    ),
    pytest.param(
        HEADER + ROW + "Bob,2004,41,100,no,master,stem,,extra\n",
        3,
        "expected 8 fields",
        "found 9",
        id="too-many-fields",
    ),
    pytest.param(
        HEADER + ROW + 'Bob,2004,41,100,no,master,stem,"english\n',
        3,
        "malformed CSV",
        "unexpected end of data",
        id="unterminated-quote",
    ),
    pytest.param(
        HEADER + ROW + 'Bob,2004,41,100,no,master,stem,"eng"lish\n',
        3,
        "malformed CSV",
        "expected",
        id="stray-quote",
    ),
    pytest.param(
        HEADER + ROW + "Bob,2004,41,100,no,master,stem,\n" + ROW,
        4,
        "duplicate name 'Ann'",
        "first on line 2",
        id="duplicate-name",
    ),
    pytest.param(
        HEADER + ",2004,41,100,no,master,stem,\n",
        2,
        "column name",
        "empty name",
        id="empty-name",
    ),
    pytest.param(
        HEADER + ROW + "\n" + "Bob,2004,41,100,no,master,stem,\n",
        3,
        "blank line",
        "inside the data",
        id="blank-line",
    ),
    pytest.param("", 1, "empty file", "no header", id="empty-file"),
    pytest.param(HEADER, 2, "empty file", "no data rows", id="header-only"),
]


@pytest.mark.parametrize(("text", "line", "part1", "part2"), BAD_CASES)
def test_bad_input_names_file_line_and_column(
    tmp_path: Path,
    nasa_traits: TraitSet,
    spec: CohortSpec,
    text: str,
    line: int,
    part1: str,
    part2: str,
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(DataImportError) as info:
        read_cohort_csv(path, nasa_traits, spec)
    message = str(info.value)
    assert f"bad.csv:{line}: " in message
    assert part1 in message and part2 in message


def test_the_brief_example_message_shape(
    tmp_path: Path, nasa_traits: TraitSet, spec: CohortSpec
) -> None:
    rows = "".join(f"P{i},{i}\n" for i in range(12))
    path = _write(tmp_path, "name,jet_pic_hours\n" + rows + "X,abc\n", "data.csv")
    with pytest.raises(DataImportError) as info:
        read_cohort_csv(path, nasa_traits, spec)
    assert str(info.value) == (
        f"{path}:14: column jet_pic_hours: 'abc' is not a number"
    )


def test_labelled_needs_its_selected_column(
    tmp_path: Path, nasa_traits: TraitSet, labelled_spec: CohortSpec
) -> None:
    with pytest.raises(DataImportError, match=r"bad\.csv:1: missing required column"):
        read_cohort_csv(_write(tmp_path, "name,age\nA,1\n"), nasa_traits, labelled_spec)
    with pytest.raises(DataImportError, match=r"bad\.csv:3: column selected: empty"):
        read_cohort_csv(
            _write(tmp_path, "name,selected\nA,yes\nB,\n"), nasa_traits, labelled_spec
        )
    with pytest.raises(DataImportError, match=r"bad\.csv:2: column selected: 'x'"):
        read_cohort_csv(
            _write(tmp_path, "name,selected\nA,x\n"), nasa_traits, labelled_spec
        )


def test_selected_column_is_unknown_in_a_comparison_cohort(
    tmp_path: Path, nasa_traits: TraitSet, spec: CohortSpec
) -> None:
    with pytest.raises(DataImportError, match=r"bad\.csv:1: column selected: unknown"):
        read_cohort_csv(_write(tmp_path, "name,selected\nA,yes\n"), nasa_traits, spec)


def test_truncated_gzip(
    tmp_path: Path, nasa_traits: TraitSet, spec: CohortSpec
) -> None:
    data = gzip.compress((GOOD * 50).encode())
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataImportError, match=r"cut\.csv\.gz: cannot read"):
        read_cohort_csv(path, nasa_traits, spec)


def test_not_utf8(tmp_path: Path, nasa_traits: TraitSet, spec: CohortSpec) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"name,birthplace\nJos\xe9,CA\n")
    with pytest.raises(DataImportError, match=r"bad\.csv:2: not UTF-8"):
        read_cohort_csv(path, nasa_traits, spec)


def test_missing_file(tmp_path: Path, nasa_traits: TraitSet, spec: CohortSpec) -> None:
    with pytest.raises(DataImportError, match=r"nope\.csv: no such file"):
        read_cohort_csv(tmp_path / "nope.csv", nasa_traits, spec)


def test_stream_errors_use_the_given_name(
    nasa_traits: TraitSet, spec: CohortSpec
) -> None:
    stream = io.StringIO("name,age\nA,old\n", newline="")
    with pytest.raises(DataImportError, match=r"^upload:2: column age: 'old'"):
        read_cohort_csv(stream, nasa_traits, spec, where="upload")
