"""LST101-LST104 and LST303: the input a layer declares, and its arguments.

LST101/LST102: a declared shape whose rank the first layer refuses
(``report_declared_rank``, when ``checks.rank_refused`` finds that the
wrong rank came straight from the declaration), or a declaration that is the
whole shape of the data fed (``report_whole_shape``).  The rest checks the
values themselves (LST103), declarations Keras ignores (LST104) and
Keras-2-only arguments (LST303).
"""

from __future__ import annotations

import ast
from typing import Optional

from ..core.shapes import const, dims_differ, format_shape, product
from ..core.values import Array, Const, Float, Int, Seq, Value
from ..keras.declarations import shape_from_value
from ..keras.models import where
from .numpy_sizes import keras_error, numpy_sizes
from .wording import AXES, via

UNITS_LAYERS = {"LSTM", "GRU", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU", "Dense", "LSTMCell",
                "GRUCell", "SimpleRNNCell"}

# Arguments Keras 3 removed, and the layers that took them in Keras 2.
KERAS2_ONLY_ARGS = {
    "batch_input_shape": "any",
    "batch_size": "any",
    "input_length": "recurrent",
    "time_major": "recurrent",
}


def check_layer_arguments(ctx, layer) -> None:
    """LST103 on ``units`` and on NumPy integers Keras refuses as sizes, LST303
    on Keras-2-only arguments, LST104 on two declarations of one layer that
    disagree."""
    if layer.kind in UNITS_LAYERS:
        check_units(ctx, layer)
    check_numpy_sizes(ctx, layer)
    if ctx.keras_version == 3 and layer.kind != "InputLayer":
        for arg, applies_to in KERAS2_ONLY_ARGS.items():
            if not layer.args.has(arg) or (applies_to == "recurrent" and not layer.recurrent):
                continue
            report_keras2_argument(ctx, layer, arg)
    check_conflicting_declarations(ctx, layer)


def check_units(ctx, layer) -> None:
    name = "units" if layer.args.has("units") else "output_dim"
    value = layer.args.values.get(name)
    node = layer.args.nodes.get(name)
    if value is None or node is None:
        return
    text = ctx.source(node, 40)
    if isinstance(value, Float):
        shown = f" ({value.value!r})" if value.value is not None else ""
        ctx.report(node, "LST103",
                   f"{layer.kind} ({layer.where}) needs an integer number of units, but "
                   f"{text} is a float{shown}: Keras fails building its weights; "
                   f"use // or int(...)")
    elif isinstance(value, Int) and value.poly.value is not None and value.poly.value <= 0:
        ctx.report(node, "LST103",
                   f"{layer.kind} ({layer.where}) needs a positive number of units, but "
                   f"{text} is {value.poly.value}: Keras rejects it ('expected a positive integer')")


def check_numpy_sizes(ctx, layer) -> None:
    """LST103 on a NumPy integer (``np.max(y) + 1``) where Keras wants a
    Python int: those both Keras refuse, and Keras 3's where it is in use."""
    for arg, node, in_both in numpy_sizes(layer, ctx.keras_version):
        text = ctx.source(getattr(node, "value", node), 40)     # a keyword: its value
        which = "Keras" if in_both else "Keras 3"
        note = "" if in_both else " " + ctx.version_note()
        ctx.report(node, "LST103",
                   f"{layer.kind} ({layer.where}) needs a Python int as {arg}, but {text} is "
                   f"a NumPy integer: {which} raises '{keras_error(layer.kind, arg)}'; "
                   f"use int({text}){note}".rstrip())


def report_keras2_argument(ctx, layer, arg: str) -> None:
    node = layer.args.nodes[arg]
    value = ctx.source(getattr(node, "value", node), 40)
    if arg == "batch_input_shape":
        fix = f"put keras.Input(batch_shape={value}) first in the model instead"
    elif arg == "batch_size":
        fix = "give the batch size to keras.Input(batch_shape=(batch, ...)) first in the model"
    elif arg == "input_length":
        fix = "declare the timesteps in keras.Input(shape=(timesteps, features))"
    else:
        fix = "remove it (Keras 3 RNNs are batch-major)"
    ctx.report(node, "LST303",
               f"{arg}= on {layer.kind} ({layer.where}) is Keras 2 only: Keras 3 raises "
               f"'Unrecognized keyword arguments passed to {layer.kind}'; {fix}, or set "
               f"lstm-keras-version = 2 if this code targets Keras 2 {ctx.version_note()}")


