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
# namespace are the Keras 2 that shipped inside TensorFlow.
KERAS_ROOTS = (
    "tensorflow.compat.v1.keras",
    "tensorflow.compat.v2.keras",
    "tensorflow.python.keras",
    "tensorflow.keras",
    "tf_keras",
    "keras",
)
KERAS2_ROOTS = ("tensorflow.compat.v1.keras", "tensorflow.python.keras", "tf_keras")

# Module paths that exist only in Keras 1/2 (Keras 3 removed them).
KERAS2_MODULES = (
    "layers.recurrent", "layers.core", "layers.wrappers", "layers.convolutional",
    "layers.convolutional_recurrent", "layers.cudnn_recurrent", "layers.embeddings",
    "layers.normalization", "layers.merge", "layers.pooling", "layers.noise",
    "layers.advanced_activations", "utils.np_utils", "engine.sequential", "engine.training",
    "engine.topology",
)
KERAS2_ONLY_NAMES = ("CuDNNLSTM", "CuDNNGRU")
# Model methods Keras 3 removed (predict_classes went in TensorFlow 2.6): a file that
# calls them runs only under Keras 2.  (Not predict_proba: scikit-learn has it too.)
KERAS2_ONLY_CALLS = (".fit_generator(", ".evaluate_generator(", ".predict_generator(",
                     ".predict_classes(")


def keras_path(qualname: str) -> Optional[str]:
    """The path inside Keras (``layers.LSTM``), or None if not under Keras.

    ``keras`` itself maps to the empty path.
    """
    for root in KERAS_ROOTS:
        if qualname == root:
            return ""
        if qualname.startswith(root + "."):
            return qualname[len(root) + 1:]
    return None


def keras_object(qualname: str) -> Optional[str]:
    """The Keras class or function a qualified name denotes (``LSTM``,
    ``Sequential``, ``to_categorical``), or None."""
    path = keras_path(qualname)
    if not path:
        return None
    return path.rsplit(".", 1)[-1]


NUMPY_ROOTS = ("numpy",)


def numpy_path(qualname: str) -> Optional[str]:
    """``numpy.random.rand`` -> ``random.rand``; None outside NumPy."""
    if qualname.startswith("numpy."):
        return qualname[len("numpy."):]
    return None


def keras_version_hint(tree: ast.AST, text: str) -> Optional[int]:
    """2 or 3 when the file's imports say which Keras it is written for.

    Keras-2-only module paths, ``tf_keras``, the CuDNN layers and the model
    methods Keras 3 removed (``fit_generator``, ``predict_classes``) mean 2;
    ``keras.ops`` means 3.  A file that shows both says nothing.
    """
    two = any(name in text for name in KERAS2_ONLY_NAMES + KERAS2_ONLY_CALLS)
    three = False
    for node in import_statements(tree):
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for module in modules:
            if any(module == r or module.startswith(r + ".") for r in KERAS2_ROOTS):
                two = True
                continue
            path = keras_path(module)
            if path is None:
                continue
            if any(path == m or path.startswith(m + ".") for m in KERAS2_MODULES):
                two = True
            if path == "ops" or path.startswith("ops."):
                three = True
    if two and not three:
        return 2
    if three and not two:
        return 3
    return None


def imports_standalone_keras(tree: ast.AST) -> bool:
    """Whether the file imports the ``keras`` package itself, not only the
    Keras inside TensorFlow (``tf.keras``, ``tensorflow.keras``)."""
    for node in import_statements(tree):
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules = [node.module]
        else:
            continue
        if any(m == "keras" or m.startswith("keras.") for m in modules):
            return True
    return False


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
