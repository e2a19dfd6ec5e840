"""Odd input lints without an exception and without a finding.

The checker runs with FLAKE8_LSTM_SHAPES_DEBUG set here, so an internal error
fails the test instead of being swallowed by the crash guard.
"""

from __future__ import annotations

import ast
import textwrap

import pytest

from support.expectations import run_flake8
from flake8_lstm_shapes.checker import LstmShapesChecker

KERAS = "from keras.models import Sequential\nfrom keras.layers import LSTM, Dense\n"


def findings(source: str, monkeypatch=None, version="auto"):
    source = textwrap.dedent(source)
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    checker = LstmShapesChecker(tree, lines, "t.py")
    checker.keras_version = version
    return [(line, msg.split(" ", 1)[0]) for line, _, msg, _ in checker.run()]


@pytest.fixture(autouse=True)
def debug(monkeypatch):
    monkeypatch.setenv("FLAKE8_LSTM_SHAPES_DEBUG", "1")


@pytest.mark.parametrize("source", [
    KERAS + "from keras.layers import *\nmodel = Sequential()\n"
            "model.add(GRU(4, input_shape=(3, 1)))\n",
    KERAS + "model = Sequential()\nmodel.add(LSTM(8, input_shape=None))\n",
    KERAS + "model = Sequential()\nmodel.add(LSTM(8, input_shape=foo()))\n"
            "model.add(LSTM(4))\n",
    KERAS + "args, kw = (8,), {}\nmodel = Sequential()\nmodel.add(LSTM(*args, **kw))\n"
            "model.add(LSTM(4))\n",
    KERAS + "model = Sequential()\nmodel.add(LSTM(8, **{'input_shape': (10,)}))\n",
    "import os\nprint(os.getcwd())\nx = [i for i in range(10)]\n",
    KERAS + "x = 1\n" + "y = " + " + ".join(["x"] * 2000) + "\n",
    KERAS + "model = Sequential()\nmodel.add(LSTM(" + " + ".join(["1"] * 1500) + "))\n",
    KERAS + "y = " + "(" * 90 + "1" + ")" * 90 + "\n",
    KERAS + "def f(model):\n    return f(model)\nm = f(Sequential())\n",
    KERAS + "class M(Sequential):\n    def __init__(self):\n        super().__init__()\n"
            "        self.add(LSTM(3))\n",
    KERAS + "LSTM = 3\nmodel = Sequential()\nmodel.add(LSTM(10, input_shape=(10,)))\n",
    KERAS + "model = Sequential()\nfor i in range(10**9):\n"
            "    model.add(LSTM(8, return_sequences=True))\nmodel.add(LSTM(4))\n",
    KERAS + "while True:\n    model = Sequential([LSTM(4, input_shape=(3, 1))] * 1000)\n",
    KERAS + "n = 10 ** 10 ** 10\nmodel = Sequential([LSTM(n, input_shape=(n, n))])\n",
    KERAS + "s = 'a' * 10 ** 9\nt = (1,) * 10 ** 9\n",
])
def test_odd_input_gives_no_exception_and_no_finding(source):
    assert findings(source) == []


def test_a_3000_term_expression():
    source = KERAS + "x = 1\ny = " + " + ".join(["x"] * 3000) + "\n"
    try:
        ast.parse(source)
    except RecursionError:
        pytest.skip("this Python cannot parse it: flake8 itself fails before any plugin runs")
    assert findings(source) == []


def test_a_file_that_does_not_mention_keras_is_not_analysed(monkeypatch):
    import flake8_lstm_shapes.analysis as analysis

    def boom(*a, **k):
        raise AssertionError("the interpreter ran")
    monkeypatch.setattr("flake8_lstm_shapes.keras.versions.resolve", boom)
    source = "import numpy as np\nX = np.zeros((3, 4)).reshape(5, 5)\n"
    assert analysis.analyze(ast.parse(source), source.splitlines(True)).sorted_findings() == []


def test_internal_errors_are_caught_and_said_without_debug(monkeypatch, capsys):
    """No exception leaves the plugin; the stderr line is covered in test_internal_error."""
    monkeypatch.delenv("FLAKE8_LSTM_SHAPES_DEBUG")

    def boom(*a, **k):
        raise RuntimeError("internal")
    monkeypatch.setattr("flake8_lstm_shapes.analysis.interpret", boom)
    assert findings(KERAS + "model = Sequential()\n") == []
    assert "internal error in t.py (RuntimeError)" in capsys.readouterr().err


