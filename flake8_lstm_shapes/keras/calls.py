"""What Keras calls do to abstract values: layers, ``Input``, ``Sequential``,
``Model``, ``model.add``, calling a layer on a tensor, ``compile`` and the data
entry points (``fit``, ``predict``, ...).

Each function returns None when the call is not a Keras one, so the
interpreter can try the next module.
"""

from __future__ import annotations

import ast
from ..core.records import replace
from typing import List, Optional, Tuple

from ..core.arguments import CallArgs
from ..core.names import keras_object, keras_path
from ..core.values import Array, Const, Int, ListOf, Mapping, Ref, Seq, Value, to_poly, unknown
from .data_calls import DATA_METHODS, predicted, read_data_call
from .declarations import ignored_declarations, input_declaration, read_declaration
from .layers import (ATTENTIONS, LAYER_NAMES, LIST_ATTENTIONS, MERGES, LayerArgs, LayerShapeError,
                     family, positional_params)
from .losses import LOSS_CLASSES
from .models import (CustomLayer, Flow, Functional, InputDecl, Layer, ModelClass, Sequential, Subclassed,
                     Tensor, apply_layer, as_layer, built_layers, is_sequence, successor)
from . import op_names
from ..core import stage

MODEL_CLASSES = {"Sequential", "Model", "Functional"}
MERGE_FUNCTIONS = {"concatenate": "Concatenate", "add": "Add", "multiply": "Multiply",
                   "average": "Average", "maximum": "Maximum", "minimum": "Minimum",
                   "subtract": "Subtract", "dot": "Dot"}


def star_import(module: str, name: str) -> Optional[Value]:
    """``from keras.layers import *`` makes ``LSTM`` the Keras LSTM."""
    if keras_path(module) is not None and (name in LAYER_NAMES or name in MODEL_CLASSES
                                           or name in ("Input", "to_categorical")):
        return Ref(f"{module}.{name}")
    return None


def subclassed():
    """``keras.subclassed``: its values (``Subclassed``, ``CustomLayer``) exist
    only once the file has a Keras class of its own, so it is loaded then."""
    return stage("keras.subclassed")


def is_growable(value: Value) -> bool:
    """Values a callee can grow through a parameter: models, lists and dicts."""
    return isinstance(value, (Sequential, ListOf, Mapping)) \
        or (isinstance(value, Seq) and value.kind == "list")


# -- calls to Keras classes and functions ---------------------------------------------

def call(interp, qualname: str, args, node: ast.Call) -> Optional[Value]:
    op = op_names.op_of(qualname)
    if op is not None:
        return tensor_op(interp, op, args, node)
    obj = keras_object(qualname)
    if obj is None:
        return None
    if obj == "Sequential":
        return make_sequential(interp, args, node)
    if obj in ("Model", "Functional"):
        return make_functional(interp, args, node)
    if obj == "Input":
        return make_input(interp, args, node)
    if obj in LAYER_NAMES:
        return make_layer(interp, obj, args, node)
    if obj in LOSS_CLASSES:       # a loss object: compile(loss=...) reads its class
        return Ref(qualname)
    if obj in MERGE_FUNCTIONS:       # keras.layers.concatenate([a, b], axis=-1)
        layer = make_layer(interp, MERGE_FUNCTIONS[obj], merge_function_args(obj, args), node)
        return merge(interp.ctx, layer, args.arg(0, "inputs"), node)
    return None  # Keras's data utilities are left to arrays/dataframes


