"""LST201-LST207: the arrays made for a model, and where they meet it.

``check_data_call`` is the junction of ``fit``/``predict``/``evaluate``/...
and ``model(X)``: it adjusts the data's rank the way Keras does (a missing
trailing axis of 1 is added, a trailing 1 too many dropped: SEMANTICS surprise
1), then compares what is left with the model's declared input.  Keras 3
Sequential models do not check timesteps (surprise 4), so a timesteps-only
mismatch is reported only where Keras checks it.
"""

from __future__ import annotations

import ast
import re
from typing import Optional

from ..keras.data_calls import PREDICTING
from ..keras.layers import where
from ..keras.models import Functional, Layer, Sequential, Tensor
from ..libs.arrays import ShapeInt
from . import containers, declared as declared_rules
from ..core.shapes import const, dims_differ, dims_equal, format_dim, format_shape, product
from ..core.values import Array, Mapping, Seq, Value


# -- LST201 and LST204: NumPy's own errors ---------------------------------------------------

def report_reshape(ctx, node: ast.Call, array: Value, array_node, dims, problem: str) -> None:
    target = "(" + ", ".join(format_dim(d) if not isinstance(d, float) else repr(d) for d in dims) \
        + ("," if len(dims) == 1 else "") + ")"
    what = ctx.source(array_node, 30) if array_node is not None else "the array"
    shape = ""
    if isinstance(array, Array) and array.shape is not None:
        shape = f" {what} is {format_shape(array.shape)}"
        if array.origin is not None:
            shape += f" ({array.origin.describe()})"
        shape += ";"
    if "float" in problem:
        fix = "use // or int(...) for the dimensions"
    else:
        fix = "keep the element count and use at most one -1"
    ctx.report(node, "LST201", f"reshape of {what} to {target} cannot work:{shape} {problem}; {fix}")


def report_shape_index(ctx, node: ast.Subscript, array: Array, name: str, index: int) -> None:
    origin = f" ({array.origin.describe()})" if array.origin is not None else ""
    ctx.report(node, "LST204",
               f"{name}.shape[{index}] is out of range: {name} is {len(array.shape)}-D "
               f"{format_shape(array.shape)}{origin}, so Python raises IndexError; "
               f"reshape it to {index + 1}-D first or index an axis it has")


# -- where data meets a model --------------------------------------------------------------------

def input_reported(ctx, model) -> bool:
    """Has the model's input declaration a finding of its own?  Then checking
    data against it would only repeat the same mistake in other words.  A
    Keras-2 spelling (LST303) does not count: the batch or length it declares
    is still its author's intent; nor does a missing return_sequences=True
    (LST401) on the first layer, which is about its output."""
    if isinstance(model, Functional):
        return any(isinstance(t, Tensor) and t.flow.decl is not None
                   and ctx.has_finding_in(t.flow.decl.node) for t in model.inputs)
    first = model.layers[0] if isinstance(model, Sequential) and model.layers else None
    if isinstance(first, Layer):
        node = first.node
    elif isinstance(first, Tensor) and first.flow.decl is not None:
        node = first.flow.decl.node
    else:
        return False
    return ctx.has_finding_in(node, ignoring=DECLARATION_NEUTRAL)


DECLARATION_NEUTRAL = ("LST303", "LST401")


def check_data_call(ctx, model, call, flows) -> None:
    """The data rules at one call; ``flows`` are the model's input flows
    (one per input) when they are known."""
    x, x_node, y, y_node = call.x, call.x_node, call.y, call.y_node
    if x is None:
        return
    several = containers.several_inputs_message(ctx, model, call, flows) \
        or containers.input_count_message(ctx, model, call, flows) \
        or containers.input_order_message(ctx, model, call, x, x_node, flows)
    if several is not None:
        ctx.report(x_node, "LST202", several)
        return
    if isinstance(x, Mapping) and missing_keys_reported(ctx, model, call, x, x_node):
        return
    if flows is not None:
        for array, array_node, flow in pair_inputs(x, x_node, flows, input_keys(model)):
            check_input(ctx, model, call, array, array_node, flow)
    if y is not None and isinstance(x, Array) and isinstance(y, Array):
        check_cardinality(ctx, call, x, x_node, y, y_node)
    else:
        check_inputs_cardinality(ctx, call, model_arrays(model, x, x_node, flows), y, y_node)
    if call.validation is not None:
        check_validation(ctx, model, call, flows)


