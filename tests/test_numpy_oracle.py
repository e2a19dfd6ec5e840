"""NumPy is the oracle of the NumPy model.

The linter never imports NumPy; it carries NumPy's shape rules written out
(libs/ndarray, libs/numpy_calls, libs/indexing, libs/shape_ops).  Here each
rule meets real NumPy on many small generated cases: a program builds arrays
of known shapes with ``np.empty``, passes one expression to ``model.fit``, and
the shape the linter gives that argument is compared with the shape NumPy
gives the same expression.

Precision first, so the comparison is one-sided where the model is allowed
to stay quiet:

- a shape the model gives must be NumPy's shape (and NumPy must not raise);
- a problem the model reports (LST201 for a reshape, LST204 for ``X.shape[i]``)
  must be one NumPy raises on;
- an unknown says nothing, but each family must be answered often enough
  that the comparison means something.
"""

from __future__ import annotations

import ast
import random
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from flake8_lstm_shapes.analysis import analyze
from flake8_lstm_shapes.core.values import Array

SEED = 20240611
CASES = 150
RAISES = "raises"
PROBLEM_CODES = {"LST201", "LST204"}
HEADER = ["import numpy as np", "import keras", "model = keras.Sequential([keras.layers.Dense(1)])"]


# -- the two sides ----------------------------------------------------------------------

def declaration(name: str, shape) -> str:
    """How each array is made, on both sides: ``I...`` are integer index arrays
    (of zeros: a valid index on any axis), ``M...`` boolean masks (all True),
    the others float arrays."""
    if name.startswith("I"):
        return f"np.zeros({tuple(shape)!r}, dtype=int)"
    if name.startswith("M"):
        return f"np.ones({tuple(shape)!r}, dtype=bool)"
    return f"np.empty({tuple(shape)!r})"


def ours(expr: str, arrays: dict):
    """The model's answer: a tuple (an int per axis, None for an axis whose
    length is a symbol, a mask's count), RAISES, or None (unknown)."""
    lines = HEADER + [f"{name} = {declaration(name, shape)}" for name, shape in arrays.items()]
    lines.append(f"model.fit({expr})")
    text = "\n".join(lines) + "\n"
    ctx = analyze(ast.parse(text), text.splitlines(True))
    line = len(lines)
    if any(f.line == line and f.code in PROBLEM_CODES for f in ctx.findings.values()):
        return RAISES
    x = ctx.data_calls[-1][3]
    if not isinstance(x, Array) or x.shape is None:
        return None
    return tuple(d.value if d is not None else None for d in x.shape)


def theirs(expr: str, arrays: dict):
    """NumPy's answer on empty arrays of the same shapes: a tuple, or RAISES."""
    scope = {"np": np, **{name: eval(declaration(name, shape), {"np": np})  # noqa: S307
                          for name, shape in arrays.items()}}
    try:
        result = eval(expr, scope)  # noqa: S307 - our own generated expressions
    except (ValueError, IndexError, TypeError, AttributeError):   # AxisError is the first two
        return RAISES
    return tuple(np.shape(result))


def agrees(mine, numpy_says) -> bool:
    """The same answer, an axis we left symbolic matching any length."""
    if mine == RAISES or numpy_says == RAISES:
        return mine == numpy_says
    return len(mine) == len(numpy_says) and all(a is None or a == b for a, b in zip(mine, numpy_says))


def check_family(cases, min_answered: float):
    """Every answer agrees with NumPy, and enough cases get an answer."""
    answered = 0
    disagreements = []
    for expr, arrays in cases:
        mine, numpy_says = ours(expr, arrays), theirs(expr, arrays)
        if mine is None:
            continue
        answered += 1
        if not agrees(mine, numpy_says):
            disagreements.append(f"{expr} with {arrays}: ours {mine}, NumPy {numpy_says}")
    assert not disagreements, "\n".join(disagreements[:10])
    assert answered >= min_answered * len(cases), f"only {answered} of {len(cases)} answered"


# -- generated cases --------------------------------------------------------------------

