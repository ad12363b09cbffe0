"""Column types shared by the models."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from strive.storage.records import json_from_text, json_to_text


class JSONText(TypeDecorator[Any]):
    """JSON kept as exact text.

    SQLite gives a column declared ``JSON`` numeric affinity, so a document that is a
    bare number is stored as a REAL and read back with fewer digits; PostgreSQL's
    ``jsonb`` also re-formats numbers. Text keeps every value exactly as written, so
    export → import → export is lossless. ``None`` is SQL NULL.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return json_to_text(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return json_from_text(value)
