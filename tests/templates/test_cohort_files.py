"""A template's cohort file stays beside it; bad cohort files get one located line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from strive.errors import DataImportError, TemplateError
from strive.template import CohortSpec
from strive.templates import load_cohort, load_template, read_cohort_csv
from strive.traits import TraitSet

TEMPLATE = """\
[template]
name = "tiny"

[[traits]]
name = "hours"
kind = "number"
minimum = 0

[[actions]]
name = "fly"
effects = ["hours+=10"]
duration_months = 1
effort_hours = 10
sources = ["s"]

[cohort]
file = "{file}"
name = "tiny cohort"
"""

SECRET = "SECRETLINE-root:x:0:0"


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    """A template folder, and a secret file outside it."""
    folder = tmp_path / "mine"
    folder.mkdir()
    secret = tmp_path / "secret.csv"
    secret.write_text(f"{SECRET},more\nA,1\n")
    return folder, secret


def _write(folder: Path, file: str) -> Path:
    path = folder / "tiny.toml"
    path.write_text(TEMPLATE.format(file=file))
    return path


@pytest.mark.parametrize("kind", ["absolute", "dotdot", "symlink", "linked_folder"])
def test_cohort_outside_the_folder_is_refused_without_leaking(
    kind: str, layout: tuple[Path, Path], cli: Callable[..., object]
) -> None:
    folder, secret = layout
    if kind == "absolute":
        file = str(secret)
    elif kind == "dotdot":
        file = "../secret.csv"
    elif kind == "symlink":
        (folder / "people.csv").symlink_to(secret)
        file = "people.csv"
    else:
        (folder / "data").symlink_to(secret.parent)
        file = "data/secret.csv"
    path = _write(folder, file)
    with pytest.raises(TemplateError) as info:
        load_template(str(path))
    message = str(info.value)
    line = TEMPLATE.splitlines().index('file = "{file}"') + 1
    assert message.startswith(f"{path}:{line}: cohort.file:")
    assert SECRET not in message and "SECRETLINE" not in message
    for command in (
        ["template", "validate", str(path)],
        ["goal", "new", "G", "-t", str(path)],
    ):
        result = cli(*command)
        assert result.exit_code != 0  # type: ignore[attr-defined]
        output = result.output  # type: ignore[attr-defined]
        assert "cohort.file" in output and "SECRETLINE" not in output
        assert "Traceback" not in output


def test_etc_passwd_is_refused(layout: tuple[Path, Path]) -> None:
    folder, _ = layout
    with pytest.raises(TemplateError, match="must be a file name beside the template"):
        load_template(str(_write(folder, "/etc/passwd")))


def test_a_sub_folder_beside_the_template_is_fine(
    layout: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = layout
    (folder / "data").mkdir()
    (folder / "data" / "people.csv").write_text("name,hours\nA,5\n")
    path = _write(folder, "data/people.csv")
    monkeypatch.chdir(folder.parent.parent)
    assert load_cohort(load_template(str(path))).size == 1


def test_a_long_unknown_column_is_cut(layout: tuple[Path, Path]) -> None:
    folder, _ = layout
    (folder / "people.csv").write_text("name," + "z" * 500 + "\nA,1\n")
    with pytest.raises(DataImportError) as info:
        load_cohort(load_template(str(_write(folder, "people.csv"))))
    assert "z" * 38 not in str(info.value) and "zzz..." in str(info.value)


# ------------------------------------------------------------ bad cohort contents


@pytest.fixture
def traits() -> TraitSet:
    return load_template("nasa-astronaut").traits


SPEC = CohortSpec(file="c.csv", name="c")


@pytest.mark.parametrize("cell", ["nan", "inf", "-inf", "1e309", "NaN"])
def test_non_finite_cells_are_refused(
    cell: str, tmp_path: Path, traits: TraitSet
) -> None:
    path = tmp_path / "c.csv"
    path.write_text(f"name,jet_pic_hours\nA,10\nB,{cell}\n")
    with pytest.raises(DataImportError) as info:
        read_cohort_csv(path, traits, SPEC)
    assert str(info.value) == (
        f"{path}:3: column jet_pic_hours: jet_pic_hours takes a finite number"
    )


def test_latin1_names_line_and_column(tmp_path: Path, traits: TraitSet) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes("name,birthplace\nA,CA\nJos\xe9,TX\n".encode("latin-1"))
    with pytest.raises(DataImportError) as info:
        read_cohort_csv(path, traits, SPEC)
    assert str(info.value) == (
        f"{path}:3: not UTF-8 text at column 4 (save the file as UTF-8)"
    )


def test_binary_file_names_line_and_column(tmp_path: Path, traits: TraitSet) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b"name,birthplace\nAB\x00\x01\x02,CA\n")
    with pytest.raises(DataImportError) as info:
        read_cohort_csv(path, traits, SPEC)
    assert str(info.value) == (
        f"{path}:2: a NUL byte at column 3: this is a binary file, not a CSV"
    )
    assert "\n" not in str(info.value)


def test_a_folder_is_not_a_cohort(tmp_path: Path, traits: TraitSet) -> None:
    folder = tmp_path / "c.csv"
    folder.mkdir()
    with pytest.raises(DataImportError) as info:
        read_cohort_csv(folder, traits, SPEC)
    assert str(info.value) == f"{folder}: is a folder, not a CSV file"


def test_cli_cohort_import_of_bad_files(
    tmp_path: Path, cli: Callable[..., object]
) -> None:
    assert cli("goal", "new", "Fly", "-t", "nasa-astronaut").exit_code == 0  # type: ignore[attr-defined]
    binary = tmp_path / "b.csv"
    binary.write_bytes(bytes(range(11, 256)) + b"\x00\n")
    folder = tmp_path / "f.csv"
    folder.mkdir()
    for path in (binary, folder):
        result = cli("cohort", "import", str(path), "--name", "x", "--source", "s")
        output = result.output  # type: ignore[attr-defined]
        assert result.exit_code != 0, output  # type: ignore[attr-defined]
        assert str(path) in output and "Traceback" not in output
        assert len(output.strip().splitlines()) == 1


@pytest.mark.parametrize("year", ["20250", "-3", "1e9"])
def test_implausible_years_are_refused(
    year: str, tmp_path: Path, traits: TraitSet
) -> None:
    path = tmp_path / "c.csv"
    path.write_text(f"name,year\nA,2020\nB,{year}\n")
    with pytest.raises(DataImportError) as info:
        read_cohort_csv(path, traits, SPEC)
    assert str(info.value).startswith(f"{path}:3: column year: {year}")
    assert "plausible year" in str(info.value)


def test_a_folder_is_not_a_template(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="is a folder, not a template file"):
        load_template(str(tmp_path))
