"""The interpreter's door to the library models: NumPy, pandas, scikit-learn,
tf.data, Keras's data utilities and Python's own numbers and sequences.

``np.zeros((100, 10))``, ``X.reshape((X.shape[0], 10, 1))``, ``X[:, :, None]``,
``np.array(windows)`` after the sliding-window loop: each becomes an ``Array``
of a (possibly symbolic) shape.  This module only says which model answers;
each model is a table from names to small shape functions in a module of its
own (``numpy_calls``, ``ndarray``, ``indexing``, ``frames``, ``scikit``,
``datasets``, ``keras_data``, ``scalars``), and the shape rules themselves
are in ``shape_ops``.

Every function returns None for what it does not model, and an unknown value
(never a guess) for what it models but cannot tell.
"""

from __future__ import annotations

import ast
from typing import Callable, Optional

from . import (datasets, frames, images, indexing, keras_data, keras_datasets, ndarray, numpy_calls,
               scikit)
from .indexing import index_first
from .ndarray import ShapeInt, ShapeOf, ShapeTuple, reduced_number
from .scalars import binop, builtin_int, length, list_method
from ..core.names import keras_object, keras_path, numpy_path
from ..core.values import Array, Batches, Const, ListOf, Seq, Unknown, Value, unknown

__all__ = ["attribute", "attribute_of_frame", "binop", "builtin_int", "call", "index_first", "length",
           "method", "reduced_number", "subscript", "ShapeInt", "ShapeOf", "ShapeTuple"]

# Calls outside NumPy known by their full name.
QUALIFIED_CALLS = {**keras_data.QUALIFIED_CALLS, **datasets.DATASET_CALLS,
                   **images.QUALIFIED_CALLS, **keras_datasets.READERS}

# Methods of the values other libraries make, by the value's type.
RECEIVER_METHODS = {Batches: datasets.method, keras_data.ImageSource: keras_data.image_source_method,
                    scikit.Transformer: scikit.transformer_method, frames.Window: frames.window_method,
                    keras_datasets.ReaderObject: keras_datasets.reader_method}


# -- calls --------------------------------------------------------------------------------

def call(interp, qualname: str, args, node: ast.Call) -> Optional[Value]:
    path = numpy_path(qualname)
    if path is not None:
        pixels = images.numpy_call(path, args)     # np.array of a PIL image
        return pixels if pixels is not None else numpy_calls.call(interp, path, args, node)
    shape_function, name = library_function(qualname)
    return shape_function(interp, name, args, node) if shape_function is not None else None


def library_function(qualname: str):
    """(shape function, the name it is filed under) of a call to pandas,
    scikit-learn, tf.data, Keras's data utilities or its datasets; (None, None) otherwise."""
    path = keras_path(qualname)
    if path in keras_datasets.LOADERS:     # mnist.load_data(), ...
        return keras_datasets.LOADERS[path], path
    obj = keras_object(qualname)
    if obj in keras_data.KERAS_CALLS:
        return keras_data.KERAS_CALLS[obj], obj
    if qualname in QUALIFIED_CALLS:
        return QUALIFIED_CALLS[qualname], qualname
    if qualname.startswith("pandas."):
        path = qualname[len("pandas."):]
        return frames.PANDAS_CALLS.get(path), path
    if qualname.startswith("sklearn."):
        name = qualname.rsplit(".", 1)[-1]
        return scikit.SKLEARN_CALLS.get(name), name
    return None, None


# -- attributes ---------------------------------------------------------------------------

def attribute(interp, base: Value, attr: str, node: ast.Attribute) -> Optional[Value]:
    name = interp.ctx.source(node.value, 40)
    if isinstance(base, Unknown):
        return ShapeOf(base.key, name) if attr == "shape" else None
    if isinstance(base, keras_datasets.ReaderObject):
        return keras_datasets.reader_attribute(base, attr)
    if not isinstance(base, Array):
        return None
    shape_function: Optional[Callable] = ndarray.ATTRIBUTES.get(attr)
    if shape_function is not None:
        return shape_function(base, attr, name)
    return frames.attribute(base, attr)


def attribute_of_frame(frame: Array, attr: str) -> Optional[Value]:
    return frames.attribute(frame, attr)


# -- methods ------------------------------------------------------------------------------

def method(interp, receiver: Value, name: str, args, node: ast.Call):
    """(result, receiver's new value) for array and list methods; None otherwise."""
    if isinstance(receiver, (Seq, ListOf)) and getattr(receiver, "kind", "list") == "list":
        return list_method(receiver, name, args)
    if isinstance(receiver, Unknown) and name == "reshape" and not args.star:
        # Whatever it was, if the reshape works the result has the target's shape.
        target = args.positional[0] if len(args.positional) == 1 else Seq(tuple(args.positional))
        return ndarray.reshape_call(interp, receiver, target, node, None, node.func.value), None
    if frames.is_frame(receiver) and frames.truthy(args.keywords.get("inplace")):
        # df.dropna(inplace=True) changes df and gives None; what is not
        # modelled leaves df unknown rather than as it was
        changed = frames.method(receiver, name, args)
        return Const(None), changed if changed is not None else unknown(name)
    if isinstance(receiver, Array):
        result = ndarray.method(interp, receiver, name, args, node)
        if result is None:
            result = frames.method(receiver, name, args) or scikit.sparse_method(receiver, name, args)
        return (result, None) if result is not None else None
    if isinstance(receiver, images.PilImage):
        return images.pil_method(interp, receiver, name, args, node)
    library_method = RECEIVER_METHODS.get(type(receiver))
    result = library_method(interp, receiver, name, args, node) if library_method is not None else None
    return (result, None) if result is not None else None


# -- indexing -----------------------------------------------------------------------------

def subscript(interp, base: Value, index: ast.AST, env, node: ast.Subscript) -> Value:
    if isinstance(base, ShapeTuple):
        return indexing.shape_subscript(interp, base, index, env, node)
    if isinstance(base, Seq):
        return indexing.seq_subscript(interp, base, index, env)
    if isinstance(base, ShapeOf):
        return indexing.shape_of_subscript(interp, base, index, env)
    if isinstance(base, ListOf):
        return indexing.list_of_subscript(interp, base, index, env)
    if isinstance(base, Array):
        if frames.is_frame(base):
            result = frames.subscript(interp, base, index, env, node)
            if result is not None:
                return result
        return indexing.array_subscript(interp, base, index, env, node)
    result = frames.subscript(interp, base, index, env, node)
    if result is not None:
        return result
    interp.eval(index, env)
    return unknown()
