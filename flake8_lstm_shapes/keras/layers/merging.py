"""Merging layers: several tensors in, one out (functional API).
Concatenate joins along an axis; Add, Multiply, Average, ... combine
element-wise; Dot multiplies two tensors along an axis of each."""

from __future__ import annotations

from typing import List, Optional, Tuple

from .base import LayerArgs, LayerShapeError
from ...core.shapes import Dim, Shape, const, dims_differ, format_dim, format_shape
from ...core.values import Int, Seq


def merge_output(kind: str, args: LayerArgs, shapes: List[Tuple[Dim, ...]]) -> Shape:
    """Concatenate joins along an axis; the others combine element-wise."""
    if kind == "Concatenate":
        axis = args.get("axis")
        axis_value = axis.poly.value if isinstance(axis, Int) else (-1 if axis is None else None)
        if axis_value is None:
            return None
        return concatenate_output(shapes, axis_value)
    if kind == "Dot":
        return dot_output(args, shapes)
    return elementwise_output(shapes)


def concatenate_output(shapes, axis: int) -> Shape:
    ranks = {len(s) for s in shapes}
    if len(ranks) != 1:
        raise LayerShapeError(f"its inputs have different ranks: "
                              f"{', '.join(format_shape(s) for s in shapes)}")
    rank = ranks.pop()
    if not -rank <= axis < rank or axis % rank == 0:
        return None
    a = axis % rank
    for i in range(1, rank):
        if i == a:
            continue
        dims = [s[i] for s in shapes]
        if any(x is not None and y is not None and (x - y).value not in (0, None)
               for x in dims for y in dims):
            raise LayerShapeError(f"it needs matching shapes except on axis {axis}, but gets "
                                  f"{', '.join(format_shape(s) for s in shapes)}")
    total = const(0)
    for s in shapes:
        if s[a] is None:
            total = None
            break
        total = total + s[a]
    first = shapes[0]
    return first[:a] + (total,) + first[a + 1:]


def dot_axes(args: LayerArgs, ranks: Tuple[int, int]) -> Optional[Tuple[int, int]]:
    """``axes=-1``, ``axes=2`` or ``axes=(2, 1)``, each counted in its own
    input, batch axis included; None when unknown or the batch axis itself."""
    given = args.get("axes")
    if given is None:
        values = (-1, -1)
    elif isinstance(given, Int) and given.poly.value is not None:
        values = (given.poly.value,) * 2
    elif isinstance(given, Seq) and len(given.items) == 2 \
            and all(isinstance(v, Int) and v.poly.value is not None for v in given.items):
        values = tuple(v.poly.value for v in given.items)
    else:
        return None
    axes = tuple(a % r if -r <= a < r else None for a, r in zip(values, ranks))
    return None if None in axes or 0 in axes else axes


def dot_output(args: LayerArgs, shapes) -> Shape:
    """Keras's Dot: the two inputs multiplied along one axis each; the output
    is the rest of the first, then the rest of the second without its batch
    axis, and (batch, 1) when nothing else is left."""
    if len(shapes) != 2:
        raise LayerShapeError(f"it takes a list of 2 tensors, but gets {len(shapes)}")
    first, second = shapes
    axes = dot_axes(args, (len(first), len(second)))
    if axes is None:
        return None
    a, b = first[axes[0]], second[axes[1]]
    if dims_differ(a, b):
        raise LayerShapeError(f"it multiplies axis {axes[0]} of {format_shape(first)} with axis "
                              f"{axes[1]} of {format_shape(second)}, and {format_dim(a)} != "
                              f"{format_dim(b)}")
    out = tuple(first[:axes[0]] + first[axes[0] + 1:]) + tuple(second[1:axes[1]] + second[axes[1] + 1:])
    return out if len(out) > 1 else out + (const(1),)


def elementwise_output(shapes) -> Shape:
    """Keras's Merge._compute_elemwise_op_output_shape, batch axis aside."""
    out = tuple(shapes[0][1:])
    for shape in shapes[1:]:
        a, b = (out, tuple(shape[1:])) if len(out) >= len(shape) - 1 else (tuple(shape[1:]), out)
        merged = list(a[:len(a) - len(b)])
        for x, y in zip(a[len(a) - len(b):], b):
            if x is None or y is None:
                merged.append(None)
            elif x.value == 1:
                merged.append(y)
            elif y.value == 1:
                merged.append(x)
            elif (x - y).value not in (0, None):
                raise LayerShapeError(f"its inputs do not combine element-wise: "
                                      f"{', '.join(format_shape(s) for s in shapes)}")
            else:
                merged.append(x)
        out = tuple(merged)
    return (shapes[0][0],) + out
