"""What LST202 says of Python containers given where a model takes one array.

Keras reads a list or tuple of arrays as one array per model input (a
nested structure), never as one array with a new first axis: ``fit([X], y)``
is ``X`` itself, but a list of several windows given to a model with one
input fails in Keras 3 ("Invalid input shape", or "Data cardinality is
ambiguous" when the windows' lengths disagree with ``y``) and in Keras 2
("expects 1 input(s), but it received 3"), in ``fit``, ``predict``,
``evaluate`` and ``model(x)`` alike.  The fix is to stack them first.
"""

from __future__ import annotations

import ast
import itertools
from typing import Optional

from ..core.shapes import dims_differ, dims_equal, format_shape
from ..keras.models import fit_to_declared
from ..core.values import Array, ListOf, Seq, Value


def several_inputs_message(ctx, model, call, flows) -> Optional[str]:
    """The LST202 message for a list of several arrays given to a one-input
    model's data call (``rules.data`` reports it), or None."""
    if flows is None or len(flows) != 1 or flows[0].decl is None or call.x_node is None:
        return None
    count, piece = several_arrays(call.x)
    if count is None:
        return None
    if kind_of(call.x) == "tuple" and call.y is None and call.method == "fit":
        return None          # ``fit(x=(X, y))``: a pair Keras 2 may read as data and targets
    name = ctx.source(call.x_node, 30) if isinstance(call.x_node, ast.Name) else "..."
    shape = f" of {format_shape(piece.shape)}" if piece.shape is not None else ""
    kind = kind_of(call.x)
    return (f"{ctx.source(call.x_node, 30)} is a Python {kind} of {count} arrays{shape}: "
            f"Keras reads a {kind} as one array per model input, and {model.name} has one input "
            f"({flows[0].decl.text} on {flows[0].decl.where}), "
            f"so it raises; stack them into one array first (np.array({name}) or "
            f"np.stack({name}))")


def several_arrays(x: Optional[Value]):
    """(how many, one of them) when ``x`` is a list or tuple of two or more
    arrays, their number known; (None, None) otherwise."""
    if isinstance(x, Seq) and x.kind in ("list", "tuple") and len(x.items) >= 2 \
            and all(isinstance(item, Array) for item in x.items):
        return len(x.items), x.items[0]
    if isinstance(x, ListOf) and isinstance(x.elem, Array) and x.length.value is not None \
            and x.length.value >= 2:
        return x.length.value, x.elem
    return None, None


def kind_of(x: Value) -> str:
    return x.kind if isinstance(x, Seq) else "list"


# -- a model of several inputs -------------------------------------------------------------------
# Keras 3.15 and tf_keras 2.21 alike, in fit, predict, evaluate and model(x): a model of
# m inputs given a list of n != m arrays, or one bare array, raises 'Layer "model" expects
# 2 input(s), but it received 1 input tensors'.  A list in another order than the inputs
# fails on the first array that does not fit its place.
MAX_PERMUTED = 4        # inputs beyond this many: the orders are not tried


def input_count_message(ctx, model, call, flows) -> Optional[str]:
    """The LST202 message for data that gives a model of several inputs
    another number of arrays than it has inputs, or None."""
    if flows is None or len(flows) < 2 or call.x_node is None or call.from_batches:
        return None         # a stream's batches: how it splits them is its own
    if getattr(model, "keyed", False):
        return None         # made from a dict of inputs: how it reads a list is not measured
    x = call.x
    if isinstance(x, Array) and x.kind == "ndarray":
        given = f"one array {format_shape(x.shape)}" if x.shape is not None else "one array"
    elif isinstance(x, Seq) and x.kind in ("list", "tuple") and len(x.items) != len(flows) \
            and all(isinstance(item, Array) for item in x.items):
        given = f"a {x.kind} of {len(x.items)} array{'s' if len(x.items) != 1 else ''}"
    else:
        return None
    return (f"{model.name} takes {len(flows)} inputs ({declarations(flows)}), but "
            f"{ctx.source(call.x_node, 30)} is {given}: Keras raises 'expects {len(flows)} "
            f"input(s), but it received {1 if isinstance(x, Array) else len(x.items)} input "
            f"tensors'; pass a list of {len(flows)} arrays, one per input, in their order")


def declarations(flows) -> str:
    """``shape=(10, 3) on line 12, shape=(5,) on line 13``: each input's declaration."""
    return ", ".join(f"{f.decl.text} on {f.decl.where}" if f.decl is not None else "?"
                     for f in flows)


def input_order_message(ctx, model, call, x: Value, x_node, flows) -> Optional[str]:
    """The LST202 message for a list of arrays in another order than the
    model's inputs: some array cannot take its place (its rank, or its
    features), and exactly one other order fits every array, or None."""
    if flows is None or not 2 <= len(flows) <= MAX_PERMUTED or not isinstance(x, Seq) \
            or len(x.items) != len(flows) or not isinstance(x_node, (ast.List, ast.Tuple)) \
            or not all(isinstance(a, Array) and a.shape is not None for a in x.items) \
            or not all(f.shape is not None and f.decl is not None for f in flows):
        return None
    arrays = x.items
    if not any(refuses(a, f) for a, f in zip(arrays, flows)):
        return None
    orders = [order for order in itertools.permutations(range(len(flows)))
              if all(fits(arrays[i], f) for i, f in zip(order, flows))]
    if len(orders) != 1:
        return None
    names = [ctx.source(node, 20) for node in x_node.elts]
    wanted = ", ".join(names[i] for i in orders[0])
    given = ", ".join(f"{names[i]} {format_shape(a.shape)}" for i, a in enumerate(arrays))
    opening, closing = ("[", "]") if isinstance(x_node, ast.List) else ("(", ")")
    return (f"the arrays are not in the order of {model.name}'s inputs ({declarations(flows)}): "
            f"{given}; Keras gives each array to the input in its place and raises; pass "
            f"{opening}{wanted}{closing}")


def refuses(array: Array, flow) -> bool:
    """Keras refuses the array at this input whatever its version and method:
    no rank adjustment reconciles them, or the features (last axis) differ."""
    shape = fit_to_declared(tuple(flow.shape), tuple(array.shape))
    return shape is None or (len(shape) > 1 and dims_differ(shape[-1], flow.shape[-1]))


def fits(array: Array, flow) -> bool:
    """The array is provably right for this input: the rank reconciles and each
    per-sample size is the declared one (or the input leaves it open)."""
    shape = fit_to_declared(tuple(flow.shape), tuple(array.shape))
    return shape is not None and all(d is None or dims_equal(s, d)
                                     for s, d in zip(shape[1:], tuple(flow.shape)[1:]))