def check_conflicting_declarations(ctx, layer) -> None:
    """``input_shape`` and ``batch_input_shape`` (or ``input_dim``) on one layer
    that disagree: Keras silently uses one of them."""
    args = layer.args
    if not args.has("input_shape"):
        return
    per_sample = shape_from_value(args.values["input_shape"])
    if per_sample is None:
        return
    if args.has("batch_input_shape"):
        # Keras 2 reads batch_input_shape first; Keras 3 rejects it (LST303), so
        # the Keras 2 reading is its author's either way.
        batch = shape_from_value(args.values["batch_input_shape"])
        if batch is not None and shapes_disagree(per_sample, batch[1:]):
            report_two_declarations(ctx, layer, "batch_input_shape", "input_shape")
    if args.has("input_dim") and per_sample:
        dim = args.values["input_dim"]
        if isinstance(dim, Int) and per_sample[-1] is not None and dims_differ(per_sample[-1], dim.poly):
            if ctx.keras_version is None:
                report_version_dependent_declarations(ctx, layer)
            else:
                used, ignored = ("input_dim", "input_shape") if ctx.keras_version == 3 \
                    else ("input_shape", "input_dim")
                report_two_declarations(ctx, layer, used, ignored, ctx.version_note())


def report_version_dependent_declarations(ctx, layer) -> None:
    """input_shape and input_dim that disagree, the version unknown: one of them
    is ignored in either Keras, which one depends on it."""
    node = layer.args.nodes["input_dim"]
    ctx.report(node, "LST104",
               f"{layer.kind} ({layer.where}) declares its input twice and they disagree: "
               f"Keras 2 uses {ctx.source(layer.args.nodes['input_shape'], 40)}, Keras 3 "
               f"{ctx.source(node, 40)}, and the other is silently ignored; keep one")


def report_two_declarations(ctx, layer, used: str, ignored: str, note: str = "") -> None:
    node = layer.args.nodes[ignored]
    ctx.report(node, "LST104",
               f"{layer.kind} ({layer.where}) declares its input twice and they disagree: "
               f"{ctx.source(layer.args.nodes[used], 40)} is used, "
               f"{ctx.source(node, 40)} is silently ignored; keep one{' ' + note if note else ''}")


def shapes_disagree(a, b) -> bool:
    if a is None or b is None:
        return False
    if len(a) != len(b):
        return True
    return any(dims_differ(x, y) for x, y in zip(a, b))


def check_declaration(ctx, decl, layer) -> None:
    """LST103: values Keras cannot build a shape from.

    A float (``n / 2``), a negative number, zero, a bare int instead of a
    tuple, and ``None`` as the features of a recurrent layer.
    """
    value = decl.source
    owner = f"{layer.kind} ({layer.where})" if layer is not None else f"{decl.owner} ({decl.where})"
    if isinstance(value, Int) and decl.owner != "layer":
        # Keras 2's InputLayer reads an int as a 1-tuple; Keras 3 refuses it.
        # Said only where Keras 3 is established: for Keras 2 code the int is right.
        if ctx.keras_version == 3:
            number = decl.text.split("=", 1)[1].strip()
            ctx.report(decl.node, "LST303",
                       f"{decl.text} on {owner} is an int: Keras 2 reads it as ({number},), "
                       f"Keras 3 raises 'Cannot convert ... to a shape'; write "
                       f"{decl.arg}=({number},), or set lstm-keras-version = 2 if this code "
                       f"targets Keras 2 {ctx.version_note()}")
        return
    if isinstance(value, (Int, Float)) and decl.arg != "input_dim":
        example = ctx.source(decl.node, 40).split("=", 1)[-1].strip()
        ctx.report(decl.node, "LST103",
                   f"{decl.text} on {owner} is a number, not a shape: Keras raises "
                   f"'Cannot convert {example!r} to a shape'; write a tuple, e.g. "
                   f"{decl.arg}=({example}, 1)")
        return
    if not isinstance(value, Seq):
        return
    items = value.items
    batched = decl.arg in ("batch_input_shape", "batch_shape")
    for i, item in enumerate(items):
        problem = dimension_problem(item)
        if problem is None and isinstance(item, Const) and item.value is None and \
                i == len(items) - 1 and len(items) > (1 + batched) and layer is not None \
                and layer.recurrent:
            problem = "None as the number of features"
        if problem is None:
            continue
        if decl.arg == "input_length" and problem.startswith("None"):
            ctx.report(decl.node, "LST103",
                       f"{owner} declares {decl.text} without input_dim: Keras 2 builds it for "
                       f"(timesteps, None) and cannot make its weights without the number of "
                       f"features; add input_dim=<features> or use input_shape=(timesteps, features)")
            return
        which = axis_name(i, len(items), batched, layer)
        ctx.report(decl.node, "LST103",
                   f"{decl.text} on {owner} has {problem} as its {which}: "
                   f"{consequence(problem)}")
        return


def axis_name(i: int, count: int, batched: bool, layer) -> str:
    names = ["batch size"] if batched else []
    if layer is not None and layer.recurrent and count - len(names) == 2:
        names += ["timesteps", "features"]
    return names[i] if i < len(names) else f"dimension {i}"


