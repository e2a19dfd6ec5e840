"""NumPy, pandas and scikit-learn expressions as shapes.

``np.zeros((100, 10))``, ``X.reshape((X.shape[0], 10, 1))``, ``X[:, :, None]``,
``df[['a', 'b']].values``, ``np.array(windows)`` after the sliding-window loop:
each becomes an ``Array`` of a (possibly symbolic) shape.  A literal's shape
and raggedness come from NumPy itself, imported only when a file has one.

Every function returns None for what it does not model, and an unknown value
(never a guess) for what it models but cannot tell.
"""

from __future__ import annotations

import ast
from typing import List, Optional, Tuple

from .names import keras_object, numpy_path
from .shapes import Poly, const, product
from .values import (Array, Const, Float, Int, ListOf, Origin, Ref, Seq, Unknown, Value,
                     fresh_key, to_poly, unknown)

MAX_LITERAL_ELEMENTS = 10_000


# -- symbols of unknown-rank arrays -----------------------------------------------------

class ShapeOf(Value):
    """``X.shape`` of an array whose rank is unknown: ``X.shape[1]`` is still a
    symbol, the same each time it is written."""

    __slots__ = ("key", "name")

    def __init__(self, key: tuple, name: str):
        self.key = key
        self.name = name

    def axis(self, i: int) -> Int:
        return Int(Poly.symbol(("shape", self.key, i), f"{self.name}.shape[{i}]"))


def sym_dim(key: tuple, name: str) -> Poly:
    return Poly.symbol(key, name)


def shape_value(array: Array, name: str) -> Value:
    if array.shape is None:
        return ShapeOf(array.key, name)
    return Seq(tuple(Int(d) if d is not None else Const(None) for d in array.shape))


# -- attributes ---------------------------------------------------------------------------

def attribute(interp, base: Value, attr: str, node: ast.Attribute) -> Optional[Value]:
    name = interp.ctx.source(node.value, 40)
    if isinstance(base, Unknown):
        if attr == "shape":
            return ShapeOf(base.key, name)
        return None
    if not isinstance(base, Array):
        return None
    if attr == "shape":
        return shape_value(base, name)
    if attr == "T":
        return base.with_shape(tuple(reversed(base.shape)) if base.shape is not None else None)
    if attr == "size":
        total = product(base.shape) if base.shape is not None else None
        return Int(total) if total is not None else Int(sym_dim(("size", base.key), f"{name}.size"))
    if attr == "ndim":
        return Int(const(base.rank)) if base.rank is not None else unknown()
    if attr in ("values", "array") and base.kind in ("dataframe", "series"):
        return base.with_shape(base.shape, kind="ndarray")
    if attr in ("iloc", "loc") and base.kind in ("dataframe", "series"):
        return Indexer(base, attr)
    if attr in ("dtype", "dtypes", "columns", "index"):
        return unknown(attr)
    return None


class Indexer(Value):
    """``df.iloc`` / ``df.loc``: indexing rows and columns of a frame."""

    __slots__ = ("frame", "kind")

    def __init__(self, frame: Array, kind: str):
        self.frame = frame
        self.kind = kind


# -- len ----------------------------------------------------------------------------------

def length(value: Value, node: ast.Call, ctx) -> Value:
    if isinstance(value, Seq):
        return Int(const(len(value.items)))
    if isinstance(value, ListOf):
        return Int(value.length)
    if isinstance(value, Array) and value.shape:
        return Int(value.shape[0])
    if isinstance(value, Const) and isinstance(value.value, (str, bytes)):
        return Int(const(len(value.value)))
    key = value.key if isinstance(value, (Unknown, Array)) else fresh_key("len")
    if isinstance(value, Array) and value.shape is None:
        return Int(sym_dim(("shape", value.key, 0), ctx.source(node, 30)))
    return Int(sym_dim(("len", key), ctx.source(node, 30)))


# -- arithmetic ---------------------------------------------------------------------------

MAX_POWER_BITS = 256


