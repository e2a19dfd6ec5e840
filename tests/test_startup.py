"""What a lint imports: only the stages the file needs.

An editor runs a new flake8 process on every save, so what the plugin imports
is paid on every save.  Each test lints one source in a fresh interpreter and
looks at ``sys.modules`` afterwards.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from support.expectations import NO_KERAS_ENV

PROBE = textwrap.dedent("""
    import ast, json, sys
    from flake8_lstm_shapes.checker import LstmShapesChecker
    source = sys.stdin.read()
    found = list(LstmShapesChecker(ast.parse(source), source.splitlines(True), "probe.py").run())
    print(json.dumps({"codes": [text.split()[0] for _, _, text, _ in found],
                      "modules": sorted(m for m in sys.modules if m.startswith("flake8_lstm_shapes"))}))
""")

MODEL = textwrap.dedent("""
    from keras.models import Sequential
    from keras.layers import LSTM, Dense
    model = Sequential()
    model.add(LSTM(8, input_shape=(10,)))
    model.add(Dense(1))
""")
FIT = MODEL.replace("(10,)", "(10, 1)") + (
    "import numpy as np\nmodel.fit(np.zeros((4, 10, 1)), np.zeros((4, 1)))\n")


def lint_in_a_new_process(source: str) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE], input=source, capture_output=True,
                          text=True, env=NO_KERAS_ENV, timeout=120, check=True)
    return json.loads(done.stdout)


def test_a_file_without_keras_imports_no_model_and_no_rule():
    """Past the text gate nothing is imported but the context that holds findings."""
    loaded = lint_in_a_new_process("import os\nprint(os.getcwd())\n")
    assert loaded["codes"] == []
    stages = [m for m in loaded["modules"] if m.split(".")[1:2] in (["libs"], ["keras"],
                                                                    ["python"], ["rules"])]
    assert stages == []


def test_a_model_without_data_loads_neither_data_rules_nor_parameter_counts():
    loaded = lint_in_a_new_process(MODEL)
    assert loaded["codes"] == ["LST101"]
    assert "flake8_lstm_shapes.rules.declared" in loaded["modules"]
    for module in ("rules.data", "rules.targets", "keras.params", "notebooks", "explain",
                   "rules.catalogue", "standalone"):
        assert f"flake8_lstm_shapes.{module}" not in loaded["modules"]


def test_a_model_loads_only_the_layer_families_it_uses():
    loaded = lint_in_a_new_process(MODEL)
    families = sorted(m.rsplit(".", 1)[1] for m in loaded["modules"]
                      if m.startswith("flake8_lstm_shapes.keras.layers."))
    # rnn brings convolutional (ConvLSTM's output lengths are a convolution's)
    assert families == ["base", "convolutional", "core", "names", "rnn"]


USER_CLASSES = ("keras.subclassed", "keras.sequences", "keras.lambdas")
SUBCLASSED = FIT + textwrap.dedent("""
    import keras
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.lstm = LSTM(8)
        def call(self, x):
            return self.lstm(x)
    net = Net()
    net.fit(np.zeros((4, 10)), np.zeros((4, 8)))
""")


def test_the_models_of_user_keras_classes_load_only_for_a_file_that_has_one():
    plain = lint_in_a_new_process(FIT)
    assert [m for m in USER_CLASSES if f"flake8_lstm_shapes.{m}" in plain["modules"]] == []
    assert "flake8_lstm_shapes.python.generators" not in plain["modules"]      # nothing yields
    with_class = lint_in_a_new_process(SUBCLASSED)
    assert "flake8_lstm_shapes.keras.subclassed" in with_class["modules"]
    assert with_class["codes"] == ["LST402"]      # the model's own LSTM meets 2-D data


def test_the_data_rules_load_when_data_meets_the_model():
    loaded = lint_in_a_new_process(FIT)
    assert "flake8_lstm_shapes.rules.data" in loaded["modules"]
    assert "flake8_lstm_shapes.rules.targets" in loaded["modules"]


CHECK_PROBE = textwrap.dedent("""
    import json, sys
    from flake8_lstm_shapes import cli
    try:
        cli.main(["check", "--stdin-filename", "probe.py", "-"])
    except SystemExit:
        pass
    print(json.dumps(sorted(sys.modules)))
