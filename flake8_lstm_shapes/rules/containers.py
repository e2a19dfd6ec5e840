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
from typing import Optional

from ..core.shapes import format_shape
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
