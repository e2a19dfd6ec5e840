"""The user's own modules: found by file names only, read at most once per
linted file, on the linted file's one budget, never deeper than a bound, and
never able to silence the linted file's own findings.

The projects here are the reproducers of a probe from outside: a local
package named like a stdlib module (``code/``) whose ``__init__.py`` writes a
marker, a local ``this.py`` (the stdlib's prints the Zen of Python), broken
neighbours, a 150-module import chain, nine big neighbours used round-robin.
"""

from __future__ import annotations

import ast
import json
import os
import pathlib
import resource
import subprocess
import sys
from typing import Dict

import pytest

from flake8_lstm_shapes.python import modules as project_module
from flake8_lstm_shapes.analysis import analyze, listeners
from flake8_lstm_shapes.core.context import Budget, BudgetExceeded, Context
from flake8_lstm_shapes.python.interpreter import Interpreter
from flake8_lstm_shapes.python.modules import Project

SUPPORT = pathlib.Path(__file__).resolve().parent / "support"
ENV = {**os.environ, "FLAKE8_LSTM_SHAPES_DEBUG": "1"}
ZEN = "Beautiful is better than ugly"
BIN = pathlib.Path(sys.executable).parent


def write(root: pathlib.Path, files: Dict[str, str]) -> pathlib.Path:
    for relative, body in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body)
    return root


def marker_code(markers: pathlib.Path, name: str) -> str:
    return f"import pathlib as _p\n_p.Path({str(markers)!r}, {name!r}).write_text('ran')\n"


# -- a package named like a stdlib module ---------------------------------------------------

STDLIB_NAMED_MAIN = """\
import numpy as np
import keras
from keras.models import Sequential
from keras.layers import LSTM, Dense
from {package}.data.shapes import N_STEPS

model = Sequential()
model.add(LSTM(3, input_shape=(N_STEPS, 2)))
short = Sequential()
short.add(LSTM(3, input_shape=(N_STEPS,)))
inputs = keras.Input(shape=(N_STEPS, 2))
functional = keras.Model(inputs, Dense(1)(LSTM(4)(inputs)))
X = np.zeros((100, {timesteps}, 2))
y = np.zeros((100, 1))
functional.fit(X, y)
"""
SHORT_LINE, FIT_LINE = 10, 15

THIS_MAIN = """\
from keras.models import Sequential
from keras.layers import LSTM
from {module}.sub import N

model = Sequential()
model.add(LSTM(3, input_shape=(N,)))
"""


def code_project(root: pathlib.Path, markers: pathlib.Path, package: str = "code",
                 timesteps: int = 12) -> pathlib.Path:
    """``code/__init__.py`` writes a marker; ``code/data`` has no ``__init__.py``."""
    return write(root, {
        "main.py": STDLIB_NAMED_MAIN.format(package=package, timesteps=timesteps),
        f"{package}/__init__.py": marker_code(markers, package),
        f"{package}/data/shapes.py": "N_STEPS = 10\n",
    })


def this_project(root: pathlib.Path, markers: pathlib.Path, module: str = "this") -> pathlib.Path:
    return write(root, {"main.py": THIS_MAIN.format(module=module),
                        f"{module}.py": marker_code(markers, module)})


@pytest.fixture
def markers(tmp_path) -> pathlib.Path:
    folder = tmp_path / "markers"
    folder.mkdir()
    return folder


def ways_of_running(folder: pathlib.Path):
    """(name, command, cwd, env): every way a user runs the plugin on main.py."""
    python = sys.executable
    flake8_args = ["--isolated", "--select=LST"]
    path_env = {**ENV, "PYTHONPATH": str(folder)}
    return [
        ("python -m flake8", [python, "-m", "flake8", *flake8_args, "main.py"], folder, ENV),
        ("flake8 script", [str(BIN / "flake8"), *flake8_args, "main.py"], folder, ENV),
        ("lstm-shapes check", [python, "-m", "flake8_lstm_shapes", "check", "main.py"], folder, ENV),
        ("lstm-shapes explain", [python, "-m", "flake8_lstm_shapes", "explain", "main.py"], folder,
         ENV),
        ("on PYTHONPATH", [python, "-m", "flake8", *flake8_args, str(folder / "main.py")],
         folder.parent, path_env),
        ("script, on PYTHONPATH", [str(BIN / "flake8"), *flake8_args, str(folder / "main.py")],
         folder.parent, path_env),
    ]


