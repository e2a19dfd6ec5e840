"""Hypothesis strategies for hostile Keras programs.

Two generators:

- ``keras_programs()`` assembles programs from statement templates chosen
  to stress the interpreter: dropped and nonsensical layer arguments, deep
  nesting of expressions and blocks, huge tuples, ``X = X.reshape(X.shape)`` in
  loops, star imports, rebound Keras names (``LSTM = 3``), memory-bomb shapes
  and numbers (``np.zeros((10**12, 10**12))``, ``10**10**10``, ``'a' * 10**9``),
  recursion between the file's functions, a 200-layer ``Sequential``, models
  built in loops, layers kept in a list and added in a loop, one layer
  instance used twice.
- ``mutated_fixtures()`` takes a real program from ``fixtures/`` and applies a
  few AST mutations: drop an argument, replace one with a hostile
  expression, duplicate, delete or swap statements, wrap statements in a
  loop, a branch or a function, rebind a name.

Both yield source text; it may be semantically absurd, which is the point,
and is almost always syntactically valid.
"""

from __future__ import annotations

import ast
import functools
import pathlib
from typing import List, Tuple

from hypothesis import strategies as st

ROOT = pathlib.Path(__file__).resolve().parents[2]

HEADERS = (
    "import numpy as np\nfrom keras.models import Sequential, Model\n"
    "from keras.layers import LSTM, GRU, SimpleRNN, Dense, Dropout, Input, TimeDistributed, "
    "Bidirectional, RepeatVector, Flatten, Reshape, Conv1D, Masking, Embedding, ConvLSTM2D\n",
    "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\n"
    "from tensorflow.keras.layers import *\nfrom tensorflow.keras.models import *\n",
    "import numpy as np\nfrom keras.layers import *\nfrom keras.models import *\n",
    "import numpy as np\nimport keras\nfrom keras import layers, ops\n",
    "# lstm-keras-version: 2\nimport numpy as np\nfrom keras.layers.recurrent import LSTM, GRU\n"
    "from keras.layers.core import Dense, Dropout\nfrom keras.models import Sequential\n",
    "import numpy as np\nimport pandas as pd\nimport tf_keras as keras\n"
    "from tf_keras.layers import LSTM, CuDNNLSTM, Dense\nfrom tf_keras.models import Sequential\n",
)

RECURRENT = ("LSTM", "GRU", "SimpleRNN", "keras.layers.LSTM", "tf.keras.layers.GRU",
             "layers.LSTM", "CuDNNLSTM", "ConvLSTM2D")
OTHER_LAYERS = ("Dense", "Dropout", "Flatten", "RepeatVector", "Reshape", "Conv1D", "Masking",
                "Embedding", "Activation", "BatchNormalization", "InputLayer", "Input",
                "keras.Input", "Concatenate", "GlobalAveragePooling1D", "MaxPooling1D")
WRAPPERS = ("Bidirectional", "TimeDistributed", "keras.layers.Bidirectional")
KEYWORDS = ("units", "input_shape", "input_dim", "batch_input_shape", "return_sequences",
            "return_state", "stateful", "input_length", "shape", "batch_shape", "target_shape",
            "time_major", "kernel_size", "filters", "n", "rate", "activation", "batch_size",
            "merge_mode", "layer", "go_backwards", "unroll")
NAMES = ("X", "y", "model", "n_steps", "n_features", "timesteps", "x", "inp", "out", "layer",
         "layers", "lstm", "shared", "data", "batch", "i", "LSTM", "Sequential", "keras", "np")