def check_validation(ctx, model, call, flows) -> None:
    """``validation_data=``: the same checks as for the training data, on the
    validation argument.  Keras runs them at the end of the first epoch."""
    vx, vx_node, vy, vy_node = call.validation
    if isinstance(vx, Mapping) and missing_keys_reported(ctx, model, call, vx, vx_node):
        return
    if flows is not None:
        for array, array_node, flow in pair_inputs(vx, vx_node, flows, input_keys(model)):
            check_input(ctx, model, call, array, array_node, flow, batched=call.validation_batched)
    if isinstance(vx, Array) and isinstance(vy, Array):
        check_cardinality(ctx, call, vx, vx_node, vy, vy_node)
    else:
        check_inputs_cardinality(ctx, call, model_arrays(model, vx, vx_node, flows), vy, vy_node)


def input_keys(model):
    """The key of each input in a dict of data, or None when not all are known."""
    return model.input_keys if isinstance(model, Functional) else None


def pair_inputs(x: Value, x_node, flows, keys=None):
    """Data arrays matched with the model's inputs: one array for a
    single-input model, a list of as many arrays as the model has inputs,
    or a dict of arrays keyed by the inputs' names (``keys``)."""
    if isinstance(x, Mapping):
        if keys is None or len(keys) != len(flows):
            return []
        given = [(x.get(key), item_node(x_node, key), flow) for key, flow in zip(keys, flows)]
        return [(a, n, f) for a, n, f in given if isinstance(a, Array)]
    if len(flows) == 1 and isinstance(x, Array):
        return [(x, x_node, flows[0])]
    if isinstance(x, Seq) and len(x.items) == len(flows):
        nodes = x_node.elts if isinstance(x_node, (ast.List, ast.Tuple)) \
            and len(x_node.elts) == len(flows) else [x_node] * len(flows)
        return [(a, n, f) for a, n, f in zip(x.items, nodes, flows) if isinstance(a, Array)]
    return []


def check_input(ctx, model, call, x: Array, x_node, flow, batched: Optional[bool] = None) -> None:
    """One array against one input of the model.  Findings go on the data
    argument (RULES.md: where the fix goes); the message names the model's
    declaration.  ``batched``: the array comes from a stream of batches
    (the call's own data when None)."""
    method, site = call.method, x_node
    ref = flow.shape
    shape = x.shape
    if ref is None or shape is None or flow.decl is None:
        return
    if declared_as_whole_shape(flow.decl, x):
        declared_rules.report_whole_shape(ctx, flow.decl, x, x_node)
        return
    ref = tuple(ref)
    per_sample = tuple(ref[1:])
    if x.kind == "element":
        if len(shape) == len(per_sample):
            report_unbatched(ctx, model, call, x, x_node, flow)
        return
    rank, ref_rank = len(shape), len(ref)
    single = rank == ref_rank - 1 and all_equal(shape, per_sample)
    if single and method in PREDICTING:
        report_single_sample(ctx, site, model, x, x_node, flow)
        return
    if rank == ref_rank + 1:
        if shape[-1].value is None:
            return                                       # it may be a 1 that Keras squeezes
        if shape[-1].value == 1:
            shape = shape[:-1]                           # Keras squeezes a trailing 1
    elif rank == ref_rank - 1:
        if lacks_time_axis(shape, ref):
            report_missing_time_axis(ctx, site, model, x, x_node, flow)
            return
        if ref[-1] is None or ref[-1].value is None:
            return                                       # it may be a 1 that Keras adds
        if ref[-1].value == 1:
            shape = tuple(shape) + (const(1),)           # Keras adds the missing axis of 1
    if len(shape) != ref_rank:
        report_rank(ctx, site, model, x, x_node, flow,
                    call.from_batches if batched is None else batched)
        return
    check_dimensions(ctx, site, model, x, x_node, flow, tuple(shape), method)


