"""Templates on disk: built-in TOML files, cohort CSVs, and their validation.

This is the I/O layer over the pure :func:`strive.template.parse_template`:

- :func:`builtin_names` and :func:`load_template` read TOML templates (the built-ins in
  this package, or any ``.toml`` file);
- :func:`load_cohort` reads a template's cohort CSV (cached by the file's
  fingerprint, see :mod:`strive.templates.cache`);
- :func:`read_cohort_csv` is the strict, all-or-nothing cohort reader: every problem
  raises :class:`~strive.errors.DataImportError` naming the file, line and column,
  e.g. ``data.csv:14: column jet_pic_hours: 'abc' is not a number``;
- :func:`validate_template_file` loads a template *and* its cohort and cross-checks
  them (``strive template validate FILE``).

The file format is described in ``docs/templates.md``.
"""

from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import io
import os
import re
import tomllib
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TextIO

from strive import validate as check
from strive.actions import Catalogue
from strive.cohort import Cohort, CohortSource, grade_code, with_provenance
from strive.errors import DataImportError, TemplateError, TraitValueError
from strive.i18n import _
from strive.requirements import Requirement
from strive.template import YEARS, CohortSpec, Template, parse_template, toml_line
from strive.templates.cache import LruCache, fingerprint
from strive.traits import Kind, Trait, TraitSet, Value

__all__ = [
    "ValidationReport",
    "builtin_names",
    "check_header",
    "load_cohort",
    "load_template",
    "parse_cell",
    "read_cohort_csv",
    "validate_template_file",
]

_PACKAGE = "strive"
_TEMPLATES = "templates"
_DATA = "data"

# ----------------------------------------------------------------------- templates


def builtin_names() -> list[str]:
    """The names (``template.name``) of the built-in templates, sorted."""
    return sorted(_builtins())


def load_template(name_or_path: str | os.PathLike[str]) -> Template:
    """A built-in template by name, or a template read from a ``.toml`` file.

    Raises:
        TemplateError: the name is unknown, the file cannot be read, its TOML is
            malformed (naming the file and line) or a field is wrong (naming the
            file and field).
    """
    text = os.fspath(name_or_path)
    builtins = _builtins()
    if text in builtins:
        return builtins[text]
    path = Path(text)
    if path.is_file():
        return _load_file(path)
    if path.is_dir():
        raise TemplateError("is a folder, not a template file", where=text)
    if path.suffix == ".toml" or os.sep in text or "/" in text:
        raise TemplateError("no such template file", where=text)
    raise TemplateError(
        f"unknown template {text!r}; built-in templates: "
        f"{', '.join(builtin_names()) or 'none'}; or give the path of a .toml file"
    )


@functools.lru_cache(maxsize=1)
def _builtins() -> Mapping[str, Template]:
    folder = resources.files(_PACKAGE) / _TEMPLATES
    found: dict[str, Template] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        template = _parse_toml(
            entry.read_bytes(), f"{_PACKAGE}/{_TEMPLATES}/{entry.name}"
        )
        if template.name in found:
            raise TemplateError(
                f"two built-in templates are named {template.name!r}", where=entry.name
            )
        found[template.name] = template
    return MappingProxyType(found)


def _is_builtin(template: Template) -> bool:
    builtin = _builtins().get(template.name)
    return builtin is not None and builtin.cohort == template.cohort


_FILES: LruCache[Template] = LruCache(64)
"""Parsed template files by (path as given, resolved path, SHA-256 of the bytes),
and, under that key plus the resolved cohort path, the template as returned (the
cohort path is checked on every load: a symbolic link may have changed)."""


