"""Indexing: ``X.shape[i]``, a tuple or list ``t[i]`` and ``t[a:b]``, and
NumPy's basic and advanced indexing on a known shape: ``X[:, -1, None]``,
``X[idx]`` with an index array or list, ``np.eye(k)[labels]``, boolean masks,
and the two mixed (pandas's ``iloc`` uses the same rule, from ``frames``).
A ``slice(a, b)`` object used as an index is the slice ``a:b`` written out.
"""

from __future__ import annotations

import ast
from typing import List, Optional, Tuple

from . import numpy_shapes, shape_ops
from .ndarray import ShapeOf, ShapeTuple, int_value_of
from .literals import index_array
from ..core.shapes import Poly, const, dims_differ
from ..core.values import (Array, Const, Int, ListOf, Ref, Seq, Unknown, Value, fresh_key, numpy_int,
                           to_poly, unknown)


class SliceOf(Value):
    """A ``slice(start, stop, step)`` object: indexing with it is indexing
    with ``start:stop:step`` written out.  Each bound is the value given, or
    None where it is not given or given as None."""

    __slots__ = FIELDS = ("bounds",)

    def __init__(self, bounds: Tuple[Optional[Value], Optional[Value], Optional[Value]]):
        self.bounds = bounds


def slice_object(args: List[Value]) -> Value:
    """``slice(stop)``, ``slice(start, stop)``, ``slice(start, stop, step)``."""
    if not 1 <= len(args) <= 3:
        return unknown("slice")
    given = [None if isinstance(a, Const) and a.value is None else a for a in args]
    if len(given) == 1:
        return SliceOf((None, given[0], None))
    return SliceOf(tuple(given) + (None,) * (3 - len(given)))


def is_slice(v) -> bool:
    """A slice written out (``a:b``) or a ``slice`` object."""
    return isinstance(v, (ast.Slice, SliceOf))


def shape_subscript(interp, base: ShapeTuple, index: ast.AST, env, node) -> Value:
    """``X.shape[i]``: announced when X has fewer axes than i."""
    if not isinstance(index, ast.Slice):
        i = interp.eval(index, env)
        n = int_value_of(i)
        rank = len(base.items)
        if n is not None and not -rank <= n < rank:
            interp.ctx.events.shape_index_out_of_range(interp.ctx, node, base.array, base.name, n)
            return unknown()
    return seq_subscript(interp, base, index, env)


def seq_subscript(interp, base: Seq, index: ast.AST, env) -> Value:
    i = None if isinstance(index, ast.Slice) else interp.eval(index, env)
    if i is None or isinstance(i, SliceOf):
        return seq_slice(base, slice_values(interp, i if i is not None else index, env))
    if isinstance(i, Int) and i.poly.value is not None:
        n = i.poly.value
        if -len(base.items) <= n < len(base.items):
            return base.items[n]
    return unknown()


def seq_slice(base: Seq, bounds: List[Optional[Value]]) -> Value:
    """``t[a:b:c]`` of a tuple or list of known length, with known bounds."""
    ints = []
    for b in bounds:
        if b is None:
            ints.append(None)
        elif isinstance(b, Int) and b.poly.value is not None:
            ints.append(b.poly.value)
        else:
            return unknown()
    try:
        return Seq(base.items[slice(*ints)], base.kind if base.kind != "range" else "tuple")
    except ValueError:
        return unknown()


def shape_of_subscript(interp, base: ShapeOf, index: ast.AST, env) -> Value:
    """``X.shape[i]`` of an array of unknown rank: the symbol of axis i."""
    i = interp.eval(index, env)
    if isinstance(i, Int) and i.poly.value is not None and i.poly.value >= 0:
        return base.axis(i.poly.value)
    return unknown()


def list_of_subscript(interp, base: ListOf, index: ast.AST, env) -> Value:
    """An element of a list grown in a loop, or a slice of it (a list of unknown length)."""
    i = interp.eval(index, env)
    if isinstance(i, Int) and base.elem is not None:
        return base.elem
    if isinstance(index, ast.Slice):
        return ListOf(base.elem, Poly.symbol(fresh_key("len"), "len"), base.origin)
    return unknown()


def index_first(array: Array, i: Optional[int]) -> Value:
    """``X[i]``: one element along the first axis."""
    if array.shape is None or not array.shape:
        return unknown()
    return Array(tuple(array.shape[1:]), dtype=array.dtype, kind="ndarray",
                 origin=array.origin)


