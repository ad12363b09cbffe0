"""Every error strive raises on purpose, in one tree.

User-facing errors say *what* was wrong, *where* (file, line, field) and, where
possible, what to do. The CLI turns any :class:`StriveError` into a one-line message
and a non-zero exit code; anything else is a bug.

::

    StriveError
    ├── InputError              bad input from a person or a file
    │   ├── UnknownTraitError   a trait name the goal's template does not define
    │   ├── TraitValueError     a value of the wrong type or out of range
    │   ├── UnknownActionError  an action name the catalogue does not define
    │   ├── TemplateError       a template file is malformed or incomplete
    │   └── DataImportError     a CSV or JSON import is malformed, truncated or
    │                           duplicated (nothing was written)
    ├── NotFoundError           a goal, attempt, supporter... that does not exist
    ├── StateError              the request does not fit the current state
    │   │                       (no active goal, no route yet...)
    │   └── ConflictError       the record changed since it was read (another
    │                           tab, device or process saved first); nothing
    │                           was written
    ├── PlanningError           the route planner could not produce a plan
    └── StorageError            the database cannot be opened or is not a
                                strive database (or is newer than this strive)
"""

from __future__ import annotations


class StriveError(Exception):
    """Base class: anything strive reports to a person on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class InputError(StriveError):
    """Bad input from a person or a file; nothing was changed."""

    exit_code = 2


class UnknownTraitError(InputError):
    """A trait name the goal's template does not define."""


class TraitValueError(InputError):
    """A value of the wrong type or out of range for its trait."""


class UnknownActionError(InputError):
    """An action name the catalogue does not define."""


class TemplateError(InputError):
    """A template file is malformed, incomplete or inconsistent."""


class DataImportError(InputError):
    """An import is malformed, truncated or has duplicates; nothing was written."""


class NotFoundError(StriveError):
    """A stored object that does not exist."""

    exit_code = 3


class StateError(StriveError):
    """The request does not fit the current state of the goal."""

    exit_code = 4


class ConflictError(StateError):
    """The record was changed by someone else since it was read; nothing was written.

    Raised instead of silently overwriting another writer's edit (optimistic
    concurrency on the ``version`` columns, see docs/durability.md).
    """

    exit_code = 7


class PlanningError(StriveError):
    """The route planner could not produce a plan (e.g. the solver failed)."""

    exit_code = 5


class StorageError(StriveError):
    """The database cannot be opened, is not a strive database, or is too new."""

    exit_code = 6
