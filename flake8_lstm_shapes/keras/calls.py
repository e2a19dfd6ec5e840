"""What Keras calls do to abstract values: layers, ``Input``, ``Sequential``,
``Model``, ``model.add``, calling a layer on a tensor, ``compile`` and the data
entry points (``fit``, ``predict``, ...).

Each function returns None when the call is not a Keras one, so the
interpreter can try the next module.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import List, Optional, Tuple

from .layers import (LAYER_NAMES, MERGES, LayerArgs, LayerShapeError, merge_output,
                     positional_params)
from .models import (Flow, Functional, InputDecl, Layer, ModelClass, Sequential, Subclassed, Tensor,
                     apply_layer, as_layer)
from ..core.arguments import CallArgs
from ..core.names import keras_object, keras_path
from ..rules import data as data_rules
from ..rules import batch, declared, stack, targets
from ..core.shapes import Shape
from ..core.values import Array, Batches, Const, Int, ListOf, Ref, Seq, Value, to_poly, unknown

MODEL_CLASSES = {"Sequential", "Model", "Functional"}
MERGE_FUNCTIONS = {"concatenate": "Concatenate", "add": "Add", "multiply": "Multiply",
                   "average": "Average", "maximum": "Maximum", "minimum": "Minimum",
                   "subtract": "Subtract"}
DATA_METHODS = {"fit", "predict", "evaluate", "train_on_batch", "test_on_batch",
                "predict_on_batch", "predict_classes", "predict_proba",
                "fit_generator", "evaluate_generator", "predict_generator"}


def star_import(module: str, name: str) -> Optional[Value]:
    """``from keras.layers import *`` makes ``LSTM`` the Keras LSTM."""
    if keras_path(module) is not None and (name in LAYER_NAMES or name in MODEL_CLASSES
                                           or name in ("Input", "to_categorical")):
        return Ref(f"{module}.{name}")
    return None


def is_growable(value: Value) -> bool:
    """Values a callee can grow through a parameter: models and lists."""
    return isinstance(value, Sequential) or (isinstance(value, Seq) and value.kind == "list") \
        or isinstance(value, ListOf)


# -- calls to Keras classes and functions ---------------------------------------------

def call(interp, qualname: str, args, node: ast.Call, env) -> Optional[Value]:
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
    if obj in targets.CLASSES:       # a loss object: compile(loss=...) reads its class
        return Ref(qualname)
    if obj in MERGE_FUNCTIONS:       # keras.layers.concatenate([a, b], axis=-1)
        layer = make_layer(interp, MERGE_FUNCTIONS[obj], keyword_args(args), node)
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
    if isinstance(values.get("layer"), (Sequential, Functional)):   # TimeDistributed(cnn)
        values["layer"] = as_layer(values["layer"], interp.ctx.keras_version) or unknown("layer")
    layer = Layer(kind, LayerArgs(values, nodes, args.open_ended), node)
    declared.check_layer_arguments(interp.ctx, layer)
    stack.check_initial_weights(interp.ctx, layer)
    return layer


def make_input(interp, args, node: ast.Call) -> Value:
    """``keras.Input(shape=...)`` / ``Input(batch_shape=...)``: a tensor with a declared shape."""
    decl = input_declaration(interp, args, node, owner="Input")
    if decl is None:
        return Tensor(Flow(None))
    declared.check_declaration(interp.ctx, decl, None)
    return Tensor(Flow(decl.shape, decl))


def input_declaration(interp, args, node: ast.Call, owner: str) -> Optional[InputDecl]:
    """The shape an ``Input``/``InputLayer`` declares, batch axis included."""
    version = interp.ctx.keras_version
    batch = args.arg(None, "batch_shape")
    arg = "batch_shape"
    if batch is None and "batch_input_shape" in args.keywords:
        batch, arg = args.keywords["batch_input_shape"], "batch_input_shape"
    if batch is not None:
        return make_decl(interp, batch, args.kw_nodes[arg], arg, batched=True, owner=owner)
    names = ("shape", "input_shape") if version == 3 or owner == "Input" else ("input_shape", "shape")
    for name in names:
        if name in args.keywords:
            return make_decl(interp, args.keywords[name], args.kw_nodes[name], name,
                             batched=False, owner=owner, batch_size=args.arg(None, "batch_size"))
    if args.positional and owner == "Input":
        return make_decl(interp, args.positional[0], args.pos_nodes[0], "shape", batched=False,
                         owner=owner, batch_size=args.arg(1, "batch_size"))
    return None


def make_decl(interp, value: Value, node: ast.AST, arg: str, *, batched: bool, owner: str,
              batch_size: Optional[Value] = None) -> InputDecl:
    if isinstance(value, Int) and owner != "layer" and interp.ctx.keras_version == 2:
        value = Seq((value,))     # Keras 2's InputLayer reads an int as (n,)
    shape = shape_from_value(value)
    if shape is not None and not batched:
        shape = (to_poly(batch_size) if batch_size is not None else None,) + shape
    text = interp.ctx.source(node, 50)
    if not isinstance(node, ast.keyword):
        text = f"{arg}={text}"
    return InputDecl(shape, node, text, arg, value, owner)


def shape_from_value(value: Value) -> Shape:
    """A declared shape: a tuple/list of ints, symbols and Nones; else unknown.

    Values Keras rejects (floats, a bare int) give None here: LST103 reports
    them from the raw value.
    """
    if not isinstance(value, Seq) or value.kind == "range":
        return None
    dims = []
    for item in value.items:
        if isinstance(item, Const) and item.value is None:
            dims.append(None)
            continue
        poly = to_poly(item)
        if poly is None:
            return None
        dims.append(poly)
    return tuple(dims)


def layer_declaration(interp, layer: Layer) -> Optional[InputDecl]:
    """The input a layer declares itself, the way the targeted Keras reads it.

    Keras 3 reads ``input_dim`` (as ``(input_dim,)``, even on an LSTM) before
    ``input_shape``; Keras 2 reads ``batch_input_shape``, then ``input_shape``
    with ``batch_size``, then the legacy ``input_dim``/``input_length`` (an RNN
    gets ``(input_length, input_dim)``).  A layer spelled with Keras-2-only
    arguments is read as Keras 2 reads it even under Keras 3, which rejects it
    (LST303): that is what its author meant.  When the version is unknown and
    the two readings differ, the declared shape is unknown.  Neither reads the
    declaration of a layer wrapped in Bidirectional (tf_keras 2.21 and Keras 3
    both build such a model from the data, checked by the conformance suite).
    """
    version = interp.ctx.keras_version
    if version == 2 or uses_keras2_spelling(layer):
        return keras2_declaration(interp, layer)
    keras3 = keras3_declaration(interp, layer)
    if version == 3:
        return keras3
    keras2 = keras2_declaration(interp, layer)
    if keras3 is None or keras2 is None:
        return embedding_length_unread(keras3 or keras2)
    if keras3.shape is not None and keras2.shape is not None and keras3.shape == keras2.shape:
        return keras2
    return replace(keras2, shape=None)      # declared, but what it means depends on the version


def embedding_length_unread(declared: Optional[InputDecl]) -> Optional[InputDecl]:
    """``Embedding(..., input_length=n)``, the version unknown: Keras 2 declares
    ``(batch, n)``, Keras 3 ignores the argument and takes the data's length.
    Both take 2-D ids, so the rank holds and only the length is unknown."""
    if declared is None or declared.shape is None or len(declared.shape) != 2:
        return None if declared is None else replace(declared, shape=None)
    return replace(declared, shape=(declared.shape[0], None))


def uses_keras2_spelling(layer: Layer) -> bool:
    """Arguments only Keras 2 reads: the code was written for Keras 2."""
    args = layer.args
    return args.has("batch_input_shape") or args.has("batch_size") or \
        (layer.recurrent and args.has("input_length"))


def keras3_declaration(interp, layer: Layer) -> Optional[InputDecl]:
    args = layer.args
    if args.has("input_dim") and layer.kind != "Embedding":  # Embedding's is the vocabulary
        value = args.values["input_dim"]
        return make_decl(interp, Seq((value,)), args.nodes["input_dim"], "input_dim",
                         batched=False, owner="layer")
    if args.has("input_shape"):
        return make_decl(interp, args.values["input_shape"], args.nodes["input_shape"],
                         "input_shape", batched=False, owner="layer")
    return None


def keras2_declaration(interp, layer: Layer) -> Optional[InputDecl]:
    args = layer.args
    if args.has("batch_input_shape"):
        return make_decl(interp, args.values["batch_input_shape"], args.nodes["batch_input_shape"],
                         "batch_input_shape", batched=True, owner="layer")
    if args.has("input_shape"):
        return make_decl(interp, args.values["input_shape"], args.nodes["input_shape"],
                         "input_shape", batched=False, owner="layer",
                         batch_size=args.values.get("batch_size"))
    if layer.recurrent and (args.has("input_dim") or args.has("input_length")):
        dim = args.values.get("input_dim", Const(None))
        length = args.values.get("input_length", Const(None))
        name = "input_dim" if args.has("input_dim") else "input_length"
        return make_decl(interp, Seq((length, dim)), args.nodes[name], name, batched=False,
                         owner="layer", batch_size=args.values.get("batch_size"))
    if layer.kind == "Embedding" and args.has("input_length"):
        return make_decl(interp, Seq((args.values["input_length"],)), args.nodes["input_length"],
                         "input_length", batched=False, owner="layer",
                         batch_size=args.values.get("batch_size"))
    if args.has("input_dim") and layer.kind != "Embedding":
        return make_decl(interp, Seq((args.values["input_dim"],)), args.nodes["input_dim"],
                         "input_dim", batched=False, owner="layer",
                         batch_size=args.values.get("batch_size"))
    return None


def ignored_declarations(interp, layer: Layer) -> List[InputDecl]:
    """Declarations on a layer that Keras reads nowhere: the ``input_shape`` of
    a layer wrapped in Bidirectional."""
    inner = layer.inner()
    if layer.kind == "Bidirectional" and inner is not None:
        decl = layer_declaration(interp, inner)
        return [decl] if decl is not None else []
    return []


# -- Sequential ---------------------------------------------------------------------------

def track(interp, model):
    """The latest state of each model, by where it was created: what `explain` shows."""
    if not interp.ctx.muted and isinstance(model, (Sequential, Functional)):
        interp.ctx.models[id(model.node)] = model
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


def sequential_add(interp, model: Sequential, item: Value, node: ast.AST) -> Sequential:
    """``model.add(item)``: the layer meets the model's current output.

    A model whose input declaration got a finding (on its first layer or
    Input) is marked broken: checking data against that declaration would only
    repeat the same mistake in other words.  A Keras-2 spelling (LST303) does
    not break it: the batch or length it declares is still its author's intent.
    """
    before = set(interp.ctx.findings)
    added = add_item(interp, model, item, node)
    first = not model.layers
    if first and (any(key[2] != SPELLING for key in set(interp.ctx.findings) - before) or (
            isinstance(item, (Layer, Tensor)) and interp.ctx.has_finding_in(item_node(item), SPELLING))):
        added = replace(added, broken=True)
    return added


SPELLING = "LST303"


def item_node(item) -> Optional[ast.AST]:
    if isinstance(item, Layer):
        return item.node
    decl = item.flow.decl
    return decl.node if decl is not None else None


def add_item(interp, model: Sequential, item: Value, node: Optional[ast.AST] = None) -> Sequential:
    ctx = interp.ctx
    first = not model.layers
    if isinstance(item, (Sequential, Functional)):
        return add_model(interp, model, item, node)
    if isinstance(item, Tensor):                      # keras.Input(...) placed first
        if first and item.flow.decl is not None:
            return replace(model, layers=(item,), decl=item.flow.decl, out=item.flow)
        return replace(model, layers=model.layers + (unknown("input"),), out=None)
    if not isinstance(item, Layer):
        return replace(model, layers=model.layers + (unknown("layer"),), out=None)
    if item.kind == "InputLayer":
        decl = input_declaration(interp, call_args_of(item), item.node, owner="InputLayer")
        if first and decl is not None:
            declared.check_declaration(ctx, decl, None)
            return replace(model, layers=(item,), decl=decl, out=Flow(decl.shape, decl))
        return replace(model, layers=model.layers + (item,), out=None)
    decl = layer_declaration(interp, item)
    for ignored in ignored_declarations(interp, item):
        declared.check_ignored_declaration(ctx, item, ignored, model.out)
    if first:
        if decl is None:
            return replace(model, layers=(item,), out=None)
        declared.check_declaration(ctx, decl, item)
        flow = Flow(decl.shape, decl)
        return replace(model, layers=(item,), decl=decl, out=single(apply_layer(ctx, item, flow, item.node)))
    if decl is not None and len(model.layers) == 1 and model.decl is not None \
            and model.decl.owner != "layer":
        # `Input(shape=...)` first, then a layer that declares another shape: the
        # author may believe the second one counts.  A declaration repeated on
        # later layers after the first layer's own is copy-paste, not a belief.
        declared.check_ignored_declaration(ctx, item, decl, model.out)
    if model.out is None:
        return replace(model, layers=model.layers + (item,), out=None)
    return replace(model, layers=model.layers + (item,),
                   out=single(apply_layer(ctx, item, model.out, item.node)))


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


def keyword_args(args):
    """The keyword arguments alone (a merge function's list goes elsewhere)."""
    return CallArgs(keywords=dict(args.keywords), kw_nodes=dict(args.kw_nodes),
                    double_star=args.double_star)


def call_args_of(layer: Layer):
    """A layer's arguments in the form ``input_declaration`` reads."""
    args = CallArgs()
    for name, value in layer.args.values.items():
        args.keywords[name] = value
        node = layer.args.nodes.get(name)
        if isinstance(node, ast.keyword):
            args.kw_nodes[name] = node
        else:
            args.kw_nodes[name] = ast.keyword(arg=name, value=node, lineno=node.lineno,
                                              col_offset=node.col_offset,
                                              end_lineno=node.end_lineno,
                                              end_col_offset=node.end_col_offset)
    return args


# -- the functional API -------------------------------------------------------------------

def make_functional(interp, args, node: ast.Call) -> Value:
    inputs = args.arg(0, "inputs")
    outputs = args.arg(1, "outputs")
    if inputs is None or outputs is None:
        return unknown("model")       # a subclassed model or Model() with nothing
    inputs, outputs = as_tuple(inputs), as_tuple(outputs)
    broken = any(isinstance(t, Tensor) and t.flow.decl is not None
                 and interp.ctx.has_finding_in(t.flow.decl.node) for t in inputs)
    return track(interp, Functional(node, inputs, outputs, name=assigned_name(interp, node),
                                    broken=broken))


def as_tuple(value: Value) -> Tuple[Value, ...]:
    if isinstance(value, Seq):
        return value.items
    return (value,)


def is_model_class(value: Value) -> bool:
    """``keras.Model`` (``tf.keras.Model``, ...) or a class of the user's derived from it."""
    if isinstance(value, ModelClass):
        return True
    return isinstance(value, Ref) and keras_object(value.qualname) in ("Model", "Functional")


def apply(interp, callee: Value, args, node: ast.Call) -> Optional[Value]:
    """Calling a layer (or a model) on a tensor or an array."""
    if isinstance(callee, ModelClass):         # model = Net(...): a subclassed model
        return Subclassed(node, name=assigned_name(interp, node))
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


def apply_functional(interp, layer: Layer, args, node: ast.Call) -> Value:
    """``layer(x)``: on a tensor of the functional API, or eagerly on an array."""
    ctx = interp.ctx
    x = args.arg(0, "inputs")
    if layer.kind in MERGES:
        return merge(ctx, layer, x, node)
    if isinstance(x, Seq) and x.items and all(isinstance(t, Tensor) for t in x.items):
        stack.check_unpacked_states(ctx, layer, x.items, node)
        return Tensor(Flow(None))
    if isinstance(x, Array):
        return to_value(apply_layer(ctx, layer, Flow(x.shape, array=x.origin), node))
    if not isinstance(x, Tensor):
        return unknown("tensor")
    decl = layer_declaration(interp, layer)
    if decl is not None:
        declared.check_ignored_declaration(ctx, layer, decl, x.flow)
    states = args.keywords.get("initial_state")
    parents = (x,)
    if isinstance(states, Seq) and layer.recurrent:
        stack.check_initial_state(ctx, layer, states.items, node)
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
        shape = merge_output(layer.kind, layer.args, [tuple(f.shape) for f in flows])
    except LayerShapeError as error:
        stack.report_merge_error(ctx, layer, flows, str(error), node)
        return Tensor(Flow(None), layer=layer, site=node, parents=parents)
    first = flows[0]
    stateful = next((f.stateful for f in flows if f.stateful is not None), None)
    return Tensor(Flow(shape, first.decl, layer, stateful=stateful), layer=layer, site=node,
                  parents=parents)


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
        return unknown(name), None
    if isinstance(receiver, Layer):
        return unknown(name), None
    return None


def data_call(interp, model, method_name: str, args, node: ast.Call):
    """``fit``/``predict``/``evaluate``/... and ``model(X)``: where data meets the
    model.  Returns (what the call gives back, the model's new value or None):
    a Sequential without a declared input is built from the first data it gets."""
    ctx = interp.ctx
    x, x_node, y, _ = data_rules.data_arguments(method_name, args)
    if not ctx.muted:
        ctx.data_calls.append((node, model, method_name, x, y))
    updated = None
    if isinstance(model, Sequential) and model.decl is None and isinstance(x, Array):
        updated = build_from_data(interp, model, x, x_node)
        model = updated if updated is not None else model
    if not model.broken:
        data_rules.check_data_call(ctx, model, method_name, args, node, model.input_flows())
        check_outputs(ctx, model, method_name, args, node, x)
    result = data_rules.predicted(model, x) if method_name in data_rules.PREDICTING \
        else unknown(method_name)
    if updated is not None:
        track(interp, updated)
    return result, updated


def check_outputs(ctx, model, method_name: str, args, node: ast.Call, x) -> None:
    """The rules that need the model's output: the target and loss (LST403,
    LST404) and a stateful model's batches (LST301, LST302)."""
    outs = model.output_flows()
    _, _, y, y_node = data_rules.data_arguments(method_name, args)
    if not outs or len(outs) != 1 or outs[0] is None:
        if isinstance(y, Array):     # what the loss and the target say without the output
            targets.check_target_alone(ctx, model, y, y_node)
        return
    out = outs[0]
    if isinstance(y, Array):
        targets.check_targets(ctx, model, y, y_node, out)
    if out.stateful is not None and not from_batches(method_name, args):
        batch.check_batches(ctx, model, method_name, args, node, x, out, out.stateful)


def from_batches(method_name: str, args) -> bool:
    """Data from a generator: its batch size is the generator's, not fit's."""
    if method_name in data_rules.GENERATOR_METHODS:
        return True
    return isinstance(data_rules.x_argument(method_name, args)[0], Batches)


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
