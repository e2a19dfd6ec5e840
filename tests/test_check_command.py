"""``lstm-shapes check`` as a user meets it: the files it walks, the configuration it
reads, its output formats and its exit status."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

from flake8_lstm_shapes.rules.catalogue import RULES
from flake8_lstm_shapes.standalone import formats
from flake8_lstm_shapes.standalone.files import discover
from support.expectations import ENV, ROOT

BAD = (ROOT / "fixtures" / "oracle" / "in01_input_shape_1tuple.py").read_text()
GOOD = (ROOT / "fixtures" / "oracle" / "tut01_lstm3_input_shape_2_10.py").read_text()
SCHEMA = pathlib.Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"


def check(cwd, *args, stdin=None):
    return subprocess.run([sys.executable, "-m", "flake8_lstm_shapes", "check", *args],
                          input=stdin, capture_output=True, text=True, cwd=cwd, env=ENV, timeout=120)


@pytest.fixture
def project(tmp_path):
    """A project with a bad script in a subfolder and copies where nothing is linted."""
    (tmp_path / ".git").mkdir()
    for folder in ("src/models", "build", "node_modules/pkg", ".venv/lib", "myenv", "data"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "src/models/train.py").write_text(BAD)
    (tmp_path / "src/good.py").write_text(GOOD)
    for skipped in ("build/train.py", "node_modules/pkg/train.py", ".venv/lib/train.py",
                    "myenv/train.py", "data/train.txt"):
        (tmp_path / skipped).write_text(BAD)
    (tmp_path / "myenv/pyvenv.cfg").write_text("home = /usr/bin\n")
    return tmp_path


def test_a_directory_is_walked_and_the_installed_code_skipped(project):
    result = check(project, ".")
    assert result.returncode == 1, result.stderr
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["./src/models/train.py"]
    assert " LST101 " in result.stdout


def test_an_explicit_file_is_always_linted_and_order_is_sorted(project):
    (project / "build" / "script.txt").write_text(BAD)
    paths, missing = discover([str(project / "src"), str(project / "build" / "script.txt"),
                               str(project / "src" / "models" / "train.py")], ())
    assert missing == []
    assert paths == sorted(paths) and len(paths) == 3        # each file once
    assert check(project, "build/script.txt").returncode == 1


def test_exclude_and_extend_exclude_as_flake8_reads_them(project):
    assert check(project, "--extend-exclude=models", ".").stdout == ""
    assert check(project, "--extend-exclude=./src/models", ".").stdout == ""
    assert check(project, "--extend-exclude=*.py", ".").stdout == ""
    # --exclude replaces the defaults: build/ is walked then
    replaced = check(project, "--exclude=node_modules,.venv", ".")
    assert "./build/train.py:" in replaced.stdout and "./myenv/" not in replaced.stdout


def test_configuration_from_setup_cfg_and_pyproject(project):
    (project / "setup.cfg").write_text("[flake8]\nextend-ignore = LST1\nmax-line-length = 99\n")
    assert check(project, ".").returncode == 0
    assert check(project, "--extend-select=LST101", ".").returncode == 1    # command line beats it
    assert check(project, "--isolated", ".").returncode == 1
    (project / "pyproject.toml").write_text(
        '[tool.lstm-shapes]\nextend-ignore = []\noutput-format = "json"\n')
    result = check(project / "src", ".")          # found from a subfolder, upward
    assert result.returncode == 1 and json.loads(result.stdout)[0]["code"] == "LST101"


def test_an_unknown_pyproject_key_is_a_usage_error(project):
    (project / "pyproject.toml").write_text('[tool.lstm-shapes]\nselct = ["LST"]\n')
    result = check(project, ".")
    assert result.returncode == 2 and "unknown option 'selct'" in result.stderr


def test_an_invalid_keras_version_is_refused_as_flake8_refuses_it(project):
    flake8 = subprocess.run([sys.executable, "-m", "flake8", "--isolated", "--lstm-keras-version=2.15",
                             "src"], capture_output=True, text=True, cwd=project, env=ENV)
    message = flake8.stderr.strip().splitlines()[-1].split("error: ", 1)[1]
    assert flake8.returncode == 2 and "invalid choice: '2.15'" in message
    cli = check(project, "--lstm-keras-version=2.15", ".")
    assert cli.returncode == 2 and cli.stderr.strip().endswith(message)
    (project / ".flake8").write_text("[flake8]\nlstm-keras-version = 2.15\n")
    from_config = check(project, ".")
    assert from_config.returncode == 2 and message in from_config.stderr
    assert "Traceback" not in from_config.stderr


KERAS2_ONLY = "from keras.models import Sequential\nfrom keras.layers import LSTM\n" \
              "model = Sequential()\nmodel.add(LSTM(4, batch_input_shape=(8, 2, 10)))\n"


def test_a_valid_keras_version_from_the_command_line_or_a_config_file_is_used(project):
    """batch_input_shape= is Keras 2's spelling: LST303 under Keras 3 only."""
    (project / "layer.py").write_text(KERAS2_ONLY)
    assert " LST303 " in check(project, "--keras-version", "3", "layer.py").stdout
    assert check(project, "--lstm-keras-version=2", "layer.py").stdout == ""
    (project / "setup.cfg").write_text("[flake8]\nlstm-keras-version = 3\n")
    from_config = check(project, "layer.py")
    assert " LST303 " in from_config.stdout, from_config.stderr
    assert check(project, "--keras-version=2", "layer.py").stdout == ""   # the command line wins


