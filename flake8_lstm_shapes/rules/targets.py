"""LST403 and LST404: the model's output against the target ``y`` and the loss.

What fails depends on the loss, as in Keras 3's losses:

* ``categorical_crossentropy`` needs ``y`` of exactly the output's shape:
  integer labels (LST404) or another number of classes (LST403, or LST404
  when ``y`` came from ``to_categorical(..., num_classes=k)``) raise;
* ``sparse_categorical_crossentropy`` needs integer labels: a one-hot ``y``
  raises (LST404);
* element-wise losses (``mse``, ``mae``, ``binary_crossentropy``, ...) first
  squeeze or expand a trailing axis of 1 so the ranks agree, then broadcast:
  sizes that differ and are not 1 raise (LST403), a 1 against a larger size
  trains silently on the wrong thing (LST403, the silent case of SEMANTICS
  surprise 5: ``return_sequences=True`` left on before the last Dense).
  An output ``(None, 5, 1)`` against ``y`` of ``(N, 5)`` is fine.
"""

from __future__ import annotations

from typing import Tuple

from ..core.shapes import const, dims_differ, format_dim
from ..core.values import Array, Ref
from ..keras.losses import BINARY, CATEGORICAL, SPARSE, loss_name
from . import steps
from .wording import VALIDATION, fix_for, output_of, target_of


class Target:
    """A target given to a data call: its value, the node it is written at,
    where its findings go (RULES.md: the ``y`` argument; the messages name
    the output layer and the loss), and ``role``, what the messages call it
    besides its source text (None for ``y`` itself)."""

    __slots__ = ("y", "node", "role")

    def __init__(self, y, node, role=None):
        self.y, self.node, self.role = y, node, role


def target_of_call(call) -> Target:
    return Target(call.y, call.y_node)


def validation_target(call):
    """The ``y`` of ``validation_data=`` as a Target, or None.  Keras runs the
    validation pair through the same loss at the end of the first epoch, so
    a target that cannot meet the output raises there as ``y`` would."""
    if call.validation is None:
        return None
    _, _, y, node = call.validation
    return Target(y, node, VALIDATION) if isinstance(y, Array) else None


def check_call_targets(ctx, model, call, flow) -> None:
    """``y``, then the validation target, against the output (``flow``, None
    when unknown) and the loss.  The validation target is judged only when
    ``y`` drew no finding: the same mistake would be said twice on one call,
    and its fix (the last layer's units, the loss) is one."""
    before = len(ctx.findings)
    for t in (target_of_call(call), validation_target(call)):
        if t is None or not isinstance(t.y, Array) or len(ctx.findings) != before:
            continue
        if flow is None:
            check_target_alone(ctx, model, t)
        else:
            check_target(ctx, model, t, flow)


def check_target(ctx, model, t: Target, flow) -> None:
    loss = loss_name(model.loss)
    out = flow.shape
    if t.y.shape is None:
        check_target_alone(ctx, model, t)
        return
    if loss is None or out is None or not t.y.shape:
        return
    out, target = tuple(out), tuple(t.y.shape)
    across_steps = steps.steps_mismatch(ctx, t, flow, out, target, loss)
    if across_steps is not None:
        ctx.report(t.node, "LST403", across_steps)
        return
    if loss == CATEGORICAL:
        check_categorical(ctx, model, t, flow, out, target)
    elif loss == SPARSE:
        check_sparse(ctx, model, t, flow, out, target)
    elif loss == BINARY and ctx.keras_version == 3:
        check_binary_keras3(ctx, t, flow, out, target)
    else:
        check_elementwise(ctx, model, t, flow, out, target, loss)


def integer_labels(y, target) -> bool:
    return y.dtype == "int" and (len(target) == 1 or target[-1].value == 1)


LAST_UNITS = "make the last layer's units {}"


def units_fix(t: Target, units, model_fix: str = LAST_UNITS + " or fix the target") -> str:
    """The fix a target finding suggests: the model's last layer for ``y``,
    the validation target itself for the validation target."""
    return fix_for(t, model_fix.format(format_dim(units)))


