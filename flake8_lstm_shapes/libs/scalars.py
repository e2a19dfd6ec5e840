"""Python's own numbers and sequences: ``len``, ``int()``, arithmetic on ints
and floats (exact while the numbers stay small), tuple and list
concatenation and repetition, and the list methods the sliding-window loop
uses (``windows.append(seq[i:i + n])``).

Arithmetic where an array takes part is NumPy's: it is handed to
``ndarray.broadcast``.
"""

from __future__ import annotations

import ast
from typing import Optional

from .ndarray import broadcast
from ..core.joins import join_values
from ..core.shapes import Poly, const
from ..core.values import (Array, Const, Float, Int, ListOf, Mapping, Seq, Unknown, Value, fresh_key, to_poly,
                           unknown)

MAX_POWER_BITS = 256


def length(value: Value, node: ast.Call, ctx) -> Value:
    if isinstance(value, Seq):
        return Int(const(len(value.items)))
    if isinstance(value, Mapping):
        return Int(const(len(value.keys)))
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


def binop(interp, op: ast.operator, a: Value, b: Value, node) -> Value:
    if isinstance(a, Unknown) and isinstance(b, Int):
        a = Int(to_poly(a))
    if isinstance(b, Unknown) and isinstance(a, Int):
        b = Int(to_poly(b))
    if isinstance(a, Int) and isinstance(b, Int):
        return numpy_if_either(int_binop(op, a.poly, b.poly, interp, node), a, b)
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


def numpy_if_either(result: Value, a: Int, b: Int) -> Value:
    """NumPy's scalar arithmetic: a NumPy integer with a Python int (or
    another NumPy integer) gives a NumPy integer (``np.max(y) + 1``).  Only
    two known ints count: an unknown operand might be an array."""
    if (a.numpy or b.numpy) and isinstance(result, Int) and not result.numpy:
        return Int(result.poly, numpy=True)
    return result


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
