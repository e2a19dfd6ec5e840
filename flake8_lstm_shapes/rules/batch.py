"""LST301 and LST302: the fixed batch of a stateful recurrent model.

A fixed batch size constrains nothing unless a recurrent layer is
``stateful=True`` (SEMANTICS rule 5); then every batch must have exactly that
size (rule 4): the ``batch_size`` given to, or defaulted to 32 by,
``fit``/``predict``/``evaluate``, a single sample, and the last, partial batch
when the sample count is not a multiple of it.
"""

from __future__ import annotations

from ..core.shapes import dim_value, format_shape
from ..core.values import Array
from ..keras.layers import stateful_layer

DEFAULT_BATCH = 32
WHOLE_ARRAY = {"train_on_batch", "test_on_batch", "predict_on_batch", "__call__"}


def check_no_fixed_batch(ctx, layer, flow) -> None:
    """LST302 at the layer: stateful=True, and the batch it gets is not fixed."""
    if flow.shape is None or flow.shape[0] is not None or not stateful_layer(layer):
        return
    if ctx.has_finding_in(layer.node):
        return   # e.g. Keras 2's batch_size= on it (LST303): the batch is meant to be fixed
    inner = layer.inner() if layer.kind == "Bidirectional" else None
    node = (inner or layer).args.nodes.get("stateful", layer.node)
    # keras.Input(batch_shape=...) works in both versions (SEMANTICS st11)
    spelled = "batch_input_shape=(batch, ...) on the first layer" if ctx.keras_version == 2 else \
        "keras.Input(batch_shape=(batch, ...))"
    source = flow.describe_source()
    ctx.report(node, "LST302",
               f"{layer.describe()} is stateful=True, so its batch size must be fixed, but it gets "
               f"{format_shape(flow.shape)} from {source} (any batch): Keras raises when it is "
               f"built; declare the batch with {spelled}")


def check_batches(ctx, model, call, flow, layer) -> None:
    """LST301 / LST302 at a data call of a stateful model with a fixed batch."""
    method, x = call.method, call.x
    fixed = dim_value(flow.shape[0]) if flow.shape else None
    if fixed is None or not isinstance(x, Array) or not x.shape:
        return
    samples = dim_value(x.shape[0])
    given, given_node = call.batch_size, call.batch_node
    if method in WHOLE_ARRAY:
        size, where = samples, "the whole array"
    elif given is None and given_node is not None:
        return                      # a batch size we cannot read
    else:
        size = given if given is not None else DEFAULT_BATCH
        where = f"batch_size={size}" if given is not None else f"the default batch_size={DEFAULT_BATCH}"
        if samples is not None:
            size = min(size, samples)
    report_on = call.node     # where Keras raises, and its traceback points; the message names batch_size
    declared = f"{flow.decl.text} ({flow.decl.where})" if flow.decl is not None else "its input"
    if size is not None and size != fixed:
        if samples is not None and size == samples and size < fixed:
            what = "a single sample" if size == 1 else f"only {size} samples"
            fix = f"pass {fixed} samples at a time"
            detail = x_text(x)
        else:
            what = f"batches of {size}"
            fix = f"pass batch_size={fixed}"
            detail = f"{where}, {x_text(x)}"
        ctx.report(report_on, "LST301",
                   f"{layer.describe()} is stateful with a batch fixed at {fixed} by {declared}, "
                   f"but {method} gets {what} ({detail}); every batch must have {fixed} "
                   f"samples: {fix}")
        return
    if samples is not None and samples % fixed:
        ctx.report(report_on, "LST302",
                   f"{layer.describe()} is stateful with a batch fixed at {fixed} by {declared}, "
                   f"but {method} gets {samples} samples, not a multiple of {fixed}: the last batch "
                   f"has {samples % fixed} and Keras fails there, mid-epoch; trim the data to "
                   f"{samples - samples % fixed} samples")


def x_text(x: Array) -> str:
    shape = format_shape(x.shape)
    return f"x is {shape}" + (f" ({x.origin.describe()})" if x.origin is not None else "")