def make_layer(interp, kind: str, args, node: ast.Call) -> Layer:
    params = positional_params(kind)
    values, nodes = {}, {}
    for i, value in enumerate(args.positional):
        if i < len(params):
            values[params[i]] = value
            nodes[params[i]] = args.pos_nodes[i]
    values.update(args.keywords)
    nodes.update(args.kw_nodes)
    if kind == "Lambda":        # what its function does, read once; the Keras it follows
        program = stage("keras.lambdas").read_function(interp, values.get("function"))
        values.update({"keras_version": interp.ctx.keras_version},
                      **({"program": program} if program is not None else {}))
    if isinstance(values.get("layer"), (Sequential, Functional)):   # TimeDistributed(cnn)
        values["layer"] = as_layer(values["layer"], interp.ctx.keras_version) or unknown("layer")
    layer = Layer(kind, LayerArgs(values, nodes, args.open_ended), node)
    layer = replace(layer, decl=read_declaration(interp.ctx, layer))
    interp.ctx.events.layer_made(interp.ctx, layer)
    return layer


def make_input(interp, args, node: ast.Call) -> Value:
    """``keras.Input(shape=...)`` / ``Input(batch_shape=...)``: a tensor with a declared shape."""
    decl = input_declaration(interp.ctx, args, node, owner="Input")
    if decl is None:
        return Tensor(Flow(None))
    name = args.keywords.get("name")
    if isinstance(name, Const) and isinstance(name.value, str):
        decl = replace(decl, name=name.value)
    interp.ctx.events.input_declared(interp.ctx, decl, None)
    return Tensor(Flow(decl.shape, decl))


# -- TensorFlow and keras.ops operations on Keras tensors -------------------------------

def tensor_op(interp, op, args, node: ast.Call) -> Optional[Value]:
    """``tf.expand_dims(x, -1)`` between two layers: a Keras tensor of the op's
    shape, its batch axis left as it was; on arrays, an array of that shape.
    None when neither goes in.  Keras 3 refuses TensorFlow's own ops on its
    symbolic tensors, and its ``keras.backend`` has none of these: there the
    result is unknown."""
    namespace, name = op
    tensor_ops = op_names.models()
    given = tensor_ops.tensor_argument(namespace, name, args)
    operands = given.items if isinstance(given, Seq) else (given,)
    inputs = [t for t in operands if isinstance(t, Tensor)]
    if not inputs:
        arrays = [a for a in operands if isinstance(a, Array)]
        return array_op(interp, op, args, node, arrays[0]) if arrays else None
    step = Layer(tensor_ops.describe(namespace, name), LayerArgs({}), node)
    if namespace != tensor_ops.OPS and interp.ctx.keras_version == 3:
        return Tensor(Flow(None), layer=step, site=node, parents=tuple(inputs))
    shape = tensor_ops.output_shape(namespace, name, args, shape_of_operand)
    first = inputs[0].flow
    if shape is None:
        flow = Flow(None)
    elif first.shape is None:       # a shape the op fixes alone: tf.reshape(x, (-1, 10, 1))
        flow = Flow(shape, first.decl, step)
    else:
        flow = successor(first, step, shape)
    return Tensor(flow, layer=step, site=node, parents=tuple(inputs))


def array_op(interp, op, args, node: ast.Call, first: Array) -> Value:
    """The op run eagerly on arrays: a tensor of that shape, which Keras takes
    as it takes an array; a reshape that cannot keep the count is announced."""
    namespace, name = op
    tensor_ops = op_names.models()
    problem = tensor_ops.reshape_problem(namespace, args, shape_of_operand) if name == "reshape" else None
    if problem is not None:
        dims, message = problem
        interp.ctx.events.reshape_refused(interp.ctx, node, first, args.pos_nodes[0] if args.pos_nodes
                                          else None, dims, message)
        return unknown("reshaped")
    shape = tensor_ops.output_shape(namespace, name, args, shape_of_operand)
    if shape is None or any(d is None for d in shape):
        return unknown(tensor_ops.describe(namespace, name))
    if name == "one_hot":
        return Array(shape, dtype="float", one_hot=shape[-1])
    dtype = tensor_ops.dtype_after(name, args, first.dtype)
    return Array(shape, dtype=dtype, one_hot=first.one_hot if name in tensor_ops.KEEPS_ENCODING else None)


