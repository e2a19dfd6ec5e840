"""LST401, LST402 and LST405: shapes through the layer stack.

* LST401: a recurrent layer fed by a recurrent layer without
  ``return_sequences=True``, reported on the layer that lacks it;
* LST402: a layer whose propagated input has the wrong rank or size, a merge
  that cannot work, states passed on as inputs, an ``initial_state`` of the
  wrong count or units; reported on the layer that receives it;
* LST405: a layer's own weights given at construction (``Embedding(...,
  weights=[matrix])``) in a shape the layer does not make.

Which family a refused rank belongs to is decided in ``rules.checks``: a
declaration's rank is the declared family's (LST101/LST102), data's rank the
data family's (LST202).
"""

from __future__ import annotations

from ..keras.layers import NO_ROOM, folded_axes, positional_strides, read_dim, units_of
from ..keras.models import Tensor, where
from ..core.shapes import const, dims_differ, format_shape
from ..core.values import Array, Seq
from .wording import AXES, via


def expected_input(spec, keras_version: int = 3) -> str:
    lo, hi = spec.min_rank, spec.max_rank
    if keras_version == 3 and spec.max_rank_keras3 is not None:
        hi = spec.max_rank_keras3
    if spec.recurrent and lo == hi:
        return f"{lo}-D input (batch, {AXES[lo][1:-1]})" if lo in AXES else f"{lo}-D input"
    if lo == hi:
        return f"{lo}-D input"
    if hi is None:
        return f"input with at least {lo} dimensions"
    return f"input with {lo} to {hi} dimensions"


def report_wrong_rank(ctx, layer, flow, problem: str, site) -> None:
    """LST402: a rank the layer refuses, from anything but a declaration or data."""
    extra = declared_extra_axes(flow)
    if extra:
        report_declared_extra_axes(ctx, layer, flow, extra, problem, site)
        return
    spec = layer.spec
    ctx.report(site, "LST402",
               f"{layer.kind} ({where(site)}) needs {expected_input(spec, ctx.keras_version)} but "
               f"gets {format_shape(flow.shape)} from {flow.describe_source()}{via(flow)} "
               f"({problem}){rank_hint(layer, flow, len(flow.shape))}")


def rank_hint(layer, flow, rank: int) -> str:
    """What usually fixes a rank mismatch, from where the shape came from."""
    spec, producer, last = layer.spec, flow.producer, flow.last_recurrent
    if rank == 2 and (spec.min_rank or 0) >= 3 and last is not None \
            and last.returns_sequences() is False:
        return f"; add return_sequences=True on {last.where}"
    if producer is not None and producer.recurrent and producer.returns_sequences() \
            and spec.max_rank == 2:
        return f"; {producer.kind} on {producer.where} has return_sequences=True"
    if producer is not None and producer.kind == "Embedding" and rank >= 4:
        return "; the Embedding got 3-D data: give it 2-D (samples, timesteps) integer ids"
    if spec.max_rank_keras3 is not None and rank == spec.max_rank_keras3 + 1:
        return (f"; for a sequence of frames wrap it: TimeDistributed({layer.kind}(...))")
    if producer is None and flow.decl is not None and rank == (spec.min_rank or 0) - 1:
        return (f"; add the channels axis, e.g. "
                f"{flow.decl.arg}={format_shape(tuple(flow.shape[1:]) + (const(1),))}")
    return ""


def report_missing_return_sequences(ctx, layer, flow) -> None:
    producer = flow.producer
    if producer is layer:
        source = (f"the same {layer.kind} ({layer.where}) is applied to its own output "
                  f"{format_shape(flow.shape)}{via(flow)}: it returns only its last output")
    elif producer.node is layer.node:
        source = (f"{layer.kind} ({layer.where}), made again on each pass of the loop, gets "
                  f"{format_shape(flow.shape)} from the one the previous pass made, which returns "
                  f"only its last output{via(flow)}")
    else:
        source = (f"{layer.kind} ({layer.where}) gets {format_shape(flow.shape)} from "
                  f"{producer.describe()}, which returns only its last output{via(flow)}")
    ctx.report(producer.node, "LST401",
               f"{source}; add return_sequences=True on {producer.where}")


