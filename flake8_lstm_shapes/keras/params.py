"""Parameter counts, as ``model.summary()`` prints them (trainable plus
non-trainable), one small function per layer.

Each takes the layer's arguments and its input shape (batch axis included)
and returns an int, or None when a size it needs is unknown.  Layers without
weights count 0; a layer we do not know makes the total unknown.

``frozen`` says how many of a layer's parameters Keras counts as
non-trainable: all of them for a layer made with ``trainable=False``, the
moving mean and variance of a ``BatchNormalization`` (updated by ``fit`` but
never by the optimizer), none otherwise.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Optional, Tuple

from .layers import LayerArgs, read_bool, read_dim, read_dims, read_str, units_of
from .models import (Functional, Layer, ModelLayer, Sequential, Tensor, graph_tensors, is_input_item,
                     layer_inputs)
from .op_names import is_op_step
from ..core.shapes import dim_value
from ..core.tables import registrar

ParamRule = Callable[[LayerArgs, tuple], Optional[int]]
PARAMS: Dict[str, ParamRule] = {}

WEIGHTLESS = {"Dropout", "GaussianNoise", "GaussianDropout", "AlphaDropout", "Activation",
              "Masking", "LeakyReLU", "ReLU", "ELU", "Softmax", "ActivityRegularization",
              "UnitNormalization", "SpatialDropout1D", "Flatten", "RepeatVector", "Reshape",
              "Permute", "MaxPooling1D", "MaxPool1D", "AveragePooling1D", "AvgPool1D",
              "MaxPooling2D", "MaxPool2D", "AveragePooling2D", "AvgPool2D", "MaxPooling3D",
              "MaxPool3D", "AveragePooling3D", "AvgPool3D", "GlobalMaxPooling1D",
              "GlobalMaxPool1D", "GlobalAveragePooling1D", "GlobalAvgPool1D",
              "GlobalMaxPooling2D", "GlobalMaxPool2D", "GlobalAveragePooling2D",
              "GlobalAvgPool2D", "Cropping1D", "Cropping2D", "ZeroPadding1D", "ZeroPadding2D",
              "UpSampling1D", "UpSampling2D", "InputLayer", "Concatenate", "Add", "Multiply",
              "Average", "Maximum", "Minimum", "Subtract", "Dot",
              "SpatialDropout2D", "SpatialDropout3D", "GlobalMaxPooling3D", "GlobalMaxPool3D",
              "GlobalAveragePooling3D", "GlobalAvgPool3D", "Cropping3D", "ZeroPadding3D",
              "UpSampling3D", "Rescaling", "Identity", "Resizing", "CenterCrop", "RandomFlip",
              "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast",
              "RandomBrightness"}


rule = registrar(PARAMS)      # @rule("LSTM"): the parameter count of those layers

# Layers called on several tensors (query, value, key): their counts read every input's shape.
SEVERAL_INPUTS: Dict[str, Callable[[LayerArgs, List[tuple]], Optional[int]]] = {}
several = registrar(SEVERAL_INPUTS)


def count(layer, input_shape) -> Optional[int]:
    """The parameters of a layer (a ``models.Layer``) on an input shape."""
    if isinstance(layer, ModelLayer):
        return nested_count(layer.model, input_shape)
    if layer.kind in WEIGHTLESS or is_op_step(layer.kind):
        return 0
    fn = PARAMS.get(layer.kind)
    if fn is None or input_shape is None:
        return None
    return fn(layer, tuple(input_shape))


def tensor_count(tensor: Tensor) -> Optional[int]:
    """The parameters of the layer that made a functional-API tensor."""
    ins = layer_inputs(tensor)
    if len(ins) == 1:
        return count(tensor.layer, ins[0])
    if tensor.layer.kind in WEIGHTLESS or is_op_step(tensor.layer.kind):
        return 0
    fn = SEVERAL_INPUTS.get(tensor.layer.kind)
    if fn is None or any(shape is None for shape in ins):
        return None
    return fn(tensor.layer, [tuple(shape) for shape in ins])


def nested_layers(model, input_shape) -> Optional[List[Tuple[Layer, Optional[tuple], Optional[int]]]]:
    """(layer, its input shape, its parameters) for each layer of a model used
    as a layer, a shared layer once; None when a layer cannot be followed.
    A Sequential's layers each on the shape it gets from ``input_shape``."""
    if isinstance(model, Functional):
        found, counted = [], set()
        for tensor in graph_tensors(model):
            if tensor.layer is None or id(tensor.layer) in counted:
                continue
            counted.add(id(tensor.layer))
            ins = layer_inputs(tensor)
            found.append((tensor.layer, ins[0] if len(ins) == 1 else None, tensor_count(tensor)))
        return found
    if not isinstance(model, Sequential) or input_shape is None:
        return None
    found, shape = [], tuple(input_shape)
    for item in (item for item in model.layers if not is_input_item(item)):
        if not isinstance(item, Layer) or shape is None:
            return None
        found.append((item, shape, count(item, shape)))
        out = item.output_shape(shape)
        shape = tuple(out) if out is not None and not isinstance(out, list) else None
    return found


