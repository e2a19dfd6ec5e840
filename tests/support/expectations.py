"""Reading the expectations written in fixtures, and running flake8 on them."""

from __future__ import annotations

import io
import os
import pathlib
import re
import subprocess
import sys
import tokenize
from typing import Dict, Iterable, List, Set, Tuple

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
CODE = re.compile(r"\bLST\d{3}\b")
FORMAT = "%(path)s|%(row)d|%(col)d|%(code)s|%(text)s"
# The package metadata of Keras and TensorFlow hidden, as in a pre-commit hook
# (see no_keras_installed/sitecustomize.py); internal errors raise.
NO_KERAS_SITE = pathlib.Path(__file__).resolve().parent / "no_keras_installed"
NO_KERAS_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    [str(NO_KERAS_SITE)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}
ENV = {**NO_KERAS_ENV, "FLAKE8_LSTM_SHAPES_DEBUG": "1"}

Expectation = Set[Tuple[int, str]]


def fixture_files() -> List[pathlib.Path]:
    return sorted(FIXTURES.rglob("*.py"))


def expected_findings(text: str) -> Expectation:
    """(line, code) for every LST code in a comment that follows code on its line.

    Full-line comments may mention codes freely (to explain); only a trailing
    comment is an expectation.
    """
    found: Expectation = set()
    code_rows = set()
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.COMMENT:
            if tok.start[0] in code_rows:
                found.update((tok.start[0], code) for code in CODE.findall(tok.string))
        elif tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                              tokenize.ENCODING, tokenize.ENDMARKER):
            code_rows.add(tok.start[0])
    return found


def run_flake8(args: Iterable[str], stdin: str = None, cwd: pathlib.Path = ROOT):
    command = [sys.executable, "-m", "flake8", "--isolated", "--select=LST",
               f"--format={FORMAT}", *args]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, cwd=cwd,
                          env=ENV, timeout=300)


def run_flake8_stdin(text: str, display_name: str) -> str:
    """``flake8 - --stdin-display-name=NAME`` with ``text`` on stdin, run in this
    process through flake8's own application (a subprocess per fixture costs
    0.4 s, this a few milliseconds).  Returns what flake8 printed."""
    import contextlib
    import tempfile

    from flake8.main import application
    from flake8 import utils

    class Stdin:
        buffer = io.BytesIO(text.encode("utf-8"))

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.txt")
        argv = ["--isolated", "--select=LST", f"--format={FORMAT}", "-j1",
                f"--stdin-display-name={display_name}", f"--output-file={out}", "-"]
        utils.stdin_get_value.cache_clear()
        saved = os.environ.get("FLAKE8_LSTM_SHAPES_DEBUG")
        os.environ["FLAKE8_LSTM_SHAPES_DEBUG"] = "1"
        try:
            with contextlib.ExitStack() as stack:
                stack.callback(utils.stdin_get_value.cache_clear)
                import unittest.mock
                stack.enter_context(unittest.mock.patch("sys.stdin", Stdin))
                cwd = os.getcwd()
                os.chdir(ROOT)
                stack.callback(os.chdir, cwd)
                app = application.Application()
                app.run(argv)
        finally:
            if saved is None:
                os.environ.pop("FLAKE8_LSTM_SHAPES_DEBUG", None)
            else:
                os.environ["FLAKE8_LSTM_SHAPES_DEBUG"] = saved
        with open(out) as handle:
            return handle.read()


def parse_report(stdout: str) -> Dict[str, List[Tuple[int, int, str, str]]]:
    """path -> [(line, col, code, message)] from flake8's output in FORMAT."""
    out: Dict[str, List[Tuple[int, int, str, str]]] = {}
    for line in stdout.splitlines():
        path, row, col, code, text = line.split("|", 4)
        out.setdefault(os.path.normpath(path), []).append((int(row), int(col), code, text))
    return out
