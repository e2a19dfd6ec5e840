"""NumPy expressions as shapes, and Python's own sequences and numbers.

``np.zeros((100, 10))``, ``X.reshape((X.shape[0], 10, 1))``, ``X[:, :, None]``,
``np.array(windows)`` after the sliding-window loop: each becomes an ``Array``
of a (possibly symbolic) shape.  The shape rules themselves are in
``shape_ops``; pandas, scikit-learn and Keras's data utilities are in
``dataframes``.  A literal's shape and raggedness come from NumPy itself,
imported only when a file has one.

Every function returns None for what it does not model, and an unknown value
(never a guess) for what it models but cannot tell.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from typing import List, Optional, Tuple

from . import dataframes
from . import shape_ops
from ..core.joins import join_values
from ..core.names import numpy_path
from ..core.shapes import Poly, const, product
from ..core.values import (Array, Const, Float, Int, ListOf, Ref, Seq, Unknown, Value,
                           fresh_key, to_poly, unknown)

MAX_LITERAL_ELEMENTS = 10_000
MAX_POWER_BITS = 256

# Elementwise functions: the result has the shape of the (first) array argument.
ELEMENTWISE = {"abs", "absolute", "exp", "expm1", "log", "log1p", "log2", "log10", "sqrt",
               "square", "sin", "cos", "tan", "tanh", "sign", "floor", "ceil", "round",
               "around", "rint", "clip", "nan_to_num", "negative", "reciprocal", "copy",
               "ascontiguousarray", "isnan", "isfinite", "logical_not", "cumsum"}
INT_TYPES = {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "intc",
             "intp", "int_"}
FLOAT_TYPES = {"float16", "float32", "float64", "double", "float_"}
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


@dataclass(frozen=True)
class ShapeInt(Int):
    """``X.shape[i]``: an int that remembers it is axis ``i`` of an array, so
    ``input_shape=(X.shape[0], ...)`` can be recognised as the sample count."""

    axis: int = 0
    name: str = ""


class ShapeTuple(Seq):
    """``X.shape`` of an array of known rank: a tuple that remembers its array,
    so ``X.shape[2]`` on a 2-D X can say where X came from (LST204)."""

    __slots__ = ("array", "name")

    def __init__(self, array: Array, name: str):
        object.__setattr__(self, "items", tuple(ShapeInt(d, i, name)
                                                for i, d in enumerate(array.shape)))
        object.__setattr__(self, "kind", "tuple")
        object.__setattr__(self, "origin", array.origin)
        object.__setattr__(self, "array", array)
        object.__setattr__(self, "name", name)


def shape_value(array: Array, name: str) -> Value:
    if array.shape is None:
        return ShapeOf(array.key, name)
    return ShapeTuple(array, name)


# -- attributes ---------------------------------------------------------------------------

def attribute(interp, base: Value, attr: str, node: ast.Attribute) -> Optional[Value]:
    name = interp.ctx.source(node.value, 40)
    if isinstance(base, Unknown):
        return ShapeOf(base.key, name) if attr == "shape" else None
    if not isinstance(base, Array):
        return dataframes.attribute(interp, base, attr, node)
    if attr == "shape":
        return shape_value(base, name)
    if attr == "T":
        return base.with_shape(shape_ops.transpose(base.shape) if base.shape is not None else None)
    if attr == "size":
        total = product(base.shape) if base.shape is not None else None
        return Int(total) if total is not None else Int(Poly.symbol(("size", base.key), f"{name}.size"))
    if attr == "ndim":
        return Int(const(base.rank)) if base.rank is not None else unknown()
    if attr in ("dtype", "dtypes", "flags", "real", "imag"):
        return unknown(attr)
    return dataframes.attribute(interp, base, attr, node)


# -- len ----------------------------------------------------------------------------------

def length(value: Value, node: ast.Call, ctx) -> Value:
    if isinstance(value, Seq):
        return Int(const(len(value.items)))
    if isinstance(value, ListOf):
        return Int(value.length)
    if isinstance(value, Array):
        if value.shape:
            return Int(value.shape[0])
        return Int(Poly.symbol(("shape", value.key, 0), ctx.source(node, 30)))
    if isinstance(value, Const) and isinstance(value.value, (str, bytes)):
        return Int(const(len(value.value)))
    if isinstance(value, Unknown):
        # len(data) of an unknown: the same symbol as data.shape[0] would be
        return Int(Poly.symbol(("shape", value.key, 0), ctx.source(node, 30)))
    return Int(Poly.symbol(fresh_key("len"), ctx.source(node, 30)))


# -- arithmetic ---------------------------------------------------------------------------

def binop(interp, op: ast.operator, a: Value, b: Value, node) -> Value:
    if isinstance(a, Unknown) and isinstance(b, Int):
        a = Int(to_poly(a))
    if isinstance(b, Unknown) and isinstance(a, Int):
        b = Int(to_poly(b))
    if isinstance(a, Int) and isinstance(b, Int):
        return int_binop(op, a.poly, b.poly, interp, node)
    if isinstance(a, (Int, Float)) and isinstance(b, (Int, Float)):
        if isinstance(op, ast.FloorDiv):
            return Float(None)
        return Float(float_binop(op, number(a), number(b)))
    if isinstance(a, Seq) and isinstance(b, Seq) and isinstance(op, ast.Add) and a.kind == b.kind:
        if len(a.items) + len(b.items) <= 256:
            return Seq(a.items + b.items, a.kind)
        return unknown()
    if isinstance(a, Seq) and isinstance(b, Int) and isinstance(op, ast.Mult):
        n = b.poly.value
        if n is not None and 0 <= n and len(a.items) * n <= 256:
            return Seq(a.items * n, a.kind)
        return unknown()
    if isinstance(a, Const) and isinstance(b, Const) and isinstance(op, ast.Add) \
            and isinstance(a.value, str) and isinstance(b.value, str) \
            and len(a.value) + len(b.value) < 10_000:
        return Const(a.value + b.value)
    if isinstance(a, Array) or isinstance(b, Array):
        return broadcast(a, b, op)
    return unknown()


def builtin_int(v: Float, name: str = "int(...)") -> Value:
    """``int(x)`` / ``np.int64(x)`` of a float: truncated when known, else a
    symbol shown as ``name``."""
    if v.value is not None and abs(v.value) < 2 ** 62:
        return Int(const(int(v.value)))
    return Int(Poly.symbol(fresh_key("int"), name))


def number(v: Value) -> Optional[float]:
    if isinstance(v, Int):
        value = v.poly.value
        return float(value) if value is not None and abs(value) < 2 ** 62 else None
    return v.value if isinstance(v, Float) else None


def int_binop(op, a: Poly, b: Poly, interp, node) -> Value:
    if isinstance(op, ast.Add):
        return Int(a + b)
    if isinstance(op, ast.Sub):
        return Int(a - b)
    if isinstance(op, ast.Mult):
        return Int(a * b)          # Poly bounds the size of what it keeps
    if isinstance(op, ast.Div):
        x, y = a.value, b.value
        if x is not None and y not in (None, 0) and abs(x) < 2 ** 62 and abs(y) < 2 ** 62:
            return Float(x / y)
        return Float(None)
    if isinstance(op, (ast.FloorDiv, ast.Mod)):
        x, y = a.value, b.value
        if x is not None and y not in (None, 0):
            result = x // y if isinstance(op, ast.FloorDiv) else x % y
            return Int(const(result)) if result.bit_length() <= MAX_POWER_BITS else unknown()
        if isinstance(op, ast.FloorDiv) and y not in (None, 0):
            exact = a.exact_div(b)
            if exact is not None:
                return Int(exact)
        text = interp.ctx.source(node, 30)
        return Int(Poly.symbol(("op", type(op).__name__, a, b), text))
    if isinstance(op, ast.Pow):
        x, y = a.value, b.value
        if x is not None and y is not None and 0 <= y <= 64 \
                and abs(x).bit_length() * y <= MAX_POWER_BITS:
            return Int(const(x ** y))
        return unknown()
    return unknown()


def float_binop(op, x: Optional[float], y: Optional[float]) -> Optional[float]:
    if x is None or y is None:
        return None
    try:
        if isinstance(op, ast.Add):
            return x + y
        if isinstance(op, ast.Sub):
            return x - y
        if isinstance(op, ast.Mult):
            return x * y
        if isinstance(op, ast.Div):
            return x / y
    except (ZeroDivisionError, OverflowError):
        return None
    return None


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


# -- calls --------------------------------------------------------------------------------

def call(interp, qualname: str, args, node: ast.Call) -> Optional[Value]:
    path = numpy_path(qualname)
    if path is not None:
        return numpy_call(interp, path, args, node)
    return dataframes.call(interp, qualname, args, node)


def numpy_call(interp, path: str, args, node: ast.Call) -> Optional[Value]:
    first = args.arg(0)
    name = path.rsplit(".", 1)[-1]
    if path in INT_TYPES and isinstance(first, (Int, Float)):
        return first if isinstance(first, Int) else builtin_int(first)
    if path in FLOAT_TYPES and isinstance(first, (Int, Float)):
        return Float(number(first))
    if path in ("array", "asarray", "asanyarray") or (path in FLOAT_TYPES and first is not None):
        if first is None:
            return unknown()
        result = array_of(interp, first, node)
        return with_dtype(result, args.arg(None, "dtype"))
    if path in ("zeros", "ones", "empty", "full"):
        shape = shape_argument(args.arg(0, "shape"))
        return Array(shape) if shape is not None else unknown()
    if path in ("zeros_like", "ones_like", "empty_like", "full_like"):
        return first.with_shape(first.shape) if isinstance(first, Array) else unknown()
    if path == "eye" or path == "identity":
        n = to_poly(first) if first is not None else None
        m = to_poly(args.arg(1, "M")) if args.arg(1, "M") is not None else n
        # eye(k)[labels] is the one-hot encoding of labels: remember k
        return Array((n, m), dtype="float", one_hot=m) if n is not None and m is not None \
            else unknown()
    if path.startswith("random."):
        return random_array(path[len("random."):], args)
    if path == "arange":
        return arange(args)
    if path == "linspace":
        num = args.arg(2, "num")
        n = to_poly(num) if num is not None else const(50)
        return Array((n,), dtype="float") if n is not None else unknown()
    if path == "reshape" and first is not None:
        target = args.arg(1, "newshape") or args.arg(None, "shape")
        return reshape_call(interp, first, target, node, None, args.pos_nodes[0] if args.pos_nodes else None)
    if isinstance(first, Array) and first.shape is not None:
        return numpy_shape_function(interp, path, name, first, args, node)
    if path in ("stack", "concatenate", "hstack", "vstack", "column_stack", "dstack", "append"):
        return join_arrays(path, args)
    return None


def numpy_shape_function(interp, path, name, first: Array, args, node) -> Optional[Value]:
    """NumPy functions whose first argument is an array of known shape."""
    shape = first.shape
    if path in AXIS_OPERATIONS:
        return axis_operation(path, first, args, 1)
    if path in ELEMENTWISE:
        return first.with_shape(shape)
    if path in REDUCTIONS:
        axis = args.arg(1, "axis")
        if axis is None:
            return Float(None)
        out = shape_ops.reduce(shape, int_value_of(axis), keepdims_of(args))
        return first.with_shape(out) if out is not None else unknown()
    if path in ("stack", "concatenate", "hstack", "vstack", "column_stack", "dstack", "append"):
        return join_arrays(path, args)
    if path == "where" and len(args.positional) == 3:
        return first.with_shape(shape)
    return None


AXIS_OPERATIONS = {"expand_dims", "squeeze", "transpose", "swapaxes", "moveaxis", "ravel", "flatten"}


def axis_operation(name: str, array: Array, args, first: int) -> Value:
    """expand_dims/squeeze/transpose/swapaxes/moveaxis/ravel, as ``np.f(X, ...)``
    (``first`` = 1: the array is argument 0) or as ``X.f(...)`` (``first`` = 0)."""
    shape = array.shape
    if name in ("ravel", "flatten"):
        out = (product(shape),)
    elif name == "expand_dims":
        axis = int_arg(args, first, "axis")
        out = shape_ops.expand_dims(shape, axis) if axis is not None else None
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


def join_arrays(path: str, args) -> Value:
    items = args.arg(0, "arrays")
    if path == "append":
        a, b = args.arg(0, "arr"), args.arg(1, "values")
        axis = args.arg(2, "axis")
        if axis is None or not (isinstance(a, Array) and isinstance(b, Array)):
            return unknown()
        items = Seq((a, b))
    if not isinstance(items, Seq) or not items.items \
            or not all(isinstance(v, Array) and v.shape is not None for v in items.items):
        return unknown()
    shapes = [v.shape for v in items.items]
    axis = int_arg(args, 1, "axis")
    if path in ("stack", "concatenate", "append"):
        axis = 0 if axis is None else axis
        out = (shape_ops.stack if path == "stack" else shape_ops.concatenate)(shapes, axis)
    else:
        out = {"hstack": shape_ops.hstack, "vstack": shape_ops.vstack,
               "column_stack": shape_ops.column_stack, "dstack": shape_ops.dstack}[path](shapes)
    return Array(out, dtype=items.items[0].dtype) if out is not None else unknown()


def float_arange(bounds) -> Value:
    """``np.arange(50.0)``, ``np.arange(0, 1, 0.1)``: NumPy's length is
    ceil((stop - start) / step), when every bound is a known number."""
    values = [b.poly.value if isinstance(b, Int) else b.value if isinstance(b, Float) else None
              for b in bounds]
    if all(v is not None for v in values) and all(abs(v) < 2 ** 53 for v in values):
        start, stop, step = (0, values[0], 1) if len(values) == 1 else \
            (values[0], values[1], values[2] if len(values) == 3 else 1)
        if step != 0:
            return Array((const(max(0, math.ceil((stop - start) / step))),), dtype="float")
    return Array((shape_ops.fresh("arange"),), dtype="float")


def arange(args) -> Value:
    bounds = [to_poly(a) for a in args.positional[:3]]
    if not bounds or any(b is None for b in bounds):
        if args.positional and isinstance(args.positional[0], Float):
            return float_arange(args.positional[:3])
        return unknown()
    if len(bounds) == 1:
        return Array((bounds[0],), dtype="int")
    start, stop = bounds[0], bounds[1]
    step = bounds[2] if len(bounds) == 3 else const(1)
    if step.value == 1:
        return Array((stop - start,), dtype="int")
    values = [b.value for b in (start, stop, step)]
    if all(v is not None for v in values) and values[2] != 0:
        return Array((const(len(range(*values))),), dtype="int")
    return Array((shape_ops.fresh("arange"),), dtype="int")


def shape_argument(value: Optional[Value]) -> Optional[Tuple[Poly, ...]]:
    """``(100, 10)`` or ``100`` as a shape: each entry must be an integer."""
    if value is None:
        return None
    if isinstance(value, Seq):
        dims = [to_poly(v) for v in value.items]
        return tuple(dims) if all(d is not None for d in dims) else None
    if isinstance(value, Int):      # an unknown value might be a tuple: not this case
        return (value.poly,)
    return None


def random_array(name: str, args) -> Value:
    if name in ("rand", "randn"):
        dims = [to_poly(v) for v in args.positional]
        if args.star or any(d is None for d in dims):
            return unknown()
        return Array(tuple(dims), dtype="float") if dims else Float(None)
    size_at = {"random": 0, "random_sample": 0, "sample": 0, "ranf": 0, "normal": 2,
               "uniform": 2, "randint": 2, "choice": 1, "binomial": 2, "poisson": 1,
               "standard_normal": 0, "exponential": 1, "beta": 2, "gamma": 2, "permutation": None}
    if name == "permutation":
        first = args.arg(0, "x")
        if isinstance(first, Int):
            return Array((first.poly,), dtype="int")
        return first.with_shape(first.shape) if isinstance(first, Array) else unknown()
    if name not in size_at:
        return unknown()
    size = args.arg(size_at[name], "size")
    if size is None:
        return unknown()   # a scalar
    shape = shape_argument(size)
    if shape is None:
        return unknown()
    return Array(shape, dtype="int" if name in ("randint", "binomial", "poisson", "choice") else "float")


def array_of(interp, value: Value, node: ast.Call) -> Value:
    """``np.array(...)`` of a literal, of arrays, or of a list grown in a loop."""
    if isinstance(value, Array):
        return value.with_shape(value.shape)
    if isinstance(value, ListOf):
        elem = value.elem
        if isinstance(elem, Array) and elem.shape is not None:
            return Array((value.length,) + tuple(elem.shape), dtype=elem.dtype)
        if isinstance(elem, (Int, Float)):
            return Array((value.length,), dtype="int" if isinstance(elem, Int) else "float")
        if isinstance(elem, Seq):
            inner = literal_array(elem)
            if isinstance(inner, Array):
                return Array((value.length,) + tuple(inner.shape), dtype=inner.dtype)
        return unknown()
    if isinstance(value, Seq):
        return literal_array(value)
    return unknown()


def literal_array(value: Seq) -> Value:
    """The shape of an array literal, the way NumPy 2 builds it: nested lists
    of equal lengths give one axis per level; ragged nesting is an error in
    NumPy (``inhomogeneous shape``) and unknown here.

    This is NumPy's own rule written out, not NumPy: importing it costs a
    flake8 worker 70-120 ms, most of what the plugin costs on Keras code
    (benchmarks/overhead.py); tests/test_arrays.py checks the rule against
    NumPy on generated literals.
    """
    items = value.items
    if items and all(isinstance(v, Array) and v.shape is not None for v in items):
        shapes = {v.shape for v in items}
        if len(shapes) == 1:
            return Array((const(len(items)),) + tuple(items[0].shape), dtype=items[0].dtype)
        return unknown()
    found = literal_shape(value, [0])
    if found is None:
        return unknown()
    shape, dtype = found
    return Array(tuple(const(n) for n in shape), dtype=dtype)


def literal_shape(value: Value, count: List[int]) -> Optional[Tuple[Tuple[int, ...], str]]:
    """(shape, "int"|"float") of a nested literal of numbers, or None when it
    is ragged, holds something else, or has more than MAX_LITERAL_ELEMENTS."""
    if isinstance(value, (Int, Float)) or (isinstance(value, Const) and isinstance(value.value, bool)):
        count[0] += 1
        if count[0] > MAX_LITERAL_ELEMENTS:
            return None
        return (), "float" if isinstance(value, Float) else "int"
    if not isinstance(value, Seq) or value.kind == "range":
        return None
    inner = [literal_shape(item, count) for item in value.items]
    if any(x is None for x in inner) or len({shape for shape, _ in inner}) > 1:
        return None
    dtype = "float" if any(kind == "float" for _, kind in inner) else "int"
    rest = inner[0][0] if inner else ()
    return (len(value.items),) + rest, dtype


def with_dtype(result: Value, dtype: Optional[Value]) -> Value:
    if isinstance(result, Array) and dtype is not None:
        name = dtype_name(dtype)
        if name is not None:
            return Array(result.shape, result.origin, result.key, name, result.kind, result.one_hot)
    return result


# -- methods ------------------------------------------------------------------------------

def method(interp, receiver: Value, name: str, args, node: ast.Call):
    """(result, receiver's new value) for array and list methods; None otherwise."""
    if isinstance(receiver, (Seq, ListOf)) and getattr(receiver, "kind", "list") == "list":
        return list_method(receiver, name, args)
    if isinstance(receiver, Unknown) and name == "reshape" and not args.star:
        # Whatever it was, if the reshape works the result has the target's shape.
        target = args.positional[0] if len(args.positional) == 1 else Seq(tuple(args.positional))
        return reshape_call(interp, receiver, target, node, None, node.func.value), None
    if isinstance(receiver, Array):
        result = array_method(interp, receiver, name, args, node)
        if result is None:
            result = dataframes.method(interp, receiver, name, args, node)
        return (result, None) if result is not None else None
    result = dataframes.method(interp, receiver, name, args, node)
    return (result, None) if result is not None else None


def list_method(receiver: Value, name: str, args):
    item = args.arg(0)
    if name == "append" and item is not None:
        if isinstance(receiver, Seq):
            if len(receiver.items) >= 256:
                return Const(None), ListOf(item, Poly.symbol(fresh_key("len"), "len"), receiver.origin)
            return Const(None), Seq(receiver.items + (item,), "list", receiver.origin)
        elem = item if receiver.elem is None else join_values([receiver.elem, item])
        return Const(None), ListOf(elem, Poly.symbol(fresh_key("len"), "len"), receiver.origin)
    if name in ("sort", "reverse", "copy", "index", "count"):
        return unknown(), None
    if name in ("extend", "insert", "pop", "remove", "clear"):
        return unknown(), ListOf(None, Poly.symbol(fresh_key("len"), "len"))
    return None


def array_method(interp, array: Array, name: str, args, node: ast.Call) -> Optional[Value]:
    shape = array.shape
    if name == "reshape":
        target = args.positional[0] if len(args.positional) == 1 else Seq(tuple(args.positional))
        if args.star or not args.positional:
            target = args.arg(None, "shape") or unknown()
        return reshape_call(interp, array, target, node, array, node.func.value)
    if name in ("astype", "copy"):
        dtype = array.dtype
        if name == "astype":
            dtype = dtype_name(args.arg(0, "dtype"))
        return array.with_shape(shape, dtype=dtype, kind=array.kind)
    if shape is None:
        return None
    if name in AXIS_OPERATIONS:
        return axis_operation(name, array, args, 0)
    if name in REDUCTIONS and array.kind == "ndarray":
        axis = args.arg(0, "axis")
        if axis is None:
            return Float(None)
        out = shape_ops.reduce(shape, int_value_of(axis), keepdims_of(args))
        return array.with_shape(out) if out is not None else unknown()
    if name in ("clip", "round", "cumsum") and array.kind == "ndarray":
        return array.with_shape(shape)
    return None


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


def keepdims_of(args) -> bool:
    value = args.arg(None, "keepdims")
    return isinstance(value, Const) and value.value is True


def dtype_name(value: Optional[Value]) -> Optional[str]:
    if isinstance(value, Ref):
        last = value.qualname.rsplit(".", 1)[-1]
        if last.startswith(("int", "uint")) or last == "builtins.int":
            return "int"
        if last.startswith("float") or last == "double":
            return "float"
        if last == "bool_":
            return "bool"
    if isinstance(value, Const) and isinstance(value.value, str):
        if value.value.startswith(("int", "uint")):
            return "int"
        if value.value.startswith("float"):
            return "float"
    return None


# -- indexing -----------------------------------------------------------------------------

def subscript(interp, base: Value, index: ast.AST, env, node: ast.Subscript) -> Value:
    if isinstance(base, ShapeTuple):
        return shape_subscript(interp, base, index, env, node)
    if isinstance(base, Seq):
        return seq_subscript(interp, base, index, env)
    if isinstance(base, ShapeOf):
        i = interp.eval(index, env)
        if isinstance(i, Int) and i.poly.value is not None and i.poly.value >= 0:
            return base.axis(i.poly.value)
        return unknown()
    if isinstance(base, ListOf):
        i = interp.eval(index, env)
        if isinstance(i, Int) and base.elem is not None:
            return base.elem
        if isinstance(index, ast.Slice):
            return ListOf(base.elem, Poly.symbol(fresh_key("len"), "len"), base.origin)
        return unknown()
    if isinstance(base, Array):
        return array_subscript(interp, base, index, env, node)
    result = dataframes.subscript(interp, base, index, env, node)
    if result is not None:
        return result
    interp.eval(index, env)
    return unknown()


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


def index_first(array: Array, i: Optional[int]) -> Value:
    """``X[i]``: one element along the first axis."""
    if array.shape is None or not array.shape:
        return unknown()
    return Array(tuple(array.shape[1:]), dtype=array.dtype, kind="ndarray",
                 origin=array.origin)


def array_subscript(interp, array: Array, index: ast.AST, env, node) -> Value:
    """NumPy's basic and simple advanced indexing on a known shape."""
    if array.kind in ("dataframe", "series"):
        result = dataframes.subscript(interp, array, index, env, node)
        if result is not None:
            return result
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