def _load_file(path: Path) -> Template:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError(
            f"cannot read: {exc.strerror or exc}", where=str(path)
        ) from None
    key = (str(path), str(path.resolve()), hashlib.sha256(data).hexdigest())
    template = _FILES.get_or_make(key, lambda: _parse_toml(data, str(path)))
    if template.cohort is not None:
        # A cohort file lives beside its template file (for the built-in template
        # files, in strive/data/): make it absolute here so the template can be used
        # from any working directory.
        base = path.parent
        builtin_dir = resources.files(_PACKAGE) / _TEMPLATES
        if isinstance(builtin_dir, Path) and base.resolve() == builtin_dir.resolve():
            base = builtin_dir.parent / _DATA
        spec = template.cohort
        line = toml_line(data.decode("utf-8"), "cohort", "file")
        resolved = cohort_path(base, spec.file, f"{path}:{line}" if line else str(path))
        parsed = template
        template = _FILES.get_or_make(
            (*key, str(resolved)),
            lambda: replace(parsed, cohort=replace(spec, file=str(resolved))),
        )
    return template


def cohort_path(folder: Path, file: str, where: str) -> Path:
    """The cohort file ``file`` named by a template in ``folder``, which it must
    not leave: no absolute path, no ``..``, no symlink pointing elsewhere.

    Raises:
        TemplateError: the file would be outside the template's folder.
    """
    relative = Path(file)
    if (
        not file
        or relative.is_absolute()
        or file.startswith(("~", "\\"))
        or ".." in relative.parts
        or "\\" in file
    ):
        raise TemplateError(
            f"cohort.file: {file!r} must be a file name beside the template "
            "(no absolute path, no '..')",
            where=where,
        )
    inside = folder.resolve()
    resolved = (folder / relative).resolve()
    if not resolved.is_relative_to(inside):
        raise TemplateError(
            f"cohort.file: {file!r} leads outside the template's folder "
            "(a symbolic link?); keep the cohort CSV beside the template",
            where=where,
        )
    return resolved


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def _parse_toml(data: bytes, where: str) -> Template:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TemplateError("not UTF-8 text", where=f"{where}:{line}") from None
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        at = f"{where}:{match[1]}" if match else where
        raise TemplateError(f"invalid TOML: {message}", where=at) from None
    return parse_template(parsed, where, source=text)


# -------------------------------------------------------------------------- cohorts

_COHORTS: LruCache[tuple[Cohort, tuple[str, ...]]] = LruCache(32)
"""Cohorts by file fingerprint (or built-in name), cohort spec and traits."""


def load_cohort(template: Template) -> Cohort:
    """The template's cohort, read from ``template.cohort.file`` (cached).

    A built-in template's file is package data in ``strive/data/``; any other
    template's file is relative to the template file (made absolute by
    :func:`load_template`) or to the working directory.

    Raises:
        TemplateError: the template has no cohort.
        DataImportError: the CSV is missing or malformed (naming file and line).
    """
    return _cohort_entry(template)[0]


def _cohort_entry(template: Template) -> tuple[Cohort, tuple[str, ...]]:
    spec = template.cohort
    if spec is None:
        raise TemplateError("this template has no [cohort] table", where=template.name)
    # The traits decide how each column is encoded (levels, categories), so an edited
    # template re-reads an unchanged CSV; repr holds every field of the frozen traits.
    traits = hashlib.sha256(repr(template.traits).encode("utf-8")).hexdigest()
    if _is_builtin(template):
        key: tuple[object, ...] = ("builtin", template.name, spec, traits)
    else:
        found = fingerprint(spec.file)
        if found is None:  # unreadable: the reader names the file and the reason
            return _read_template_cohort(template, spec)
        key = (found, spec, traits)
    return _COHORTS.get_or_make(key, lambda: _read_template_cohort(template, spec))


def _read_template_cohort(
    template: Template, spec: CohortSpec
) -> tuple[Cohort, tuple[str, ...]]:
    """The cohort and the trait columns its file has."""
    if _is_builtin(template):
        where = f"{_PACKAGE}/{_DATA}/{spec.file}"
        resource = resources.files(_PACKAGE) / _DATA / spec.file
        try:
            data = resource.read_bytes()
        except OSError as exc:
            raise DataImportError(
                f"cannot read: {exc.strerror or exc}", where=where
            ) from None
        return _read_bytes(data, spec.file, template.traits, spec, where)
    path = Path(spec.file)
    return _read_bytes(
        _read_path_bytes(path), path.name, template.traits, spec, str(path)
    )


