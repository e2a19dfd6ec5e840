"""The targets family (LST403, LST404) on its own: the model's one output
against ``y``, as the loss compares them.  Element-wise losses squeeze or
expand a trailing axis of 1 first, so those shapes stay silent; an unknown
loss or target says nothing."""

from __future__ import annotations

from support.values import Snippet, array, data_call, declaration, keyword, layer, shape, unranked, value

from flake8_lstm_shapes.core.values import Origin, Ref
from flake8_lstm_shapes.keras.models import Flow, Sequential
from flake8_lstm_shapes.rules.checks import Checks

RULES = Checks()

FIT = """
model = Sequential()
model.add(LSTM(8, input_shape=(10, 3), return_sequences={sequences}))
model.add({head})
model.fit(X, Y{validation})
"""


def fit(y, out, loss="mse", head="Dense(5)", sequences=False, version=3, y_val=None):
    """``model.fit(X, Y)`` on an LSTM followed by ``head``, whose output is
    ``out``; X fits the declared input, so only the target is judged.  With
    ``y_val``, the call is ``model.fit(X, Y, validation_data=(Xv, Yv))``."""
    validation = "" if y_val is None else ", validation_data=(Xv, Yv)"
    snippet = Snippet(FIT.format(head=head, sequences=sequences, validation=validation),
                      keras_version=version)
    lstm_call = snippet.call("LSTM")
    lstm, last = layer(lstm_call), layer(snippet.call("add", 1).args[0])
    decl = declaration(snippet, keyword(lstm_call, "input_shape"), None, 10, 3)
    output = Flow(shape(*out), decl, producer=last, sequences=lstm if sequences else None,
                  last_recurrent=lstm)
    model = Sequential(snippet.call("Sequential"), (lstm, last), output, decl, loss=value(loss))
    pair = None
    if y_val is not None:
        xv_node, yv_node = keyword(snippet.call("fit"), "validation_data").value.elts
        pair = (array(16, 10, 3), xv_node, y_val, yv_node)
    RULES.data_given(snippet.ctx, model, data_call(snippet.call("fit"), array(64, 10, 3), y,
                                                   validation=pair))
    return snippet


CATEGORICAL = "categorical_crossentropy"
SPARSE = "sparse_categorical_crossentropy"
LABELS = array(64, dtype="int", origin=Origin(1, "np.argmax(onehot, axis=1)"))


def test_integer_labels_with_the_categorical_loss_are_lst404_on_y():
    finding = fit(LABELS, (None, 5), CATEGORICAL).only_finding()
    assert (finding.line, finding.col, finding.code) == (4, 13, "LST404")
    assert finding.message == (
        "categorical_crossentropy needs one-hot targets of the output's shape, but Y is (64,) "
        "(line 1: np.argmax(onehot, axis=1)): integer class labels, and the model's output of Dense "
        "(line 3) is (None, 5); use loss='sparse_categorical_crossentropy' or to_categorical(y)")
    as_object = fit(LABELS, (None, 5), Ref("keras.losses.CategoricalCrossentropy")).only_finding()
    assert "use keras.losses.SparseCategoricalCrossentropy(...) with the same arguments" in as_object.message


def test_another_number_of_classes_is_lst403_or_lst404_for_a_one_hot_y():
    plain = fit(array(64, 3), (None, 5), CATEGORICAL).only_finding()
    assert plain.code == "LST403"
    assert plain.message.endswith("needs the same shape; make the last layer's units 3")
    one_hot = fit(array(64, 3, one_hot=shape(3)[0]), (None, 5), CATEGORICAL).only_finding()
    assert one_hot.code == "LST404"
    assert "one-hot with 3 classes, but the model's output of Dense (line 3) is (None, 5) with 5 units" \
        in one_hot.message


def test_a_single_output_unit_with_the_categorical_loss_is_not_a_target_finding():
    assert fit(LABELS, (None, 1), CATEGORICAL, head="Dense(1)").findings() == []


def test_a_one_hot_target_with_the_sparse_loss_is_lst404_and_labels_are_fine():
    assert fit(array(64, 5), (None, 5), SPARSE).findings() == [(4, 13, "LST404")]
    assert fit(LABELS, (None, 5), SPARSE).findings() == []
    assert fit(array(64, 1, dtype="int"), (None, 5), SPARSE).findings() == []
    # the output unknown, the target's one-hot axis alone is enough
    assert fit(unranked(one_hot=shape(5)[0]), (None, 5), SPARSE).findings() == [(4, 13, "LST404")]


