"""A fitted preprocessing pipeline as affine expressions of encoded trait features.

Every supported step is affine in strive's encoded features (``trait`` for numbers,
yes/no as 0/1 and levels as their index; ``trait=value`` one-hot indicators):

* StandardScaler, MinMaxScaler (without ``clip``), RobustScaler: ``a * x + b``;
* OneHotEncoder: one indicator per kept category (``drop`` honoured; infrequent
  categories refused); OrdinalEncoder: ``sum(index(c) * [trait=c])``;
* SimpleImputer: nothing changes for a recorded value; its fitted statistic is the
  value used for an input the person has not recorded (said in the notes);
* ``passthrough`` and ``drop``, inside a ColumnTransformer or a Pipeline.

So the model's input vector is ``b + A f`` exactly, and a linear model on it is a
linear model on ``f`` in raw units; a tree split on it is an interval of one affine
expression. Anything else raises :class:`Unsupported` (the caller then falls back
to a search validated by re-prediction).

scikit-learn is never imported here: steps are recognised by class name and read
through their fitted attributes only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from strive.errors import InputError
from strive.route.trees import Affine
from strive.traits import Kind, Trait, TraitSet, Value


class Unsupported(InputError):
    """A step or model this compiler cannot turn into an exact target."""


class ModelInputError(InputError):
    """The model's inputs do not fit the traits (unmapped, unknown, unrecorded)."""


@dataclass
class Raw:
    """A model input column still holding the trait's own value."""

    column: str
    trait: Trait
    imputed: Value | None = None


Col = Raw | Affine


@dataclass
class Compiled:
    """What the preprocessing became: expressions and what was learned on the way."""

    columns: list[Col]
    imputed: dict[str, Value] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    """model column -> "number" or "category" (how a profile fills it)."""


def numeric(col: Col, kinds: dict[str, str]) -> Affine:
    """A column as an affine expression (a raw number, yes/no or level index)."""
    if isinstance(col, Affine):
        return col
    if col.trait.kind not in (Kind.NUMBER, Kind.BOOL, Kind.LEVEL):
        raise ModelInputError(
            f"model column {col.column!r} is used as a number but trait "
            f"{col.trait.name!r} is a {col.trait.kind.value}; encode it with a "
            "OneHotEncoder or OrdinalEncoder"
        )
    kinds.setdefault(col.column, "number")
    return Affine(0.0, {col.trait.name: 1.0})


def _scale(col: Affine, a: float, b: float) -> Affine:
    """``a * col + b``."""
    return Affine(a * col.const + b, {f: a * c for f, c in col.coefs.items()})


def _indicator(trait: Trait, category: Any) -> Affine | None:
    """``[trait == category]`` as an affine expression, None if it never holds."""
    if trait.kind is Kind.BOOL:
        if isinstance(category, str):
            category = category.strip().lower() in ("true", "yes", "1")
        if category in (True, 1):
            return Affine(0.0, {trait.name: 1.0})
        return Affine(1.0, {trait.name: -1.0})
    if not isinstance(category, str):
        return None
    if trait.allowed_values and category not in trait.allowed_values:
        return None
    return Affine(0.0, {f"{trait.name}={category}": 1.0})


def _categorical(col: Col, kinds: dict[str, str]) -> Raw:
    if not isinstance(col, Raw):
        raise Unsupported("an encoder after a numeric transformation")
    if col.trait.kind not in (Kind.CATEGORY, Kind.LEVEL, Kind.BOOL):
        raise ModelInputError(
            f"model column {col.column!r} is encoded as categories but trait "
            f"{col.trait.name!r} is a {col.trait.kind.value}"
        )
    kinds[col.column] = "category"
    return col


def _check_overlap(raw: Raw, categories: list[Any]) -> None:
    trait = raw.trait
    if trait.kind is Kind.BOOL or not trait.allowed_values:
        return
    if not any(str(c) in trait.allowed_values for c in categories):
        shown = ", ".join(map(str, categories[:5]))
        raise ModelInputError(
            f"model column {raw.column!r}: none of its categories ({shown}) is a "
            f"value of trait {trait.name!r} ({', '.join(trait.allowed_values[:5])})"
        )


def _arr(values: Any, i: int) -> float:
    return float(values[i]) if values is not None else math.nan


def apply_step(step: Any, cols: list[Col], compiled: Compiled) -> list[Col]:
    """One fitted transformer applied to the columns it receives."""
    kinds = compiled.kinds
    if isinstance(step, str):
        if step == "passthrough":
            return cols
        if step == "drop":
            return []
        raise Unsupported(f"step {step!r}")
    kind = type(step).__name__
    if kind == "Pipeline":
        for _, inner in step.steps:
            cols = apply_step(inner, cols, compiled)
        return cols
    if kind == "ColumnTransformer":
        return _column_transformer(step, cols, compiled)
    if kind == "StandardScaler":
        out: list[Col] = []
        for i, col in enumerate(cols):
            mean = _arr(step.mean_, i) if step.with_mean else 0.0
            scale = _arr(step.scale_, i) if step.with_std else 1.0
            out.append(_scale(numeric(col, kinds), 1.0 / scale, -mean / scale))
        return out
    if kind == "MinMaxScaler":
        if step.clip:
            raise Unsupported("MinMaxScaler(clip=True) is not affine")
        return [
            _scale(numeric(c, kinds), float(step.scale_[i]), float(step.min_[i]))
            for i, c in enumerate(cols)
        ]
    if kind == "RobustScaler":
        out = []
        for i, col in enumerate(cols):
            center = _arr(step.center_, i) if step.with_centering else 0.0
            scale = _arr(step.scale_, i) if step.with_scaling else 1.0
            out.append(_scale(numeric(col, kinds), 1.0 / scale, -center / scale))
        return out
    if kind == "SimpleImputer":
        return _imputer(step, cols, compiled)
    if kind == "FunctionTransformer" and step.func is None:
        return cols  # a fitted ColumnTransformer's "passthrough" (identity)
    if kind == "OneHotEncoder":
        return _one_hot(step, cols, kinds)
    if kind == "OrdinalEncoder":
        return _ordinal(step, cols, kinds)
    raise Unsupported(f"preprocessing step {kind}")


