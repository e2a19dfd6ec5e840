"""The shape models of pandas, scikit-learn, tf.data and Keras's data
utilities (libs/frames, scikit, datasets, keras_data), one case each, run
through the whole analysis: what a program passes to ``fit`` has the shape
the library gives it."""

from __future__ import annotations

import ast

import pytest

from flake8_lstm_shapes.analysis import analyze
from flake8_lstm_shapes.core.values import Array

HEADER = ["import numpy as np", "import pandas as pd", "import keras", "import tensorflow as tf",
          "from sklearn.preprocessing import MinMaxScaler, LabelEncoder",
          "from sklearn.model_selection import train_test_split",
          "from keras.utils import to_categorical, pad_sequences",
          "model = keras.Sequential([keras.layers.Dense(1)])"]


def fit_argument(*lines: str):
    """The value the last line's ``model.fit(...)`` receives as x (and y)."""
    text = "\n".join(HEADER + list(lines)) + "\n"
    ctx = analyze(ast.parse(text), text.splitlines(True))
    _node, _model, _method, x, y = ctx.data_calls[-1]
    return x, y


def dims(value):
    """The known sizes of an array's shape, '?' for a symbolic one, None if no array."""
    if not isinstance(value, Array) or value.shape is None:
        return None
    return tuple(d.value if d.value is not None else "?" for d in value.shape)


@pytest.mark.parametrize("lines,expected", [
    (["df = pd.DataFrame(np.zeros((20, 4)))", "model.fit(df.values)"], (20, 4)),
    (["df = pd.read_csv('a.csv')", "model.fit(df[['a', 'b']].values)"], ("?", 2)),
    (["df = pd.DataFrame(np.zeros((20, 4)))", "model.fit(df.head(3).to_numpy())"], (3, 4)),
    (["df = pd.DataFrame(np.zeros((20, 4)))", "model.fit(df.iloc[:, 1:].values)"], (20, 3)),
    (["df = pd.DataFrame(np.zeros((20, 4)))", "model.fit(df.drop(columns=['a']).values)"], (20, 3)),
    (["df = pd.DataFrame(np.zeros((20, 4)))", "model.fit(df.dropna().values)"], ("?", 4)),
    (["df = pd.DataFrame(np.zeros((20, 4)))", "model.fit(df['a'].values)"], (20,)),
])
def test_pandas_frames_have_rows_and_columns(lines, expected):
    x, _ = fit_argument(*lines)
    assert dims(x) == expected


def test_a_scaler_keeps_the_shape_and_an_encoder_gives_ints():
    x, y = fit_argument("X = MinMaxScaler().fit_transform(np.zeros((30, 5)))",
                        "y = LabelEncoder().fit_transform(np.zeros((30,)))",
                        "model.fit(X, y)")
    assert dims(x) == (30, 5) and x.dtype == "float"
    assert dims(y) == (30,) and y.dtype == "int"


def test_train_test_split_rounds_the_test_part_up():
    """scikit-learn's default test_size=0.25 of 10 samples is ceil(2.5) = 3."""
    x, y = fit_argument("X_tr, X_te, y_tr, y_te = train_test_split(np.zeros((10, 4)), np.zeros((10,)))",
                        "model.fit(X_tr, y_tr)")
    assert dims(x) == (7, 4) and dims(y) == (7,)
    x, _ = fit_argument("X_tr, X_te = train_test_split(np.zeros((10, 4)), test_size=0.5)",
                        "model.fit(X_te)")
    assert dims(x) == (5, 4)


def test_to_categorical_appends_the_classes_and_drops_a_trailing_one():
    x, _ = fit_argument("model.fit(to_categorical(np.zeros((12, 1)), num_classes=3))")
    assert dims(x) == (12, 3) and x.one_hot.value == 3


def test_pad_sequences_gives_sequences_by_maxlen():
    x, _ = fit_argument("model.fit(pad_sequences([[1, 2], [3]], maxlen=5))")
    assert dims(x) == (2, 5)


def test_tensor_slices_are_one_sample_each_until_batched():
    """fit takes an unbatched element for a batch: x is one sample of kind "element"."""
    data = "tf.data.Dataset.from_tensor_slices((np.zeros((8, 3)), np.zeros((8,))))"
    x, _ = fit_argument(f"model.fit({data})")
    assert x.kind == "element" and dims(x) == (3,)
    x, y = fit_argument(f"model.fit({data}.shuffle(8).batch(4))")
    assert x.kind == "ndarray" and dims(x) == (8, 3) and dims(y) == (8,)
    x, _ = fit_argument(f"model.fit({data}.map(lambda a, b: a).batch(4))")
    assert dims(x) == (8, 3)                # map keeps one sample per element
    x, _ = fit_argument(f"model.fit({data}.window(2).batch(4))")
    assert dims(x) is None                  # what window makes is not followed


def test_timeseries_windows_have_the_window_length():
    x, y = fit_argument("g = keras.preprocessing.sequence.TimeseriesGenerator("
                        "np.zeros((100, 2)), np.zeros((100,)), length=10)",
                        "model.fit(g)")
    assert dims(x) == ("?", 10, 2) and dims(y) == ("?",)
