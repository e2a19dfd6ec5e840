"""Convolutions: Conv1D/2D/3D, their separable, depthwise and transposed
kinds, and the output-length arithmetic the convolutional recurrent layers
share (Keras's compute_conv_output_shape)."""

from __future__ import annotations

from typing import Optional, Tuple

from .base import NO_ROOM, LayerArgs, LayerShapeError, opaque_length, read_dim, read_dims, read_str, register
from ...core.shapes import Dim, const, dim_value
from ...core.values import Const, Int, Unknown


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
                    f"a kernel of {kv} (dilation {dv}) does not fit in {n} steps: {NO_ROOM}")
        else:
            size = (n - 1) // sv + 1
        out.append(const(size))
    return tuple(out)


def conv(rank: int, paddings: Tuple[str, ...] = ("valid", "same", "causal"), folds: bool = False):
    """The output rule of a convolution over ``rank`` spatial axes that
    accepts ``paddings``.  ``folds``: more axes than ``rank + 2`` are extra
    batch axes (tf_keras's Conv1D/2D/3D: ``batch_shape + (rows, cols, channels)``);
    Keras 3 refuses them before this rule runs (``max_rank_keras3``)."""
    def output(args, shape, registry):
        settings = conv_settings(args, rank, paddings)
        if settings is None or len(shape) < rank + 2 or (len(shape) > rank + 2 and not folds):
            return None
        filters, kernel, strides, dilation, padding = settings
        batch = shape[:len(shape) - rank - 1]
        return (*batch, *conv_lengths(shape[-rank - 1:-1], kernel, strides, dilation, padding), filters)
    return output


def folded_axes(layer, shape) -> int:
    """How many extra batch axes a convolution that folds them (``conv``) reads
    in ``shape``, its input or output (both keep the rank); 0 for any other layer."""
    spec = layer.spec if layer is not None else None
    if spec is None or layer.kind not in FOLDING_KINDS or shape is None:
        return 0
    return max(0, len(shape) - spec.max_rank_keras3)


FOLDING_KINDS = frozenset({"Conv1D", "Convolution1D", "Conv2D", "Convolution2D", "Conv3D", "Convolution3D"})
register("Conv1D", ("filters", "kernel_size", "strides", "padding"), (3, None),
         aliases=("Convolution1D",), max_rank_keras3=3)(conv(1, folds=True))
register("Conv2D", ("filters", "kernel_size", "strides", "padding"), (4, None),
         aliases=("Convolution2D",), max_rank_keras3=4)(conv(2, folds=True))
register("Conv3D", ("filters", "kernel_size", "strides", "padding"), (5, None),
         aliases=("Convolution3D",), max_rank_keras3=5)(conv(3, folds=True))


# Keras 1 wrote a 2-D kernel as two arguments, ``Convolution2D(nb_filter, nb_row, nb_col)``;
# since Keras 2 the third positional argument is ``strides``, so ``Convolution2D(32, 3, 3)``
# is a 3x3 kernel moved 3 pixels at a time, and each such layer divides the image by 3.
KERAS1_KERNEL_KINDS = frozenset({"Conv2D", "Convolution2D", "SeparableConv2D", "SeparableConvolution2D"})


def positional_strides(layer) -> Optional[Tuple[int, int]]:
    """(kernel, strides) of a 2-D convolution written ``Conv2D(filters, k, s)``
    with plain ints and ``s`` > 1: the Keras 1 spelling of a k x s kernel, read
    by Keras 2 and 3 as strides ``s``; None for any other spelling."""
    if layer is None or layer.kind not in KERAS1_KERNEL_KINDS:
        return None
    given = layer.node.args
    kernel, strides = layer.args.get("kernel_size"), layer.args.get("strides")
    if len(given) < 3 or layer.args.nodes.get("strides") is not given[2]:
        return None
    if not (isinstance(kernel, Int) and isinstance(strides, Int)):
        return None
    k, s = kernel.poly.value, strides.poly.value
    if k is None or s is None or s <= 1:
        return None
    return k, s


# -- separable and depthwise convolutions: the same lengths, other channels -----------------