def shape_of_operand(value: Value):
    """A tensor operand's shape: a Keras tensor's, or an array's mixed in."""
    if isinstance(value, Tensor):
        return value.flow.shape
    if isinstance(value, Array):
        return value.shape
    return None


# -- Sequential ---------------------------------------------------------------------------

def track(interp, model):
    """Announce a model made or changed (what ``explain`` shows) and return it."""
    if isinstance(model, (Sequential, Functional)):
        interp.ctx.events.model_changed(interp.ctx, model)
    return model


def make_sequential(interp, args, node: ast.Call) -> Value:
    model = Sequential(node, name=assigned_name(interp, node))
    layers = args.arg(0, "layers")
    if layers is None:
        return track(interp, model)
    if isinstance(layers, Seq):
        items = layers.items
        nodes = layer_nodes(args, 0, "layers", len(items))
        for item, item_node in zip(items, nodes):
            model = sequential_add(interp, model, item, item_node)
        return track(interp, model)
    return track(interp, replace(model, layers=(unknown("layers"),)))


def layer_nodes(args, index, name, count) -> List[ast.AST]:
    container = args.kw_nodes[name].value if name in args.kw_nodes else args.pos_nodes[index]
    if isinstance(container, (ast.List, ast.Tuple)) and len(container.elts) == count:
        return list(container.elts)
    return [container] * count


def sequential_add(interp, model: Sequential, item: Value, node: Optional[ast.AST] = None) -> Sequential:
    """``model.add(item)``: the layer meets the model's current output."""
    ctx = interp.ctx
    first = not model.layers
    if isinstance(item, (Sequential, Functional)):
        return add_model(interp, model, item, node)
    if isinstance(item, Tensor):                      # keras.Input(...) placed first
        if first and item.flow.decl is not None:
            return replace(model, layers=(item,), decl=item.flow.decl, out=item.flow)
        return replace(model, layers=model.layers + (unknown("input"),), out=None)
    if isinstance(item, CustomLayer):
        return add_custom_layer(interp, model, item, node)
    if not isinstance(item, Layer):
        return replace(model, layers=model.layers + (unknown("layer"),), out=None)
    if item.kind == "InputLayer":
        decl = item.decl
        if first and decl is not None:
            ctx.events.input_declared(ctx, decl, None)
            return replace(model, layers=(item,), decl=decl, out=Flow(decl.shape, decl))
        return replace(model, layers=model.layers + (item,), out=None)
    decl = item.decl
    for ignored in ignored_declarations(item):
        ctx.events.declaration_ignored(ctx, item, ignored, model.out)
    if first:
        if decl is None:
            return replace(model, layers=(item,), out=None)
        ctx.events.input_declared(ctx, decl, item)
        flow = Flow(decl.shape, decl)
        return replace(model, layers=(item,), decl=decl, out=single(apply_layer(ctx, item, flow, item.node)))
    if decl is not None and len(model.layers) == 1 and model.decl is not None \
            and model.decl.owner != "layer":
        # `Input(shape=...)` first, then a layer that declares another shape: the
        # author may believe the second one counts.  A declaration repeated on
        # later layers after the first layer's own is copy-paste, not a belief.
        ctx.events.declaration_ignored(ctx, item, decl, model.out)
    if model.out is None:
        return replace(model, layers=model.layers + (item,), out=None)
    return replace(model, layers=model.layers + (item,),
                   out=single(apply_layer(ctx, item, model.out, item.node)))


def add_custom_layer(interp, model: Sequential, item: CustomLayer, node) -> Sequential:
    """A custom layer in a Sequential model: its ``call`` on the current output."""
    layers = model.layers + (unknown("custom layer"),)     # no shape rule of its own
    if model.out is None:
        return replace(model, layers=layers, out=None)
    out = subclassed().apply_to_tensor(interp, item.instance, Tensor(model.out), node or item.node)
    return replace(model, layers=layers, out=out.flow if out.flow.shape is not None else None)


