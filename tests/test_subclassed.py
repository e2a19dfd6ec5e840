"""Subclassed models and custom layers: ``__init__`` runs with the constructor's
arguments, and Keras's ``call`` runs where Keras runs it (the first data, a
Keras tensor, Keras 2's ``build``), so the layers inside meet their inputs.
Whatever cannot be followed exactly leaves the output unknown, and nothing
is said from it.

Each program ends with a marked line where a finding is expected or not;
the model is written once, and the tests vary what reaches it.
"""

from __future__ import annotations

import ast
import textwrap

from flake8_lstm_shapes.analysis import analyze

IMPORTS = """\
import numpy as np
import keras
from keras import layers
"""

# A two-LSTM model: the first keeps its sequence only when ``seq`` is True.
STACKED = IMPORTS + """\
class Stacked(keras.Model):
    def __init__(self, seq=False, units=8):
        super().__init__()
        self.first = layers.LSTM(units, return_sequences=seq)  # first
        self.second = layers.LSTM(4)
        self.head = layers.Dense(3, activation="softmax")

    def call(self, inputs, training=None):
        return self.head(self.second(self.first(inputs)))
"""


def findings(text: str, version: str = "3"):
    text = textwrap.dedent(text)
    ctx = analyze(ast.parse(text), text.splitlines(keepends=True), keras_version=version)
    return [(text.splitlines()[f.line - 1], f.code) for f in ctx.sorted_findings()], ctx


def codes_on(text: str, marker: str, version: str = "3"):
    """The codes reported on the line that carries ``marker``."""
    found, _ = findings(text, version)
    return sorted(code for line, code in found if marker in line)


def test_two_lstms_in_call_meet_at_fit():
    assert codes_on(STACKED + """
X = np.random.rand(20, 5, 2)
model = Stacked()
model.fit(X, np.random.rand(20, 3))
""", "# first") == ["LST401"]


def test_constructor_arguments_reach_init():
    assert codes_on(STACKED + """
X = np.random.rand(20, 5, 2)
model = Stacked(seq=True)
model.fit(X, np.random.rand(20, 3))
""", "# first") == []


def test_unknown_data_runs_nothing():
    assert codes_on(STACKED + """
def load():
    return np.load("x.npy")
model = Stacked()
model.fit(load(), np.random.rand(20, 3))
""", "# first") == []


def test_predict_and_calling_the_model_build_it_too():
    for use in ("model.predict(X)", "model(X)", "model(keras.Input(shape=(5, 2)))"):
        assert codes_on(STACKED + f"""
X = np.random.rand(20, 5, 2)
model = Stacked()
{use}
""", "# first") == ["LST401"], use


def test_build_runs_call_in_keras2_only():
    program = STACKED + """
model = Stacked()
model.build((None, 5, 2))
"""
    assert codes_on(program, "# first", version="2") == ["LST401"]
    assert codes_on(program, "# first", version="3") == []


def test_output_of_call_meets_the_target():
    program = STACKED + """
X = np.random.rand(20, 5, 2)
y = keras.utils.to_categorical(np.random.randint(0, 4, 20), 4)
model = Stacked(seq=True)
model.compile(loss="categorical_crossentropy", optimizer="adam")
model.fit(X, y)  # fit
"""
    assert codes_on(program, "# fit") == ["LST404"]
    assert codes_on(program.replace("(0, 4, 20), 4)", "(0, 3, 20), 3)"), "# fit") == []


def test_prediction_has_the_output_shape():
    _, ctx = findings(STACKED + """
X = np.random.rand(20, 5, 2)
model = Stacked(seq=True)
model.fit(X, np.random.rand(20, 3))
probs = model.predict(X[:4])
probs.reshape(4, 5)  # reshape
""")
    assert any(f.code == "LST201" for f in ctx.sorted_findings())


def test_data_of_another_shape_after_the_build_is_not_followed():
    program = STACKED + """
model = Stacked(seq=True)
model.fit(np.random.rand(20, 5, 2), np.random.rand(20, 3))
model.compile(loss="categorical_crossentropy", optimizer="adam")
model.evaluate(np.random.rand(20, 5, 2), keras.utils.to_categorical(np.random.randint(0, 4, 20), 4))  # eval
"""
    assert codes_on(program, "# eval") == ["LST404"]
    assert codes_on(program.replace("rand(20, 5, 2), keras", "rand(20, 7, 2), keras"), "# eval") == []


