"""Keras layers, tensors and models as abstract values, and how shapes flow
through them.

A ``Flow`` is a shape on its way through a model together with where it came
from: the declaration that started it and the last layer that changed it.
That history is what lets a finding name both ends of a junction ("LSTM on
line 12 gets (None, 50) from LSTM on line 10").

``apply_layer`` is the one place a layer meets its input, in a Sequential
model or through the functional API; it checks the input rank and computes the
output, and announces on ``ctx.events`` what Keras would refuse.
"""

from __future__ import annotations

import ast
from typing import List, Optional, Tuple, Union

from .layers import (REGISTRY, Layer, LayerArgs, LayerShapeError, LayerSpec, read_str, stateful_layer,
                     where)
from ..core.records import Entity, Record, replace
from ..core.shapes import Shape, const, dims_differ, dims_equal, format_dim, format_shape
from ..core.names import keras_object, keras_path
from ..core.values import Instance, Origin, Ref, Seq, UserClass, Value, fresh_key, unknown


class InputDecl(Record):
    """A declared model input: ``input_shape=`` on a layer, ``Input(shape=)``, ..."""

    __slots__ = FIELDS = ("shape", "node", "text", "arg", "source", "owner", "name")

    def __init__(self, shape: Shape, node: ast.AST, text: str, arg: str,
                 source: Optional[Value] = None, owner: str = "layer", name: Optional[str] = None):
        self.shape = shape      # with the batch axis
        self.node = node        # reported on: the keyword or argument that declares it
        self.text = text        # as written: "input_shape=(10,)"
        self.arg = arg          # input_shape | batch_input_shape | input_dim | shape | batch_shape
        self.source = source    # the declared value, to explain where it came from
        self.owner = owner      # "layer" | "Input" | "InputLayer"
        self.name = name        # an Input's name=, the key of its array in a dict of data

    @property
    def line(self) -> int:
        return self.node.lineno

    @property
    def where(self) -> str:
        return where(self.node)


class Flow(Record):
    """A shape flowing through a model, with its history."""

    __slots__ = FIELDS = ("shape", "decl", "producer", "via", "array", "data_site", "sequences",
                          "stateful", "last_recurrent")

    def __init__(self, shape: Shape, decl: Optional[InputDecl] = None,
                 producer: Optional[Layer] = None, via: Tuple[Layer, ...] = (),
                 array: Optional[Origin] = None, data_site: Optional[ast.AST] = None,
                 sequences: Optional[Layer] = None, stateful: Optional[Layer] = None,
                 last_recurrent: Optional[Layer] = None):
        self.shape = shape
        self.decl = decl
        self.producer = producer        # the last layer that changed the shape
        self.via = via                  # shape-preserving layers passed since
        self.array = array              # an array fed to a layer directly
        self.data_site = data_site      # the data argument a model was built from
        self.sequences = sequences      # the recurrent layer whose timesteps axis this keeps
        self.stateful = stateful        # a stateful recurrent layer passed on the way
        self.last_recurrent = last_recurrent    # the latest recurrent layer passed, for fix hints

    def describe_source(self) -> str:
        if self.producer is not None:
            return self.producer.describe()
        if self.decl is not None:
            return f"{self.decl.text} ({self.decl.where})"
        if self.array is not None:
            return f"the array of {self.array.describe()}"
        return "its input"


class Tensor(Value, Entity):
    """A symbolic tensor of the functional API (``keras.Input(...)`` or a layer's output)."""

    __slots__ = FIELDS = ("flow", "key", "layer", "site", "parents")

    def __init__(self, flow: Flow, key: Optional[tuple] = None, layer: Optional[Layer] = None,
                 site: Optional[ast.AST] = None, parents: Tuple["Tensor", ...] = ()):
        self.flow = flow
        self.key = key if key is not None else fresh_key("tensor")
        # How it was made, for `explain`: the layer applied, where, and to what.
        self.layer = layer
        self.site = site
        self.parents = parents

    def join(self, other: "Tensor", name: str) -> Optional["Tensor"]:
        """One tensor or another (``if training: x = dropout(x)``): when both
        have the same shape it is known, with the history both share."""
        a, b = self.flow, other.flow
        if a.shape is None or a.shape != b.shape:
            return None
        shared = {field: getattr(a, field) if getattr(a, field) == getattr(b, field) else None
                  for field in ("decl", "producer", "array", "data_site", "sequences", "stateful",
                                "last_recurrent")}
        return Tensor(Flow(a.shape, via=a.via if a.via == b.via else (), **shared),
                      parents=(self, other))


