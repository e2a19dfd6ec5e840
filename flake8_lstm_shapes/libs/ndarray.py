"""The NumPy array itself: ``X.shape`` and the other attributes, the array
methods (``X.reshape``, ``X.astype``, ``X.transpose``, ``X.mean(axis=1)``),
elementwise arithmetic between arrays, and the readers of axis arguments
that ``numpy_calls`` shares.

Methods and attributes are tables from a name to a small function; a name
not in the table is not modelled here (``arrays`` then asks pandas).
"""

from __future__ import annotations

import ast
from typing import Callable, Dict, List, Optional, Tuple

from . import numpy_shapes, shape_ops
from .literals import index_array
from ..core.tables import registrar
from ..core.shapes import Poly, const, product
from ..core.values import Array, Const, Float, Int, Ref, Seq, Unknown, Value, to_poly, unknown

REDUCTIONS = {"mean", "sum", "max", "min", "std", "var", "median", "prod", "argmax", "argmin",
              "amax", "amin", "nanmean", "nansum", "nanmax", "nanmin", "average", "any", "all"}


# -- symbols of unknown-rank arrays -----------------------------------------------------

class ShapeOf(Value):
    """``X.shape`` of an array whose rank is unknown: ``X.shape[1]`` is still a
    symbol, the same each time it is written."""

    __slots__ = ("key", "name")

    def __init__(self, key: tuple, name: str):
        self.key = key
        self.name = name

    def axis(self, i: int) -> Int:
        return ShapeInt(Poly.symbol(("shape", self.key, i), f"{self.name}.shape[{i}]"), i, self.name)


class ShapeInt(Int):
    """``X.shape[i]``: an int that remembers it is axis ``i`` of an array, so
    ``input_shape=(X.shape[0], ...)`` can be recognised as the sample count."""

    __slots__ = ("axis", "name")
    FIELDS = ("poly", "axis", "name")

    def __init__(self, poly: Poly, axis: int = 0, name: str = ""):
        self.poly = poly
        self.numpy = False          # shape entries are Python ints
        self.axis = axis
        self.name = name


class ShapeTuple(Seq):
    """``X.shape`` of an array of known rank: a tuple that remembers its array,
    so ``X.shape[2]`` on a 2-D X can say where X came from (LST204)."""

    __slots__ = ("array", "name")

    def __init__(self, array: Array, name: str):
        self.items = tuple(ShapeInt(d, i, name) for i, d in enumerate(array.shape))
        self.kind = "tuple"
        self.origin = array.origin
        self.array = array
        self.name = name


def shape_value(array: Array, name: str) -> Value:
    if array.shape is None:
        return ShapeOf(array.key, name)
    return ShapeTuple(array, name)


# -- attributes ---------------------------------------------------------------------------
# Each takes the array, the attribute's name and the source text of the array
# (for the symbols it makes).

ATTRIBUTES: Dict[str, Callable[[Array, str, str], Value]] = {}
attribute = registrar(ATTRIBUTES)


@attribute("shape")
def shape_attribute(array: Array, attr: str, name: str) -> Value:
    return shape_value(array, name)


@attribute("T")
def transposed(array: Array, attr: str, name: str) -> Value:
    return array.with_shape(shape_ops.transpose(array.shape) if array.shape is not None else None)


@attribute("size")
def size_attribute(array: Array, attr: str, name: str) -> Value:
    total = product(array.shape) if array.shape is not None else None
    return Int(total) if total is not None else Int(Poly.symbol(("size", array.key), f"{name}.size"))


@attribute("ndim")
def ndim_attribute(array: Array, attr: str, name: str) -> Value:
    return Int(const(array.rank)) if array.rank is not None else unknown()


@attribute("dtype", "dtypes", "flags", "real", "imag")
def unmodelled_attribute(array: Array, attr: str, name: str) -> Value:
    return unknown(attr)


# -- arithmetic ---------------------------------------------------------------------------

