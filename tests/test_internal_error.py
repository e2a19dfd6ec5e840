"""An internal error is never silent: the findings made before it stand, and
one line on stderr names the file, the plugin and the error type.

The error is provoked by making the interpreter fail on one statement of the
file, after a statement that has a finding and before one that would have
another.  Without ``FLAKE8_LSTM_SHAPES_DEBUG`` the guard of ``analysis.lint``
must catch it; with the variable set, it must raise.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap

import pytest

from flake8_lstm_shapes import analysis
from flake8_lstm_shapes import cli
from flake8_lstm_shapes.checker import LstmShapesChecker
from flake8_lstm_shapes.python.interpreter import Interpreter

SOURCE = textwrap.dedent("""\
    from keras.models import Sequential
    from keras.layers import LSTM

    first = Sequential()
    first.add(LSTM(3, input_shape=(10,)))
    boom = 1
    second = Sequential()
    second.add(LSTM(3, input_shape=(20,)))
    """)
BOOM_LINE = 6
NOTICE = "flake8-lstm-shapes: internal error in main.py (RecursionError); " \
         "findings after it are missing: please report"


@pytest.fixture
def failing_statement(monkeypatch):
    """The interpreter raises a RecursionError on line BOOM_LINE, as a real bug would."""
    original = Interpreter.exec_stmt

    def exec_stmt(self, stmt, env):
        if getattr(stmt, "lineno", None) == BOOM_LINE:
            raise RecursionError("maximum recursion depth exceeded")
        return original(self, stmt, env)

    monkeypatch.setattr(Interpreter, "exec_stmt", exec_stmt)
    monkeypatch.delenv(analysis.DEBUG_ENV, raising=False)


def flake8_findings():
    lines = SOURCE.splitlines(keepends=True)
    checker = LstmShapesChecker(ast.parse(SOURCE), lines, "main.py")
    return [(line, text.split()[0]) for line, _, text, _ in checker.run()]


def test_without_the_error_both_findings_are_made(monkeypatch):
    monkeypatch.delenv(analysis.DEBUG_ENV, raising=False)
    assert flake8_findings() == [(5, "LST101"), (8, "LST101")]


def test_findings_before_the_error_stand_and_stderr_says_so(failing_statement, capsys):
    assert flake8_findings() == [(5, "LST101")]
    err = capsys.readouterr().err
    assert err.splitlines() == [NOTICE]


def test_the_command_line_face_has_the_same_guard(failing_statement, capsys, tmp_path,
                                                  monkeypatch):
    (tmp_path / "main.py").write_text(SOURCE)
    monkeypatch.chdir(tmp_path)
    status = cli.main(["check", "main.py"])
    out, err = capsys.readouterr()
    assert status == 1
    assert [line.split()[1] for line in out.splitlines()] == ["LST101"]
    assert out.startswith("main.py:5:")
    assert err.splitlines() == [NOTICE]


def test_with_the_debug_variable_the_error_raises(failing_statement, monkeypatch):
    monkeypatch.setenv(analysis.DEBUG_ENV, "1")
    with pytest.raises(RecursionError):
        flake8_findings()


def test_a_real_flake8_run_keeps_the_finding_and_prints_one_line(tmp_path):
    """The whole flake8 process: its exit status and output, not only the plugin."""
    (tmp_path / "main.py").write_text(SOURCE)
    script = textwrap.dedent(f"""
        import sys
        from flake8_lstm_shapes.python.interpreter import Interpreter
        original = Interpreter.exec_stmt
        def exec_stmt(self, stmt, env):
            if getattr(stmt, "lineno", None) == {BOOM_LINE}:
                raise RecursionError("deep")
            return original(self, stmt, env)
        Interpreter.exec_stmt = exec_stmt
        from flake8.main.cli import main
        raise SystemExit(main(["--isolated", "--select=LST", "-j1", "main.py"]))
    """)
    env = {k: v for k, v in os.environ.items() if k != analysis.DEBUG_ENV}
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["LST101"]
    assert result.stderr.splitlines() == [NOTICE]
