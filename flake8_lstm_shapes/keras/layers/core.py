"""Core layers: Dense, Embedding, Lambda, and the layers that keep their
input's shape (dropout, noise, normalisation, activations, Masking)."""

from __future__ import annotations

import ast

from .base import read_dim, register, units_of, value_to_dim
from ...core.values import Const, Function, Seq


@register("Dense", ("units", "activation"), (2, None))
def dense_output(args, shape, registry):
    return tuple(shape[:-1]) + (units_of(args),)


def identity_output(args, shape, registry):
    return tuple(shape)


# Shape-preserving layers, with the first positional parameter of each (what
# ``explain`` shows: ``Dropout(0.2)``).
for _name, _params in (("Dropout", ("rate",)), ("GaussianNoise", ("stddev",)),
                       ("GaussianDropout", ("rate",)), ("AlphaDropout", ("rate",)),
                       ("BatchNormalization", ()), ("LayerNormalization", ()),
                       ("Activation", ("activation",)), ("Masking", ("mask_value",)),
                       ("LeakyReLU", ()), ("ReLU", ()), ("PReLU", ()), ("ELU", ()),
                       ("Softmax", ()), ("ActivityRegularization", ()), ("UnitNormalization", ())):
    register(_name, _params, (1, None), identity=True)(identity_output)

register("SpatialDropout1D", ("rate",), (3, 3), identity=True)(identity_output)
register("SpatialDropout2D", ("rate",), (4, 4), identity=True)(identity_output)
register("SpatialDropout3D", ("rate",), (5, 5), identity=True)(identity_output)


@register("Embedding", ("input_dim", "output_dim"), (1, None))
def embedding_output(args, shape, registry):
    return tuple(shape) + (read_dim(args, "output_dim"),)


@register("Lambda", ("function", "output_shape"), (1, None))
def lambda_output(args, shape, registry):
    """What the function gives (its program, read when the layer was made, or
    element-wise arithmetic with numbers), and ``output_shape=``: Keras 3 takes
    a given ``output_shape`` (without the batch axis) for the output, Keras 2
    runs the function on the tensor and keeps what it gives."""
    given = declared_output(args, shape)
    computed = function_output(args, shape)
    version = args.values.get("keras_version")
    if given is None:
        return computed
    if version == 3:
        return given
    if version == 2 or computed == given:
        return computed
    return None


def function_output(args, shape):
    program = args.values.get("program")
    if program is not None:
        return program.run(tuple(shape))
    function = args.get("function")
    if isinstance(function, Function) and elementwise_lambda(function.node):
        return tuple(shape)
    return None


def declared_output(args, shape):
    """``output_shape=(10, 1)``: the batch axis first, then the tuple as given;
    a callable or an unreadable tuple says nothing."""
    given = args.get("output_shape")
    if not isinstance(given, Seq):
        return None
    dims = tuple(value_to_dim(v) if not (isinstance(v, Const) and v.value is None) else None
                 for v in given.items)
    if any(d is None and not (isinstance(v, Const) and v.value is None)
           for d, v in zip(dims, given.items)):
        return None
    return (shape[0],) + dims


def elementwise_lambda(node) -> bool:
    if not isinstance(node, ast.Lambda) or len(node.args.args) != 1 or node.args.vararg \
            or node.args.kwarg:
        return False
    name = node.args.args[0].arg
    for sub in ast.walk(node.body):
        if isinstance(sub, ast.Name) and sub.id != name:
            return False
        if not isinstance(sub, (ast.BinOp, ast.UnaryOp, ast.Name, ast.Constant, ast.Load,
                                ast.operator, ast.unaryop)):
            return False
        if isinstance(sub, ast.Constant) and not isinstance(sub.value, (int, float)):
            return False
    return True
