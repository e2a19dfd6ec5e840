"""scikit-learn as shapes: a fitted scaler or encoder keeps the shape it is
given; ``train_test_split`` keeps each array's rank and gives the train (and
the test) parts one shared sample count, so ``X_train`` and ``y_train`` still
agree.
"""

from __future__ import annotations

import math
from typing import Callable, Dict, Optional, Tuple

from .shape_ops import fresh
from ..core.tables import registrar
from ..core.shapes import Poly, const
from ..core.values import Array, Float, Int, Seq, Value, unknown

SCALERS = {"MinMaxScaler", "StandardScaler", "RobustScaler", "MaxAbsScaler", "Normalizer",
           "QuantileTransformer", "PowerTransformer", "SimpleImputer", "FunctionTransformer"}

# By the last part of the name: sklearn.preprocessing.MinMaxScaler is MinMaxScaler.
SKLEARN_CALLS: Dict[str, Callable] = {}
sklearn_function = registrar(SKLEARN_CALLS)


class Transformer(Value):
    """A scikit-learn transformer: ``transform`` keeps the shape it gets."""

    __slots__ = ("kind",)

    def __init__(self, kind: str):
        self.kind = kind


@sklearn_function(*SCALERS, "LabelEncoder")
def transformer(interp, name: str, args, node) -> Value:
    return Transformer(name)


def transformer_method(interp, receiver: Transformer, name: str, args, node) -> Optional[Value]:
    """``fit_transform``/``transform``/``inverse_transform`` keep the shape of X."""
    if name in ("fit_transform", "transform", "inverse_transform"):
        x = args.arg(0, "X")
        if isinstance(x, Array) and x.shape is not None:
            if receiver.kind == "LabelEncoder":
                return Array(x.shape, kind="ndarray", dtype="int")
            return Array(x.shape, kind="ndarray", dtype="float")
        return unknown("transformed")
    if name == "fit":
        return receiver
    return unknown(name)


@sklearn_function("train_test_split")
def train_test_split_call(interp, name: str, args, node) -> Value:
    return train_test_split(args)


def train_test_split(args) -> Value:
    """Each array split in two along the first axis; the train parts share one
    sample count and the test parts another."""
    if args.star or not args.positional:
        return unknown("split")
    n_train, n_test = split_sizes(args)
    parts = []
    for a in args.positional:
        if isinstance(a, Array) and a.shape:
            kind = "ndarray" if a.kind == "ndarray" else a.kind
            parts.append(Array((n_train,) + tuple(a.shape[1:]), dtype=a.dtype, kind=kind,
                               one_hot=a.one_hot))
            parts.append(Array((n_test,) + tuple(a.shape[1:]), dtype=a.dtype, kind=kind,
                               one_hot=a.one_hot))
        else:
            parts.extend([unknown("train"), unknown("test")])
    return Seq(tuple(parts))


def split_sizes(args) -> Tuple[Poly, Poly]:
    """scikit-learn's sizes when the sample count and the sizes are numbers:
    a float test_size rounds up, a float train_size down, 0.25 by default."""
    first = args.positional[0]
    n = first.shape[0].value if isinstance(first, Array) and first.shape else None
    test, train = args.keywords.get("test_size"), args.keywords.get("train_size")
    if n is None or (test is not None and not number_like(test)) \
            or (train is not None and not number_like(train)):
        return fresh("n_train"), fresh("n_test")
    n_test = size_of(test, n, math.ceil) if test is not None else None
    n_train = size_of(train, n, math.floor) if train is not None else None
    if n_test is None and n_train is None:
        n_test = math.ceil(0.25 * n)
    if n_train is None:
        n_train = n - n_test
    if n_test is None:
        n_test = n - n_train
    if n_train <= 0 or n_test <= 0:
        return fresh("n_train"), fresh("n_test")
    return const(n_train), const(n_test)


def number_like(v: Value) -> bool:
    return (isinstance(v, Int) and v.poly.value is not None) or \
        (isinstance(v, Float) and v.value is not None)


def size_of(v: Value, n: int, rounding) -> int:
    if isinstance(v, Int):
        return v.poly.value
    return int(rounding(v.value * n))
