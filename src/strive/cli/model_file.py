"""``strive route --model FILE.skops --map col=trait,...``: a fitted model file.

Model files load only through skops (``skops.io``), never by unpickling: the file's
types are listed first with ``get_untrusted_types`` and any type outside skops'
defaults and :data:`TRUSTED` is refused by name before anything is built. skops is
imported here, inside the functions, so ``strive --help`` never pays for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from strive.errors import InputError
from strive.i18n import _

TRUSTED = ("sklearn.tree._tree.Tree",)
"""Types skops does not trust by default that strive needs: the fitted tree
structure of decision trees, forests and gradient boosting (plain arrays)."""


def load_model(path: Path) -> Any:
    """The fitted estimator in a ``.skops`` file (errors name the file)."""
    if not path.is_file():
        raise InputError(_("model file not found"), where=str(path))
    try:
        import skops.io as sio
    except ImportError:
        raise InputError(
            _("reading a model file needs skops: pip install 'strive[models]'"),
            where=str(path),
        ) from None
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:  # zip, JSON or schema errors: all "not a skops file"
        raise InputError(
            _("not a skops model file ({error})").format(error=type(exc).__name__),
            where=str(path),
        ) from None
    refused = sorted(t for t in untrusted if t not in TRUSTED)
    if refused:
        raise InputError(
            _(
                "the model file contains types strive does not trust: {types}; "
                "only scikit-learn estimators are loaded"
            ).format(types=", ".join(refused)),
            where=str(path),
        )
    try:
        return sio.load(path, trusted=list(untrusted))
    except Exception as exc:
        raise InputError(
            _("the model file could not be read ({error})").format(error=exc),
            where=str(path),
        ) from None


def parse_map(items: Sequence[str]) -> dict[str, str]:
    """``["a=x,b=y", "c=z"]`` -> ``{"a": "x", "b": "y", "c": "z"}``."""
    out: dict[str, str] = {}
    for item in items:
        for part in item.split(","):
            part = part.strip()
            if not part:
                continue
            column, eq, trait = part.partition("=")
            if not eq or not column.strip() or not trait.strip():
                raise InputError(
                    _("{part!r} is not COLUMN=TRAIT").format(part=part), where="--map"
                )
            if column.strip() in out:
                raise InputError(
                    _("column {column!r} is mapped twice").format(column=column),
                    where="--map",
                )
            out[column.strip()] = trait.strip()
    return out
