"""`lstm-shapes explain` against what real Keras 3 reported.

The oracle fixtures (and a few others) carry, in their header, each model's
output shape and parameter count as Keras 3.15 printed them (trainable plus non-trainable);
explain must give the same, the batch axis aside (Keras on JAX fills it in
from the data when fit builds the model).
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys

import pytest

from support.expectations import NO_KERAS_ENV, ROOT
from flake8_lstm_shapes.explain import explain_source, render_json, render_text

MODEL_LINE = re.compile(r"^# Keras 3 model (\w+): output (\(.*\)), (\d+) params"
                        r"(?: \((\d+) trainable, (\d+) non-trainable\))?$", re.M)
CASES = [p for p in sorted((ROOT / "fixtures").glob("*/*.py"))
         if MODEL_LINE.search(p.read_text())]


def test_there_are_enough_models_to_compare():
    assert len(CASES) >= 60


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_output_shape_and_params_match_keras(path):
    text = path.read_text()
    report = render_json([explain_source(text, str(path), "3")])["files"][0]
    ours = {m["name"]: m for m in report["models"]}
    for name, shape, params, trainable, frozen in MODEL_LINE.findall(text):
        keras_shape = list(ast.literal_eval(shape))
        assert name in ours, f"no model {name}"
        assert ours[name]["output_shape"][1:] == keras_shape[1:]
        assert ours[name]["params"] == int(params)
        if frozen:                  # the header gives summary()'s split
            assert ours[name]["trainable_params"] == int(trainable)
            assert ours[name]["non_trainable_params"] == int(frozen)


def test_models_with_frozen_weights_are_compared():
    split = [p for p in CASES if "non-trainable)" in p.read_text()]
    assert split, "no fixture gives model.summary()'s trainable / non-trainable split"


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "flake8_lstm_shapes", "explain", *args],
                          input=stdin, capture_output=True, text=True, cwd=ROOT, env=NO_KERAS_ENV)


def test_text_table_shows_layers_calls_and_findings():
    out = run_cli("fixtures/project/predict_silent.py")
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    row = re.compile(r"14\s+LSTM\(16\)\s+\(None, 3, 1\)\s+\(None, 16\)\s+1152$")
    assert any(row.search(text) for text in lines)
    assert any("total params: 1169" in text for text in lines)
    assert any(text.strip().startswith("line 18: predict x (3, 1)") for text in lines)
    assert any("LST206" in text for text in lines)


def test_json_follows_the_documented_schema():
    out = run_cli("--format", "json", "fixtures/oracle/tut03_return_sequences_8_2_3_keras2.py")
    document = json.loads(out.stdout)
    model = document["files"][0]["models"][0]
    assert set(model) >= {"name", "line", "layers", "output_shape", "params", "calls"}
    assert model["output_shape"] == [8, 2, 3]            # the tutorial's (8, 2, 3)
    layer = model["layers"][0]
    assert layer == {"line": 9, "layer": "LSTM(3, return_sequences=True)",
                     "input_shape": [8, 2, 10], "output_shape": [8, 2, 3], "params": 168}


def test_symbols_print_as_written():
    source = ("import numpy as np\nfrom keras.models import Sequential\n"
              "from keras.layers import LSTM\n"
              "def build(n_steps):\n    m = Sequential()\n"
              "    m.add(LSTM(4, return_sequences=True, input_shape=(n_steps, 2)))\n    return m\n")
    report = render_json([explain_source(source, "t.py", "3")])["files"][0]
    assert report["models"][0]["output_shape"] == [None, "n_steps", 4]


def test_a_file_without_a_model_gets_a_note_and_exit_0():
    out = run_cli("-", stdin="import os\nprint(os.name)\n")
    assert out.returncode == 0
    assert out.stdout.strip().splitlines() == ["stdin", "  no Keras model found"]


def test_a_syntax_error_prints_its_location_and_exits_1():
    out = run_cli("-", stdin="from keras import layers\nmodel = (\n")
    assert out.returncode == 1
    assert out.stdout.startswith("stdin:2:")


def test_render_text_never_raises_on_unknown_shapes():
    source = "import keras\nmodel = keras.Sequential([keras.layers.LSTM(foo())])\n"
    text = render_text([explain_source(source, "t.py", "3")])
    assert "LSTM" in text and "?" in text


LEGEND_SOURCE = '''\
import pandas as pd
from keras.models import Sequential
from keras.layers import LSTM, Dense, Dropout, Input
frame = pd.read_csv("prices.csv")
X = frame.values.reshape(-1, 10, 1)
model = Sequential([Input(shape=(10, 1)), LSTM(8), Dropout(0.25), Dense(1)])
model.compile(loss="mse")
model.fit(X, X[:, -1, 0])
'''


def test_every_symbol_shown_has_a_line_in_the_legend():
    text = render_text([explain_source(LEGEND_SOURCE, "prices.py", "3")])
    assert "fit x (samples, 10, 1)" in text
    legend = [line.strip() for line in text.splitlines() if line.strip().startswith("where ")]
    assert len(legend) == 1
    assert legend[0].startswith("where samples: the size a -1 stands for in a reshape")
    assert "line 5: X = frame.values.reshape(-1, 10, 1)" in legend[0]


def test_a_model_without_symbols_has_no_legend():
    source = LEGEND_SOURCE.replace('frame.values.reshape(-1, 10, 1)', 'frame.values.reshape(4, 10, 1)')
    assert "where " not in render_text([explain_source(source, "prices.py", "3")])


def test_the_arguments_that_matter_are_shown():
    text = render_text([explain_source(LEGEND_SOURCE, "prices.py", "3")])
    assert "Dropout(0.25)" in text
    assert "(trainable" not in text         # nothing frozen: no split to show


def test_a_layer_frozen_after_it_is_made_leaves_the_split_unknown():
    source = LEGEND_SOURCE + "model.layers[0].trainable = False\n"
    report = render_json([explain_source(source, "prices.py", "3")])["files"][0]["models"][0]
    assert report["params"] is not None
    assert report["non_trainable_params"] is None and report["trainable_params"] is None
    assert "(non-trainable ?)" in render_text([explain_source(source, "prices.py", "3")])