def known_sum(counts) -> Optional[int]:
    counts = list(counts)
    return sum(counts) if all(c is not None for c in counts) else None


def nested_count(model, input_shape) -> Optional[int]:
    """A model used as a layer: the sum over its layers."""
    layers = nested_layers(model, input_shape)
    return None if layers is None else known_sum(params for _, _, params in layers)


def frozen(layer, input_shape, total: Optional[int]) -> Optional[int]:
    """How many of ``total``, the layer's parameters, are non-trainable."""
    if total is None:
        return None
    trainable = read_bool(layer.args, "trainable", True) if not isinstance(layer, ModelLayer) else True
    if trainable is None:
        return None                     # trainable=<something unknown>
    if not trainable:
        return total
    if isinstance(layer, ModelLayer):
        return nested_frozen(layer.model, input_shape)
    inner = layer.inner()
    if inner is not None:               # Bidirectional, TimeDistributed: as the wrapped layer
        return frozen(inner, None, total)
    if layer.kind == "BatchNormalization":
        return total // 2               # moving_mean and moving_variance
    return 0


def nested_frozen(model, input_shape) -> Optional[int]:
    """The non-trainable parameters of a model used as a layer."""
    layers = nested_layers(model, input_shape)
    return None if layers is None else known_sum(frozen(layer, shape, params)
                                                 for layer, shape, params in layers)


def last(shape) -> Optional[int]:
    return dim_value(shape[-1]) if shape else None


def known(*values) -> bool:
    return all(v is not None for v in values)


def bias(layer) -> int:
    use = read_bool(layer.args, "use_bias", True)
    return 0 if use is False else 1


@rule("LSTM")
def lstm(layer, shape):
    units, features = dim_value(units_of(layer.args)), last(shape)
    if not known(units, features):
        return None
    return 4 * (units * (features + units) + units * bias(layer))


@rule("GRU")
def gru(layer, shape):
    units, features = dim_value(units_of(layer.args)), last(shape)
    if not known(units, features):
        return None
    reset_after = read_bool(layer.args, "reset_after", True)
    biases = (2 if reset_after is not False else 1) * units * bias(layer)
    return 3 * (units * (features + units) + biases)


@rule("SimpleRNN")
def simple_rnn(layer, shape):
    units, features = dim_value(units_of(layer.args)), last(shape)
    if not known(units, features):
        return None
    return units * (features + units) + units * bias(layer)


@rule("CuDNNLSTM")
def cudnn_lstm(layer, shape):
    units, features = dim_value(units_of(layer.args)), last(shape)
    if not known(units, features):
        return None
    return 4 * units * (features + units) + 8 * units     # two biases


@rule("CuDNNGRU")
def cudnn_gru(layer, shape):
    units, features = dim_value(units_of(layer.args)), last(shape)
    if not known(units, features):
        return None
    return 3 * units * (features + units) + 6 * units


@rule("RNN")
def rnn(layer, shape):
    from ..core.values import Seq
    cell = layer.args.get("cell")
    cells = list(cell.items) if isinstance(cell, Seq) else [cell]
    total, features = 0, last(shape)
    for c in cells:
        if not isinstance(c, Layer) or c.kind not in CELLS or features is None:
            return None
        units = dim_value(units_of(c.args))
        if units is None:
            return None
        total += CELLS[c.kind](c, units, features)
        features = units
    return total


CELLS = {
    "LSTMCell": lambda c, u, f: 4 * (u * (f + u) + u * bias(c)),
    "GRUCell": lambda c, u, f: 3 * (u * (f + u) + (2 if read_bool(c.args, "reset_after", True)
                                                   is not False else 1) * u * bias(c)),
    "SimpleRNNCell": lambda c, u, f: u * (f + u) + u * bias(c),
}


@rule("Bidirectional")
def bidirectional(layer, shape):
    inner = layer.inner()
    one = count(inner, shape) if inner is not None else None
    return None if one is None else 2 * one


@rule("TimeDistributed")
def time_distributed(layer, shape):
    inner = layer.inner()
    if inner is None or len(shape) < 3:
        return None
    return count(inner, (shape[0],) + tuple(shape[2:]))


@rule("Dense")
def dense(layer, shape):
    units, features = dim_value(units_of(layer.args)), last(shape)
    if not known(units, features):
        return None
    return features * units + units * bias(layer)


@rule("Embedding")
def embedding(layer, shape):
    vocabulary = dim_value(read_dim(layer.args, "input_dim"))
    width = dim_value(read_dim(layer.args, "output_dim"))
    return vocabulary * width if known(vocabulary, width) else None


def kernel_volume(layer, rank: int) -> Optional[int]:
    """The number of positions of a convolution's kernel (3 x 3 -> 9)."""
    kernel = read_dims(layer.args, "kernel_size", rank, None)
    if kernel is None or read_str(layer.args, "data_format", "channels_last") != "channels_last":
        return None
    size = 1
    for k in kernel:
        if k.value is None:
            return None
        size *= k.value
    return size


