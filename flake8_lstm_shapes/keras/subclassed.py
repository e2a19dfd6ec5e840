"""Subclassed models and custom layers: when Keras runs their ``call``, and on what.

Keras builds a ``keras.Model`` subclass on the first data it meets (``fit``,
``predict``, ``model(x)``): it calls the model's ``call`` on a tensor of the
data's per-sample shape, batch axis open, after the class's own ``build`` if
it writes one.  A custom ``keras.layers.Layer`` does the same when it is
applied to a tensor.  The layers applied inside ``call`` then meet their
inputs as in any other model, and Keras raises there.

The interpreter runs the methods (``interp.run_method``, with ``self`` the
instance ``__init__`` filled in); this module says when and on what, and
what the value ``call`` returns means.  Whatever cannot be followed exactly
(a ``call`` that needs more arguments, a model that trains itself with its
own ``train_step``) leaves the output unknown.
"""

from __future__ import annotations

import ast
from typing import Dict, Optional, Tuple

from ..core.records import replace
from ..core.shapes import dims_equal
from ..core.values import Array, Const, Function, Instance, Int, Seq, Value, unknown
from .layers import Layer, stateful_layer
from .models import SEQUENCE_KIND, CustomLayer, Flow, ModelClass, Subclassed, Tensor

# A model that trains or predicts its own way: what ``fit``'s ``y`` meets is not
# the output of ``call`` as such.
OWN_STEPS = frozenset({"train_step", "test_step", "predict_step", "compute_loss"})


def instance_value(cls: ModelClass, instance: Instance, node: ast.AST, name: str) -> Value:
    """What ``Net(...)`` / ``Block(...)`` makes, once ``__init__`` has run.
    A batch sequence stays the instance: its batches are read where data
    calls get it, after whatever the code did to it in between."""
    if cls.kind == SEQUENCE_KIND:
        return instance
    if cls.kind == "layer":
        return CustomLayer(node, instance, name)
    return Subclassed(node, name=name, instance=instance)


def followable(instance: Optional[Instance]) -> bool:
    """Can Keras's call of ``call(inputs)`` be followed as written?"""
    if instance is None:
        return False
    methods = instance.cls.methods
    fn = methods.get("call")
    if not isinstance(fn, Function) or any(name in methods for name in OWN_STEPS):
        return False
    if not takes_one_input(fn.node):
        return False
    # A stateful layer gets the real batch of the data Keras builds on: not followed.
    return not any(stateful_layer(layer) for layer in sublayers(instance))


# Arguments Keras fills in itself when ``call`` names them: whether it is
# training (True in ``fit``, False in ``predict``) and the input's mask.
KERAS_FILLED = ("training", "mask")


def takes_one_input(fdef) -> bool:
    """``call(self, inputs, training=None, ...)``: Keras passes one input, and
    ``training``/``mask`` where ``call`` asks for them."""
    args = getattr(fdef, "args", None)
    if args is None:
        return False
    positional = list(args.posonlyargs) + list(args.args)
    required = positional[:len(positional) - len(args.defaults)]
    required_kw = [p.arg for p, d in zip(args.kwonlyargs, args.kw_defaults) if d is None]
    extra = [p.arg for p in required[2:]] + required_kw
    return len(positional) >= 2 and all(name in KERAS_FILLED for name in extra)


def filled_keywords(fdef) -> Dict[str, Value]:
    """What Keras passes for ``training`` and ``mask``: unknown here, so a
    branch on them is taken both ways."""
    args = fdef.args
    names = {p.arg for p in list(args.posonlyargs) + list(args.args) + list(args.kwonlyargs)}
    return {name: unknown(name) for name in KERAS_FILLED if name in names}


def sublayers(instance: Instance):
    """The Keras layers an instance holds as attributes, in lists too."""
    for value in instance.attrs.values():
        items = value.items if isinstance(value, Seq) else (value,)
        for item in items:
            if isinstance(item, Layer):
                yield item


def shape_value(shape: Tuple) -> Value:
    """A shape as Python code sees it in ``build(self, input_shape)``."""
    return Seq(tuple(Const(None) if d is None else Int(d) for d in shape))


def run_call(interp, instance: Instance, tensor: Tensor, site: ast.AST) -> Value:
    """``build(input_shape)`` if the class writes one, then ``call(inputs)``:
    the value ``call`` returns."""
    if "build" in instance.cls.methods and tensor.flow.shape is not None:
        interp.run_method(instance, "build", [shape_value(tuple(tensor.flow.shape))], site)
    keywords = filled_keywords(instance.cls.methods["call"].node)
    return interp.run_method(instance, "call", [tensor], site, keywords)


def output_flow(result: Value) -> Optional[Flow]:
    """The one output ``call`` returned, when it is a tensor of known shape."""
    if isinstance(result, Tensor) and result.flow.shape is not None:
        return result.flow
    return None


def apply_to_tensor(interp, instance: Instance, x: Tensor, site: ast.AST) -> Tensor:
    """A subclassed model or custom layer called on a Keras tensor."""
    if not followable(instance) or x.flow.shape is None:
        return Tensor(Flow(None), site=site, parents=(x,))
    out = output_flow(run_call(interp, instance, x, site))
    return Tensor(out if out is not None else Flow(None), site=site, parents=(x,))


def data_input(x: Array) -> Tensor:
    """The tensor Keras builds a model on from data ``x``: its per-sample
    shape with the batch axis open."""
    return Tensor(Flow((None,) + tuple(x.shape[1:]), array=x.origin))


def build_on(interp, model: Subclassed, tensor: Tensor, site: ast.AST) -> Subclassed:
    """The model built on ``tensor``: ``call`` run once, its output kept."""
    per_sample = tuple(tensor.flow.shape[1:])
    if not followable(model.instance):
        return replace(model, built=per_sample)
    out = output_flow(run_call(interp, model.instance, tensor, site))
    return replace(model, out=out, built=per_sample)


def build_from_data(interp, model: Subclassed, x: Value, site: ast.AST) -> Optional[Subclassed]:
    """Keras builds the model on the first data it gets; None when it is
    already built or the data's shape is unknown (nothing is run then)."""
    if model.built is not None or not isinstance(x, Array) or not x.shape:
        return None
    return build_on(interp, model, data_input(x), site)


def as_built_for(model: Subclassed, x: Value) -> Subclassed:
    """The model as a data call sees it: its output holds for data of the
    per-sample shape it was built on; for other data it is not followed."""
    if model.out is None or model.built is None:
        return model
    if isinstance(x, Array) and x.shape and len(x.shape) - 1 == len(model.built) \
            and all(dims_equal(a, b) for a, b in zip(x.shape[1:], model.built)):
        return model
    return replace(model, out=None)