# Separable and depthwise convolutions take no causal padding.
SPATIAL_PADDINGS = ("valid", "same")


def depthwise(rank: int):
    """DepthwiseConv: each input channel gets ``depth_multiplier`` filters of
    its own, so it is a convolution to channels x depth_multiplier filters."""
    convolution = conv(rank, SPATIAL_PADDINGS)

    def output(args, shape, registry):
        if len(shape) != rank + 2 or shape[-1] is None:
            return None
        filters = with_filters(args, shape[-1], read_dim(args, "depth_multiplier", 1))
        return convolution(filters, shape, registry)
    return output


def with_filters(args: LayerArgs, channels, multiplier) -> LayerArgs:
    """The arguments with ``filters`` = channels x depth_multiplier."""
    values = dict(args.values)
    values["filters"] = Int(channels * multiplier) if multiplier is not None else Unknown(
        ("depthwise", id(args)), "filters")
    return LayerArgs(values, args.nodes, args.open_ended)


# SeparableConv is a depthwise step, then a 1x1 convolution to ``filters``: the
# lengths and channels of a plain convolution.
SEPARABLE_PARAMS = ("filters", "kernel_size", "strides", "padding")
DEPTHWISE_PARAMS = ("kernel_size", "strides", "padding", "depth_multiplier")
register("SeparableConv1D", SEPARABLE_PARAMS, (3, None), aliases=("SeparableConvolution1D",),
         max_rank_keras3=3)(conv(1, SPATIAL_PADDINGS))
register("SeparableConv2D", SEPARABLE_PARAMS, (4, None), aliases=("SeparableConvolution2D",),
         max_rank_keras3=4)(conv(2, SPATIAL_PADDINGS))
register("DepthwiseConv1D", DEPTHWISE_PARAMS, (3, None), max_rank_keras3=3)(depthwise(1))
register("DepthwiseConv2D", DEPTHWISE_PARAMS, (4, None), max_rank_keras3=4)(depthwise(2))


# -- transposed convolutions ------------------------------------------------------------------

def deconv_length(length, kernel: int, stride: int, dilation: int, padding: str,
                  output_padding: Optional[int]):
    """Keras's deconv_output_length (the same in Keras 3 and tf_keras): the
    length a transposed convolution gives back for ``length`` steps."""
    kernel = (kernel - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return length * stride + max(kernel - stride, 0)
        return length * stride
    if padding == "valid":
        return (length - 1) * stride + kernel + output_padding
    return (length - 1) * stride + kernel % 2 + output_padding


def transpose_lengths(lengths, kernel, strides, dilation, padding, output_padding):
    out = []
    for length, k, s, d, extra in zip(lengths, kernel, strides, dilation, output_padding):
        n, kv, sv, dv = dim_value(length), k.value, s.value, d.value
        ev = None if extra is None else extra.value
        if n is None or kv is None or sv is None or dv is None or (extra is not None and ev is None):
            out.append(None if length is None else opaque_length(length, "deconv"))
            continue
        out.append(const(deconv_length(n, kv, sv, dv, padding, ev)))
    return tuple(out)


def transpose(rank: int):
    def output(args, shape, registry):
        settings = conv_settings(args, rank, ("valid", "same"))
        if len(shape) != rank + 2 or settings is None:
            return None
        filters, kernel, strides, dilation, padding = settings
        given = args.get("output_padding")
        extra = (None,) * rank if given is None or (isinstance(given, Const) and given.value is None) \
            else read_dims(args, "output_padding", rank, None)
        if extra is None:
            return None
        space = transpose_lengths(shape[1:-1], kernel, strides, dilation, padding, extra)
        return (shape[0], *space, filters)
    return output


register("Conv1DTranspose", ("filters", "kernel_size", "strides", "padding"), (3, 3),
         aliases=("Convolution1DTranspose",))(transpose(1))
# Not ``Deconvolution2D``: Keras 1 wrote it ``(nb_filter, nb_row, nb_col)``, so
# its third argument is a kernel size, not the strides read here.
register("Conv2DTranspose", ("filters", "kernel_size", "strides", "padding"), (4, None),
         aliases=("Convolution2DTranspose",), max_rank_keras3=4)(transpose(2))
