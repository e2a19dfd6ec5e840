"""Merging layers: several tensors in, one out (functional API).
Concatenate joins along an axis; Add, Multiply, Average, ... combine
element-wise."""

from __future__ import annotations

from typing import List, Tuple

from .base import LayerArgs, LayerShapeError
from ...core.shapes import Dim, Shape, const, format_shape
from ...core.values import Int

# Layers whose inputs are several tensors (functional API merges).
MERGES = {"Concatenate": ("axis",), "Add": (), "Multiply": (), "Average": (), "Maximum": (),
          "Minimum": (), "Subtract": ()}


def merge_output(kind: str, args: LayerArgs, shapes: List[Tuple[Dim, ...]]) -> Shape:
    """Concatenate joins along an axis; the others combine element-wise."""
    if kind == "Concatenate":
        axis = args.get("axis")
        axis_value = axis.poly.value if isinstance(axis, Int) else (-1 if axis is None else None)
        if axis_value is None:
            return None
        return concatenate_output(shapes, axis_value)
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
