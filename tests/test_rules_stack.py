"""The stack family (LST401, LST402, LST405) on its own: shapes from one layer
to the next, merges, states and a layer's own weights, each announced on the
rules with the model's values made by hand.  (Which refused rank is this
family's, and not the declaration's or the data's, is test_rules_checks.)"""

from __future__ import annotations

from support.values import Snippet, array, declaration, keyword, layer, shape, symbol

from flake8_lstm_shapes.keras.layers import positional_strides
from flake8_lstm_shapes.keras.models import Flow, Tensor
from flake8_lstm_shapes.rules.checks import Checks

RULES = Checks()


def test_a_layer_applied_to_its_own_last_output_is_lst401_on_it():
    snippet = Snippet("lstm = LSTM(8)\nx = lstm(lstm(inputs))\n")
    lstm = layer(snippet.call("LSTM"))
    flow = Flow(shape(None, 8), producer=lstm, last_recurrent=lstm)
    site = snippet.node("lstm(lstm(inputs))")
    RULES.rank_refused(snippet.ctx, lstm, flow, "expected ndim=3, found ndim=2", site)
    finding = snippet.only_finding()
    assert (finding.line, finding.col, finding.code) == (1, 7, "LST401")
    assert finding.message.startswith("the same LSTM (line 1) is applied to its own output (None, 8)")


def test_a_wrong_rank_names_the_usual_fix():
    snippet = Snippet("a = LSTM(8)\nb = Dense(4)\nc = LSTM(2)(x)\nd = Conv1D(4, 3)(y)\n")
    first, dense = layer(snippet.call("LSTM", 0)), layer(snippet.call("Dense"))
    flat = Flow(shape(None, 4), producer=dense, last_recurrent=first)
    RULES.rank_refused(snippet.ctx, layer(snippet.call("LSTM", 1)), flat, "expected ndim=3, found ndim=2",
                       snippet.node("LSTM(2)(x)"))
    frames = Flow(shape(None, 5, 20, 3), producer=dense)
    RULES.rank_refused(snippet.ctx, layer(snippet.call("Conv1D")), frames,
                       "Keras 3 convolutions take exactly 3 dimensions, found ndim=4",
                       snippet.node("Conv1D(4, 3)(y)"))
    lstm_finding, conv_finding = snippet.ctx.sorted_findings()
    assert (lstm_finding.line, lstm_finding.code) == (3, "LST402")
    assert lstm_finding.message.endswith("(expected ndim=3, found ndim=2); add return_sequences=True "
                                         "on line 1")
    assert (conv_finding.line, conv_finding.code) == (4, "LST402")
    assert "Conv1D (line 4) needs 3-D input but gets (None, 5, 20, 3) from Dense (line 2)" \
        in conv_finding.message
    assert conv_finding.message.endswith("wrap it: TimeDistributed(Conv1D(...))")


def test_a_shape_and_a_merge_refused_are_lst402_on_the_call():
    snippet = Snippet("a = Dense(4)(x)\nb = Dense(5)(x)\nc = Reshape((3, 3))(a)\nd = Add()([a, b])\n")
    four, five = layer(snippet.call("Dense", 0)), layer(snippet.call("Dense", 1))
    RULES.shape_refused(snippet.ctx, layer(snippet.call("Reshape")), Flow(shape(None, 4), producer=four),
                        "cannot reshape 4 values into (3, 3)", snippet.node("Reshape((3, 3))(a)"))
    RULES.merge_refused(snippet.ctx, layer(snippet.call("Add")),
                        [Flow(shape(None, 4), producer=four), Flow(shape(None, 5), producer=five)],
                        "4 and 5 differ", snippet.node("Add()([a, b])"))
    reshaped, merged = snippet.ctx.sorted_findings()
    assert (reshaped.line, reshaped.col, reshaped.code) == (3, 4, "LST402")
    assert reshaped.message == ("Reshape (line 3) cannot take (None, 4) from Dense (line 1): "
                                "cannot reshape 4 values into (3, 3)")
    assert (merged.line, merged.col, merged.code) == (4, 4, "LST402")
    assert merged.message == ("Add (line 4) cannot merge (None, 4) from Dense (line 1), (None, 5) from "
                              "Dense (line 2): 4 and 5 differ")


