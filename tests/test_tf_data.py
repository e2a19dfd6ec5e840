"""tf.data pipelines (libs/datasets): what one element is after each step, and
what ``fit`` reads from the dataset at the end.

The element steps are pure functions over values made by hand; ``map`` runs
the file's own function, so those cases go through the whole analysis.
"""

from __future__ import annotations

import ast

import pytest

from flake8_lstm_shapes.analysis import analyze
from flake8_lstm_shapes.core.arguments import CallArgs
from flake8_lstm_shapes.core.shapes import const
from flake8_lstm_shapes.core.values import Array, Batches, Const, Int, Seq, Unknown
from flake8_lstm_shapes.libs import datasets

HEADER = ["import numpy as np", "import keras", "import tensorflow as tf",
          "model = keras.Sequential([keras.Input(shape=(20, 1)), keras.layers.LSTM(4),"
          " keras.layers.Dense(1)])"]


def array(*dims) -> Array:
    return Array(tuple(const(d) for d in dims), dtype="float")


def dims(value):
    """The known sizes of an array's shape, '?' for a symbolic one, None if no array."""
    if not isinstance(value, Array) or value.shape is None:
        return None
    return tuple(d.value if d.value is not None else "?" for d in value.shape)


def element_dims(batches: Batches):
    element = batches.element
    if isinstance(element, Seq):
        return tuple(dims(item) for item in element.items)
    return dims(element)


def call(batches: Batches, name: str, *positional, **keywords):
    args = CallArgs(list(positional), [None] * len(positional), dict(keywords))
    return datasets.method(None, batches, name, args, None)


def integer(n: int) -> Int:
    return Int(const(n))


def fit_argument(*lines: str):
    """What the last ``model.fit(...)`` of the program receives as x and y."""
    text = "\n".join(HEADER + list(lines)) + "\n"
    ctx = analyze(ast.parse(text), text.splitlines(True))
    _node, _model, _method, x, y = ctx.data_calls[-1]
    return x, y


def findings(*lines: str):
    text = "\n".join(HEADER + list(lines)) + "\n"
    ctx = analyze(ast.parse(text), text.splitlines(True))
    return [(f.line - len(HEADER), f.code) for f in ctx.sorted_findings()]


# -- elements ------------------------------------------------------------------------------

def test_tensor_slices_cut_every_array_into_samples():
    X, y, weights = array(50, 20, 1), array(50, 1), array(50)
    pairs = datasets.tensor_slices(Seq((X, y)))
    assert pairs.unbatched and pairs.x is X and pairs.y is y
    assert element_dims(pairs) == ((20, 1), (1,))
    # (x, y, sample_weight): Keras reads the first two as x and y
    triple = datasets.tensor_slices(Seq((X, y, weights)))
    assert triple.x is X and triple.y is y and element_dims(triple) == ((20, 1), (1,), ())


@pytest.mark.parametrize("tensors", [
    Seq((array(50, 20), array(50, 20)), "list"),        # a list is one stacked tensor
    Unknown("dict", ("dict",)),                          # named inputs: not followed
    Seq((array(50, 20), Unknown("y", ("y",)))),         # a part of unknown shape
    Seq((Array(()),)),                                   # a scalar has no samples to cut
])
def test_what_is_not_an_element_of_arrays_says_nothing(tensors):
    made = datasets.tensor_slices(tensors)
    assert made.x is None and made.element is None


def test_batch_puts_an_axis_in_front_exact_only_when_the_remainder_is_dropped():
    pairs = datasets.tensor_slices(Seq((array(50, 20, 1), array(50, 1))))
    exact = call(pairs, "batch", integer(8), Const(True))
    assert not exact.unbatched and element_dims(exact) == ((8, 20, 1), (8, 1))
    assert exact.x is pairs.x and exact.y is pairs.y          # the same samples, stacked
    loose = call(pairs, "batch", integer(8))
    assert element_dims(loose) == (("?", 20, 1), ("?", 1))    # the last batch may be smaller
    again = call(loose, "unbatch")
    assert again.unbatched and element_dims(again) == ((20, 1), (1,)) and again.x is pairs.x


def test_from_tensors_is_one_element_of_the_whole_arrays():
    X, y = array(100, 12, 3), array(100, 1)
    whole = datasets.whole_tensors(Seq((X, y)))
    assert not whole.unbatched and whole.x is X and element_dims(whole) == ((100, 12, 3), (100, 1))
    batched = call(whole, "batch", integer(32))
    assert dims(batched.x) == ("?", 100, 12, 3) and dims(batched.y) == ("?", 100, 1)
    assert batched.x.shape[0] == batched.y.shape[0]           # one element: as many of both
    cut = call(whole, "unbatch")
    assert cut.unbatched and cut.x is X and element_dims(cut) == ((12, 3), (1,))