def broadcast(a: Value, b: Value, op) -> Value:
    """Elementwise arithmetic: the shape of the array side when the other is a
    scalar or has the same shape; unknown otherwise."""
    arrays = [v for v in (a, b) if isinstance(v, Array)]
    others = [v for v in (a, b) if not isinstance(v, Array)]
    if others and isinstance(others[0], (Int, Float)):
        return arrays[0].with_shape(arrays[0].shape, kind=arrays[0].kind)
    if len(arrays) == 2 and arrays[0].shape is not None and arrays[0].shape == arrays[1].shape:
        return arrays[0].with_shape(arrays[0].shape)
    return unknown()


# -- methods ------------------------------------------------------------------------------
# Each takes (interp, array, name, args, node) and returns the result, or None
# when the method is not modelled for this array (a DataFrame's ``mean``).

METHODS: Dict[str, Callable] = {}
array_method = registrar(METHODS)


def method(interp, array: Array, name: str, args, node: ast.Call) -> Optional[Value]:
    shape_function = METHODS.get(name)
    return shape_function(interp, array, name, args, node) if shape_function is not None else None


@array_method("reshape")
def reshape_method(interp, array: Array, name: str, args, node: ast.Call) -> Value:
    target = args.positional[0] if len(args.positional) == 1 else Seq(tuple(args.positional))
    if args.star or not args.positional:
        target = args.arg(None, "shape") or unknown()
    return reshape_call(interp, array, target, node, array, node.func.value)


@array_method("astype", "copy")
def astype_method(interp, array: Array, name: str, args, node: ast.Call) -> Value:
    dtype = array.dtype
    if name == "astype":
        dtype = dtype_name(args.arg(0, "dtype"))
    return array.with_shape(array.shape, dtype=dtype, kind=array.kind)


AXIS_OPERATIONS = {"expand_dims", "squeeze", "transpose", "swapaxes", "moveaxis", "ravel", "flatten"}
# NumPy has np.expand_dims and np.moveaxis but no such array methods, and
# X.flatten() but no np.flatten: each spelling is modelled only where it exists.
AXIS_FUNCTIONS = AXIS_OPERATIONS - {"flatten"}
AXIS_METHODS = AXIS_OPERATIONS - {"expand_dims", "moveaxis"}


def axis_operation(name: str, array: Array, args, first: int) -> Value:
    """expand_dims/squeeze/transpose/swapaxes/moveaxis/ravel, as ``np.f(X, ...)``
    (``first`` = 1: the array is argument 0) or as ``X.f(...)`` (``first`` = 0)."""
    shape = array.shape
    if name in ("ravel", "flatten"):
        out = (product(shape),)
    elif name == "expand_dims":
        axis, axes = int_arg(args, first, "axis"), int_list(args.arg(first, "axis"))
        out = shape_ops.expand_dims(shape, axis) if axis is not None else \
            numpy_shapes.expand_dims_axes(shape, axes) if axes is not None else None
    elif name == "squeeze":
        axis = args.arg(first, "axis")
        out = shape_ops.squeeze(shape, int_value_of(axis) if axis is not None else None)
    elif name == "transpose":
        several = first == 0 and len(args.positional) > 1       # X.transpose(0, 2, 1)
        axes = int_list(Seq(tuple(args.positional)) if several else args.arg(first, "axes"))
        out = shape_ops.transpose(shape, axes)
    elif name == "moveaxis":
        a, b = int_arg(args, first, "source"), int_arg(args, first + 1, "destination")
        out = shape_ops.moveaxis(shape, a, b) if a is not None and b is not None else None
    else:
        a, b = int_arg(args, first, "axis1"), int_arg(args, first + 1, "axis2")
        out = shape_ops.swapaxes(shape, a, b) if a is not None and b is not None else None
    return array.with_shape(out) if out is not None else unknown()


@array_method(*AXIS_METHODS)
def axis_method(interp, array: Array, name: str, args, node: ast.Call) -> Optional[Value]:
    return axis_operation(name, array, args, 0) if array.shape is not None else None