# Values no shape should ever be computed from: each must stay cheap to model.
BOMBS = (
    "10 ** 10 ** 10", "2 ** 2 ** 64", "10 ** 400", "-(10 ** 40)", "'a' * 10 ** 9",
    "(1,) * 10 ** 9", "[0] * 10 ** 9", "tuple(range(10 ** 9))", "list(range(2 ** 62))",
    "np.zeros((10 ** 12, 10 ** 12))", "np.zeros((10 ** 12, 10 ** 12)).shape",
    "np.ones((2 ** 62,) * 4).reshape(-1, 1)", "np.empty([10 ** 18] * 64)",
    "np.arange(10 ** 15).reshape(10 ** 5, -1, 10)", "len('x' * 10 ** 9)", "1e308 * 1e308",
    "float('nan')", "float('inf')", "10 ** -400", "int(1e300)", "2 ** 64 // 0", "7 % 0",
    "range(10 ** 20)", "len(range(2 ** 64))", "list(range(-2 ** 63, 2 ** 63))",
)


# -- values -------------------------------------------------------------------------------------

def small_ints():
    return st.integers(min_value=-3, max_value=130).map(str)


def names():
    return st.sampled_from(NAMES + ("X.shape[1]", "X.shape[0]", "X.shape[-1]", "len(X)",
                                    "X.shape", "X.shape[1:]", "X.shape[2:]", "n_steps // 2",
                                    "n_steps / 2", "y.shape[1]", "data.values.shape[1]"))


def scalars():
    return st.one_of(small_ints(), names(), st.sampled_from(BOMBS),
                     st.sampled_from(("None", "True", "False", "1.5", "0.0", "'10'", "...",
                                      "-1", "b''", "1j", "lambda: 3", "{}", "[]", "()")))


@st.composite
def tuples(draw, depth: int = 0):
    size = draw(st.integers(0, 5))
    items = [draw(tuples(depth + 1)) if depth < 3 and draw(st.integers(0, 6)) == 0
             else draw(scalars()) for _ in range(size)]
    if draw(st.booleans()) and items:
        items[draw(st.integers(0, len(items) - 1))] = "*" + draw(names())
    opener, closer = draw(st.sampled_from((("(", ")"), ("[", "]"))))
    tail = "," if len(items) == 1 and opener == "(" else ""
    return opener + ", ".join(items) + tail + closer


def huge_tuple_literal():
    return st.integers(300, 3000).map(lambda n: "(" + ", ".join(["1"] * n) + ")")


def values():
    return st.one_of(scalars(), tuples(), huge_tuple_literal(), deep_parentheses())


def deep_parentheses():
    # Nested 1-tuples: each level is an AST node (plain parentheses are not).
    # Below and above the interpreter's expression depth (120); CPython's
    # parser itself stops at 200 nested parentheses (then: unparsable).
    return st.integers(50, 190).map(lambda d: "(" * d + "1" + ",)" * d)


# -- layers --------------------------------------------------------------------------------------

@st.composite
def layer_calls(draw, depth: int = 0):
    name = draw(st.sampled_from(RECURRENT + OTHER_LAYERS + (WRAPPERS if depth < 3 else ())))
    args = []
    if name in WRAPPERS:
        args.append(draw(layer_calls(depth + 1)))
    for _ in range(draw(st.integers(0, 2))):
        args.append(draw(values()))
    for key in draw(st.lists(st.sampled_from(KEYWORDS), max_size=4, unique=True)):
        args.append(f"{key}={draw(values())}")
    if draw(st.integers(0, 9)) == 0:
        args.append(draw(st.sampled_from(("*args", "**kwargs", "**{'input_shape': (10,)}"))))
    return f"{name}({', '.join(args)})"


def sensible_lstm():
    return st.sampled_from((
        "LSTM(32, return_sequences=True, input_shape=(10, 1))", "LSTM(16)",
        "LSTM(8, input_shape=(n_steps, n_features))", "GRU(4, return_sequences=True)",
        "Dense(1)", "Dropout(0.2)", "TimeDistributed(Dense(1))", "RepeatVector(10)",
        "Bidirectional(LSTM(8, return_sequences=True), input_shape=(10, 3))",
    ))


def any_layer():
    return st.one_of(layer_calls(), sensible_lstm())


# -- statements (each a list of lines, unindented) ------------------------------------------------

