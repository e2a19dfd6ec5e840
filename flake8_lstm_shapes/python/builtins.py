"""Python's own functions, as far as shapes need them.

``len``, ``int``, ``float``, ``round``, ``range``, ``tuple``/``list`` and
``min``/``max`` of known integers are computed (and of a 1-D array are a
number), ``slice(a, b)`` is the slice ``a:b`` an index can use; every other builtin is a
name the interpreter knows to be a function, whose result is unknown.
"""

from __future__ import annotations

import ast
from typing import Optional

from ..libs import arrays, indexing
from ..core.arguments import CallArgs
from ..core.context import Context
from ..core.shapes import Poly
from ..core.values import (Array, Float, Int, Mapping, Seq, Unknown, Value, fresh_key, python_int, to_poly,
                           unknown)
from .iteration import MAX_UNROLL, RangeOf

BUILTINS = {"len", "int", "float", "range", "list", "tuple", "round", "min", "max", "abs",
            "print", "zip", "enumerate", "sorted", "sum", "bool", "str", "isinstance", "type",
            "reversed", "map", "filter", "dict", "set", "open", "super", "divmod", "slice"}


def builtin(ctx: Context, qualname: str, args: CallArgs, node: ast.Call) -> Optional[Value]:
    """The value of a call to ``builtins.<name>``; None when not modelled."""
    if not qualname.startswith("builtins."):
        return None
    name = qualname[len("builtins."):]
    first = args.arg(0)
    if name == "len" and first is not None:
        return arrays.length(first, node, ctx)
    if name == "int" and first is not None:
        if isinstance(first, Int):
            return python_int(first)
        if isinstance(first, Float):
            return arrays.builtin_int(first, ctx.source(node, 30))
        if isinstance(first, Unknown):
            return Int(to_poly(first))
        return None
    if name == "float" and isinstance(first, (Int, Float)):
        v = first.poly.value if isinstance(first, Int) else first.value
        return Float(float(v) if v is not None and abs(v) < 2 ** 62 else None)
    if name == "round" and isinstance(first, Float) and len(args.positional) == 1:
        if first.value is not None and abs(first.value) < 2 ** 62:
            return Int(Poly.const(round(first.value)))
        return Int(Poly.symbol(fresh_key("round"), ctx.source(node, 30)))
    if name == "range":
        return range_value(args)
    if name == "slice" and not args.keywords and not args.star:
        return indexing.slice_object(list(args.positional))
    if name == "dict" and not args.positional and not args.star and not args.double_star:
        # dict(seq=X, meta=M): the keywords are the keys, as in a literal
        return Mapping(tuple(args.keywords), tuple(args.keywords.values()))
    if name == "dict" and isinstance(first, Mapping) and len(args.positional) == 1 \
            and not args.keywords and not args.star and not args.double_star:
        return first
    if name in ("tuple", "list") and isinstance(first, Seq):
        return Seq(first.items, name)
    if name in ("tuple", "list") and first is None:
        return Seq((), name)
    if name == "list" and isinstance(first, Array) and first.kind == "dataframe":
        return arrays.attribute_of_frame(first, "columns")     # list(df): its column labels
    if name in ("min", "max") and len(args.positional) >= 2:
        ints = [a.poly.value if isinstance(a, Int) else None for a in args.positional]
        if all(v is not None for v in ints):
            return Int(Poly.const(min(ints) if name == "min" else max(ints)))
    if name in ("min", "max", "sum") and len(args.positional) == 1 and is_vector(first):
        # max(data) of a 1-D array is one of its numbers: a float only where the
        # elements are known to be floats (max(labels) + 1 counts classes)
        return arrays.reduced_number(first.dtype, name + "(...)", numpy=True)
    return None


def is_vector(value: Optional[Value]) -> bool:
    """A 1-D NumPy array or pandas Series: iterating it gives its numbers (a
    DataFrame gives its column labels, a 2-D array its rows)."""
    return isinstance(value, Array) and value.kind in ("ndarray", "series") \
        and value.shape is not None and len(value.shape) == 1


def range_value(args: CallArgs) -> Value:
    ints = [a.poly.value if isinstance(a, Int) else None for a in args.positional]
    if ints and all(v is not None for v in ints) and len(ints) <= 3:
        try:
            r = range(*ints)
            length = r.__len__() if all(abs(v) < 2 ** 62 for v in ints) else None
        except (TypeError, ValueError, OverflowError):
            return unknown()
        if length is None:
            return RangeOf(None)          # past what len() can hold: some ints
        if length <= MAX_UNROLL:
            return Seq(tuple(Int(Poly.const(i)) for i in r), "range")
        return RangeOf(Poly.const(length))
    bounds = [to_poly(a) for a in args.positional]
    if len(bounds) in (1, 2) and all(b is not None for b in bounds):
        # range(n) and range(a, b) have n and b - a elements (when that is not negative)
        return RangeOf(bounds[0] if len(bounds) == 1 else bounds[1] - bounds[0])
    return RangeOf(None)