def run(command, cwd, env) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def assert_nothing_ran(result, markers: pathlib.Path, way: str) -> None:
    assert "Traceback" not in result.stderr, (way, result.stderr)
    assert result.returncode in (0, 1), (way, result.stderr)
    assert os.listdir(markers) == [], f"{way}: the project's own code ran"
    assert ZEN not in result.stdout + result.stderr, f"{way}: the stdlib's `this` was imported"


def test_the_markers_work(tmp_path, markers):
    """Importing the reproducers does run their code: no marker below means something."""
    folder = code_project(tmp_path / "p", markers)
    subprocess.run([sys.executable, "-c", "import code.data.shapes"], cwd=folder, check=True,
                   timeout=60)
    this_folder = this_project(tmp_path / "t", markers)
    out = subprocess.run([sys.executable, "-I", "-c", "import this"], cwd=this_folder,
                         capture_output=True, text=True, timeout=60).stdout
    assert os.listdir(markers) == ["code"] and ZEN in out


def test_a_local_code_package_is_read_never_imported(tmp_path, markers):
    folder = code_project(tmp_path / "p", markers)
    for way, command, cwd, env in ways_of_running(folder):
        result = run(command, cwd, env)
        assert_nothing_ran(result, markers, way)
        if "explain" in way:
            assert "(None, 10, 2)" in result.stdout, (way, result.stdout)
        else:
            assert f"main.py:{SHORT_LINE}:" in result.stdout, (way, result.stdout)
            assert f"main.py:{FIT_LINE}:16: LST203" in result.stdout, (way, result.stdout)
            assert "10 declared" in result.stdout


def test_a_local_this_module_is_neither_run_nor_the_stdlibs(tmp_path, markers):
    folder = this_project(tmp_path / "t", markers)
    for way, command, cwd, env in ways_of_running(folder):
        result = run(command, cwd, env)
        assert_nothing_ran(result, markers, way)
        if "explain" not in way:
            assert "main.py:6:" in result.stdout and "LST101" in result.stdout, (way, result.stdout)


@pytest.mark.parametrize("command", ["check", "explain"])
def test_the_command_does_not_let_the_project_shadow_the_stdlib(tmp_path, markers, command):
    """``python -m`` puts the project's folder first on sys.path; the stdlib
    modules the command imports while linting (``importlib.metadata`` imports
    ``email.message``) must still be the stdlib's, not a local ``email/``."""
    folder = write(tmp_path / "p", {"email/__init__.py": marker_code(markers, "email"),
                                    "main.py": THIS_MAIN.format(module="email")})
    result = run([sys.executable, "-m", "flake8_lstm_shapes", command, "main.py"], folder, ENV)
    assert "Traceback" not in result.stderr, result.stderr
    assert os.listdir(markers) == []


def audit(way: str, folder: pathlib.Path) -> dict:
    result = run([sys.executable, str(SUPPORT / "import_audit.py"), way, "main.py"], folder, ENV)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("way", ["flake8", "check", "explain"])
def test_linting_imports_nothing_a_clean_project_would_not(tmp_path, markers, way):
    """In-process, the cwd first on sys.path: nothing of the linted tree is
    imported, and nothing beyond what linting a clean control folder imports."""
    cases = [(code_project(tmp_path / "code", markers), code_project(tmp_path / "ctl1", markers, "mine")),
             (this_project(tmp_path / "this", markers), this_project(tmp_path / "ctl2", markers, "that"))]
    for folder, control in cases:
        seen, clean = audit(way, folder), audit(way, control)
        assert seen["in_tree"] == [] and clean["in_tree"] == []
        assert set(seen["modules"]) - set(clean["modules"]) == set(), folder
        assert set(seen["imports"]) - set(clean["imports"]) == set(), folder
        assert ZEN not in seen["output"]
        assert "LST" in seen["output"] or way == "explain"
    assert os.listdir(markers) == []