def lacks_time_axis(shape, ref) -> bool:
    """Frames without their sequence: a model of (samples, timesteps, *frame)
    (TimeDistributed over images, ConvLSTM2D) given (samples, *frame).

    Only where the frame has two axes or more and the data is exactly one
    frame per sample; and not where Keras's own added trailing axis of 1
    would make the data fit (an LSTM of input_shape=(1, 1) given (N, 1))."""
    if len(ref) < 4 or not all_equal(tuple(shape[1:]), tuple(ref[2:])):
        return False
    return not all_equal(tuple(shape[1:]) + (const(1),), tuple(ref[1:]))


def report_missing_time_axis(ctx, site, model, x: Array, x_node, flow) -> None:
    ref = flow.shape
    name = ctx.source(x_node, 30)
    if not re.fullmatch(r"[\w.]+", name):
        name = "x"                       # an expression: too long to repeat in the fix
    steps = format_dim(ref[1]) if ref[1] is not None else "timesteps"
    ctx.report(site, "LST202",
               f"{describe_model(model, flow)} but {describe_data(ctx, x, x_node)}: one frame per "
               f"sample, no timesteps axis; give each sample its sequence of frames, e.g. "
               f"{name}.reshape(({name}.shape[0], {steps}, "
               f"{', '.join(format_dim(d) for d in ref[2:])}))")


def report_unbatched(ctx, model, call, x: Array, x_node, flow) -> None:
    """``fit(tf.data.Dataset.from_tensor_slices((X, y)))`` without ``.batch()``."""
    method = call.method
    ref = flow.shape
    name = ctx.source(x_node, 30)
    if ref[-1] is not None and ref[-1].value == 1 and len(ref) >= 3:
        effect = (f"Keras reads each as {format_dim(x.shape[0])} samples of "
                  f"{format_shape(tuple(x.shape[1:]) + (const(1),))} and runs silently on the "
                  f"wrong data")
    else:
        effect = "Keras raises 'Invalid input shape' (the batch axis is missing)"
    ctx.report(x_node, "LST202",
               f"{describe_model(model, flow)} but {name} is not batched: {method} takes each "
               f"element, one sample of {format_shape(x.shape)}, as a batch; {effect}; "
               f"batch it: {name}.batch(32)")


def declared_as_whole_shape(decl, x: Array) -> bool:
    """``input_shape=X.shape`` and then ``fit(X, ...)``: the declaration holds
    the samples axis of the very array that is fed, whatever its rank."""
    source = decl.source
    array = getattr(source, "array", None)
    return decl.arg in ("input_shape", "shape") and array is not None and array.key == x.key


def all_equal(a, b) -> bool:
    return len(a) == len(b) and all(dims_equal(x, y) or (y is not None and x == y) for x, y in zip(a, b))


def describe_data(ctx, x: Array, x_node) -> str:
    text = ctx.source(x_node, 40) if x_node is not None else "the data"
    out = f"{text} is {format_shape(x.shape)}"
    if x.origin is not None:
        out += f" ({x.origin.describe()})"
    return out


def describe_model(model, flow) -> str:
    decl = flow.decl
    where = f"{decl.text} on {decl.where}" if decl.owner != "data" else \
        f"the data it was first given on {decl.where}"
    return f"{model.name} expects {expected_shape(flow.shape)} ({where})"


def expected_shape(ref) -> str:
    inner = ", ".join(["samples"] + [format_dim(d) for d in ref[1:]])
    return f"({inner})"