@st.composite
def data_statements(draw) -> List[str]:
    shape = draw(st.one_of(tuples(), st.sampled_from(("(100, 10, 1)", "(n, n_steps)"))))
    return [draw(st.sampled_from((
        f"X = np.zeros({shape})", f"X = np.random.rand(*{shape})", "X = X.reshape(X.shape)",
        "X = X.reshape((X.shape[0], X.shape[1], 1))", "X = X.reshape(-1, n_steps, 1)",
        "X = np.expand_dims(X, -1)", "X = X[:, :, None]", "X = X[..., np.newaxis]",
        "X = np.array(data)", "X = pd.read_csv('f.csv').values", "n_steps = X.shape[1]",
        f"n_features = {draw(values())}", f"n_steps = {draw(values())}", "X, y = X[:-1], X[1:]",
        "X = np.concatenate([X, X], axis=-1)", "X = X.T", "X = np.transpose(X, (0, 2, 1))",
        "X = np.stack([X] * 3)", "y = np.eye(10)[y]", "X = X @ X", "X = -X",
    )))]


@st.composite
def model_statements(draw) -> List[str]:
    kind = draw(st.integers(0, 7))
    if kind == 0:
        return ["model = Sequential()"]
    if kind == 1:
        layers = draw(st.lists(any_layer(), min_size=0, max_size=6))
        return [f"model = Sequential([{', '.join(layers)}])"]
    if kind == 2:
        return [f"model.add({draw(any_layer())})"]
    if kind == 3:
        return [f"inp = Input(shape={draw(values())})", f"x = {draw(any_layer())}(inp)",
                f"x = {draw(any_layer())}(x)", "model = Model(inp, x)"]
    if kind == 4:
        return [f"x = {draw(any_layer())}({draw(st.sampled_from(('x', 'X', 'inp', '[x, x]')))})"]
    if kind == 5:
        return [draw(st.sampled_from((
            "model.compile(loss='mse', optimizer='adam')", "model.fit(X, y, epochs=1)",
            f"model.fit(X, y, batch_size={draw(values())})", "model.predict(X)",
            "model.summary()", "model.build(input_shape=(None, 10, 1))", "model.pop()",
            "model = keras.models.clone_model(model)", "model.layers[0].trainable = False",
        )))]
    if kind == 6:
        argument = draw(st.sampled_from(("None", "layers", "[*layers]", "X")))
        return [f"model = Sequential({argument})"]
    return [f"model.add({draw(any_layer())}, {draw(any_layer())})"]


def rebindings():
    return st.sampled_from((
        ["LSTM = 3"], ["LSTM = None"], ["Sequential = dict"], ["keras = np"], ["np = keras"],
        ["def LSTM(*a, **k):", "    return a"], ["class LSTM:", "    pass"], ["del model"],
        ["import numpy as keras"], ["from keras.layers import Dense as LSTM"],
        ["from keras.layers import *"], ["from tensorflow.keras.layers import *"],
        ["from .models import *"], ["from . import LSTM"], ["global model"], ["model = model"],
        ["model.add = print"], ["Sequential.add = None"], ["X.shape = (1, 2, 3)"],
    ))


def bombs():
    return st.sampled_from(BOMBS).map(lambda b: [f"bomb = {b}", "model.add(LSTM(bomb, "
                                                 "input_shape=(bomb, bomb)))"])


def recursion():
    return st.sampled_from((
        ["def f(m):", "    return g(m)", "def g(m):", "    return f(m)", "model = f(model)"],
        ["def build(m, n):", "    m.add(LSTM(8, return_sequences=True))",
         "    return build(m, n - 1)", "model = build(Sequential(), 10)"],
        ["def a(m):", "    return b(c(m))", "def b(m):", "    return c(a(m))", "def c(m):",
         "    m.add(LSTM(4))", "    return a(m)", "model = a(a(Sequential()))"],
        ["f = lambda m: f(m)", "model = f(model)"],
    ))


