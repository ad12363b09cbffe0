"""The newest migration, in a module that imports nothing (see :mod:`.lite`)."""

SCHEMA_HEAD = "0008_web_perf"
"""The newest migration. Opening a database already at it skips Alembic entirely
(importing it costs more than the rest of a command), and only a SQLite database at
it is read without SQLAlchemy (:mod:`strive.storage.lite`); a test checks it is the
head."""