def report_shape_error(ctx, layer, flow, detail: str, site) -> None:
    extra = declared_extra_axes(flow)
    if extra:
        report_declared_extra_axes(ctx, layer, flow, extra, detail, site)
        return
    if detail.endswith(NO_ROOM) and positional_strides(flow.producer) is not None \
            and not folded_axes(flow.producer, flow.shape):
        # (with folded axes, the axis that has no room may be one the fold squeezed, not the strides)
        report_shrunk_by_positional_strides(ctx, layer, flow, detail, site)
        return
    ctx.report(site, "LST402",
               f"{layer.kind} ({where(site)}) cannot take {format_shape(flow.shape)} from "
               f"{flow.describe_source()}{via(flow)}: {detail}"
               f"{rank_hint(layer, flow, len(flow.shape))}")


def declared_extra_axes(flow) -> int:
    """The extra batch axes a Keras 2 convolution read in ``flow`` (its producer
    folds them: tf_keras's Conv1D/2D/3D), when they come from the model's
    declared input: 0 otherwise."""
    extra = folded_axes(flow.producer, flow.shape)
    decl = flow.decl
    if not extra or decl is None or decl.shape is None or len(decl.shape) != len(flow.shape):
        return 0
    return extra


def report_declared_extra_axes(ctx, layer, flow, extra: int, detail: str, site) -> None:
    """A declared input with more axes than the convolution it feeds takes.
    Keras 3 refuses it at that convolution; Keras 2 takes the extra leading axes
    for batch axes and fails further on, where ``layer`` cannot take its input.
    Either way the fix is the declaration (or the data it was read from), so it
    is reported there; the message names the layer where Keras 2 raises.
    ``extra``: ``declared_extra_axes(flow)``, which the caller has read."""
    decl, producer = flow.decl, flow.producer
    axes = "1 axis" if extra == 1 else f"{extra} axes"
    leading = "the extra leading axis" if extra == 1 else f"the {extra} extra leading axes"
    takes = AXES_TAKEN.get(producer.spec.max_rank_keras3, "its per-sample axes")
    ctx.report(decl.node, "LST402",
               f"{decl.text} ({decl.where}) declares {format_shape(tuple(decl.shape[1:]))} per sample, "
               f"{axes} more than {producer.kind} takes {takes}: Keras 3 refuses it there, Keras 2 "
               f"reads {leading} as batch and then {layer.kind} ({where(site)}) cannot take "
               f"{format_shape(flow.shape)} from {producer.describe()}{via(flow)}: {detail}; declare "
               f"{takes} and give the data that shape{samples_hint(decl)}")


def samples_hint(decl) -> str:
    """``input_shape=X.shape`` most often holds the samples axis: name the usual fix."""
    written = decl.text.split("=", 1)[-1]
    if not (written.endswith(".shape") and written[:-len(".shape")].isidentifier()):
        return ""     # images[0].shape is one sample's shape already
    return f" ({decl.arg}={written}[1:] if its first axis counts samples)"


# What a convolution takes per sample, by its full rank in Keras 3.
AXES_TAKEN = {3: "(steps, channels)", 4: "(rows, cols, channels)", 5: "(depth, rows, cols, channels)"}


def report_shrunk_by_positional_strides(ctx, layer, flow, detail: str, site) -> None:
    """A window with no room left, right after a convolution written in Keras 1's
    ``Convolution2D(filters, rows, cols)`` form: its third argument is strides
    since Keras 2, and that is what shrank the image.  Reported on that argument,
    where the fix goes; the message names the layer that has no room."""
    producer = flow.producer
    kernel, strides = positional_strides(producer)
    text = ctx.source(producer.node, 60)
    ctx.report(producer.args.nodes["strides"], "LST402",
               f"{text} ({producer.where}) reads its third argument as strides={strides} (in Keras 1 "
               f"it was the kernel's columns), so it divides each axis of the image by {strides}, "
               f"and {layer.kind} ({where(site)}) cannot take {format_shape(flow.shape)}{via(flow)}: "
               f"{detail}; give the kernel as one argument, kernel_size=({kernel}, {strides}) "
               f"(strides={strides} as a keyword if it is meant)")


