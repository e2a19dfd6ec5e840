"""Keras names from the imports as written, and which Keras a file targets."""

import ast

import pytest
from support.expectations import FIXTURES

from flake8_lstm_shapes.keras import versions
from flake8_lstm_shapes.core.names import keras_object
from flake8_lstm_shapes.keras.version_markers import read_markers


@pytest.mark.parametrize("qualname,obj", [
    ("keras.layers.LSTM", "LSTM"),
    ("tensorflow.keras.layers.GRU", "GRU"),
    ("tensorflow.compat.v1.keras.layers.CuDNNLSTM", "CuDNNLSTM"),
    ("tf_keras.layers.SimpleRNN", "SimpleRNN"),
    ("keras_core.layers.LSTM", "LSTM"),
    ("keras.layers.recurrent.LSTM", "LSTM"),
    ("keras.models.Sequential", "Sequential"),
    ("keras", None),
    ("numpy.zeros", None),
    ("mykeras.layers.LSTM", None),
    ("keras.src.layers.reshaping.reshape.Reshape", "Reshape"),
    ("keras.src.ops.numpy.Reshape", None),          # the operation class behind ops.reshape
    ("keras.ops.numpy.Concatenate", None),
    ("keras.backend.reshape", None),
])
def test_keras_object(qualname, obj):
    assert keras_object(qualname) == obj


@pytest.mark.parametrize("source,version", [
    ("from keras.layers.recurrent import LSTM", 2),
    ("import tf_keras", 2),
    ("from tensorflow.compat.v1.keras.layers import CuDNNGRU", 2),
    ("from keras import ops", 3),
    ("import keras_core as keras", 3),              # Keras 3 before its release
    ("from keras_core import layers", 3),
    ("import keras\nx = keras.ops.sum(y)", 3),
    ("import tensorflow as tf\nx = tf.keras.random.normal((2,))", 3),
    ("from keras.layers import LSTM", None),
    # Keras 3 keeps these only in tf.keras's copy (keras._tf_keras): standalone, they are Keras 2
    ("from keras.preprocessing.text import Tokenizer", 2),
    ("from keras.preprocessing import sequence, text", 2),
    ("from keras.preprocessing.sequence import TimeseriesGenerator", 2),
    ("from keras.preprocessing import sequence\ng = sequence.TimeseriesGenerator(x, y, length=3)", 2),
    ("import keras\ng = keras.preprocessing.image.ImageDataGenerator()", 2),
    ("from tensorflow.keras.preprocessing.text import Tokenizer", None),
    ("import tensorflow as tf\ng = tf.keras.preprocessing.image.ImageDataGenerator()", None),
    ("from keras.preprocessing.sequence import pad_sequences", None),
    ("from keras import ops\nfrom keras.layers.core import Dense", None),
    ("import keras\nmodel.fit_generator(batches, steps_per_epoch=10)", 2),
    ("import keras\nmodel.predict_classes(X)", 2),
    ("import keras\nmodel.predict_proba(X)", 2),
    ("import keras\nfrom sklearn.svm import SVC\nclf.predict_proba(X)", None),
    ("import keras\nmodel.fit(X, y, nb_epoch=10)", 2),
    ("from keras.layers import LSTM\nLSTM(output_dim=32, input_dim=4)", 2),
    ("from keras.layers import Embedding\nEmbedding(1000, output_dim=64)", None),
    ("from keras.layers import Dense\nDense(10, init='uniform')", 2),
    ("from keras.layers import Dense\nDense(10, W_regularizer=None)", 2),
    ("from keras.layers import LSTM\nLSTM(10, dropout_W=0.2, dropout_U=0.2)", 2),
    ("from keras.layers import Conv1D\nConv1D(8, 3, border_mode='same')", 2),
    ("from keras.layers import LSTM\nLSTM(10, consume_less='gpu')", 2),
    ("def make(init=None):\n    pass\nmake(init=3)\nimport keras", None),   # not a layer
    ("from keras.optimizers import Adam\nopt = Adam(lr=0.01)", 2),
    ("from keras.optimizers import Adam\nopt = Adam(learning_rate=0.01)", None),
    ("from keras.backend import tensorflow_backend", 2),
    ("import keras.backend.tensorflow_backend as tfb", 2),
    ("from keras import backend as K\nK.set_session(sess)", 2),
    ("from keras import backend as K\nK.tensorflow_backend._get_available_gpus()", 2),
    ("from keras.layers import Merge", 2),
    ("from keras.layers import CuDNNLSTM", 2),
    ("import keras\nlayer = keras.layers.CuDNNGRU(8)", 2),
    ("import os\nos.environ['KERAS_BACKEND'] = 'jax'\nimport keras", 3),
    ("import os\nos.environ.setdefault('KERAS_BACKEND', 'torch')\nimport keras", 3),
    ("import os\nos.putenv('KERAS_BACKEND', 'jax')\nimport keras", 3),
    ("import os\nos.environ['KERAS_BACKEND'] = 'tensorflow'\nimport keras", None),
    ("import os\nos.environ['KERAS_BACKEND'] = 'theano'\nimport keras", None),
    ("import keras\nimport os\nos.environ['KERAS_BACKEND'] = 'jax'", None),   # after the import
    ("import keras\ninputs = keras.Input(batch_shape=(8, 2, 10))", None),   # both accept it
    # spacing the text search must see through
    ("import keras\ny = keras . ops . add(1, 2)", 3),
    ("import keras\ny = keras.\\\n    ops.add(1, 2)", 3),
    ("from keras.optimizers import Adam\nopt = Adam(lr\n=0.01)", 2),
    ("from keras.optimizers import Adam\nlr = 0.1\nok = lr == 0.1\nopt = Adam(clr=lr)", None),
    ("import numpy as np\nimport keras\nx = np . random . rand(2)", None),
])
def test_version_from_code(source, version):
    assert read_markers(ast.parse(source)).version() == version
    # The text gate that spares most files the walk never hides a marker.
    assert read_markers(ast.parse(source), source).version() == version