def test_the_audit_sees_an_import_of_the_stdlib_namesake(tmp_path, markers):
    """The comparison above is live: importing ``code`` shows up in a diff."""
    folder = code_project(tmp_path / "code", markers, package="mine")
    (folder / "main.py").write_text("import code.data\n" + (folder / "main.py").read_text())
    script = ("import sys, runpy; sys.argv = ['import_audit.py', 'check', 'main.py'];"
              f"import importlib; importlib.import_module('code');"
              f"runpy.run_path({str(SUPPORT / 'import_audit.py')!r}, run_name='__main__')")
    result = run([sys.executable, "-c", script], folder, ENV)
    assert "code" in json.loads(result.stdout.splitlines()[-1])["modules"]


# -- what the file search finds ------------------------------------------------------------------

def value_in(path: pathlib.Path, expression: str, keras_version: int = 3):
    """The value of an expression after the module at ``path`` ran, its neighbours read."""
    text = path.read_text()
    ctx = Context(lines=text.splitlines(keepends=True), filename=str(path))
    project = Project(str(path), keras_version, ctx.budget, make_interpreter=Interpreter)
    interpreter = Interpreter(ctx, project)
    interpreter.run_module(ast.parse(text))
    return interpreter.eval(ast.parse(expression, mode="eval").body, interpreter.globals)


def int_of(value):
    poly = getattr(value, "poly", None)
    return poly.value if poly is not None else None


@pytest.mark.parametrize("files, module, expected", [
    ({"consts.py": "N = 4\n"}, "consts", 4),
    ({"pkg/__init__.py": "", "pkg/consts.py": "N = 5\n"}, "pkg.consts", 5),
    ({"pkg/__init__.py": "N = 6\n"}, "pkg", 6),
    ({"ns/deeper/consts.py": "N = 7\n"}, "ns.deeper.consts", 7),      # namespace packages
    ({"email/consts.py": "N = 8\n"}, "email.consts", 8),              # stdlib names, local files
    ({"test/__init__.py": "", "test/consts.py": "N = 9\n"}, "test.consts", 9),
    ({"this.py": "N = 2\n"}, "this", 2),
    ({"re_export.py": "from consts import N\n", "consts.py": "N = 3\n"}, "re_export", 3),
])
def test_modules_are_found_by_their_files(tmp_path, files, module, expected):
    write(tmp_path, {**files, "main.py": f"from {module} import N\n"})
    assert int_of(value_in(tmp_path / "main.py", "N")) == expected


@pytest.mark.parametrize("files", [
    {"nothing_here.py": "M = 1\n"},                               # no such module
    {"ns/__init__.py": "", "ns/deeper/x.txt": ""},                # no consts in the namespace
    {"ns/deeper/consts.py/README": "a folder named x.py"},        # a folder is not a module
    {"ns/deeper/consts.py": "N = 7\n", "ns/deeper/consts.pyc": ""},             # bytecode first
    {"ns/deeper/consts.py": "N = 7\n", "ns/deeper/consts.cpython-311-x86_64-linux-gnu.so": ""},
    {"ns.py": "deeper = 1\n", "ns/deeper/consts.py": "N = 7\n"},  # a module has no submodules
])
def test_what_python_would_not_import_from_source_is_unknown(tmp_path, files):
    write(tmp_path, files)
    main = write(tmp_path, {"main.py": "from ns.deeper.consts import N\n"}) / "main.py"
    assert int_of(value_in(main, "N")) is None