class Sequential(Value, Entity):
    __slots__ = FIELDS = ("node", "layers", "out", "decl", "loss", "name")

    def __init__(self, node: ast.AST, layers: Tuple[Value, ...] = (), out: Optional[Flow] = None,
                 decl: Optional[InputDecl] = None, loss: Optional[Value] = None,
                 name: str = "model"):
        self.node = node
        self.layers = layers            # Layer values; Unknown where we lost track
        self.out = out                  # the current output, None when not known
        self.decl = decl
        self.loss = loss
        self.name = name

    @property
    def known(self) -> bool:
        return all(isinstance(layer, Layer) for layer in self.layers)

    def input_flows(self) -> Optional[List[Flow]]:
        if self.decl is None:
            return None
        return [Flow(self.decl.shape, self.decl)]

    def output_flows(self) -> Optional[List[Flow]]:
        return [self.out] if self.out is not None else None

    def join(self, other: "Sequential", name: str) -> "Sequential":
        """Two versions of one Sequential model: keep the common prefix of layers.

        Past the point where they differ we no longer know the model, so its
        output becomes unknown and no rule fires on it.
        """
        common = 0
        for x, y in zip(self.layers, other.layers):
            if x is not y:
                break
            common += 1
        if common == len(self.layers) == len(other.layers) and self.out == other.out:
            return self
        layers = self.layers[:common] + (unknown("layer"),)
        return replace(self, layers=layers, out=None,
                       decl=self.decl if self.decl == other.decl else None,
                       loss=self.loss if self.loss == other.loss else None)


class Functional(Value, Entity):
    """A model of the functional API.  ``input_keys``: the key of each input
    in a dict of data, in the order of ``inputs`` (the dict's keys when the
    model was made from a dict of inputs, the Inputs' ``name=`` otherwise),
    None when some key is not known; ``keyed``: made from a dict of inputs."""

    __slots__ = FIELDS = ("node", "inputs", "outputs", "loss", "name", "input_keys", "keyed")

    def __init__(self, node: ast.AST, inputs: Tuple[Value, ...], outputs: Tuple[Value, ...],
                 loss: Optional[Value] = None, name: str = "model",
                 input_keys: Optional[Tuple[str, ...]] = None, keyed: bool = False):
        self.node = node
        self.inputs = inputs
        self.outputs = outputs
        self.loss = loss
        self.name = name
        self.input_keys = input_keys
        self.keyed = keyed

    def input_flows(self) -> Optional[List[Flow]]:
        if not all(isinstance(t, Tensor) for t in self.inputs):
            return None
        return [t.flow for t in self.inputs]

    def output_flows(self) -> Optional[List[Flow]]:
        if not all(isinstance(t, Tensor) for t in self.outputs):
            return None
        return [t.flow for t in self.outputs]


class ModelClass(UserClass):
    """A class of the user's that subclasses ``keras.Model`` (``kind`` "model"),
    ``keras.layers.Layer`` (``kind`` "layer") or ``keras.utils.Sequence``
    (``kind`` "sequence"): its methods and class
    attributes as a plain class has them, so ``__init__`` and ``call`` can run."""

    __slots__ = ("node", "kind")
    FIELDS = UserClass.FIELDS + ("node", "kind")

    def __init__(self, name: str, node: ast.ClassDef, methods=None, attrs=None, kind: str = "model"):
        super().__init__(name, methods if methods is not None else {}, attrs if attrs is not None else {})
        self.node = node
        self.kind = kind


