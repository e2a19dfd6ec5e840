"""Odd input lints without an exception and without a finding.

The checker runs with FLAKE8_LSTM_SHAPES_DEBUG set here, so an internal error
fails the test instead of being swallowed by the crash guard.
"""

from __future__ import annotations

import ast
import textwrap

import pytest

from expectations import run_flake8
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
    KERAS + "from keras.layers import *\nmodel = Sequential()\nmodel.add(GRU(4, input_shape=(3, 1)))\n",
    KERAS + "model = Sequential()\nmodel.add(LSTM(8, input_shape=None))\n",
    KERAS + "model = Sequential()\nmodel.add(LSTM(8, input_shape=foo()))\nmodel.add(LSTM(4))\n",
    KERAS + "args, kw = (8,), {}\nmodel = Sequential()\nmodel.add(LSTM(*args, **kw))\nmodel.add(LSTM(4))\n",
    KERAS + "model = Sequential()\nmodel.add(LSTM(8, **{'input_shape': (10,)}))\n",
    "import os\nprint(os.getcwd())\nx = [i for i in range(10)]\n",
    KERAS + "x = 1\n" + "y = " + " + ".join(["x"] * 2000) + "\n",
    KERAS + "model = Sequential()\nmodel.add(LSTM(" + " + ".join(["1"] * 1500) + "))\n",
    KERAS + "y = " + "(" * 90 + "1" + ")" * 90 + "\n",
    KERAS + "def f(model):\n    return f(model)\nm = f(Sequential())\n",
    KERAS + "class M(Sequential):\n    def __init__(self):\n        super().__init__()\n        self.add(LSTM(3))\n",
    KERAS + "LSTM = 3\nmodel = Sequential()\nmodel.add(LSTM(10, input_shape=(10,)))\n",
    KERAS + "model = Sequential()\nfor i in range(10**9):\n    model.add(LSTM(8, return_sequences=True))\nmodel.add(LSTM(4))\n",
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
    monkeypatch.setattr("flake8_lstm_shapes.versions.resolve", boom)
    source = "import numpy as np\nX = np.zeros((3, 4)).reshape(5, 5)\n"
    assert analysis.analyze(ast.parse(source), source.splitlines(True)).sorted_findings() == []


def test_internal_errors_are_swallowed_without_debug(monkeypatch):
    monkeypatch.delenv("FLAKE8_LSTM_SHAPES_DEBUG")

    def boom(*a, **k):
        raise RuntimeError("internal")
    monkeypatch.setattr("flake8_lstm_shapes.checker.analyze", boom)
    assert findings(KERAS + "model = Sequential()\n") == []


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
