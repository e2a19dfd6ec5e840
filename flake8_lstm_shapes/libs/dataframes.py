"""pandas, scikit-learn and Keras's data utilities, as shapes.

A DataFrame is an ``Array`` of kind ``dataframe`` (rows, columns), a Series of
kind ``series`` (rows,): ``df[['a', 'b']].values`` is then ``(rows, 2)``.  A
fitted scaler keeps the shape it is given; ``train_test_split`` keeps each
array's rank and gives the train (and the test) arrays one shared sample
count, so ``X_train`` and ``y_train`` still agree; ``to_categorical(y,
num_classes=k)`` appends ``k`` and remembers it is one-hot.
"""

from __future__ import annotations

import ast
import math
from dataclasses import replace
from typing import Optional, Tuple

from . import shape_ops
from ..core.names import keras_object
from ..core.shapes import Poly, const
from ..core.values import Array, Batches, Const, Float, Int, ListOf, Seq, Value, to_poly, unknown

SCALERS = {"MinMaxScaler", "StandardScaler", "RobustScaler", "MaxAbsScaler", "Normalizer",
           "QuantileTransformer", "PowerTransformer", "SimpleImputer", "FunctionTransformer"}
SAME_SHAPE_FRAME_METHODS = {"astype", "copy", "fillna", "ffill", "bfill", "interpolate", "shift",
                            "diff", "pct_change", "abs", "round", "clip", "replace", "sort_index",
                            "interpolate", "rank", "cumsum"}


class Transformer(Value):
    """A scikit-learn transformer: ``transform`` keeps the shape it gets."""

    __slots__ = ("kind",)

    def __init__(self, kind: str):
        self.kind = kind


class Indexer(Value):
    """``df.iloc`` / ``df.loc``."""

    __slots__ = ("frame", "kind")

    def __init__(self, frame: Array, kind: str):
        self.frame = frame
        self.kind = kind


def frame(rows: Poly, cols: Optional[Poly]) -> Array:
    if cols is None:
        return Array((rows,), kind="series")
    return Array((rows, cols), kind="dataframe")


def fresh(name: str) -> Poly:
    return shape_ops.fresh(name)


# -- calls ----------------------------------------------------------------------------------

def call(interp, qualname: str, args, node: ast.Call) -> Optional[Value]:
    obj = keras_object(qualname)
    if obj == "to_categorical":
        return to_categorical(args)
    if obj == "pad_sequences":
        return pad_sequences(args)
    if obj in WINDOWING:
        return windows(interp, obj, args, node)
    if obj == "ImageDataGenerator":
        return ImageSource()
    if obj == "image_dataset_from_directory":
        return image_batches(interp, args, node, size_arg="image_size", labels_arg="label_mode",
                             default_labels="int")
    if qualname in ("tensorflow.one_hot", "keras.ops.one_hot"):
        return one_hot(args)
    if qualname == "tensorflow.data.Dataset.from_tensor_slices":
        return tensor_slices(args.arg(0, "tensors"))
    if qualname.startswith("pandas."):
        return pandas_call(qualname[len("pandas."):], args)
    if qualname.startswith("sklearn."):
        name = qualname.rsplit(".", 1)[-1]
        if name in SCALERS:
            return Transformer(name)
        if name == "train_test_split":
            return train_test_split(args)
        if name == "LabelEncoder":
            return Transformer(name)
    return None


def pandas_call(path: str, args) -> Optional[Value]:
    if path in ("read_csv", "read_excel", "read_table", "read_parquet", "read_json", "read_sql"):
        return frame(fresh("rows"), fresh("columns"))
    if path == "DataFrame":
        data = args.arg(0, "data")
        if isinstance(data, Array) and data.shape is not None and len(data.shape) == 2:
            return Array(data.shape, kind="dataframe")
        columns = args.arg(None, "columns")
        rows = data.shape[0] if isinstance(data, Array) and data.shape else fresh("rows")
        if isinstance(columns, Seq):
            return frame(rows, const(len(columns.items)))
        return frame(rows, fresh("columns"))
    if path == "Series":
        data = args.arg(0, "data")
        if isinstance(data, Array) and data.shape is not None and len(data.shape) == 1:
            return Array(data.shape, kind="series")
        return frame(fresh("rows"), None)
    if path == "concat":
        return unknown("frame")
    return None