def test_padded_batch_knows_only_the_rank():
    pairs = datasets.tensor_slices(Seq((array(50, 20, 1), array(50, 1))))
    padded = call(pairs, "padded_batch", integer(4))
    assert element_dims(padded) == (("?", "?", "?"), ("?", "?"))
    assert dims(padded.x) == ("?", "?", "?")


def test_methods_that_keep_elements_keep_the_dataset_and_others_are_unknown():
    pairs = datasets.tensor_slices(Seq((array(50, 20, 1), array(50, 1))))
    for name in ("shuffle", "prefetch", "cache"):
        assert call(pairs, name, integer(10)) is pairs
    for name in ("repeat", "take", "skip", "filter", "shard"):
        kept = call(pairs, name, integer(10))
        assert kept.element is pairs.element and kept.x is pairs.x and kept.length is None
    # a tuple's windows are tuples of datasets; flat_map needs a function
    for name in ("window", "flat_map", "interleave", "group_by_window"):
        assert isinstance(call(pairs, name, integer(10)), Unknown)


def test_zip_pairs_the_elements_and_needs_the_same_batching():
    features = datasets.tensor_slices(array(90, 15, 4))
    labels = datasets.tensor_slices(array(90, 3))
    pairs = datasets.zipped(Seq((features, labels)))
    assert pairs.unbatched and element_dims(pairs) == ((15, 4), (3,))
    assert dims(pairs.x) == ("?", 15, 4) and pairs.x.shape[0] == pairs.y.shape[0]
    mixed = datasets.zipped(Seq((features, call(labels, "batch", integer(8)))))
    assert isinstance(mixed, Unknown)


# -- map, through the interpreter ----------------------------------------------------------

def test_map_runs_a_function_of_the_file_on_each_batch():
    """The text-generation split: one batch of 51 rows, x and y shifted by one."""
    x, y = fit_argument("data = np.zeros((51, 6), dtype=np.int64)",
                        "rows = tf.data.Dataset.from_tensor_slices(data).batch(51, drop_remainder=True)",
                        "def split(batch):",
                        "    return batch[:-1], batch[1:]",
                        "model.fit(rows.map(split))")
    assert dims(x) == ("?", 6) and dims(y) == ("?", 6)
    assert x.shape[0] == y.shape[0]          # each batch holds as many inputs as targets


def test_map_with_a_lambda_keeps_the_samples_of_an_unbatched_dataset():
    x, y = fit_argument("X, t = np.zeros((64, 20)), np.zeros((64, 1))",
                        "ds = tf.data.Dataset.from_tensor_slices((X, t))",
                        "model.fit(ds.map(lambda a, b: (tf.expand_dims(a, -1), b)).batch(16))")
    assert dims(x) == (64, 20, 1) and dims(y) == (64, 1)


def test_map_that_keeps_the_batch_axis_keeps_the_sample_count():
    x, y = fit_argument("X, t = np.zeros((64, 20)), np.zeros((64, 1))",
                        "ds = tf.data.Dataset.from_tensor_slices((X, t)).batch(16)",
                        "model.fit(ds.map(lambda a, b: (a[:, :, None], b)))")
    assert dims(x) == (64, 20, 1) and dims(y) == (64, 1)


@pytest.mark.parametrize("map_call", [
    "ds.map(lambda a: a)",                       # tf.data passes two arguments: TypeError
    "ds.map(lambda a, b, c: (a, b))",
    "ds.map(lambda *parts: parts)",
    "ds.map(lambda a, b: (unknown_op(a), b))",   # a call nothing models
    "ds.map(lambda a, b: {'x': a, 'y': b})",     # a dict: named inputs
    "ds.map(tf.identity)",                       # not a function of the file
])
def test_map_says_nothing_where_the_function_is_not_followed(map_call):
    x, y = fit_argument("X, t = np.zeros((64, 20)), np.zeros((64, 1))",
                        "ds = tf.data.Dataset.from_tensor_slices((X, t)).batch(16)",
                        f"model.fit({map_call})")
    assert isinstance(x, Unknown) and y is None      # the dataset itself is unknown


def test_a_lambda_made_in_a_function_reads_that_functions_names():
    x, y = fit_argument("n = 5",
                        "def pipeline(X, labels):",
                        "    n = 3",
                        "    ds = tf.data.Dataset.from_tensor_slices((X, labels))",
                        "    return ds.map(lambda a, b: (a, tf.one_hot(b, n))).batch(8)",
                        "model.fit(pipeline(np.zeros((40, 20, 1)), np.zeros((40,), dtype=int)))")
    assert dims(x) == (40, 20, 1) and dims(y) == (40, 3)


