"""The batch's file edge: stream people in partitions, write results as they come.

Nothing here holds more than one partition of people: CSV files are read row by row
and cut into partitions, Parquet files through ``ParquetFile.iter_batches``; results
go to a ``ParquetWriter`` one partition at a time and errors to a CSV line by line.
Outputs are written to a temporary file next to the target and renamed at the end,
so a run refused or stopped part-way leaves nothing behind.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import tempfile
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import IO, Any, cast

from strive.batch.partition import NAME, InputRow, RowError
from strive.batch.person import PersonResult
from strive.batch.task import Partition
from strive.errors import DataImportError, InputError
from strive.i18n import _
from strive.template import CohortSpec
from strive.traits import TraitSet

FILE_MODE = 0o600
"""Outputs describe people: readable by their owner only (as ``route --batch``)."""


def check_columns(columns: list[str], traits: TraitSet, where: str) -> None:
    """The header must name trait columns (plus ``name``, optional ``year``).

    Raises:
        DataImportError: an unknown, nameless or repeated column, or no ``name``.
    """
    from strive.templates import check_header

    spec = CohortSpec(file=where, name="people", year_column="year", name_column=NAME)
    check_header([c.strip() for c in columns], traits, spec, where)


def is_parquet(path: Path) -> bool:
    return path.suffix.lower() in (".parquet", ".pq")


def count_people(path: Path) -> int | None:
    """How many people the file holds, for the progress bar (CSV: data lines)."""
    if is_parquet(path):
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    lines = 0
    with _open_bytes(path) as stream:
        while chunk := stream.read(1 << 20):
            lines += chunk.count(b"\n")
    return max(lines - 1, 0)


def read_partitions(path: Path, traits: TraitSet, size: int) -> Iterator[Partition]:
    """Partitions of at most ``size`` people, in file order.

    Raises:
        DataImportError: the file cannot be read, or its header is wrong (before any
            partition is yielded), or the CSV is malformed past repair (an
            unterminated quote).
    """
    if not path.is_file():
        raise DataImportError(_("no such file"), where=str(path))
    if is_parquet(path):
        yield from _parquet_partitions(path, traits, size)
    else:
        yield from _csv_partitions(path, traits, size)


def _open_bytes(path: Path) -> IO[bytes]:
    if path.name.endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")


def _parquet_partitions(path: Path, traits: TraitSet, size: int) -> Iterator[Partition]:
    import pyarrow.parquet as pq

    try:
        file = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise DataImportError(
            _("not a Parquet file: {problem}").format(problem=exc), where=str(path)
        ) from None
    check_columns(list(file.schema_arrow.names), traits, str(path))
    line = 1
    for index, batch in enumerate(file.iter_batches(batch_size=size)):
        # The cells become Python values on the worker (Partition.input_rows).
        yield Partition(index, batch=batch, first_line=line)
        line += batch.num_rows


def _csv_partitions(path: Path, traits: TraitSet, size: int) -> Iterator[Partition]:
    where = str(path)
    with _open_bytes(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.reader(text, strict=True)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise DataImportError(
                _("empty file: no header row"), where=f"{where}:1"
            ) from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise DataImportError(
                f"unreadable header: {exc}", where=f"{where}:1"
            ) from None
        check_columns(header, traits, f"{where}:1")
        start = reader.line_num + 1
        index = 0
        part = Partition(index)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except UnicodeDecodeError as exc:
                raise DataImportError(
                    f"not UTF-8 text: {exc.reason}", where=f"{where}:{start}"
                ) from None
            except csv.Error as exc:
                raise DataImportError(
                    f"malformed CSV in the row starting on line {start}: {exc}",
                    where=f"{where}:{reader.line_num}",
                ) from None
            line, start = start, reader.line_num + 1
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # blank lines are skipped, as nobody is on them
            if len(cells) != len(header):
                part.errors.append(
                    RowError(
                        line,
                        "",
                        f"expected {len(header)} fields as in the header, found "
                        f"{len(cells)} (ragged or truncated row)",
                    )
                )
            else:
                part.rows.append(InputRow(line, dict(zip(header, cells, strict=True))))
            if part.size >= size:
                yield part
                index += 1
                part = Partition(index)
        if part.size:
            yield part


RESULT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "string"),
    ("line", "int64"),
    ("coverage", "float64"),
    ("coverage_n", "int64"),
    ("reach_hours", "float64"),
    ("reach_feasible", "bool"),
    ("requirements_unmet", "list<string>"),
    ("requirements_unknown", "list<string>"),
    ("top_gaps", "list<string>"),
    ("feasible", "bool"),
    ("optimal", "bool"),
    ("actions", "list<string>"),
    ("action_hours", "list<float64>"),
    ("action_money", "list<float64>"),
    ("effort_hours", "float64"),
    ("money", "float64"),
    ("months", "float64"),
    ("months_away", "float64"),
    ("cost", "float64"),
    ("finish", "string"),
    ("blocked_by", "list<string>"),
    ("open_items", "list<string>"),
    ("step", "string"),
    ("route", "string"),
    ("route_gaps", "list<string>"),
    ("offer_actions", "list<string>"),
    ("offer_feasible", "list<bool>"),
    ("offer_days", "list<int64>"),
    ("offer_hours", "list<float64>"),
    ("offer_money", "list<float64>"),
)


@cache
def result_schema() -> Any:
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "bool": pa.bool_(),
        "list<string>": pa.list_(pa.string()),
        "list<float64>": pa.list_(pa.float64()),
        "list<bool>": pa.list_(pa.bool_()),
        "list<int64>": pa.list_(pa.int64()),
    }
    return pa.schema([(name, types[kind]) for name, kind in RESULT_COLUMNS])


class _Staged:
    """A file written under a temporary name and renamed into place on success."""

    def __init__(self, target: Path, option: str) -> None:
        self.target = target
        try:
            fd, name = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".part", dir=target.parent or "."
            )
        except OSError as exc:
            raise InputError(
                f"cannot write: {exc.strerror or exc}", where=f"{option} {target}"
            ) from None
        os.close(fd)
        os.chmod(name, FILE_MODE)
        self.temp = Path(name)

    def commit(self) -> None:
        os.replace(self.temp, self.target)
        os.chmod(self.target, FILE_MODE)

    def discard(self) -> None:
        self.temp.unlink(missing_ok=True)


class ResultWriter:
    """Results to Parquet in the order given, a row group per ``ROW_GROUP`` rows.

    A Parquet writer keeps every row group's metadata until it writes the footer
    (measured: about 20 KB of the driver's memory per row group of these 30
    columns, whatever its rows), so the driver grows with the number of row groups:
    one per partition of 256 people would be about 80 MB per million people; at
    2,048 people a group it was still 12 MB per million. Partitions are gathered
    as Arrow tables (a few MB per 2,048 people, not copied when concatenated) into
    row groups of 8,192 people: about 3 MB per million people, for at most one
    group's tables held. The ``route`` documents get no min/max statistics
    (kilobytes of JSON per row group that no reader filters on).
    """

    ROW_GROUP = 8192

    def __init__(self, target: Path, metadata: Mapping[str, str] | None = None) -> None:
        import pyarrow.parquet as pq

        self._staged = _Staged(target, "--out")
        self._schema = result_schema()
        try:
            self._writer = pq.ParquetWriter(
                self._staged.temp,
                # ``metadata``: the schema's key-value pairs (``GOAL_KEY``); the
                # partitions' tables, without them, are written all the same.
                self._schema.with_metadata(metadata) if metadata else self._schema,
                write_statistics=[n for n in self._schema.names if n != "route"],
            )
        except BaseException:  # a stop or an error here: no .part left behind
            self._staged.discard()
            raise
        self._pending: list[Any] = []
        self._pending_rows = 0
        self.rows = 0

    def write(self, results: list[PersonResult]) -> None:
        from strive.batch.task import results_table

        self.write_table(results_table(results))

    def write_table(self, table: Any) -> None:
        """A partition's results, already an Arrow table in the output schema."""
        if not table.num_rows:
            return
        self._pending.append(table)
        self._pending_rows += table.num_rows
        self.rows += table.num_rows
        if self._pending_rows >= self.ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._pending:
            table = pa.concat_tables(self._pending)
            self._writer.write_table(table, row_group_size=table.num_rows)
        self._pending = []
        self._pending_rows = 0

    def close(self, *, commit: bool) -> None:
        if commit:
            self._flush()
        self._writer.close()
        if commit:
            self._staged.commit()
        else:
            self._staged.discard()