def to_categorical(args) -> Value:
    """``to_categorical(y, num_classes=k)``: (N,) or (N, 1) labels -> (N, k)."""
    y = args.arg(0, "x") or args.arg(0, "y")
    k_value = args.arg(1, "num_classes")
    k = to_poly(k_value) if k_value is not None else fresh("num_classes")
    if k is None:
        return unknown("one-hot")
    if not isinstance(y, Array) or y.shape is None:
        # labels of unknown shape (a dataset loader): still one-hot with k classes
        return Array(None, dtype="float", one_hot=k) if k_value is not None else unknown("one-hot")
    shape = tuple(y.shape)
    if len(shape) > 1 and shape[-1].value == 1:
        shape = shape[:-1]       # Keras drops a trailing axis of 1 first
    return Array(shape + (k,), dtype="float", one_hot=k)


# Keras's sliding windows over a series: x of (windows, timesteps, *features), y of
# (windows, *target) from the targets at each window's end.
WINDOWING = {"TimeseriesGenerator", "timeseries_dataset_from_array"}


def windows(interp, obj: str, args, node: ast.Call) -> Value:
    """``TimeseriesGenerator(data, targets, length, sampling_rate=1, ...)`` (Keras 2)
    and ``timeseries_dataset_from_array(data, targets, sequence_length, ...)``.

    TimeseriesGenerator's windows take every ``sampling_rate``-th step of
    ``length``: their timesteps are known only for a rate of 1.
    """
    data, targets = args.arg(0, "data"), args.arg(1, "targets")
    if obj == "TimeseriesGenerator":
        length, rate = args.arg(2, "length"), args.arg(3, "sampling_rate")
        if rate is not None and not (isinstance(rate, Int) and rate.poly.value == 1):
            length = None
    else:
        length = args.arg(2, "sequence_length")
    if not isinstance(data, Array) or not data.shape:
        return Batches(None)
    count = fresh("windows")
    steps = to_poly(length) if isinstance(length, Int) else None
    origin = interp.origin_at(node.lineno)
    x = Array((count, steps) + tuple(data.shape[1:]), origin, dtype=data.dtype)
    y = None
    if isinstance(targets, Array) and targets.shape:
        y = Array((count,) + tuple(targets.shape[1:]), origin, dtype=targets.dtype,
                  one_hot=targets.one_hot)
    return Batches(x, y)


# tf.data methods that keep what a dataset's elements are.
DATASET_KEEPS = {"shuffle", "prefetch", "cache", "repeat", "take", "skip", "filter",
                 "with_options", "shard"}


def tensor_slices(tensors: Optional[Value]) -> Value:
    """``tf.data.Dataset.from_tensor_slices((X, y))``: one element per sample,
    not yet batched."""
    items = tensors.items if isinstance(tensors, Seq) and tensors.kind != "list" else (tensors,)
    if not items or len(items) > 2 or not all(isinstance(t, Array) for t in items):
        return Batches(None)
    return Batches(items[0], items[1] if len(items) == 2 else None, unbatched=True)


def dataset_method(batches: Batches, name: str) -> Value:
    if name in ("batch", "padded_batch"):
        return replace(batches, unbatched=False) if batches.unbatched else Batches(None)
    if name == "unbatch" and not batches.unbatched:
        return replace(batches, unbatched=True)
    if name in DATASET_KEEPS:
        return batches
    return unknown(name)      # map, zip, window, ...: what comes out is not followed


class ImageSource(Value):
    """``ImageDataGenerator(...)``: its ``flow*`` methods give batches."""

    __slots__ = ()


CHANNELS = {"rgb": 3, "grayscale": 1, "rgba": 4}