def read_cohort_csv(
    source: str | os.PathLike[str] | TextIO,
    traits: TraitSet,
    spec: CohortSpec,
    where: str | None = None,
) -> Cohort:
    """Read a cohort CSV strictly: all rows or nothing.

    ``source`` is a path (``.csv`` or gzipped ``.csv.gz``) or an open text stream;
    ``where`` names it in messages (default: the path, or the stream's ``name``).

    Cells: yes/no/true/false/1/0 for yes/no traits; numbers; level or category names
    exactly as the template lists them; sets as ``a;b;c`` (a lone ``;`` is the empty
    set); an empty cell is unknown. Columns are trait names plus the spec's year,
    name and (labelled) selected columns; the name column is required, the year
    column may be absent (unknown years). Any trait may also have a ``<trait>_src``
    column (sources, several separated by ``|``) and a ``<trait>_conf`` column
    (confidence H, M or L; a grade needs a known value); empty means none.

    Raises:
        DataImportError: naming file, line and column for: an unknown or missing
            column, a value of the wrong type or out of range, a ragged or
            truncated row, an unterminated quote, a duplicate name, an empty file.
    """
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        label = where or str(path)
        data = _read_path_bytes(path, label)
        cohort, _ = _read_bytes(data, path.name, traits, spec, label)
        return cohort
    label = where or str(getattr(source, "name", "<stream>"))
    cohort, _ = _read_rows(source, traits, spec, label)
    return cohort


def _read_bytes(
    data: bytes, filename: str, traits: TraitSet, spec: CohortSpec, where: str
) -> tuple[Cohort, tuple[str, ...]]:
    if filename.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise DataImportError(
                f"cannot read (truncated or damaged gzip file): {exc}", where=where
            ) from None
    text = _csv_text(data, where)
    return _read_rows(io.StringIO(text, newline=""), traits, spec, where)