class NameLedger:
    """The names already written and their lines, on disk rather than in memory.

    Finding a repeated name needs every name seen so far; a dict would grow by
    about 150 bytes a person (15 MB per 100,000 people). The ledger is an SQLite
    file beside the output (created 0600, deleted when the run ends) with a page
    cache of 2 MB, so the driver's memory does not grow with the input.
    """

    CHUNK = 500
    """Names per ``IN (...)`` query (well under SQLite's variable limit)."""

    def __init__(self, near: Path) -> None:
        import sqlite3

        staged = _Staged(near, "--out")
        self._path = staged.temp
        self._db = sqlite3.connect(self._path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("PRAGMA cache_size=-2000")
        self._db.execute(
            "CREATE TABLE seen (name TEXT PRIMARY KEY, line INTEGER) WITHOUT ROWID"
        )

    def first_lines(self, people: list[tuple[str, int]]) -> dict[int, int]:
        """For each repeated person (by position in ``people``), the line its name
        was first written on; the others are recorded as written."""
        names = list(dict.fromkeys(name for name, _line in people))
        earlier: dict[str, int] = {}
        for i in range(0, len(names), self.CHUNK):
            chunk = names[i : i + self.CHUNK]
            marks = ",".join("?" * len(chunk))
            earlier.update(
                self._db.execute(
                    # Only "?" placeholders are formatted in; the names are bound.
                    f"SELECT name, line FROM seen WHERE name IN ({marks})",  # nosec B608
                    chunk,
                )
            )
        repeated: dict[int, int] = {}
        fresh: list[tuple[str, int]] = []
        for position, (name, line) in enumerate(people):
            if name in earlier:
                repeated[position] = earlier[name]
                continue
            earlier[name] = line
            fresh.append((name, line))
        self._db.execute("BEGIN")
        self._db.executemany("INSERT INTO seen VALUES (?, ?)", fresh)
        self._db.execute("COMMIT")
        return repeated

    def close(self) -> None:
        self._db.close()
        self._path.unlink(missing_ok=True)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """``text`` safe to open in a spreadsheet: a cell starting like a formula
    (``=``, ``+``, ``-``, ``@``, tab, carriage return) gets a leading ``'``, which
    spreadsheets show as text (OWASP's advice on CSV injection). An input CSV's
    name ``=HYPERLINK(...)`` is copied into the errors file; opened in a
    spreadsheet it would otherwise run."""
    return "'" + text if text.startswith(_FORMULA_START) else text


class ErrorWriter:
    """Skipped rows to a CSV: file, line, id, field, message (text cells made safe
    for spreadsheets by :func:`csv_cell`)."""

    def __init__(self, target: Path, source: str) -> None:
        self._staged = _Staged(target, "--errors")
        self._file = open(self._staged.temp, "w", newline="", encoding="utf-8")  # noqa: SIM115
        self._csv = csv.writer(self._file)
        self._csv.writerow(["file", "line", "id", "field", "message"])
        self._source = source

    def write(self, errors: list[RowError]) -> None:
        for e in errors:
            self._csv.writerow(
                [
                    csv_cell(self._source),
                    e.line,
                    csv_cell(e.id),
                    csv_cell(e.field),
                    csv_cell(e.message),
                ]
            )

    def close(self, *, commit: bool) -> None:
        self._file.close()
        if commit:
            self._staged.commit()
        else:
            self._staged.discard()


GOAL_KEY = "strive.goal"
"""The results file's key-value metadata naming the template the batch ran, as
``load_template`` takes it: a built-in name or the absolute path of a ``.toml``
(``strive caseload`` labels gaps and actions by it)."""


def goal_metadata(goal: str, name: str) -> dict[str, str]:
    """The metadata recording ``goal`` (the template as given; ``name``: the name of
    the template it loaded): a built-in name as is, a file as its absolute path."""
    path = Path(goal)
    return {
        GOAL_KEY: goal if goal == name or not path.is_file() else str(path.resolve())
    }


def recorded_goal(path: Path) -> str | None:
    """The template a results file records (:data:`GOAL_KEY`); None for a file
    written before ``strive batch`` recorded it (or by another program).

    Raises:
        DataImportError: not a Parquet file.
    """
    import pyarrow.parquet as pq

    if not path.is_file():
        raise DataImportError(_("no such file"), where=str(path))
    try:
        metadata = pq.read_schema(path).metadata or {}
    except Exception as exc:
        raise DataImportError(
            _("not a Parquet file: {problem}").format(problem=exc), where=str(path)
        ) from None
    value = metadata.get(GOAL_KEY.encode())
    return value.decode("utf-8", "replace") if value else None


def iter_results(
    path: Path,
    columns: list[str],
    size: int = 4096,
    optional: tuple[str, ...] = (),
) -> Iterator[Any]:
    """Result rows (dicts of ``columns``) a batch at a time, for the caseload report.

    ``optional`` columns are read when the file has them (a run with no offers
    written before they existed has none) and are ``None`` otherwise.

    Raises:
        DataImportError: not a batch results file (missing columns, not Parquet).
    """
    import pyarrow.parquet as pq

    if not path.is_file():
        raise DataImportError(_("no such file"), where=str(path))
    try:
        file = pq.ParquetFile(path)
    except Exception as exc:
        raise DataImportError(
            _("not a Parquet file: {problem}").format(problem=exc), where=str(path)
        ) from None
    missing = [c for c in columns if c not in file.schema_arrow.names]
    if missing:
        raise DataImportError(
            _("not a strive batch results file: no column {columns}").format(
                columns=", ".join(missing)
            ),
            where=str(path),
        )
    names = file.schema_arrow.names
    present = [c for c in optional if c in names]
    absent = dict.fromkeys(c for c in optional if c not in names)
    for batch in file.iter_batches(batch_size=size, columns=[*columns, *present]):
        for row in batch.to_pylist():
            row.update(absent)
            yield row


def read_caseload(
    path: Path, top: int = 10, traits: Any = None, goal: Any = None
) -> Any:
    """``strive caseload``: the :class:`strive.batch.caseload.CaseloadReport` of a
    results file, read a batch of rows at a time (``traits``: the goal's, for the
    gaps' labels; ``goal``: a :class:`strive.batch.caseload.Goal`, for the gaps' and
    the actions' labels).

    Raises:
        DataImportError: not a batch results file.
    """
    from strive.batch.caseload import COLUMNS, OFFER_COLUMNS, caseload_report

    rows = iter_results(path, COLUMNS, optional=OFFER_COLUMNS)
    return caseload_report(rows, top=top, traits=traits, goal=goal)