def add_model(interp, model: Sequential, inner, node: Optional[ast.AST]) -> Sequential:
    """``Sequential([encoder, decoder])``: a model added like a layer.  First in
    the outer model, its own declared input becomes the outer model's."""
    layer = as_layer(inner, interp.ctx.keras_version)
    if layer is None:
        return replace(model, layers=model.layers + (unknown("model"),), out=None)
    site = node if node is not None else inner.node
    flow = model.out
    if not model.layers:
        flows = inner.input_flows()
        if not flows or len(flows) != 1 or flows[0].decl is None or flows[0].shape is None:
            return replace(model, layers=(layer,), out=None)
        flow = flows[0]
        model = replace(model, decl=flow.decl)
    if flow is None:
        return replace(model, layers=model.layers + (layer,), out=None)
    return replace(model, layers=model.layers + (layer,),
                   out=single(apply_layer(interp.ctx, layer, flow, site)))


def single(out) -> Optional[Flow]:
    """A Sequential layer's output; several outputs (return_state) are not followed."""
    return out if isinstance(out, Flow) else None


def merge_function_args(name: str, args) -> CallArgs:
    """The layer's arguments of ``concatenate([a, b], axis=1)``: the keywords
    (the list goes elsewhere), and ``dot``'s axes also when given second."""
    keywords, kw_nodes = dict(args.keywords), dict(args.kw_nodes)
    if name == "dot" and len(args.positional) > 1:
        keywords["axes"], kw_nodes["axes"] = args.positional[1], args.pos_nodes[1]
    return CallArgs(keywords=keywords, kw_nodes=kw_nodes,
                    double_star=args.double_star or args.star)


# -- the functional API -------------------------------------------------------------------

def make_functional(interp, args, node: ast.Call) -> Value:
    inputs = args.arg(0, "inputs")
    outputs = args.arg(1, "outputs")
    if inputs is None or outputs is None:
        return unknown("model")       # a subclassed model or Model() with nothing
    keyed = isinstance(inputs, Mapping)
    if keyed:
        # Keras flattens a dict of inputs in the order of its sorted keys
        keys = tuple(sorted(inputs.keys))
        inputs = tuple(inputs.get(key) for key in keys)
    else:
        inputs = as_tuple(inputs)
        keys = input_names(inputs)
    outputs = as_tuple(outputs)
    return track(interp, Functional(node, inputs, outputs, name=assigned_name(interp, node),
                                    input_keys=keys, keyed=keyed))


def input_names(inputs: Tuple[Value, ...]) -> Optional[Tuple[str, ...]]:
    """The ``name=`` of each Input of a model made from a list of inputs, the
    keys Keras looks up in a dict of data; None when one has no name given
    (Keras numbers those, "input_1" in Keras 2, "input_layer_1" in Keras 3)."""
    names = [t.flow.decl.name if isinstance(t, Tensor) and t.flow.decl is not None else None
             for t in inputs]
    return tuple(names) if None not in names else None


def as_tuple(value: Value) -> Tuple[Value, ...]:
    if isinstance(value, Seq):
        return value.items
    return (value,)


def apply(interp, callee: Value, args, node: ast.Call) -> Optional[Value]:
    """Calling a layer (or a model) on a tensor or an array."""
    if isinstance(callee, CustomLayer):
        x = args.arg(0, "inputs")
        if not isinstance(x, Tensor):
            return unknown("tensor")
        return subclassed().apply_to_tensor(interp, callee.instance, x, node)
    if isinstance(callee, Layer):
        return apply_functional(interp, callee, args, node)
    if isinstance(callee, (Sequential, Functional)):
        x = args.arg(0, "inputs")
        if isinstance(x, Array):
            return data_call(interp, callee, "__call__", args, node)[0]
        if not isinstance(x, Tensor):     # several inputs, or not a tensor we know
            return Tensor(Flow(None)) if isinstance(x, Seq) else unknown("model output")
        layer = as_layer(callee, interp.ctx.keras_version)
        if layer is None:
            return Tensor(Flow(None))
        return to_value(apply_layer(interp.ctx, layer, x.flow, node), layer, node, (x,))
    return None


