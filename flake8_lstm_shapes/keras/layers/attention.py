"""Attention layers: Attention and AdditiveAttention, called on a list
``[query, value]`` or ``[query, value, key]``, and MultiHeadAttention, called
with the query, the value and the key as separate arguments.

Their output follows the query: Attention and AdditiveAttention give
``query[:-1] + value[-1:]``, MultiHeadAttention ``query[:-1]`` followed by its
``output_shape`` or the query's last axis.  Each rule below is the one Keras
3.15 and tf_keras 2.21 both follow; where they part (which mismatch is caught
when the model is built, which only when it runs) only what fails in both is
raised, since a model that cannot run fails in both sooner or later.
"""

from __future__ import annotations

from typing import Optional, Sequence, Tuple

from .base import LayerArgs, LayerShapeError, read_str, register, value_to_dim
from .names import LIST_ATTENTIONS
from ...core.shapes import Dim, dims_differ, format_shape
from ...core.values import Const, Int, Seq

LIST_FORM = "[query, value] or [query, value, key]"


def one_tensor_output(args, shape, registry):
    """One tensor alone (``Sequential([..., Attention()])``): both Kerases
    refuse it, Attention because it needs a list, MultiHeadAttention because
    ``value`` is missing."""
    raise LayerShapeError("it needs a query and a value, and gets one tensor: call "
                          "Attention on a list [query, value], MultiHeadAttention as "
                          "layer(query, value)")


register("Attention", ("use_scale", "score_mode"), (None, None))(one_tensor_output)
register("AdditiveAttention", ("use_scale",), (None, None))(one_tensor_output)
register("MultiHeadAttention", ("num_heads", "key_dim", "value_dim", "dropout", "use_bias",
                                "output_shape", "attention_axes"), (None, None))(one_tensor_output)


def attention_output(kind: str, args: LayerArgs, shapes: Sequence[Tuple[Dim, ...]],
                     keras_version: Optional[int], scores: bool):
    """The output of an attention layer on its query, value (and key) shapes:
    a shape, ``[output, scores]`` with ``return_attention_scores=True``, or
    None when it cannot tell; ``LayerShapeError`` for what Keras refuses."""
    if kind in LIST_ATTENTIONS:
        return list_attention_output(kind, args, shapes, keras_version, scores)
    return multi_head_output(args, shapes, scores)


def list_attention_output(kind, args, shapes, keras_version, scores):
    """``Attention()([query, value, key])``: (batch, Tq, dim) attends over
    (batch, Tv, dim); the result is (batch, Tq, value's dim), the scores
    (batch, Tq, Tv)."""
    if not 2 <= len(shapes) <= 3:
        raise LayerShapeError(f"it takes a list {LIST_FORM}, but the list has "
                              f"{len(shapes)} tensor{'s' if len(shapes) != 1 else ''}")
    query, value = shapes[0], shapes[1]
    key = shapes[2] if len(shapes) == 3 else value
    if len({len(query), len(value), len(key)}) != 1 or len(query) < 2:
        return None     # ranks that broadcast: not followed
    check_scores(kind, args, query, key)
    if len(query) >= 3 and dims_differ(key[-2], value[-2]):
        raise LayerShapeError(f"its key {format_shape(key)} and value {format_shape(value)} "
                              f"need the same number of steps (axis -2)")
    if kind == "AdditiveAttention" and len(shapes) == 3 and keras_version != 3 \
            and dims_differ(query[-1], value[-1]):
        return None     # tf_keras refuses it, Keras 3 accepts it: not said either way
    out = tuple(query[:-1]) + (value[-1],)
    if not scores:
        return out
    return [out, tuple(query[:-1]) + (key[-2],) if len(query) >= 3 else None]


def check_scores(kind, args, query, key) -> None:
    """The scores compare each query step with each key step on the last
    axis: a dot product (``score_mode="dot"``) needs equal sizes; the sums
    of AdditiveAttention and ``score_mode="concat"`` broadcast a size of 1."""
    mode = "concat" if kind == "AdditiveAttention" else read_str(args, "score_mode", "dot")
    if mode not in ("dot", "concat") or not dims_differ(query[-1], key[-1]):
        return
    if mode == "concat" and 1 in (query[-1].value, key[-1].value):
        return
    raise LayerShapeError(f"its query {format_shape(query)} and key {format_shape(key)} "
                          f"need the same size on the last axis to be compared")


def multi_head_output(args, shapes, scores):
    """``MultiHeadAttention(num_heads, key_dim)(query, value, key)``: the value
    and the key share every axis but the last; the output is the query's
    shape with ``output_shape`` (or the query's size) on the last axis."""
    query, value = shapes[0], shapes[1]
    key = shapes[2] if len(shapes) == 3 else value
    if any(len(s) == 2 for s in (query, value)):
        raise LayerShapeError("its query and value need a sequence axis, (batch, steps, "
                              "features) at least, and one of them has only (batch, features)")
    if len(value) != len(key) or any(dims_differ(a, b) for a, b in zip(value[1:-1], key[1:-1])):
        raise LayerShapeError(f"its value {format_shape(value)} and key {format_shape(key)} "
                              f"must be equal on every axis but the last")
    if len(query) != len(value) or len(query) < 3:
        return None
    last = multi_head_last_axes(args, query)
    if last is None:
        return None
    out = tuple(query[:-1]) + last
    if not scores:
        return out
    return [out, None]  # Keras 3 builds the scores' shape from the query alone: not followed


def multi_head_last_axes(args, query) -> Optional[Tuple[Dim, ...]]:
    """``output_shape=64`` or ``(64,)``; the query's last axis when not given."""
    given = args.get("output_shape")
    if given is None or (isinstance(given, Const) and given.value is None):
        return (query[-1],)
    if isinstance(given, Int):
        return (given.poly,)
    if isinstance(given, Seq):
        dims = tuple(value_to_dim(v) for v in given.items)
        return dims if dims and None not in dims else None
    return None