@pytest.mark.parametrize("main, expression", [
    ("import code.data.shapes\n", "code.data.shapes.N_STEPS"),
    ("from code.data import shapes\n", "shapes.N_STEPS"),
    ("from code import data\n", "data.shapes.N_STEPS"),
    ("import code.data.shapes as s\n", "s.N_STEPS"),
])
def test_submodules_are_reached_through_their_packages(tmp_path, markers, main, expression):
    code_project(tmp_path, markers)
    (tmp_path / "main.py").write_text(main)
    assert int_of(value_in(tmp_path / "main.py", expression)) == 10
    assert os.listdir(markers) == []


def test_a_package_comes_before_a_module_of_the_same_name(tmp_path):
    write(tmp_path, {"cfg.py": "N = 1\n", "cfg/__init__.py": "N = 2\n"})
    main = write(tmp_path, {"main.py": "from cfg import N\n"}) / "main.py"
    assert int_of(value_in(main, "N")) == 2


def test_relative_imports_stay_inside_their_package(tmp_path):
    write(tmp_path, {"outside.py": "N = 1\n", "pkg/__init__.py": "", "pkg/inside.py": "N = 2\n",
                     "pkg/sub/__init__.py": "", "pkg/sub/one.py": "from ..inside import N\n",
                     "pkg/main.py": "from .inside import N\nfrom .. import outside\n"
                                    "from ...nowhere import M\nfrom .sub.one import N as M2\n"})
    main = tmp_path / "pkg" / "main.py"
    assert int_of(value_in(main, "N")) == 2
    assert int_of(value_in(main, "M2")) == 2        # ``..`` from pkg.sub.one is pkg
    assert int_of(value_in(main, "outside.N")) is None     # above the top package
    (tmp_path / "pkg" / "__init__.py").write_text("P = 6\n")
    (tmp_path / "pkg" / "own.py").write_text("from . import P\n")
    assert int_of(value_in(tmp_path / "pkg" / "own.py", "P")) == 6


def test_a_neighbours_absolute_imports_look_where_the_linted_file_runs(tmp_path):
    """``python main.py`` puts main's folder on sys.path, not the package's."""
    write(tmp_path, {"consts.py": "N = 1\n", "pkg/__init__.py": "", "pkg/consts.py": "N = 2\n",
                     "pkg/model.py": "from consts import N\n", "main.py": "from pkg.model import N\n"})
    assert int_of(value_in(tmp_path / "main.py", "N")) == 1


def test_an_installed_module_reached_through_a_symlink_is_not_read(tmp_path):
    installed = write(tmp_path / "venv" / "lib" / "site-packages", {"consts.py": "N = 3\n"})
    project = tmp_path / "project"
    project.mkdir()
    (project / "consts.py").symlink_to(installed / "consts.py")
    (project / "json_like.py").symlink_to(pathlib.Path(os.__file__).parent / "this.py")
    main = write(project, {"main.py": "from consts import N\nfrom json_like import s\n"}) / "main.py"
    assert int_of(value_in(main, "N")) is None
    assert type(value_in(main, "s")).__name__ == "Unknown"


# -- broken neighbours ------------------------------------------------------------------------

BROKEN_MAIN = """\
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense
from mymod import N_STEPS

X = np.zeros((100, 10))
y = np.zeros((100, 1))
model = Sequential()
model.add(LSTM(4, input_shape=(N_STEPS, 3)))
model.add(Dense(1))
model.fit(X, y)
"""
BROKEN_LINE = 11

BROKEN_NEIGHBOURS = {
    "syntax error": b"N_STEPS = (10\n",
    "NUL byte": b"N_STEPS = 10\x00\n",
    "binary": bytes(range(256)) * 8,
    "not UTF-8": b"N_STEPS = 10  # caf\xe9\n",
    "bad declared encoding": b"# -*- coding: no-such-codec -*-\nN_STEPS = 10\n",
    "unreadable": b"N_STEPS = 10\n",
}


