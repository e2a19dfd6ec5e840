"""The declared family (LST101-LST104, LST303) on its own: the model's values
made by hand, one event announced on the rules, the finding on the
declaration the user has to change."""

from __future__ import annotations

from support.values import Snippet, declaration, keyword, layer, shape, symbol

from flake8_lstm_shapes.keras.models import Flow
from flake8_lstm_shapes.rules.checks import Checks

RULES = Checks()


def column_of(snippet: Snippet, line: int, text: str) -> int:
    return snippet.source.splitlines()[line - 1].index(text)


def refuse_declared_rank(snippet: Snippet, dims, problem: str, via=()):
    """The snippet's LSTM refusing the rank its own ``input_shape=`` declares."""
    call = snippet.call("LSTM")
    lstm = layer(call)
    decl = declaration(snippet, keyword(call, "input_shape"), *dims)
    RULES.rank_refused(snippet.ctx, lstm, Flow(decl.shape, decl, via=via), problem, call)


def test_a_declaration_one_axis_short_is_lst101_on_the_declaration():
    snippet = Snippet("model = Sequential()\n\nmodel.add(LSTM(32, input_shape=(10,)))\n")
    refuse_declared_rank(snippet, (None, 10), "expected ndim=3, found ndim=2")
    finding = snippet.only_finding()
    assert (finding.line, finding.col, finding.code) == (3, column_of(snippet, 3, "input_shape"), "LST101")
    assert "LSTM (line 3) needs a per-sample shape of (timesteps, features)" in finding.message
    assert "input_shape=(10,) gives it (None, 10)" in finding.message
    assert "the features axis is missing" in finding.message
    assert finding.message.endswith("for one feature per step use input_shape=(10, 1)")


def test_a_declaration_with_the_samples_axis_is_lst102():
    snippet = Snippet("model = Sequential()\nmodel.add(LSTM(32, input_shape=(100, 10, 1)))\n")
    refuse_declared_rank(snippet, (None, 100, 10, 1), "expected ndim=3, found ndim=4")
    finding = snippet.only_finding()
    assert (finding.line, finding.code) == (2, "LST102")
    assert "input_shape=(100, 10, 1) has 3 dimensions (100, 10, 1)" in finding.message
    assert "the samples (batch) axis is included" in finding.message
    assert "drop the first axis, input_shape=(10, 1)" in finding.message


def test_the_shape_preserving_layers_passed_are_named():
    snippet = Snippet("d = Dropout(0.2)\nmodel.add(LSTM(32, input_shape=(10,)))\n")
    dropout = layer(snippet.call("Dropout"))
    refuse_declared_rank(snippet, (None, 10), "expected ndim=3, found ndim=2", via=(dropout,))
    assert "gives it (None, 10) through Dropout (line 1):" in snippet.only_finding().message


def test_units_zero_is_lst103_on_the_units_and_a_symbol_says_nothing():
    snippet = Snippet("a = LSTM(0)\nb = LSTM(units=n)\n")
    RULES.layer_made(snippet.ctx, layer(snippet.call("LSTM", 0)))
    RULES.layer_made(snippet.ctx, layer(snippet.call("LSTM", 1), units=symbol("n")))
    finding = snippet.only_finding()
    assert (finding.line, finding.col, finding.code) == (1, 9, "LST103")
    assert "needs a positive number of units, but 0 is 0" in finding.message


def test_a_float_number_of_units_is_lst103():
    snippet = Snippet("a = Dense(7.5)\n")
    RULES.layer_made(snippet.ctx, layer(snippet.call("Dense")))
    finding = snippet.only_finding()
    assert finding.code == "LST103"
    assert "needs an integer number of units, but 7.5 is a float (7.5)" in finding.message


def test_a_keras2_argument_is_lst303_in_keras_3_only():
    source = "a = LSTM(8, input_length=10)\nb = Dense(8, input_length=10)\n"
    keras3, keras2 = Snippet(source, keras_version=3), Snippet(source, keras_version=2)
    for snippet in (keras3, keras2):
        RULES.layer_made(snippet.ctx, layer(snippet.call("LSTM")))
        RULES.layer_made(snippet.ctx, layer(snippet.call("Dense")))
    finding = keras3.only_finding()      # input_length= is a recurrent layer's argument only
    assert (finding.line, finding.col, finding.code) == (1, 12, "LST303")
    assert "input_length= on LSTM (line 1) is Keras 2 only" in finding.message
    assert keras2.findings() == []


def test_a_negative_dimension_in_an_input_is_lst103_and_an_unknown_one_is_not():
    snippet = Snippet("a = Input(shape=(10, -1))\nb = Input(shape=(n, 3))\n")
    bad = declaration(snippet, keyword(snippet.call("Input", 0), "shape"), None, 10, -1, owner="Input")
    open_ended = declaration(snippet, keyword(snippet.call("Input", 1), "shape"), None, "n", 3,
                             owner="Input")
    RULES.input_declared(snippet.ctx, bad, None)
    RULES.input_declared(snippet.ctx, open_ended, None)
    finding = snippet.only_finding()
    assert (finding.line, finding.col, finding.code) == (1, 10, "LST103")
    assert "shape=(10, -1) on Input (line 1) has a negative number (-1) as its dimension 1" \
        in finding.message
    assert "'Negative dimensions are not allowed'" in finding.message


def test_an_int_as_the_shape_of_an_input_is_lst303_only_where_keras_3_is_established():
    source = "x = Input(shape=5)\n"
    keras3, unknown = Snippet(source, keras_version=3), Snippet(source, keras_version=None)
    for snippet in (keras3, unknown):
        decl = declaration(snippet, keyword(snippet.call("Input"), "shape"), None, 5, owner="Input")
        RULES.input_declared(snippet.ctx, decl, None)
    finding = keras3.only_finding()
    assert finding.code == "LST303"
    assert "Keras 2 reads it as (5,)" in finding.message and "write shape=(5,)" in finding.message
    assert unknown.findings() == []


def test_an_ignored_declaration_is_lst104_only_when_it_disagrees_with_what_arrives():
    snippet = Snippet("model.add(LSTM(8, input_shape=(10, 3)))\nmodel.add(LSTM(4, input_shape=(5, 8)))\n"
                      "model.add(LSTM(4, input_shape=(10, 8)))\n")
    arriving = Flow(shape(None, 10, 8))
    for nth, dims in ((1, (None, 5, 8)), (2, (None, 10, 8))):
        call = snippet.call("LSTM", nth)
        decl = declaration(snippet, keyword(call, "input_shape"), *dims)
        RULES.declaration_ignored(snippet.ctx, layer(call), decl, arriving)
    RULES.declaration_ignored(snippet.ctx, layer(snippet.call("LSTM", 1)),
                              declaration(snippet, keyword(snippet.call("LSTM", 1), "input_shape"),
                                          None, 5, 8), Flow(None))       # unknown: silent
    finding = snippet.only_finding()
    assert (finding.line, finding.code) == (2, "LST104")
    assert "input_shape=(5, 8) on LSTM (line 2) is ignored: the layer receives (None, 10, 8)" \
        in finding.message
    assert finding.message.endswith("remove it or make it (10, 8)")
