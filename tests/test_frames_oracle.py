"""pandas and scikit-learn are the oracles of their models (libs/frames,
libs/scikit).

Each case is a small program that ends in ``result = <expression>``.  The
linter reads it (``model.fit(result)``) and gives a shape; where pandas and
scikit-learn are installed the same program runs and its ``result.shape``
must agree: every known size equal, and a symbol only where the model is
allowed not to know (a CSV's rows, the classes in data it cannot see).  A
symbol written in a case's expectation (``"n_test"``) must be the same
polynomial where the case says two axes are related.
"""

from __future__ import annotations

import ast

import pytest

from flake8_lstm_shapes.analysis import analyze
from flake8_lstm_shapes.core.values import Array

HEADER = """\
import io
import numpy as np
import pandas as pd
import keras
from sklearn.preprocessing import (LabelBinarizer, LabelEncoder, MinMaxScaler, OneHotEncoder,
                                   StandardScaler)
from sklearn.model_selection import train_test_split
from sklearn.utils import shuffle
model = keras.Sequential([keras.layers.Dense(1)])
CSV = io.StringIO("a,b,c,d,label\\n1,2,3,4,x\\n5,6,7,8,y\\n9,1,2,3,z\\n4,5,6,7,x\\n")
df = pd.DataFrame(np.zeros((20, 4)), columns=["a", "b", "c", "d"])
"""

# (program, the model's shape: a number where it must know, "?" where it need not)
CASES = [
    ("result = df.loc[:, ['a', 'b']].values", (20, 2)),
    ("result = df.loc[:, 'b':'d'].to_numpy()", (20, "?")),
    ("result = df.loc[df['a'] >= 0, ['a', 'c', 'd']].values", ("?", 3)),
    ("result = df.loc[:, 'c'].values", (20,)),
    ("result = df.loc[df['a'] >= 0].values", ("?", 4)),
    ("result = df.iloc[:, 1:3].values", (20, 2)),
    ("result = df.iloc[5:].values", (15, 4)),
    ("result = df.iloc[:, -1].values", (20,)),
    ("result = df[['a', 'd']].values", (20, 2)),
    ("result = df.drop(columns=['a']).values", (20, 3)),
    ("result = df.drop(['a', 'b'], axis=1).values", (20, 2)),
    ("result = np.asarray(df)", (20, 4)),
    ("result = np.array(df.head(6))", (6, 4)),
    ("result = df.tail(3).values", (3, 4)),
    ("result = df.dropna().values", ("?", 4)),
    ("result = np.zeros((len(df), len(df.columns)))", (20, 4)),
    ("result = np.zeros(df.shape)", (20, 4)),
    ("result = pd.read_csv(CSV, usecols=['a', 'b', 'c']).values", ("?", 3)),
    ("result = pd.read_csv(CSV, usecols=[0, 1, 4], index_col=0).values", ("?", 2)),
    ("result = pd.read_csv(CSV, names=['p', 'q', 'r', 's', 't']).values", ("?", 5)),
    ("result = pd.read_csv(CSV).values", ("?", "?")),
    ("result = pd.get_dummies(pd.Series(['x', 'y', 'x'])).values", (3, "?")),
    ("result = pd.get_dummies(['x', 'y', 'z', 'x']).values", (4, 3)),
    ("result = pd.get_dummies(['x', 'y', 'z', 'x'], drop_first=True).values", (4, 2)),
    ("result = pd.get_dummies(pd.read_csv(CSV)['label']).values", ("?", "?")),
    ("result = LabelEncoder().fit_transform(np.array([[3], [1], [3]]))", (3,)),
    ("result = LabelBinarizer().fit_transform(['x', 'y', 'z', 'x'])", (4, 3)),
    ("result = LabelBinarizer().fit_transform(['x', 'y', 'y'])", (3, 1)),
    ("result = LabelBinarizer().fit_transform(np.arange(6) % 3)", (6, "?")),
    ("result = OneHotEncoder().fit_transform(np.arange(8).reshape(8, 1) % 3).toarray()", (8, "?")),
    ("result = OneHotEncoder(sparse_output=False, categories=[[0, 1, 2, 3]])"
     ".fit_transform(np.zeros((5, 1)))", (5, 4)),
    ("result = OneHotEncoder(sparse_output=False, categories=[[0, 1], [0, 1, 2]], drop='first')"
     ".fit_transform(np.zeros((5, 2)))", (5, 3)),
    ("result = MinMaxScaler().fit_transform(df)", (20, 4)),
    ("result = StandardScaler().fit(df.values).transform(np.zeros((7, 4)))", (7, 4)),
    ("X_tr, X_te = train_test_split(np.zeros((10, 3, 2)), test_size=0.3)\nresult = X_tr", (7, 3, 2)),
    ("X_tr, X_te = train_test_split(np.zeros((10, 3)), test_size=4)\nresult = X_te", (4, 3)),
    ("X_tr, X_te = train_test_split(np.zeros((10, 3)), train_size=0.75)\nresult = X_te", (3, 3)),
    ("a, b, c, d = train_test_split(np.zeros((9, 2)), np.zeros((9, 5)), test_size=0.2)\nresult = d",
     (2, 5)),
    ("X_tr, X_te = train_test_split(df, shuffle=False)\nresult = X_tr.values", (15, 4)),
    ("X_tr, X_te = train_test_split(pd.read_csv(CSV).values, test_size=0.25)\nresult = X_tr",
     ("?", "?")),
    ("result = df.b.values", (20,)),
    ("result = df.d.astype('float32').values[:, None, None]", (20, 1, 1)),
    ("result = pd.DataFrame(np.zeros(9)).values", (9, 1)),
    ("result = pd.DataFrame(pd.Series(np.zeros(9))).values", (9, 1)),
    ("result = df.rolling(window=3).mean().values", (20, 4)),
    ("result = df.a.expanding().sum().values", (20,)),
    ("result = df.ewm(span=4).mean().values", (20, 4)),
    ("frame = df.copy()\nframe.dropna(inplace=True)\nresult = frame.values", ("?", 4)),
    ("frame = df.copy()\nframe.drop(columns=['a'], inplace=True)\nresult = frame.values", (20, 3)),
    ("result = df[list(df)[1:3]].values", (20, "?")),
    ("v = df.a.values\nresult = (v - min(v)) / (max(v) - min(v))", (20,)),
    ("result, y = shuffle(np.zeros((6, 2, 3)), np.zeros(6), random_state=0)", (6, 2, 3)),
    ("result = shuffle(np.zeros((6, 2)), n_samples=4, random_state=0)", (4, 2)),
]


