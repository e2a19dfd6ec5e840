"""Which calls are the tensor operations ``tensor_ops`` models, by name alone.

Every call to a Keras or TensorFlow name asks ``op_of`` whether it is one
(``tf.expand_dims``, ``keras.ops.reshape``, ``K.concatenate``); most files
call none.  So the names live here, small, and the op models themselves are
imported by ``models()`` the first time a file calls an op (for the Keras
calls and for the bodies of ``Lambda`` layers alike).
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from ..core import stage
from ..core.names import keras_path

TF, OPS, BACKEND = "tf", "ops", "backend"
PREFIX = {TF: "tf", OPS: "keras.ops", BACKEND: "K"}

NAMES: Dict[str, frozenset] = {
    TF: frozenset({"reshape", "expand_dims", "squeeze", "transpose", "concat", "stack",
                   "convert_to_tensor", "cast", "constant", "one_hot", "tile", "repeat"}),
    OPS: frozenset({"reshape", "expand_dims", "squeeze", "transpose", "concatenate", "stack",
                    "convert_to_tensor", "cast", "one_hot", "tile", "repeat"}),
    BACKEND: frozenset({"reshape", "expand_dims", "squeeze", "transpose", "permute_dimensions",
                        "concatenate", "stack", "cast", "constant", "one_hot", "tile",
                        "repeat", "repeat_elements"}),
}


def op_of(qualname: str) -> Optional[Tuple[str, str]]:
    """(namespace, op name) of a call to one of the modelled ops, or None."""
    if qualname.startswith("tensorflow.") and qualname.count(".") == 1:
        namespace, name = TF, qualname[len("tensorflow."):]
    else:
        path = keras_path(qualname) or ""
        head, _, name = path.partition(".")
        namespace = {"ops": OPS, "backend": BACKEND}.get(head)
        if namespace is None or "." in name:
            return None
    return (namespace, name) if name in NAMES[namespace] else None


def is_op_step(kind: str) -> bool:
    """A tensor op standing in a model's graph as a step (``tf.expand_dims``)."""
    return kind.startswith(tuple(prefix + "." for prefix in PREFIX.values()))


def models():
    """The ``tensor_ops`` module, imported the first time an op is modelled."""
    return stage("keras.tensor_ops")
