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
