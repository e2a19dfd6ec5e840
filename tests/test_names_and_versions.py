"""Keras names from the imports as written, and which Keras a file targets."""

import ast

import pytest

from flake8_lstm_shapes import versions
from flake8_lstm_shapes.names import keras_object, keras_version_hint


@pytest.mark.parametrize("qualname,obj", [
    ("keras.layers.LSTM", "LSTM"),
    ("tensorflow.keras.layers.GRU", "GRU"),
    ("tensorflow.compat.v1.keras.layers.CuDNNLSTM", "CuDNNLSTM"),
    ("tf_keras.layers.SimpleRNN", "SimpleRNN"),
    ("keras.layers.recurrent.LSTM", "LSTM"),
    ("keras.models.Sequential", "Sequential"),
    ("keras", None),
    ("numpy.zeros", None),
    ("mykeras.layers.LSTM", None),
])
def test_keras_object(qualname, obj):
    assert keras_object(qualname) == obj


@pytest.mark.parametrize("source,version", [
    ("from keras.layers.recurrent import LSTM", 2),
    ("import tf_keras", 2),
    ("from tensorflow.compat.v1.keras.layers import CuDNNGRU", 2),
    ("from keras import ops", 3),
    ("from keras.layers import LSTM", None),
    ("from keras import ops\nfrom keras.layers.core import Dense", None),
    ("import keras\nmodel.fit_generator(batches, steps_per_epoch=10)", 2),
    ("import keras\nmodel.predict_classes(X)", 2),
    ("import keras\nclf.predict_proba(X)", None),       # scikit-learn has predict_proba
])
def test_version_hint_from_imports(source, version):
    assert keras_version_hint(ast.parse(source), source) == version


def test_resolution_order(monkeypatch):
    monkeypatch.setattr(versions, "installed_keras_major", lambda: 2)
    tree = ast.parse("import keras")
    assert versions.resolve("auto", tree, ["import keras\n"], "import keras") == 2
    assert versions.resolve("3", tree, ["import keras\n"], "import keras") == 3
    pinned = ["# lstm-keras-version: 2\n", "import keras\n"]
    assert versions.resolve("3", tree, pinned, "".join(pinned)) == 2
    hinted = "import tf_keras"
    assert versions.resolve("auto", ast.parse(hinted), [hinted], hinted) == 2
    monkeypatch.setattr(versions, "installed_keras_major", lambda: None)
    assert versions.resolve("auto", tree, ["import keras\n"], "import keras") == 3


@pytest.mark.parametrize("source, option, certain", [
    ("import keras", "auto", True),
    ("from keras.layers import LSTM", "auto", True),
    ("from tensorflow import keras", "auto", False),
    ("import tensorflow as tf", "auto", False),
    ("from tensorflow.keras.layers import LSTM", "auto", False),
    ("from tensorflow import keras", "3", True),
    ("import keras", "2", False),
    ("# lstm-keras-version: 3\nfrom tensorflow import keras", "auto", True),
    ("# lstm-keras-version: 2\nimport keras", "3", False),
])
def test_keras3_is_certain_only_when_pinned_or_keras_is_imported_itself(source, option, certain):
    lines = source.splitlines(keepends=True)
    assert versions.keras3_beyond_doubt(option, ast.parse(source), lines) is certain