@pytest.mark.parametrize("source", [
    "import numpy as np\nfrom keras.layers import LSTM\nX = np.random.rand(3, 2)\n",
    "import tensorflow as tf\nx = tf.random.normal((2, 2))\n",
    "import random\nfrom keras.models import Sequential\nrandom.random()\n",
    "from keras.layers import LSTM\nclass A:\n    def __init__(self):\n        pass\n",
])
def test_files_without_marker_words_skip_the_walk(source, monkeypatch):
    from flake8_lstm_shapes.keras import version_markers

    def no_walk(node):
        raise AssertionError("walked a file whose text names no marker")
    monkeypatch.setattr(version_markers.ast, "walk", no_walk)
    monkeypatch.setattr(version_markers.ast, "iter_child_nodes", no_walk)
    assert read_markers(ast.parse(source), source).version() is None


def test_the_text_gate_agrees_with_the_walk_on_every_fixture():
    from support.expectations import fixture_files
    for path in fixture_files():
        text = path.read_text()
        tree = ast.parse(text)
        assert read_markers(tree, text) == read_markers(tree), path


@pytest.mark.parametrize("source", [
    "# the old code used CuDNNLSTM and fit_generator here\nimport keras\n",
    "import keras\nNOTE = 'model.fit_generator(gen) and nb_epoch=10 are gone'\n",
    "import keras\n\"\"\"from keras.layers.recurrent import LSTM\"\"\"\n",
    "import keras\n# from keras import ops\n",
])
def test_comments_and_strings_are_no_markers(source):
    assert read_markers(ast.parse(source)).version() is None


def no_distribution(name):
    return None


def test_resolution_order(monkeypatch):
    monkeypatch.setattr(versions, "distribution_version", {"keras": "2.4.3"}.get)
    tree = ast.parse("import keras")
    assert versions.resolve("auto", tree, ["import keras\n"]).major == 2
    assert versions.resolve("auto", tree, ["import keras\n"]).reason == "the installed keras is 2.4"
    assert versions.resolve("3", tree, ["import keras\n"]) == versions.KerasVersion(
        3, "pinned by lstm-keras-version")
    pinned = ["# lstm-keras-version: 2\n", "import keras\n"]
    assert versions.resolve("3", tree, pinned).major == 2
    code = "import keras\nfrom keras import ops\n"
    assert versions.resolve("auto", ast.parse(code), code.splitlines(True)) == versions.KerasVersion(
        3, "the file imports keras.ops")
    monkeypatch.setattr(versions, "distribution_version", no_distribution)
    assert versions.resolve("auto", tree, ["import keras\n"]).major is None


