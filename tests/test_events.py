"""The channel between the model layer and the rules (core.events)."""

from __future__ import annotations

import ast

from flake8_lstm_shapes import analysis
from flake8_lstm_shapes.core.events import EVENT_NAMES, SILENT, Broadcast, Events


class Heard(Events):
    def __init__(self, name, log):
        self.name, self.log = name, log

    def layer_made(self, ctx, layer):
        self.log.append((self.name, "layer_made", layer))

    def data_given(self, ctx, model, call):
        self.log.append((self.name, "data_given", call))


class Deaf(Events):
    pass


def test_a_broadcast_tells_each_listener_in_order_and_skips_the_deaf():
    log = []
    both = Broadcast(Heard("first", log), Deaf(), Heard("second", log))
    both.layer_made(None, "L")
    both.data_given(None, "M", "C")
    both.merge_refused(None, "L", [], "detail", None)      # nobody hears it: nothing happens
    assert log == [("first", "layer_made", "L"), ("second", "layer_made", "L"),
                   ("first", "data_given", "C"), ("second", "data_given", "C")]


def test_every_event_of_the_silent_listener_does_nothing():
    for name in EVENT_NAMES:
        method = getattr(SILENT, name)
        arity = method.__code__.co_argcount - 1
        assert method(*([None] * arity)) is None


def test_the_model_layer_announces_what_the_rules_judge(monkeypatch):
    """The rules hear a layer made and the data given, with the model's own values."""
    source = ("import numpy as np\nfrom keras.models import Sequential\nfrom keras.layers import LSTM\n"
              "model = Sequential()\nmodel.add(LSTM(4, input_shape=(3, 2)))\n"
              "model.fit(np.zeros((8, 3, 2)), np.zeros((8, 4)))\n")
    log = []
    real = analysis.listeners
    monkeypatch.setattr(analysis, "listeners", lambda: Broadcast(real(), Heard("probe", log)))
    ctx = analysis.analyze(ast.parse(source), source.splitlines(keepends=True), "probe.py", "3")
    kinds = [(kind, getattr(value, "kind", getattr(value, "method", None))) for _, kind, value in log]
    assert kinds == [("layer_made", "LSTM"), ("data_given", "fit")]
    call = log[1][2]
    assert tuple(call.x.shape[i].value for i in range(3)) == (8, 3, 2)
    assert ctx.sorted_findings() == []
