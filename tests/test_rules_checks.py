"""``rules.checks``: which family hears an event.

A layer refusing its input is reported where the user has to change the code:
on the declaration (LST101/LST102), on the data the model was built from
(LST202), on the recurrent layer that lacks ``return_sequences=True``
(LST401), or else on the layer call itself (LST402).  Data given to a model
is judged only when its declaration has no finding of its own; the target and
batch rules need the model's one output, and a generator's batches are sized
by the generator, not by ``batch_size``.
"""

from __future__ import annotations

from flake8_lstm_shapes.core.records import replace

from support.values import Snippet, array, built_from, data_call, declaration, keyword, layer, shape, value

from flake8_lstm_shapes.keras.models import Flow, Functional, Sequential, Tensor
from flake8_lstm_shapes.rules.checks import Checks

RULES = Checks()

RANK_2 = "expected ndim=3, found ndim=2"


def test_a_rank_straight_from_the_declaration_is_the_declarations_finding():
    snippet = Snippet("LSTM(8, input_shape=(10,))\n")
    call = snippet.call("LSTM")
    decl = declaration(snippet, keyword(call, "input_shape"), None, 10)
    RULES.rank_refused(snippet.ctx, layer(call), Flow(decl.shape, decl), RANK_2, call)
    assert snippet.findings() == [(1, 8, "LST101")]


def test_a_rank_from_the_data_the_model_was_built_from_is_the_datas_finding():
    snippet = Snippet("model = Sequential([Embedding(100, 8), LSTM(4)])\nmodel.fit(X, y)\n")
    x_node = snippet.node("X")
    built = built_from(snippet, x_node, array(64, 10, 3))
    embedding, lstm = layer(snippet.call("Embedding")), layer(snippet.call("LSTM"))
    # the Embedding refuses nothing, the LSTM after it gets 4-D: still the data's rank
    after_embedding = replace(built, shape=shape(None, 10, 3, 8), producer=embedding)
    RULES.rank_refused(snippet.ctx, lstm, after_embedding, "expected ndim=3, found ndim=4",
                       snippet.call("LSTM"))
    finding = snippet.only_finding()
    assert (finding.line, finding.col, finding.code) == (2, 10, "LST202")
    assert "LSTM (line 1) gets (None, 10, 3, 8) from Embedding (line 1)" in finding.message
    assert "the data is 2-D (samples, timesteps) of integer ids" in finding.message

    straight = Snippet(snippet.source)
    RULES.rank_refused(straight.ctx, lstm, built, RANK_2, straight.call("LSTM"))
    assert straight.findings() == [(2, 10, "LST202")]
    assert "the model declares no input, so Keras builds it from X of shape (64, 10, 3)" \
        in straight.only_finding().message


def test_a_built_from_data_flow_past_another_layer_is_not_the_datas():
    snippet = Snippet("model = Sequential([Dense(4), LSTM(4)])\nmodel.fit(X, y)\n")
    x_node = snippet.node("X")
    dense, lstm_call = layer(snippet.call("Dense")), snippet.call("LSTM")
    flow = replace(built_from(snippet, x_node, array(64, 10)), shape=shape(None, 4), producer=dense)
    RULES.rank_refused(snippet.ctx, layer(lstm_call), flow, RANK_2, lstm_call)
    assert [code for _, _, code in snippet.findings()] == ["LST402"]


def test_a_recurrent_layer_fed_by_one_without_return_sequences_is_lst401_on_that_one():
    snippet = Snippet("model.add(LSTM(8, input_shape=(10, 3)))\nmodel.add(LSTM(4))\n")
    first_call, second_call = snippet.call("LSTM", 0), snippet.call("LSTM", 1)
    first = layer(first_call)
    decl = declaration(snippet, keyword(first_call, "input_shape"), None, 10, 3)
    flow = Flow(shape(None, 8), decl, producer=first, last_recurrent=first)
    RULES.rank_refused(snippet.ctx, layer(second_call), flow, RANK_2, second_call)
    finding = snippet.only_finding()
    assert (finding.line, finding.col, finding.code) == (1, 10, "LST401")
    assert finding.message.endswith("which returns only its last output; add return_sequences=True "
                                    "on line 1")


def test_anything_else_is_lst402_on_the_layer_call():
    snippet = Snippet("x = Dense(8)(inputs)\ny = LSTM(4)(x)\n")
    dense = layer(snippet.call("Dense"))
    site = snippet.node("LSTM(4)(x)")
    RULES.rank_refused(snippet.ctx, layer(snippet.call("LSTM")), Flow(shape(None, 8), producer=dense),
                       RANK_2, site)
    finding = snippet.only_finding()
    assert (finding.line, finding.col, finding.code) == (2, 4, "LST402")
    assert "LSTM (line 2) needs 3-D input (batch, timesteps, features) but gets (None, 8) from " \
        "Dense (line 1) (expected ndim=3, found ndim=2)" == finding.message


