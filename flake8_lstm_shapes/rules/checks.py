"""The rules as the listener of the model layer's events (``core.events``).

Each event goes to the family that judges it.  The one decision made here is
which family a layer refusing its input belongs to, because that decides the
line the user has to change: the declaration's (LST101/LST102), the data's
(LST202) or the layer stack's (LST401/LST402).  The one memory kept here is
which data calls were judged, so that a loop repeating a call is judged as
the call is.  ``analysis`` installs this listener on the linted file's
context.
"""

from __future__ import annotations

from ..core.events import Events
from .. import rules     # the families, each loaded when an event first needs it


class Checks(Events):
    def __init__(self):
        # The data calls judged so far, by the identity of what each was given.
        self.judged_data: dict = {}

    # -- layers and declarations ---------------------------------------------------------
    def layer_made(self, ctx, layer) -> None:
        rules.declared.check_layer_arguments(ctx, layer)
        rules.stack.check_initial_weights(ctx, layer)

    def input_declared(self, ctx, decl, layer) -> None:
        rules.declared.check_declaration(ctx, decl, layer)

    def declaration_ignored(self, ctx, layer, decl, received) -> None:
        rules.declared.check_ignored_declaration(ctx, layer, decl, received)

    # -- a layer meeting its input ---------------------------------------------------------
    def layer_receives(self, ctx, layer, flow) -> None:
        rules.batch.check_no_fixed_batch(ctx, layer, flow)

    def rank_refused(self, ctx, layer, flow, problem: str, site) -> None:
        if built_from_data(flow) and (flow.producer is None or flow.producer.kind == "Embedding"):
            rules.data.report_data_rank(ctx, layer, flow, problem)
        elif straight_from_declaration(layer, flow):
            rules.declared.report_declared_rank(ctx, layer, flow, layer.spec.min_rank)
        elif lacks_return_sequences(layer, flow):
            rules.stack.report_missing_return_sequences(ctx, layer, flow)
        else:
            rules.stack.report_wrong_rank(ctx, layer, flow, problem, site)

    def shape_refused(self, ctx, layer, flow, detail: str, site) -> None:
        if built_from_data(flow) and flow.producer is None:
            rules.data.report_data_rank(ctx, layer, flow, detail)
        else:
            rules.stack.report_shape_error(ctx, layer, flow, detail, site)

    def merge_refused(self, ctx, layer, flows, detail: str, site) -> None:
        rules.stack.report_merge_error(ctx, layer, flows, detail, site)

    def states_passed_on(self, ctx, layer, tensors, site) -> None:
        rules.stack.check_unpacked_states(ctx, layer, tensors, site)

    def initial_state_given(self, ctx, layer, states, site) -> None:
        rules.stack.check_initial_state(ctx, layer, states, site)

    # -- data ---------------------------------------------------------------------------------
    def data_given(self, ctx, model, call) -> None:
        if self.already_judged(model, call):
            return
        if rules.data.input_reported(ctx, model):
            return
        rules.data.check_data_call(ctx, model, call, model.input_flows())
        outs = model.output_flows()
        out = outs[0] if outs and len(outs) == 1 else None
        rules.targets.check_call_targets(ctx, model, call, out)
        if out is not None and out.stateful is not None and not call.from_batches:
            rules.batch.check_batches(ctx, model, call, out, out.stateful)

    def already_judged(self, model, call) -> bool:
        """The same call given the very same model and values again: an
        unrolled ``for epoch in range(10): model.fit(...)`` makes it ten
        times.  Values are immutable, so a repeat has nothing new to say: it
        could only repeat the first call's findings, or say what the first
        call kept back on purpose (the validation target is judged only when
        ``y`` drew no finding, and a repeated finding of ``y`` is no new
        one).  Identity, not equality: two equal values may still come from
        different lines, and the lines are in the messages."""
        parts = (model, *data_call_parts(call))
        key = tuple(map(id, parts))
        if key in self.judged_data:
            return True
        self.judged_data[key] = parts       # kept, so that no id is reused
        return False

    def reshape_refused(self, ctx, node, array, array_node, dims, problem: str) -> None:
        rules.data.report_reshape(ctx, node, array, array_node, dims, problem)

    def shape_index_out_of_range(self, ctx, node, array, name: str, index: int) -> None:
        rules.data.report_shape_index(ctx, node, array, name, index)


def data_call_parts(call) -> list:
    """Everything a ``DataCall`` holds, its tuples (``validation``) opened."""
    parts = []
    for name in call.__slots__:
        value = getattr(call, name)
        if isinstance(value, tuple):
            parts.extend(value)
        else:
            parts.append(value)
    return parts


def built_from_data(flow) -> bool:
    """The model declares no input and was built from the data's shape."""
    return flow.data_site is not None


def straight_from_declaration(layer, flow) -> bool:
    """A declared shape reaching a recurrent layer of one fixed rank through
    shape-preserving layers only."""
    spec = layer.spec
    return flow.producer is None and flow.decl is not None and spec.recurrent \
        and spec.min_rank == spec.max_rank


def lacks_return_sequences(layer, flow) -> bool:
    """A recurrent layer fed by one that returns only its last output."""
    producer = flow.producer
    return layer.spec.recurrent and producer is not None and producer.recurrent \
        and producer.returns_sequences() is False
