"""tf.data as shapes.

A dataset is a ``Batches``: ``x`` and ``y`` as the rules read them (the
arrays as if all batches were stacked), and ``element``, one element as
tf.data hands it to ``map``: an array, or a tuple of them, each with its
shape per element.  ``Dataset.from_tensor_slices((X, y))`` has one sample
per element, ``from_tensors`` the whole arrays as its one element; ``batch(n)``
puts a batch axis in front (exactly ``n`` with ``drop_remainder=True``, a
symbol otherwise: the last batch may be smaller), ``unbatch`` takes it away,
``padded_batch`` keeps only the rank.  ``map(fn)`` runs ``fn`` on the element
through the interpreter, and Keras reads what it returns the way it reads
any element: ``(x, y)``, ``(x, y, sample_weight)`` or a lone ``x``.
Shuffling, caching and repeating keep what the elements are; anything else
(``window``, ``interleave``, a dict of named inputs) is not followed.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Optional, Tuple

from ..core.records import replace
from ..core.shapes import Poly, const
from ..core.tables import registrar
from ..core.values import Array, Batches, Const, Function, Int, Seq, Value, fresh_key, unknown

# By the full name: the ways to make a dataset of arrays that are followed.
DATASET_CALLS: Dict[str, Callable] = {}
dataset_function = registrar(DATASET_CALLS)

# tf.data methods that keep what a dataset's elements are, and those of them
# that keep how many there are too.
DATASET_KEEPS = {"shuffle", "prefetch", "cache", "repeat", "take", "skip", "filter",
                 "with_options", "shard", "apply_options"}
LENGTH_KEEPS = {"shuffle", "prefetch", "cache", "with_options", "apply_options"}

MAX_NESTING = 3          # tuples in tuples: deeper elements are not followed


@dataset_function("tensorflow.data.Dataset.from_tensor_slices")
def from_tensor_slices(interp, name: str, args, node) -> Value:
    return tensor_slices(args.arg(0, "tensors"))


@dataset_function("tensorflow.data.Dataset.from_tensors")
def from_tensors(interp, name: str, args, node) -> Value:
    return whole_tensors(args.arg(0, "tensors"))


@dataset_function("tensorflow.data.Dataset.zip")
def zip_call(interp, name: str, args, node) -> Value:
    datasets = args.arg(0, "datasets")
    if len(args.positional) > 1:                   # Dataset.zip(a, b): TF 2.13's spelling
        datasets = Seq(tuple(args.positional))
    return zipped(datasets) if not args.open_ended else unknown(name)


# -- what an element is ----------------------------------------------------------------------

def structure(value: Optional[Value], depth: int = 0) -> bool:
    """Is ``value`` an element tf.data makes of arrays of known rank: an
    array, or a tuple of such (nested at most ``MAX_NESTING`` deep)?"""
    if isinstance(value, Array):
        return value.shape is not None and value.kind != "element"
    if isinstance(value, Seq) and value.kind == "tuple" and value.items and depth < MAX_NESTING:
        return all(structure(item, depth + 1) for item in value.items)
    return False


def each_array(value: Value, change: Callable[[Array], Optional[Array]]) -> Optional[Value]:
    """The element with ``change`` made to each of its arrays; None where a change fails."""
    if isinstance(value, Array):
        return change(value)
    items = tuple(each_array(item, change) for item in value.items)
    return Seq(items, "tuple") if all(item is not None for item in items) else None


def reshaped(array: Array, shape: Tuple) -> Array:
    return Array(shape, array.origin, dtype=array.dtype, one_hot=array.one_hot)


def without_first_axis(array: Array) -> Optional[Array]:
    return reshaped(array, tuple(array.shape[1:])) if array.shape else None


def keras_parts(element: Value) -> Optional[Tuple[Value, Optional[Value]]]:
    """(x, y) as ``fit`` reads an element: ``(x, y)``, ``(x, y, sample_weight)``,
    ``(x,)`` or a lone ``x``; a tuple ``x`` is a model's several inputs."""
    if isinstance(element, Array):
        return element, None
    items = element.items
    if len(items) > 3 or (len(items) > 1 and not isinstance(items[1], Array)):
        return None          # more than Keras unpacks, or targets of several outputs
    return items[0], items[1] if len(items) > 1 else None


# -- datasets made of arrays -----------------------------------------------------------------

def tensor_slices(tensors: Optional[Value]) -> Value:
    """``tf.data.Dataset.from_tensor_slices((X, y))``: one element per sample,
    not yet batched; the rules read X and y themselves."""
    if not structure(tensors) or not all_sliceable(tensors):
        return Batches(None)
    element = each_array(tensors, without_first_axis)
    parts = keras_parts(tensors)
    x, y = parts if parts is not None else (None, None)
    return Batches(x, y, unbatched=True, element=element, length=leading_axis(tensors))