def test_return_sequences_left_on_before_the_head_is_lst403_naming_the_layer():
    finding = fit(array(64, 1), (None, 10, 1), head="TimeDistributed(Dense(1))",
                  sequences=True).only_finding()
    assert finding.code == "LST403"
    assert "one output per timestep because LSTM (line 2) keeps return_sequences=True" in finding.message
    assert finding.message.endswith("remove return_sequences=True on line 2 (or give y a timesteps axis)")


def test_a_trailing_axis_of_one_the_loss_squeezes_or_adds_says_nothing():
    assert fit(array(64, 5), (None, 5, 1), head="TimeDistributed(Dense(1))", sequences=True).findings() == []
    assert fit(array(64), (None, 1), head="Dense(1)").findings() == []
    assert fit(array(64, 5, 1), (None, 5)).findings() == []


def test_elementwise_sizes_that_differ_raise_or_broadcast_silently():
    loud = fit(array(64, 2), (None, 3), head="Dense(3)").only_finding()
    assert loud.code == "LST403"
    assert "mean_squared_error raises (the shapes do not broadcast); make the last layer's units 2" \
        in loud.message
    silent = fit(array(64, 1), (None, 3), head="Dense(3)").only_finding()
    assert "mean_squared_error silently broadcasts one against the other" in silent.message
    # several outputs against one column from a model ending in its LSTM: often toy code
    assert fit(array(64, 1), (None, 3), head="LSTM(3)").findings() == []


def test_a_dense_on_3d_input_without_flatten_is_named():
    finding = fit(array(64), (None, 10, 4), head="Dense(4)").only_finding()
    assert finding.code == "LST403"
    assert "mean_squared_error cannot match them; Dense acts on the last axis only, so the output " \
        "keeps 1 more axis; add Flatten() or a global pooling layer before it" in finding.message


def test_one_hot_rows_against_a_dense_on_3d_input_are_lst403_not_integer_labels():
    """(64, 4) one-hot rows against (None, 10, 4): a missing Flatten, which both
    Kerases refuse; integer labels (64, 10) against it stay LST404."""
    one_hot = fit(array(64, 4, one_hot=shape(4)[0]), (None, 10, 4), CATEGORICAL,
                  head="Dense(4)").only_finding()
    assert one_hot.code == "LST403"
    assert "categorical_crossentropy cannot match them; Dense acts on the last axis only" in one_hot.message
    floats = fit(array(64, 4), (None, 10, 4), CATEGORICAL, head="Dense(4)").only_finding()
    assert floats.code == "LST403"
    labels = fit(array(64, 10, dtype="int"), (None, 10, 4), CATEGORICAL, head="Dense(4)").only_finding()
    assert labels.code == "LST404" and "integer class labels" in labels.message


def test_an_unknown_loss_or_target_shape_says_nothing():
    assert fit(array(64, 2), (None, 3), loss="my_loss").findings() == []
    assert fit(array(64, 2), (None, 3), loss=None).findings() == []
    assert fit(unranked(), (None, 3)).findings() == []
    assert fit(array(64, "k"), (None, 3)).findings() == []


BINARY = "binary_crossentropy"
ONE_HOT = array(64, 5, one_hot=shape(5)[0])


def per_step(y, loss, units=5, head=None):
    """The LSTM keeps its 10 timesteps up to the head: output (None, 10, units)."""
    return fit(y, (None, 10, units), loss, head=head or f"Dense({units})", sequences=True)


def test_per_sequence_targets_against_per_step_outputs_raise_with_the_classification_losses():
    for y, loss in ((ONE_HOT, CATEGORICAL), (array(64, 5), CATEGORICAL),
                    (array(64, 1, dtype="int"), CATEGORICAL), (LABELS, SPARSE),
                    (array(64, 1, dtype="int"), SPARSE),
                    (ONE_HOT, Ref("keras.losses.CategoricalCrossentropy"))):
        finding = per_step(y, loss).only_finding()
        assert (finding.line, finding.col, finding.code) == (4, 13, "LST403"), (y, loss)
        assert "one output per timestep because LSTM (line 2) keeps return_sequences=True" in finding.message
        assert "one target per sequence" in finding.message
        assert finding.message.endswith("remove return_sequences=True on line 2 (or give y a timesteps axis)")
    sparse = per_step(LABELS, SPARSE).only_finding()
    assert "it needs y of the output's shape without its last axis" in sparse.message
    assert per_step(ONE_HOT, CATEGORICAL, head="TimeDistributed(Dense(5))").findings() == [(4, 13, "LST403")]


def test_per_step_targets_against_per_step_outputs_are_fine():
    assert per_step(array(64, 10, 5, one_hot=shape(5)[0]), CATEGORICAL).findings() == []
    assert per_step(array(64, 10, dtype="int"), SPARSE).findings() == []
    assert per_step(array(64, 10, 1, dtype="int"), SPARSE).findings() == []


