"""Where strive keeps a person's data: one function every path goes through."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "STRIVE_DB"
"""Environment override: a file path or a SQLAlchemy URL."""


def default_db_location() -> str | Path:
    """``$STRIVE_DB`` as given (a path or a URL), else :func:`default_db_path`."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return override if "://" in override else Path(override).expanduser()
    return default_db_path()


def default_db_path() -> Path:
    """The SQLite file strive uses unless told otherwise.

    ``$STRIVE_DB`` wins when set to a path; when it holds a URL (e.g.
    ``postgresql+psycopg://...``) this returns the per-user default file, and
    :func:`default_db_location` is what to open.
    """
    override = os.environ.get(ENV_VAR, "").strip()
    if override and "://" not in override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("strive")) / "strive.db"


# --- private files ----------------------------------------------------------------
#
# A strive database, an export, a calendar or a batch of routes holds a person's
# life: whatever the umask, strive creates them readable by their owner only (0600)
# and the directories it creates for them 0700.

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dirs(folder: Path) -> None:
    """Create ``folder`` and missing parents 0700 (existing ones are left alone).

    Raises:
        StorageError: a part of the path cannot be created (one line, no traceback).
    """
    from strive.errors import StorageError

    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for part in reversed(missing):
        try:
            part.mkdir(mode=DIR_MODE)
            os.chmod(part, DIR_MODE)
        except FileExistsError:
            continue
        except OSError as exc:
            raise StorageError(
                f"cannot create the folder: {exc.strerror or exc}", where=str(part)
            ) from None
    if not folder.is_dir():
        raise StorageError("is not a folder", where=str(folder))


def create_private(path: Path) -> None:
    """Create ``path`` empty and 0600 if it does not exist yet (for SQLite).

    Raises:
        StorageError: the file cannot be created.
    """
    from strive.errors import StorageError

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    except OSError as exc:
        raise StorageError(
            f"cannot create the file: {exc.strerror or exc}", where=str(path)
        ) from None
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def check_output(path: Path, option: str) -> None:
    """Refuse an output file that cannot be written, before anything is done.

    The folder must exist and be writable, and ``path`` must not be a folder; the
    file itself is not created here (a refused command leaves nothing behind).

    Raises:
        InputError: naming ``option`` and the path.
    """
    from strive.errors import InputError
    from strive.i18n import _

    where = f"{option} {path}"
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise InputError(_("is a folder; give a file name"), where=where)
    if not folder.is_dir():
        raise InputError(
            _("the folder {folder!r} does not exist").format(folder=str(folder)),
            where=where,
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise InputError(_("the file is not writable"), where=where)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(
            _("cannot write in the folder {folder!r}").format(folder=str(folder)),
            where=where,
        )


def write_private(path: Path, data: bytes, option: str = "file") -> None:
    """Write ``data`` to ``path`` as a 0600 file (an existing file is tightened).

    Raises:
        InputError: the file cannot be written.
    """
    from strive.errors import InputError

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    except OSError as exc:
        raise InputError(
            f"cannot write: {exc.strerror or exc}", where=f"{option} {path}"
        ) from None
    with os.fdopen(fd, "wb") as out:
        os.fchmod(fd, FILE_MODE)
        out.write(data)


def tighten(path: Path) -> None:
    """Make an output another library wrote (e.g. Parquet) 0600."""
    os.chmod(path, FILE_MODE)