@pytest.mark.parametrize("kind", sorted(BROKEN_NEIGHBOURS))
@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_a_broken_neighbour_leaves_the_files_own_finding(tmp_path, kind, debug):
    write(tmp_path, {"main.py": BROKEN_MAIN})
    neighbour = tmp_path / "mymod.py"
    neighbour.write_bytes(BROKEN_NEIGHBOURS[kind])
    if kind == "unreadable":
        neighbour.chmod(0)
        if os.access(neighbour, os.R_OK):
            pytest.skip("running as a user who reads any file")
    env = dict(ENV) if debug else {k: v for k, v in ENV.items() if k != "FLAKE8_LSTM_SHAPES_DEBUG"}
    result = run([sys.executable, "-m", "flake8", "--isolated", "--select=LST,E999", "main.py"],
                 tmp_path, env)
    assert "Traceback" not in result.stderr, result.stderr
    assert "E999" not in result.stdout, result.stdout
    assert f"main.py:{BROKEN_LINE}:" in result.stdout and "LST202" in result.stdout, result.stdout


def test_an_unreadable_neighbour_is_unknown(tmp_path, monkeypatch):
    """As root, permissions do not stop a read: the refusal is simulated."""
    write(tmp_path, {"main.py": "from mymod import N_STEPS\n", "mymod.py": "N_STEPS = 10\n"})
    assert int_of(value_in(tmp_path / "main.py", "N_STEPS")) == 10

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(project_module, "open", refuse, raising=False)
    assert int_of(value_in(tmp_path / "main.py", "N_STEPS")) is None


def test_a_neighbour_in_a_declared_encoding_is_read(tmp_path):
    write(tmp_path, {"main.py": "from mymod import N_STEPS\n"})
    (tmp_path / "mymod.py").write_bytes(b"# -*- coding: latin-1 -*-\nN_STEPS = 10  # caf\xe9\n")
    assert int_of(value_in(tmp_path / "main.py", "N_STEPS")) == 10


# -- deep import chains ----------------------------------------------------------------------------

def import_chain(folder: pathlib.Path, length: int) -> pathlib.Path:
    """m0 imports N from m1 ... m{length}, each adding one: N in main is length + 1."""
    for index in range(length):
        (folder / f"m{index}.py").write_text(f"from m{index + 1} import N as P\nN = P + 1\n")
    (folder / f"m{length}.py").write_text("N = 1\n")
    return write(folder, {"main.py": (
        "import numpy as np\nimport keras\nfrom keras.models import Sequential\n"
        "from keras.layers import LSTM, Dense\nfrom m0 import N\n"
        "inputs = keras.Input(shape=(N, 2))\n"
        "functional = keras.Model(inputs, Dense(1)(LSTM(4)(inputs)))\n"
        "functional.fit(np.zeros((8, 50, 2)), np.zeros((8, 1)))\n"
        "model = Sequential()\nmodel.add(LSTM(3, input_shape=(10,)))\n")}) / "main.py"


def test_a_deep_import_chain_keeps_the_files_own_finding(tmp_path):
    main = import_chain(tmp_path, 150)
    result = run([sys.executable, "-m", "flake8", "--isolated", "--select=LST", "main.py"],
                 tmp_path, ENV)
    assert "Traceback" not in result.stderr, result.stderr
    assert "main.py:10:" in result.stdout and "LST101" in result.stdout, result.stdout
    assert "LST203" not in result.stdout      # N is unknown: past the bound, nothing is said
    assert int_of(value_in(main, "N")) is None


def test_a_chain_within_the_bound_resolves(tmp_path):
    length = project_module.MAX_IMPORT_DEPTH - 1
    main = import_chain(tmp_path, length)
    assert int_of(value_in(main, "N")) == length + 1
    findings = analyze(ast.parse(main.read_text()), main.read_text().splitlines(True), str(main))
    assert [f.code for f in findings.sorted_findings()] == ["LST203", "LST101"]
    assert f"axis 1 is 50, {length + 1} declared" in findings.sorted_findings()[0].message