def all_sliceable(value: Value) -> bool:
    if isinstance(value, Array):
        return bool(value.shape)
    return all(all_sliceable(item) for item in value.items)


def whole_tensors(tensors: Optional[Value]) -> Value:
    """``Dataset.from_tensors((X, y))``: one element, the whole arrays; Keras
    takes it for one batch of all the samples."""
    if not structure(tensors):
        return Batches(None)
    parts = keras_parts(tensors)
    x, y = parts if parts is not None else (None, None)
    return Batches(x, y, element=tensors, length=const(1))


def dataset_of(element: Value, batched: bool, samples: Optional[Poly] = None) -> Batches:
    """A dataset of elements like ``element``, with the x and y the rules read:
    each array with the number of samples in front, in place of the batch
    axis once batched.  ``samples`` when known; otherwise a symbol, one for x
    and y where each element holds as many samples of both."""
    parts = keras_parts(element)
    if parts is None:
        return Batches(None, unbatched=not batched, element=element)
    x_part, y_part = parts
    count = samples if samples is not None else Poly.symbol(fresh_key("dataset"), "samples")
    y_count = count
    if batched and y_part is not None and leading_axis(x_part) != leading_axis(y_part):
        y_count = Poly.symbol(fresh_key("dataset"), "samples")
    return Batches(stacked(x_part, count, batched), stacked(y_part, y_count, batched),
                   unbatched=not batched, element=element)


def batched_element(x: Array, y: Optional[Array]) -> Value:
    """The element of a dataset Keras makes in batches
    (``timeseries_dataset_from_array``) from the stacked x and y: a batch axis
    of its own in front, a symbol (the last batch may be smaller)."""
    axis = Poly.symbol(fresh_key("batch"), "batch")
    parts = tuple(reshaped(a, (axis,) + tuple(a.shape[1:])) for a in (x, y) if a is not None)
    return Seq(parts, "tuple") if len(parts) > 1 else parts[0]


def leading_axis(part: Value) -> Optional[Poly]:
    if isinstance(part, Array) and part.shape:
        return part.shape[0]
    if isinstance(part, Seq) and part.items:
        return leading_axis(part.items[0])
    return None


def stacked(part: Optional[Value], count: Poly, batched: bool) -> Optional[Value]:
    """One element's array as all the elements stacked: ``count`` in front of
    a sample, or in place of a batch's own axis."""
    if part is None:
        return None

    def stack(array: Array) -> Optional[Array]:
        if batched and not array.shape:
            return None
        rest = tuple(array.shape[1:]) if batched else tuple(array.shape)
        return reshaped(array, (count,) + rest)
    return each_array(part, stack)


# -- methods ---------------------------------------------------------------------------------

def method(interp, batches: Batches, name: str, args, node) -> Value:
    if name == "map":
        return mapped(interp, batches, args, node)
    if name == "batch":
        return batched(batches, args.arg(0, "batch_size"), args.arg(1, "drop_remainder"))
    if name == "padded_batch":
        return padded(batches, args.arg(0, "batch_size"), args.arg(3, "drop_remainder"))
    if name == "unbatch":
        return unbatched(batches)
    if name == "window":
        return windowed(batches, args.arg(0, "size"), args.arg(3, "drop_remainder"))
    if name == "flat_map":
        return flat_mapped(interp, batches, args.arg(0, "map_func"), node)
    if name in LENGTH_KEEPS:
        return batches
    if name in DATASET_KEEPS:
        return replace(batches, length=None)
    return unknown(name)      # interleave, group_by_window, ...: what comes out is not followed


def batch_axis(size: Optional[Value], drop_remainder: Optional[Value],
               length: Optional[Poly] = None) -> Poly:
    """The batch axis ``batch(size, drop_remainder)`` gives: ``size`` when the
    short last batch is dropped or when ``size`` divides the dataset's exact
    ``length`` (all of it when they are equal); otherwise a symbol (the last
    batch may be smaller)."""
    if isinstance(size, Int):
        if isinstance(drop_remainder, Const) and drop_remainder.value is True:
            return size.poly
        if length is not None and (size.poly == length or divides(size.poly, length)):
            return size.poly
    return Poly.symbol(fresh_key("batch"), "batch")


def divides(size: Poly, length: Poly) -> bool:
    return size.value is not None and length.value is not None and size.value > 0 \
        and length.value % size.value == 0


def batched(batches: Batches, size: Optional[Value], drop_remainder: Optional[Value]) -> Value:
    if batches.element is None:
        return replace(batches, unbatched=False) if batches.unbatched else Batches(None)
    axis = batch_axis(size, drop_remainder, batches.length)
    element = each_array(batches.element, lambda a: reshaped(a, (axis,) + tuple(a.shape)))
    if batches.unbatched:
        return replace(batches, unbatched=False, element=element, length=None)
    return dataset_of(element, batched=True)


