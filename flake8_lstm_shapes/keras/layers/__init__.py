"""The layer registry: what each Keras layer accepts and what it returns.

Each layer has an entry with its positional parameters, the input ranks it
accepts (batch axis included, as in Keras's ``InputSpec``) and a small pure
function that mirrors its ``compute_output_shape``.  Shapes include the batch
axis: ``LSTM(32)`` maps ``(None, 10, 1)`` to ``(None, 32)``.

An output function returns a shape, a list of shapes (``return_state=True``),
or None when it cannot tell; it raises ``LayerShapeError`` for the failures
Keras itself raises while building the layer (a Reshape that changes the
element count, a kernel longer than the sequence).  A layer we do not know has
no entry: its output is unknown and everything after it stays quiet.

The package follows Keras's own source: ``base`` (arguments, readers, the
registry, the ``Layer`` value) and one module per family, each registering
its layers when imported; importing them here assembles the registry.
"""

from __future__ import annotations

from typing import Tuple

# Each family module registers its layers when it is imported.
from . import convolutional, core, merging, pooling, reshaping, rnn, wrappers
from . import attention, preprocessing
from .base import (NO_ROOM, REGISTRY, Layer, LayerArgs, LayerShapeError, LayerSpec, Output, Registry,
                   read_bool, read_dim, read_dims, read_str, register, units_of, value_to_dim, where)
from .convolutional import folded_axes, positional_strides
from .merging import MERGES, merge_output
from .rnn import CELLS, stateful_layer

__all__ = ["CELLS", "LAYER_NAMES", "MERGES", "NO_ROOM", "OPAQUE", "REGISTRY", "Layer", "LayerArgs",
           "LayerShapeError", "LayerSpec", "Output", "Registry", "folded_axes", "merge_output",
           "positional_params", "positional_strides", "read_bool", "read_dim", "read_dims", "read_str",
           "register", "stateful_layer", "units_of", "value_to_dim", "where",
           "attention", "convolutional", "core", "merging", "pooling", "preprocessing", "reshaping",
           "rnn", "wrappers"]

# Layers known to exist whose shape rule we do not model: their output is unknown.
OPAQUE = {"TextVectorization": (), "StringLookup": (), "IntegerLookup": (),
          "CategoryEncoding": (), "Hashing": (), "RandomCrop": ("height", "width"), "Layer": (),
          "ConvLSTM2DCell": ("filters",), "Wrapper": ("layer",), "EinsumDense": ("equation",)}

LAYER_NAMES = frozenset(REGISTRY) | frozenset(CELLS) | frozenset(MERGES) | frozenset(OPAQUE) \
    | {"InputLayer"}


def positional_params(kind: str) -> Tuple[str, ...]:
    if kind in REGISTRY:
        return REGISTRY[kind].params
    return CELLS.get(kind) or MERGES.get(kind) or OPAQUE.get(kind) or ()
