"""Fitted scikit-learn models as route targets (issue 10).

:func:`target_from_model` compiles a linear classifier or a tree ensemble (behind
the usual scalers, encoders and imputers) into an exact target for
:func:`strive.route.plan_route`. scikit-learn is never imported by strive here:
the fitted objects are read through their attributes.
"""

from __future__ import annotations

from strive.route.models.compile import (
    SENSITIVE_WORDS,
    SensitiveTraitError,
    check_recorded,
    target_from_model,
)
from strive.route.models.encode import ModelInputError, Unsupported

__all__ = [
    "SENSITIVE_WORDS",
    "ModelInputError",
    "SensitiveTraitError",
    "Unsupported",
    "check_recorded",
    "target_from_model",
]