def padded(batches: Batches, size: Optional[Value], drop_remainder: Optional[Value]) -> Value:
    """``padded_batch``: each axis may be padded to the longest in the batch or
    to ``padded_shapes``, so only the rank is known."""
    if batches.element is None:
        return Batches(None)
    axis = batch_axis(size, drop_remainder)

    def pad(array: Array) -> Array:
        return reshaped(array, (axis,) + tuple(Poly.symbol(fresh_key("padded"), "padded")
                                               for _ in array.shape))
    element = each_array(batches.element, pad)
    return dataset_of(element, batched=True)


def unbatched(batches: Batches) -> Value:
    """``unbatch``: the batch axis (or a sample's first axis) split into elements."""
    if batches.element is None:
        return replace(batches, unbatched=True) if not batches.unbatched else unknown("unbatch")
    element = each_array(batches.element, without_first_axis)
    if element is None:
        return unknown("unbatch")
    if not batches.unbatched:
        return replace(batches, unbatched=True, element=element, length=None)
    return dataset_of(element, batched=False)


def mapped(interp, batches: Batches, args, node) -> Value:
    """``map(fn)``: ``fn`` runs on the element (a tuple's items as its
    arguments, as tf.data calls it); what it returns is the new element."""
    fn = args.arg(0, "map_func")
    if not isinstance(fn, Function) or batches.element is None or not accepts(fn, batches.element):
        return unknown("map")
    element = batches.element
    values: List[Value] = list(element.items) if isinstance(element, Seq) else [element]
    result = interp.call_back(fn, values, node)
    if not structure(result):
        return unknown("map")
    made = dataset_of(result, batched=not batches.unbatched, samples=kept_samples(batches, result))
    return replace(made, length=batches.length)        # one element out for each in


def accepts(fn: Function, element: Value) -> bool:
    """Does ``fn`` take the element's parts as tf.data passes them (one
    argument each), without ``*args`` or keyword-only parameters?"""
    params = fn.node.args
    count = len(element.items) if isinstance(element, Seq) else 1
    positional = len(params.posonlyargs) + len(params.args)
    required = positional - len(params.defaults)
    return not params.vararg and not params.kwonlyargs and required <= count <= positional


def kept_samples(batches: Batches, result: Value) -> Optional[Poly]:
    """The samples the dataset had, where ``map`` keeps them: always for one
    sample per element; for batches, where x keeps the batch axis it had."""
    before, after = keras_parts(batches.element), keras_parts(result)
    if before is None or after is None or not isinstance(batches.x, Array) or not batches.x.shape:
        return None
    if batches.unbatched or (leading_axis(after[0]) is not None
                             and leading_axis(after[0]) == leading_axis(before[0])):
        return batches.x.shape[0]
    return None


def windowed(batches: Batches, size: Optional[Value], drop_remainder: Optional[Value]) -> Value:
    """``window(size, shift, stride, drop_remainder)``: a dataset of windows,
    each a dataset of the elements it holds (exactly ``size`` of them when
    the short windows at the end are dropped).  Followed for an element of
    one array; a tuple's windows are tuples of datasets."""
    if not isinstance(batches.element, Array) or not isinstance(size, Int):
        return unknown("window")
    exact = isinstance(drop_remainder, Const) and drop_remainder.value is True
    window = Batches(None, unbatched=batches.unbatched, element=batches.element,
                     length=size.poly if exact else None)
    return Batches(None, unbatched=True, element=window)


def flat_mapped(interp, batches: Batches, fn: Optional[Value], node) -> Value:
    """``flat_map(fn)`` over windows: ``fn`` makes a dataset of each window
    (``lambda w: w.batch(size)``), whose elements, one after the other, are
    the new dataset's: each is one sample."""
    window = batches.element
    if not isinstance(fn, Function) or not isinstance(window, Batches) or not accepts(fn, window):
        return unknown("flat_map")
    made = interp.call_back(fn, [window], node)
    if not isinstance(made, Batches) or not structure(made.element):
        return unknown("flat_map")
    return dataset_of(made.element, batched=False)


def zipped(datasets: Optional[Value]) -> Value:
    """``Dataset.zip((a, b))``: elements of a tuple, one part from each; as
    long as the shortest, so the sample count is a symbol of its own."""
    if not (isinstance(datasets, Seq) and datasets.kind == "tuple" and datasets.items):
        return unknown("zip")
    parts = datasets.items
    if not all(isinstance(p, Batches) and structure(p.element) for p in parts):
        return unknown("zip")
    flags = {p.unbatched for p in parts}
    if len(flags) != 1:
        return unknown("zip")
    element = Seq(tuple(p.element for p in parts), "tuple")
    return dataset_of(element, batched=not flags.pop())
