"""NumPy integers where Keras wants a Python int (LST103): which values are
known to be NumPy scalars (``core.values.Int.numpy``), and where each Keras
refuses them.  What Keras does was measured under Keras 3.15 and tf_keras 2.21
(``fixtures/versions/numpy_int_sizes_*`` and the ``lst103_numpy_int_*``
fixtures confirm it under both)."""

from __future__ import annotations

import ast

import pytest

from flake8_lstm_shapes.analysis import analyze
from flake8_lstm_shapes.core.joins import join_values
from flake8_lstm_shapes.core.shapes import const
from flake8_lstm_shapes.core.values import Int, is_numpy_int, numpy_int, python_int

HEADER = ["import numpy as np", "import pandas as pd",
          "from keras.layers import Dense, Embedding, GRU, RepeatVector, Conv1D, LSTM",
          "y = np.array([0, 1, 2, 1, 0, 2])",
          "X = np.zeros((6, 5, 3))",
          "df = pd.read_csv('labels.csv')"]


def findings(lines, version: str = "3"):
    text = "\n".join([f"# lstm-keras-version: {version}"] + HEADER + list(lines)) + "\n"
    ctx = analyze(ast.parse(text), text.splitlines(True))
    return [f for f in ctx.sorted_findings() if f.code == "LST103"]


def numpy_units(expression: str, *before: str) -> bool:
    """Does ``Dense(<expression>)`` under Keras 3 get the NumPy-integer LST103?"""
    found = findings(list(before) + [f"layer = Dense({expression})"])
    return any("NumPy integer" in f.message for f in found)


@pytest.mark.parametrize("expression", [
    "np.max(y) + 1", "y.max() + 1", "np.argmax(y)", "np.sum(y)", "y.sum() * 2", "max(y) + 1",
    "y[0] + 1", "1 + y[0]", "np.int64(4)", "np.int32(4.0)", "-(-np.max(y))", "np.max(y) // 2",
    "np.max(y) + np.max(y)", "np.prod(X.shape)",
])
def test_numpy_scalars_are_refused_as_units_by_keras3(expression):
    assert numpy_units(expression)


@pytest.mark.parametrize("expression", [
    "int(np.max(y) + 1)", "int(np.max(y)) + 1", "len(np.unique(y))", "np.unique(y).shape[0]",
    "y.shape[0]", "X.shape[1] * 2", "len(y) + 1", "y.size", "4", "round(np.mean(y))",
    "n_classes",
])
def test_python_ints_and_unknowns_are_not(expression):
    assert not numpy_units(expression, "n_classes = df['label'].nunique()")


def test_numpy_on_one_branch_only_is_not_known_numpy():
    lines = ["import random", "n = np.max(y) + 1 if random.random() > 0.5 else 3"]
    assert not numpy_units("n", *lines)
    assert numpy_units("n", "import random",
                       "n = np.max(y) + 1 if random.random() > 0.5 else np.int64(3)")


def test_keras3_only_arguments_need_keras3():
    lines = ["a = Dense(np.max(y) + 1)", "b = Embedding(np.max(y) + 1, 8)", "c = GRU(np.sum(y))"]
    assert len(findings(lines, "3")) == 3
    assert findings(lines, "2") == []
    assert findings(lines, "auto") == []


def test_embedding_refuses_both_sizes_in_keras3():
    found = findings(["e = Embedding(np.max(y) + 1, np.int64(8))"])
    assert [("input_dim" in f.message, "output_dim" in f.message) for f in found] == \
        [(True, False), (False, True)]


@pytest.mark.parametrize("version", ["2", "3", "auto"])
def test_repeat_vector_and_bare_kernel_sizes_are_refused_by_both(version):
    found = findings(["r = RepeatVector(y.max() + 1)", "c = Conv1D(8, kernel_size=np.max(y))",
                      "ok = Conv1D(np.max(y) + 1, kernel_size=(np.max(y),))"], version)
    assert [f.line for f in found] == [8, 9]
    assert "Keras raises 'Expected an integer value for `n`'" in found[0].message
    assert found[0].message.endswith("use int(y.max() + 1)")
    assert "needs a Python int as kernel_size, but np.max(y) is a NumPy integer" in found[1].message


def test_lstm_units_are_not_reported():
    # Keras 3 takes them when the layer is made, and inside Bidirectional
    assert findings(["l = LSTM(np.max(y) + 1)"]) == []


def test_the_message_names_the_fix_and_the_version():
    [finding] = findings(["n_classes = np.max(y) + 1", "out = Dense(n_classes)"])
    assert finding.message.startswith("Dense (line 9) needs a Python int as units, but "
                                      "n_classes is a NumPy integer: Keras 3 raises")
    assert "use int(n_classes) (Keras 3: " in finding.message


def test_a_join_keeps_numpy_only_when_every_path_has_it():
    three, numpy_three = Int(const(3)), numpy_int(const(3))
    assert not is_numpy_int(join_values([numpy_three, three]))
    assert join_values([numpy_three, three]).poly == const(3)
    assert is_numpy_int(join_values([numpy_three, numpy_int(const(4))]))
    assert numpy_three != three
    assert python_int(numpy_three) == three