def array_subscript(interp, array: Array, index: ast.AST, env, node) -> Value:
    """NumPy's basic and advanced indexing on a known shape."""
    items = index.elts if isinstance(index, ast.Tuple) else [index]
    values = [item if isinstance(item, ast.Slice) else interp.eval(item, env) for item in items]
    if array.shape is None:
        return unknown()
    if array.one_hot is not None and len(values) == 1 and unseen_labels(values[0]) \
            and len(array.shape) == 2:
        # np.eye(k)[y] of labels we cannot see: one-hot with k classes all the same
        return Array(None, dtype=array.dtype, one_hot=array.one_hot)
    out = numpy_index_shape(interp, array.shape, values, env)
    if out is None:
        return unknown()
    single = all(isinstance(v, Int) for v in values)
    if out == () and array.dtype == "int" and array.kind == "ndarray":
        # one element of an int array: a NumPy integer (``labels[0]``)
        return numpy_int(Poly.symbol(fresh_key("element"), interp.ctx.source(node, 30)))
    return Array(out, dtype=array.dtype, origin=array.origin if single else None,
                 one_hot=array.one_hot if keeps_last_axis(values, len(array.shape)) else None)


def unseen_labels(v) -> bool:
    """Labels whose shape we do not know (loaded from a file): not a float or
    boolean array, not a tuple of indices."""
    return isinstance(v, Unknown) or isinstance(v, Array) and v.shape is None \
        and v.dtype in (None, "int")


def keeps_last_axis(values, rank: int) -> bool:
    """The last axis comes through whole and last (``eye(k)[labels]``,
    ``Y[train_idx]``, ``Y[:, None, :]``): a one-hot array stays one-hot."""
    if any(isinstance(v, Const) and v.value is Ellipsis for v in values):
        values = values[[isinstance(v, Const) and v.value is Ellipsis for v in values].index(True) + 1:]
        return not values or (whole_slice(values[-1]) and all(not is_new_axis(v) for v in values[-1:]))
    consumed = sum(consumed_axes(v) for v in values)
    if consumed < rank:
        return not (values and is_new_axis(values[-1]))
    return bool(values) and whole_slice(values[-1])


def whole_slice(v) -> bool:
    return isinstance(v, ast.Slice) and v.lower is None and v.upper is None and v.step is None


def is_new_axis(v) -> bool:
    return isinstance(v, Const) and v.value is None or isinstance(v, Ref) and v.qualname == "numpy.newaxis"


def consumed_axes(v) -> int:
    """How many axes of the indexed array one index item uses up."""
    if is_new_axis(v) or (isinstance(v, Const) and v.value is Ellipsis):
        return 0
    found = index_array(v)
    return len(found[0]) if found is not None and found[1] == "bool" else 1


# An index item, read: ("int"|"slice"|"new"|"ellipsis"|"array"|"mask", the item,
# the shape it stands for when it is an array or a mask).
IndexItem = Tuple[str, object, Optional[Tuple[Poly, ...]]]


def read_item(v) -> Optional[IndexItem]:
    if is_new_axis(v):
        return "new", v, None
    if isinstance(v, Const) and v.value is Ellipsis:
        return "ellipsis", v, None
    if is_slice(v):
        return "slice", v, None
    if isinstance(v, Int):
        return "int", v, ()
    found = index_array(v)
    if found is None:
        return loose_index(v)
    shape, dtype = found
    return ("mask" if dtype == "bool" else "array"), v, shape


def index_shape(interp, shape, values, env) -> Optional[Tuple[Poly, ...]]:
    """``index_shape`` with at most one index array or mask: where pandas's
    ``iloc`` (which takes two lists as rows and columns, not as pairs) and
    NumPy agree."""
    arrays = sum(1 for v in values if not isinstance(v, (ast.Slice, Int)) and index_array(v) is not None)
    return numpy_index_shape(interp, shape, values, env) if arrays <= 1 else None


def loose_index(v) -> Optional[IndexItem]:
    """A 1-D array of unknown dtype (labels read from a file): if indexing
    with it works, it holds ints (one row each) or is a mask (one row per
    True), so one axis of unknown length takes its place either way."""
    if isinstance(v, Array) and v.dtype is None and v.shape is not None and len(v.shape) == 1 \
            and v.kind in ("ndarray", "series"):
        return "loose", v, (shape_ops.fresh("rows"),)
    return None


def numpy_index_shape(interp, shape, values, env) -> Optional[Tuple[Poly, ...]]:
    """The shape ``a[values]`` has, by NumPy's rule: ints drop an axis, slices
    keep it (with a new length), None adds one, ``...`` stands for the axes
    not written.  With an index array or a mask among them, the arrays (the
    ints too, then) broadcast together, and their shape takes the place of
    the axes they index when they are next to each other, or comes first
    when something else stands between them.  A mask's count of True is a
    fresh symbol."""
    items = [read_item(v) for v in values]
    if any(item is None for item in items):
        return None
    consuming = sum(mask_rank(item) if item[0] == "mask" else item[0] not in ("new", "ellipsis")
                    for item in items)
    if consuming > len(shape) or sum(item[0] == "ellipsis" for item in items) > 1:
        return None
    advanced = any(item[0] in ("array", "mask", "loose") for item in items)
    if any(item[0] == "loose" for item in items) \
            and sum(item[0] in ("array", "mask", "loose", "int") for item in items) > 1:
        return None         # with other indices, int or mask would place it differently
    pieces = index_pieces(interp, shape, items, consuming, advanced, env)
    if pieces is None:
        return None
    out: List[Poly] = []
    if not advanced:
        for _, dims, _ in pieces:
            out.extend(dims)
        return tuple(out) + tuple(shape[consuming_end(pieces):])
    return place_advanced(pieces, shape)


