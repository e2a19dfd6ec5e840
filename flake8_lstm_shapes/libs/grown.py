"""NumPy's joins of a list grown in a loop: ``np.stack(windows)``,
``np.vstack``, ``np.hstack`` and ``np.concatenate`` of it.

A list grown by ``append`` in a loop (``ListOf``) has a length, often
symbolic, and one element standing for all of them.  Its join is then the
join of ``length`` arrays of that element's shape, by NumPy's own rules
(``tests/test_grown.py`` compares them with NumPy):

* ``stack`` puts a new axis of ``length`` at ``axis``;
* ``concatenate`` multiplies the joined axis by ``length``;
* ``vstack`` reads 0-D and 1-D pieces as rows (``atleast_2d``) and joins on
  the first axis, ``hstack`` joins 1-D pieces end to end and others on the
  second axis.

Where the pieces' joined axis is not one known size, pieces of different
lengths add up to a total no product gives: the axis is a fresh symbol, the
rank stays known.
"""

from __future__ import annotations

from typing import Optional

from ..core.shapes import Poly, const
from ..core.values import Array, Int, ListOf, Value, unknown
from .shape_ops import ArrayShape, expand_dims_n, fresh, normalize_axis

GROWN_JOINS = frozenset({"stack", "concatenate", "vstack", "hstack"})
AXIS_JOINS = frozenset({"stack", "concatenate"})      # the ones that take ``axis``


def join_grown(path: str, pieces: ListOf, axis_given: Optional[Value]) -> Value:
    """``np.<path>(pieces, axis)`` of a grown list: an array, or unknown when
    the element's shape or the axis is unknown, or NumPy would raise."""
    elem = pieces.elem
    if path not in GROWN_JOINS or not isinstance(elem, Array) or elem.shape is None:
        return unknown()
    axis = None
    if axis_given is not None:
        axis = axis_given.poly.value if isinstance(axis_given, Int) and path in AXIS_JOINS else None
        if axis is None:
            return unknown()         # ``axis=None`` flattens, a symbolic axis is any of them
    shape = grown_shape(path, tuple(elem.shape), pieces.length, axis)
    return Array(shape, dtype=elem.dtype) if shape is not None else unknown()


def grown_shape(path: str, piece: ArrayShape, count: Poly, axis: Optional[int]) -> Optional[ArrayShape]:
    """The shape of ``count`` pieces of shape ``piece`` joined by ``np.<path>``."""
    if path == "stack":
        return expand_dims_n(piece, 0 if axis is None else axis, count)
    if path == "concatenate":
        return joined_on(piece, 0 if axis is None else axis, count)
    if path == "vstack":
        rows = (const(1),) * (2 - len(piece)) + piece if len(piece) < 2 else piece   # atleast_2d
        return joined_on(rows, 0, count)
    if not piece:                  # hstack of scalars: atleast_1d
        return (count,)
    return joined_on(piece, 0 if len(piece) == 1 else 1, count)


def joined_on(piece: ArrayShape, axis: int, count: Poly) -> Optional[ArrayShape]:
    """``count`` pieces end to end along ``axis`` (NumPy raises on a 0-D piece)."""
    a = normalize_axis(axis, len(piece)) if piece else None
    if a is None:
        return None
    size = piece[a]
    total = count * size if size.value is not None else fresh("concatenated")
    return piece[:a] + (total,) + piece[a + 1:]