def binop(interp, op: ast.operator, a: Value, b: Value, node) -> Value:
    if isinstance(a, Unknown) and isinstance(b, Int):
        a = Int(to_poly(a))
    if isinstance(b, Unknown) and isinstance(a, Int):
        b = Int(to_poly(b))
    if isinstance(a, Int) and isinstance(b, Int):
        return int_binop(op, a.poly, b.poly, interp, node)
    if isinstance(a, (Int, Float)) and isinstance(b, (Int, Float)):
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
        return Int(a * b)
    if isinstance(op, ast.Div):
        x, y = a.value, b.value
        if x is not None and y not in (None, 0) and abs(x) < 2 ** 62 and abs(y) < 2 ** 62:
            return Float(x / y)
        return Float(None)
    if isinstance(op, (ast.FloorDiv, ast.Mod)):
        x, y = a.value, b.value
        if x is not None and y not in (None, 0):
            return Int(const(x // y if isinstance(op, ast.FloorDiv) else x % y))
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
        return arrays[0].with_shape(arrays[0].shape)
    if len(arrays) == 2 and arrays[0].shape == arrays[1].shape:
        return arrays[0].with_shape(arrays[0].shape)
    return unknown()


# -- calls --------------------------------------------------------------------------------

def call(interp, qualname: str, args, node: ast.Call) -> Optional[Value]:
    path = numpy_path(qualname)
    if path is not None:
        return numpy_call(interp, path, args, node)
    return None


def numpy_call(interp, path: str, args, node: ast.Call) -> Optional[Value]:
    first = args.arg(0)
    if path in ("array", "asarray") and first is not None:
        return array_of(interp, first, node)
    if path in ("zeros", "ones", "empty", "full"):
        shape = shape_argument(args.arg(0, "shape"))
        return Array(shape) if shape is not None else unknown()
    if path.startswith("random."):
        return random_array(path[len("random."):], args)
    return None


def shape_argument(value: Optional[Value]) -> Optional[Tuple[Poly, ...]]:
    """``(100, 10)`` or ``100`` as a shape: each entry must be an integer."""
    if value is None:
        return None
    if isinstance(value, Seq):
        dims = [to_poly(v) for v in value.items]
        return tuple(dims) if all(d is not None for d in dims) else None
    d = to_poly(value)
    return (d,) if d is not None else None


def random_array(name: str, args) -> Value:
    if name in ("rand", "randn"):
        dims = [to_poly(v) for v in args.positional]
        if args.star or any(d is None for d in dims):
            return unknown()
        return Array(tuple(dims), dtype="float")
    size_names = {"random": (0, "size"), "random_sample": (0, "size"), "sample": (0, "size"),
                  "normal": (2, "size"), "uniform": (2, "size"), "randint": (2, "size"),
                  "choice": (1, "size"), "binomial": (2, "size"), "poisson": (1, "size")}
    if name not in size_names:
        return unknown()
    index, key = size_names[name]
    size = args.arg(index, key)
    if size is None:
        return unknown()   # a scalar
    shape = shape_argument(size)
    if shape is None:
        return unknown()
    return Array(shape, dtype="int" if name in ("randint", "binomial", "poisson") else "float")


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
        return unknown()
    if isinstance(value, Seq):
        return literal_array(value)
    return unknown()


def literal_array(value: Seq) -> Value:
    """The shape of an array literal, from NumPy itself (ragged -> unknown)."""
    items = value.items
    if items and all(isinstance(v, Array) and v.shape is not None for v in items):
        shapes = {v.shape for v in items}
        if len(shapes) == 1:
            return Array((const(len(items)),) + tuple(items[0].shape), dtype=items[0].dtype)
        return unknown()
    placeholder, count, dtype = to_placeholder(value, [0])
    if placeholder is None:
        return unknown()
    import numpy  # lazily: only files with an array literal pay for it
    try:
        shape = numpy.array(placeholder).shape
    except (ValueError, TypeError):
        return unknown()   # ragged
    return Array(tuple(const(int(n)) for n in shape), dtype=dtype)


def to_placeholder(value: Value, count: List[int]):
    """Nested lists of zeros standing for a literal, or None if it is not all
    numbers or too big.  Returns (placeholder, count, dtype)."""
    if isinstance(value, Seq):
        out = []
        dtype = "int"
        for item in value.items:
            sub, _, sub_dtype = to_placeholder(item, count)
            if sub is None:
                return None, count, None
            if sub_dtype == "float":
                dtype = "float"
            out.append(sub)
        return out, count, dtype
    if isinstance(value, (Int, Float)) or (isinstance(value, Const) and isinstance(value.value, bool)):
        count[0] += 1
        if count[0] > MAX_LITERAL_ELEMENTS:
            return None, count, None
        return 0, count, "float" if isinstance(value, Float) else "int"
    return None, count, None


# -- methods ------------------------------------------------------------------------------

def method(interp, receiver: Value, name: str, args, node: ast.Call):
    """(result, receiver's new value) for array and list methods; None otherwise."""
    if isinstance(receiver, (Seq, ListOf)) and getattr(receiver, "kind", "list") == "list":
        return list_method(receiver, name, args)
    if isinstance(receiver, Array):
        result = array_method(interp, receiver, name, args, node)
        return (result, None) if result is not None else None
    return None


def list_method(receiver: Value, name: str, args):
    item = args.arg(0)
    if name == "append" and item is not None:
        if isinstance(receiver, Seq):
            if len(receiver.items) >= 256:
                return Const(None), ListOf(item, Poly.symbol(fresh_key("len"), "len"), receiver.origin)
            return Const(None), Seq(receiver.items + (item,), "list", receiver.origin)
        from .env import join_values
        elem = item if receiver.elem is None else join_values([receiver.elem, item])
        return Const(None), ListOf(elem, Poly.symbol(fresh_key("len"), "len"), receiver.origin)
    if name in ("extend", "insert", "pop", "remove", "clear", "sort", "reverse"):
        return unknown(), ListOf(None, Poly.symbol(fresh_key("len"), "len")) \
            if name != "sort" and name != "reverse" else receiver
    return None


def array_method(interp, array: Array, name: str, args, node: ast.Call) -> Optional[Value]:
    if name in ("astype", "copy"):
        dtype = array.dtype
        if name == "astype":
            dtype = dtype_name(args.arg(0, "dtype"))
        return array.with_shape(array.shape, dtype=dtype, kind=array.kind)
    if name in ("to_numpy",) and array.kind in ("dataframe", "series"):
        return array.with_shape(array.shape, kind="ndarray")
    if name in ("flatten", "ravel"):
        total = product(array.shape) if array.shape is not None else None
        return array.with_shape((total,) if total is not None else None)
    return None


def dtype_name(value: Optional[Value]) -> Optional[str]:
    if isinstance(value, Ref):
        last = value.qualname.rsplit(".", 1)[-1]
        if last.startswith("int") or last.startswith("uint"):
            return "int"
        if last.startswith("float"):
            return "float"
    if isinstance(value, Const) and isinstance(value.value, str):
        if value.value.startswith(("int", "uint")):
            return "int"
        if value.value.startswith("float"):
            return "float"
    return None


# -- indexing -----------------------------------------------------------------------------

def subscript(interp, base: Value, index: ast.AST, env, node: ast.Subscript) -> Value:
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
        return unknown()
    interp.eval(index, env)
    return unknown()


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
            return Seq(base.items[slice(*ints)], base.kind)
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
    return Array(tuple(array.shape[1:]), dtype=array.dtype)