def model_dims(program: str):
    text = HEADER + program + "\nmodel.fit(result)\n"
    ctx = analyze(ast.parse(text), text.splitlines(True))
    x = ctx.data_calls[-1][3]
    if not isinstance(x, Array) or x.shape is None:
        return None
    return tuple(d.value if d.value is not None else "?" for d in x.shape)


@pytest.mark.parametrize("program,expected", CASES)
def test_the_model_gives_the_shape(program, expected):
    assert model_dims(program) == expected


@pytest.mark.parametrize("program,expected", CASES)
def test_the_libraries_agree(program, expected):
    pytest.importorskip("pandas")
    pytest.importorskip("sklearn")
    library_code = "\n".join(line for line in HEADER.splitlines() if "keras" not in line)
    scope: dict = {}
    exec(compile(library_code + "\n" + program, "<case>", "exec"), scope)   # noqa: S102
    real = tuple(scope["result"].shape)
    assert len(real) == len(expected)
    assert all(e == "?" or e == r for e, r in zip(expected, real)), real


def symbolic_dims(program: str, *names: str):
    text = HEADER + program + "\nmodel.fit(" + ", ".join(names) + ")\n"
    ctx = analyze(ast.parse(text), text.splitlines(True))
    _node, _model, _method, x, y = ctx.data_calls[-1]
    return x.shape, y.shape


def test_split_of_an_unknown_count_keeps_train_and_test_related():
    """scikit-learn's n_train is n - n_test: X_train and y_train share a count,
    and the train part plus the test part is the whole."""
    x_train, y_train = symbolic_dims(
        "X = pd.read_csv(CSV).values\ny = X[:, 0]\n"
        "X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2)", "X_tr", "y_tr")
    assert x_train[0] == y_train[0] and x_train[0].value is None
    x_train, x_test, whole = split_parts("test_size=0.2")
    assert x_train[0] + x_test[0] == whole[0] and x_test[0].value is None


