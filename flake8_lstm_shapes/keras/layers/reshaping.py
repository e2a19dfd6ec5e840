"""Reshaping layers: Flatten, RepeatVector, Reshape, Permute, and the
cropping, zero-padding and up-sampling of spatial axes."""

from __future__ import annotations

from typing import Tuple

from .base import LayerArgs, LayerShapeError, read_dim, read_dims, read_str, register, value_to_dim
from ...core.shapes import Dim, Poly, const, dim_value, format_shape, product
from ...core.values import Int, Seq


@register("Flatten", (), (1, None))
def flatten_output(args, shape, registry):
    if len(shape) == 1:
        return (shape[0], const(1))
    return (shape[0], product(shape[1:]))


@register("RepeatVector", ("n",), (2, 2))
def repeat_vector_output(args, shape, registry):
    return (shape[0], read_dim(args, "n"), shape[1])


@register("Reshape", ("target_shape",), (1, None))
def reshape_output(args, shape, registry):
    target = args.get("target_shape")
    if not isinstance(target, Seq):
        return None
    dims = [value_to_dim(v) for v in target.items]
    if any(d is None for d in dims):
        return None
    return (shape[0],) + solve_reshape(tuple(shape[1:]), tuple(dims))


def solve_reshape(old: Tuple[Dim, ...], new: Tuple[Poly, ...]) -> Tuple[Dim, ...]:
    """Fill in one ``-1`` and check the element count, as Keras's Reshape does."""
    unknown_at = [i for i, d in enumerate(new) if d.value == -1]
    total = product(old)
    if len(unknown_at) > 1:
        raise LayerShapeError("can only specify one unknown dimension (-1)")
    if unknown_at:
        known = product(d for i, d in enumerate(new) if i != unknown_at[0])
        if total is None or known is None:
            return new[:unknown_at[0]] + (None,) + new[unknown_at[0] + 1:]
        fill = total.exact_div(known)
        divisible = total.divisible_by(known)
        if divisible is False:
            raise LayerShapeError(
                f"the input has {total} elements, which do not divide into {format_shape(new)}")
        return new[:unknown_at[0]] + (fill,) + new[unknown_at[0] + 1:]
    new_total = product(new)
    if total is not None and new_total is not None:
        a, b = total.value, new_total.value
        if a is not None and b is not None and a != b:
            raise LayerShapeError(
                f"the total size must be unchanged: the input {format_shape(old)} has {a} "
                f"elements, the target {format_shape(new)} has {b}")
    return new


@register("Permute", ("dims",), (2, None))
def permute_output(args, shape, registry):
    dims = args.get("dims")
    if not isinstance(dims, Seq):
        return None
    order = [dim_value(value_to_dim(v)) for v in dims.items]
    if any(o is None for o in order):
        return None
    if len(order) != len(shape) - 1:
        raise LayerShapeError(f"Permute(({', '.join(map(str, order))})) reorders "
                              f"{len(order)} axes, so it needs {len(order) + 1}-D input")
    if sorted(order) != list(range(1, len(shape))):
        return None
    return (shape[0],) + tuple(shape[o] for o in order)


def pairs(args: LayerArgs, name: str, rank: int, default: int):
    """Cropping/padding amounts: an int, a pair, or a pair per spatial axis."""
    v = args.get(name)
    if v is None:
        return [(const(default), const(default))] * rank
    if isinstance(v, Int):
        return [(v.poly, v.poly)] * rank
    if isinstance(v, Seq):
        items = v.items
        if rank == 1 and len(items) == 2 and all(isinstance(i, Int) for i in items):
            return [(items[0].poly, items[1].poly)]
        if len(items) == rank and all(isinstance(i, Int) for i in items):
            return [(i.poly, i.poly) for i in items]
        if len(items) == rank and all(isinstance(i, Seq) and len(i.items) == 2
                                      and all(isinstance(x, Int) for x in i.items) for i in items):
            return [(i.items[0].poly, i.items[1].poly) for i in items]
    return None


def cropping(rank: int, sign: int):
    """Cropping (sign -1) removes rows and columns, ZeroPadding (sign +1) adds them."""
    def output(args, shape, registry):
        amounts = pairs(args, "cropping" if sign < 0 else "padding", rank, 0 if sign < 0 else 1)
        if amounts is None or read_str(args, "data_format", "channels_last") != "channels_last":
            return None
        space = []
        for length, (a, b) in zip(shape[1:-1], amounts):
            if length is None:
                space.append(None)
                continue
            new = length + (a + b) * const(sign)
            if new.value is not None and new.value <= 0:
                raise LayerShapeError(f"cropping {a} + {b} leaves nothing of {length}")
            space.append(new)
        return (shape[0], *space, shape[-1])
    return output


def upsampling(rank: int):
    def output(args, shape, registry):
        size = read_dims(args, "size", rank, 2)
        if size is None or read_str(args, "data_format", "channels_last") != "channels_last":
            return None
        space = [None if d is None else d * f for d, f in zip(shape[1:-1], size)]
        return (shape[0], *space, shape[-1])
    return output


register("Cropping1D", ("cropping",), (3, 3))(cropping(1, -1))
register("Cropping2D", ("cropping",), (4, 4))(cropping(2, -1))
register("ZeroPadding1D", ("padding",), (3, 3))(cropping(1, +1))
register("ZeroPadding2D", ("padding",), (4, 4))(cropping(2, +1))
register("UpSampling1D", ("size",), (3, 3))(upsampling(1))
register("UpSampling2D", ("size",), (4, 4))(upsampling(2))
register("Cropping3D", ("cropping",), (5, 5))(cropping(3, -1))
register("ZeroPadding3D", ("padding",), (5, 5))(cropping(3, +1))
register("UpSampling3D", ("size",), (5, 5))(upsampling(3))