def test_a_syntax_error_fails_only_as_e999(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(KERAS + "model = Sequential(\n")
    good = tmp_path / "good.py"
    good.write_text(KERAS + "model = Sequential()\nmodel.add(LSTM(3, input_shape=(10,)))\n")
    result = run_flake8([str(bad), str(good), "--select=LST,E999"])
    assert "E999" in result.stdout
    assert "LST101" in result.stdout
    assert "Traceback" not in result.stderr


def test_plugin_is_registered_with_flake8():
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "flake8", "--version"], capture_output=True,
                         text=True).stdout
    assert "flake8-lstm-shapes" in out


def analysis_of(source):
    from flake8_lstm_shapes.analysis import analyze
    source = textwrap.dedent(source)
    return analyze(ast.parse(source), source.splitlines(True), "t.py", "3")


@pytest.mark.parametrize("source", [
    KERAS + "import numpy as np\nX = np.zeros((10**12, 10**12))\nX = X.reshape((10**12, 10**12, 1))\n",
    KERAS + "import numpy as np\nX = np.array([" + ", ".join(["0.5"] * 100_000) + "])\n",
    KERAS + "import numpy as np\nX = np.zeros((4, 3))\nfor i in range(10**6):\n"
            "    X = X.reshape(X.shape)\n    X = np.concatenate([X, X])\n",
    KERAS + "x = x + 1\ny = y\nz = [z]\nw = (w, w)\n",
    KERAS + "import numpy as np\nX = mystery(1, 2)\nX = X.reshape(X.shape[0], 10, 1)\n"
            "m = Sequential()\nm.add(LSTM(3, input_shape=(X.shape[1], X.shape[2])))\nm.fit(X, unknown_y)\n",
])
def test_bad_input_is_bounded_by_the_work_budget(source):
    ctx = analysis_of(source)
    assert ctx.sorted_findings() == []
    assert ctx.budget.used < ctx.budget.steps


def test_the_budget_stops_a_file_that_needs_more_work():
    from flake8_lstm_shapes.core import context
    body = "".join(f"m{i} = Sequential([LSTM(4, input_shape=(3, 1)), Dense(1)])\n"
                   for i in range(20_000))
    ctx = analysis_of(KERAS + body + "m = Sequential()\nm.add(LSTM(3, input_shape=(10,)))\n")
    assert ctx.budget.used > ctx.budget.steps           # it gave up ...
    assert ctx.sorted_findings() == []                  # ... silently, before the bad line
    assert context.Budget().steps == ctx.budget.steps


def test_a_two_hundred_layer_model_and_models_built_in_loops():
    layers = "".join("model.add(Dense(8))\n" for _ in range(200))
    source = (KERAS + "model = Sequential()\nmodel.add(LSTM(8, input_shape=(10, 1)))\n" + layers
              + "stack = Sequential()\nfor units in [64, 32, 16]:\n"
              "    stack.add(LSTM(units, return_sequences=True))\nstack.add(LSTM(8))\n"
              "parts = [LSTM(8, input_shape=(5, 1)), Dense(1)]\nby_list = Sequential()\n"
              "for layer in parts:\n    by_list.add(layer)\n")
    ctx = analysis_of(source)
    assert ctx.sorted_findings() == []
    shown = {m.name: m for m in ctx.models.values()}
    assert str(shown["model"].out.shape) == "(None, 8)"
    assert str(shown["by_list"].out.shape) == "(None, 1)"        # the loop over a list is unrolled


def test_models_nested_in_models_deeper_than_followed():
    """Each model below is used as a layer of the next: past a depth the
    linter stops following (no recursion without bound), and says nothing."""
    sequential = "".join(f"s{i} = Sequential([s{i - 1}, Dense(4)])\n" for i in range(1, 300))
    functional = "".join(f"i{i} = Input(shape=(5, 1))\nf{i} = Model(i{i}, f{i - 1}(i{i}))\n"
                         for i in range(1, 300))
    source = (KERAS + "from keras.layers import Input\nfrom keras.models import Model\n"
              "s0 = Sequential([LSTM(4, input_shape=(5, 1))])\n" + sequential
              + "s299 = Sequential([s298, LSTM(3)])\n"
              + "i0 = Input(shape=(5, 1))\nf0 = Model(i0, LSTM(4)(i0))\n" + functional
              + "LSTM(2)(f299(Input(shape=(5, 1))))\n")
    ctx = analysis_of(source)
    assert ctx.sorted_findings() == []
    shown = {m.name: m for m in ctx.models.values()}
    assert str(shown["s3"].out.shape) == "(None, 4)"      # shallow nesting is followed
    assert shown["s298"].out is None                       # deep nesting is not
    from flake8_lstm_shapes.explain import explain_source
    assert explain_source(source, "t.py", "3").models      # params of deep models: no recursion error