def report_rank(ctx, site, model, x: Array, x_node, flow, batched: bool = False) -> None:
    ref = flow.shape
    fix = ""
    per_sample = product(ref[1:]) if all(d is not None for d in ref[1:]) else None
    data_total = product(x.shape[1:]) if x.shape else None
    same_values = per_sample is not None and data_total is not None \
        and dims_equal(per_sample, data_total)
    if same_values and batched:
        # a generator, Sequence or dataset: the reshape belongs where each batch is made
        fix = (f"; reshape each batch where it is made to "
               f"(batch, {', '.join(format_dim(d) for d in ref[1:])})")
    elif same_values:
        name = ctx.source(x_node, 30)
        fix = (f"; reshape it with {name}.reshape(({name}.shape[0], "
               f"{', '.join(format_dim(d) for d in ref[1:])}))")
    elif per_sample is not None and len(x.shape) < len(ref) - 1 \
            and dims_equal(per_sample, product(x.shape)):
        # as many values as one sample holds: most likely one sample, flattened
        name = ctx.source(x_node, 30)
        fix = (f"; one sample? reshape it with {name}.reshape((1, "
               f"{', '.join(format_dim(d) for d in ref[1:])}))")
    elif len(x.shape) < len(ref):
        fix = f"; it needs {len(ref)} dimensions, it has {len(x.shape)}"
    else:
        fix = f"; it has {len(x.shape)} dimensions, the model takes {len(ref)}"
    ctx.report(site, "LST202",
               f"{describe_model(model, flow)} but {describe_data(ctx, x, x_node)}{fix}")


def report_single_sample(ctx, site, model, x: Array, x_node, flow) -> None:
    name = ctx.source(x_node, 30)
    ref = flow.shape
    silent = ref[-1] is not None and ref[-1].value == 1 and len(ref) >= 3
    if silent:
        effect = (f"Keras silently reads it as {format_dim(x.shape[0])} samples of "
                  f"{format_shape(tuple(x.shape[1:]) + (const(1),))} and returns "
                  f"{format_dim(x.shape[0])} predictions instead of 1")
    else:
        effect = "Keras raises 'Invalid input shape' (the batch axis is missing)"
    fix = f"{name[:-3]}[0:1]" if name.endswith("[0]") else f"{name}[np.newaxis]"
    ctx.report(site, "LST206",
               f"{describe_model(model, flow)} but {describe_data(ctx, x, x_node)}: one sample "
               f"without its batch axis; {effect}; pass {fix}")


def check_dimensions(ctx, site, model, x: Array, x_node, flow, shape, method: str = "fit") -> None:
    """Same rank after Keras's adjustment: compare the per-sample dimensions."""
    ref = tuple(flow.shape)
    data, declared = shape[1:], ref[1:]
    if not declared:
        return
    features_differ = dims_differ(data[-1], declared[-1])
    samples = shape[0]
    middle = [i for i in range(len(declared) - 1) if dims_differ(data[i], declared[i])
              or took_sample_count(declared[i], data[i], samples)]
    timesteps_checked = ctx.keras_version == 2 or (model_is_functional(model)
                                                   and method not in UNCHECKED_STEPS_KERAS3)
    if not features_differ and not (middle and timesteps_checked):
        return
    decl = flow.decl
    if len(declared) == 2 and dims_equal(data[0], declared[1]) and dims_equal(data[1], declared[0]) \
            and features_differ:
        message = (f"{describe_model(model, flow)} but {describe_data(ctx, x, x_node)}: timesteps "
                   f"and features are swapped; declare {decl.arg}="
                   f"{format_shape(tuple(data))} or transpose the data")
    elif decl.arg == "input_length" and len(declared) == 1:
        message = (f"{describe_model(model, flow)} but {describe_data(ctx, x, x_node)}: sequences "
                   f"of {format_dim(data[0])} ids against input_length={format_dim(declared[0])}; "
                   f"make them agree (pad_sequences(..., maxlen={format_dim(declared[0])}) or "
                   f"input_length={format_dim(data[0])})")
    elif sample_count_as_axis(decl, x):
        message = (f"{describe_model(model, flow)} but {describe_data(ctx, x, x_node)}: "
                   f"{decl.text} uses the sample count as an axis; declare the per-sample "
                   f"shape, {decl.arg}={format_shape(tuple(data))}")
    elif features_differ:
        message = (f"{describe_model(model, flow)} but {describe_data(ctx, x, x_node)}: "
                   f"{plural(declared[-1], 'feature')} declared, {format_dim(data[-1])} given; "
                   f"declare {decl.arg}={format_shape(tuple(data))} "
                   f"or give the data {format_dim(declared[-1])} features")
    else:
        i = middle[0]
        message = (f"{describe_model(model, flow)} but {describe_data(ctx, x, x_node)}: axis "
                   f"{i + 1} is {format_dim(data[i])}, {format_dim(declared[i])} declared "
                   f"({timesteps_checker(ctx)})")
    ctx.report(site, "LST203", message)


