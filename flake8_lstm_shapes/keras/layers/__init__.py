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
its layers when imported.  The registry imports a family the first time one
of its layers is looked up (``names`` says which family holds which layer),
so a file pays only for the families it uses.
"""

from __future__ import annotations

from typing import Tuple

from .base import (NO_ROOM, REGISTRY, Layer, LayerArgs, LayerShapeError, LayerSpec, Output, Registry,
                   family, read_bool, read_dim, read_dims, read_str, register, stateful_layer,
                   units_of, value_to_dim, where)
from .names import ATTENTIONS, CELLS, FAMILIES, LIST_ATTENTIONS, MERGES

__all__ = ["ATTENTIONS", "CELLS", "FAMILIES", "LAYER_NAMES", "LIST_ATTENTIONS", "MERGES", "NO_ROOM",
           "OPAQUE", "REGISTRY", "Layer", "LayerArgs", "LayerShapeError", "LayerSpec", "Output",
           "Registry", "family", "folded_axes", "positional_params", "positional_strides",
           "read_bool", "read_dim", "read_dims", "read_str", "register", "stateful_layer",
           "units_of", "value_to_dim", "where"]

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


# The rules ask these of any layer; only a convolution needs its family loaded to answer.

def is_convolution(layer) -> bool:
    return layer is not None and REGISTRY.family_of.get(layer.kind) == "convolutional"


def folded_axes(layer, shape) -> int:
    """``convolutional.folded_axes``: 0 for a layer that is no convolution."""
    return family("convolutional").folded_axes(layer, shape) if is_convolution(layer) else 0


def positional_strides(layer):
    """``convolutional.positional_strides``: None for a layer that is no convolution."""
    return family("convolutional").positional_strides(layer) if is_convolution(layer) else None