def dimension_problem(item: Value) -> Optional[str]:
    if isinstance(item, Float):
        return "a float" + (f" ({item.value!r})" if item.value is not None else "")
    if isinstance(item, Int) and item.poly.value is not None:
        if item.poly.value < 0:
            return f"a negative number ({item.poly.value})"
        if item.poly.value == 0:
            return "zero"
    return None


def consequence(problem: str) -> str:
    if problem.startswith("a float"):
        return "Keras raises 'Cannot convert ... to a shape'; use // or int(...)"
    if problem.startswith("a negative"):
        return "Keras raises 'Negative dimensions are not allowed'"
    if problem == "zero":
        return "an empty axis: Keras 2 fails at build, Keras 3 fails or trains on nothing"
    return "Keras cannot build the layer's weights without the feature count; give the number"


def check_ignored_declaration(ctx, layer, decl, received) -> None:
    """LST104: a declaration Keras ignores, which disagrees with the shape the
    layer really receives."""
    if received is None or received.shape is None or decl.shape is None:
        return
    if not shapes_disagree(tuple(decl.shape[1:]), tuple(received.shape[1:])):
        return
    if layer.kind == "Flatten" and same_size(tuple(decl.shape[1:]), tuple(received.shape[1:])):
        return      # Flatten(input_shape=(28, 28)) on (28, 28, 1): 784 values either way
    ctx.report(decl.node, "LST104",
               f"{decl.text} on {layer.kind} ({layer.where}) is ignored: the layer receives "
               f"{format_shape(received.shape)} from {received.describe_source()}, not "
               f"{format_shape(decl.shape)}; remove it or make it "
               f"{format_shape(tuple(received.shape[1:]))}")


def same_size(a, b) -> bool:
    """Both per-sample shapes known and holding as many values."""
    size_a, size_b = product(a), product(b)
    return size_a is not None and size_a.value is not None and size_a == size_b


# -- LST101 and LST102: a declared rank the first layer refuses ---------------------------------

def report_declared_rank(ctx, layer, flow, rank: int) -> None:
    decl = flow.decl
    per_sample = tuple(decl.shape[1:])
    needed = rank - 1
    axes = AXES.get(rank, f"{needed} dimensions")
    through = via(flow)
    if len(per_sample) < needed:
        fix = fix_too_few(ctx, decl, per_sample, needed)
        ctx.report(decl.node, "LST101",
                   f"{layer.kind} ({layer.where}) needs a per-sample shape of {axes}, but "
                   f"{decl.text} gives it {format_shape(flow.shape)}{through}: "
                   f"{'the features axis is' if needed == 2 else 'an axis is'} missing; {fix}")
    else:
        fix = fix_too_many(ctx, decl, per_sample, needed)
        ctx.report(decl.node, "LST102",
                   f"{layer.kind} ({layer.where}) needs a per-sample shape of {axes}, but "
                   f"{decl.text} has {len(per_sample)} dimensions {format_shape(per_sample)}"
                   f"{through}: the samples (batch) axis is included; {fix}")


def fix_too_few(ctx, decl, per_sample, needed) -> str:
    if decl.arg == "input_dim" and ctx.keras_version == 3:
        return ("Keras 3 reads input_dim=n as input_shape=(n,); "
                "write input_shape=(timesteps, n) or keras.Input(shape=(timesteps, n)) "
                f"{ctx.version_note()}")
    if needed == 2 and len(per_sample) == 1:
        fixed = per_sample + (const(1),)
        if decl.arg in BATCHED:
            fixed = (decl.shape[0],) + fixed
        return f"for one feature per step use {decl.arg}={format_shape(fixed)}"
    return f"declare all {needed} per-sample dimensions"


BATCHED = ("batch_input_shape", "batch_shape")


def fix_too_many(ctx, decl, per_sample, needed) -> str:
    value = getattr(decl.node, "value", None)
    if isinstance(value, ast.Attribute) and value.attr == "shape":
        return f"use {decl.arg}={ast.unparse(value)}[1:]"
    if decl.arg in BATCHED:
        return f"{decl.arg} is (batch, {AXES.get(needed + 1, '...')[1:-1]}): drop the extra axis"
    if len(per_sample) == needed + 1:
        # keras.Input(batch_shape=...) works in both versions (SEMANTICS st11)
        spelled = "batch_input_shape=..." if ctx.keras_version == 2 else "keras.Input(batch_shape=...)"
        return (f"drop the first axis, {decl.arg}={format_shape(per_sample[1:])}, or fix the "
                f"batch size with {spelled}")
    return f"declare only the {needed} per-sample dimensions"


def report_whole_shape(ctx, decl, x: Array, x_node) -> None:
    name = ctx.source(x_node, 30)
    ctx.report(decl.node, "LST102",
               f"{decl.text} is the whole shape of {name}, samples included: {name} is "
               f"{format_shape(x.shape)} and is given to the model on {where(x_node)}, so the "
               f"model expects {len(x.shape) + 1}-D batches; use {decl.arg}={name}.shape[1:]")