def subclass_instance(interp, cls: ModelClass, instance, node: ast.Call) -> Value:
    """``model = Net(...)`` / ``block = Block(...)`` once ``__init__`` ran on ``instance``."""
    return subclassed().instance_value(cls, instance, node, assigned_name(interp, node))


def call_subclassed(interp, model: Subclassed, args, node: ast.Call):
    """``model(x)`` on a subclassed model: (its output, the model's new value or
    None).  On data it is a data call; on a Keras tensor (``keras.Input``) Keras
    runs ``call`` on it, and the first such call builds the model."""
    x = args.arg(0, "inputs")
    if isinstance(x, Array):
        return data_call(interp, model, "__call__", args, node)
    if not isinstance(x, Tensor):
        return unknown("model output"), None
    if x.flow.shape is None:
        return Tensor(Flow(None), site=node, parents=(x,)), None
    out = subclassed().apply_to_tensor(interp, model.instance, x, node)
    if model.built is not None:
        return out, None
    built = replace(model, out=out.flow if out.flow.shape is not None else None,
                    built=tuple(x.flow.shape[1:]))
    return out, built


def build_subclassed(interp, model: Subclassed, args, node: ast.Call):
    """``model.build((None, T, F))``: Keras 2 runs ``call`` on a tensor of that
    shape there; Keras 3 only marks the model built, and builds it on its
    first data."""
    shape = args.arg(0, "input_shape")
    if interp.ctx.keras_version != 2 or model.built is not None or not isinstance(shape, Seq):
        return Const(None), None
    dims = tuple(None if isinstance(d, Const) and d.value is None else to_poly(d) for d in shape.items)
    if not dims or any(d is None for d in dims[1:]):
        return Const(None), None
    tensor = Tensor(Flow((None,) + dims[1:]))
    return Const(None), subclassed().build_on(interp, model, tensor, node)


def apply_functional(interp, layer: Layer, args, node: ast.Call) -> Value:
    """``layer(x)``: on a tensor of the functional API, or eagerly on an array."""
    ctx = interp.ctx
    x = args.arg(0, "inputs")
    if layer.kind in MERGES:
        return merge(ctx, layer, x, node)
    if layer.kind in ATTENTIONS:
        return attend(ctx, layer, args, node)
    if isinstance(x, Seq) and x.items and all(isinstance(t, Tensor) for t in x.items):
        ctx.events.states_passed_on(ctx, layer, x.items, node)
        return Tensor(Flow(None))
    if isinstance(x, Array):
        return to_value(apply_layer(ctx, layer, Flow(x.shape, array=x.origin), node))
    if not isinstance(x, Tensor):
        return unknown("tensor")
    decl = layer.decl
    if decl is not None:
        ctx.events.declaration_ignored(ctx, layer, decl, x.flow)
    states = args.keywords.get("initial_state")
    parents = (x,)
    if isinstance(states, Seq) and layer.recurrent:
        ctx.events.initial_state_given(ctx, layer, states.items, node)
        parents += tuple(t for t in states.items if isinstance(t, Tensor))
    return to_value(apply_layer(ctx, layer, x.flow, node), layer, node, parents)


