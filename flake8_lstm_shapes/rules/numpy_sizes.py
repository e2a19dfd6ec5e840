"""Where Keras refuses a NumPy integer for a Python int (LST103, reported
by ``declared``).

``n_classes = np.max(y) + 1`` is a ``numpy.int64``, not an ``int``.  Keras
checks some sizes with ``isinstance(x, int)``, which a NumPy integer fails:
measured under Keras 3.15 and tf_keras 2.21 (the table in
``rules/docs/LST103.md``; the ``lst103_numpy_int_*`` fixtures confirm it):

* in both: ``RepeatVector(n)``, and a bare number (not a tuple) as the
  ``kernel_size``/``strides``/``dilation_rate`` of a convolution, the
  ``pool_size``/``strides`` of a pooling layer, the ``cropping``/``padding``
  of ``Cropping``/``ZeroPadding``, the ``size`` of ``UpSampling2D``;
* in Keras 3 only: the ``units`` of ``Dense``, ``GRU`` and ``SimpleRNN``,
  ``Embedding``'s ``input_dim`` and ``output_dim``, ``UpSampling1D``'s
  ``size``, ``MultiHeadAttention``'s ``num_heads`` and ``key_dim``.

Everything else takes them (``Conv1D`` filters, ``Input(shape=(n, m))``,
``Reshape``, ``Dropout``).  Keras 3's ``LSTM`` takes one when made but
raises once it is built in a model, unless a ``Bidirectional`` rebuilds it
from its config: not reported.  The int is only called NumPy where that is
known (``core.values.Int.numpy``): a full reduction, ``np.int64(...)``,
arithmetic on those; ``int(...)``, ``len`` and shape entries are Python ints.
"""

from __future__ import annotations

from typing import Dict, Iterator, Optional, Tuple

from ..core.values import is_numpy_int

_CONV = ("kernel_size", "strides", "dilation_rate")
_POOL = ("pool_size", "strides")

# layer -> the arguments a bare NumPy integer fails in Keras 2 and Keras 3
REFUSED_IN_BOTH: Dict[str, Tuple[str, ...]] = {
    "RepeatVector": ("n",),
    **{kind: _CONV for kind in ("Conv1D", "Conv2D", "Conv3D", "SeparableConv1D",
                                "Conv1DTranspose", "ConvLSTM1D", "ConvLSTM2D",
                                # the same classes under their older names
                                "Convolution1D", "Convolution2D", "Convolution3D")},
    **{kind: _POOL for kind in ("MaxPooling1D", "MaxPooling2D", "MaxPooling3D",
                                "AveragePooling1D", "AveragePooling2D",
                                "MaxPool1D", "MaxPool2D", "MaxPool3D", "AvgPool1D", "AvgPool2D")},
    "Cropping1D": ("cropping",), "Cropping2D": ("cropping",),
    "ZeroPadding1D": ("padding",), "ZeroPadding2D": ("padding",),
    "UpSampling2D": ("size",),
}

# layer -> the arguments a NumPy integer fails in Keras 3 alone
REFUSED_IN_KERAS3: Dict[str, Tuple[str, ...]] = {
    "Dense": ("units",),
    "GRU": ("units",), "CuDNNGRU": ("units",),
    "SimpleRNN": ("units",),
    "Embedding": ("input_dim", "output_dim"),
    "UpSampling1D": ("size",),
    "MultiHeadAttention": ("num_heads", "key_dim"),
}


def refused_arguments(kind: str, keras_version: Optional[int]) -> Tuple[str, ...]:
    """The arguments of this layer where the Keras in use refuses a NumPy
    integer; with the version unknown, only those both Keras refuse."""
    both = REFUSED_IN_BOTH.get(kind, ())
    if keras_version == 3:
        return both + REFUSED_IN_KERAS3.get(kind, ())
    return both


def keras_error(kind: str, arg: str) -> str:
    """What Keras says, shortened to the part that names the problem."""
    if kind == "Dense":
        return f"Received an invalid value for `{arg}`, expected a positive integer"
    if kind == "MultiHeadAttention":
        return f"Received an invalid value for argument `{arg}`, expected a positive integer"
    if kind in ("GRU", "CuDNNGRU", "SimpleRNN"):
        return "state_size must be an integer"
    if kind == "Embedding":
        return f"`{arg}` must be a positive integer"
    if kind in ("RepeatVector", "UpSampling1D"):
        return f"Expected an integer value for `{arg}`"
    if kind.startswith(("Cropping", "ZeroPadding")) and not kind.endswith("1D"):
        return f"`{arg}` should be either an int, a tuple of 2 ints, ..."
    return f"The `{arg}` argument must be a tuple of {tuple_length(kind)} integers"


def tuple_length(kind: str) -> int:
    """The tuple Keras makes of a bare size: one number per spatial axis
    (``Conv2D``: 2), two for the ends of ``Cropping1D``/``ZeroPadding1D``."""
    axes = int(kind[-2]) if kind[-2:-1].isdigit() else 1
    return 2 if kind in ("Cropping1D", "ZeroPadding1D") else axes


def numpy_sizes(layer, keras_version: Optional[int]) -> Iterator[Tuple[str, object, bool]]:
    """(argument, node, refused in both Keras) for each argument of ``layer``
    that is a NumPy integer where the Keras in use wants a Python int."""
    for arg in refused_arguments(layer.kind, keras_version):
        value = layer.args.values.get(arg)
        node = layer.args.nodes.get(arg)
        if node is None or not is_numpy_int(value) or not_positive(value):
            continue
        yield arg, node, arg in REFUSED_IN_BOTH.get(layer.kind, ())


def not_positive(value) -> bool:
    """Zero or negative: the units check says that, and it is the real problem."""
    return value.poly.value is not None and value.poly.value <= 0