def test_a_shape_refused_is_the_datas_only_for_the_built_from_data_input():
    snippet = Snippet("model = Sequential([Reshape((5, 5))])\nmodel.fit(X, y)\n")
    x_node, call = snippet.node("X"), snippet.call("Reshape")
    reshape = layer(call)
    RULES.shape_refused(snippet.ctx, reshape, built_from(snippet, x_node, array(8, 24)), "24 != 25", call)
    RULES.shape_refused(snippet.ctx, reshape, Flow(shape(None, 24), producer=reshape), "24 != 25", call)
    assert snippet.findings() == [(1, 20, "LST402"), (2, 10, "LST202")]


SEQUENTIAL_FIT = """
model = Sequential()
model.add(LSTM(4, input_shape=(10, 3)))
model.fit(X, Y, batch_size=16)
"""


def sequential(snippet: Snippet, x_dims, out_dims, loss="mse", stateful=None, batch=None):
    call = snippet.call("LSTM")
    lstm = layer(call)
    decl = declaration(snippet, keyword(call, "input_shape"), batch, *x_dims)
    out = Flow(shape(batch, *out_dims), decl, producer=lstm, stateful=stateful)
    return Sequential(snippet.call("Sequential"), (lstm,), out, decl, loss=value(loss))


def test_a_declaration_with_a_finding_of_its_own_silences_the_data():
    snippet = Snippet(SEQUENTIAL_FIT)
    model = sequential(snippet, (10, 3), (4,))
    fit = data_call(snippet.call("fit"), array(64, 10, 5), array(32, 4))
    snippet.ctx.report(keyword(snippet.call("LSTM"), "input_shape"), "LST103", "the declaration's own")
    RULES.data_given(snippet.ctx, model, fit)
    assert [code for _, _, code in snippet.findings()] == ["LST103"]


def test_a_keras2_spelling_on_the_declaration_does_not_silence_the_data():
    snippet = Snippet(SEQUENTIAL_FIT)
    model = sequential(snippet, (10, 3), (4,))
    snippet.ctx.report(keyword(snippet.call("LSTM"), "input_shape"), "LST303", "a Keras 2 spelling")
    RULES.data_given(snippet.ctx, model, data_call(snippet.call("fit"), array(64, 10, 5), array(64, 4)))
    assert [code for _, _, code in snippet.findings()] == ["LST303", "LST203"]


def test_targets_are_checked_against_the_one_output_only():
    snippet = Snippet("model = Model(inputs, [a, b])\nmodel.fit(X, Y)\n")
    inputs = Tensor(Flow(shape(None, 10, 3)))
    outputs = (Tensor(Flow(shape(None, 5))), Tensor(Flow(shape(None, 1))))
    two = Functional(snippet.call("Model"), (inputs,), outputs, loss=value("mse"))
    one = Functional(snippet.call("Model"), (inputs,), outputs[:1], loss=value("mse"))
    fit = data_call(snippet.call("fit"), array(64, 10, 3), array(64, 3))
    RULES.data_given(snippet.ctx, two, fit)
    assert snippet.findings() == []                 # which output is Y for?
    RULES.data_given(snippet.ctx, one, fit)
    assert snippet.findings() == [(2, 13, "LST403")]


def test_the_sparse_loss_and_a_one_hot_target_need_no_output():
    snippet = Snippet("model = Model(inputs, [a, b])\nmodel.fit(X, Y)\n")
    outputs = (Tensor(Flow(shape(None, 5))), Tensor(Flow(shape(None, 1))))
    model = Functional(snippet.call("Model"), (Tensor(Flow(None)),), outputs,
                       loss=value("sparse_categorical_crossentropy"))
    RULES.data_given(snippet.ctx, model, data_call(snippet.call("fit"), array(64, 3),
                                                   array(64, 5, one_hot=shape(5)[0])))
    assert snippet.findings() == [(2, 13, "LST404")]


STATEFUL_FIT = """
model = Sequential()
model.add(LSTM(4, batch_input_shape=(32, 10, 3), stateful=True))
model.fit(X, Y, batch_size=16)
"""


def stateful_model(snippet: Snippet):
    call = snippet.call("LSTM")
    lstm = layer(call)
    decl = declaration(snippet, keyword(call, "batch_input_shape"), 32, 10, 3)
    out = Flow(shape(32, 4), decl, producer=lstm, stateful=lstm)
    return Sequential(snippet.call("Sequential"), (lstm,), out, decl, loss=value("mse"))


def test_batches_of_a_generator_are_not_judged_by_batch_size():
    fits = []
    for from_batches in (False, True):
        snippet = Snippet(STATEFUL_FIT, keras_version=2)
        fit_call = snippet.call("fit")
        fit = data_call(fit_call, array(64, 10, 3), array(64, 4), from_batches=from_batches,
                        batch_size=16, batch_node=keyword(fit_call, "batch_size"))
        RULES.data_given(snippet.ctx, stateful_model(snippet), fit)
        fits.append(snippet.findings())
    assert fits == [[(3, 16, "LST301")], []]
