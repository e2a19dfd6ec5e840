"""NumPy's reading of Python literals: the shape of a nested list of numbers
(``np.array([[1, 2], [3, 4]])``), and which literals and arrays index as
integer arrays or as boolean masks (``X[[0, 2]]``, ``X[[True, False]]``).

This is NumPy's own rule written out, not NumPy (see ``numpy_calls``).
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from ..core.shapes import Poly, const
from ..core.values import Array, Const, Float, Int, Seq, Value

MAX_LITERAL_ELEMENTS = 10_000


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


def index_array(v) -> Optional[Tuple[Tuple[Poly, ...], str]]:
    """(shape, "int"|"bool") of an integer or boolean index array, or of a
    list literal NumPy turns into one; None for anything else (a float array
    raises, an array of unknown dtype might be either)."""
    if isinstance(v, Array):
        if v.shape is not None and v.dtype in ("int", "bool") and v.kind == "ndarray" \
                and all(d is not None for d in v.shape):
            return tuple(v.shape), v.dtype
        return None
    if isinstance(v, Seq) and v.kind != "range":
        found = literal_shape(v, [0])
        if found is None:
            return None
        shape, dtype = found
        if dtype == "int":
            if all_bool(v):
                return tuple(const(n) for n in shape), "bool"
            return tuple(const(n) for n in shape), "int"
    return None


def all_bool(v) -> bool:
    """A literal of True/False only: a mask (with one int among them, int indices)."""
    pending, seen = [v], 0
    while pending:
        item = pending.pop()
        if isinstance(item, Seq):
            pending.extend(item.items)
        elif not (isinstance(item, Const) and isinstance(item.value, bool)):
            return False
        else:
            seen += 1
    return seen > 0
