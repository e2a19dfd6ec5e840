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

def ours(expr: str, arrays: dict):
    """The model's answer: a tuple of ints, RAISES, or None (unknown)."""
    lines = HEADER + [f"{name} = np.empty({tuple(shape)!r})" for name, shape in arrays.items()]
    lines.append(f"model.fit({expr})")
    text = "\n".join(lines) + "\n"
    ctx = analyze(ast.parse(text), text.splitlines(True))
    line = len(lines)
    if any(f.line == line and f.code in PROBLEM_CODES for f in ctx.findings.values()):
        return RAISES
    x = ctx.data_calls[-1][3]
    if not isinstance(x, Array) or x.shape is None:
        return None
    dims = tuple(d.value if d is not None else None for d in x.shape)
    return dims if all(isinstance(d, int) for d in dims) else None


def theirs(expr: str, arrays: dict):
    """NumPy's answer on empty arrays of the same shapes: a tuple, or RAISES."""
    scope = {"np": np, **{name: np.empty(shape) for name, shape in arrays.items()}}
    try:
        result = eval(expr, scope)  # noqa: S307 - our own generated expressions
    except (ValueError, IndexError, TypeError, AttributeError):   # AxisError is the first two
        return RAISES
    return tuple(np.shape(result))


def check_family(cases, min_answered: float):
    """Every answer agrees with NumPy, and enough cases get an answer."""
    answered = 0
    disagreements = []
    for expr, arrays in cases:
        mine, numpy_says = ours(expr, arrays), theirs(expr, arrays)
        if mine is None:
            continue
        answered += 1
        if mine != numpy_says:
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


def reduction_cases(rng):
    for _ in range(CASES):
        x = shape(rng, 1, 3)
        name = rng.choice(["sum", "mean", "max", "min", "argmax", "std", "prod"])
        keep = name != "argmax" and rng.random() < 0.4
        given = f"axis={axis(rng, len(x))}" + (", keepdims=True" if keep else "")
        if rng.random() < 0.5:
            yield f"np.{name}(X, {given})", {"X": x}
        else:
            yield f"X.{name}({given})", {"X": x}


FAMILIES = {
    # name: (cases, the least share of them the model must answer)
    "reshape": (reshape_cases, 0.5),
    "broadcasting": (broadcast_cases, 0.4),
    "slicing": (slicing_cases, 0.9),
    "indexing": (indexing_cases, 0.5),
    "axes": (axis_cases, 0.5),
    "joining": (join_cases, 0.3),
    "reductions": (reduction_cases, 0.5),
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