def test_re_exports_are_followed_a_bounded_number_of_hops(tmp_path):
    hops = project_module.MAX_IMPORT_DEPTH + 4
    for index in range(hops):
        (tmp_path / f"r{index}.py").write_text(f"from r{index + 1} import N\n")
    (tmp_path / f"r{hops}.py").write_text("N = 5\n")
    within_bound = hops - project_module.MAX_IMPORT_DEPTH + 2     # near and 7 r-modules
    write(tmp_path, {"near.py": f"from r{within_bound} import N\n",
                     "main.py": "from near import N\nfrom r0 import N as FAR\n"})
    assert int_of(value_in(tmp_path / "main.py", "N")) == 5
    assert int_of(value_in(tmp_path / "main.py", "FAR")) is None


def test_an_import_cycle_is_unknown_not_endless(tmp_path):
    write(tmp_path, {"a.py": "from b import M\nN = M + 1\n", "b.py": "from a import N\nM = N + 1\n",
                     "main.py": "from a import N\nfrom b import M\n"})
    assert int_of(value_in(tmp_path / "main.py", "N")) is None
    assert int_of(value_in(tmp_path / "main.py", "M")) is None


# -- one budget per linted file -------------------------------------------------------------------

def round_robin_project(folder: pathlib.Path, modules: int = 9, lines: int = 1000,
                        rounds: int = 20) -> pathlib.Path:
    for k in range(modules):
        body = [f"N = {k + 2}"] + [f"V{i} = [N * {i}, ({i} + N) // 3, N - {i % 7}]"
                                   for i in range(lines - 1)]
        (folder / f"m{k}.py").write_text("\n".join(body) + "\n")
    main = ["from keras.models import Sequential", "from keras.layers import LSTM, Dense"]
    main += [f"import m{k}" for k in range(modules)]
    main += ["model = Sequential()", "model.add(LSTM(3, input_shape=(10,)))"]
    main += [f"model.add(Dense(m{k}.N))" for _ in range(rounds) for k in range(modules)]
    return write(folder, {"main.py": "\n".join(main) + "\n"}) / "main.py"


@pytest.fixture
def counted_reads(monkeypatch):
    """How often each neighbour was interpreted."""
    counts: Dict[str, int] = {}
    real = Project.interpret

    def counting(self, found):
        counts[found.path] = counts.get(found.path, 0) + 1
        return real(self, found)

    monkeypatch.setattr(Project, "interpret", counting)
    return counts


def analyze_file(path: pathlib.Path) -> Context:
    text = path.read_text()
    return analyze(ast.parse(text), text.splitlines(keepends=True), str(path))


def test_each_neighbour_is_read_once_per_linted_file(tmp_path, counted_reads):
    main = round_robin_project(tmp_path)
    ctx = analyze_file(main)
    assert sorted(counted_reads.values()) == [1] * 9
    assert [f.code for f in ctx.sorted_findings()] == ["LST101"]
    assert ctx.budget.used <= ctx.budget.steps
    alone = analyze_file(write(tmp_path / "alone", {"main.py": main.read_text()}) / "main.py")
    assert ctx.budget.used > alone.budget.used + 9 * 1000, "the neighbours' steps were not counted"
    analyze_file(main)                  # a second linted file reads them again, once each
    assert sorted(counted_reads.values()) == [2] * 9


def analyze_on_budget(path: pathlib.Path, text: str, steps: int) -> Context:
    """What ``analyze`` does, on a budget of ``steps``."""
    ctx = Context(lines=text.splitlines(keepends=True), filename=str(path), budget=Budget(steps=steps),
                  events=listeners())
    try:
        project = Project(str(path), 3, ctx.budget, make_interpreter=Interpreter)
        Interpreter(ctx, project).run_module(ast.parse(text))
    except BudgetExceeded:
        pass
    return ctx