def check_categorical(ctx, model, t: Target, flow, out, target) -> None:
    y = t.y
    if len(target) == len(out) and not dims_differ(target[-1], out[-1]):
        return
    if len(out) > len(target) + 1 or len(target) > len(out):
        report_rank_mismatch(ctx, t, flow, out, target, CATEGORICAL)
        return
    if len(target) == len(out) - 1 >= 2 and not integer_labels(y, target) \
            and (y.one_hot is not None or not dims_differ(target[-1], out[-1])):
        # one-hot rows (N, 10) against (None, 28, 10): a Dense on a 3-D tensor, not labels
        report_rank_mismatch(ctx, t, flow, out, target, CATEGORICAL)
        return
    if integer_labels(y, target) or (len(target) == len(out) - 1 and y.one_hot is None):
        if out[-1] is not None and out[-1].value == 1:
            return     # a single output with categorical_crossentropy: another mistake
        ctx.report(t.node, "LST404",
                   f"categorical_crossentropy needs one-hot targets of the output's shape, but "
                   f"{target_of(ctx, t)}: integer class labels, and {output_of(flow)}; "
                   f"{fix_for(t, 'use ' + sparse_spelling(model.loss) + ' or to_categorical(y)')}")
        return
    if len(target) == len(out) and y.one_hot is not None:
        ctx.report(t.node, "LST404",
                   f"{target_of(ctx, t)}: one-hot with {format_dim(y.one_hot)} classes, but "
                   f"{output_of(flow)} with {format_dim(out[-1])} units; categorical_crossentropy "
                   f"needs them equal: {units_fix(t, y.one_hot, 'use {} units')}")
        return
    if len(target) == len(out):
        ctx.report(t.node, "LST403",
                   f"{output_of(flow)} but {target_of(ctx, t)}: categorical_crossentropy "
                   f"needs the same shape; {units_fix(t, target[-1], LAST_UNITS)}")


def check_target_alone(ctx, model, t: Target) -> None:
    """The model's output is unknown (a subclassed model whose ``call`` is not
    followed, a layer we do not know): a ``to_categorical`` target with the sparse loss is wrong whatever
    the output, for the loss needs the target one axis shorter than the output
    and a one-hot target has as many axes as the output it was made for."""
    if loss_name(model.loss) == SPARSE and t.y.one_hot is not None and t.y.one_hot.value not in (1, None):
        report_sparse_one_hot(ctx, t)


def check_sparse(ctx, model, t: Target, flow, out, target) -> None:
    y = t.y
    one_hot = y.one_hot is not None or (len(target) == len(out) and target[-1].value not in (1, None)
                                        and not dims_differ(target[-1], out[-1]))
    if one_hot:
        report_sparse_one_hot(ctx, t)


def report_sparse_one_hot(ctx, t: Target) -> None:
    ctx.report(t.node, "LST404",
               f"sparse_categorical_crossentropy needs integer class labels (samples,), but "
               f"{target_of(ctx, t)}: one-hot; "
               + fix_for(t, "use loss='categorical_crossentropy' or pass the labels before to_categorical"))


def align(a: Tuple, b: Tuple) -> Tuple[Tuple, Tuple]:
    """Keras 3's squeeze_or_expand_to_same_rank, for (y_true, y_pred)."""
    if len(a) == len(b) + 1 and one(a[-1]):
        if len(b) == 1:
            return a, b + (const(1),)
        return a[:-1], b
    if len(b) == len(a) + 1 and one(b[-1]):
        if len(a) == 1:
            return a + (const(1),), b
        return a, b[:-1]
    return a, b


def one(d) -> bool:
    return d is not None and d.value == 1


def check_elementwise(ctx, model, t: Target, flow, out, target, loss: str) -> None:
    y_aligned, out_aligned = align(target, out)
    if flow.sequences is not None and len(out) == 3 and len(target) <= 2 \
            and (len(y_aligned) != len(out_aligned) or dims_differ(y_aligned[1], out_aligned[1])):
        report_sequences_left_on(ctx, t, flow, loss, len(target) == 1)
        return
    if len(y_aligned) != len(out_aligned):
        report_rank_mismatch(ctx, t, flow, out, target, loss)
        return
    head = flow.producer is not None and head_layer(flow.producer)
    silent, loud = [], []
    for i in range(1, len(out_aligned)):
        a, b = y_aligned[i], out_aligned[i]
        if not dims_differ(a, b):
            continue
        if one(a) or one(b):
            # A single output broadcast over several targets is surely wrong; several
            # outputs against one target column only when a Dense head chose them
            # (a model that ends in its recurrent layer is often toy code).
            if one(b) or head:
                silent.append(i)
        else:
            loud.append(i)        # neither is 1: the loss raises
    if not silent and not loud:
        return
    i = (loud or silent)[0]
    if loud:
        effect = f"{loss} raises (the shapes do not broadcast)"
    else:
        effect = f"{loss} silently broadcasts one against the other and trains on the wrong target"
    ctx.report(t.node, "LST403",
               f"{output_of(flow)} but {target_of(ctx, t)}: {effect}; "
               f"{units_fix(t, target[-1])}")


