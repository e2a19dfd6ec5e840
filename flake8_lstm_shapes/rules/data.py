"""Where data meets a model: ``fit``, ``predict``, ``evaluate``, ``model(X)``."""

from __future__ import annotations

import ast

from ..values import Array, Value, unknown

PREDICTING = {"predict", "predict_on_batch", "__call__"}


def check_data_call(ctx, model, method: str, args, node: ast.Call) -> Value:
    """Record the call (for ``explain``) and return what it gives back."""
    x = args.arg(0, "x")
    if x is None and method == "__call__":
        x = args.arg(0, "inputs")
    y = args.arg(1, "y")
    ctx.data_calls.append((node, model, method, x, y))
    if method in PREDICTING:
        return predicted(model, x)
    return unknown(method)


def predicted(model, x) -> Value:
    """``predict`` returns the model's output with the data's sample count."""
    outs = model.output_flows()
    if not outs or len(outs) != 1 or outs[0].shape is None:
        return unknown("prediction")
    if not isinstance(x, Array) or not x.shape:
        return unknown("prediction")
    return Array((x.shape[0],) + tuple(outs[0].shape[1:]), dtype="float")
