"""The plugin never imports, executes or writes anything of the code it lints.

A temporary project whose every module, when imported or run, writes a marker
file into a directory outside the project: a package ``mypkg`` (its
``__init__.py`` and ``config.py``), a sibling module, and local ``keras`` and
``tensorflow`` packages that shadow the real ones for anything run from the
project's folder.  ``main.py`` imports all of them in every spelling (plain,
from, relative, star, ``importlib``, ``__import__``, ``exec``) and uses the
imported names in shapes, so a plugin that follows user modules has reason to
look at them.

It is linted through flake8 (by path, with the project's folder as the
working directory so it is first on ``sys.path``; through stdin as editors
do), and in-process under an audit hook (``audit_lint.py``).  No marker may
appear, no file of the project may change or be added (no ``__pycache__``),
and the audit records no import of a project module, no execution of its
code, no write and no process started.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import textwrap
from typing import Dict, Tuple

import pytest

SUPPORT = pathlib.Path(__file__).resolve().parent / "support"
ENV = {**os.environ, "FLAKE8_LSTM_SHAPES_DEBUG": "1"}

MARK = """import pathlib as _p
_p.Path({markers!r}, {name!r}).write_text("imported or executed")
"""

MAIN = '''\
"""Linted, never run: every line that ran would leave a marker."""
import pathlib
pathlib.Path({markers!r}, "main").write_text("executed")

from mypkg import config
from mypkg.config import N_STEPS, build
import mypkg.config
import sibling
from sibling import *
from sibling import N_FEATURES
import importlib
importlib.import_module("sibling")
__import__("mypkg.config")
exec("import sibling")
eval("__import__('sibling')")
from keras.models import Sequential
from keras.layers import LSTM
import tensorflow as tf

model = Sequential()
model.add(LSTM(3, input_shape=(10,)))
other = Sequential()
other.add(LSTM(3, input_shape=(N_STEPS,)))
third = build(Sequential())
third.add(LSTM(3, input_shape=(config.N_STEPS, N_FEATURES)))
open(pathlib.Path({markers!r}, "written"), "w").write("x")
'''

CONFIG = """N_STEPS = 10

def build(model):
    import sibling
    model.add(sibling.make_layer())
    return model
"""

SIBLING = """N_FEATURES = 2

def make_layer():
    from keras.layers import LSTM
    return LSTM(4, input_shape=(N_FEATURES,))
"""

RELATIVE = "from . import config\nfrom .config import N_STEPS\nfrom .. import sibling\n"


def write_project(root: pathlib.Path, markers: pathlib.Path) -> pathlib.Path:
    project = root / "project"
    files = {
        "main.py": MAIN.format(markers=str(markers)),
        "sibling.py": SIBLING,
        "mypkg/__init__.py": "",
        "mypkg/config.py": CONFIG,
        "mypkg/relative.py": RELATIVE,
        "keras/__init__.py": "",
        "keras/models.py": "Sequential = None\n",
        "keras/layers.py": "LSTM = None\n",
        "tensorflow/__init__.py": "",
    }
    for relative, body in files.items():
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        name = relative[:-3].replace("/", ".")
        marker = MARK.format(markers=str(markers), name=name) if relative != "main.py" else ""
        path.write_text(marker + body)
    return project


@pytest.fixture
def layout(tmp_path) -> Tuple[pathlib.Path, pathlib.Path]:
    markers = tmp_path / "markers"
    markers.mkdir()
    return write_project(tmp_path, markers), markers


def snapshot(root: pathlib.Path) -> Dict[str, Tuple[int, int]]:
    """Every file and folder under root: (size, mtime in ns)."""
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*"))}


def flake8(args, cwd, stdin=None):
    command = [sys.executable, "-m", "flake8", "--isolated", "--select=LST",
               "--format=%(path)s:%(row)d:%(code)s", *args]
    return subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, text=True,
                          env=ENV, timeout=120)


def assert_untouched(project, markers, before, result):
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    assert sorted(os.listdir(markers)) == [], "linted code ran"
    assert snapshot(project) == before, "the project changed"


def test_the_markers_work(layout):
    """Running main.py really imports everything and leaves every marker:
    the absence of markers below means something."""
    project, markers = layout
    subprocess.run([sys.executable, "-c", "import mypkg.config, sibling"], cwd=project,
                   check=True, timeout=60)
    assert {"mypkg.__init__", "mypkg.config", "sibling"} <= set(os.listdir(markers))


def test_flake8_by_path_runs_nothing_it_lints(layout):
    project, markers = layout
    before = snapshot(project)
    result = flake8(["."], cwd=project)
    assert_untouched(project, markers, before, result)
    assert "main.py:21:LST101" in result.stdout, "main.py was not analysed"


def test_flake8_on_stdin_runs_nothing_it_lints(layout):
    project, markers = layout
    before = snapshot(project)
    result = flake8(["-", "--stdin-display-name=main.py"], cwd=project,
                    stdin=(project / "main.py").read_text())
    assert_untouched(project, markers, before, result)
    assert "main.py:21:LST101" in result.stdout


def test_the_lstm_shapes_command_runs_nothing_it_lints(layout):
    project, markers = layout
    before = snapshot(project)
    result = subprocess.run([sys.executable, "-m", "flake8_lstm_shapes", "check", "main.py",
                             "sibling.py", "mypkg/config.py", "mypkg/relative.py"],
                            cwd=project, capture_output=True, text=True, env=ENV, timeout=120)
    assert_untouched(project, markers, before, result)
    assert "LST101" in result.stdout


def test_audit_sees_no_import_exec_write_or_process(layout):
    project, markers = layout
    files = [str(p) for p in sorted(project.rglob("*.py"))]
    before = snapshot(project)
    result = subprocess.run([sys.executable, str(SUPPORT / "audit_lint.py"), str(project), *files],
                            cwd=project, capture_output=True, text=True, env=ENV, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["violations"] == []
    assert "LST101" in report["results"][str(project / "main.py")]
    assert_untouched(project, markers, before, result)


def test_the_audit_catches_an_import(tmp_path):
    """The audit hook is live: a checker that imports the linted module is caught."""
    project = tmp_path / "p"
    project.mkdir()
    (project / "victim.py").write_text("X = 1\n")
    script = textwrap.dedent(f"""
        import sys
        sys.path[:0] = [{str(SUPPORT)!r}, {str(project)!r}]
        import audit_lint, pathlib
        auditor = audit_lint.Auditor(pathlib.Path({str(project)!r}))
        sys.addaudithook(auditor)
        auditor.recording = True
        import victim
        open({str(tmp_path / 'out.txt')!r}, "w").close()
        print(auditor.violations)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60).stdout
    assert "import victim" in out and "exec code of" in out and "for writing" in out
