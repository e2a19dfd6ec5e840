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
