"""The data family (LST201-LST206) on its own: arrays given to a model whose
input is declared, NumPy's own refusals, each announced on the rules with the
model's values made by hand.  Keras adjusts a rank by a trailing axis of 1
and Keras 3 Sequential models do not check timesteps: those stay silent."""

from __future__ import annotations

from support.values import Snippet, array, data_call, declaration, keyword, layer, shape, unranked, value

from flake8_lstm_shapes.core.values import Origin
from flake8_lstm_shapes.keras.models import Flow, Functional, Sequential, Tensor
from flake8_lstm_shapes.rules.checks import Checks

RULES = Checks()

FIT = """
model = Sequential()
model.add(LSTM(4, input_shape={declared}))
model.{method}(X, Y)
"""


def give(x, declared=(10, 3), method="fit", y=None, keras_version=3, functional=False, **call):
    """``model.<method>(X, Y)`` on a model of one LSTM declaring ``input_shape=declared``
    (names for sizes unknown); returns the snippet, its findings in its context."""
    written = "(" + ", ".join(str(d) for d in declared) + ("," if len(declared) == 1 else "") + ")"
    snippet = Snippet(FIT.format(declared=written, method=method), keras_version=keras_version)
    lstm_call = snippet.call("LSTM")
    lstm = layer(lstm_call)
    decl = declaration(snippet, keyword(lstm_call, "input_shape"), None, *declared)
    out = Flow(shape(None, 4), decl, producer=lstm)
    if functional:
        model = Functional(snippet.call("Sequential"), (Tensor(Flow(decl.shape, decl)),),
                           (Tensor(out),), loss=value("mse"))
    else:
        model = Sequential(snippet.call("Sequential"), (lstm,), out, decl, loss=value("mse"))
    RULES.data_given(snippet.ctx, model, data_call(snippet.call(method), x, y, **call))
    return snippet


def test_a_trailing_axis_of_one_keras_adds_or_drops_says_nothing():
    assert give(array(64, 10), declared=(10, 1)).findings() == []
    assert give(array(64, 10, 3, 1)).findings() == []


def test_other_features_are_lst203_on_the_data():
    snippet = give(array(64, 10, 2, origin=Origin(1, "np.zeros((64, 10, 2))")))
    finding = snippet.only_finding()
    assert (finding.line, finding.col, finding.code) == (3, 10, "LST203")
    assert finding.message == (
        "model expects (samples, 10, 3) (input_shape=(10, 3) on line 2) but X is (64, 10, 2) "
        "(line 1: np.zeros((64, 10, 2))): 3 features declared, 2 given; declare "
        "input_shape=(10, 2) or give the data 3 features")


def test_timesteps_and_features_swapped_are_named_so():
    assert "timesteps and features are swapped; declare input_shape=(3, 10)" \
        in give(array(64, 3, 10)).only_finding().message


def test_timesteps_alone_differ_only_where_keras_checks_them():
    x = array(64, 12, 3)
    assert give(x).findings() == []                       # a Keras 3 Sequential model
    assert give(x, functional=True).findings() == [(3, 10, "LST203")]
    keras2 = give(x, keras_version=2).only_finding()
    assert keras2.code == "LST203"
    assert "axis 1 is 12, 10 declared (Keras 2 checks it" in keras2.message


def test_unknown_sizes_say_nothing():
    assert give(unranked()).findings() == []
    assert give(array(64, "steps", 3)).findings() == []
    assert give(array("n", "steps", "features"), declared=("steps", "features")).findings() == []


def test_another_rank_is_lst202_with_the_reshape_that_keeps_the_values():
    finding = give(array(64, 30)).only_finding()
    assert finding.code == "LST202"
    assert finding.message.endswith("but X is (64, 30); reshape it with X.reshape((X.shape[0], 10, 3))")


def test_batches_of_another_rank_are_reshaped_where_each_batch_is_made():
    """A generator or dataset is not an array: ``gen.reshape(...)`` would not
    run, the reshape belongs to the code that makes each batch."""
    finding = give(array(64, 30), from_batches=True).only_finding()
    assert finding.code == "LST202"
    assert finding.message.endswith("but X is (64, 30); reshape each batch where it is made "
                                    "to (batch, 10, 3)")


def test_one_sample_without_its_batch_axis_is_lst206_when_predicting_only():
    finding = give(array(10, 3), method="predict").only_finding()
    assert (finding.line, finding.col, finding.code) == (3, 14, "LST206")
    assert "one sample without its batch axis" in finding.message
    assert finding.message.endswith("pass X[np.newaxis]")
    assert [code for _, _, code in give(array(10, 3)).findings()] == ["LST202"]


def test_x_and_y_of_other_sample_counts_are_lst205_on_x():
    finding = give(array(64, 10, 3), y=array(60, 4)).only_finding()
    assert (finding.line, finding.col, finding.code) == (3, 10, "LST205")
    assert "x and y have different sample counts: X is (64, 10, 3), Y is (60, 4)" in finding.message
    assert give(array(64, 10, 3), y=array("n", 4)).findings() == []


def test_validation_data_is_checked_as_the_training_data():
    snippet = Snippet("model.add(LSTM(4, input_shape=(10, 3)))\n"
                      "model.fit(X, Y, validation_data=(Xv, Yv))\n")
    decl = declaration(snippet, keyword(snippet.call("LSTM"), "input_shape"), None, 10, 3)
    lstm = layer(snippet.call("LSTM"))
    model = Sequential(snippet.call("add"), (lstm,), Flow(shape(None, 4), decl, producer=lstm), decl)
    validation = (array(8, 10, 5), snippet.node("Xv"), array(9, 4), snippet.node("Yv"))
    RULES.data_given(snippet.ctx, model, data_call(snippet.call("fit"), array(64, 10, 3), array(64, 4),
                                                   validation=validation))
    assert snippet.findings() == [(2, 33, "LST203"), (2, 33, "LST205")]


def test_numpys_refusals_are_lst201_and_lst204_on_the_expression():
    snippet = Snippet("a = X.reshape(7, -1)\nb = X.shape[2]\n")
    x = array(10, 3, origin=Origin(1, "np.zeros((10, 3))"))
    reshape = snippet.call("reshape")
    RULES.reshape_refused(snippet.ctx, reshape, x, snippet.node("X"), shape(7, -1),
                          "30 elements do not divide into rows of 7")
    RULES.shape_index_out_of_range(snippet.ctx, snippet.node("X.shape[2]"), x, "X", 2)
    reshaped, indexed = snippet.ctx.sorted_findings()
    assert (reshaped.line, reshaped.col, reshaped.code) == (1, 4, "LST201")
    assert reshaped.message.startswith("reshape of X to (7, -1) cannot work: X is (10, 3)")
    assert (indexed.line, indexed.col, indexed.code) == (2, 4, "LST204")
    assert indexed.message.startswith("X.shape[2] is out of range: X is 2-D (10, 3)")