def _imputer(step: Any, cols: list[Col], compiled: Compiled) -> list[Col]:
    if getattr(step, "add_indicator", False):
        raise Unsupported("SimpleImputer(add_indicator=True)")
    for i, col in enumerate(cols):
        if not isinstance(col, Raw):
            raise Unsupported("an imputer after a numeric transformation")
        stat = step.statistics_[i]
        col.imputed = _trait_value(col.trait, stat, col.column)
        compiled.imputed[col.trait.name] = col.imputed
    return cols


def _trait_value(trait: Trait, stat: Any, column: str) -> Value:
    """The imputer's statistic as a value of ``trait`` (refused if it is not one)."""
    if trait.kind is Kind.NUMBER:
        return float(stat)
    if isinstance(stat, str):
        if trait.kind is Kind.BOOL:
            return stat.strip().lower() in ("true", "yes", "1")
        if not trait.allowed_values or stat in trait.allowed_values:
            return stat
    elif trait.kind is Kind.LEVEL and float(stat).is_integer():
        index = int(stat)
        if 0 <= index < len(trait.levels):
            return trait.levels[index]
    elif trait.kind is Kind.BOOL and float(stat) in (0.0, 1.0):
        return bool(stat)
    raise ModelInputError(
        f"model column {column!r}: the imputer's value {stat!r} is not a value of "
        f"trait {trait.name!r}; record {trait.name} instead"
    )


def _one_hot(step: Any, cols: list[Col], kinds: dict[str, str]) -> list[Col]:
    infrequent = getattr(step, "infrequent_categories_", None)
    if infrequent is not None and any(x is not None for x in infrequent):
        raise Unsupported("OneHotEncoder with infrequent categories")
    drops = getattr(step, "drop_idx_", None)
    out: list[Col] = []
    for i, col in enumerate(cols):
        raw = _categorical(col, kinds)
        categories = list(step.categories_[i])
        _check_overlap(raw, categories)
        dropped = None if drops is None else drops[i]
        for k, category in enumerate(categories):
            if dropped is not None and k == int(dropped):
                continue
            out.append(_indicator(raw.trait, category) or Affine(0.0))
    return out


def _ordinal(step: Any, cols: list[Col], kinds: dict[str, str]) -> list[Col]:
    unknown = 0.0
    if step.handle_unknown == "use_encoded_value":
        unknown = float(step.unknown_value)
        if math.isnan(unknown):
            raise Unsupported("OrdinalEncoder(unknown_value=nan)")
    out: list[Col] = []
    for i, col in enumerate(cols):
        raw = _categorical(col, kinds)
        categories = list(step.categories_[i])
        _check_overlap(raw, categories)
        const = unknown
        coefs: dict[str, float] = {}
        for k, category in enumerate(categories):
            ind = _indicator(raw.trait, category)
            if ind is None:
                continue
            const += (k - unknown) * ind.const
            for f, c in ind.coefs.items():
                coefs[f] = coefs.get(f, 0.0) + (k - unknown) * c
        out.append(Affine(const, coefs))
    return out


def _column_transformer(step: Any, cols: list[Col], compiled: Compiled) -> list[Col]:
    names = list(getattr(step, "feature_names_in_", []))
    out: list[Col] = []
    for _name, trans, selected in step.transformers_:
        picked = [cols[i] for i in _indices(selected, names, len(cols))]
        if not picked:
            continue
        out.extend(apply_step(trans, picked, compiled))
    return out


def _indices(selected: Any, names: list[str], n: int) -> list[int]:
    if isinstance(selected, str):
        selected = [selected]
    if isinstance(selected, slice):
        return list(range(n))[selected]
    items = list(selected)
    if items and all(isinstance(x, bool) for x in items):
        return [i for i, b in enumerate(items) if b]
    out = []
    for x in items:
        if isinstance(x, str):
            if x not in names:
                raise Unsupported(f"ColumnTransformer column {x!r}")
            out.append(names.index(x))
        else:
            out.append(int(x))
    return out


def model_inputs(model: Any, columns: Mapping[str, str], traits: TraitSet) -> list[Raw]:
    """The model's input columns, each with its mapped trait (errors are one line)."""
    names = getattr(model, "feature_names_in_", None)
    inputs = [str(c) for c in names] if names is not None else list(columns)
    expected = getattr(model, "n_features_in_", len(inputs))
    if len(inputs) != expected:
        raise ModelInputError(
            f"the model has {expected} input columns but {len(inputs)} are mapped; "
            "a model fitted without column names needs every column mapped, in order"
        )
    for column, trait in columns.items():
        if column not in inputs:
            raise ModelInputError(
                f"--map {column}={trait}: the model has no input column {column!r} "
                f"(its columns: {', '.join(inputs)})"
            )
        if trait not in traits:
            raise ModelInputError(
                f"--map {column}={trait}: there is no trait {trait!r} in this template"
            )
    missing = [c for c in inputs if c not in columns]
    if missing:
        raise ModelInputError(
            f"model column {missing[0]!r} is not mapped to a trait "
            f"(add --map {missing[0]}=TRAIT)"
        )
    return [Raw(c, traits[columns[c]]) for c in inputs]