def test_exit_status_two_for_what_cannot_be_read(project):
    missing = check(project, "nowhere.py")
    assert missing.returncode == 2 and missing.stderr.strip().splitlines() == [
        "lstm-shapes: nowhere.py: No such file or directory"]
    (project / "nb.ipynb").write_text("{}")
    notebook = check(project, "nb.ipynb", "src")
    assert notebook.returncode == 2 and len(notebook.stderr.strip().splitlines()) == 1
    assert "nb.ipynb" in notebook.stderr and " LST101 " in notebook.stdout   # the rest still linted
    assert check(project, "--output-format=xml", ".").returncode == 2


def test_a_syntax_error_is_reported_not_raised(project):
    (project / "broken.py").write_text("import keras\ndef f(:\n")
    result = check(project, "broken.py")
    assert result.returncode == 1 and result.stdout.startswith("broken.py:2:") and " E999 " in result.stdout


def test_stdin_filename_finds_the_project_configuration(project):
    (project / "setup.cfg").write_text("[flake8]\nextend-ignore = LST101\n")
    named = check(project, "--stdin-filename", "src/models/train.py", "-", stdin=BAD)
    assert named.returncode == 0, named.stdout
    unconfigured = check(project, "--isolated", "--stdin-filename", "src/x.py", "-", stdin=BAD)
    assert unconfigured.stdout.startswith("src/x.py:9:20: LST101 ")


def test_help_and_version():
    help_text = check(ROOT, "--help").stdout
    for option in ("--select", "--extend-ignore", "--exclude", "--output-format", "--stdin-filename"):
        assert option in help_text


# -- formats -------------------------------------------------------------------------------
FINDING = formats.Located("src/a b.py", 7, 5, "LST101", "50% of it, a: b\nnext")
IN_NOTEBOOK = formats.Located("nb.ipynb", 12, 17, "LST202", "message", cell=3, cell_line=2,
                              cell_column=3)


def test_text_and_json_carry_the_cell_of_a_notebook_finding():
    assert formats.text([IN_NOTEBOOK]) == "nb.ipynb:cell 3:2:3: LST202 message\n"
    entry, = json.loads(formats.as_json([IN_NOTEBOOK]))
    assert entry == {"filename": "nb.ipynb", "line": 12, "column": 17, "code": "LST202",
                     "message": "message", "cell": 3, "cell_line": 2, "cell_column": 3}


