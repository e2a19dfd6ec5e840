"""Phrases more than one family writes the same way."""

from __future__ import annotations

from ..core.shapes import format_dim, format_shape

# The per-sample axes of a recurrent layer's input, by its full rank.
AXES = {
    3: "(timesteps, features)",
    4: "(timesteps, steps, channels)",
    5: "(timesteps, rows, cols, channels)",
    6: "(timesteps, depth, rows, cols, channels)",
}


def via(flow) -> str:
    if not flow.via:
        return ""
    return " through " + ", ".join(layer.describe() for layer in flow.via)


# What the messages call the y of validation_data= (targets.Target.role).
VALIDATION = "the validation target"


def fix_for(t, fix: str) -> str:
    """``fix`` for ``y``; for the validation target, the target itself: ``y``
    is judged first and the validation target only when ``y`` drew no finding,
    so a change to the model or the loss would break the ``y`` that meets them."""
    if t.role == VALIDATION:
        return "build the validation target the way y is built: both must meet the same output and loss"
    return fix


def output_of(flow) -> str:
    where = f" of {flow.producer.describe()}" if flow.producer is not None else ""
    return f"the model's output{where} is {format_shape(flow.shape)}"


def target_of(ctx, t) -> str:
    """``y is (64, 5) (line 3: ...)``, ``the validation target y_val is ...``: a target
    (``targets.Target``) as the messages name it."""
    y = t.y
    text = ctx.source(t.node, 30)
    if t.role is not None:
        text = f"{t.role} {text}"
    if y.shape is None and y.one_hot is not None:
        out = f"{text} is (..., {format_dim(y.one_hot)})"     # only its one-hot axis is known
    else:
        out = f"{text} is {format_shape(y.shape)}"
    if y.origin is not None:
        out += f" ({y.origin.describe()})"
    return out
