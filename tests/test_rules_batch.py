"""The batch family (LST301, LST302) on its own: a stateful recurrent layer
needs a fixed batch, and then every batch it is given must have that size."""

from __future__ import annotations

from support.values import Snippet, array, data_call, declaration, keyword, layer, shape, value

from flake8_lstm_shapes.keras.models import Flow, Sequential
from flake8_lstm_shapes.rules.checks import Checks

RULES = Checks()


def test_a_stateful_layer_without_a_fixed_batch_is_lst302_on_stateful():
    source = "LSTM(4, stateful=True)\n"
    seen = {}
    for version in (3, 2):
        snippet = Snippet(source, keras_version=version)
        RULES.layer_receives(snippet.ctx, layer(snippet.call("LSTM")), Flow(shape(None, 10, 3)))
        seen[version] = snippet.only_finding()
    assert (seen[3].line, seen[3].col, seen[3].code) == (1, 8, "LST302")
    assert "LSTM (line 1) is stateful=True, so its batch size must be fixed, but it gets " \
        "(None, 10, 3) from its input (any batch)" in seen[3].message
    assert seen[3].message.endswith("declare the batch with keras.Input(batch_shape=(batch, ...))")
    assert seen[2].message.endswith("batch_input_shape=(batch, ...) on the first layer")


def test_a_fixed_batch_a_stateless_layer_or_a_finding_already_there_say_nothing():
    snippet = Snippet("a = LSTM(4, stateful=True)\nb = LSTM(4)\nc = LSTM(4, stateful=True, batch_size=8)\n")
    stateful, stateless, spelled = (layer(snippet.call("LSTM", i)) for i in range(3))
    RULES.layer_receives(snippet.ctx, stateful, Flow(shape(32, 10, 3)))
    RULES.layer_receives(snippet.ctx, stateless, Flow(shape(None, 10, 3)))
    snippet.ctx.report(keyword(snippet.call("LSTM", 2), "batch_size"), "LST303", "Keras 2 only")
    RULES.layer_receives(snippet.ctx, spelled, Flow(shape(None, 10, 3)))
    assert [code for _, _, code in snippet.findings()] == ["LST303"]


def test_the_stateful_layer_inside_bidirectional_is_the_one_reported():
    snippet = Snippet("Bidirectional(LSTM(4, stateful=True))\n")
    RULES.layer_receives(snippet.ctx, layer(snippet.call("Bidirectional")), Flow(shape(None, 10, 3)))
    assert snippet.findings() == [(1, 22, "LST302")]


FIT = """
model = Sequential()
model.add(LSTM(4, batch_input_shape=(32, 10, 3), stateful=True))
model.{call}
"""


def give(call: str, samples, batch_size=None):
    """``model.<call>`` on a model whose stateful LSTM fixes the batch at 32,
    with x of ``samples`` samples; the snippet, its findings in its context."""
    snippet = Snippet(FIT.format(call=call), keras_version=2)
    lstm_call = snippet.call("LSTM")
    lstm = layer(lstm_call)
    decl = declaration(snippet, keyword(lstm_call, "batch_input_shape"), 32, 10, 3)
    model = Sequential(snippet.call("Sequential"), (lstm,), Flow(shape(32, 4), decl, producer=lstm,
                                                                 stateful=lstm), decl, loss=value("mse"))
    data = snippet.call(call.split("(")[0])
    batch_node = next((kw for kw in data.keywords if kw.arg == "batch_size"), None)
    given = data_call(data, array(samples, 10, 3), None, batch_size=batch_size, batch_node=batch_node)
    RULES.data_given(snippet.ctx, model, given)
    return snippet


def test_batches_of_another_size_are_lst301_at_the_call_naming_batch_size():
    finding = give("fit(X, Y, batch_size=16)", 64, batch_size=16).only_finding()
    assert (finding.line, finding.col, finding.code) == (3, 0, "LST301")
    assert finding.message == (
        "LSTM (line 2) is stateful with a batch fixed at 32 by batch_input_shape=(32, 10, 3) "
        "(line 2), but fit gets batches of 16 (batch_size=16, x is (64, 10, 3)); every batch "
        "must have 32 samples: pass batch_size=32")


def test_fewer_samples_than_the_batch_are_lst301_on_the_call():
    finding = give("predict(X)", 1).only_finding()
    assert (finding.line, finding.col, finding.code) == (3, 0, "LST301")
    assert "but predict gets a single sample (x is (1, 10, 3))" in finding.message
    assert finding.message.endswith("pass 32 samples at a time")


def test_a_sample_count_not_a_multiple_of_the_batch_is_lst302_the_last_batch():
    finding = give("fit(X, Y)", 100).only_finding()
    assert (finding.line, finding.col, finding.code) == (3, 0, "LST302")
    assert "fit gets 100 samples, not a multiple of 32: the last batch has 4" in finding.message
    assert finding.message.endswith("trim the data to 96 samples")


def test_the_whole_array_at_once_is_one_batch():
    whole = give("__call__(X)", 64).only_finding()
    assert "but __call__ gets batches of 64 (the whole array" in whole.message
    assert give("__call__(X)", 32).findings() == []


def test_the_right_batches_or_an_unreadable_batch_size_say_nothing():
    assert give("fit(X, Y)", 64).findings() == []                    # the default batch_size=32
    assert give("fit(X, Y, batch_size=32)", 96, batch_size=32).findings() == []
    assert give("fit(X, Y, batch_size=size)", 100).findings() == []  # a size we cannot read
    assert give("fit(X, Y)", "n").findings() == []                   # an unknown sample count