def mask_rank(item: IndexItem) -> int:
    return len(item[2])


def consuming_end(pieces) -> int:
    return pieces[-1][2] if pieces else 0


def index_pieces(interp, shape, items, consuming: int, advanced: bool, env):
    """One piece per item: (kind, dims it gives or the advanced shape, the
    next axis).  None where NumPy raises (an int past the end, a mask of
    another shape) or the answer cannot be told."""
    pieces = []
    axis = 0
    for kind, v, index_dims in items:
        if kind == "ellipsis":
            skip = len(shape) - consuming
            dims = tuple(shape[axis:axis + skip])
            axis += skip
        elif kind == "new":
            dims = (const(1),)
        elif kind == "slice":
            dims = (slice_dim(interp, shape[axis], v, env),)
            axis += 1
        elif kind == "int":
            if index_out_of_range(v, shape[axis]):
                return None
            dims = ()
            axis += 1
        elif kind in ("array", "loose"):
            if literal_out_of_range(v, shape[axis]):
                return None
            dims = index_dims
            axis += 1
        else:
            indexed = shape[axis:axis + len(index_dims)]
            if not index_dims or any(dims_differ(a, b) for a, b in zip(indexed, index_dims)):
                return None         # a 0-d mask, or one of another shape: IndexError
            dims = (shape_ops.fresh("mask"),)
            axis += len(index_dims)
        advanced_kind = advanced and kind in ("int", "array", "mask", "loose")
        pieces.append(("advanced" if advanced_kind else kind, dims, axis))
    return pieces


def slice_values(interp, v, env) -> List[Optional[Value]]:
    """(start, stop, step) of a slice: evaluated where written out, as the
    object holds them otherwise; None where not given."""
    if isinstance(v, SliceOf):
        return list(v.bounds)
    return [interp.eval(b, env) if b is not None else None for b in (v.lower, v.upper, v.step)]


def slice_dim(interp, length, v, env) -> Poly:
    """The length of one axis after a slice, written out or a ``slice`` object."""
    given = slice_values(interp, v, env)
    bounds = [to_poly(b) if b is not None else None for b in given]
    if any(p is None for p, b in zip(bounds, given) if b is not None):
        return shape_ops.fresh("slice")
    if length is None:
        return shape_ops.fresh("slice")
    return shape_ops.slice_length(length, *bounds)


def place_advanced(pieces, shape) -> Optional[Tuple[Poly, ...]]:
    """The broadcast shape of the advanced indices, where NumPy puts it."""
    together = numpy_shapes.broadcast_shapes([dims for kind, dims, _ in pieces if kind == "advanced"])
    if together is None:
        return None
    at = [i for i, (kind, _, _) in enumerate(pieces) if kind == "advanced"]
    between = pieces[at[0]:at[-1] + 1]
    if any(kind == "ellipsis" and not dims for kind, dims, _ in between):
        return None         # an empty ``...`` between them: not worth a guess
    adjacent = all(kind == "advanced" for kind, _, _ in between)
    out: List[Poly] = [] if adjacent else list(together)
    for i, (kind, dims, _) in enumerate(pieces):
        if kind != "advanced":
            out.extend(dims)
        elif adjacent and i == at[0]:
            out.extend(together)
    return tuple(out) + tuple(shape[consuming_end(pieces):])


def literal_out_of_range(v, length: Optional[Poly]) -> bool:
    """``X[[0, 7]]`` on an axis of 4: a listed index past the end raises."""
    if not isinstance(v, Seq):
        return False
    pending = [v]
    while pending:
        item = pending.pop()
        if isinstance(item, Seq):
            pending.extend(item.items)
        elif isinstance(item, Int) and index_out_of_range(item, length):
            return True
    return False


def index_out_of_range(index: Int, length: Optional[Poly]) -> bool:
    """``X[i]`` past the end of its axis: NumPy raises IndexError, so there is
    no shape to give.  (An axis can be None: a Keras shape taken for an array.)"""
    if length is None:
        return False
    n, i = length.value, index.poly.value
    return n is not None and i is not None and not -n <= i < n