SEQUENCE_KIND = "sequence"
# The Keras base classes of a batch sequence, under any import spelling
# (``keras.utils.Sequence``, ``tensorflow.keras.utils.data_utils.Sequence``,
# ``keras.utils.PyDataset``, ``tf_keras.utils.Sequence``).
SEQUENCE_BASES = frozenset({"Sequence", "PyDataset"})


def class_kind(bases) -> Optional[str]:
    """"model" for a subclass of ``keras.Model`` (or of the user's own such
    class), "layer" for one of ``keras.layers.Layer``, "sequence" for one of
    ``keras.utils.Sequence``/``PyDataset``, None otherwise.  A class statement
    asks this of every class; only a Keras one loads what models its
    instances (``keras.subclassed``, ``keras.sequences``)."""
    for base in bases:
        if isinstance(base, ModelClass):
            return base.kind
        if is_sequence_base(base):
            return SEQUENCE_KIND
        if isinstance(base, Ref):
            obj = keras_object(base.qualname)
            if obj in ("Model", "Functional"):
                return "model"
            if obj == "Layer":
                return "layer"
    return None


def is_sequence_base(base: Value) -> bool:
    """Is ``base`` Keras's ``Sequence`` or ``PyDataset``?  Only under the
    modules that define them: ``typing.Sequence`` is not one, nor a name
    Keras does not have (``keras.layers.Sequence``)."""
    if not isinstance(base, Ref) or keras_object(base.qualname) not in SEQUENCE_BASES:
        return False
    path = "." + (keras_path(base.qualname) or "")
    return ".utils." in path or ".data_adapters." in path


def is_sequence(value: Optional[Value]) -> bool:
    """An instance of the user's subclass of a Keras batch sequence."""
    return isinstance(value, Instance) and isinstance(value.cls, ModelClass) \
        and value.cls.kind == SEQUENCE_KIND


class Subclassed(Value, Entity):
    """An instance of a ``keras.Model`` subclass.  Its layers are made in
    ``__init__`` (run on ``instance``) and joined in ``call``, which runs when
    the model first gets data it can follow: ``out`` is then what ``call``
    returned, for the per-sample input shape ``built``.  Before that (or when
    ``call`` cannot be followed) its output is unknown, and only what the data
    and the loss say alone is checked."""

    __slots__ = FIELDS = ("node", "loss", "name", "instance", "out", "built")

    def __init__(self, node: ast.AST, loss: Optional[Value] = None, name: str = "model",
                 instance: Optional[Instance] = None, out: Optional[Flow] = None,
                 built: Optional[Tuple] = None):
        self.node = node
        self.loss = loss
        self.name = name
        self.instance = instance
        self.out = out
        self.built = built

    def input_flows(self) -> Optional[List[Flow]]:
        return None

    def output_flows(self) -> Optional[List[Flow]]:
        return [self.out] if self.out is not None else None


class CustomLayer(Value, Entity):
    """An instance of the user's ``keras.layers.Layer`` subclass: what it does
    to a tensor is what its ``call`` does, run on ``instance``."""

    __slots__ = FIELDS = ("node", "instance", "name")

    def __init__(self, node: ast.AST, instance: Instance, name: str = "layer"):
        self.node = node
        self.instance = instance
        self.name = name


Model = Union[Sequential, Functional]


def graph_tensors(model: Functional) -> List[Tensor]:
    """Every tensor between a functional model's inputs and its outputs, once each."""
    stack = [t for t in model.outputs if isinstance(t, Tensor)]
    for t in model.outputs:
        if isinstance(t, Seq):
            stack.extend(x for x in t.items if isinstance(x, Tensor))
    seen, tensors = set(), []
    while stack:
        tensor = stack.pop()
        if id(tensor) in seen:
            continue
        seen.add(id(tensor))
        tensors.append(tensor)
        stack.extend(tensor.parents)
    return tensors