def big_models():
    return st.sampled_from((
        ["model = Sequential([" + ", ".join(["LSTM(8, return_sequences=True)"] * 200)
         + ", LSTM(4)], name='deep')"],
        ["model = Sequential()"] + ["model.add(LSTM(8, return_sequences=True))"] * 200
        + ["model.add(LSTM(4))"],
        ["model = Sequential([LSTM(4, input_shape=(3, 1))] * 1000)"],
        ["x = inp"] + ["x = LSTM(8, return_sequences=True)(x)"] * 200,
    ))


def loops_of_models():
    return st.sampled_from((
        ["for units in [8, 16, 32]:", "    model = Sequential()",
         "    model.add(LSTM(units, input_shape=(10,)))", "    model.add(LSTM(units))"],
        ["for i in range(10 ** 9):", "    model = Sequential([LSTM(i, input_shape=(i, i))])"],
        ["while True:", "    model = Sequential()", "    model.add(LSTM(4))",
         "    X = X.reshape(X.shape)"],
        ["layers = [LSTM(8, return_sequences=True) for _ in range(5)] + [LSTM(4)]",
         "for layer in layers:", "    model.add(layer)"],
        ["layers = []", "for i in range(12):",
         "    layers.append(LSTM(8, return_sequences=i < 11))",
         "model = Sequential(layers)"],
        ["shared = LSTM(8, input_shape=(10, 1))", "model.add(shared)", "model.add(shared)"],
        ["shared = LSTM(8, return_sequences=True)", "x = shared(inp)", "x = shared(x)",
         "x = shared(shared(x))"],
        ["for X in [X, X.reshape(-1)]:", "    for _ in range(12):",
         "        X = X.reshape(X.shape)",
         "        model.add(LSTM(X.shape[1], input_shape=X.shape[1:]))"],
        ["models = {}", "for n in range(3):", "    models[n] = Sequential([LSTM(n)])",
         "    models[n].add(Dense(1))"],
    ))


def deep_expressions():
    return st.one_of(
        st.integers(100, 2000).map(lambda n: ["y = " + " + ".join(["x"] * n)]),
        st.integers(50, 190).map(lambda d: ["model.add(" + "LSTM(" * d + "8" + ")" * d + ")"]),
        st.integers(50, 190).map(lambda d: ["s = " + "[" * d + "1" + "]" * d]),
        st.integers(100, 3000).map(lambda n: ["a = x" + ".y" * n]),
        st.integers(50, 190).map(lambda d: ["z = " + "f(" * d + ")" * d]),
        st.integers(20, 85).map(lambda d: [("    " * i) + "if x:" for i in range(d)]
                                + ["    " * d + "model.add(LSTM(1))"]),
    )


@st.composite
def statements(draw) -> List[str]:
    return draw(st.one_of(data_statements(), model_statements(), model_statements(),
                          rebindings(), bombs(), recursion(), big_models(), loops_of_models(),
                          deep_expressions()))


@st.composite
def blocks(draw, depth: int = 0) -> List[str]:
    """Statements, some of them wrapped in control flow or a function."""
    lines: List[str] = []
    for _ in range(draw(st.integers(1, 6))):
        if depth < 3 and draw(st.integers(0, 4)) == 0:
            lines += wrap(draw(st.sampled_from(WRAPS)), draw(blocks(depth + 1)))
        else:
            lines += draw(statements())
    return lines


WRAPS = ("for i in range(n_steps):", "for i in range(3):", "for i in range(2 ** 64):",
         "while X.shape[1] > 1:",
         "if n_steps > 10:", "if True:", "if False:", "try:", "with tf.device('/cpu:0'):",
         "def make(model, X):", "class Net(keras.Model):\n    def build(self, X):",
         "async def go():", "match X.shape:\n    case (a, b, c):")


# Headers whose body is the only block they need (no ``except``, no call after).
SIMPLE_WRAPS = tuple(w for w in WRAPS if w != "try:" and "\n" not in w)


def wrap(header: str, body: List[str]) -> List[str]:
    head_lines = header.split("\n")
    indent = "    " * len(head_lines)
    out = head_lines + [indent + line for line in body]
    if header == "try:":
        out += ["except Exception:", "    model = None"]
    if header.startswith("def make"):
        out += ["model = make(model, X)"]
    return out


