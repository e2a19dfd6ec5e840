"""Data through the file's own functions: each call runs the body with its own
arguments, a generator's ``yield`` gives ``fit`` its batches, and all of it
stays within the budget however often a function is called or calls itself.

The model in each program takes ``(samples, 10, 3)``; a 2-D array given to
its ``fit`` is a sure LST202 (neither Keras adds a features axis of 3), so
where the data's shape is followed decides whether the line is reported.
"""

from __future__ import annotations

import ast
import gc
import textwrap
import time

from flake8_lstm_shapes.analysis import analyze
from flake8_lstm_shapes.core.values import Array

HEADER = """\
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense
model = Sequential([LSTM(8, input_shape=(10, 3)), Dense(1)])
model.compile(loss="mse", optimizer="adam")
"""


def analysis(body: str):
    text = HEADER + textwrap.dedent(body)
    return analyze(ast.parse(text), text.splitlines(keepends=True), keras_version="3")


def reported(body: str, code: str = "LST202"):
    """The lines (counted in ``body``) with a finding of ``code``."""
    offset = HEADER.count("\n")
    return sorted(f.line - offset for f in analysis(body).sorted_findings() if f.code == code)


def marked(body: str, marker: str = "# here"):
    lines = textwrap.dedent(body).splitlines()
    return [i for i, line in enumerate(lines, 1) if marker in line]


def fit_shapes(body: str):
    """The x shape each data call received, as ints (None where not all known)."""
    out = []
    for call in analysis(body).data_calls:
        x = call[3]
        if isinstance(x, Array) and x.shape is not None:
            dims = tuple(d.value for d in x.shape)
            out.append(dims if None not in dims else len(dims))
        else:
            out.append(None)
    return out


def test_each_call_runs_the_body_with_its_own_arguments():
    body = """
    def flat(a):
        return a.reshape(a.shape[0], -1)

    def as_steps(a):
        return a.reshape(a.shape[0], 10, -1)

    model.fit(as_steps(np.zeros((50, 30))), np.zeros(50))
    model.fit(flat(np.zeros((40, 10, 3))), np.zeros(40))  # here
    model.fit(as_steps(np.zeros((20, 30))), np.zeros(20))
    """
    assert reported(body) == marked(body)
    assert fit_shapes(body) == [(50, 10, 3), (40, 30), (20, 10, 3)]


def test_a_lambda_called_by_its_name_runs_its_expression():
    body = """
    as_steps = lambda a, t=10: a.reshape((a.shape[0], t, -1))
    flat = lambda a: a.reshape((a.shape[0], -1))
    model.fit(as_steps(np.zeros((50, 30))), np.zeros(50))
    model.fit(flat(np.zeros((40, 10, 3))), np.zeros(40))  # here
    model.fit((lambda a: a[:, :, None])(np.zeros((20, 10))), np.zeros(20))
    """
    assert reported(body) == marked(body)
    assert fit_shapes(body) == [(50, 10, 3), (40, 30), (20, 10, 1)]


def test_a_lambda_reads_the_names_of_the_function_it_is_made_in():
    """Not the module's ``X``: the enclosing function's own."""
    body = """
    X = np.zeros((30, 10, 3))

    def prepared(data):
        X = data.reshape((data.shape[0], -1))
        flat = lambda: X
        return flat()

    model.fit(prepared(np.zeros((30, 10, 3))), np.zeros(30))  # here
    """
    assert reported(body) == marked(body)
    assert fit_shapes(body) == [(30, 30)]


def test_a_lambda_that_calls_itself_is_bounded():
    body = """
    spin = lambda a: spin(a)
    model.fit(spin(np.zeros((10, 30))), np.zeros(10))
    """
    assert fit_shapes(body) == [None]


def test_windows_made_in_a_function_and_returned():
    body = """
    def windows(series, n_steps):
        X, y = [], []
        for i in range(len(series) - n_steps):
            X.append(series[i:i + n_steps])
            y.append(series[i + n_steps])
        return np.array(X), np.array(y)

    X, y = windows(np.random.rand(300, 3), 10)
    model.fit(X.reshape(-1, 30), y)  # here
    model.fit(X, y)
    """
    assert reported(body) == marked(body)
    assert fit_shapes(body) == [(290, 30), (290, 10, 3)]


def test_a_module_array_read_inside_a_function():
    body = """
    data = np.zeros((100, 30))

    def prepare():
        return data[:80]

    model.fit(prepare(), np.zeros(80))  # here
    """
    assert reported(body) == marked(body)