@array_method(*REDUCTIONS)
def reduction_method(interp, array: Array, name: str, args, node: ast.Call) -> Optional[Value]:
    if array.shape is None or array.kind != "ndarray":
        return None
    return reduction(array, args.arg(0, "axis"), args, name)


# Reductions that take one axis only: a tuple of axes raises in NumPy.
SINGLE_AXIS_REDUCTIONS = {"argmax", "argmin"}


def reduction(array: Array, axis: Optional[Value], args, name: str = "") -> Value:
    """``mean``/``sum``/``argmax``... along ``axis`` (an int, negative, or a
    tuple of them), with ``keepdims``; a scalar without an axis.  An axis we
    cannot read gives an unknown: which axes go is the whole answer."""
    keepdims = keepdims_of(args)
    if keepdims is None:
        return unknown()
    if axis is None or (isinstance(axis, Const) and axis.value is None):
        if not keepdims:
            return reduced_number(reduction_dtype(name, array.dtype), name or "reduced",
                                  numpy=array.kind in ("ndarray", "series"))
        axes: Optional[List[int]] = list(range(len(array.shape)))
    elif isinstance(axis, Int):
        axes = [axis.poly.value] if axis.poly.value is not None else None
    elif isinstance(axis, Seq) and axis.kind == "tuple" and name not in SINGLE_AXIS_REDUCTIONS:
        axes = int_list(axis)
    else:
        axes = None
    out = numpy_shapes.reduce_axes(array.shape, axes, keepdims) if axes is not None else None
    if out is None:
        return unknown()
    return array.with_shape(out, dtype=reduction_dtype(name, array.dtype))


def reduced_number(dtype: Optional[str], name: str, numpy: bool = False) -> Value:
    """The one number a full reduction gives: a float only where the array's
    elements are known to be floats (or the reduction is a mean), else an
    integer of unknown size.  ``np.max(labels) + 1`` counts classes, and labels
    read from a CSV have a dtype the code does not show: calling that a float
    would be LST103 on a correct ``Dense(n_classes)``.

    ``numpy``: the reduction is NumPy's (of an ndarray or a Series), so the
    number is a NumPy scalar whatever its dtype (``np.int64``, or
    ``np.float64`` where the elements are floats after all)."""
    if dtype == "float":
        return Float(None)
    return Int(shape_ops.fresh(name), numpy=numpy)


def reduction_dtype(name: str, dtype: Optional[str]) -> Optional[str]:
    """argmax gives indices, any/all booleans, a mean of ints floats."""
    if name in SINGLE_AXIS_REDUCTIONS:
        return "int"
    if name in ("any", "all"):
        return "bool"
    if name in ("mean", "std", "var", "median", "average", "nanmean"):
        return "float"          # even of integers
    return dtype


@array_method("clip", "round", "cumsum")
def same_shape_method(interp, array: Array, name: str, args, node: ast.Call) -> Optional[Value]:
    if array.shape is None or array.kind != "ndarray":
        return None
    return array.with_shape(array.shape)


@array_method("repeat")
def repeat_method(interp, array: Array, name: str, args, node: ast.Call) -> Optional[Value]:
    if array.shape is None or array.kind != "ndarray":
        return None
    return repeated(array, args.arg(0, "repeats"), args.arg(1, "axis"))


@array_method("take")
def take_method(interp, array: Array, name: str, args, node: ast.Call) -> Optional[Value]:
    if array.shape is None or array.kind != "ndarray":
        return None
    return taken(array, args.arg(0, "indices"), args.arg(1, "axis"))


def optional_axis(axis: Optional[Value]) -> Tuple[bool, Optional[int]]:
    """(readable, the axis) of an ``axis=`` argument that may be left out or None."""
    if axis is None or (isinstance(axis, Const) and axis.value is None):
        return True, None
    value = int_value_of(axis)
    return value is not None, value


