"""Convolutions: Conv1D/2D/3D, and the output-length arithmetic the
convolutional recurrent layers share (Keras's compute_conv_output_shape)."""

from __future__ import annotations

from typing import Tuple

from .base import LayerArgs, LayerShapeError, opaque_length, read_dim, read_dims, read_str, register
from ...core.shapes import Dim, const, dim_value


def conv_settings(args: LayerArgs, rank: int, paddings: Tuple[str, ...]):
    """(filters, kernel, strides, dilation, padding) of a convolution, or None
    when one of them is unknown or the data format is channels-first."""
    if read_str(args, "data_format", "channels_last") != "channels_last":
        return None
    settings = (read_dim(args, "filters"), read_dims(args, "kernel_size", rank, None),
                read_dims(args, "strides", rank, 1), read_dims(args, "dilation_rate", rank, 1),
                read_str(args, "padding", "valid"))
    if None in settings[1:4] or settings[4] not in paddings:
        return None
    return settings


def conv_lengths(lengths, kernel, strides, dilation, padding) -> Tuple[Dim, ...]:
    """Spatial output lengths of a convolution (Keras's compute_conv_output_shape)."""
    out = []
    for length, k, s, d in zip(lengths, kernel, strides, dilation):
        n, kv, sv, dv = dim_value(length), k.value, s.value, d.value
        if n is None or kv is None or sv is None or dv is None or sv <= 0:
            out.append(None if length is None else opaque_length(length, "conv"))
            continue
        if padding == "valid":
            size = (n - dv * (kv - 1) - 1) // sv + 1
            if size <= 0:
                raise LayerShapeError(
                    f"a kernel of {kv} (dilation {dv}) does not fit in {n} steps: "
                    f"the output would have no steps")
        else:
            size = (n - 1) // sv + 1
        out.append(const(size))
    return tuple(out)


def conv(rank: int):
    def output(args, shape, registry):
        settings = conv_settings(args, rank, ("valid", "same", "causal"))
        if len(shape) != rank + 2 or settings is None:
            return None
        filters, kernel, strides, dilation, padding = settings
        return (shape[0], *conv_lengths(shape[1:-1], kernel, strides, dilation, padding), filters)
    return output


register("Conv1D", ("filters", "kernel_size", "strides", "padding"), (3, None),
         aliases=("Convolution1D",), max_rank_keras3=3)(conv(1))
register("Conv2D", ("filters", "kernel_size", "strides", "padding"), (4, None),
         aliases=("Convolution2D",), max_rank_keras3=4)(conv(2))
register("Conv3D", ("filters", "kernel_size", "strides", "padding"), (5, None),
         aliases=("Convolution3D",), max_rank_keras3=5)(conv(3))