def test_a_nested_function_reads_its_enclosing_functions_array():
    body = """
    def outer(n):
        base = np.zeros((n, 30))

        def inner():
            return base.reshape(n, 10, 3)
        return base, inner()

    flat, steps = outer(20)
    model.fit(flat, np.zeros(20))  # here
    model.fit(steps, np.zeros(20))
    """
    assert reported(body) == marked(body)


def test_a_model_built_and_returned_by_a_function():
    body = """
    def build(n_steps, n_features):
        net = Sequential()
        net.add(LSTM(8, input_shape=(n_steps, n_features)))
        net.add(Dense(1))
        return net

    net = build(5, 2)
    net.fit(np.zeros((10, 5, 2)), np.zeros(10))
    net.fit(np.zeros((10, 10)), np.zeros(10))  # here
    """
    assert reported(body) == marked(body)


def test_a_generators_batches_reach_fit():
    body = """
    def batches(X, y, size):
        while True:
            for i in range(0, len(X), size):
                yield X[i:i + size], y[i:i + size]

    model.fit(batches(np.zeros((100, 30)), np.zeros(100), 10), steps_per_epoch=10)  # here
    model.fit(batches(np.zeros((100, 10, 3)), np.zeros(100), 10), steps_per_epoch=10)
    """
    assert reported(body) == marked(body)
    assert fit_shapes(body) == [2, 3]


def test_a_generator_gives_batches_with_one_sample_count_for_x_and_y():
    ctx = analysis("""
    def batches(X, y):
        for i in range(0, 100, 10):
            yield X[i:i + 10], y[i:i + 10]

    model.fit(batches(np.zeros((100, 10, 3)), np.zeros((100, 3))))
    """)
    x, y = ctx.data_calls[-1][3], ctx.data_calls[-1][4]
    assert x.shape[0] == y.shape[0]
    assert [d.value for d in x.shape[1:]] == [10, 3]
    assert [d.value for d in y.shape[1:]] == [3]


def test_what_a_generator_hides_says_nothing():
    body = """
    def delegated(X):
        yield from ((X[i:i + 4], X[i:i + 4]) for i in range(10))

    def mixed(X, y):
        yield X[:4], y[:4]
        yield X[:4]

    def unknown_batch(source):
        for batch in source:
            yield batch

    model.fit(delegated(np.zeros((100, 30))), steps_per_epoch=2)
    model.fit(mixed(np.zeros((100, 30)), np.zeros(100)), steps_per_epoch=2)
    model.fit(unknown_batch(loader), steps_per_epoch=2)
    """
    assert reported(body) == []


def test_recursion_is_bounded_and_says_nothing_it_cannot_know():
    body = """
    def grow(a, n):
        if n == 0:
            return a
        return grow(a.reshape(a.shape[0], -1), n - 1)

    def ping(a):
        return pong(a)

    def pong(a):
        return ping(a)

    model.fit(grow(np.zeros((10, 10, 3)), 3), np.zeros(10))
    model.fit(ping(np.zeros((10, 30))), np.zeros(10))
    """
    start = time.perf_counter()
    ctx = analysis(body)
    assert time.perf_counter() - start < 5
    assert ctx.budget.used < ctx.budget.steps
    assert [f for f in ctx.sorted_findings() if f.code == "LST202"] == []


def test_many_calls_of_one_function_stay_within_the_budget():
    """Every call runs its body, and the calls it makes run theirs: a file of
    thousands of calls to a function that fans out stops at the budget,
    quickly, and what it found before stays found."""
    helpers = """
    def leaf(a):
        for i in range(len(a)):
            a = a.reshape(a.shape[0], -1)
        return a

    def middle(a):
        return leaf(a), leaf(a), leaf(a), leaf(a), leaf(a)

    def top(a):
        return middle(a), middle(a), middle(a), middle(a), middle(a)

    model.fit(leaf(np.zeros((10, 10, 3))), np.zeros(10))  # here
    """
    calls = "".join(f"r{i} = top(np.zeros(({i + 1}, 10, 3)))\n" for i in range(5000))
    start = time.perf_counter()
    ctx = analysis(textwrap.dedent(helpers) + calls)
    elapsed = time.perf_counter() - start
    assert elapsed < 60
    assert ctx.budget.used <= ctx.budget.steps + 1       # stopped at the budget, not past it
    offset = HEADER.count("\n")
    lines = [f.line - offset for f in ctx.sorted_findings() if f.code == "LST202"]
    assert lines == marked(helpers)
    del ctx
    gc.collect()      # the run's garbage, collected here rather than inside a later timed test
