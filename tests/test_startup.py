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
