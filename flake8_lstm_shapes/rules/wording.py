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


def output_of(flow) -> str:
    where = f" of {flow.producer.describe()}" if flow.producer is not None else ""
    return f"the model's output{where} is {format_shape(flow.shape)}"


def target_of(ctx, t) -> str:
    """``y is (64, 5) (line 3: ...)``: a target (``targets.Target``) as the messages name it."""
    y = t.y
    text = ctx.source(t.node, 30)
    if y.shape is None and y.one_hot is not None:
        out = f"{text} is (..., {format_dim(y.one_hot)})"     # only its one-hot axis is known
    else:
        out = f"{text} is {format_shape(y.shape)}"
    if y.origin is not None:
        out += f" ({y.origin.describe()})"
    return out