def repeated(array: Array, repeats: Optional[Value], axis_value: Optional[Value]) -> Value:
    """``np.repeat(X, n, axis)`` / ``X.repeat(n, axis)``.  One count for all
    is exact; a count per element gives a length we do not know (their sum)."""
    readable, axis = optional_axis(axis_value)
    if not readable:
        return unknown()
    if isinstance(repeats, Int):
        out = numpy_shapes.repeat(array.shape, repeats.poly, axis)
    elif isinstance(repeats, (Seq, Array)) and axis is not None:
        out = numpy_shapes.repeat(array.shape, const(1), axis)
        out = out[:axis % len(out)] + (shape_ops.fresh("repeated"),) + out[axis % len(out) + 1:] \
            if out is not None else None
    else:
        out = None
    return array.with_shape(out) if out is not None else unknown()


def taken(array: Array, indices: Optional[Value], axis_value: Optional[Value]) -> Value:
    """``np.take(X, indices, axis)`` / ``X.take(indices, axis)``: the indices'
    shape replaces the axis (the flattened array without one)."""
    readable, axis = optional_axis(axis_value)
    found = index_array(indices) if indices is not None else None
    if isinstance(indices, Int):
        found = ((), "int")
    if not readable or found is None or found[1] != "int":
        return unknown()
    out = numpy_shapes.take(array.shape, found[0], axis)
    return array.with_shape(out) if out is not None else unknown()


def reshape_call(interp, array: Value, target: Optional[Value], node: ast.Call,
                 receiver: Optional[Array], array_node: Optional[ast.AST] = None) -> Value:
    """``X.reshape(...)`` / ``np.reshape(X, ...)``: announced when NumPy would raise."""
    dims = reshape_target(target)
    if dims is None:
        return unknown("reshaped")
    old = array.shape if isinstance(array, Array) else None
    result = shape_ops.reshape(old, dims)
    if result.problem is not None:
        interp.ctx.events.reshape_refused(interp.ctx, node, array, array_node, dims, result.problem)
        return unknown("reshaped")
    if result.shape is None:
        return unknown("reshaped")
    dtype = array.dtype if isinstance(array, Array) else None
    return Array(result.shape, interp.origin_at(node.lineno), dtype=dtype)


def reshape_target(target: Optional[Value]):
    """The requested shape as a list of Poly / float / None, or None if unreadable."""
    if target is None or not isinstance(target, (Seq, Int, Float)):
        return None     # an unknown value might be a whole tuple
    items = target.items if isinstance(target, Seq) else (target,)
    dims = []
    for item in items:
        if isinstance(item, Float):
            dims.append(item.value if item.value is not None else float("nan"))
        elif isinstance(item, (Int, Unknown)):
            dims.append(to_poly(item))
        else:
            return None
    return dims


# -- small readers ---------------------------------------------------------------------------

def int_value_of(value: Optional[Value]) -> Optional[int]:
    if isinstance(value, Int):
        return value.poly.value
    return None


def int_arg(args, index: int, name: str) -> Optional[int]:
    return int_value_of(args.arg(index, name))


def int_list(value: Optional[Value]) -> Optional[List[int]]:
    if value is None or (isinstance(value, Const) and value.value is None):
        return None
    if isinstance(value, Seq):
        ints = [int_value_of(v) for v in value.items]
        return ints if all(i is not None for i in ints) else None
    return None


def keepdims_of(args) -> Optional[bool]:
    """``keepdims=``: False when not given, None when we cannot read it."""
    value = args.arg(None, "keepdims")
    if value is None:
        return False
    return value.value if isinstance(value, Const) and isinstance(value.value, bool) else None


def dtype_name(value: Optional[Value]) -> Optional[str]:
    if isinstance(value, Ref):
        last = value.qualname.rsplit(".", 1)[-1]
        if last.startswith(("int", "uint")) or last == "builtins.int":
            return "int"
        if last.startswith("float") or last == "double":
            return "float"
        if last in ("bool_", "bool"):
            return "bool"
    if isinstance(value, Const) and isinstance(value.value, str):
        if value.value.startswith(("int", "uint")):
            return "int"
        if value.value.startswith("float"):
            return "float"
        if value.value == "bool":
            return "bool"
    return None
