"""Labelled mode: a model of who was selected, with honest quality figures.

Only cohorts with outcomes (``cohort.selected`` not None) get a model. Inputs are the
comparable traits: sensitive traits are never model inputs. Encoding: yes/no 0/1,
numbers as they are, levels by their order (ordinal), categories and set members one
column each (one-hot); unknown values are imputed with the cohort median (logistic) or
left to the trees (gradient boosting handles missing values itself).

Every probability is shown with the 5-fold cross-validated AUC and Brier score of the
same model and an interval: the lowest to highest probability given by the model
fitted on all rows and the five models fitted on the cross-validation folds (a
spread, not a confidence interval).

The logistic model can also be handed to the route planner as an exact
:class:`~strive.route.LinearTarget` (:meth:`SelectionModel.linear_target`): the
pipeline unrolled into raw trait units. The target counts an unknown feature as 0
while the model imputes the cohort median, so the two agree only for people whose
values on :meth:`SelectionModel.required_traits` are all known.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from strive.cohort import Cohort
from strive.errors import StateError, TraitValueError
from strive.traits import Kind, Mutability, Trait, Value

from .coverage import compared_traits
from .report import Contribution, ModelResult

if TYPE_CHECKING:
    from strive.route.targets import LinearTarget

FloatArray = npt.NDArray[np.float64]
MODELS = ("logistic", "boosting")
INTERVAL_METHOD = (
    "lowest to highest probability given by the model fitted on all rows and the "
    "{folds} models fitted on the cross-validation folds"
)
CONTRIBUTION_METHOD = {
    "logistic": "coefficient x (your standardised value - cohort mean), in log-odds; "
    "unknown values are imputed with the cohort median",
    "boosting": "your probability minus the probability with this trait replaced by "
    "the cohort median (or made unknown), in probability points",
}


@dataclass(frozen=True)
class _Design:
    """How traits become model columns."""

    traits: tuple[Trait, ...]
    columns: tuple[tuple[str, str], ...]
    """(trait name, member or category label or '') per column."""

    @classmethod
    def of(cls, cohort: Cohort, traits: Sequence[Trait]) -> _Design:
        columns: list[tuple[str, str]] = []
        # A trait known for nobody carries no information (and breaks binning).
        traits = [t for t in traits if cohort.columns[t.name].known_mask().any()]
        for trait in traits:
            if trait.kind in (Kind.CATEGORY, Kind.SET):
                labels = cohort.columns[trait.name].labels
                columns.extend((trait.name, label) for label in labels)
            else:
                columns.append((trait.name, ""))
        return cls(tuple(traits), tuple(columns))

    def matrix(self, cohort: Cohort) -> FloatArray:
        blocks: list[FloatArray] = []
        for trait in self.traits:
            column = cohort.columns[trait.name]
            known = column.known_mask()
            if trait.kind is Kind.CATEGORY:
                onehot = np.full((cohort.size, len(column.labels)), np.nan)
                onehot[known] = 0.0
                rows = np.flatnonzero(known)
                onehot[rows, column.data[rows]] = 1.0
                blocks.append(onehot)
            elif trait.kind is Kind.SET:
                matrix = column.data.astype(np.float64)
                matrix[~known] = np.nan
                blocks.append(matrix)
            else:
                blocks.append(column.data.astype(np.float64)[:, None])
        return np.hstack(blocks) if blocks else np.zeros((cohort.size, 0))

    def row(self, values: Mapping[str, Value | None]) -> FloatArray:
        out: list[float] = []
        for name, label in self.columns:
            value = values.get(name)
            if value is None:
                out.append(np.nan)
            elif isinstance(value, frozenset):
                out.append(1.0 if label in value else 0.0)
            elif label:
                out.append(1.0 if value == label else 0.0)
            else:
                trait = next(t for t in self.traits if t.name == name)
                out.append(trait.order_key(value))
        return np.array([out], dtype=np.float64)

    def features(self) -> list[str]:
        """Each column's :class:`~strive.route.LinearTarget` feature name.

        ``trait`` (numbers, yes/no as 0/1, levels as their index), ``trait=value``
        (one-hot categories), ``trait has m`` (set members).

        Raises:
            StateError: a trait name or label would be read back as another feature.
        """
        by_name = {t.name: t for t in self.traits}
        out = []
        for name, label in self.columns:
            kind = by_name[name].kind
            if kind is Kind.SET:
                feature, clash = f"{name} has {label}", " has " in name
            elif kind is Kind.CATEGORY:
                feature = f"{name}={label}"
                clash = "=" in name or " has " in feature
            else:
                feature, clash = name, "=" in name or " has " in name
            if clash:
                raise StateError(
                    f"cannot name the model feature {feature!r} unambiguously for a "
                    "route target: rename the trait or label (no '=' in trait names, "
                    "no ' has ' in names or category labels)"
                )
            out.append(feature)
        return out

    def monotonic(self) -> list[int]:
        """+1 where more can only help: grow-only yes/no, numbers, levels, members."""
        by_name = {t.name: t for t in self.traits}
        out = []
        for name, label in self.columns:
            trait = by_name[name]
            grows = trait.mutability is Mutability.GROW_ONLY
            ordered = trait.kind is not Kind.CATEGORY and (
                trait.kind is not Kind.SET or bool(label)
            )
            out.append(1 if grows and ordered else 0)
        return out


def _estimator(kind: str, design: _Design, seed: int) -> Any:
    if kind == "logistic":
        from sklearn.impute import SimpleImputer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        return make_pipeline(
            SimpleImputer(strategy="median", keep_empty_features=True),
            StandardScaler(),
            LogisticRegression(C=1.0, solver="newton-cholesky", max_iter=200),
        )
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        monotonic_cst=design.monotonic(), random_state=seed, max_iter=200
    )


class SelectionModel:
    """A fitted model of selection with its cross-validated quality.

    >>> model = SelectionModel("logistic").fit(cohort, traits)   # doctest: +SKIP
    >>> model.predict(values).probability                         # doctest: +SKIP
    """

    def __init__(self, kind: str = "logistic", folds: int = 5, seed: int = 0) -> None:
        self.kind = kind
        self.folds = folds
        self.seed = seed

    def fit(self, cohort: Cohort, traits: Sequence[Trait]) -> SelectionModel:
        """Fit on every row and cross-validate.

        Raises:
            StateError: the cohort has no outcomes, or too few of one outcome.
            TraitValueError: ``kind`` is not a known model.
        """
        from sklearn.metrics import brier_score_loss, roc_auc_score
        from sklearn.model_selection import StratifiedKFold

        if self.kind not in MODELS:
            raise TraitValueError(
                f"unknown model {self.kind!r}; choose one of: {', '.join(MODELS)}"
            )
        if cohort.selected is None:
            raise StateError("this cohort has no outcomes: comparison only, no model")
        used = compared_traits(cohort, traits)
        design = _Design.of(cohort, used)
        x = design.matrix(cohort)
        y = cohort.selected.astype(int)
        positives = int(y.sum())
        if min(positives, y.shape[0] - positives) < self.folds:
            raise StateError(
                f"too few selected ({positives}) or not selected "
                f"({y.shape[0] - positives}) people for {self.folds}-fold "
                "cross-validation"
            )
        splitter = StratifiedKFold(self.folds, shuffle=True, random_state=self.seed)
        oof = np.zeros(y.shape[0])
        fold_models = []
        for train, test in splitter.split(x, y):
            fold = _estimator(self.kind, design, self.seed).fit(x[train], y[train])
            oof[test] = fold.predict_proba(x[test])[:, 1]
            fold_models.append(fold)
        self.design_ = design
        self.fold_models_ = fold_models
        self.estimator_ = _estimator(self.kind, design, self.seed).fit(x, y)
        self.cv_auc_ = float(roc_auc_score(y, oof))
        self.cv_brier_ = float(brier_score_loss(y, oof))
        self.n_ = int(y.shape[0])
        self.positives_ = positives
        self.medians_ = _medians(x)
        return self

    def required_traits(self) -> tuple[str, ...]:
        """The model's input traits (never sensitive ones), in column order.

        :meth:`linear_target` equals the model only when all of these are known: the
        target counts an unknown feature as 0 where the model imputes the median.

        Raises:
            StateError: the model is not fitted.
        """
        if not hasattr(self, "design_"):
            raise StateError("fit the model before asking for its input traits")
        return tuple(t.name for t in self.design_.traits)

    def unknown_required(self, values: Mapping[str, Value | None]) -> tuple[str, ...]:
        """The :meth:`required_traits` that ``values`` leaves unknown."""
        return tuple(n for n in self.required_traits() if values.get(n) is None)

    def linear_target(
        self, threshold: float = 0.5, margin: float = 0.0, name: str = "model"
    ) -> LinearTarget:
        """This logistic model as an exact route target in raw trait units.

        The pipeline (median imputer, standard scaler, logistic regression) is
        unrolled: coefficient ``c / scale`` per column and intercept
        ``b - sum(c * mean / scale)``. For values known on every
        :meth:`required_traits`, ``target.score(traits, values)`` is the model's
        log-odds and its sigmoid is :meth:`probability`. An unknown feature counts 0
        in the target (the model would impute the cohort median instead), so check
        :meth:`unknown_required` before planning towards a probability.

        Raises:
            StateError: the model is gradient boosting (not linear) or not fitted,
                or a feature name would be ambiguous.
        """
        from strive.route.targets import LinearTarget

        if self.kind != "logistic":
            raise StateError(
                "a route can aim at a model probability only with the logistic model"
            )
        if not hasattr(self, "estimator_"):
            raise StateError("fit the model before asking for its route target")
        _, scaler, logistic = (step for _, step in self.estimator_.steps)
        scale = np.asarray(scaler.scale_, dtype=np.float64)
        mean = np.asarray(scaler.mean_, dtype=np.float64)
        weights = np.asarray(logistic.coef_[0], dtype=np.float64) / scale
        intercept = float(logistic.intercept_[0]) - float(weights @ mean)
        coefficients = {
            feature: float(w)
            for feature, w in zip(self.design_.features(), weights, strict=True)
        }
        return LinearTarget(coefficients, intercept, threshold, margin, name=name)

    def probability(self, values: Mapping[str, Value | None]) -> float:
        return float(self.estimator_.predict_proba(self.design_.row(values))[0, 1])

    def predict(
        self, values: Mapping[str, Value | None], target_note: str = ""
    ) -> ModelResult:
        row = self.design_.row(values)
        probability = float(self.estimator_.predict_proba(row)[0, 1])
        spread = [float(m.predict_proba(row)[0, 1]) for m in self.fold_models_]
        spread.append(probability)
        return ModelResult(
            kind=self.kind,
            probability=probability,
            interval=(min(spread), max(spread)),
            interval_method=INTERVAL_METHOD.format(folds=self.folds),
            cv_auc=self.cv_auc_,
            cv_brier=self.cv_brier_,
            folds=self.folds,
            n=self.n_,
            positives=self.positives_,
            features=tuple(t.name for t in self.design_.traits),
            contributions=self._contributions(row, probability),
            contribution_method=CONTRIBUTION_METHOD[self.kind],
            target_note=target_note,
        )

    def _contributions(
        self, row: FloatArray, probability: float
    ) -> tuple[Contribution, ...]:
        names = [name for name, _ in self.design_.columns]
        unknown = np.isnan(row[0])
        out: dict[str, float] = {}
        if self.kind == "logistic":
            imputer, scaler, logistic = (step for _, step in self.estimator_.steps)
            z = scaler.transform(imputer.transform(row))[0]
            parts = logistic.coef_[0] * z
            for name, part in zip(names, parts, strict=True):
                out[name] = out.get(name, 0.0) + float(part)
        else:
            for trait in self.design_.traits:
                cols = [i for i, name in enumerate(names) if name == trait.name]
                swapped = row.copy()
                swapped[0, cols] = self.medians_[cols]
                base = float(self.estimator_.predict_proba(swapped)[0, 1])
                out[trait.name] = probability - base
        imputed = {
            name: bool(all(unknown[i] for i, n in enumerate(names) if n == name))
            for name in out
        }
        ranked = sorted(out.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
        return tuple(Contribution(name, value, imputed[name]) for name, value in ranked)


def _medians(x: FloatArray) -> FloatArray:
    """Column medians over known values (NaN for a column known for nobody)."""
    out = np.full(x.shape[1], np.nan)
    for j in range(x.shape[1]):
        known = x[~np.isnan(x[:, j]), j]
        if known.size:
            out[j] = float(np.median(known))
    return out