def test_the_states_of_return_state_passed_on_as_one_input_are_lst402_except_to_an_rnn():
    snippet = Snippet("outs = LSTM(8, return_state=True)(x)\ny = Dense(1)(outs)\nz = GRU(8)(outs)\n")
    lstm = layer(snippet.call("LSTM"))
    returned = [Tensor(Flow(shape(None, 8), producer=lstm)) for _ in range(3)]
    RULES.states_passed_on(snippet.ctx, layer(snippet.call("Dense")), returned,
                           snippet.node("Dense(1)(outs)"))
    RULES.states_passed_on(snippet.ctx, layer(snippet.call("GRU")), returned, snippet.node("GRU(8)(outs)"))
    finding = snippet.only_finding()
    assert (finding.line, finding.col, finding.code) == (2, 4, "LST402")
    assert "takes one tensor but gets the 3 that LSTM (line 1) returns with return_state=True" \
        in finding.message


def test_an_initial_state_of_other_units_or_count_is_lst402():
    lines = ["LSTM(64)(x, initial_state=[h, c])", "GRU(32)(x, initial_state=[h, c])",
             "LSTM(32)(x, initial_state=[h, c])", "LSTM(units)(x, initial_state=[h, c])"]
    encoding = "encoded = LSTM(32, return_state=True)(inputs)\n"
    snippet = Snippet(encoding + "".join(line + "\n" for line in lines))
    encoder = layer(snippet.call("LSTM"))
    states = [Tensor(Flow(shape(None, 32), producer=encoder)) for _ in range(2)]
    for line in lines:
        site = snippet.node(line)
        decoder = layer(site.func, units=symbol("units")) if "units" in line else layer(site.func)
        RULES.initial_state_given(snippet.ctx, decoder, states, site)
    units, count = snippet.ctx.sorted_findings()
    assert (units.line, units.code) == (2, "LST402")
    assert "LSTM (line 2) has 64 units, so its initial_state must be 2 tensors of (batch, 64), but it " \
        "gets (None, 32) from LSTM (line 1)" in units.message
    assert (count.line, count.code) == (3, "LST402")
    assert "GRU (line 3) keeps 1 state, so its initial_state must be 1 tensor of (batch, 32), but it " \
        "gets 2 tensors (Keras 3 quietly uses the first and ignores the rest)" in count.message


def test_embedding_weights_of_another_shape_are_lst405_on_weights():
    source = ("a = Embedding(1000, 64, weights=[matrix])\nb = Embedding(1001, 64, weights=[matrix])\n"
              "c = Embedding(1000, 64, weights=matrix)\n")
    keras3, keras2 = Snippet(source), Snippet(source, keras_version=2)
    matrix = array(1001, 64)
    for snippet in (keras3, keras2):
        for nth in range(3):
            call = snippet.call("Embedding", nth)
            weights = matrix if nth == 2 else [matrix]
            RULES.layer_made(snippet.ctx, layer(call, weights=weights))
    assert keras3.findings() == [(1, 24, "LST405"), (3, 24, "LST405")]
    assert keras3.ctx.sorted_findings()[0].message.startswith(
        "Embedding (line 1) makes a (1000, 64) table (input_dim, output_dim), but matrix is (1001, 64)")
    assert keras2.findings() == [(1, 24, "LST405")]      # Keras 2 fails on the bare array otherwise


KERAS1_CONVS = ("a = Convolution2D(32, 3, 3)\nb = Conv2D(32, (3, 3), strides=3)\n"
                "c = Conv2D(32, 3, 1)\nd = Conv2D(32, 3, strides=3)\np = MaxPooling2D((2, 2))\n")
NO_ROOM_DETAIL = "a pool of 2 does not fit in 1 steps: the output would have no steps"


