"""Keras's data utilities as shapes: ``to_categorical(y, num_classes=k)``
appends ``k`` and remembers it is one-hot, ``pad_sequences`` gives
(sequences, maxlen), ``TimeseriesGenerator`` and
``timeseries_dataset_from_array`` give windows of the series, and images
read from a directory come in batches of (height, width, channels).

``KERAS_CALLS`` is keyed by the Keras object's name (``to_categorical``,
whichever of ``keras.utils``, ``tensorflow.keras.utils``... it comes from);
``QUALIFIED_CALLS`` by the full name, for the one-hot functions outside
Keras's utilities.
"""

from __future__ import annotations

import ast
from typing import Callable, Dict, Optional

from .datasets import batched_element
from .keras_datasets import label_classes
from .numpy_calls import literal_array
from .shape_ops import fresh
from ..core.tables import registrar
from ..core.shapes import Poly, const
from ..core.values import Array, Batches, Const, Int, Seq, Value, to_poly, unknown

KERAS_CALLS: Dict[str, Callable] = {}
keras_function = registrar(KERAS_CALLS)
QUALIFIED_CALLS: Dict[str, Callable] = {}
qualified_function = registrar(QUALIFIED_CALLS)


@keras_function("to_categorical")
def to_categorical_call(interp, name: str, args, node) -> Value:
    return to_categorical(args)


@keras_function("pad_sequences")
def pad_sequences_call(interp, name: str, args, node) -> Value:
    return pad_sequences(args)


@keras_function("TimeseriesGenerator", "timeseries_dataset_from_array")
def windows_call(interp, name: str, args, node) -> Value:
    return windows(interp, name, args, node)


@keras_function("ImageDataGenerator")
def image_data_generator(interp, name: str, args, node) -> Value:
    return ImageSource()


@keras_function("image_dataset_from_directory")
def image_dataset_from_directory(interp, name: str, args, node) -> Value:
    return image_batches(interp, args, node, size_arg="image_size", labels_arg="label_mode",
                         default_labels="int")


@qualified_function("tensorflow.one_hot", "keras.ops.one_hot")
def one_hot_call(interp, name: str, args, node) -> Value:
    return one_hot(args)


def to_categorical(args) -> Value:
    """``to_categorical(y, num_classes=k)``: (N,) or (N, 1) labels -> (N, k).

    Without ``num_classes`` the width is the labels' maximum plus one: known
    when the labels are a literal, a symbol of its own otherwise."""
    y = args.arg(0, "x") or args.arg(0, "y")
    k_value = args.arg(1, "num_classes")
    if isinstance(k_value, Const) and k_value.value is None:
        k_value = None
    k = to_poly(k_value) if k_value is not None else literal_classes(y)
    if k is None and k_value is None:
        k = fresh("num_classes")
    if k is None:
        return unknown("one-hot")
    if isinstance(y, Seq):
        y = literal_array(y)
    if not isinstance(y, Array) or y.shape is None:
        # labels of unknown shape (a dataset loader): still one-hot with k classes
        return Array(None, dtype="float", one_hot=k) if k_value is not None else unknown("one-hot")
    shape = tuple(y.shape)
    if len(shape) > 1 and shape[-1].value == 1:
        shape = shape[:-1]       # Keras drops a trailing axis of 1 first
    return Array(shape + (k,), dtype="float", one_hot=k)


def literal_classes(y: Optional[Value]) -> Optional[Poly]:
    """The number of classes of literal labels (``[0, 2, 1]``: 3), or of
    labels a dataset loader gave (mnist's: 10), or None."""
    loaded = label_classes(y)
    if loaded is not None:
        return loaded
    if not isinstance(y, Seq) or literal_array(y) is None or not isinstance(literal_array(y), Array):
        return None
    labels, pending = [], [y]
    while pending:
        item = pending.pop()
        if isinstance(item, Seq):
            pending.extend(item.items)
        elif isinstance(item, Int) and item.poly.value is not None and item.poly.value >= 0:
            labels.append(item.poly.value)
        else:
            return None         # a float, a symbol or a negative label: not readable
    return const(max(labels) + 1) if labels else None


# Keras's sliding windows over a series: x of (windows, timesteps, *features), y of
# (windows, *target) from the targets at each window's end.
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
    no_targets = targets is None or (isinstance(targets, Const) and targets.value is None)
    if obj == "TimeseriesGenerator" or (y is None and not no_targets):
        return Batches(x, y)
    return Batches(x, y, element=batched_element(x, y))    # a tf.data dataset: map follows it


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


def image_source_method(interp, receiver: ImageSource, name: str, args, node) -> Value:
    """``ImageDataGenerator(...).flow_from_directory(...)`` / ``.flow(x, y)``."""
    if name in ("flow_from_directory", "flow_from_dataframe"):
        return image_batches(interp, args, node, size_arg="target_size",
                             labels_arg="class_mode", default_labels="categorical")
    if name == "flow":
        x, y = args.arg(0, "x"), args.arg(1, "y")
        return Batches(x if isinstance(x, Array) else None, y if isinstance(y, Array) else None)
    return unknown(name)