def test_a_branch_on_training_keeps_what_both_ways_agree_on():
    program = IMPORTS + """
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.lstm = layers.LSTM(8)
        self.drop = layers.Dropout(0.5)
        self.head = layers.Dense(2)

    def call(self, x, training=False):
        x = self.lstm(x)
        if training:
            x = self.drop(x)
        return self.head(x)

model = Net()
model.compile(loss="categorical_crossentropy", optimizer="adam")
model.fit(np.random.rand(9, 4, 3), keras.utils.to_categorical(np.random.randint(0, 5, 9), 5))  # fit
"""
    assert codes_on(program, "# fit") == ["LST404"]
    differing = program.replace("x = self.drop(x)", "x = layers.RepeatVector(3)(x)")
    assert codes_on(differing, "# fit") == []


def own_training(method: str) -> str:
    return STACKED.replace("    def call(", f"    def {method}(self, data):\n        return {{}}\n\n"
                                            f"    def call(") + """
model = Stacked()
model.fit(np.random.rand(20, 5, 2), np.random.rand(20, 3))
"""


def test_what_cannot_be_followed_stays_unknown():
    assert codes_on(own_training("train_step"), "# first") == []
    extra_argument = STACKED.replace("call(self, inputs, training=None)", "call(self, inputs, lengths)")
    assert codes_on(extra_argument + """
model = Stacked()
model.fit(np.random.rand(20, 5, 2), np.random.rand(20, 3))
""", "# first") == []
    stateful = STACKED.replace("layers.LSTM(4)", "layers.LSTM(4, stateful=True)")
    found, _ = findings(stateful + """
model = Stacked()
model.fit(np.random.rand(20, 5, 2), np.random.rand(20, 3))
""")
    assert found == []


def test_training_and_mask_required_are_filled_by_keras():
    program = STACKED.replace("call(self, inputs, training=None)", "call(self, inputs, training, mask)")
    assert codes_on(program + """
model = Stacked()
model.fit(np.random.rand(20, 5, 2), np.random.rand(20, 3))
""", "# first") == ["LST401"]


BLOCK = IMPORTS + """\
class Block(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.lstm = layers.LSTM(units)  # block

    def call(self, inputs):
        return self.lstm(inputs)
"""


def test_custom_layer_in_functional_and_sequential_models():
    functional = BLOCK + """
inputs = keras.Input(shape=(6, 2))
x = Block(8)(inputs)
outputs = layers.LSTM(4)(x)
"""
    assert codes_on(functional, "# block") == ["LST401"]
    sequential = BLOCK + """
model = keras.Sequential([keras.Input(shape=(6, 2)), Block(8), layers.LSTM(4)])
"""
    assert codes_on(sequential, "# block") == ["LST401"]
    assert codes_on(sequential.replace("layers.LSTM(4)]", "layers.Dense(4)]"), "# block") == []


def test_custom_layer_build_sees_the_input_shape():
    program = IMPORTS + """
class Gate(layers.Layer):
    def build(self, input_shape):
        self.proj = layers.Dense(input_shape[-1])

    def call(self, inputs):
        return self.proj(inputs)

inputs = keras.Input(shape=(6, 2))
x = Gate()(inputs)
x = layers.Conv2D(4, 3)(x)  # conv
"""
    assert codes_on(program, "# conv") == ["LST402"]


def test_decorated_call_with_compute_output_shape_stays_unknown():
    program = IMPORTS + """
import tensorflow as tf

class Odd(layers.Layer):
    def compute_output_shape(self, input_shape):
        return input_shape[:2]

    @tf.function
    def call(self, inputs):
        return inputs[:, :, 0]

inputs = keras.Input(shape=(6, 2))
x = Odd()(inputs)
x = layers.LSTM(4)(x)  # lstm
"""
    assert codes_on(program, "# lstm") == []


def test_a_call_that_calls_itself_or_nests_models_is_bounded():
    program = IMPORTS + """
class Loop(keras.Model):
    def __init__(self):
        super().__init__()
        self.inner = Loop()

    def call(self, x):
        return self(self.inner(x))

class Outer(keras.Model):
    def __init__(self):
        super().__init__()
        self.body = Outer()
        self.head = layers.Dense(2)

    def call(self, x):
        return self.head(self.body(x))

Loop().fit(np.random.rand(4, 3, 2), np.random.rand(4, 2))
Outer().fit(np.random.rand(4, 3, 2), np.random.rand(4, 2))
"""
    found, ctx = findings(program)
    assert found == []
    assert ctx.budget.used < ctx.budget.steps


def test_a_model_inside_a_model_is_followed():
    program = STACKED + """
class Wrapper(keras.Model):
    def __init__(self):
        super().__init__()
        self.core = Stacked()

    def call(self, x):
        return self.core(x)

Wrapper().fit(np.random.rand(20, 5, 2), np.random.rand(20, 3))
"""
    assert codes_on(program, "# first") == ["LST401"]
