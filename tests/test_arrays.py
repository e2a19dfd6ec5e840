"""NumPy's shape rules as the linter models them, checked against NumPy itself."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_lstm_shapes.libs.literals import literal_shape
from flake8_lstm_shapes.libs.shape_ops import reshape, slice_length
from flake8_lstm_shapes.core.shapes import Poly, const
from flake8_lstm_shapes.core.values import Float, Int, Seq

numbers = st.one_of(st.integers(-5, 5), st.floats(-1, 1, allow_nan=False))
nested = st.recursive(numbers, lambda children: st.lists(children, min_size=0, max_size=4),
                      max_leaves=40)


def as_value(x):
    if isinstance(x, list):
        return Seq(tuple(as_value(i) for i in x), "list")
    return Int(const(x)) if isinstance(x, int) else Float(x)


@settings(max_examples=300, deadline=None)
@given(nested)
def test_literal_shape_is_numpys(literal):
    try:
        expected = np.array(literal).shape
    except ValueError:
        expected = None      # ragged: NumPy 2 refuses it
    found = literal_shape(as_value(literal), [0])
    if expected is None:
        assert found is None
    else:
        assert found is not None and found[0] == expected


def test_a_literal_that_is_too_big_is_unknown():
    big = Seq(tuple(Int(const(1)) for _ in range(10_001)), "list")
    assert literal_shape(big, [0]) is None


@pytest.mark.parametrize("size,target", [(10, (1, 10, 2)), (10, (-1, 3, 1)), (12, (-1, -1, 2))])
def test_reshape_problems_are_numpys(size, target):
    with pytest.raises(ValueError):
        np.zeros(size).reshape(target)
    assert reshape((const(size),), [const(d) for d in target]).problem is not None


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 12), st.integers(-15, 15) | st.none(), st.integers(-15, 15) | st.none())
def test_slice_length_is_pythons(n, start, stop):
    length = slice_length(const(n), None if start is None else const(start),
                          None if stop is None else const(stop), None)
    assert length.value == len(range(n)[slice(start, stop)])


def test_symbolic_windows_have_the_window_length():
    i, n = Poly.symbol(("i",), "i"), Poly.symbol(("n",), "n_steps")
    assert slice_length(Poly.symbol(("N",), "N"), i, i + n, None) == n


def test_a_minus_one_over_an_unknown_size_is_an_unknown_size_not_minus_one():
    n = Poly.symbol(("n",), "len(x)")
    result = reshape(None, [const(-1), const(28), const(28)]).shape
    assert result[0].value is None and str(result[0]) == "samples"
    assert [d.value for d in result[1:]] == [28, 28]
    inner = reshape((n, const(784)), [n, const(-1), const(28)]).shape
    assert inner[1].value == 28     # 784 / 28, known from the element count
    assert reshape(None, [const(4), const(-1)]).shape[1].value is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=4), st.integers(-5, 5), st.integers(-5, 5))
def test_axis_moves_are_numpys(dims, a, b):
    """moveaxis and swapaxes give NumPy's shape, or None where NumPy raises."""
    from flake8_lstm_shapes.libs.shape_ops import moveaxis, swapaxes
    shape = tuple(const(d) for d in dims)
    for ours, theirs in ((moveaxis, np.moveaxis), (swapaxes, np.swapaxes)):
        result = ours(shape, a, b)
        try:
            expected = theirs(np.zeros(dims), a, b).shape
        except (ValueError, IndexError):          # np.exceptions.AxisError is both
            assert result is None
            continue
        assert result is not None and tuple(d.value for d in result) == expected


@settings(max_examples=200, deadline=None)
@given(st.floats(-20, 20).map(lambda f: round(f, 1)), st.floats(-20, 20).map(lambda f: round(f, 1)),
       st.sampled_from([0.1, 0.5, 1.0, 2.5, -0.5, -1.0]))
def test_float_arange_has_numpys_length(start, stop, step):
    from flake8_lstm_shapes.libs.numpy_calls import float_arange
    result = float_arange([Float(start), Float(stop), Float(step)])
    assert result.shape[0].value == len(np.arange(start, stop, step))


