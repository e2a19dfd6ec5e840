"""NumPy's functions as shapes: ``np.zeros((100, 10))``, ``np.array(windows)``,
``np.reshape``, ``np.expand_dims``, ``np.concatenate``, ``np.random.rand``...

``NUMPY_CALLS`` maps a function's path inside NumPy (``expand_dims``,
``random.rand``) to a small shape function taking ``(interp, path, args,
node)``; it returns None for what it does not model and an unknown value
(never a guess) for what it models but cannot tell.  A literal's shape and
raggedness follow NumPy's own rule, written out here: NumPy is not imported.
"""

from __future__ import annotations

import ast
import math
from typing import Callable, Dict, Optional, Tuple

from . import grown, numpy_shapes, shape_ops
from .ndarray import (AXIS_FUNCTIONS, REDUCTIONS, axis_operation, dtype_name, int_arg, reduction,
                      repeated, reshape_call, taken)
from .literals import literal_shape
from .scalars import builtin_int, number
from ..core.tables import registrar
from ..core.shapes import Poly, const, product
from ..core.values import Array, Float, Int, ListOf, Seq, Value, numpy_int, to_poly, unknown

# Elementwise functions: the result has the shape of the (first) array argument.
ELEMENTWISE = {"abs", "absolute", "exp", "expm1", "log", "log1p", "log2", "log10", "sqrt",
               "square", "sin", "cos", "tan", "tanh", "sign", "floor", "ceil", "round",
               "around", "rint", "clip", "nan_to_num", "negative", "reciprocal", "copy",
               "ascontiguousarray", "isnan", "isfinite", "logical_not", "cumsum"}
INT_TYPES = {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "intc",
             "intp", "int_"}
FLOAT_TYPES = {"float16", "float32", "float64", "double", "float_"}

NUMPY_CALLS: Dict[str, Callable] = {}
numpy_function = registrar(NUMPY_CALLS)


def call(interp, path: str, args, node: ast.Call) -> Optional[Value]:
    """``numpy.<path>(...)``: the table's answer, or None for a function not modelled."""
    if path.startswith("random."):
        return random_array(path[len("random."):], args)
    shape_function = NUMPY_CALLS.get(path)
    return shape_function(interp, path, args, node) if shape_function is not None else None


def known_array(first: Optional[Value]) -> bool:
    return isinstance(first, Array) and first.shape is not None


# -- scalars and arrays made from values --------------------------------------------------

@numpy_function(*INT_TYPES)
def int_type(interp, path: str, args, node: ast.Call) -> Optional[Value]:
    """``np.int64(x)`` of a number: an int, and a NumPy scalar."""
    first = args.arg(0)
    if isinstance(first, (Int, Float)):
        made = first if isinstance(first, Int) else builtin_int(first)
        return numpy_int(made.poly) if isinstance(made, Int) else made
    return None


@numpy_function(*FLOAT_TYPES)
def float_type(interp, path: str, args, node: ast.Call) -> Optional[Value]:
    """``np.float32(x)``: a float of a number, an array of anything else."""
    first = args.arg(0)
    if isinstance(first, (Int, Float)):
        return Float(number(first))
    if first is None:
        return None
    return with_dtype(array_of(interp, first, node), args.arg(None, "dtype"))


@numpy_function("array", "asarray", "asanyarray")
def array_call(interp, path: str, args, node: ast.Call) -> Value:
    first = args.arg(0)
    if first is None:
        return unknown()
    return with_dtype(array_of(interp, first, node), args.arg(None, "dtype"))


@numpy_function("zeros", "ones", "empty", "full")
def filled(interp, path: str, args, node: ast.Call) -> Value:
    shape = shape_argument(args.arg(0, "shape"))
    return with_dtype(Array(shape), args.arg(None, "dtype")) if shape is not None else unknown()


@numpy_function("zeros_like", "ones_like", "empty_like", "full_like")
def filled_like(interp, path: str, args, node: ast.Call) -> Value:
    first = args.arg(0)
    return first.with_shape(first.shape) if isinstance(first, Array) else unknown()


@numpy_function("eye", "identity")
def eye(interp, path: str, args, node: ast.Call) -> Value:
    first = args.arg(0)
    n = to_poly(first) if first is not None else None
    m = to_poly(args.arg(1, "M")) if args.arg(1, "M") is not None else n
    # eye(k)[labels] is the one-hot encoding of labels: remember k
    return Array((n, m), dtype="float", one_hot=m) if n is not None and m is not None \
        else unknown()