def test_shallow_nested_models_are_followed_to_a_finding():
    ctx = analysis_of(KERAS + "inner = Sequential([LSTM(4, input_shape=(5, 1))])\n"
                      "outer = Sequential([inner, LSTM(3)])\n")
    assert [f.code for f in ctx.sorted_findings()] == ["LST402"]


def test_odd_classes_lint_without_an_exception():
    """Objects of the file's own classes: self-references, recursion, a class
    that makes itself in __init__, inheritance, static methods, calls through
    the class; bounded, no exception, and the state across methods followed."""
    source = KERAS + textwrap.dedent("""\
        import numpy as np
        class Base:
            steps = 10
            def __init__(self, features=2):
                self.features = features
                self.me = self
                self.build()
            def build(self):
                self.model = Sequential([LSTM(4, input_shape=(self.steps, self.features))])
            def again(self):
                return self.again()
            def spawn(self):
                return Base()
        class Child(Base):
            steps = 5
            def train(self, X):
                self.me.me.model.predict(X)
        class R:
            def __init__(self):
                self.r = R()
        class Weird(object, metaclass=type):
            def __init__(*args): pass
            @staticmethod
            def s(): pass
        c = Child(3)
        c.train(np.zeros((8, 5, 2)))
        c.again(); c.spawn().spawn(); c.unknown_method(1); Child.train(c, 1)
        R(); Weird().s(); [Child() for _ in range(3)]
        """)
    ctx = analysis_of(source)
    assert [f.code for f in ctx.sorted_findings()] == ["LST203"]    # 3 features declared, 2 given
    assert ctx.budget.used < ctx.budget.steps


BAD_FIT_FIRST = KERAS + textwrap.dedent("""\
    import numpy as np
    X = np.zeros((load_count(), 10, 3))
    y = np.zeros((100, 1))
    model = Sequential([LSTM(8, input_shape=(10, 2)), Dense(1)])
    model.fit(X, y)
    """)


@pytest.mark.parametrize("repeats", [130, 300, 2000])
def test_symbolic_shapes_rebuilt_many_times_keep_the_findings_before_them(repeats):
    """Each reshape nests the previous dimensions in new symbols (X.shape[1] // 2
    cannot be simplified): their size is bounded, so nothing recurses as deep
    as the file is long, and the bad fit above is still reported."""
    def source(n):
        return BAD_FIT_FIRST + "X = X.reshape((X.shape[0] * 2, X.shape[1] // 2))\n" * n
    # the first reshape is wrong too (30*n elements into 10*n); the rest are symbolic
    assert findings(source(3)) == [(7, "LST203"), (8, "LST201")]
    assert findings(source(repeats)) == findings(source(3))
    unknown_first = BAD_FIT_FIRST + "X = load()\n" + \
        "X = X.reshape((X.shape[0] * 2, X.shape[1] // 2))\n" * repeats
    assert findings(unknown_first) == [(7, "LST203")]


@pytest.mark.parametrize("step", ["a = a + 1", "a = a * 2", "a = a // 2", "a = a % 3", "a = a * a",
                                  "a = a - a // 3", "a = (a + 1) * (a - 1) // 2"])
def test_long_chains_of_integer_arithmetic_keep_the_findings(step):
    source = BAD_FIT_FIRST + "a = unknown_number()\n" + (step + "\n") * 2000 \
        + "model.add(Dense(a))\nX = np.zeros((a, a, a))\n"
    assert findings(source) == [(7, "LST203")]


def test_a_long_stack_of_convolutions_on_an_unknown_length():
    from flake8_lstm_shapes.core.shapes import MAX_SYMBOL_DEPTH
    convs = "".join("    Conv1D(4, 3),\n" for _ in range(200))   # a list literal holds 256 at most
    source = KERAS + "from keras.layers import Conv1D\nn = unknown()\n" \
        "model = Sequential([\n    Conv1D(4, 3, input_shape=(n, 1)),\n" + convs + "    LSTM(3),\n])\n"
    ctx = analysis_of(source)
    assert ctx.sorted_findings() == []
    model = next(iter(ctx.models.values()))
    assert str(model.out.shape) == "(None, 3)"
    from flake8_lstm_shapes.explain import explain_source
    assert explain_source(source, "t.py", "3").models
    assert MAX_SYMBOL_DEPTH < 200