@pytest.mark.parametrize("source, installed, major", [
    ("import keras", {"keras": "3.15.1"}, 3),
    ("import keras", {"tensorflow": "2.9.1"}, 2),
    ("import keras", {"tensorflow": "2.16.1"}, None),     # no keras distribution at all
    ("import tensorflow as tf", {"tensorflow": "2.9.1", "keras": "2.9.0"}, 2),
    ("import tensorflow as tf", {"tensorflow": "2.17.0", "keras": "3.5.0"}, 3),
    ("import tensorflow as tf", {"tensorflow": "2.17.0", "keras": "3.5.0", "tf-keras": "2.17.0"}, None),
    ("import tensorflow as tf", {"keras": "3.15.1"}, None),   # tf.keras without TensorFlow
    ("from tensorflow import keras\nimport keras", {"tensorflow": "2.15.0", "keras": "3.0.0"}, None),
    ("import tf_keras", {"keras": "3.15.1"}, 2),
])
def test_installed_distribution_for_the_keras_the_file_imports(monkeypatch, source, installed, major):
    monkeypatch.setattr(versions, "distribution_version", installed.get)
    assert versions.resolve("auto", ast.parse(source), source.splitlines(True)).major == major


def test_the_installed_version_is_read_as_importlib_metadata_reads_it():
    """The probe reads the metadata file's ``Version:`` header itself (no
    ``email`` parser): for what is installed here it agrees with
    ``importlib.metadata.version``, and says None for what is not."""
    from importlib.metadata import version
    probe = versions.installed_distribution_version     # the conftest replaces the cached one
    for name in ("flake8", "pytest", "packaging"):
        assert probe(name) == version(name)
    assert probe("no-such-distribution-here") is None


@pytest.mark.parametrize("text, expected", [
    ("Metadata-Version: 2.1\nName: keras\nVersion: 3.15.1\nSummary: x\n", "3.15.1"),
    ("Metadata-Version: 2.1\nName: keras\n\nVersion: 9.9 in the description\n", None),
    ("Name: keras\nVersion:\n", None),
    ("", None),
])
def test_the_version_header_is_read_from_the_headers_only(text, expected):
    assert versions.metadata_version(text) == expected


def test_unknown_version_has_no_note():
    assert versions.UNKNOWN.note() == ""
    assert versions.KerasVersion(2, "the file uses nb_epoch=").note() == "(Keras 2: the file uses nb_epoch=)"


# -- the option, through real flake8 and the console script ----------------------------------

def run_in(folder, *command):
    import subprocess
    import sys

    from support.expectations import NO_KERAS_ENV
    return subprocess.run([sys.executable, "-m", *command], cwd=folder, capture_output=True,
                          text=True, env=NO_KERAS_ENV, timeout=120)


@pytest.mark.parametrize("value", ["2.15", "keras3", "4"])
def test_an_invalid_version_in_flake8_config_is_flake8s_option_error(tmp_path, value):
    (tmp_path / ".flake8").write_text(f"[flake8]\nlstm-keras-version = {value}\n")
    (tmp_path / "model.py").write_text("import keras\n")
    result = run_in(tmp_path, "flake8", "--select=LST", "model.py")
    assert result.returncode == 2, result
    assert f"argument --lstm-keras-version: invalid choice: '{value}'" in result.stderr
    assert "Traceback" not in result.stderr
    by_option = run_in(tmp_path, "flake8", "--isolated", f"--lstm-keras-version={value}", "model.py")
    assert by_option.returncode == 2 and "invalid choice" in by_option.stderr


def test_a_valid_version_in_flake8_config_is_used(tmp_path):
    (tmp_path / ".flake8").write_text("[flake8]\nlstm-keras-version = 3\n")
    (tmp_path / "model.py").write_text(
        "from keras.models import Sequential\nfrom keras.layers import LSTM\n"
        "model = Sequential()\nmodel.add(LSTM(3, batch_input_shape=(8, 2, 10)))\n")
    result = run_in(tmp_path, "flake8", "--select=LST", "model.py")
    assert result.returncode == 1, result
    assert "LST303" in result.stdout and "(Keras 3: pinned by lstm-keras-version)" in result.stdout
    (tmp_path / ".flake8").write_text("[flake8]\nlstm-keras-version = auto\n")
    assert run_in(tmp_path, "flake8", "--select=LST", "model.py").stdout == ""


