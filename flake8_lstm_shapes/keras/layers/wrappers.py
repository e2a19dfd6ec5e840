"""Wrappers: a layer that holds another layer (``args["layer"]``) and runs it
on the whole sequence in both directions (Bidirectional) or on each timestep
(TimeDistributed)."""

from __future__ import annotations

from .base import Layer, LayerArgs, LayerShapeError, register, read_str
from ...core.shapes import const, format_shape


@register("Bidirectional", ("layer", "merge_mode"), (3, 3), recurrent=True, wrapper=True)
def bidirectional_output(args, shape, registry):
    inner = inner_layer(args)
    if inner is None:
        return None
    forward = inner.output_shape(shape, registry)
    merge = read_str(args, "merge_mode", "concat")
    if forward is None or merge is ...:
        return None
    states: list = []
    if isinstance(forward, list):
        forward, states = forward[0], forward[1:]
    if forward is None:
        return None
    if merge == "concat":
        last = forward[-1]
        out = forward[:-1] + ((last * const(2)) if last is not None else None,)
    elif merge in ("sum", "mul", "ave"):
        out = forward
    elif merge is None:
        return None  # two separate outputs; rare enough to leave unknown
    else:
        return None
    return [out] + states + states if states else out


@register("TimeDistributed", ("layer",), (3, None), wrapper=True)
def time_distributed_output(args, shape, registry):
    """The inner layer runs on each timestep: (batch, time, *rest) -> (batch, time, *out)."""
    inner = inner_layer(args)
    if inner is None or inner.spec is None:
        return None
    step_shape = (shape[0],) + tuple(shape[2:])
    if inner.spec.rank_problem(step_shape):
        return None
    try:
        step = inner.spec.output(inner.args, step_shape, registry)
    except LayerShapeError as error:
        raise LayerShapeError(f"its {inner.kind} gets one timestep of shape "
                              f"{format_shape(step_shape)}: {error}")
    if step is None or isinstance(step, list):
        return None
    return (step[0], shape[1], *step[1:])


def inner_layer(args: LayerArgs):
    inner = args.get("layer")
    return inner if isinstance(inner, Layer) else None
