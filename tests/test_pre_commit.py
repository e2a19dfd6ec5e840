"""The hooks of ``.pre-commit-hooks.yaml``, run by real pre-commit as a user's project would.

``pre-commit try-repo`` takes a local clone of this repository (what is
committed, as a user would get it from its git URL) and runs every hook it
declares on a small project with one bad script in a subfolder, one good
script and one bad notebook.  Building the hook's environment installs the
package with pip, which needs the package index (setuptools for the build,
flake8 and the other dependencies): it cannot be done offline, so the test is
marked ``slow`` (about a minute); ``pytest -m "not slow"`` leaves it out.
The hooks' declarations themselves are read without it.
"""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from support.expectations import NO_KERAS_ENV, ROOT

BAD_SCRIPT = """\
from keras.models import Sequential
from keras.layers import LSTM, Dense

model = Sequential()
model.add(LSTM(32, input_shape=(10,)))
model.add(Dense(1))
"""
GOOD_SCRIPT = BAD_SCRIPT.replace("input_shape=(10,)", "input_shape=(10, 1)")
BAD_CELLS = ["import numpy as np\nfrom keras.models import Sequential\nfrom keras.layers import LSTM",
             "model = Sequential()\nmodel.add(LSTM(32, input_shape=(10,)))"]


def notebook(cells):
    """An nbformat 4 notebook of code cells, as Jupyter writes it."""
    return json.dumps({
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"language_info": {"name": "python"}},
        "cells": [{"cell_type": "code", "id": f"c{index}", "metadata": {}, "execution_count": None,
                   "outputs": [], "source": source.splitlines(keepends=True)}
                  for index, source in enumerate(cells)]}, indent=1)


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


def hook_outputs(output: str) -> dict:
    """hook id -> what pre-commit printed for it (its status line and the hook's output)."""
    parts = re.split(r"^- hook id: (\S+)\n", output, flags=re.MULTILINE)
    return {hook: text for hook, text in zip(parts[1::2], parts[2::2])}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A user's repository: a bad script in a subfolder, a good one, a bad notebook."""
    root = tmp_path_factory.mktemp("project")
    (root / "models").mkdir()
    (root / "models" / "bad.py").write_text(BAD_SCRIPT)
    (root / "good.py").write_text(GOOD_SCRIPT)
    (root / "explore.ipynb").write_text(notebook(BAD_CELLS))
    git("init", "-q", cwd=root)
    git("add", "-A", cwd=root)
    return root


@pytest.fixture(scope="module")
def try_repo(project, tmp_path_factory):
    """pre-commit's output and exit status, every hook of a clone of this repository."""
    pytest.importorskip("pre_commit", reason='pre-commit is a test extra: pip install ".[test]"')
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("needs a git checkout of the repository and git")
    clone = tmp_path_factory.mktemp("hooks") / "flake8-lstm-shapes"
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    git("clone", "-q", "--no-checkout", str(ROOT), str(clone), cwd=ROOT)
    git("checkout", "-q", head, cwd=clone)
    # The hook's environment must run its own install, not this checkout on PYTHONPATH.
    env = {name: value for name, value in os.environ.items()
           if name not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")), PRE_COMMIT_COLOR="never")
    done = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(clone), "--all-files"],
                          cwd=project, capture_output=True, text=True, env=env, timeout=600)
    return done.returncode, done.stdout + done.stderr


def lstm_shapes_reads_notebooks(project) -> bool:
    """Whether this version's ``lstm-shapes check`` reports the bad notebook's finding."""
    done = subprocess.run([sys.executable, "-m", "flake8_lstm_shapes", "check", "explore.ipynb"],
                          cwd=project, capture_output=True, text=True, env=NO_KERAS_ENV)
    return done.returncode == 1 and "LST101" in done.stdout


@pytest.mark.slow
def test_both_hooks_fail_the_commit_on_the_bad_script(try_repo):
    status, output = try_repo
    hooks = hook_outputs(output)
    assert status == 1, output
    assert set(hooks) == {"lstm-shapes", "flake8-lstm-shapes"}, output
    for hook in hooks.values():
        assert "exit code: 1" in hook
        assert re.search(r"^models/bad\.py:5:20: LST101 ", hook, re.MULTILINE), hook
        assert "good.py" not in hook.replace("models/bad.py", "")
    assert "Traceback" not in output


@pytest.mark.slow
def test_the_flake8_hook_is_given_no_notebook(try_repo):
    assert "explore.ipynb" not in hook_outputs(try_repo[1])["flake8-lstm-shapes"]


@pytest.mark.slow
def test_the_standalone_hook_reports_the_bad_notebook(try_repo, project):
    """Active once ``lstm-shapes check`` reads notebooks: the hook passes them (types_or jupyter)."""
    if not lstm_shapes_reads_notebooks(project):
        pytest.skip("this version of lstm-shapes check does not read notebooks yet")
    hook = hook_outputs(try_repo[1])["lstm-shapes"]
    assert re.search(r"^explore\.ipynb:.+?: LST101 ", hook, re.MULTILINE), hook


def test_the_hooks_are_declared_as_pre_commit_reads_them():
    hooks = {hook["id"]: hook for hook in
             yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"lstm-shapes", "flake8-lstm-shapes"}
    standalone, through_flake8 = hooks["lstm-shapes"], hooks["flake8-lstm-shapes"]
    assert standalone["entry"] == "lstm-shapes check" and standalone["language"] == "python"
    assert standalone["types_or"] == ["python", "jupyter"] and standalone["require_serial"] is False
    assert through_flake8["entry"] == "flake8 --select=LST" and through_flake8["types"] == ["python"]
    assert all(hook["name"] and hook["description"] for hook in hooks.values())
