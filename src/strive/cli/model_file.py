"""``strive route --model FILE --map col=trait,...``: a fitted model file.

Nothing is ever unpickled. The file's first bytes say what it is:

* a zip archive: a scikit-learn model saved with skops (``skops.io``); the file's
  types are listed first with ``get_untrusted_types`` and any type outside skops'
  defaults and :data:`TRUSTED` is refused by name before anything is built;
* a JSON object or UBJSON (``.ubj``): an XGBoost model saved with
  ``Booster.save_model`` / ``XGBClassifier.save_model``, read by XGBoost's own
  parser (plain data: trees and parameters);
* text starting with ``tree``: a LightGBM model saved with
  ``Booster.save_model`` (``booster_.save_model`` for an ``LGBMClassifier``), read by
  LightGBM's own parser.

skops, XGBoost and LightGBM are imported here, inside the functions, so ``strive
--help`` never pays for them.
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
    """The fitted model in a skops, XGBoost or LightGBM file (errors name the file)."""
    if not path.is_file():
        raise InputError(_("model file not found"), where=str(path))
    with path.open("rb") as f:
        head = f.read(64)
    if head.startswith(b"PK"):
        return _skops(path)
    text = head.lstrip()
    if text.startswith(b"{") or path.suffix.lower() == ".ubj":
        return _booster(path, "xgboost")
    if text.startswith(b"tree"):
        return _booster(path, "lightgbm")
    return _skops(path)  # names it "not a skops model file"


def _booster(path: Path, library: str) -> Any:
    """An XGBoost JSON/UBJSON or LightGBM text model, by the library's own parser."""
    import importlib

    title = {"xgboost": "XGBoost", "lightgbm": "LightGBM"}[library]
    try:
        module = importlib.import_module(library)
    except ImportError:
        raise InputError(
            _(
                "reading a {library} model file needs {package}: "
                "pip install 'strive[models]'"
            ).format(library=title, package=library),
            where=str(path),
        ) from None
    try:
        return module.Booster(model_file=str(path))
    except Exception as exc:  # the library's own parse error
        raise InputError(
            _("not a valid {library} model file ({error})").format(
                library=title, error=str(exc).strip().splitlines()[0][:200]
            ),
            where=str(path),
        ) from None


def _skops(path: Path) -> Any:
    """The fitted estimator in a ``.skops`` file."""
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
