"""The interpreter's door to the library models: NumPy, pandas, scikit-learn,
tf.data, Keras's data utilities and Python's own numbers and sequences.

``np.zeros((100, 10))``, ``X.reshape((X.shape[0], 10, 1))``, ``X[:, :, None]``,
``np.array(windows)`` after the sliding-window loop: each becomes an ``Array``
of a (possibly symbolic) shape.  This module only says which model answers;
each model is a table from names to small shape functions in a module of its
own (``numpy_calls``, ``ndarray``, ``indexing``, ``frames``, ``scikit``,
``datasets``, ``keras_data``, ``keras_datasets``, ``images``, ``scalars``), and
the shape rules themselves are in ``shape_ops``.  NumPy's model is imported
with this module; the others on first use (``lazy``: which module answers
which names and values).

Every function returns None for what it does not model, and an unknown value
(never a guess) for what it models but cannot tell.
"""

from __future__ import annotations

import ast
from typing import Callable, Optional

from . import indexing, ndarray, numpy_calls
from .indexing import index_first
from .ndarray import ShapeInt, ShapeOf, ShapeTuple, reduced_number
from .scalars import binop, builtin_int, length, list_method
from .lazy import library, library_function, loaded, made_by, receiver_method
from ..core.names import numpy_path
from ..core.values import Array, Const, ListOf, Seq, Unknown, Value, unknown

__all__ = ["attribute", "attribute_of_frame", "binop", "builtin_int", "call", "index_first", "length",
           "library_function", "method", "reduced_number", "subscript", "ShapeInt", "ShapeOf",
           "ShapeTuple"]


# -- calls --------------------------------------------------------------------------------

def call(interp, qualname: str, args, node: ast.Call) -> Optional[Value]:
    path = numpy_path(qualname)
    if path is not None:
        images = loaded("images")     # np.array of a PIL image: one exists once images ran
        pixels = images.numpy_call(path, args) if images is not None else None
        return pixels if pixels is not None else numpy_calls.call(interp, path, args, node)
    shape_function, name = library_function(qualname)
    return shape_function(interp, name, args, node) if shape_function is not None else None


# -- attributes ---------------------------------------------------------------------------

def attribute(interp, base: Value, attr: str, node: ast.Attribute) -> Optional[Value]:
    name = interp.ctx.source(node.value, 40)
    if isinstance(base, Unknown):
        return ShapeOf(base.key, name) if attr == "shape" else None
    reader = made_by(base, "keras_datasets")
    if reader is not None:
        return reader.reader_attribute(base, attr)
    if not isinstance(base, Array):
        return None
    shape_function: Optional[Callable] = ndarray.ATTRIBUTES.get(attr)
    if shape_function is not None:
        return shape_function(base, attr, name)
    frames = made_by(base, "frames")
    return frames.attribute(base, attr) if frames is not None else None


def attribute_of_frame(frame: Array, attr: str) -> Optional[Value]:
    return library("frames").attribute(frame, attr)


# -- methods ------------------------------------------------------------------------------

def method(interp, receiver: Value, name: str, args, node: ast.Call):
    """(result, receiver's new value) for array and list methods; None otherwise."""
    if isinstance(receiver, (Seq, ListOf)) and getattr(receiver, "kind", "list") == "list":
        return list_method(receiver, name, args)
    if isinstance(receiver, Unknown) and name == "reshape" and not args.star:
        # Whatever it was, if the reshape works the result has the target's shape.
        target = args.positional[0] if len(args.positional) == 1 else Seq(tuple(args.positional))
        return ndarray.reshape_call(interp, receiver, target, node, None, node.func.value), None
    frames = made_by(receiver, "frames")
    if frames is not None and frames.is_frame(receiver) and frames.truthy(args.keywords.get("inplace")):
        # df.dropna(inplace=True) changes df and gives None; what is not
        # modelled leaves df unknown rather than as it was
        changed = frames.method(receiver, name, args)
        return Const(None), changed if changed is not None else unknown(name)
    if isinstance(receiver, Array):
        result = ndarray.method(interp, receiver, name, args, node)
        if result is None:
            result = library_array_method(receiver, name, args)
        return (result, None) if result is not None else None
    images = made_by(receiver, "images")
    if images is not None and isinstance(receiver, images.PilImage):
        return images.pil_method(interp, receiver, name, args, node)
    library_method = receiver_method(receiver)
    result = library_method(interp, receiver, name, args, node) if library_method is not None else None
    return (result, None) if result is not None else None


def library_array_method(receiver: Array, name: str, args) -> Optional[Value]:
    """A method of a DataFrame or Series, or of a sparse matrix, by the model that made it."""
    frames = made_by(receiver, "frames")
    if frames is not None:
        return frames.method(receiver, name, args)
    scikit = made_by(receiver, "scikit")
    return scikit.sparse_method(receiver, name, args) if scikit is not None else None


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
    frames = made_by(base, "frames")    # a DataFrame, a Series, df.iloc
    if isinstance(base, Array):
        if frames is not None:
            result = frames.subscript(interp, base, index, env, node)
            if result is not None:
                return result
        return indexing.array_subscript(interp, base, index, env, node)
    result = frames.subscript(interp, base, index, env, node) if frames is not None else None
    if result is not None:
        return result
    interp.eval(index, env)
    return unknown()