def built_layers(model: Model) -> Optional[Tuple[Value, ...]]:
    """``model.layers``, each layer with the input shape the model built it
    on: a Functional model's when its graph is one chain from its input to
    its output (InputLayer first, as Keras lists it), a Sequential's from its
    declared input (Keras leaves the InputLayer out)."""
    if isinstance(model, Sequential):
        return sequential_built(model)
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        return None
    chain, tensor = [], model.outputs[0]
    while isinstance(tensor, Tensor) and tensor is not model.inputs[0]:
        if tensor.layer is None or len(tensor.parents) != 1:
            return None
        chain.append(tensor)
        tensor = tensor.parents[0]
    if tensor is not model.inputs[0]:
        return None
    layers = [replace(t.layer, built=t.parents[0].flow.shape) for t in reversed(chain)]
    return (unknown("InputLayer"),) + tuple(layers)


def sequential_built(model: Sequential) -> Optional[Tuple[Value, ...]]:
    if model.decl is None:
        return None
    layers, shape = [], model.decl.shape
    for item in model.layers:
        if is_input_item(item):
            continue
        if not isinstance(item, Layer):
            return None
        layers.append(replace(item, built=shape) if shape is not None else item)
        out = item.output_shape(shape) if shape is not None else None
        shape = tuple(out) if out is not None and not isinstance(out, list) else None
    return tuple(layers)


def layer_inputs(tensor: Tensor) -> List[Shape]:
    """The shapes the layer that made ``tensor`` was called on; for a recurrent
    layer the sequence alone (the rest are initial states)."""
    ins = [p.flow.shape for p in tensor.parents]
    if tensor.layer is not None and tensor.layer.recurrent and ins:
        ins = ins[:1]
    return ins


# -- a model used as a layer ----------------------------------------------------------------
# ``encoder(inputs)``, ``Sequential([encoder, decoder])``, ``TimeDistributed(cnn)``: Keras
# calls the inner model like a layer.  It stands in the outer model as a ModelLayer whose
# shape rule is the inner model's: check the input against what the inner model declares,
# then propagate.

NESTED_DEPTH = 8     # models inside models inside models...: deeper is left unknown


class ModelLayer(Layer):
    """A Sequential or Functional model in the place of a layer.

    ``args.values["model"]`` is the model and ``args.values["keras_version"]``
    the Keras its check follows; ``kind`` names it ("model encoder") for
    messages.  Its spec is the model's own shape rule, not the registry's.
    """

    __slots__ = ("depth",)
    FIELDS = Layer.FIELDS + ("depth",)

    def __init__(self, kind: str, args: LayerArgs, node: ast.AST, decl: Optional[object] = None,
                 depth: int = 1):
        super().__init__(kind, args, node, decl)
        self.depth = depth

    @property
    def spec(self) -> Optional[LayerSpec]:
        return NESTED_SPEC

    @property
    def model(self) -> Model:
        return self.args.values["model"]

    def final_layer(self) -> Optional[Layer]:
        """The layer whose output is the model's output, if one is known."""
        outs = self.model.output_flows()
        if outs and len(outs) == 1 and outs[0].producer is not None:
            return outs[0].producer
        layers = getattr(self.model, "layers", ())
        return layers[-1] if layers and isinstance(layers[-1], Layer) else None


def as_layer(model: Model, keras_version: int) -> Optional[ModelLayer]:
    """The model as a layer, or None when it nests too deep to follow."""
    if isinstance(model, Sequential):
        parts = model.layers
    else:
        parts = tuple(t.layer for t in graph_tensors(model))
    depth = 1 + max((item.depth for item in parts if isinstance(item, ModelLayer)), default=0)
    if depth > NESTED_DEPTH:
        return None
    args = LayerArgs({"model": model, "keras_version": keras_version})
    return ModelLayer(f"model {model.name}", args, model.node, depth=depth)


def declared_input(model: Model) -> Optional[Tuple]:
    """The one input shape a model declares (batch axis included), or None."""
    flows = model.input_flows()
    if not flows or len(flows) != 1 or flows[0].shape is None:
        return None
    return tuple(flows[0].shape)


