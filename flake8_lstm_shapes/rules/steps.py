"""LST403 for the classification losses across the timesteps axis.

A recurrent layer that keeps ``return_sequences=True`` before the head (a
``Dense``, or ``TimeDistributed(Dense)``) gives one output per timestep,
``(samples, timesteps, units)``; without it the model gives one per sequence,
``(samples, units)``.  The classification losses then refuse a target made for
the other one, in Keras 3.15 and tf_keras 2.21 alike, and ``from_logits``
changes none of it:

* ``categorical_crossentropy`` needs ``y`` of exactly the output's shape, so
  one one-hot row per sequence against per-step outputs raises, and so do
  integer labels ``(samples,)`` or ``(samples, 1)`` there, and per-step
  one-hot targets against a last-step output;
* ``sparse_categorical_crossentropy`` needs ``y`` of the output's shape
  without its last axis (a trailing 1 on ``y`` is squeezed first): one label
  per sequence against per-step outputs raises, and so do per-step labels
  ``(samples, timesteps)`` against a last-step output (Keras 2 flattens the
  labels first, so only timesteps of 1 would pass: only a known number of
  timesteps other than 1 is reported).

``binary_crossentropy`` is not here: Keras 3 refuses any shape but the
output's, Keras 2 often broadcasts (``targets.check_binary``).  The
element-wise losses broadcast a per-sequence target over the timesteps
silently (``targets.report_sequences_left_on``).
"""

from __future__ import annotations

from ..core.shapes import dims_differ, dims_equal, format_dim
from ..keras.losses import CATEGORICAL, SPARSE
from .wording import fix_for, output_of, target_of


def steps_mismatch(ctx, t, flow, out, target, loss):
    """The message for a target made for the other side of the timesteps
    axis, or None; ``targets`` reports it (LST403)."""
    if loss not in (CATEGORICAL, SPARSE):
        return None
    if per_step(flow, out) and per_sequence_target(t.y, out, target, loss):
        return per_sequence_message(ctx, t, flow, loss)
    if last_step(flow, out) and per_step_target(t.y, out, target, loss):
        return per_step_message(ctx, t, flow, loss)
    return None


def per_step(flow, out) -> bool:
    """One output per timestep: a recurrent layer keeps its timesteps up to a 3-D output."""
    return flow.sequences is not None and len(out) == 3 and out[-1] is not None


def last_step(flow, out) -> bool:
    """One output per sequence, after a recurrent layer that returns its last step."""
    return flow.sequences is None and flow.last_recurrent is not None and len(out) == 2 \
        and out[-1] is not None


def one(d) -> bool:
    return d is not None and d.value == 1


def known_not_one(d) -> bool:
    return d is not None and d.value is not None and d.value != 1


def per_sequence_target(y, out, target, loss: str) -> bool:
    """A target of one row per sequence against ``out = (samples, timesteps, units)``."""
    if loss == SPARSE:
        # labels (samples,) or (samples, 1): the loss wants (samples, timesteps)
        return len(target) == 1 or (len(target) == 2 and one(target[1]))
    if len(target) == 1 or (len(target) == 2 and one(target[1]) and y.dtype == "int"):
        return True                          # integer labels, one per sequence
    # one one-hot row per sequence: as many columns as the output has classes
    return len(target) == 2 and (y.one_hot is not None or dims_equal(target[1], out[2])) \
        and not dims_equal(target[1], out[1])


def per_step_target(y, out, target, loss: str) -> bool:
    """A target of one row per timestep against ``out = (samples, units)``."""
    if loss == SPARSE:
        if y.one_hot is not None:
            return False                     # one-hot with the sparse loss: LST404's business
        if len(target) == 3:
            return one(target[2]) and known_not_one(target[1])
        return len(target) == 2 and known_not_one(target[1]) and dims_differ(target[1], out[1])
    return len(target) == 3 and known_not_one(target[1]) \
        and (y.one_hot is not None or dims_equal(target[2], out[1]))


def per_sequence_message(ctx, t, flow, loss: str) -> str:
    layer = flow.sequences
    return (f"{output_of(flow)}, one output per timestep because {layer.describe()} keeps "
            f"return_sequences=True, but {target_of(ctx, t)}: one target per sequence; {loss} "
            f"raises (it needs {needed(loss)}); "
            + fix_for(t, f"remove return_sequences=True on {layer.where} (or give y a timesteps axis)"))


def per_step_message(ctx, t, flow, loss: str) -> str:
    layer = flow.last_recurrent
    steps = format_dim(t.y.shape[1])
    return (f"{output_of(flow)}, one output per sequence because {layer.describe()} returns "
            f"its last step only, but {target_of(ctx, t)}: one target per timestep "
            f"({steps} of them); {loss} raises (it needs {needed(loss)}); "
            + fix_for(t, f"add return_sequences=True on {layer.where} (or give y one target per sequence)"))


def needed(loss: str) -> str:
    if loss == SPARSE:
        return "y of the output's shape without its last axis"
    return "y of exactly the output's shape"
