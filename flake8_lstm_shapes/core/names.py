"""Which names in a file are Keras, NumPy, pandas or scikit-learn things.

Everything is decided from the imports as written: ``import tensorflow as tf``
makes ``tf.keras.layers.LSTM`` the qualified name
``tensorflow.keras.layers.LSTM``, which this module maps to the Keras object
``LSTM``.  Nothing is imported or inferred from installed packages.
"""

from __future__ import annotations

import ast
from typing import Optional

# Package prefixes under which Keras lives, longest first.  tf_keras is Keras 2
# maintained apart from TensorFlow; tensorflow.python.keras and the compat.v1
# namespace are the Keras 2 that shipped inside TensorFlow; keras_core is
# Keras 3 under the name it had before its release.
KERAS_ROOTS = (
    "tensorflow.compat.v1.keras",
    "tensorflow.compat.v2.keras",
    "tensorflow.python.keras",
    "tensorflow.keras",
    "keras_core",
    "tf_keras",
    "keras",
)
KERAS_STARTS = ("tensorflow.", "keras", "tf_keras")     # what every root above starts with


def keras_path(qualname: str) -> Optional[str]:
    """The path inside Keras (``layers.LSTM``), or None if not under Keras.

    ``keras`` itself maps to the empty path.
    """
    if not qualname.startswith(KERAS_STARTS):
        return None
    for root in KERAS_ROOTS:
        if qualname == root:
            return ""
        if qualname.startswith(root + "."):
            return qualname[len(root) + 1:]
    return None


# Keras's operation namespaces define classes named like layers: the class
# ``keras.src.ops.numpy.Reshape`` is the operation behind ``ops.reshape`` and
# reshapes the batch axis too, it is not the ``Reshape`` layer.
OPERATION_NAMESPACES = ("ops.", "src.ops.", "backend.", "src.backend.")


def keras_object(qualname: str) -> Optional[str]:
    """The Keras class or function a qualified name denotes (``LSTM``,
    ``Sequential``, ``to_categorical``), or None.  Nothing under Keras's
    operation namespaces is one: their functions are tensor operations."""
    path = keras_path(qualname)
    if not path or path.startswith(OPERATION_NAMESPACES):
        return None
    return path.rsplit(".", 1)[-1]


def numpy_path(qualname: str) -> Optional[str]:
    """``numpy.random.rand`` -> ``random.rand``; None outside NumPy."""
    if qualname.startswith("numpy."):
        return qualname[len("numpy."):]
    return None


def import_statements(tree: ast.AST):
    """Every import statement, found by walking statements only (imports are
    statements: there is no need to visit the expressions of a large file)."""
    stack = list(getattr(tree, "body", []))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, field, None)
            if children:
                stack.extend(children)


def dotted_name(node: ast.AST) -> Optional[str]:
    """``self.model`` -> "self.model" for a chain of plain names, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))