@st.composite
def keras_programs(draw) -> str:
    header = draw(st.sampled_from(HEADERS))
    return header + "\n".join(draw(blocks())) + "\n"


# -- mutated fixtures ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def seed_programs() -> Tuple[str, ...]:
    """The shipped fixtures: real Keras programs, good and bad."""
    return tuple(p.read_text() for p in sorted((ROOT / "fixtures").rglob("*.py")))


def hostile_expressions():
    return st.one_of(values(), layer_calls(), st.sampled_from(BOMBS))


@st.composite
def mutated_fixtures(draw) -> str:
    seeds = seed_programs()
    tree = ast.parse(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        mutation = draw(st.sampled_from(MUTATIONS))
        mutation(draw, tree)
    ast.fix_missing_locations(tree)
    return ast.unparse(tree) + "\n"


def _calls(tree: ast.AST) -> List[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def _pick(draw, items):
    return items[draw(st.integers(0, len(items) - 1))] if items else None


def _expression(draw) -> ast.expr:
    return ast.parse(draw(hostile_expressions()), mode="eval").body


def drop_argument(draw, tree) -> None:
    call = _pick(draw, [c for c in _calls(tree) if c.args or c.keywords])
    if call is None:
        return
    if call.keywords and (not call.args or draw(st.booleans())):
        call.keywords.pop(draw(st.integers(0, len(call.keywords) - 1)))
    else:
        call.args.pop(draw(st.integers(0, len(call.args) - 1)))


def alter_argument(draw, tree) -> None:
    call = _pick(draw, [c for c in _calls(tree) if c.args or c.keywords])
    if call is None:
        return
    if call.keywords and (not call.args or draw(st.booleans())):
        _pick(draw, call.keywords).value = _expression(draw)
    else:
        call.args[draw(st.integers(0, len(call.args) - 1))] = _expression(draw)


def add_argument(draw, tree) -> None:
    call = _pick(draw, _calls(tree))
    if call is not None:
        key = draw(st.sampled_from(KEYWORDS))
        call.keywords = [k for k in call.keywords if k.arg != key]
        call.keywords.append(ast.keyword(arg=key, value=_expression(draw)))


def _body_with_statements(draw, tree) -> List[ast.stmt]:
    bodies = [n.body for n in ast.walk(tree) if isinstance(getattr(n, "body", None), list)
              and n.body and isinstance(n.body[0], ast.stmt)]
    return _pick(draw, bodies)


def duplicate_statement(draw, tree) -> None:
    body = _body_with_statements(draw, tree)
    i = draw(st.integers(0, len(body) - 1))
    body.insert(i, body[i])   # the same node twice: a layer or model reused


def delete_statement(draw, tree) -> None:
    body = _body_with_statements(draw, tree)
    if len(body) > 1:
        body.pop(draw(st.integers(0, len(body) - 1)))


def swap_statements(draw, tree) -> None:
    body = _body_with_statements(draw, tree)
    i, j = draw(st.integers(0, len(body) - 1)), draw(st.integers(0, len(body) - 1))
    body[i], body[j] = body[j], body[i]


def wrap_statements(draw, tree) -> None:
    body = _body_with_statements(draw, tree)
    i = draw(st.integers(0, len(body) - 1))
    j = draw(st.integers(i + 1, len(body)))
    header = draw(st.sampled_from(SIMPLE_WRAPS))
    wrapped = ast.parse(header + "\n    pass\n").body[0]
    wrapped.body = body[i:j]
    body[i:j] = [wrapped]


def insert_statement(draw, tree) -> None:
    body = _body_with_statements(draw, tree)
    lines = draw(st.one_of(rebindings(), bombs(), recursion(), loops_of_models(),
                           data_statements(), model_statements()))
    new = ast.parse("\n".join(lines)).body
    i = draw(st.integers(0, len(body)))
    body[i:i] = new


MUTATIONS = (drop_argument, alter_argument, add_argument, duplicate_statement, delete_statement,
             swap_statements, wrap_statements, insert_statement)