""")


def test_lstm_shapes_check_on_one_file_generates_no_dataclass(tmp_path):
    """The check command's options and findings are records: ``dataclasses``
    (which imports ``inspect``) would cost every run more than linting a file.
    In a folder of its own: a project's requirements bring in ``packaging``,
    which uses dataclasses itself."""
    done = subprocess.run([sys.executable, "-c", CHECK_PROBE], input=FIT, capture_output=True,
                          text=True, env=NO_KERAS_ENV, timeout=120, cwd=tmp_path)
    modules = json.loads(done.stdout.splitlines()[-1])
    assert "flake8_lstm_shapes.standalone.command" in modules
    assert "dataclasses" not in modules and "inspect" not in modules


LIBRARY_MODELS = ("libs.datasets", "libs.frames", "libs.images", "libs.keras_data",
                  "libs.keras_datasets", "libs.scikit")
PANDAS = FIT + "import pandas as pd\ndf = pd.read_csv('series.csv')\nvalues = df.values\n"
ONE_HOT = FIT + "from keras.utils import to_categorical\ny = to_categorical([0, 1, 2])\n"


def library_models(loaded: dict) -> list:
    return [m for m in LIBRARY_MODELS if f"flake8_lstm_shapes.{m}" in loaded["modules"]]


def test_a_model_fed_numpy_arrays_loads_no_other_library_model():
    loaded = lint_in_a_new_process(FIT)
    assert "flake8_lstm_shapes.libs.numpy_calls" in loaded["modules"]
    assert library_models(loaded) == []


def test_a_library_model_loads_when_the_file_calls_that_library():
    assert library_models(lint_in_a_new_process(PANDAS)) == ["libs.frames"]
    # keras_data builds on tf.data's and the datasets' models
    assert library_models(lint_in_a_new_process(ONE_HOT)) == [
        "libs.datasets", "libs.keras_data", "libs.keras_datasets"]


def test_every_name_a_library_table_files_is_reached_through_the_lazy_index():
    """``libs.lazy`` says which module could answer a name before importing
    it: each name a module's table holds, in each spelling a program may use,
    must be found through that index, and every table must be in it."""
    from flake8_lstm_shapes.libs import datasets, frames, images, keras_data, keras_datasets, lazy, scikit
    keras = ("keras.{}", "tensorflow.keras.{}", "tf_keras.{}")
    spellings = {
        (keras_datasets, "LOADERS"): keras,
        (keras_data, "KERAS_CALLS"): ("keras.utils.{}", "tensorflow.keras.preprocessing.sequence.{}",
                                      "keras.src.legacy.preprocessing.image.{}"),
        (keras_data, "QUALIFIED_CALLS"): ("{}",),
        (datasets, "DATASET_CALLS"): ("{}",),
        (images, "QUALIFIED_CALLS"): ("{}",),
        (keras_datasets, "READERS"): ("{}",),
        (frames, "PANDAS_CALLS"): ("pandas.{}",),
        (scikit, "SKLEARN_CALLS"): ("sklearn.preprocessing.{}", "sklearn.{}"),
    }
    assert [(t.module, t.table) for t in lazy.CALLS] == \
        [(module.__name__.rsplit(".", 1)[-1], table) for module, table in spellings]
    for (module, table), forms in spellings.items():
        for name, function in getattr(module, table).items():
            for form in forms:
                assert lazy.library_function(form.format(name)) == (function, name), form.format(name)
    assert lazy.library_function("keras.layers.LSTM") == (None, None)
    assert lazy.library_function("pandas.not_modelled") == (None, None)


def test_a_value_goes_to_the_module_that_made_it():
    from flake8_lstm_shapes.core.values import Array, Batches
    from flake8_lstm_shapes.libs import datasets, frames, keras_data, lazy, scikit
    assert lazy.receiver_method(Batches(None, None)) is datasets.method
    assert lazy.receiver_method(keras_data.ImageSource()) is keras_data.image_source_method
    assert lazy.receiver_method(Array((3,))) is None
    assert lazy.made_by(Array((3,), kind="series"), "frames") is frames
    assert lazy.made_by(frames.Indexer(Array((3, 2), kind="dataframe"), "iloc"), "frames") is frames
    assert lazy.made_by(Array((3, 2), kind="sparse"), "scikit") is scikit
    assert lazy.made_by(Array((3, 2)), "frames") is None
    assert lazy.made_by(Batches(None, None), "datasets") is None


def test_the_project_resolver_loads_only_for_a_name_from_a_module_of_the_users_own():
    assert "flake8_lstm_shapes.python.modules" not in lint_in_a_new_process(FIT)["modules"]
    own = "from settings import STEPS\n" + FIT.replace("(10, 1)", "(STEPS, 1)")
    assert "flake8_lstm_shapes.python.modules" in lint_in_a_new_process(own)["modules"]


OP = FIT.replace("import numpy as np\n", "import numpy as np\nimport tensorflow as tf\n").replace(
    "np.zeros((4, 10, 1))", "tf.expand_dims(np.zeros((4, 10)), -1)")


def test_the_op_models_load_only_for_a_file_that_calls_an_op():
    """Every Keras call asks whether it is a tensor op; the names answer, the
    models of the ops load with the first op called."""
    assert "flake8_lstm_shapes.keras.tensor_ops" not in lint_in_a_new_process(FIT)["modules"]
    assert "flake8_lstm_shapes.keras.op_names" in lint_in_a_new_process(FIT)["modules"]
    assert "flake8_lstm_shapes.keras.tensor_ops" in lint_in_a_new_process(OP)["modules"]


def test_every_modelled_op_is_named_in_the_small_table():
    from flake8_lstm_shapes.keras import op_names, tensor_ops
    named = set().union(*op_names.NAMES.values())
    assert named == set(tensor_ops.RULES)
    assert op_names.op_of("tensorflow.expand_dims") == (op_names.TF, "expand_dims")
    assert op_names.op_of("keras.ops.concatenate") == (op_names.OPS, "concatenate")
    assert op_names.op_of("keras.ops.concat") is None


def test_every_module_a_lint_imports_is_timed_by_importtime():
    """``benchmarks/overhead.py`` sums ``python -X importtime`` per stage, and
    that only times the import statement's way in: a stage loaded through
    ``importlib.import_module`` would cost without being counted."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", PROBE], input=FIT,
                          capture_output=True, text=True, env=NO_KERAS_ENV, timeout=120,
                          check=True)
    loaded = json.loads(done.stdout)["modules"]
    timed = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
             if line.startswith("import time:")}
    assert "flake8_lstm_shapes.rules.data" in loaded     # the fit call loads a staged family
    assert [m for m in loaded if m not in timed] == []