def timesteps_checker(ctx) -> str:
    """Who checks the timesteps axis: Keras 2 everywhere, Keras 3 in functional
    models only (SEMANTICS rule 7); for Keras 2, on what evidence."""
    if ctx.keras_version == 2:
        return f"Keras 2 checks it; Keras 2: {ctx.keras_reason}"
    return "Keras 2 and Keras 3 functional models check it"


def plural(d, word: str) -> str:
    return f"{format_dim(d)} {word}{'' if d is not None and d.value == 1 else 's'}"


def took_sample_count(declared, data, samples) -> bool:
    """A declared axis that is the data's sample count (``X.shape[0]``, or
    ``len(X)``) where the data has some other size: it is the size of the
    whole data set, not of one sample's axis, unless the data is one sample."""
    return declared is not None and declared.value is None and dims_equal(declared, samples) \
        and not dims_equal(data, samples)


def sample_count_as_axis(decl, x: Array) -> bool:
    """``input_shape=(X.shape[0], ...)``: the declaration took X's sample count."""
    items = getattr(decl.source, "items", ())
    if any(isinstance(item, ShapeInt) and item.axis == 0 for item in items):
        return True
    return any(d is not None and d.value is None and x.shape and dims_equal(x.shape[0], d)
               for d in (decl.shape or ())[1:])


# Keras 3's predict and predict_on_batch run a functional model on any number of
# timesteps; fit, evaluate, the *_on_batch of training and model(x) check them.
UNCHECKED_STEPS_KERAS3 = frozenset({"predict", "predict_on_batch"})


def model_is_functional(model) -> bool:
    return isinstance(model, Functional)


def check_cardinality(ctx, call, x: Array, x_node, y: Array, y_node) -> None:
    if not x.shape or not y.shape or not dims_differ(x.shape[0], y.shape[0]):
        return
    ctx.report(x_node, "LST205",
               f"x and y have different sample counts: {describe_data(ctx, x, x_node)}, "
               f"{describe_data(ctx, y, y_node)}; Keras raises 'Data cardinality is ambiguous'")


def item_node(dict_node, key: str):
    """Where the array of ``key`` is written in a dict literal; for a dict
    made elsewhere, the whole argument, named ``data['a']`` in messages."""
    if isinstance(dict_node, ast.Dict):
        for k, v in zip(dict_node.keys, dict_node.values):
            if isinstance(k, ast.Constant) and k.value == key:
                return v
    if dict_node is None:
        return None
    site = ast.Subscript(value=dict_node, slice=ast.Constant(key), ctx=ast.Load())
    ast.copy_location(site, dict_node)
    site.written = f"{dict_name(dict_node)}[{key!r}]"
    return site


def dict_name(node) -> str:
    """A short text for the dict argument: its name, or "x" for an expression."""
    return node.id if isinstance(node, ast.Name) else "x"


