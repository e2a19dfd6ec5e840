"""Indexing: ``X.shape[i]``, a tuple or list ``t[i]`` and ``t[a:b]``, and
NumPy's basic and simple advanced indexing ``X[:, -1, None]`` on a known
shape (pandas's ``iloc`` uses the same rule, from ``frames``).
"""

from __future__ import annotations

import ast
from typing import List, Optional, Tuple

from . import shape_ops
from .ndarray import ShapeOf, ShapeTuple, int_value_of
from ..core.shapes import Poly, const
from ..core.values import Array, Const, Int, ListOf, Ref, Seq, Value, fresh_key, to_poly, unknown


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
    if isinstance(index, ast.Slice):
        bounds = [interp.eval(b, env) if b is not None else None
                  for b in (index.lower, index.upper, index.step)]
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
    i = interp.eval(index, env)
    if isinstance(i, Int) and i.poly.value is not None:
        n = i.poly.value
        if -len(base.items) <= n < len(base.items):
            return base.items[n]
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
    """NumPy's basic and simple advanced indexing on a known shape."""
    items = index.elts if isinstance(index, ast.Tuple) else [index]
    values = [item if isinstance(item, ast.Slice) else interp.eval(item, env) for item in items]
    if array.shape is None:
        return unknown()
    out = index_shape(interp, array.shape, values, env)
    if out is None:
        return unknown()
    single = all(isinstance(v, Int) for v in values)
    return Array(out, dtype=array.dtype, origin=array.origin if single else None,
                 one_hot=array.one_hot if len(out) == len(array.shape) else None)


def index_shape(interp, shape, values, env) -> Optional[Tuple[Poly, ...]]:
    """The shape ``a[values]`` has: ints drop an axis, slices keep it (with a new
    length), None adds one, ``...`` stands for the axes not written, an integer
    array replaces the first axis by its own shape."""
    values = [Const(None) if isinstance(v, Ref) and v.qualname == "numpy.newaxis" else v
              for v in values]
    consuming = sum(1 for v in values if not (isinstance(v, Const) and v.value in (None, Ellipsis)))
    if consuming > len(shape) or sum(1 for v in values if isinstance(v, Const) and v.value is Ellipsis) > 1:
        return None
    out: List[Poly] = []
    axis = 0
    for v in values:
        if isinstance(v, Const) and v.value is Ellipsis:
            skip = len(shape) - consuming
            out.extend(shape[axis:axis + skip])
            axis += skip
        elif isinstance(v, Const) and v.value is None:
            out.append(const(1))
        elif isinstance(v, ast.Slice):
            bounds = [to_poly(interp.eval(b, env)) if b is not None else None
                      for b in (v.lower, v.upper, v.step)]
            if any(b is None for b, node in zip(bounds, (v.lower, v.upper, v.step)) if node is not None):
                out.append(shape_ops.fresh("slice"))
            else:
                out.append(shape_ops.slice_length(shape[axis], *bounds))
            axis += 1
        elif isinstance(v, Int):
            if index_out_of_range(v, shape[axis]):
                return None
            axis += 1
        elif isinstance(v, Array) and v.shape is not None and v.dtype == "int" and len(values) == 1:
            out.extend(v.shape)
            axis += 1
        elif isinstance(v, Array) and v.dtype == "bool" and v.shape is not None:
            out.append(shape_ops.fresh("mask"))
            axis += len(v.shape)
        else:
            return None
    out.extend(shape[axis:])
    return tuple(out)


def index_out_of_range(index: Int, length: Optional[Poly]) -> bool:
    """``X[i]`` past the end of its axis: NumPy raises IndexError, so there is
    no shape to give.  (An axis can be None: a Keras shape taken for an array.)"""
    if length is None:
        return False
    n, i = length.value, index.poly.value
    return n is not None and i is not None and not -n <= i < n