def image_batches(interp, args, node: ast.Call, size_arg: str, labels_arg: str,
                  default_labels: str) -> Value:
    """Images read from a directory (or a DataFrame of file names): x of
    (images, height, width, channels) at ``target_size``/``image_size``
    (default 256 x 256), y by the label mode.

    ``flow_from_directory``'s class_mode and ``image_dataset_from_directory``'s
    label_mode: "categorical" one-hot (N, classes), "binary" (N,) of 0/1 (the
    dataset function gives (N, 1)), "sparse"/"int" (N,) class ids, "input" the
    images themselves, None no targets.
    """
    size = args.keywords.get(size_arg)
    dims = (const(256), const(256)) if size is None else None
    if isinstance(size, Seq) and len(size.items) == 2 and all(isinstance(d, Int) for d in size.items):
        dims = tuple(d.poly for d in size.items)
    mode = args.keywords.get("color_mode", Const("rgb"))
    channels = CHANNELS.get(mode.value) if isinstance(mode, Const) else None
    if dims is None or channels is None:
        return Batches(None)
    count = fresh("images")
    origin = interp.origin_at(node.lineno)
    x = Array((count,) + dims + (const(channels),), origin, dtype="float")
    labels = args.keywords.get(labels_arg, Const(default_labels))
    label = labels.value if isinstance(labels, Const) else ...
    if label == "categorical":
        classes = fresh("classes")
        y = Array((count, classes), origin, dtype="float", one_hot=classes)
    elif label == "binary":
        y = Array((count, const(1)) if labels_arg == "label_mode" else (count,), origin, dtype="float")
    elif label in ("sparse", "int"):
        y = Array((count,), origin, dtype="int")
    elif label == "input":
        y = x
    else:
        y = None                # None, "raw", "multi_output", or a mode we cannot read
    return Batches(x, y)


def one_hot(args) -> Value:
    """``tf.one_hot(indices, depth)``: a new last axis of ``depth``."""
    indices = args.arg(0, "indices") or args.arg(0, "x")
    depth_value = args.arg(1, "depth") or args.arg(1, "num_classes")
    depth = to_poly(depth_value) if depth_value is not None else None
    if not isinstance(indices, Array) or indices.shape is None or depth is None:
        return unknown("one-hot")
    return Array(tuple(indices.shape) + (depth,), dtype="float", one_hot=depth)


def pad_sequences(args) -> Value:
    sequences = args.arg(0, "sequences")
    maxlen = args.arg(1, "maxlen")
    if isinstance(sequences, Array) and sequences.shape:
        n = sequences.shape[0]
    elif isinstance(sequences, Seq):
        n = const(len(sequences.items))
    else:
        n = fresh("sequences")
    length = to_poly(maxlen) if maxlen is not None else fresh("maxlen")
    if length is None:
        return unknown("padded")
    return Array((n, length), dtype="int")


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


# -- attributes and methods -------------------------------------------------------------------

def attribute(interp, base: Value, attr: str, node) -> Optional[Value]:
    if not isinstance(base, Array) or base.kind not in ("dataframe", "series"):
        return None
    if attr in ("values", "array"):
        return base.with_shape(base.shape, kind="ndarray")
    if attr in ("iloc", "loc"):
        return Indexer(base, attr)
    if attr == "columns" and base.kind == "dataframe" and base.shape is not None:
        return ListOf(Const(""), base.shape[1])     # len(df.columns) is the column count
    if attr == "index" and base.shape is not None:
        return ListOf(None, base.shape[0])
    if attr in ("columns", "index", "dtypes", "str", "dt"):
        return unknown(attr)
    return None