@numpy_function("arange")
def arange_call(interp, path: str, args, node: ast.Call) -> Value:
    return arange(args)


@numpy_function("linspace")
def linspace(interp, path: str, args, node: ast.Call) -> Value:
    num = args.arg(2, "num")
    n = to_poly(num) if num is not None else const(50)
    return Array((n,), dtype="float") if n is not None else unknown()


# -- shape functions ------------------------------------------------------------------------

@numpy_function("reshape")
def reshape(interp, path: str, args, node: ast.Call) -> Optional[Value]:
    first = args.arg(0)
    if first is None:
        return None
    target = args.arg(1, "newshape") or args.arg(None, "shape")
    return reshape_call(interp, first, target, node, None, args.pos_nodes[0] if args.pos_nodes else None)


@numpy_function(*AXIS_FUNCTIONS)
def axis_function(interp, path: str, args, node: ast.Call) -> Optional[Value]:
    first = args.arg(0)
    return axis_operation(path, first, args, 1) if known_array(first) else None


@numpy_function(*ELEMENTWISE)
def elementwise(interp, path: str, args, node: ast.Call) -> Optional[Value]:
    first = args.arg(0)
    return first.with_shape(first.shape) if known_array(first) else None


@numpy_function(*REDUCTIONS)
def reduction_function(interp, path: str, args, node: ast.Call) -> Optional[Value]:
    first = args.arg(0)
    if isinstance(first, Seq) and len(args.positional) == 1 and not args.keywords:
        return int_tuple_reduction(path, first)
    return reduction(first, args.arg(1, "axis"), args, path) if known_array(first) else None


def int_tuple_reduction(path: str, ints: Seq) -> Optional[Value]:
    """``np.prod(X.shape[1:])``, ``np.sum((a, b))`` of a tuple of ints: the
    number, as a NumPy integer (``Dense(np.prod(shape))`` fails in Keras 3)."""
    polys = [to_poly(item) if isinstance(item, Int) else None for item in ints.items]
    if path not in ("prod", "sum") or not polys or any(p is None for p in polys):
        return None
    total = product(polys) if path == "prod" else sum(polys[1:], polys[0])
    return numpy_int(total)


@numpy_function("repeat")
def repeat_function(interp, path: str, args, node: ast.Call) -> Optional[Value]:
    first = args.arg(0, "a")
    return repeated(first, args.arg(1, "repeats"), args.arg(2, "axis")) if known_array(first) else None


@numpy_function("tile")
def tile_function(interp, path: str, args, node: ast.Call) -> Optional[Value]:
    """``np.tile(X, reps)``: reps an int or a tuple of ints."""
    first, reps = args.arg(0, "A"), args.arg(1, "reps")
    if not known_array(first):
        return None
    counts = shape_argument(reps)
    out = numpy_shapes.tile(first.shape, counts) if counts is not None else None
    return first.with_shape(out) if out is not None else unknown()


@numpy_function("take")
def take_function(interp, path: str, args, node: ast.Call) -> Optional[Value]:
    first = args.arg(0, "a")
    return taken(first, args.arg(1, "indices"), args.arg(2, "axis")) if known_array(first) else None


@numpy_function("where")
def where(interp, path: str, args, node: ast.Call) -> Optional[Value]:
    """``np.where(condition, x, y)`` keeps the condition's shape (one argument: indices)."""
    first = args.arg(0)
    if known_array(first) and len(args.positional) == 3:
        return first.with_shape(first.shape)
    return None


@numpy_function("stack", "concatenate", "hstack", "vstack", "column_stack", "dstack", "append")
def join_call(interp, path: str, args, node: ast.Call) -> Value:
    return join_arrays(path, args)


def join_arrays(path: str, args) -> Value:
    items = args.arg(0, "arrays")
    if path == "append":
        a, b = args.arg(0, "arr"), args.arg(1, "values")
        axis = args.arg(2, "axis")
        if axis is None or not (isinstance(a, Array) and isinstance(b, Array)):
            return unknown()
        items = Seq((a, b))
    if isinstance(items, ListOf):          # a list grown in a loop
        return grown.join_grown(path, items, args.arg(1, "axis"))
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
        return value.with_shape(value.shape, one_hot=value.one_hot)   # still one-hot
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


def with_dtype(result: Value, dtype: Optional[Value]) -> Value:
    if isinstance(result, Array) and dtype is not None:
        name = dtype_name(dtype)
        if name is not None:
            return Array(result.shape, result.origin, result.key, name, result.kind, result.one_hot)
    return result