# Where a key missing from a dict of data raises in Keras 2 and Keras 3 alike
# (Keras 3's predict may still match a dict of as many arrays by position),
# and where the arrays' sample counts are compared.
KEYED_METHODS = frozenset({"fit", "evaluate"})


def missing_keys_reported(ctx, model, call, x: Mapping, x_node) -> bool:
    """LST207: a dict of data without the key of one of the model's inputs.
    Both Kerases raise 'Missing data for input "b"' in fit and evaluate; a
    key more than the model has is ignored, so it is never reported."""
    keys = input_keys(model)
    if keys is None or call.method not in KEYED_METHODS or x_node is None:
        return False
    missing = [key for key in keys if key not in x.keys]
    if not missing:
        return False
    given = ", ".join(repr(k) for k in x.keys) or "no keys"
    extra = [k for k in x.keys if k not in keys]
    hint = f" ({', '.join(repr(k) for k in extra)} is not one of them)" if extra else ""
    ctx.report(x_node, "LST207",
               f"{ctx.source(x_node, 30)} has keys {given}{hint}, but {model.name} "
               f"({where(model.node)}) takes the input{'s' if len(keys) > 1 else ''} "
               f"{', '.join(repr(k) for k in keys)}: Keras "
               f"raises 'Missing data for input \"{missing[0]}\"'; give an array for "
               f"{', '.join(repr(k) for k in missing)}, keyed by its Input's name")
    return True


def model_arrays(model, x: Value, x_node, flows):
    """(array, node) of each input of a model of several inputs: a dict's
    arrays under the model's input keys (the keys it does not take are left
    out: what Keras does with them is not measured), or a list of exactly as
    many arrays as the model has inputs."""
    if isinstance(x, Mapping):
        keys = input_keys(model)
        if keys is None:
            return []
        return [(x.get(k), item_node(x_node, k)) for k in keys if isinstance(x.get(k), Array)]
    if flows is not None and len(flows) >= 2:
        return [(a, n) for a, n, _ in pair_inputs(x, x_node, flows)]
    return []


def check_inputs_cardinality(ctx, call, arrays, y, y_node) -> None:
    """LST205 for the arrays of a model of several inputs: each of them, and
    ``y``, must hold as many samples (Keras raises 'Data cardinality is
    ambiguous' in fit and evaluate)."""
    if call.method not in KEYED_METHODS:
        return
    arrays = [(a, n) for a, n in arrays if a.shape]
    if isinstance(y, Array) and y.shape:
        arrays.append((y, y_node))
    first, first_node = arrays[0] if arrays else (None, None)
    for array, node in arrays[1:]:
        if dims_differ(first.shape[0], array.shape[0]):
            ctx.report(node if node is not y_node else first_node, "LST205",
                       f"the arrays of one {call.method} have different sample counts: "
                       f"{describe_data(ctx, first, first_node)}, {describe_data(ctx, array, node)}; "
                       f"Keras raises 'Data cardinality is ambiguous'")
            return


def report_data_rank(ctx, layer, flow, problem: str) -> None:
    """A model that declares no input is built from the data: when the data's
    rank is what breaks it, the data is what to fix (LST202)."""
    decl = flow.decl
    source = decl.source
    data = decl.text
    if getattr(source, "shape", None) is not None:
        data = f"{decl.text} of shape {format_shape(source.shape)}"
        if getattr(source, "origin", None) is not None:
            data += f" ({source.origin.describe()})"
    if flow.producer is not None:
        hint = "; after an Embedding the data is 2-D (samples, timesteps) of integer ids"
        ctx.report(flow.data_site, "LST202",
                   f"{layer.describe()} gets {format_shape(flow.shape)} from "
                   f"{flow.producer.describe()} when the model is built from {data}{hint}")
        return
    ctx.report(flow.data_site, "LST202",
               f"the model declares no input, so Keras builds it from {data}, and its first layer "
               f"{layer.describe()} cannot take it ({problem}); reshape the data or declare the "
               f"input")