def check_binary_keras3(ctx, t: Target, flow, out, target) -> None:
    """Keras 3's binary_crossentropy broadcasts nothing: after the trailing
    axis of 1 is squeezed or added, ``y`` must have the output's shape, or it
    raises 'Arguments `target` and `output` must have the same shape'."""
    y_aligned, out_aligned = align(target, out)
    if len(y_aligned) == len(out_aligned) and \
            not any(dims_differ(a, b) for a, b in zip(y_aligned[1:], out_aligned[1:])):
        return
    if len(y_aligned) != len(out_aligned) and (out[-1] is None or target[-1] is None):
        return
    if flow.sequences is not None and len(out) == 3 and len(target) <= 2:
        hint = fix_for(t, f"one target per sequence against one output per timestep "
                          f"({flow.sequences.describe()} keeps return_sequences=True); remove "
                          f"return_sequences=True on {flow.sequences.where} (or give y a timesteps axis)")
    else:
        hint = units_fix(t, target[-1])
    note = ctx.version_note()
    ctx.report(t.node, "LST403",
               f"{output_of(flow)} but {target_of(ctx, t)}: binary_crossentropy raises, for "
               f"Keras 3 needs the target in the output's shape{' ' + note if note else ''}; {hint}")


def report_rank_mismatch(ctx, t, flow, out, target, loss: str) -> None:
    """The output and the target keep different ranks after the loss's own
    squeeze/expand: one value per sample against several outputs, a Dense
    applied to a 3-D/4-D tensor without Flatten, per-timestep targets."""
    if out[-1] is None or target[-1] is None:
        return
    if len(out) > len(target) and len(out) >= 3 and flow.producer is not None:
        extra = len(out) - 2
        hint = (f"{flow.producer.kind} acts on the last axis only, so the output keeps "
                f"{extra} more ax{'is' if extra == 1 else 'es'}; add Flatten() or a global "
                f"pooling layer before it")
    elif len(out) > len(target):
        hint = (f"one target value per sample against {format_dim(out[-1])} outputs; make the "
                f"last layer's units 1 or give y {format_dim(out[-1])} columns")
    else:
        hint = "the target has more axes than the output; drop the extra axes of y"
    ctx.report(t.node, "LST403",
               f"{output_of(flow)} but {target_of(ctx, t)}: {loss} cannot match "
               f"them; {fix_for(t, hint)}")


def sparse_spelling(loss) -> str:
    """The sparse loss, written the way the file wrote its loss."""
    if isinstance(loss, Ref):
        return "keras.losses.SparseCategoricalCrossentropy(...) with the same arguments"
    return "loss='sparse_categorical_crossentropy'"


def head_layer(layer) -> bool:
    """A Dense output layer (also inside TimeDistributed): its units are the outputs."""
    inner = layer.inner() if layer.kind == "TimeDistributed" else None
    return (inner or layer).kind == "Dense"


def report_sequences_left_on(ctx, t: Target, flow, loss: str, one_value_each: bool) -> None:
    layer = flow.sequences
    effect = f"{loss} silently broadcasts the target over every timestep and predict returns 3-D"
    if one_value_each:
        # (batch,) against (batch, T, 1): the loss adjusts ranks that differ by one only, so
        # NumPy's broadcasting makes (batch, T, batch), each output against every target
        steps = format_dim(flow.shape[1]) if flow.shape[1] is not None else "timesteps"
        effect = (f"{loss} silently broadcasts (batch,) against (batch, {steps}, ...) into "
                  f"(batch, {steps}, batch), each output trained toward every target of its "
                  f"batch, and predict returns 3-D")
    if loss == BINARY:      # Keras 3 raises there (check_binary_keras3); Keras 2 broadcasts
        effect = (f"{loss} raises in Keras 3 and, in Keras 2, raises or silently broadcasts the "
                  f"target over every timestep (it depends on the last activation)")
    ctx.report(t.node, "LST403",
               f"{output_of(flow)}, one output per timestep because {layer.describe()} keeps "
               f"return_sequences=True, but {target_of(ctx, t)}: {effect}; "
               + fix_for(t, f"remove return_sequences=True on {layer.where} (or give y a timesteps axis)"))