def fit_to_declared(declared: Tuple, shape: Tuple) -> Optional[Tuple]:
    """The shape after Keras's own rank adjustment of a model's input (it adds a
    trailing axis of 1 the declaration has, or drops one it has not), or None
    when the ranks cannot be made to agree."""
    if len(shape) == len(declared):
        return shape
    if len(shape) == len(declared) - 1 and dims_equal(declared[-1], const(1)):
        return shape + (const(1),)
    if len(shape) == len(declared) + 1 and dims_equal(shape[-1], const(1)):
        return shape[:-1]
    return None


def nested_model_output(args: LayerArgs, shape: Tuple, registry=REGISTRY):
    """The output of a model called on ``shape``, as Keras computes it.

    Keras checks the input against the model's declared input (``keras_refuses``):
    Keras 3 when the model is called, Keras 2 (tf_keras) only when it runs, at
    ``fit`` or ``predict``.  Where the ranks differ and no trailing axis of 1
    reconciles them, older Keras 2 ran the layers on what they got without a
    word (keras/examples/mnist_acgan.py relies on it), so in Keras 2 only an
    input of the declared rank is checked.  A Sequential's layers are then run
    again on the input; a Functional model's output is taken as built, so only
    for an input of its declared sizes.
    """
    model = args.values["model"]
    version = args.values.get("keras_version", 3)
    keras3 = version == 3
    declared = declared_input(model)
    if declared is not None:
        fitted = fit_to_declared(declared, shape)
        if (keras3 or fitted is not None) and keras_refuses(declared, shape):
            raise LayerShapeError(f"the model is built for {format_shape(declared)} and Keras "
                                  f"checks a model's input: expected shape="
                                  f"{format_shape(declared)}, found shape={format_shape(shape)}")
        if fitted is None and version != 2:
            return None     # accepted, but what Keras 3 makes of it is not followed
        shape = fitted or shape
    if isinstance(model, Sequential):
        return rerun_layers(model, shape)
    outs = model.output_flows()
    if declared is None or not outs or len(outs) != 1 or outs[0].shape is None \
            or len(declared) != len(shape):
        return None
    if any(a is not None and not dims_equal(a, b) for a, b in zip(declared[1:], shape[1:])):
        return None     # a size the model left open: its output is not followed
    return (shape[0],) + tuple(outs[0].shape[1:])


def keras_refuses(declared: Tuple, shape: Tuple) -> bool:
    """Keras's check of a model's input: an InputSpec of the declared shape
    that allows a last-axis squeeze.  A trailing 1 is dropped from either side,
    then the axes both have are compared in order, the batch axis aside; a
    different rank alone passes."""
    expected, found = list(declared[1:]), list(shape[1:])
    if expected and dims_equal(expected[-1], const(1)):
        expected.pop()
    if found and dims_equal(found[-1], const(1)):
        found.pop()
    return any(dims_differ(a, b) for a, b in zip(expected, found))


def is_input_item(item: Value) -> bool:
    """A Sequential's ``keras.Input(...)`` or ``InputLayer``: it declares the
    input, it is not a layer the data goes through."""
    return isinstance(item, Tensor) or (isinstance(item, Layer) and item.kind == "InputLayer")


def rerun_layers(model: Sequential, shape: Tuple) -> Optional[Tuple]:
    """A Sequential's layers applied to ``shape`` in turn, without reporting:
    a problem inside the inner model is reported where that model is built."""
    layers = list(model.layers)
    if layers and is_input_item(layers[0]):
        layers = layers[1:]
    for layer in layers:
        if not isinstance(layer, Layer):
            return None
        out = layer.output_shape(shape)
        if out is None or isinstance(out, list):
            return None
        shape = tuple(out)
    return shape


NESTED_SPEC = LayerSpec("<model>", (), None, None, nested_model_output)