def test_timeseries_windows_split_in_map():
    x, y = fit_argument("series = np.zeros((500, 3))",
                        "def split_window(w):",
                        "    return w[:, :24, :], w[:, 24, :2]",
                        "windows = keras.utils.timeseries_dataset_from_array(series, None,"
                        " sequence_length=25)",
                        "model.fit(windows.map(split_window))")
    assert dims(x) == ("?", 24, 3) and dims(y) == ("?", 2) and x.shape[0] == y.shape[0]


def test_timeseries_windows_with_targets_of_unknown_shape_are_not_mapped():
    x, _ = fit_argument("def split_window(w):",
                        "    return w[:, :24, :], w[:, 24, :2]",
                        "windows = keras.utils.timeseries_dataset_from_array(np.zeros((500, 3)),"
                        " load_targets(), sequence_length=25)",
                        "model.fit(windows.map(split_window))")
    assert isinstance(x, Unknown)     # the element is (x, targets): split_window would get two


# -- where the dataset meets the model -----------------------------------------------------

def test_targets_made_in_map_meet_the_models_output():
    found = findings("data = np.random.rand(51, 20).astype('float32')",
                     "ds = tf.data.Dataset.from_tensor_slices(data).batch(51, drop_remainder=True)",
                     "def split(batch):",
                     "    return batch[:-1, :, None], batch[1:, :3]",
                     "model.compile(loss='mse', optimizer='adam')",
                     "model.fit(ds.map(split), epochs=1)")
    assert found == [(6, "LST403")]


def test_a_mapped_dataset_without_batch_is_one_sample_per_element():
    found = findings("X, t = np.zeros((64, 20)), np.zeros((64, 1))",
                     "ds = tf.data.Dataset.from_tensor_slices((X, t))",
                     "model.compile(loss='mse', optimizer='adam')",
                     "model.fit(ds.map(lambda a, b: (tf.expand_dims(a, -1), b)), epochs=1)")
    assert found == [(4, "LST202")]


# -- exact lengths and windows -------------------------------------------------------------

def test_a_batch_that_divides_the_exact_length_is_exact():
    rows = datasets.tensor_slices(array(51, 6))
    assert element_dims(call(rows, "batch", integer(51))) == (51, 6)     # all of it, one batch
    assert element_dims(call(rows, "batch", integer(17))) == (17, 6)     # three full batches
    assert element_dims(call(rows, "batch", integer(10))) == ("?", 6)    # the last one has 1
    # after filter (or take, skip, repeat) the count is no longer known
    assert element_dims(call(call(rows, "filter", None), "batch", integer(51))) == ("?", 6)
    assert element_dims(call(call(rows, "shuffle", integer(51)), "batch", integer(51))) == (51, 6)


def test_windows_flat_mapped_into_batches_of_their_size():
    x, y = fit_argument("series = np.zeros((1000, 1))",
                        "ds = tf.data.Dataset.from_tensor_slices(series)",
                        "ds = ds.window(21, shift=1, drop_remainder=True)",
                        "ds = ds.flat_map(lambda w: w.batch(21))",
                        "model.fit(ds.map(lambda w: (w[:-1], w[-1])).batch(32))")
    assert dims(x) == ("?", 20, 1) and dims(y) == ("?", 1) and x.shape[0] == y.shape[0]


def test_flat_map_of_the_windows_themselves_gives_the_elements_back():
    x, _ = fit_argument("ds = tf.data.Dataset.from_tensor_slices(np.zeros((1000, 1)))",
                        "model.fit(ds.window(21).flat_map(lambda w: w).batch(32))")
    assert dims(x) == ("?", 1)


def test_windows_that_may_be_short_have_a_symbolic_length():
    x, _ = fit_argument("ds = tf.data.Dataset.from_tensor_slices(np.zeros((1000, 1)))",
                        "ds = ds.window(21, shift=1).flat_map(lambda w: w.batch(21))",
                        "model.fit(ds.batch(32))")
    assert dims(x) == ("?", "?", 1)


@pytest.mark.parametrize("pipeline", [
    "tf.data.Dataset.from_tensor_slices((X, X)).window(5).flat_map(lambda a, b: a.batch(5))",
    "tf.data.Dataset.from_tensor_slices(X).window(n).flat_map(lambda w: w.batch(5))",
    "tf.data.Dataset.from_tensor_slices(X).window(5).flat_map(lambda w: tf.data.Dataset.range(3))",
    "tf.data.Dataset.from_tensor_slices(X).window(5).map(lambda w: w.batch(5))",
])
def test_windows_otherwise_say_nothing(pipeline):
    # (n is not defined: a window of unknown size)
    x, _ = fit_argument("X = np.zeros((1000, 1))", f"model.fit({pipeline}.batch(32))")
    assert not isinstance(x, Array)
