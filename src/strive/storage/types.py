"""Column types shared by the models."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


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
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, allow_nan=False)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, str | bytes):
            return value  # a number SQLite already converted (numeric affinity)
        return json.loads(value)
