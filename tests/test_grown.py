"""NumPy is the oracle of a grown list's joins: ``np.stack(windows)`` and
``np.vstack``/``np.hstack``/``np.concatenate`` of a list appended to in a loop.

Each generated program grows a list of windows of a known shape in a loop of
an unrolled-or-not length, joins it, and gives the join to ``model.fit``.
The shape the linter gives that argument must be the shape NumPy gives when
the same program runs (or NumPy must raise where the linter says nothing).
"""

from __future__ import annotations

import ast
import random
import textwrap

import numpy as np
import pytest

from flake8_lstm_shapes.analysis import analyze
from flake8_lstm_shapes.core.values import Array

SEED = 20261201
CASES = 160
JOINS = ["stack", "concatenate", "vstack", "hstack"]


def program(piece: tuple, count: int, join: str, axis) -> str:
    """A loop growing ``count`` pieces of shape ``piece`` (slices of a bigger
    array, as a sliding window takes them), joined by ``np.<join>``."""
    source = (count + piece[0],) + piece[1:] if piece else (count,)
    window = "data[i:i + {}]".format(piece[0]) if piece else "data[i]"
    axis_text = "" if axis is None else f", axis={axis}"
    return "\n".join([
        "import numpy as np",
        "import keras",
        "model = keras.Sequential([keras.layers.Dense(1)])",
        f"data = np.zeros({source!r})",
        "windows = []",
        f"for i in range({count}):",
        f"    windows.append({window})",
        f"joined = np.{join}(windows{axis_text})",
        "model.fit(joined)",
    ]) + "\n"


def ours(text: str):
    ctx = analyze(ast.parse(text), text.splitlines(True))
    x = ctx.data_calls[-1][3]
    if not isinstance(x, Array) or x.shape is None:
        return None
    dims = tuple(d.value for d in x.shape)
    return dims if all(isinstance(d, int) for d in dims) else ("rank", len(dims))


def theirs(text: str):
    """What the same program's join is under NumPy (the model is left out)."""
    scope = {"np": np}
    body = text.split("model.fit")[0].replace("import keras\n", "")
    body = body.replace("model = keras.Sequential([keras.layers.Dense(1)])\n", "")
    try:
        exec(body, scope)  # noqa: S102 - our own generated programs
    except (ValueError, IndexError, TypeError):
        return "raises"
    return tuple(np.shape(scope["joined"]))


def cases(rng: random.Random):
    for _ in range(CASES):
        rank = rng.randint(0, 3)
        piece = tuple(rng.randint(1, 4) for _ in range(rank))
        join = rng.choice(JOINS)
        axis = rng.choice([None, None, 0, 1, -1, 2, 3]) if join in ("stack", "concatenate") else None
        yield piece, rng.choice([1, 3, 20]), join, axis


def test_grown_joins_agree_with_numpy():
    rng = random.Random(SEED)
    answered, disagreements = 0, []
    for piece, count, join, axis in cases(rng):
        text = program(piece, count, join, axis)
        mine, numpy_says = ours(text), theirs(text)
        if mine is None:
            continue
        answered += 1
        if isinstance(mine, tuple) and mine and mine[0] == "rank":
            agrees = numpy_says != "raises" and len(numpy_says) == mine[1]
        else:
            agrees = mine == numpy_says
        if not agrees:
            disagreements.append(f"np.{join} of {count} x {piece} axis={axis}: "
                                 f"ours {mine}, NumPy {numpy_says}")
    assert not disagreements, "\n".join(disagreements[:10])
    assert answered >= 0.6 * CASES, f"only {answered} of {CASES} answered"


def test_a_symbolic_axis_or_axis_none_says_nothing():
    text = program((3, 2), 20, "concatenate", "None")
    assert ours(text) is None
    assert ours(program((3, 2), 20, "stack", "k").replace("import numpy", "k = int(input())\nimport numpy")) \
        is None


def test_stacked_windows_have_the_loop_count_as_samples():
    text = program((10, 1), 20, "stack", None)
    assert ours(text) == (20, 10, 1)


@pytest.mark.parametrize("loop, kinds", [
    ("for x in xs:\n    ys.append(x)\n", set()),
    ("for x in xs:\n    if x:\n        break\n    ys.append(x)\n", {"Break"}),
    ("for x in xs:\n    for y in x:\n        continue\n    return y\n", {"Continue", "Return"}),
    ("for x in xs:\n    yield x\n", {"Yield"}),
])
def test_the_jumps_of_a_loop_are_read_in_one_walk(loop, kinds):
    from flake8_lstm_shapes.python.iteration import jumps_in, straight_body
    node = ast.parse("def f(xs, ys):\n" + textwrap.indent(loop, "    ")).body[0].body[0]
    found = jumps_in(node)
    assert {kind.__name__ for kind in found} == kinds
    assert straight_body(found) is (not kinds)