def code_cell(*lines):
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": [line + "\n" for line in lines]}


NOTEBOOK = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"language_info": {"name": "python"}},
            "cells": [code_cell("import numpy as np", "%matplotlib inline",
                                "from keras.models import Sequential",
                                "from keras.layers import LSTM, Dense"),
                      {"cell_type": "markdown", "metadata": {}, "source": ["The data\n"]},
                      code_cell("X = np.random.rand(100, 10)", "y = np.random.rand(100, 1)"),
                      code_cell("model = Sequential()", "model.add(LSTM(8, input_shape=(10, 2)))",
                                "model.add(Dense(1))", "model.compile(loss='mse')",
                                "model.fit(X, y)")]}


def test_a_folder_with_a_bad_script_and_a_bad_notebook(project):
    """What a new user tries first: ``check .`` finds both, the notebook's by its cell."""
    (project / "notebooks").mkdir()
    (project / "notebooks" / "explore.ipynb").write_text(json.dumps(NOTEBOOK, indent=1))
    result = check(project, ".")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0].startswith(
        "./notebooks/explore.ipynb:cell 3:5:11: LST202 model expects (samples, 10, 2) "
        "(input_shape=(10, 2) on cell 3, line 2) but X is (100, 10) (cell 2, line 1: ")
    assert result.stdout.splitlines()[1].startswith("./src/models/train.py:")

    rows = (project / "notebooks" / "explore.ipynb").read_text().splitlines()
    entry = next(e for e in json.loads(check(project, "--output-format=json", ".").stdout)
                 if e["filename"].endswith(".ipynb"))
    assert (entry["cell"], entry["cell_line"], entry["cell_column"]) == (3, 5, 11)
    assert "model.fit(X, y)" in rows[entry["line"] - 1]         # the JSON file's own line
    assert rows[entry["line"] - 1][entry["column"] - 1:].startswith("X, y)")
    github = check(project, "--output-format=github", ".").stdout.splitlines()
    assert github[0].startswith(f"::error file=./notebooks/explore.ipynb,line={entry['line']},"
                                f"col={entry['column']},title=LST202::model expects")


def test_a_noqa_in_a_notebook_cell_is_honoured(project):
    document = json.loads(json.dumps(NOTEBOOK))
    document["cells"][-1]["source"][-1] = "model.fit(X, y)  # noqa: LST202\n"
    (project / "nb.ipynb").write_text(json.dumps(document))
    result = check(project, "nb.ipynb")
    assert result.returncode == 0 and result.stdout == ""


def test_github_workflow_commands_escape_as_documented():
    line = formats.github([formats.Located("a,b:c.py", 7, 5, "LST101", "50% done\r\nnext")])
    assert line == "::error file=a%2Cb%3Ac.py,line=7,col=5,title=LST101::50%25 done%0D%0Anext\n"


def test_sarif_is_valid_against_the_2_1_0_schema():
    jsonschema = pytest.importorskip("jsonschema")
    log = json.loads(formats.sarif([FINDING, IN_NOTEBOOK], url="https://example.org/repo"))
    jsonschema.validate(log, json.loads(SCHEMA.read_text()))
    driver = log["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == [rule.code for rule in RULES]
    assert driver["rules"][0]["shortDescription"]["text"] == RULES[0].title
    assert driver["rules"][0]["helpUri"] == "https://example.org/repo#lst101"
    result = log["runs"][0]["results"][0]
    assert driver["rules"][result["ruleIndex"]]["id"] == "LST101"
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "src/a%20b.py"}, "region": {"startLine": 7, "startColumn": 5}}


def test_sarif_of_a_real_run_is_valid(project):
    jsonschema = pytest.importorskip("jsonschema")
    result = check(project, "--output-format=sarif", ".")
    assert result.returncode == 1
    log = json.loads(result.stdout)
    jsonschema.validate(log, json.loads(SCHEMA.read_text()))
    assert log["runs"][0]["results"][0]["ruleId"] == "LST101"
