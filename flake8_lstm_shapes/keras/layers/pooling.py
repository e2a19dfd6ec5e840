"""Pooling: MaxPooling/AveragePooling 1D-3D and the global poolings."""

from __future__ import annotations

from typing import Tuple

from .base import NO_ROOM, LayerShapeError, opaque_length, read_bool, read_dims, read_str, register
from ...core.shapes import Dim, const, dim_value
from ...core.values import Const


def pool_lengths(lengths, pool, strides, padding) -> Tuple[Dim, ...]:
    out = []
    for length, p, s in zip(lengths, pool, strides):
        n, pv, sv = dim_value(length), p.value, s.value
        if n is None or pv is None or sv is None or sv <= 0:
            out.append(None if length is None else opaque_length(length, "pool"))
            continue
        if padding == "valid":
            size = (n - pv) // sv + 1
            if size <= 0:
                raise LayerShapeError(
                    f"a pool of {pv} does not fit in {n} steps: {NO_ROOM}")
        else:
            size = (n - 1) // sv + 1
        out.append(const(size))
    return tuple(out)


def pool(rank: int):
    def output(args, shape, registry):
        if read_str(args, "data_format", "channels_last") != "channels_last":
            return None
        size = read_dims(args, "pool_size", rank, 2)
        strides = args.get("strides")
        strides = size if strides is None or (isinstance(strides, Const) and strides.value is None) \
            else read_dims(args, "strides", rank, None)
        padding = read_str(args, "padding", "valid")
        if size is None or strides is None or padding not in ("valid", "same"):
            return None
        return (shape[0], *pool_lengths(shape[1:-1], size, strides, padding), shape[-1])
    return output


register("MaxPooling1D", ("pool_size", "strides", "padding"), (3, 3),
         aliases=("MaxPool1D", "AveragePooling1D", "AvgPool1D"))(pool(1))
register("MaxPooling2D", ("pool_size", "strides", "padding"), (4, 4),
         aliases=("MaxPool2D", "AveragePooling2D", "AvgPool2D"))(pool(2))
register("MaxPooling3D", ("pool_size", "strides", "padding"), (5, 5),
         aliases=("MaxPool3D", "AveragePooling3D", "AvgPool3D"))(pool(3))


@register("GlobalMaxPooling1D", ("data_format",), (3, 3),
          aliases=("GlobalMaxPool1D", "GlobalAveragePooling1D", "GlobalAvgPool1D"))
def global_pool_1d_output(args, shape, registry):
    keep = read_bool(args, "keepdims")
    if keep is None or read_str(args, "data_format", "channels_last") != "channels_last":
        return None
    return (shape[0], const(1), shape[-1]) if keep else (shape[0], shape[-1])


@register("GlobalMaxPooling2D", ("data_format",), (4, 4),
          aliases=("GlobalMaxPool2D", "GlobalAveragePooling2D", "GlobalAvgPool2D"))
def global_pool_2d_output(args, shape, registry):
    keep = read_bool(args, "keepdims")
    if keep is None or read_str(args, "data_format", "channels_last") != "channels_last":
        return None
    return (shape[0], const(1), const(1), shape[-1]) if keep else (shape[0], shape[-1])


@register("GlobalMaxPooling3D", ("data_format",), (5, 5),
          aliases=("GlobalMaxPool3D", "GlobalAveragePooling3D", "GlobalAvgPool3D"))
def global_pool_3d_output(args, shape, registry):
    keep = read_bool(args, "keepdims")
    if keep is None or read_str(args, "data_format", "channels_last") != "channels_last":
        return None
    return (shape[0], const(1), const(1), const(1), shape[-1]) if keep else (shape[0], shape[-1])