def test_the_console_script_rejects_an_invalid_version(tmp_path):
    (tmp_path / "model.py").write_text("import keras\n")
    for command in ("check", "explain"):
        result = run_in(tmp_path, "flake8_lstm_shapes", command, "--keras-version", "2.15", "model.py")
        assert result.returncode == 2 and "invalid choice: '2.15'" in result.stderr


# -- what follows from the decision -----------------------------------------------------------

STATEFUL_SCRIPT = """\
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

X = np.random.rand(64, 2, 10)
y = np.random.rand(64, 1)
model = Sequential()
model.add(LSTM(3, batch_input_shape=(8, 2, 10), stateful=True))
model.add(Dense(1))
model.compile(loss="mse", optimizer="adam")
model.fit(X, y, {epochs}=10, batch_size=16, verbose=0, shuffle=False)
"""


# Inline sources are linted as if they were a file among the fixtures, a project that
# declares no Keras (a path in the linter's own folder would read its setup.cfg).
INLINE = str(FIXTURES / "versions" / "inline.py")


def codes(source, option="auto"):
    from flake8_lstm_shapes.analysis import analyze
    lines = source.splitlines(keepends=True)
    return [(f.line, f.code) for f in analyze(ast.parse(source), lines, INLINE, option).sorted_findings()]


def test_a_keras2_stateful_script_gets_lst301_and_no_lst303():
    assert codes(STATEFUL_SCRIPT.format(epochs="nb_epoch")) == [(11, "LST301")]


def test_the_same_script_with_nothing_to_say_which_gets_lst301_only():
    assert codes(STATEFUL_SCRIPT.format(epochs="epochs")) == [(11, "LST301")]


def test_the_same_script_pinned_to_keras3_gets_both():
    assert codes(STATEFUL_SCRIPT.format(epochs="epochs"), "3") == [(8, "LST303"), (11, "LST301")]


def test_keras3_installed_establishes_keras3_and_says_so(monkeypatch):
    from flake8_lstm_shapes.analysis import analyze
    monkeypatch.setattr(versions, "distribution_version", {"keras": "3.15.1"}.get)
    source = STATEFUL_SCRIPT.format(epochs="epochs")
    findings = analyze(ast.parse(source), source.splitlines(True), INLINE).sorted_findings()
    assert [f.code for f in findings] == ["LST303", "LST301"]
    assert findings[0].message.endswith("(Keras 3: the installed keras is 3.15)")


def test_the_timesteps_message_names_the_evidence():
    source = ("import numpy as np\nfrom keras.models import Sequential\nfrom keras.layers import LSTM\n"
              "X = np.zeros((20, 5, 1))\nmodel = Sequential()\nmodel.add(LSTM(4, input_shape=(10, 1)))\n"
              "model.fit_generator(gen)\nmodel.fit(X, X[:, 0], epochs=1)\n")
    from flake8_lstm_shapes.analysis import analyze
    findings = analyze(ast.parse(source), source.splitlines(True), INLINE).sorted_findings()
    assert [f.code for f in findings] == ["LST203"]
    assert "Keras 2: the file calls fit_generator" in findings[0].message


def test_explain_prints_the_decision_and_its_evidence():
    from flake8_lstm_shapes.explain import explain_source, render_json, render_text
    known = explain_source(STATEFUL_SCRIPT.format(epochs="nb_epoch"), INLINE)
    unknown = explain_source(STATEFUL_SCRIPT.format(epochs="epochs"), INLINE)
    text = render_text([known, unknown]).splitlines()
    assert text[0] == INLINE and text[1] == "  Keras 2: the file uses nb_epoch="
    assert text[text.index(INLINE, 1) + 1].startswith("  Keras version unknown (")
    files = render_json([known, unknown])["files"]
    assert files[0]["keras"] == {"version": 2, "reason": "the file uses nb_epoch="}
    assert files[1]["keras"]["version"] is None