def test_per_step_targets_against_a_last_step_output_raise():
    one_hot = fit(array(64, 10, 5, one_hot=shape(5)[0]), (None, 5), CATEGORICAL).only_finding()
    assert one_hot.code == "LST403"
    assert "one output per sequence because LSTM (line 2) returns its last step only" in one_hot.message
    assert "one target per timestep (10 of them)" in one_hot.message
    assert one_hot.message.endswith("add return_sequences=True on line 2 (or give y one target per sequence)")
    for labels in (array(64, 10, dtype="int"), array(64, 10, 1, dtype="int")):
        assert fit(labels, (None, 5), SPARSE).findings() == [(4, 13, "LST403")]
    # a symbolic number of timesteps may be 1, which Keras 2 accepts; one step always passes
    assert fit(array(64, "n_steps", dtype="int"), (None, 5), SPARSE).findings() == []
    assert fit(array(64, 1, 1, dtype="int"), (None, 5), SPARSE).findings() == []


def test_binary_crossentropy_needs_the_outputs_shape_in_keras_3_only():
    snippet = per_step(array(64, 1), BINARY, units=1)
    finding = snippet.only_finding()
    assert finding.code == "LST403"
    assert "binary_crossentropy raises, for Keras 3 needs the target in the output's shape" in finding.message
    assert fit(array(64, 10, 1), (None, 10, 1), BINARY, head="Dense(1)", sequences=True).findings() == []
    assert fit(array(64), (None, 1), BINARY, head="Dense(1)").findings() == []
    # Keras 2 (or an unknown version) may broadcast it: the per-step signature alone is reported
    for version in (2, None):
        broadcast = fit(array(64, 1), (None, 10, 1), BINARY, head="Dense(1)", sequences=True,
                        version=version).only_finding()
        assert "binary_crossentropy raises in Keras 3 and, in Keras 2, raises or silently broadcasts" \
            in broadcast.message
        assert fit(array(64, 3), (None, 5), BINARY, version=version).findings() == [(4, 13, "LST403")]
        assert fit(array(64, 1), (None, 5), BINARY, head="LSTM(5)", version=version).findings() == []


VALIDATION_FIX = "build the validation target the way y is built: both must meet the same output and loss"


def test_a_validation_target_the_loss_refuses_is_reported_on_it_as_the_validation_target():
    finding = fit(array(64, 5), (None, 5), y_val=array(16, 3, origin=Origin(2, "np.zeros((16, 3))"))
                  ).only_finding()
    assert (finding.line, finding.col, finding.code) == (4, 37, "LST403")
    assert finding.message == (
        "the model's output of Dense (line 3) is (None, 5) but the validation target Yv is (16, 3) "
        "(line 2: np.zeros((16, 3))): mean_squared_error raises (the shapes do not broadcast); "
        + VALIDATION_FIX)


def test_validation_targets_meet_the_same_losses_as_y():
    one_hot = fit(LABELS, (None, 5), SPARSE, y_val=array(16, 5, one_hot=shape(5)[0])).only_finding()
    assert (one_hot.code, one_hot.col) == ("LST404", 37)
    assert one_hot.message.endswith("one-hot; " + VALIDATION_FIX)
    labels = fit(array(64, 5, one_hot=shape(5)[0]), (None, 5), CATEGORICAL,
                 y_val=array(16, dtype="int")).only_finding()
    assert (labels.code, labels.col) == ("LST404", 37)
    per_step = fit(array(64, 10, 5), (None, 10, 5), CATEGORICAL, head="Dense(5)", sequences=True,
                   y_val=array(16, 5, one_hot=shape(5)[0])).only_finding()
    assert (per_step.code, per_step.col) == ("LST403", 37)
    assert per_step.message.endswith(VALIDATION_FIX)


def test_a_validation_target_of_the_right_shape_or_unknown_says_nothing():
    assert fit(array(64, 5), (None, 5), y_val=array(16, 5)).findings() == []
    assert fit(array(64), (None, 1), head="Dense(1)", y_val=array(16, 1)).findings() == []
    assert fit(array(64, 5), (None, 5), y_val=unranked()).findings() == []
    assert fit(array(64, 5), (None, 5), y_val=array(16, "k")).findings() == []


def test_a_validation_target_is_not_judged_when_y_already_drew_a_finding():
    """The same mistake on both is one fix (the last layer, the loss), said once on ``y``."""
    assert fit(array(64, 3), (None, 5), y_val=array(16, 3)).findings() == [(4, 13, "LST403")]