def test_keras1s_two_kernel_arguments_are_read_as_strides_only_when_written_that_way():
    snippet = Snippet(KERAS1_CONVS)
    spelled = [positional_strides(layer(snippet.call(kind, nth)))
               for kind, nth in (("Convolution2D", 0), ("Conv2D", 0), ("Conv2D", 1), ("Conv2D", 2))]
    assert spelled == [(3, 3), None, None, None]
    assert positional_strides(layer(snippet.call("MaxPooling2D"))) is None


def test_no_room_after_keras1s_kernel_spelling_is_reported_on_its_strides():
    snippet = Snippet(KERAS1_CONVS)
    conv, pool = layer(snippet.call("Convolution2D")), layer(snippet.call("MaxPooling2D"))
    RULES.shape_refused(snippet.ctx, pool, Flow(shape(None, 1, 1, 32), producer=conv), NO_ROOM_DETAIL,
                        snippet.call("MaxPooling2D"))
    finding = snippet.only_finding()
    assert (finding.line, finding.col, finding.code) == (1, 25, "LST402")
    assert finding.message == (
        "Convolution2D(32, 3, 3) (line 1) reads its third argument as strides=3 (in Keras 1 it was "
        "the kernel's columns), so it divides each axis of the image by 3, and MaxPooling2D (line 5) "
        "cannot take (None, 1, 1, 32): " + NO_ROOM_DETAIL + "; give the kernel as one argument, "
        "kernel_size=(3, 3) (strides=3 as a keyword if it is meant)")


def test_no_room_after_strides_given_by_keyword_stays_on_the_layer_that_has_none():
    snippet = Snippet(KERAS1_CONVS)
    conv, pool = layer(snippet.call("Conv2D", 2)), layer(snippet.call("MaxPooling2D"))
    RULES.shape_refused(snippet.ctx, pool, Flow(shape(None, 1, 1, 32), producer=conv), NO_ROOM_DETAIL,
                        snippet.call("MaxPooling2D"))
    assert snippet.findings() == [(5, 4, "LST402")]


EXTRA_AXIS = ("c = Conv2D(8, (3, 3), padding='same', input_shape=shape)\np = MaxPooling2D((2, 2))\n"
              "g = Conv2D(8, (3, 3), input_shape=(64, 64, 1))\n")


def test_a_declared_axis_too_many_that_keras2_folds_into_the_batch_is_reported_on_the_declaration():
    snippet = Snippet(EXTRA_AXIS, keras_version=2)
    conv, pool = layer(snippet.call("Conv2D")), layer(snippet.call("MaxPooling2D"))
    decl = declaration(snippet, keyword(snippet.call("Conv2D"), "input_shape"), None, 64, 64, 1, 1)
    flow = Flow(shape(None, 64, 64, 1, 8), decl, producer=conv)
    RULES.rank_refused(snippet.ctx, pool, flow, "expected ndim=4, found ndim=5", snippet.call("MaxPooling2D"))
    finding = snippet.only_finding()
    assert (finding.line, finding.col, finding.code) == (1, 38, "LST402")
    assert finding.message == (
        "input_shape=shape (line 1) declares (64, 64, 1, 1) per sample, 1 axis more than Conv2D takes "
        "(rows, cols, channels): Keras 3 refuses it there, Keras 2 reads the extra leading axis as batch "
        "and then MaxPooling2D (line 2) cannot take (None, 64, 64, 1, 8) from Conv2D (line 1): expected "
        "ndim=4, found ndim=5; declare (rows, cols, channels) and give the data that shape")


def test_a_fold_of_axes_that_were_not_declared_stays_on_the_layer_that_refuses():
    snippet = Snippet(EXTRA_AXIS, keras_version=2)
    conv, pool = layer(snippet.call("Conv2D", 1)), layer(snippet.call("MaxPooling2D"))
    decl = declaration(snippet, keyword(snippet.call("Conv2D", 1), "input_shape"), None, 64, 64, 1)
    flow = Flow(shape(None, 5, 62, 62, 8), decl, producer=conv)     # frames from elsewhere
    RULES.rank_refused(snippet.ctx, pool, flow, "expected ndim=4, found ndim=5", snippet.call("MaxPooling2D"))
    assert snippet.findings() == [(2, 4, "LST402")]