def check_unpacked_states(ctx, layer, tensors, site) -> None:
    """``x = LSTM(32, return_state=True)(inputs); Dense(1)(x)``: the layer gets
    the output and the states as a list, and takes only one tensor."""
    spec = layer.spec
    if spec is None or spec.recurrent:
        return   # an RNN may take [inputs, *initial_states]
    producers = {id(t.flow.producer) for t in tensors}
    producer = tensors[0].flow.producer
    if len(producers) != 1 or producer is None or not producer.recurrent:
        return
    ctx.report(site, "LST402",
               f"{layer.kind} ({where(site)}) takes one tensor but gets the "
               f"{len(tensors)} that {producer.describe()} returns with return_state=True "
               f"(its output and its states); unpack them, e.g. "
               f"out, *states = {producer.kind}(...)(...), and pass out on")


def report_merge_error(ctx, layer, flows, detail: str, site) -> None:
    sources = ", ".join(f"{format_shape(f.shape)} from {f.describe_source()}" for f in flows)
    ctx.report(site, "LST402",
               f"{layer.kind} ({where(site)}) cannot merge {sources}: {detail}")


def check_initial_state(ctx, layer, states, site) -> None:
    """``initial_state=[h, c]`` must hold as many tensors as the layer has
    states, each of (batch, units)."""
    kind = layer.kind
    count = {"LSTM": 2, "CuDNNLSTM": 2, "GRU": 1, "CuDNNGRU": 1, "SimpleRNN": 1}.get(kind)
    units = units_of(layer.args)
    if count is None or units is None or not all(isinstance(t, Tensor) for t in states):
        return
    flows = [t.flow for t in states]
    wanted = f"{count} tensor{'s' if count > 1 else ''} of (batch, {units})"
    wrong = sorted({f"{format_shape(f.shape)} from {f.describe_source()}" for f in flows
                    if f.shape is not None and len(f.shape) == 2 and f.shape[-1] is not None
                    and (f.shape[-1] - units).value not in (0, None)})
    if wrong:
        ctx.report(site, "LST402",
                   f"{layer.kind} ({where(site)}) has {units} units, so its initial_state must be "
                   f"{wanted}, but it gets {'; '.join(wrong)}: the encoder and the decoder need "
                   f"the same units")
    elif len(states) != count:
        silently = " (Keras 3 quietly uses the first and ignores the rest)" \
            if len(states) > count else ""
        ctx.report(site, "LST402",
                   f"{layer.kind} ({where(site)}) keeps {count} state{'s' if count > 1 else ''}, "
                   f"so its initial_state must be {wanted}, but it gets {len(states)} "
                   f"tensors{silently}: pass as many states as the layer has (an LSTM has h and "
                   f"c, a GRU only h)")


def check_initial_weights(ctx, layer) -> None:
    """LST405: ``Embedding(input_dim, output_dim, weights=[matrix])`` where the
    matrix is not (input_dim, output_dim), typically a vocabulary counted with
    and without the padding index 0.  Keras builds the (input_dim, output_dim)
    table and then refuses the matrix in ``set_weights``."""
    if layer.kind != "Embedding" or not layer.args.has("weights"):
        return
    given = layer.args.values["weights"]
    if isinstance(given, Seq) and len(given.items) == 1:
        given = given.items[0]
    elif isinstance(given, Seq) or ctx.keras_version == 2:
        return      # Keras 2 takes only a list; a bare array fails there for another reason
    if not isinstance(given, Array) or given.shape is None or len(given.shape) != 2:
        return
    made = (read_dim(layer.args, "input_dim"), read_dim(layer.args, "output_dim"))
    if not any(dims_differ(a, b) for a, b in zip(made, given.shape)):
        return
    node = layer.args.nodes["weights"]
    name = ctx.source(node, 40).split("=", 1)[-1].strip().strip("[]")
    origin = f" ({given.origin.describe()})" if given.origin is not None else ""
    ctx.report(node, "LST405",
               f"{layer.describe()} makes a {format_shape(made)} table (input_dim, output_dim), "
               f"but {name} is {format_shape(given.shape)}{origin}: Keras raises 'weight shape "
               f"{format_shape(made)} is not compatible with provided weight shape "
               f"{format_shape(given.shape)}'; write Embedding({name}.shape[0], {name}.shape[1], "
               f"weights=[{name}])")