def test_an_integer_index_past_a_known_axis_has_no_shape_but_an_open_axis_does():
    """NumPy raises IndexError for X[5] on 4 rows; an axis of unknown length
    (a Keras shape's None taken for an array) cannot say, and must not crash."""
    from flake8_lstm_shapes.libs.indexing import index_shape
    assert index_shape(None, (const(4), const(3)), [Int(const(5))], None) is None
    assert index_shape(None, (const(4), const(3)), [Int(const(-4))], None) == (const(3),)
    assert index_shape(None, (None, const(3)), [Int(const(5))], None) == (const(3),)


def fit_target(lines):
    """The y the last ``fit`` of a small program receives."""
    import ast
    from flake8_lstm_shapes.analysis import analyze
    text = "\n".join(["import numpy as np", "import keras", "from keras.utils import to_categorical",
                      "model = keras.Sequential([keras.layers.Dense(1)])"] + lines) + "\n"
    return analyze(ast.parse(text), text.splitlines(True)).data_calls[-1][4]


@pytest.mark.parametrize("labels,classes,expected", [
    # what keras.utils.to_categorical 3.15 gives for these labels
    ("[0, 2, 1]", 3, (3, 3)), ("[[0], [3], [1]]", 4, (3, 4)), ("[1, 1]", 2, (2, 2)),
])
def test_to_categorical_of_literal_labels_has_their_classes(labels, classes, expected):
    """Keras's width is the labels' maximum plus one; (N, 1) labels lose their 1."""
    y = fit_target([f"model.fit(np.zeros((3, 1)), to_categorical({labels}))"])
    assert y.one_hot.value == classes
    assert tuple(d.value for d in y.shape) == expected


def test_to_categorical_of_labels_we_cannot_read_has_a_symbol_for_its_width():
    y = fit_target(["labels = np.random.randint(0, 4, size=(9,))",
                    "model.fit(np.zeros((9, 1)), to_categorical(labels))"])
    assert y.shape[0].value == 9 and y.shape[1].value is None and y.one_hot == y.shape[1]


def test_eye_of_labels_read_from_a_file_is_one_hot_with_its_classes():
    """``np.eye(k)[y]``: whatever y's shape, the last axis is k."""
    for labels in ("np.load('labels.npy')", "np.loadtxt('labels.csv')[:, 0].astype(object)"):
        y = fit_target([f"y = {labels}", "model.fit(np.zeros((9, 1)), np.eye(6)[y])"])
        assert y.one_hot is not None and y.one_hot.value == 6


def reduced(source_of_labels: str, expression: str):
    """The value ``expression`` gives, read through a data call."""
    import ast as _ast
    from flake8_lstm_shapes.analysis import analyze
    text = ("import io\nimport numpy as np\nimport pandas as pd\nimport keras\n"
            "model = keras.Sequential([keras.layers.Dense(1)])\n"
            f"labels = {source_of_labels}\nn = {expression}\nmodel.fit(np.zeros((n, 2)))\n")
    ctx = analyze(_ast.parse(text), text.splitlines(True))
    x = ctx.data_calls[-1][3]
    return x.shape[0] if x.shape is not None else None


@pytest.mark.parametrize("source_of_labels", [
    "pd.read_csv(io.StringIO('label\\n1\\n2'))['label'].values",     # a dtype the code does not show
    "np.array([3, 1, 2])",
])
@pytest.mark.parametrize("expression", ["np.max(labels) + 1", "labels.max() + 1", "max(labels) + 1",
                                        "np.sum(labels > 1)"])
def test_a_full_reduction_of_labels_is_an_integer_unless_they_are_floats(source_of_labels, expression):
    """np.max(labels) + 1 counts classes; a float there would be LST103 on a
    correct Dense(n_classes).  NumPy gives an integer for integer labels."""
    assert isinstance(reduced(source_of_labels, expression), Poly)


def test_a_mean_or_a_reduction_of_floats_is_a_float():
    from flake8_lstm_shapes.libs.ndarray import reduced_number
    assert isinstance(reduced_number("float", "max"), Float)
    assert isinstance(reduced_number(None, "max"), Int)
    assert np.mean(np.array([1, 2])).dtype.kind == "f"     # what reduction_dtype says for mean
