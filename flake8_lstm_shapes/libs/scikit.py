"""scikit-learn as shapes: a fitted scaler keeps the 2-D shape it is given;
an encoder gives its labels' encoding (``LabelEncoder`` one integer per
sample, ``LabelBinarizer`` and ``OneHotEncoder`` one column per class, a
width that is a symbol unless the code says it); ``train_test_split`` and
``shuffle`` keep each array's trailing axes and give the parts sample counts
that keep their relation (``n_train = n - n_test``), so ``X_train`` and
``y_train`` still agree.

Where scikit-learn raises (a scaler or ``OneHotEncoder`` given a 1-D array,
``LabelEncoder`` a 2-D one) the result is unknown: the program stops there.
"""

from __future__ import annotations

import math
from typing import Callable, Dict, Optional, Tuple

from .frames import distinct_values
from .shape_ops import fresh
from ..core.tables import registrar
from ..core.shapes import Poly, const
from ..core.values import Array, Const, Float, Int, ListOf, Seq, Value, unknown

SCALERS = {"MinMaxScaler", "StandardScaler", "RobustScaler", "MaxAbsScaler", "Normalizer",
           "QuantileTransformer", "PowerTransformer", "SimpleImputer", "FunctionTransformer",
           "OrdinalEncoder"}
ENCODERS = {"LabelEncoder", "LabelBinarizer", "OneHotEncoder"}
TRANSFORMS = ("fit_transform", "transform")

# By the last part of the name: sklearn.preprocessing.MinMaxScaler is MinMaxScaler.
SKLEARN_CALLS: Dict[str, Callable] = {}
sklearn_function = registrar(SKLEARN_CALLS)


class Transformer(Value):
    """A scikit-learn transformer and the arguments it was made with."""

    __slots__ = ("kind", "options")

    def __init__(self, kind: str, options=None):
        self.kind = kind
        self.options = options

    def option(self, name: str) -> Optional[Value]:
        return self.options.keywords.get(name) if self.options is not None else None


@sklearn_function(*SCALERS, *ENCODERS)
def transformer(interp, name: str, args, node) -> Value:
    return Transformer(name, args)


def transformer_method(interp, receiver: Transformer, name: str, args, node) -> Optional[Value]:
    if name == "fit":
        return receiver
    x = args.arg(0, "X") or args.arg(0, "y")
    if receiver.kind in ("LabelEncoder", "LabelBinarizer") and isinstance(x, Seq) \
            and x.kind == "list" and name in TRANSFORMS:
        return labels_literal(receiver.kind, x)
    if not isinstance(x, Array) or x.shape is None or name not in TRANSFORMS + ("inverse_transform",):
        return unknown(name)
    if receiver.kind in ENCODERS:
        encode = ENCODINGS[receiver.kind] if name in TRANSFORMS else None
        return encode(receiver, x) if encode is not None else unknown(name)
    return scaled(receiver, x)


def scaled(receiver: Transformer, x: Array) -> Value:
    """A scaler's output: X's shape as floats; scikit-learn raises on 1-D X
    (``Expected 2D array``), and a ``FunctionTransformer``'s own function may
    make any shape."""
    if receiver.kind == "FunctionTransformer":
        func = receiver.options.arg(0, "func") if receiver.options is not None else None
        if receiver.options is None or receiver.options.open_ended or func not in (None, Const(None)):
            return unknown("transformed")
        return x.with_shape(x.shape, kind="ndarray")      # the identity, any rank
    if len(x.shape) != 2:
        return unknown("transformed")
    return Array(x.shape, kind="ndarray", dtype="float")


def label_encoded(receiver: Transformer, y: Array) -> Value:
    """``LabelEncoder``: one integer per sample; a column ``(n, 1)`` is
    raveled, wider labels raise."""
    if len(y.shape) == 1 or (len(y.shape) == 2 and y.shape[1].value == 1):
        return Array((y.shape[0],), kind="ndarray", dtype="int")
    return unknown("labels")


def labels_literal(kind: str, labels: Seq) -> Value:
    """The encoding of labels written as a list: for ``LabelBinarizer`` the
    width is known when the distinct labels are (three or more: one column
    each, one-hot; one or two: a single column)."""
    samples = const(len(labels.items))
    if kind == "LabelEncoder":
        return Array((samples,), kind="ndarray", dtype="int")
    classes = distinct_values(labels)
    if classes is None:
        return Array((samples, fresh("classes")), kind="ndarray", dtype="int")
    if classes <= 2:
        return Array((samples, const(1)), kind="ndarray", dtype="int")
    return Array((samples, const(classes)), kind="ndarray", dtype="int", one_hot=const(classes))


def binarized(receiver: Transformer, y: Array) -> Value:
    """``LabelBinarizer``: one column per class, but ONE column for two
    classes, so the width is a symbol that is not a one-hot class count."""
    if len(y.shape) == 1 or (len(y.shape) == 2 and y.shape[1].value == 1):
        return Array((y.shape[0], fresh("classes")), kind="ndarray", dtype="int")
    return unknown("binarized")


def one_hot_encoded(receiver: Transformer, x: Array) -> Value:
    """``OneHotEncoder``: each column of a 2-D X becomes one column per
    category (a scipy sparse matrix unless ``sparse_output=False``); one
    column of X without ``drop`` is a one-hot encoding of its classes."""
    if len(x.shape) != 2 or receiver.options is None or receiver.options.open_ended:
        return unknown("one-hot")
    drop = receiver.option("drop")
    width = category_count(receiver.option("categories"), drop, x.shape[1])
    one_hot = width if x.shape[1].value == 1 and (drop is None or drop == Const(None)) else None
    sparse = receiver.option("sparse_output") or receiver.option("sparse")
    kind = "ndarray" if isinstance(sparse, Const) and sparse.value is False else "sparse"
    return Array((x.shape[0], width), kind=kind, dtype="float", one_hot=one_hot)