def merge(ctx, layer: Layer, x: Value, node: ast.Call) -> Value:
    """Concatenate/Add/Multiply/... on a list of tensors."""
    if not (isinstance(x, Seq) and len(x.items) >= 2
            and all(isinstance(t, Tensor) and t.flow.shape is not None for t in x.items)):
        parents = tuple(t for t in x.items if isinstance(t, Tensor)) if isinstance(x, Seq) else ()
        return Tensor(Flow(None), layer=layer, site=node, parents=parents)
    flows = [t.flow for t in x.items]
    parents = tuple(x.items)
    try:
        shape = family("merging").merge_output(layer.kind, layer.args, [tuple(f.shape) for f in flows])
    except LayerShapeError as error:
        ctx.events.merge_refused(ctx, layer, flows, str(error), node)
        return Tensor(Flow(None), layer=layer, site=node, parents=parents)
    first = flows[0]
    stateful = next((f.stateful for f in flows if f.stateful is not None), None)
    return Tensor(Flow(shape, first.decl, layer, stateful=stateful), layer=layer, site=node,
                  parents=parents)


def attention_tensors(kind: str, args) -> Optional[Tuple[Value, ...]]:
    """The query, value (and key) of an attention call, as given; None when
    the call is not one whose tensors can be told (``*args``, an unknown list)."""
    if args.star:
        return None
    if kind in LIST_ATTENTIONS:
        x = args.arg(0, "inputs")
        if isinstance(x, Seq) and x.kind == "list":
            return x.items
        return (x,) if isinstance(x, Tensor) else None
    query, value, key = args.arg(0, "query"), args.arg(1, "value"), args.arg(2, "key")
    if value is None and args.double_star:
        return None
    return tuple(t for t in (query, value, key) if t is not None)


def attend(ctx, layer: Layer, args, node: ast.Call) -> Value:
    """``Attention()([query, value])``, ``MultiHeadAttention(...)(query, value)``:
    several tensors in; the output carries the query's history on."""
    tensors = attention_tensors(layer.kind, args)
    known = tensors is not None and all(isinstance(t, Tensor) and t.flow.shape is not None
                                        for t in tensors)
    parents = tuple(t for t in tensors or () if isinstance(t, Tensor))
    scores = args.keywords.get("return_attention_scores")
    with_scores = False if scores is None else scores.value if isinstance(scores, Const) else None
    if not known or not isinstance(with_scores, bool):
        return Tensor(Flow(None), layer=layer, site=node, parents=parents)
    query = tensors[0].flow
    if len(tensors) == 1:           # one tensor where several are needed
        return to_value(apply_layer(ctx, layer, query, node), layer, node, parents)
    try:
        out = family("attention").attention_output(
            layer.kind, layer.args, [tuple(t.flow.shape) for t in tensors], ctx.keras_version,
            with_scores)
    except LayerShapeError as error:
        ctx.events.shape_refused(ctx, layer, query, str(error), node)
        return Tensor(Flow(None), layer=layer, site=node, parents=parents)
    if isinstance(out, list):
        return Seq(tuple(Tensor(successor(query, layer, s) if s is not None else Flow(None),
                                layer=layer, site=node, parents=parents) for s in out), "list")
    return to_value(successor(query, layer, out) if out is not None else None, layer, node, parents)


def to_value(out, layer: Optional[Layer] = None, site=None, parents=()) -> Value:
    def tensor(flow):
        return Tensor(flow, layer=layer, site=site, parents=tuple(parents))
    if out is None:
        return tensor(Flow(None))
    if isinstance(out, list):
        return Seq(tuple(tensor(f) for f in out), "list")
    return tensor(out)


# -- attributes and methods of Keras values --------------------------------------------

def attribute(interp, base: Value, attr: str, node) -> Optional[Value]:
    if isinstance(base, Tensor) and attr == "shape":
        shape = base.flow.shape
        if shape is None:
            return unknown("tensor.shape")
        return Seq(tuple(Const(None) if d is None else Int(d) for d in shape))
    if isinstance(base, (Sequential, Functional)) and attr == "layers":
        layers = built_layers(base)
        return Seq(layers, "list") if layers is not None else unknown(attr)
    if isinstance(base, (Sequential, Functional, Layer, Tensor)):
        return unknown(attr)
    return None