def split_parts(sizes: str):
    text = HEADER + ("X = pd.read_csv(CSV).values\n"
                     f"X_tr, X_te = train_test_split(X, {sizes})\n"
                     "model.fit(X_tr)\nmodel.fit(X_te)\nmodel.fit(X)\n")
    ctx = analyze(ast.parse(text), text.splitlines(True))
    return tuple(call[3].shape for call in ctx.data_calls[-3:])


def test_a_count_for_test_size_is_that_count_of_an_unknown_total():
    x_train, x_test, whole = split_parts("test_size=2")
    assert x_test[0].value == 2 and x_train[0] + x_test[0] == whole[0]
    x_train, x_test, whole = split_parts("train_size=5")
    assert x_train[0].value == 5 and x_train[0] + x_test[0] == whole[0]


def test_two_fractions_leave_the_parts_unrelated():
    """train_size=0.5, test_size=0.3 of n: scikit-learn floors one and ceils
    the other, and they need not add up to n."""
    x_train, x_test, whole = split_parts("train_size=0.5, test_size=0.3")
    assert x_train[0] + x_test[0] != whole[0]


def test_where_the_library_raises_the_result_is_unknown():
    """A scaler or OneHotEncoder given 1-D data, LabelEncoder given 2-D labels:
    scikit-learn raises, so there is no shape to carry on."""
    assert model_dims("result = MinMaxScaler().fit_transform(np.zeros(6))") is None
    assert model_dims("result = OneHotEncoder().fit_transform(np.zeros(6))") is None
    assert model_dims("result = LabelEncoder().fit_transform(np.zeros((6, 2)))") is None


def test_encodings_reach_the_loss_check_as_one_hot_or_labels():
    """What LST404 reads: a one-hot width (get_dummies of one column, OneHotEncoder
    of one column, LabelBinarizer of three known classes), integer labels."""
    def target(program):
        text = HEADER + program + "\nmodel.fit(np.zeros((4, 2)), result)\n"
        ctx = analyze(ast.parse(text), text.splitlines(True))
        return ctx.data_calls[-1][4]
    assert target("result = pd.get_dummies(['x', 'y', 'z', 'x']).values").one_hot.value == 3
    assert target("result = np.asarray(pd.get_dummies(pd.Series(['x', 'y'])))").one_hot is not None
    assert target("result = LabelBinarizer().fit_transform(['x', 'y', 'z', 'x'])").one_hot.value == 3
    assert target("result = LabelBinarizer().fit_transform(np.arange(4) % 2)").one_hot is None
    assert target("result = OneHotEncoder().fit_transform(np.zeros((4, 1))).toarray()").one_hot \
        is not None
    assert target("result = OneHotEncoder().fit_transform(np.zeros((4, 2)))").one_hot is None
    assert target("result = LabelEncoder().fit_transform(['x', 'y', 'z', 'x'])").dtype == "int"


def test_a_csv_read_with_options_we_cannot_see_has_unknown_columns():
    """``**options`` may hold ``usecols``: the column count is not guessed."""
    assert model_dims("options = load()\nresult = pd.read_csv(CSV, **options).values") == ("?", "?")
    assert model_dims("result = pd.read_csv(CSV, usecols=lambda c: c != 'label').values") == ("?", "?")


def test_an_inplace_change_we_do_not_model_leaves_the_frame_unknown():
    """``df.set_index('a', inplace=True)`` drops a column: keeping the old shape
    would be a guess."""
    assert model_dims("frame = df.copy()\nframe.set_index('a', inplace=True)\n"
                      "result = frame.values") is None


def test_a_dataframe_attribute_is_never_taken_for_a_column():
    """Every public name of a real DataFrame is in the table, so ``df.T`` or
    ``df.index`` never becomes a column; a column name is a Series."""
    pd = pytest.importorskip("pandas")
    from flake8_lstm_shapes.libs.frames import DATAFRAME_NAMES
    missing = {n for n in dir(pd.DataFrame) if not n.startswith("_")} - DATAFRAME_NAMES
    assert not missing
    assert model_dims("result = df.index.values") != (20,)