def category_count(categories: Optional[Value], drop: Optional[Value], columns: Poly) -> Poly:
    """The encoded width: the sum of the listed categories (less one each
    with ``drop='first'``) when ``categories=`` lists them for every column."""
    if not isinstance(categories, Seq) or not all(isinstance(c, Seq) for c in categories.items) \
            or columns.value != len(categories.items):
        return fresh("categories")
    if drop is not None and drop != Const(None) and drop != Const("first"):
        return fresh("categories")
    if any(not c.items for c in categories.items):
        return fresh("categories")          # scikit-learn raises on an empty list
    less = 1 if drop == Const("first") else 0
    return const(sum(len(c.items) - less for c in categories.items))


ENCODINGS = {"LabelEncoder": label_encoded, "LabelBinarizer": binarized,
             "OneHotEncoder": one_hot_encoded}


def sparse_method(receiver: Array, name: str, args) -> Optional[Value]:
    """``toarray()``/``todense()`` of a scipy sparse matrix: the same shape,
    dense; None for anything else."""
    if receiver.kind != "sparse" or name not in ("toarray", "todense"):
        return None
    return receiver.with_shape(receiver.shape, kind="ndarray", one_hot=receiver.one_hot)


# -- splitting and shuffling ------------------------------------------------------------------

@sklearn_function("train_test_split")
def train_test_split_call(interp, name: str, args, node) -> Value:
    return train_test_split(args)


def train_test_split(args) -> Value:
    """Each array split in two along the first axis; the train parts share one
    sample count and the test parts another."""
    if args.star or args.double_star or not args.positional:
        return unknown("split")
    n_train, n_test = split_sizes(args)
    parts = []
    for a in args.positional:
        parts.append(with_samples(a, n_train))
        parts.append(with_samples(a, n_test))
    return Seq(tuple(parts))


@sklearn_function("shuffle", "resample")
def shuffle_call(interp, name: str, args, node) -> Value:
    """``shuffle(X, y)`` (and ``resample``): the same shapes, or
    ``n_samples`` of each; one array alone comes back alone, not in a list."""
    if args.star or args.double_star or not args.positional:
        return unknown(name)
    count = args.keywords.get("n_samples")
    first = args.positional[0]
    if count is not None and not (isinstance(count, Int) or count == Const(None)):
        return unknown(name)
    if isinstance(count, Int):
        samples = count.poly
    elif isinstance(first, Array) and first.shape:
        samples = first.shape[0]
    elif isinstance(first, ListOf):
        samples = first.length
    else:
        return unknown(name)
    parts = tuple(with_samples(a, samples) for a in args.positional)
    return parts[0] if len(parts) == 1 else Seq(parts, "list")


def with_samples(value: Value, samples: Poly) -> Value:
    """``value`` with ``samples`` along its first axis (a pandas object stays
    one, a list stays a list); unknown when its shape is."""
    if isinstance(value, Array) and value.shape:
        return Array((samples,) + tuple(value.shape[1:]), dtype=value.dtype, kind=value.kind,
                     one_hot=value.one_hot)
    if isinstance(value, ListOf):
        return ListOf(value.elem, samples)
    return unknown("part")


def split_sizes(args) -> Tuple[Poly, Poly]:
    """scikit-learn's sizes: a count is that count, a fraction of n samples
    gives ``ceil(test_size * n)`` test and ``floor(train_size * n)`` train
    samples, 0.25 test by default, and the side not given is the rest."""
    first = args.positional[0]
    if isinstance(first, Array) and first.shape:
        n: Optional[Poly] = first.shape[0]
    else:
        n = first.length if isinstance(first, ListOf) else None
    test, train = args.keywords.get("test_size"), args.keywords.get("train_size")
    test = None if test == Const(None) else test
    train = None if train == Const(None) else train
    if not all(v is None or isinstance(v, (Int, Float)) for v in (test, train)):
        return fresh("n_train"), fresh("n_test")
    if test is None and train is None:
        test = Float(0.25)
    if n is not None and n.value is not None and known(test) and known(train):
        return exact_sizes(n.value, test, train)
    n_test = part_size(test, "n_test")
    n_train = part_size(train, "n_train")
    if n is not None and train is None:
        n_train = n - n_test
    if n is not None and test is None:
        n_test = n - n_train
    return n_train, n_test


def known(v: Optional[Value]) -> bool:
    """A size we can multiply out: a known count, or a finite fraction."""
    return v is None or (isinstance(v, Int) and v.poly.value is not None) or \
        (isinstance(v, Float) and v.value is not None and math.isfinite(v.value))


def part_size(v: Optional[Value], name: str) -> Poly:
    """A count as written; a fraction of a sample count we cannot multiply out."""
    return v.poly if isinstance(v, Int) else fresh(name)


def exact_sizes(n: int, test: Optional[Value], train: Optional[Value]) -> Tuple[Poly, Poly]:
    n_test = size_of(test, n, math.ceil) if test is not None else None
    n_train = size_of(train, n, math.floor) if train is not None else None
    if n_train is None:
        n_train = n - n_test
    if n_test is None:
        n_test = n - n_train
    if n_train <= 0 or n_test <= 0 or n_train + n_test > n:
        return fresh("n_train"), fresh("n_test")      # scikit-learn raises
    return const(n_train), const(n_test)


def size_of(v: Value, n: int, rounding) -> int:
    if isinstance(v, Int):
        return v.poly.value
    return int(rounding(v.value * n))