def apply_layer(ctx, layer: Layer, flow: Flow, site: ast.AST) -> Union[Flow, List[Flow], None]:
    """Feed ``flow`` to ``layer`` at ``site`` (the ``add`` argument or the call
    ``layer(x)``): check the input rank, compute the output.

    Returns the output flow (a list for layers that return several tensors), or
    None when the output is unknown; everything downstream of None stays quiet.
    """
    spec = layer.spec
    if spec is None or flow.shape is None:
        return None
    shape = tuple(flow.shape)
    problem = spec.rank_problem(shape, ctx.keras_version)
    if problem is None and spec.wrapper:
        problem = wrapped_rank_problem(layer, shape)
    if problem is not None:
        ctx.events.rank_refused(ctx, layer, flow, problem, site)
        return None
    ctx.events.layer_receives(ctx, layer, flow)
    mismatch = built_size_mismatch(layer, shape, ctx.keras_version)
    if mismatch is not None:
        ctx.events.shape_refused(ctx, layer, flow, mismatch, site)
        return None
    try:
        out = spec.output(layer.args, shape, REGISTRY)
    except LayerShapeError as error:
        ctx.events.shape_refused(ctx, layer, flow, str(error), site)
        return None
    if out is None:
        return None
    if isinstance(out, list):
        return [successor(flow, layer, s) for s in out]
    if spec.identity or (layer.kind == "Lambda" and tuple(out) == shape):
        # shape-preserving: the shape still comes from what came before
        return replace(flow, shape=out, via=flow.via + (layer,))
    return successor(flow, layer, out)


# Layers whose weights fix the size of the input's last axis once built, and
# which refuse another size when called again: in both Keras versions (Keras 3's
# InputSpec, Keras 2's matrix product), and in Keras 2 alone (Keras 3's
# recurrent layers and LayerNormalization do not check).
FIXED_LAST_AXIS = frozenset({"Dense", "Conv1D", "Conv2D", "Conv3D", "Convolution1D",
                             "Convolution2D", "Convolution3D", "BatchNormalization"})
FIXED_LAST_AXIS_KERAS2 = frozenset({"LSTM", "GRU", "SimpleRNN", "LayerNormalization"})


def built_size_mismatch(layer: Layer, shape: Tuple, keras_version: Optional[int]) -> Optional[str]:
    """A layer taken from a built model (``model.layers[-1]``) called on an
    input whose last axis differs from the one it was built on."""
    built = layer.built
    fixed = FIXED_LAST_AXIS | (FIXED_LAST_AXIS_KERAS2 if keras_version == 2 else frozenset())
    if built is None or layer.kind not in fixed or not built or not shape \
            or read_str(layer.args, "data_format", "channels_last") != "channels_last" \
            or not dims_differ(built[-1], shape[-1]):
        return None
    return (f"it was built on {format_shape(built)} by its model, so its weights take "
            f"{format_dim(built[-1])} features on the last axis, and Keras refuses "
            f"{format_shape(shape)}: expected axis -1 of input shape to have value "
            f"{format_dim(built[-1])}")


def successor(flow: Flow, layer: Layer, shape) -> Flow:
    """The flow out of a layer that changed the shape: it becomes the producer,
    and the history of timesteps and statefulness moves on."""
    if layer.recurrent and layer.returns_sequences():
        sequences = layer
    elif shape is not None and len(shape) >= 3 and len(shape) == len(flow.shape):
        sequences = flow.sequences
    else:
        sequences = None
    stateful = layer if stateful_layer(layer) else flow.stateful
    last_recurrent = layer if layer.recurrent else flow.last_recurrent
    if isinstance(layer, ModelLayer):     # the fix hint may point inside the model
        final = layer.final_layer()
        last_recurrent = final if final is not None and final.recurrent else last_recurrent
    return Flow(shape, flow.decl, layer, data_site=flow.data_site, sequences=sequences,
                stateful=stateful, last_recurrent=last_recurrent)


def wrapped_rank_problem(layer: Layer, shape: Tuple) -> Optional[str]:
    """TimeDistributed hands its inner layer one timestep: check that slice."""
    inner = layer.inner()
    if layer.kind != "TimeDistributed" or inner is None or inner.spec is None:
        return None
    problem = inner.spec.rank_problem((shape[0],) + tuple(shape[2:]))
    if problem is None:
        return None
    return f"its {inner.kind} gets one timestep of shape {(shape[0],) + tuple(shape[2:])}: {problem}"