def method(interp, receiver: Value, name: str, args, node: ast.Call):
    """(result, receiver's new value) for a method of a model or layer; None otherwise."""
    if isinstance(receiver, Sequential):
        if name == "add":
            item = args.arg(0, "layer")
            if item is None:
                return unknown(), None
            item_node = args.pos_nodes[0] if args.pos_nodes else node
            return Const(None), track(interp, sequential_add(interp, receiver, item, item_node))
        if name == "pop":
            return unknown(), track(interp, replace(
                receiver, layers=receiver.layers[:-1] + (unknown("layer"),), out=None))
    if isinstance(receiver, (Sequential, Functional, Subclassed)):
        if name == "compile":
            loss = args.arg(1, "loss")
            return Const(None), track(interp, replace(receiver, loss=loss))
        if name in DATA_METHODS:
            return data_call(interp, receiver, name, args, node)
        if name == "build" and isinstance(receiver, Sequential):
            return Const(None), None
        if name == "build" and isinstance(receiver, Subclassed):
            return build_subclassed(interp, receiver, args, node)
        if name == "get_layer" and not isinstance(receiver, Subclassed):
            return layer_named(receiver, args), None
        return unknown(name), None
    if isinstance(receiver, Layer):
        return unknown(name), None
    return None


def layer_named(model, args) -> Value:
    """``model.get_layer('decoder_out')``: the layer made with that ``name=``."""
    wanted = args.arg(0, "name")
    layers = built_layers(model) or ()
    if not (isinstance(wanted, Const) and isinstance(wanted.value, str)):
        return unknown("layer")
    named = [layer for layer in layers if isinstance(layer, Layer)
             and isinstance(layer.args.values.get("name"), Const)
             and layer.args.values["name"].value == wanted.value]
    return named[0] if len(named) == 1 else unknown("layer")


def data_call(interp, model, method_name: str, args, node: ast.Call):
    """``fit``/``predict``/``evaluate``/... and ``model(X)``: where data meets the
    model.  Returns (what the call gives back, the model's new value or None):
    a Sequential without a declared input is built from the first data it gets."""
    ctx = interp.ctx
    if any(is_sequence(value) for value in (*args.positional[:1], *args.keywords.values())):
        args = stage("keras.sequences").with_first_batch(interp, method_name, args, node)
    call = read_data_call(method_name, args, node)
    updated = None
    if isinstance(model, Sequential) and model.decl is None and isinstance(call.x, Array):
        updated = build_from_data(interp, model, call.x, call.x_node)
        model = updated if updated is not None else model
    if isinstance(model, Subclassed):
        updated = subclassed().build_from_data(interp, model, call.x, call.x_node or node)
        model = subclassed().as_built_for(updated or model, call.x)
    ctx.events.data_given(ctx, model, call)
    result = predicted(model, call.x) if call.predicting else unknown(method_name)
    if updated is not None:
        track(interp, updated)
    return result, updated


def build_from_data(interp, model: Sequential, x: Array, x_node) -> Optional[Sequential]:
    """Keras builds a Sequential that declares no input from the first batch it
    gets: follow the layers from the data's shape."""
    if x.shape is None or not x.shape or not model.known or not model.layers:
        return None
    decl = InputDecl((None,) + tuple(x.shape[1:]), x_node, interp.ctx.source(x_node, 40),
                     "data", x, owner="data")
    flow = Flow(decl.shape, decl, array=x.origin, data_site=x_node)
    for layer in model.layers:
        if flow is None:
            break
        flow = single(apply_layer(interp.ctx, layer, flow, layer.node))
    return replace(model, decl=decl, out=flow)


def assigned_name(interp, node: ast.AST) -> str:
    stmt = interp.statement
    if isinstance(stmt, ast.Assign) and stmt.value is node and len(stmt.targets) == 1:
        target = stmt.targets[0]
        if isinstance(target, ast.Name):
            return target.id
        if isinstance(target, ast.Attribute):
            return target.attr
    return "model"