def shape(rng: random.Random, low_rank: int = 1, high_rank: int = 3):
    return tuple(rng.randint(1, 4) for _ in range(rng.randint(low_rank, high_rank)))


def axis(rng: random.Random, rank: int) -> int:
    return rng.randint(-rank - 1, rank)          # sometimes out of range on purpose


def factors(rng, size: int):
    """A random way to write ``size`` as a product of 1 to 3 numbers."""
    out = []
    while len(out) < 2 and size > 1 and rng.random() < 0.7:
        divisor = rng.choice([d for d in range(1, size + 1) if size % d == 0])
        out.append(divisor)
        size //= divisor
    return out + [size]


def reshape_cases(rng):
    for _ in range(CASES):
        x = shape(rng)
        if rng.random() < 0.5:                   # a target that fits, perhaps with a -1
            target = factors(rng, int(np.prod(x)))
            if rng.random() < 0.5:
                target[rng.randrange(len(target))] = -1
            target = tuple(target)
        else:
            target = tuple(rng.choice([-1, 1, 2, 3, 4, 6, 12]) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.5:
            yield f"X.reshape({target!r})", {"X": x}
        else:
            yield f"np.reshape(X, {target!r})", {"X": x}


def broadcast_cases(rng):
    for _ in range(CASES):
        x = shape(rng)
        other = rng.choice(["same", "scalar", "other"])
        op = rng.choice(["+", "-", "*", "/"])
        if other == "scalar":
            number = rng.choice(["2", "0.5"])
            yield (f"X {op} {number}" if rng.random() < 0.5 else f"{number} {op} X"), {"X": x}
        else:
            y = x if other == "same" else shape(rng) if rng.random() < 0.5 \
                else tuple(rng.choice([1, d]) for d in x)[rng.randint(0, len(x) - 1):]
            yield f"X {op} Y", {"X": x, "Y": y or (1,)}


def bound(rng):
    return rng.choice([None, None] + list(range(-6, 7)))


def slice_text(rng, with_step: bool = True):
    step = rng.choice([None, 1, 2, 3, -1, -2]) if with_step else None
    parts = ["" if b is None else str(b) for b in (bound(rng), bound(rng))]
    return ":".join(parts) + ("" if step is None else f":{step}")


def slicing_cases(rng):
    for _ in range(CASES):
        x = shape(rng, 1, 3)
        items = [slice_text(rng) for _ in range(rng.randint(1, len(x)))]
        yield f"X[{', '.join(items)}]", {"X": x}


def index_item(rng, rank):
    kind = rng.choice(["int", "slice", "none", "newaxis", "ellipsis"])
    if kind == "int":
        return str(rng.randint(-rank, rank - 1))
    if kind == "slice":
        return slice_text(rng, with_step=rng.random() < 0.3)
    return {"none": "None", "newaxis": "np.newaxis", "ellipsis": "..."}[kind]


def indexing_cases(rng):
    for _ in range(CASES):
        x = shape(rng, 1, 3)
        items = [index_item(rng, len(x)) for _ in range(rng.randint(1, 3))]
        yield f"X[{', '.join(items)}]", {"X": x}


def axis_cases(rng):
    for _ in range(CASES):
        x = shape(rng, 1, 3)
        rank = len(x)
        form = rng.choice(["expand_dims", "squeeze", "squeeze_axis", "transpose", "transpose_axes",
                           "swapaxes", "moveaxis", "T"])
        if form == "expand_dims":
            yield f"np.expand_dims(X, {axis(rng, rank + 1)})", {"X": x}
        elif form == "squeeze":
            yield rng.choice(["np.squeeze(X)", "X.squeeze()"]), {"X": x}
        elif form == "squeeze_axis":
            yield rng.choice([f"np.squeeze(X, axis={axis(rng, rank)})",
                              f"X.squeeze({axis(rng, rank)})"]), {"X": x}
        elif form == "transpose":
            yield rng.choice(["np.transpose(X)", "X.transpose()", "X.T"]), {"X": x}
        elif form == "transpose_axes":
            order = list(range(rank))
            rng.shuffle(order)
            if rng.random() < 0.2:
                order[0] = rank                 # not a permutation: NumPy raises
            yield rng.choice([f"np.transpose(X, {tuple(order)!r})",
                              f"X.transpose({', '.join(map(str, order))})"]), {"X": x}
        elif form in ("swapaxes", "moveaxis"):
            a, b = axis(rng, rank), axis(rng, rank)
            yield rng.choice([f"np.{form}(X, {a}, {b})", f"X.{form}({a}, {b})"]), {"X": x}
        else:
            yield "X.T", {"X": x}


def join_cases(rng):
    for _ in range(CASES):
        x = shape(rng, 1, 3)
        count = rng.randint(2, 3)
        arrays = {}
        for i in range(count):
            changed = list(x)
            if rng.random() < 0.4:
                changed[rng.randrange(len(x))] = rng.randint(1, 4)
            if rng.random() < 0.1:
                changed = changed[:-1] or [2]
            arrays[f"A{i}"] = tuple(changed)
        names = ", ".join(arrays)
        function = rng.choice(["concatenate", "stack", "hstack", "vstack", "column_stack", "dstack"])
        if function in ("concatenate", "stack"):
            given = rng.choice(["", f", axis={axis(rng, len(x))}"])
            yield f"np.{function}([{names}]{given})", arrays
        else:
            yield f"np.{function}([{names}])", arrays


def reduction_axis(rng, rank: int) -> str:
    """One axis, a tuple of them (sometimes repeated or out of range), or None."""
    form = rng.random()
    if form < 0.6:
        return str(axis(rng, rank))
    if form < 0.9:
        return repr(tuple(axis(rng, rank) for _ in range(rng.randint(1, rank))))
    return "None"


def reduction_cases(rng):
    for _ in range(CASES):
        x = shape(rng, 1, 3)
        name = rng.choice(["sum", "mean", "max", "min", "argmax", "argmin", "std", "prod", "any"])
        keep = rng.random() < 0.4
        given = f"axis={reduction_axis(rng, len(x))}" + (", keepdims=True" if keep else "")
        if rng.random() < 0.5:
            yield f"np.{name}(X, {given})", {"X": x}
        else:
            yield f"X.{name}({given})", {"X": x}


def index_list(rng) -> str:
    """A list literal NumPy reads as an index array: 0 and -1 are valid on
    every axis, 7 on none; sometimes nested, sometimes a boolean mask."""
    form = rng.random()
    if form < 0.15:
        return repr([rng.choice([True, False]) for _ in range(rng.randint(1, 4))])
    if form < 0.3:
        return repr([[rng.choice([0, -1]) for _ in range(2)] for _ in range(rng.randint(1, 2))])
    return repr([rng.choice([0, -1, 0, -1, 7]) for _ in range(rng.randint(1, 3))])


def advanced_item(rng, x, arrays: dict) -> str:
    kind = rng.choice(["list", "list", "array", "array", "mask", "basic", "basic", "ellipsis"])
    if kind == "list":
        return index_list(rng)
    if kind == "array":
        name = f"I{len(arrays)}"
        arrays[name] = rng.choice([(rng.randint(1, 3),), (rng.randint(1, 3), rng.randint(1, 2)),
                                   (1,), (2, 1)])
        return name
    if kind == "mask":
        name = f"M{len(arrays)}"
        start = rng.randrange(len(x))
        mask = x[start:start + rng.randint(1, 2)]
        if rng.random() < 0.2:
            mask = tuple(d + 1 for d in mask)          # another shape: IndexError
        arrays[name] = mask
        return name
    if kind == "ellipsis":
        return "..."
    return index_item(rng, len(x))


def advanced_indexing_cases(rng):
    for _ in range(CASES):
        x = shape(rng, 1, 3)
        arrays = {"X": x}
        items = [advanced_item(rng, x, arrays) for _ in range(rng.randint(1, 3))]
        yield f"X[{', '.join(items)}]", arrays


def one_hot_cases(rng):
    """``np.eye(k)[labels]`` and ``np.identity(k)[labels]``."""
    for _ in range(CASES // 3):
        k = rng.randint(1, 5)
        labels = rng.choice([(rng.randint(1, 4),), (rng.randint(1, 3), rng.randint(1, 3)), (3, 1)])
        function = rng.choice(["eye", "identity"])
        yield f"np.{function}({k})[I]", {"I": labels}


def repeat_tile_take_cases(rng):
    for _ in range(CASES):
        x = shape(rng, 1, 3)
        form = rng.choice(["repeat", "repeat_method", "repeat_flat", "tile", "tile_int", "take",
                           "take_method", "take_flat", "expand_dims"])
        n = rng.randint(0, 3)
        a = axis(rng, len(x))
        indices = rng.choice(["[0, -1]", "[[0], [0]]", "0", "I"])
        arrays = {"X": x, "I": (rng.randint(1, 3),)} if indices == "I" else {"X": x}
        yield {
            "repeat": f"np.repeat(X, {n}, axis={a})",
            "repeat_method": f"X.repeat({n}, {a})",
            "repeat_flat": f"np.repeat(X, {n})",
            "tile": f"np.tile(X, {tuple(rng.randint(1, 3) for _ in range(rng.randint(1, 4)))!r})",
            "tile_int": f"np.tile(X, {n})",
            "take": f"np.take(X, {indices}, axis={a})",
            "take_method": f"X.take({indices}, axis={a})",
            "take_flat": f"np.take(X, {indices})",
            "expand_dims": f"np.expand_dims(X, {tuple(axis(rng, len(x) + 2) for _ in range(2))!r})",
        }[form], arrays


FAMILIES = {
    # name: (cases, the least share of them the model must answer)
    "reshape": (reshape_cases, 0.5),
    "broadcasting": (broadcast_cases, 0.4),
    "slicing": (slicing_cases, 0.9),
    "indexing": (indexing_cases, 0.5),
    "axes": (axis_cases, 0.5),
    "joining": (join_cases, 0.3),
    "reductions": (reduction_cases, 0.5),
    "advanced indexing": (advanced_indexing_cases, 0.4),
    "one-hot": (one_hot_cases, 0.9),
    "repeat, tile, take": (repeat_tile_take_cases, 0.6),
}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_the_numpy_model_agrees_with_numpy(family):
    generate, min_answered = FAMILIES[family]
    rng = random.Random(f"{SEED}-{family}")
    check_family(list(generate(rng)), min_answered)


# -- what the model reports, NumPy raises --------------------------------------------------

@pytest.mark.parametrize("expr,arrays", [
    ("X.reshape(5, -1)", {"X": (4, 3)}),
    ("X.reshape(-1, -1)", {"X": (4, 3)}),
    ("X.reshape((2, 2, 2))", {"X": (4, 3)}),
    ("np.reshape(X, (7,))", {"X": (2, 3)}),
    ("X.shape[2]", {"X": (4, 3)}),
    ("X.shape[-3]", {"X": (4, 3)}),
])
def test_each_problem_the_model_reports_is_one_numpy_raises(expr, arrays):
    assert ours(expr, arrays) == RAISES
    assert theirs(expr, arrays) == RAISES


def test_the_runtime_imports_no_numpy():
    """NumPy is a test dependency only: linting NumPy code does not load it."""
    script = textwrap.dedent("""
        import ast, sys
        from flake8_lstm_shapes.analysis import analyze
        text = "import numpy as np\\nimport keras\\nX = np.zeros((4, 3)).reshape(-1, 1)\\n"
        analyze(ast.parse(text), text.splitlines(True))
        print("numpy" in sys.modules)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("expr", [
    "X[4]", "X[0, -4]", "X[-5, 1:]",           # past the end of an axis: IndexError
    "X.moveaxis(0, 1)", "X.expand_dims(0)",     # NumPy functions, not array methods
    "np.flatten(X)",                            # an array method, not a NumPy function
])
def test_what_numpy_refuses_has_no_shape(expr):
    arrays = {"X": (4, 3)}
    assert theirs(expr, arrays) == RAISES
    assert ours(expr, arrays) is None


@pytest.mark.parametrize("expr,arrays", [
    # index arrays next to each other: their broadcast shape takes their place
    ("X[:, I, I]", {"X": (4, 3, 5), "I": (2, 1)}),
    ("X[:, [0, 1], 0]", {"X": (4, 3, 5)}),
    # something between them: the broadcast shape comes first (ints count as arrays)
    ("X[I, :, [0, -1]]", {"X": (4, 3, 5), "I": (2,)}),
    ("X[0, :, [0, 1]]", {"X": (4, 3, 5)}),
    ("X[[0], None, [0]]", {"X": (2, 3, 4, 5)}),
    ("X[:, 0, :, [0, 1]]", {"X": (2, 3, 4, 5)}),
    ("X[:, [0], None, I]", {"X": (2, 3, 4, 5), "I": (3, 1)}),
    ("X[..., [0, 1], None]", {"X": (4, 3, 5)}),
    # one-hot, per-sample rows, columns
    ("np.eye(5)[I]", {"I": (7,)}),
    ("np.eye(5)[I]", {"I": (7, 2)}),
    ("X[I]", {"X": (4, 3), "I": (6,)}),
    ("X[:, [0, 2, 1, 0]]", {"X": (4, 3)}),
    ("X[np.argmax(X, axis=1)]", {"X": (4, 3)}),
    # masks: the rank is known, the count is a symbol
    ("X[M]", {"X": (4, 3), "M": (4, 3)}),
    ("X[M]", {"X": (4, 3), "M": (4,)}),
    ("X[M, 1:]", {"X": (4, 3), "M": (4,)}),
    ("X[:, M, 0]", {"X": (2, 4, 3), "M": (4,)}),
    ("X[X[:, 0] > 0]", {"X": (4, 3)}),
    ("X[[True, False, True, True]]", {"X": (4, 3)}),
    # slice objects: the slice written out
    ("X[slice(1, 3)]", {"X": (4, 3)}),
    ("X[slice(2)]", {"X": (4, 3)}),
    ("X[slice(1, None), slice(None, None, 2)]", {"X": (6, 5)}),
    ("X[:, slice(-2, None)]", {"X": (4, 3, 2)}),
    ("X[slice(2 * 2, 3 * 2)]", {"X": (10, 3)}),
    ("X[slice(None)]", {"X": (4, 3)}),
    ("X[slice(3, 10), I]", {"X": (4, 3), "I": (2,)}),
])
def test_advanced_indexing_is_answered_as_numpy_does(expr, arrays):
    mine = ours(expr, arrays)
    assert mine is not None and mine != RAISES
    assert agrees(mine, theirs(expr, arrays)), (mine, theirs(expr, arrays))


@pytest.mark.parametrize("expr,arrays", [
    ("X[[0, 7]]", {"X": (4, 3)}),                   # a listed index past the end
    ("X[M]", {"X": (4, 3), "M": (3,)}),             # a mask of another length
    ("X[I, IJ]", {"X": (4, 3), "I": (2,), "IJ": (3,)}),  # arrays that do not broadcast
    ("X[[0.5]]", {"X": (4, 3)}),                    # float indices
    ("X.sum(axis=(0, 0))", {"X": (4, 3)}),          # a repeated axis
    ("np.argmax(X, axis=(0, 1))", {"X": (4, 3, 2)}),  # argmax takes one axis
])
def test_what_numpy_refuses_when_indexing_has_no_shape(expr, arrays):
    assert theirs(expr, arrays) == RAISES
    assert ours(expr, arrays) is None


def test_the_one_hot_of_labels_keeps_its_classes():
    """``np.eye(k)[labels]`` is one-hot with k classes, what the target rules read."""
    text = "\n".join(HEADER + ["labels = np.random.randint(0, 5, size=(20,))",
                               "model.fit(np.eye(5)[labels])"]) + "\n"
    x = analyze(ast.parse(text), text.splitlines(True)).data_calls[-1][3]
    assert x.one_hot is not None and x.one_hot.value == 5
    assert tuple(d.value for d in x.shape) == (20, 5)
