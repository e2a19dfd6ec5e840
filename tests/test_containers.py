"""Python lists and tuples given where a model takes data.

Keras 3.15 and tf_keras 2.21 read a list or tuple of arrays as one array per
model input: ``[X]`` on a one-input model is ``X``, several arrays there are
several inputs and fail (fixtures/data/containers_*.py confirm both under
real Keras).  A list whose length is not known may hold one array: nothing.
"""

from __future__ import annotations

import ast
import textwrap

from flake8_lstm_shapes.analysis import analyze

HEADER = """\
import numpy as np
import keras
from keras import layers
model = keras.Sequential([keras.Input(shape=(5, 2)), layers.LSTM(8), layers.Dense(1)])
a = keras.Input(shape=(5, 2))
b = keras.Input(shape=(5, 2))
two = keras.Model([a, b], layers.Dense(1)(layers.Concatenate()([layers.LSTM(4)(a), layers.LSTM(4)(b)])))
X = np.zeros((25, 5, 2))
y = np.zeros(25)
"""


def reported(body: str):
    text = HEADER + textwrap.dedent(body)
    ctx = analyze(ast.parse(text), text.splitlines(keepends=True), keras_version="3")
    offset = HEADER.count("\n")
    return sorted(f.line - offset for f in ctx.sorted_findings() if f.code == "LST202")


def marked(body: str):
    return [i for i, line in enumerate(textwrap.dedent(body).splitlines(), 1) if "# here" in line]


def test_one_array_in_a_list_or_tuple_is_the_array():
    body = """
    model.fit([X], y)
    model.predict((X,))
    model.fit([X.reshape(25, 10)], y)  # here
    """
    assert reported(body) == marked(body)


def test_several_arrays_on_a_one_input_model_are_several_inputs():
    body = """
    model.fit([X[0], X[1]], y[:2])  # here
    model.predict((X, X))  # here
    model.evaluate([X, X], y)  # here
    windows = []
    for i in range(20):
        windows.append(X[i])
    model.predict(windows)  # here
    model.predict(np.array(windows))
    """
    assert reported(body) == marked(body)


def test_what_may_be_one_array_or_is_meant_as_several_says_nothing():
    body = """
    two.fit([X, X], y)
    model.fit((X, y))
    grown = []
    for row in source:
        grown.append(X[0])
    model.predict(grown)
    """
    assert reported(body) == []


MIXED = """\
seq_in = keras.Input(shape=(10, 3))
static_in = keras.Input(shape=(4,))
joined = layers.Concatenate()([layers.LSTM(4)(seq_in), static_in])
mixed = keras.Model([seq_in, static_in], layers.Dense(1)(joined))
S = np.zeros((25, 10, 3))
F = np.zeros((25, 4))
"""


def findings(body: str):
    text = HEADER + MIXED + textwrap.dedent(body)
    ctx = analyze(ast.parse(text), text.splitlines(keepends=True), keras_version="3")
    offset = (HEADER + MIXED).count("\n")
    return sorted((f.line - offset, f.code) for f in ctx.sorted_findings())


def messages(body: str):
    text = HEADER + MIXED + textwrap.dedent(body)
    ctx = analyze(ast.parse(text), text.splitlines(keepends=True), keras_version="3")
    return [f.message for f in ctx.sorted_findings()]


def test_arrays_in_another_order_than_the_inputs_are_one_finding_with_the_order():
    assert findings("mixed.fit([F, S], y)\nmixed.predict((F, S))\n") == [(1, "LST202"), (2, "LST202")]
    message = messages("mixed.fit([F, S], y)\n")[0]
    assert "not in the order of mixed's inputs" in message and message.endswith("pass [S, F]")


def test_inputs_of_one_shape_have_no_order_the_shapes_tell():
    assert findings("two.fit([X, X], y)\ntwo.fit((X[:5], X[5:10]), y[:5])\n") == []


def test_another_number_of_arrays_than_inputs():
    assert findings("""\
        mixed.fit([S], y)
        mixed.predict(S)
        mixed.evaluate([S, F, F], y)
        mixed(S)
        """) == [(1, "LST202"), (2, "LST202"), (3, "LST202"), (4, "LST202")]
    message = messages("mixed.predict(S)\n")[0]
    assert "mixed takes 2 inputs (shape=(10, 3) on line 10, shape=(4,) on line 11), " \
        "but S is one array" in message


def test_what_is_not_known_to_be_another_number_of_arrays_says_nothing():
    assert findings("""\
        mixed.fit([S] + extra, y)
        mixed.fit(data, y)
        mixed.fit(generator(), steps_per_epoch=3)
        """) == []


def test_the_arrays_of_several_inputs_and_y_hold_as_many_samples():
    assert findings("""\
        mixed.fit([S, F[:20]], y)
        mixed.fit([S, F], y[:20])
        mixed.evaluate([S[:20], F[:20]], y[:20])
        mixed.predict([S, F[:20]])
        """) == [(1, "LST205"), (2, "LST205")]