def test_neighbours_share_the_files_one_budget(tmp_path, counted_reads):
    """With a budget too small for all the neighbours, the file stops where
    it runs out, the findings made before stand, and the total stays within
    the one budget."""
    main = round_robin_project(tmp_path)
    full = analyze_file(main).budget.used
    counted_reads.clear()
    ctx = analyze_on_budget(main, main.read_text(), full // 2)
    one_read = max(p.stat().st_size for p in tmp_path.glob("m*.py")) // project_module.BYTES_PER_STEP
    assert full // 2 <= ctx.budget.used <= full // 2 + 1 + one_read     # a read is charged at once
    assert [f.code for f in ctx.sorted_findings()] == ["LST101"]
    assert 1 <= len(counted_reads) < 9 and set(counted_reads.values()) == {1}


def neighbour_value(folder: pathlib.Path, neighbour: str):
    """N from ``big.py`` (with the given text), and the linted file's budget after."""
    write(folder, {"big.py": neighbour, "main.py": "from big import N\n"})
    ctx = Context(lines=["from big import N\n"], filename=str(folder / "main.py"))
    project = Project(str(folder / "main.py"), 3, ctx.budget, make_interpreter=Interpreter)
    interpreter = Interpreter(ctx, project)
    interpreter.run_module(ast.parse("from big import N\n"))
    return interpreter.eval(ast.parse("N", mode="eval").body, interpreter.globals), ctx.budget


def test_one_neighbour_takes_at_most_its_share(tmp_path):
    costly = "".join(f"V = [1, 2, 3, 4, 5, 6, 7, {i}]\n" for i in range(10_000)) + "N = 3\n"
    value, budget = neighbour_value(tmp_path, costly)
    assert int_of(value) is None
    assert project_module.MODULE_STEPS <= budget.used <= project_module.MODULE_STEPS + 10


def test_a_neighbour_too_big_to_parse_costs_nothing(tmp_path):
    huge = "N = 3\n" + "# padding\n" * (project_module.MODULE_STEPS * project_module.BYTES_PER_STEP // 10)
    value, budget = neighbour_value(tmp_path, huge)
    assert int_of(value) is None and budget.used < 10
    value, budget = neighbour_value(tmp_path, huge[: len(huge) // 2])
    assert int_of(value) == 3


def child_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def test_round_robin_neighbours_cost_little_cpu(tmp_path):
    """The whole flake8 process, CPU time (not wall time: a loaded machine
    does not make it slower), was 16-18 s when each use re-read a neighbour."""
    round_robin_project(tmp_path)
    before = child_cpu_seconds()
    result = run([sys.executable, "-m", "flake8", "--isolated", "--select=LST", "main.py"],
                 tmp_path, ENV)
    spent = child_cpu_seconds() - before
    assert "LST101" in result.stdout, result.stderr
    assert spent <= 3.0, f"{spent:.2f} s CPU"


def test_a_generator_of_a_neighbour_module_is_read_as_one(tmp_path):
    """Whether a function yields is looked up in its own file's text: a
    generator defined in a neighbour module, called in a file whose own text
    never says ``yield``, still gives fit its batches."""
    write(tmp_path, {
        "batches.py": "import numpy as np\n\n\ndef batches():\n    while True:\n"
                      "        yield np.zeros((8, 10, 3)), np.zeros((8, 1))\n",
        "main.py": "from keras.models import Sequential\nfrom keras.layers import LSTM, Dense\n"
                   "from batches import batches\n\nmodel = Sequential()\n"
                   "model.add(LSTM(4, input_shape=(10, 2)))\nmodel.add(Dense(1))\n"
                   "model.compile(loss='mse', optimizer='adam')\n"
                   "model.fit(batches(), steps_per_epoch=5)\n",
    })
    main = tmp_path / "main.py"
    findings = analyze(ast.parse(main.read_text()), main.read_text().splitlines(True), str(main))
    assert [(f.line, f.code) for f in findings.sorted_findings()] == [(9, "LST203")]