def _csv_text(data: bytes, where: str) -> str:
    """The file as text; binary files and other encodings are refused by position.

    Raises:
        DataImportError: not UTF-8, or a NUL byte (a binary file), naming the line
            and the column (in bytes) where it starts.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        raise DataImportError(
            f"not UTF-8 text at column {column} (save the file as UTF-8)",
            where=f"{where}:{line}",
        ) from None
    if "\x00" in text:
        line, column = _position(data, data.index(b"\x00"))
        raise DataImportError(
            f"a NUL byte at column {column}: this is a binary file, not a CSV",
            where=f"{where}:{line}",
        )
    return text


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


_YES = frozenset({"yes", "true", "1"})
_NO = frozenset({"no", "false", "0"})


def _parse_bool(text: str) -> bool:
    low = text.lower()
    if low in _YES:
        return True
    if low in _NO:
        return False
    raise TraitValueError(f"{text!r} is not yes or no")


def _parse_cell(trait: Trait, text: str) -> Value | None:
    """One non-strict-empty cell as a trait value (``None`` for empty)."""
    if not text:
        return None
    kind = trait.kind
    if kind is Kind.BOOL:
        return _parse_bool(text)
    if kind is Kind.NUMBER:
        try:
            number = float(text)
        except ValueError:
            raise TraitValueError(f"{text!r} is not a number") from None
        return trait.validate(number)
    if kind is Kind.SET:
        if text == ";":
            return frozenset()
        members = frozenset(m.strip().lower() for m in text.split(";") if m.strip())
        return trait.validate(members)
    return trait.validate(text)


def _numbered_rows(stream: TextIO, where: str) -> Iterator[tuple[int, list[str]]]:
    """CSV rows with the line each starts on; csv errors become DataImportError."""
    reader = csv.reader(stream, strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise DataImportError(
                f"malformed CSV in the row starting on line {start}: {exc} "
                "(an unterminated quote, or a stray character after a quote?)",
                where=f"{where}:{reader.line_num}",
            ) from None
        yield start, row
        start = reader.line_num + 1


def _read_rows(
    stream: TextIO, traits: TraitSet, spec: CohortSpec, where: str
) -> tuple[Cohort, tuple[str, ...]]:
    try:
        rows = _numbered_rows(stream, where)
        first = next(rows, None)
        if first is None:
            raise DataImportError("empty file: no header row", where=f"{where}:1")
        header_line, raw_header = first
        header = [h.strip() for h in raw_header]
        columns = _check_header(header, traits, spec, f"{where}:{header_line}")

        name_at = header.index(spec.name_column)
        year_at = header.index(spec.year_column) if spec.year_column in header else -1
        sel_at = (
            header.index(spec.selected_column)
            if spec.selected_column and spec.selected_column in header
            else -1
        )
        trait_at = [(i, traits[h]) for i, h in enumerate(header) if h in columns]
        conf_at = [
            (i, h[: -len("_conf")])
            for i, h in enumerate(header)
            if h not in traits and h.endswith("_conf") and _provenance_of(h)
        ]
        src_at = [
            (i, h[: -len("_src")])
            for i, h in enumerate(header)
            if h not in traits and h.endswith("_src") and _provenance_of(h)
        ]
        value_at = {traits[h].name: i for i, h in enumerate(header) if h in columns}
        grades: dict[str, list[int]] = {name: [] for _, name in conf_at}
        sources: dict[str, list[str]] = {name: [] for _, name in src_at}
        memo: dict[int, dict[str, Value | None]] = {i: {} for i, _ in trait_at}

        records: list[dict[str, Value | None]] = []
        names: list[str] = []
        years: list[float | None] = []
        selected: list[bool] = []
        seen: dict[str, int] = {}
        blank_line = 0
        for line, row in rows:
            at = f"{where}:{line}"
            if not row or (len(row) == 1 and not row[0].strip() and len(header) > 1):
                blank_line = blank_line or line
                continue
            if blank_line:
                raise DataImportError(
                    "blank line inside the data", where=f"{where}:{blank_line}"
                )
            if len(row) != len(header):
                raise DataImportError(
                    f"expected {len(header)} fields as in the header, found "
                    f"{len(row)} (ragged or truncated row)",
                    where=at,
                )
            cells = [c.strip() for c in row]
            name = cells[name_at]
            if not name:
                raise DataImportError(
                    f"column {spec.name_column}: empty name", where=at
                )
            try:
                check.text(name, spec.name_column)
            except TraitValueError as exc:
                raise DataImportError(
                    f"column {spec.name_column}: {exc.message}", where=at
                ) from None
            if name in seen:
                raise DataImportError(
                    f"column {spec.name_column}: duplicate name {name!r} "
                    f"(first on line {seen[name]})",
                    where=at,
                )
            seen[name] = line
            years.append(_parse_year(cells, year_at, spec.year_column, at))
            if sel_at >= 0:
                try:
                    if not cells[sel_at]:
                        raise TraitValueError("empty; every row needs yes or no")
                    selected.append(_parse_bool(cells[sel_at]))
                except TraitValueError as exc:
                    raise DataImportError(
                        f"column {spec.selected_column}: {exc.message}", where=at
                    ) from None
            record: dict[str, Value | None] = {}
            for i, trait in trait_at:
                text = cells[i]
                cache = memo[i]
                if text in cache:
                    record[trait.name] = cache[text]
                    continue
                try:
                    value = _parse_cell(trait, text)
                except TraitValueError as exc:
                    raise DataImportError(
                        f"column {trait.name}: {exc.message}", where=at
                    ) from None
                cache[text] = value
                record[trait.name] = value
            for i, trait_name in conf_at:
                grades[trait_name].append(
                    _parse_grade(cells, i, value_at.get(trait_name), header[i], at)
                )
            for i, trait_name in src_at:
                sources[trait_name].append(_parse_sources(cells[i]))
            records.append(record)
            names.append(name)
    except UnicodeDecodeError as exc:
        raise DataImportError(f"not UTF-8 text: {exc.reason}", where=where) from None

    if not records:
        raise DataImportError(
            "empty file: a header but no data rows", where=f"{where}:{header_line + 1}"
        )
    source = CohortSource(
        name=spec.name,
        citation=spec.citation,
        licence=spec.licence,
        rows_in_file=len(records),
        notes=spec.notes,
    )
    cohort = Cohort.from_records(
        traits,
        records,
        source,
        years=years if year_at >= 0 else None,
        names=names,
        selected=selected if sel_at >= 0 else None,
    )
    cohort = with_provenance(cohort, grades, sources)
    return cohort, tuple(columns)


def _parse_grade(
    cells: list[str], index: int, value_at: int | None, column: str, at: str
) -> int:
    """A ``_conf`` cell as a grade code (0 when empty); a grade needs a value."""
    text = cells[index]
    if not text:
        return 0
    try:
        code = grade_code(text)
    except ValueError as exc:
        raise DataImportError(f"column {column}: {exc}", where=at) from None
    if value_at is None or not cells[value_at]:
        raise DataImportError(
            f"column {column}: a confidence grade for a value that is unknown "
            "(empty or missing trait cell)",
            where=at,
        )
    return code


def _check_header(
    header: list[str], traits: TraitSet, spec: CohortSpec, at: str
) -> list[str]:
    """The trait columns, after checking every header name."""
    special = [spec.name_column, spec.year_column]
    if spec.selected_column:
        special.append(spec.selected_column)
    seen: set[str] = set()
    columns: list[str] = []
    for number, name in enumerate(header, start=1):
        if not name:
            raise DataImportError(
                f"column {number} has no name in the header", where=at
            )
        if name in seen:
            raise DataImportError(
                f"column {_short(name)}: appears twice in the header", where=at
            )
        seen.add(name)
        if name in special:
            continue
        if name not in traits and _provenance_of(name):
            base = _provenance_of(name)
            if base not in traits:
                raise DataImportError(
                    f"column {_short(name)}: "
                    f"{'source' if name.endswith('_src') else 'confidence'} column for "
                    f"{_short(base)}, which is not a trait of this template",
                    where=at,
                )
            continue
        if name not in traits:
            allowed = ", ".join([*special, *traits.names()])
            raise DataImportError(
                f"column {_short(name)}: unknown column, not a trait of this template; "
                f"columns can be: {allowed}",
                where=at,
            )
        columns.append(name)
    required = [spec.name_column]
    if spec.selected_column:
        required.append(spec.selected_column)
    for name in required:
        if name not in seen:
            raise DataImportError(f"missing required column {name!r}", where=at)
    return columns


PROVENANCE_SUFFIXES = ("_src", "_conf")
"""Optional per-trait columns: ``<trait>_src`` (sources, several separated by ``|``)
and ``<trait>_conf`` (confidence grade H, M or L); empty cells mean none."""


def _provenance_of(column: str) -> str:
    """The trait a ``<trait>_src``/``<trait>_conf`` column belongs to ('' if none)."""
    for suffix in PROVENANCE_SUFFIXES:
        if column.endswith(suffix) and len(column) > len(suffix):
            return column[: -len(suffix)]
    return ""


def _parse_sources(text: str) -> str:
    """Sources separated by '|' (spaces around each trimmed), joined by ' | '."""
    return " | ".join(part.strip() for part in text.split("|") if part.strip())


def _short(text: str) -> str:
    """A header name as printed: cut if long, as it may be anything."""
    return text if len(text) <= 40 else text[:37] + "..."


def _parse_year(cells: list[str], index: int, column: str, at: str) -> float | None:
    if index < 0 or not cells[index]:
        return None
    text = cells[index]
    try:
        year = float(text)
    except ValueError:
        year = float("nan")
    if not year.is_integer():
        raise DataImportError(f"column {column}: {text!r} is not a year", where=at)
    if not YEARS[0] <= year <= YEARS[1]:
        raise DataImportError(
            f"column {column}: {text} is not a plausible year "
            f"({YEARS[0]} to {YEARS[1]})",
            where=at,
        )
    return year


# ----------------------------------------------------------------------- validation


@dataclass(frozen=True)
class ValidationReport:
    """A template file that loaded, with its cohort and what is worth knowing."""

    path: str
    template: Template
    cohort: Cohort | None
    cohort_columns: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    # The template's main attributes, so a report can be used like the template.
    @property
    def name(self) -> str:
        return self.template.name

    @property
    def mode(self) -> str:
        return self.template.mode

    @property
    def traits(self) -> TraitSet:
        return self.template.traits

    @property
    def requirements(self) -> tuple[Requirement, ...]:
        return self.template.requirements

    @property
    def catalogue(self) -> Catalogue:
        return self.template.catalogue

    def lines(self) -> list[str]:
        """Human lines for ``strive template validate``."""
        t = self.template
        out = [
            f"{self.path}: template {t.name!r} ({t.mode}) is valid: "
            f"{len(t.traits)} traits, {len(t.requirements)} requirements, "
            f"{len(t.catalogue)} actions, {len(t.base_rates)} base rates, "
            f"{len(t.windows)} windows"
        ]
        if self.cohort is not None:
            out.append(
                f"cohort {self.cohort.source.name!r}: {self.cohort.size} rows, "
                f"trait columns: {', '.join(self.cohort_columns) or 'none'}"
            )
        out.extend(f"warning: {w}" for w in self.warnings)
        return out


def validate_template_file(path: str | os.PathLike[str]) -> ValidationReport:
    """Load a template and its cohort, and cross-check them.

    Errors raise (:class:`TemplateError`, :class:`DataImportError`): malformed TOML
    or fields, conditions or effects naming unknown traits, cohort columns that are
    not traits, bad cohort cells. Things that are allowed but worth knowing come back
    as warnings: actions without a sourced money figure or a money year, traits
    with no cohort column (unknown for everyone), sensitive traits used by a
    requirement or an action.
    """
    template = load_template(path)
    warnings: list[str] = []
    cohort: Cohort | None = None
    columns: tuple[str, ...] = ()
    spec = template.cohort
    if spec is not None:
        cohort, columns = _cohort_entry(template)
        missing = [n for n in template.traits.names() if n not in columns]
        if missing:
            warnings.append(
                "no cohort column (unknown for everyone in the cohort): "
                + ", ".join(missing)
            )
    elif template.mode == "labelled":
        raise TemplateError(
            "cohort: a labelled template needs a cohort", where=str(path)
        )
    for action in template.catalogue:
        if not action.sources:
            warnings.append(f"action {action.name}: no source (sources = [])")
        if not action.money_sourced:
            warnings.append(f"action {action.name}: no money figure (money unknown)")
        elif action.money_year is None and action.money > 0:
            warnings.append(f"action {action.name}: money has no money_year")
        used = {e.trait for e in action.effects} | {c.trait for c in action.requires}
        for name in sorted(used):
            if template.traits[name].sensitive:
                warnings.append(f"action {action.name} uses sensitive trait {name}")
    for requirement in template.requirements:
        if not requirement.source:
            warnings.append(f"requirement {requirement.name}: no source")
        for name in sorted(requirement.traits_used()):
            if template.traits[name].sensitive:
                warnings.append(
                    f"requirement {requirement.name} uses sensitive trait {name}"
                )
    for window in template.windows:
        if not window.source:
            warnings.append(f"window {window.name}: no source")
    return ValidationReport(
        path=os.fspath(path),
        template=template,
        cohort=cohort,
        cohort_columns=columns,
        warnings=tuple(warnings),
    )


def _read_path_bytes(path: Path, where: str | None = None) -> bytes:
    label = where or str(path)
    if path.is_dir():
        raise DataImportError("is a folder, not a CSV file", where=label)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataImportError(_("no such file"), where=label) from None
    except OSError as exc:
        raise DataImportError(
            f"cannot read: {exc.strerror or exc}", where=label
        ) from None


parse_cell = _parse_cell
"""One cohort CSV cell as a trait value (public for :mod:`strive.batch`, which reads
people files with the same cell rules)."""
check_header = _check_header
"""A cohort CSV header checked against the traits (public for :mod:`strive.batch`)."""