def method(interp, receiver: Value, name: str, args, node) -> Optional[Value]:
    if isinstance(receiver, Batches):
        return dataset_method(receiver, name)
    if isinstance(receiver, ImageSource):
        if name in ("flow_from_directory", "flow_from_dataframe"):
            return image_batches(interp, args, node, size_arg="target_size",
                                 labels_arg="class_mode", default_labels="categorical")
        if name == "flow":
            x, y = args.arg(0, "x"), args.arg(1, "y")
            return Batches(x if isinstance(x, Array) else None, y if isinstance(y, Array) else None)
        return unknown(name)
    if isinstance(receiver, Transformer):
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
    if not isinstance(receiver, Array) or receiver.kind not in ("dataframe", "series"):
        return None
    shape = receiver.shape
    if name == "to_numpy":
        return receiver.with_shape(shape, kind="ndarray")
    if name in SAME_SHAPE_FRAME_METHODS:
        return receiver.with_shape(shape, kind=receiver.kind)
    if shape is None:
        return None
    if name == "dropna":
        return receiver.with_shape((fresh("rows"),) + tuple(shape[1:]), kind=receiver.kind)
    if name in ("head", "tail"):
        n = args.arg(0, "n")
        rows = to_poly(n) if n is not None else const(5)
        return receiver.with_shape(((rows or fresh("rows")),) + tuple(shape[1:]), kind=receiver.kind)
    if name == "drop" and receiver.kind == "dataframe":
        return drop(receiver, args)
    return None


def drop(df: Array, args) -> Value:
    """``df.drop(columns=[...])`` / ``df.drop([...], axis=1)``: fewer columns."""
    columns = args.arg(None, "columns")
    axis = args.arg(1, "axis")
    if columns is None and isinstance(axis, (Int, Const)) and getattr(axis, "poly", None) is not None \
            and axis.poly.value == 1:
        columns = args.arg(0, "labels")
    if columns is None and isinstance(axis, Const) and axis.value == "columns":
        columns = args.arg(0, "labels")
    if columns is None:
        return df.with_shape((fresh("rows"), df.shape[1]), kind="dataframe")
    count = len(columns.items) if isinstance(columns, Seq) else 1 \
        if isinstance(columns, Const) and isinstance(columns.value, str) else None
    cols = df.shape[1] - const(count) if count is not None else fresh("columns")
    return df.with_shape((df.shape[0], cols), kind="dataframe")


# -- indexing ---------------------------------------------------------------------------------

def subscript(interp, base: Value, index: ast.AST, env, node) -> Optional[Value]:
    if isinstance(base, Indexer):
        return indexer_subscript(interp, base, index, env, node)
    if not isinstance(base, Array) or base.kind not in ("dataframe", "series") or base.shape is None:
        return None
    key = interp.eval(index, env) if not isinstance(index, ast.Slice) else None
    rows = base.shape[0]
    if base.kind == "series":
        return None
    if isinstance(key, Const) and isinstance(key.value, str):
        return Array((rows,), kind="series")
    if isinstance(key, Seq) and all(isinstance(v, Const) and isinstance(v.value, str) for v in key.items):
        return Array((rows, const(len(key.items))), kind="dataframe")
    if isinstance(key, Array) and key.dtype == "bool":
        return base.with_shape((fresh("rows"), base.shape[1]), kind="dataframe")
    if isinstance(index, ast.Slice):
        return base.with_shape((fresh("rows"), base.shape[1]), kind="dataframe")
    return unknown("column")


def indexer_subscript(interp, indexer: Indexer, index: ast.AST, env, node) -> Value:
    from .arrays import index_shape
    frame_value = indexer.frame
    if indexer.kind != "iloc" or frame_value.shape is None:
        return unknown("loc")
    items = index.elts if isinstance(index, ast.Tuple) else [index]
    values = [item if isinstance(item, ast.Slice) else interp.eval(item, env) for item in items]
    if any(isinstance(v, Seq) for v in values):
        values = [Array((const(len(v.items)),), dtype="int") if isinstance(v, Seq) else v
                  for v in values]
        if len(values) > 1:
            return column_list_iloc(interp, frame_value, items, values, env)
    out = index_shape(interp, frame_value.shape, values, env)
    if out is None:
        return unknown("iloc")
    kind = {2: "dataframe", 1: "series"}.get(len(out), "ndarray")
    return Array(out, kind=kind)


def column_list_iloc(interp, df: Array, items, values, env) -> Value:
    """``df.iloc[:, [0, 2, 3]]``: the listed columns."""
    from .arrays import index_shape
    rows = index_shape(interp, df.shape[:1], values[:1], env)
    cols = values[1]
    if rows is None or not isinstance(cols, Array):
        return unknown("iloc")
    return Array(tuple(rows) + tuple(cols.shape), kind="dataframe")
