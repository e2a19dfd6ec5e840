"""What the model layer announces while it follows the code.

The interpreter and the shape models (``libs``, ``keras``) compute values and
shapes; they never decide what is a finding.  At each junction where Keras or
NumPy would accept or refuse something (a layer made, a declaration read, a
layer receiving its input, a merge that cannot work, data given to a model, a
reshape that cannot keep its element count, ...) they call the matching method
of ``ctx.events``.  ``analysis`` installs the rules there (``rules.Checks``)
and the record ``explain`` reads; everywhere else (another module of the
project, read for its values, or ``explain``'s quiet re-run of a model) the
events go to this class, which does nothing.

The arguments are the model layer's own values: ``Layer``, ``Flow``,
``InputDecl``, ``Array``, ``DataCall``, and the AST node a finding would be
reported on.  Nothing a listener does changes them.
"""

from __future__ import annotations


class Events:
    """Every junction, as a method that does nothing."""

    # -- layers and their declarations (keras.calls, keras.declarations) -----------------
    def layer_made(self, ctx, layer) -> None:
        """``LSTM(...)``: a layer with its arguments, before any input reaches it."""

    def input_declared(self, ctx, decl, layer) -> None:
        """The declaration a model's input starts from: ``keras.Input(shape=...)``,
        an ``InputLayer`` or the first layer's ``input_shape=`` (``layer`` is that
        first layer; None for the other two)."""

    def declaration_ignored(self, ctx, layer, decl, received) -> None:
        """A declaration Keras never reads (on a later layer, or inside
        ``Bidirectional``), next to the flow the layer really receives."""

    # -- a layer meeting its input (keras.models.apply_layer) -----------------------------
    def layer_receives(self, ctx, layer, flow) -> None:
        """The layer accepts the rank of ``flow``; its output comes next."""

    def rank_refused(self, ctx, layer, flow, problem: str, site) -> None:
        """Keras's input check of the layer fails on the rank (``problem`` is
        Keras's own words: ``expected ndim=3, found ndim=2``)."""

    def shape_refused(self, ctx, layer, flow, detail: str, site) -> None:
        """The rank passes but the layer cannot compute an output (``Reshape``
        of another size, a model called on another shape, ...)."""

    def merge_refused(self, ctx, layer, flows, detail: str, site) -> None:
        """``Concatenate``/``Add``/... on tensors whose shapes do not merge."""

    def states_passed_on(self, ctx, layer, tensors, site) -> None:
        """A layer called on the list a ``return_state=True`` layer returns."""

    def initial_state_given(self, ctx, layer, states, site) -> None:
        """``layer(x, initial_state=[...])`` on a recurrent layer."""

    # -- models and their data (keras.calls) -------------------------------------------------
    def model_changed(self, ctx, model) -> None:
        """A model was made or changed (``add``, ``compile``, built from data)."""

    def data_given(self, ctx, model, call) -> None:
        """``fit``/``predict``/``evaluate``/... or ``model(X)``: ``call`` is the
        ``keras.data_calls.DataCall``, its arguments read once."""

    # -- arrays (libs.arrays) -----------------------------------------------------------------
    def reshape_refused(self, ctx, node, array, array_node, dims, problem: str) -> None:
        """``X.reshape(...)`` that NumPy refuses (element count, two -1s, a float)."""

    def shape_index_out_of_range(self, ctx, node, array, name: str, index: int) -> None:
        """``X.shape[i]`` past the array's rank: an IndexError in Python."""


SILENT = Events()


class Record(Events):
    """What ``explain`` shows: the latest state of each model, by where it was
    made, and every data call in order."""

    def model_changed(self, ctx, model) -> None:
        ctx.models[id(model.node)] = model

    def data_given(self, ctx, model, call) -> None:
        ctx.data_calls.append((call.node, model, call.method, call.x, call.y))


class Broadcast(Events):
    """Several listeners, each told every event it listens to, in the order given.

    Each event is bound once, when the broadcast is made, to the listeners
    that override it: an event one listener hears is that listener's method
    itself, with nothing in between (events are announced thousands of times
    per file)."""

    def __init__(self, *listeners: Events):
        for name in EVENT_NAMES:
            hearing = [getattr(listener, name) for listener in listeners
                       if getattr(type(listener), name) is not getattr(Events, name)]
            if len(hearing) == 1:
                setattr(self, name, hearing[0])
            elif hearing:
                setattr(self, name, fan_out(tuple(hearing)))


def fan_out(methods):
    def announce(*args) -> None:
        for method in methods:
            method(*args)
    return announce


EVENT_NAMES = tuple(name for name in vars(Events) if not name.startswith("_"))
