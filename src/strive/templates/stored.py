"""A person's own template, kept as text so a goal outlives the file it came from.

``strive goal new --template my.toml`` stores the template's TOML and its cohort CSV
(:func:`read_template_files`); every later command rebuilds both from that text
(:func:`load_stored`, cached by the content's digest), wherever strive runs and
whether or not the file still exists. When the file is still there and its content
differs (:func:`disk_digest`), strive says so and ``strive template update`` stores
the new version.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import tomllib
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from strive.cohort import Cohort
from strive.errors import DataImportError, TemplateError
from strive.template import Template
from strive.templates.cache import LruCache

__all__ = [
    "TemplateFiles",
    "digest",
    "disk_digest",
    "load_stored",
    "read_template_files",
]


@dataclass(frozen=True)
class TemplateFiles:
    """A template file and its cohort CSV, as text, with where they came from."""

    name: str
    source_path: str
    toml: str
    cohort_file: str | None
    cohort_csv: str | None

    @property
    def digest(self) -> str:
        return digest(self.toml, self.cohort_csv)


def digest(toml: str, cohort_csv: str | None) -> str:
    """SHA-256 of the template text and the cohort text together."""
    h = hashlib.sha256()
    h.update(hashlib.sha256(toml.encode("utf-8")).digest())
    h.update(hashlib.sha256((cohort_csv or "").encode("utf-8")).digest())
    return h.hexdigest()


def read_template_files(path: str | os.PathLike[str]) -> TemplateFiles:
    """Validate a template file with its cohort, and read both as text to store.

    Raises:
        TemplateError, DataImportError: as :func:`validate_template_file`.
    """
    from strive.templates import validate_template_file

    report = validate_template_file(path)
    source = Path(path).resolve()
    toml = _decode(_read(source), str(path))
    cohort_file = cohort_csv = None
    if report.template.cohort is not None:
        cohort = Path(report.template.cohort.file)
        cohort_file = cohort.name
        cohort_csv = _cohort_text(cohort)
    return TemplateFiles(
        report.template.name, str(source), toml, cohort_file, cohort_csv
    )


def disk_digest(source_path: str) -> str | None:
    """The digest of the template file at ``source_path`` and its cohort as they
    are now; ``None`` when the template file is gone or unreadable."""
    from strive.templates import cohort_path

    path = Path(source_path)
    try:
        toml = _decode(_read(path), source_path)
    except (OSError, TemplateError):
        return None
    try:
        table = tomllib.loads(toml).get("cohort", {})
        file = table.get("file") if isinstance(table, dict) else None
        csv = None
        if isinstance(file, str):
            csv = _cohort_text(cohort_path(path.parent, file, source_path))
    except (tomllib.TOMLDecodeError, OSError, TemplateError, DataImportError):
        csv = "\0unreadable"  # changed in a way the next update will report
    return digest(toml, csv)


_CACHE: LruCache[tuple[Template, Cohort]] = LruCache(64)
"""Rebuilt templates by (digest of the stored texts, where)."""


def load_stored(
    toml: str, cohort_file: str | None, cohort_csv: str | None, where: str
) -> tuple[Template, Cohort]:
    """The template and cohort rebuilt from stored text (cached by digest).

    Raises:
        TemplateError: the text no longer parses (e.g. a newer strive's checks), or
            there is no cohort.
        DataImportError: the stored cohort no longer reads.
    """
    key = (digest(toml, cohort_csv), where)
    return _CACHE.get_or_make(
        key, lambda: _rebuild(toml, cohort_file, cohort_csv, where)
    )


def _rebuild(
    toml: str, cohort_file: str | None, cohort_csv: str | None, where: str
) -> tuple[Template, Cohort]:
    from strive.templates import _parse_toml, _read_rows

    template = _parse_toml(toml.encode("utf-8"), where)
    spec = template.cohort
    if spec is None or cohort_csv is None:
        raise TemplateError("this template has no [cohort] table", where=where)
    spec = replace(spec, file=cohort_file or spec.file)
    template = replace(template, cohort=spec)
    cohort, _ = _read_rows(
        io.StringIO(cohort_csv, newline=""),
        template.traits,
        spec,
        f"{where} cohort {spec.file}",
    )
    return template, cohort


def _read(path: Path) -> bytes:
    if path.is_dir():
        raise TemplateError("is a folder, not a template file", where=str(path))
    return path.read_bytes()


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateError("not UTF-8 text", where=where) from None


def _cohort_text(path: Path) -> str:
    from strive.templates import _csv_text, _read_path_bytes

    data = _read_path_bytes(path)
    if path.name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise DataImportError(
                f"cannot read (truncated or damaged gzip file): {exc}", where=str(path)
            ) from None
    return _csv_text(data, str(path))