def convolution(rank: int) -> ParamRule:
    def params(layer, shape):
        filters = dim_value(read_dim(layer.args, "filters"))
        size, channels = kernel_volume(layer, rank), last(shape)
        if not known(filters, size, channels):
            return None
        return size * channels * filters + filters * bias(layer)
    return params


rule("Conv1D", "Convolution1D")(convolution(1))
rule("Conv2D", "Convolution2D")(convolution(2))
rule("Conv3D", "Convolution3D")(convolution(3))


def conv_lstm(rank: int) -> ParamRule:
    def params(layer, shape):
        filters = dim_value(read_dim(layer.args, "filters"))
        size, channels = kernel_volume(layer, rank), last(shape)
        if not known(filters, size, channels):
            return None
        return 4 * (size * (channels + filters) * filters + filters * bias(layer))
    return params


rule("ConvLSTM1D")(conv_lstm(1))
rule("ConvLSTM2D")(conv_lstm(2))
rule("ConvLSTM3D")(conv_lstm(3))


@rule("BatchNormalization")
def batch_normalization(layer, shape):
    channels = last(shape)
    return 4 * channels if channels is not None else None      # 2 of them non-trainable


@rule("LayerNormalization")
def layer_normalization(layer, shape):
    channels = last(shape)
    return 2 * channels if channels is not None else None


@rule("Lambda")
def lambda_layer(layer, shape):
    return 0


# A transposed convolution's kernel goes from the input's channels to
# ``filters``, as a convolution's does: the same count.
rule("Conv1DTranspose", "Convolution1DTranspose")(convolution(1))
rule("Conv2DTranspose", "Convolution2DTranspose")(convolution(2))


def depthwise_kernel(layer, rank: int, shape) -> Optional[Tuple[int, int]]:
    """(the weights of a depthwise kernel, the channels it gives): a kernel of
    its own for each input channel, ``depth_multiplier`` deep."""
    size, channels = kernel_volume(layer, rank), last(shape)
    multiplier = dim_value(read_dim(layer.args, "depth_multiplier", 1))
    if not known(size, channels, multiplier):
        return None
    return size * channels * multiplier, channels * multiplier


def depthwise(rank: int) -> ParamRule:
    """The depthwise kernel and one bias per channel it gives."""
    def params(layer, shape):
        kernel = depthwise_kernel(layer, rank, shape)
        if kernel is None:
            return None
        weights, channels = kernel
        return weights + channels * bias(layer)
    return params


def separable(rank: int) -> ParamRule:
    """The depthwise kernel, then a 1x1 kernel to ``filters``, one bias per filter."""
    def params(layer, shape):
        filters = dim_value(read_dim(layer.args, "filters"))
        kernel = depthwise_kernel(layer, rank, shape)
        if kernel is None or filters is None:
            return None
        weights, channels = kernel
        return weights + channels * filters + filters * bias(layer)
    return params


rule("DepthwiseConv1D")(depthwise(1))
rule("DepthwiseConv2D")(depthwise(2))
rule("SeparableConv1D", "SeparableConvolution1D")(separable(1))
rule("SeparableConv2D", "SeparableConvolution2D")(separable(2))


@several("Attention")
def dot_attention(layer, shapes):
    """One scalar for ``use_scale=True``, one for ``score_mode="concat"``."""
    use_scale = read_bool(layer.args, "use_scale", False)
    mode = read_str(layer.args, "score_mode", "dot")
    if use_scale is None or mode is None:
        return None
    return int(use_scale) + int(mode == "concat")


@several("AdditiveAttention")
def additive_attention(layer, shapes):
    """A scale per feature with ``use_scale=True`` (the default).  Keras 3 sizes
    it from the query, Keras 2 from the value: counted where they agree."""
    use_scale = read_bool(layer.args, "use_scale", True)
    query, value = last(shapes[0]), last(shapes[1])
    if use_scale is None or not known(query, value) or query != value:
        return None
    return query if use_scale else 0


@several("MultiHeadAttention")
def multi_head_attention(layer, shapes):
    """Four projections: the query, key and value to ``num_heads`` heads of
    ``key_dim`` (``value_dim`` for the value), and the heads back to the
    query's width (or ``output_shape``), each with a bias by default."""
    heads = dim_value(read_dim(layer.args, "num_heads"))
    key_dim = dim_value(read_dim(layer.args, "key_dim"))
    value_dim = dim_value(read_dim(layer.args, "value_dim")) \
        if layer.args.values.get("value_dim") is not None else key_dim
    query, value = last(shapes[0]), last(shapes[1])
    key = last(shapes[2]) if len(shapes) > 2 else value
    given = layer.args.values.get("output_shape")
    out = query if given is None else dim_value(read_dim(layer.args, "output_shape"))
    if not known(heads, key_dim, value_dim, query, value, key, out):
        return None
    b = bias(layer)
    projections = (query + key) * heads * key_dim + 2 * heads * key_dim * b \
        + value * heads * value_dim + heads * value_dim * b
    return projections + heads * value_dim * out + out * b
