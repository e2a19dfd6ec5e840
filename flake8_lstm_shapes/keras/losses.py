"""Keras's losses by name: what ``compile(loss=...)`` names, normalized.

A loss is given as a string (``"mse"``), a function (``keras.losses.mse``) or
a class instance (``keras.losses.MeanSquaredError()``); all three name one of
the losses below.  Which shapes each accepts is the rules' business
(``rules.targets``).
"""

from __future__ import annotations

from typing import Optional

from ..core.values import Const, Ref, Value

CATEGORICAL = "categorical_crossentropy"
SPARSE = "sparse_categorical_crossentropy"
BINARY = "binary_crossentropy"
ELEMENTWISE = {"mean_squared_error", "mean_absolute_error", "binary_crossentropy", "huber",
               "mean_squared_logarithmic_error", "mean_absolute_percentage_error", "log_cosh",
               "hinge", "squared_hinge", "poisson", "kl_divergence", "binary_focal_crossentropy"}
ALIASES = {"mse": "mean_squared_error", "mae": "mean_absolute_error",
           "msle": "mean_squared_logarithmic_error", "mape": "mean_absolute_percentage_error",
           "logcosh": "log_cosh", "kld": "kl_divergence", "kullback_leibler_divergence":
           "kl_divergence", "huber_loss": "huber", "bce": "binary_crossentropy"}
LOSS_CLASSES = {"CategoricalCrossentropy": CATEGORICAL, "SparseCategoricalCrossentropy": SPARSE,
                "MeanSquaredError": "mean_squared_error", "MeanAbsoluteError": "mean_absolute_error",
                "BinaryCrossentropy": "binary_crossentropy", "Huber": "huber",
                "MeanSquaredLogarithmicError": "mean_squared_logarithmic_error",
                "LogCosh": "log_cosh", "BinaryFocalCrossentropy": "binary_focal_crossentropy"}


def loss_name(loss: Optional[Value]) -> Optional[str]:
    """The Keras loss a ``compile(loss=...)`` value names, normalized."""
    name = None
    if isinstance(loss, Const) and isinstance(loss.value, str):
        name = loss.value
    elif isinstance(loss, Ref):
        name = loss.qualname.rsplit(".", 1)[-1]
    if name is None:
        return None
    name = LOSS_CLASSES.get(name, name)
    name = ALIASES.get(name.lower(), name.lower())
    if name in ELEMENTWISE or name in (CATEGORICAL, SPARSE):
        return name
    return None
