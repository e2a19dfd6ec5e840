"""More of NumPy's shape rules as small pure functions: broadcasting, reductions
over several axes, ``repeat``, ``tile``, ``take`` and ``expand_dims`` with a
tuple of axes.

Like ``shape_ops``, each takes and returns tuples of ``Poly``; None as a
result means "cannot tell" (NumPy would raise, or the answer depends on
values we do not know).  An axis may hold None (a Keras shape taken for an
array): a rule that must compare it answers None.
"""

from __future__ import annotations

from typing import Optional, Sequence, Tuple

from ..core.shapes import Poly, const

ArrayShape = Tuple[Poly, ...]


def normalized_axes(axes: Sequence[int], rank: int) -> Optional[Tuple[int, ...]]:
    """Each axis in range(rank), negatives counted from the end; None when
    one is out of range or repeated (NumPy's AxisError and "repeated axis")."""
    out = []
    for axis in axes:
        if not -rank <= axis < rank:
            return None
        out.append(axis % rank)
    return tuple(out) if len(set(out)) == len(out) else None


# -- broadcasting ---------------------------------------------------------------------------

def broadcast_dims(a: Optional[Poly], b: Optional[Poly]) -> Optional[Poly]:
    """Two axes lined up by broadcasting: equal, or one of them is 1."""
    if a is None or b is None:
        return None
    if a == b or b.value == 1:
        return a
    if a.value == 1:
        return b
    return None     # different sizes raise; a symbol against another might be 1


def broadcast_shapes(shapes: Sequence[ArrayShape]) -> Optional[ArrayShape]:
    """NumPy's broadcasting of several shapes, aligned at their last axes."""
    rank = max((len(s) for s in shapes), default=0)
    out = []
    for i in range(rank):
        dim: Optional[Poly] = const(1)
        for shape in shapes:
            j = i - (rank - len(shape))
            if j >= 0:
                dim = broadcast_dims(dim, shape[j])
                if dim is None:
                    return None
        out.append(dim)
    return tuple(out)


# -- reductions -----------------------------------------------------------------------------

def reduce_axes(shape: ArrayShape, axes: Sequence[int], keepdims: bool = False) -> Optional[ArrayShape]:
    """``X.sum(axis=(0, 2))``: each named axis goes (or becomes 1 with keepdims)."""
    gone = normalized_axes(axes, len(shape))
    if gone is None:
        return None
    if keepdims:
        return tuple(const(1) if i in gone else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in gone)


# -- repeat, tile, take, expand_dims --------------------------------------------------------

def repeat(shape: ArrayShape, repeats: Poly, axis: Optional[int]) -> Optional[ArrayShape]:
    """``np.repeat(X, n, axis)`` with one count for every element: the axis
    grows n times; without an axis, the flattened array does."""
    if repeats.value is not None and repeats.value < 0:
        return None
    if axis is None:
        total = const(1)
        for d in shape:
            if d is None:
                return None
            total = total * d
        return (total * repeats,)
    if not -len(shape) <= axis < len(shape) or shape[axis % len(shape)] is None:
        return None
    a = axis % len(shape)
    return shape[:a] + (shape[a] * repeats,) + shape[a + 1:]


def tile(shape: ArrayShape, reps: Sequence[Poly]) -> Optional[ArrayShape]:
    """``np.tile(X, reps)``: the shorter of shape and reps is padded with 1s
    on the left, then the axes multiply."""
    if any(r.value is not None and r.value < 0 for r in reps) or any(d is None for d in shape):
        return None
    rank = max(len(shape), len(reps))
    padded_shape = (const(1),) * (rank - len(shape)) + tuple(shape)
    padded_reps = (const(1),) * (rank - len(reps)) + tuple(reps)
    return tuple(d * r for d, r in zip(padded_shape, padded_reps))


def take(shape: ArrayShape, indices: ArrayShape, axis: Optional[int]) -> Optional[ArrayShape]:
    """``np.take(X, indices, axis)``: the axis is replaced by the indices'
    shape; without an axis, the flattened array is indexed."""
    if axis is None:
        return tuple(indices)
    if not -len(shape) <= axis < len(shape):
        return None
    a = axis % len(shape)
    return shape[:a] + tuple(indices) + shape[a + 1:]


def expand_dims_axes(shape: ArrayShape, axes: Sequence[int]) -> Optional[ArrayShape]:
    """``np.expand_dims(X, (0, 2))``: an axis of 1 at each position of the result."""
    rank = len(shape) + len(axes)
    placed = normalized_axes(axes, rank)
    if placed is None:
        return None
    rest = iter(shape)
    return tuple(const(1) if i in placed else next(rest) for i in range(rank))
