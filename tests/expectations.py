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

ROOT = pathlib.Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
CODE = re.compile(r"\bLST\d{3}\b")
FORMAT = "%(path)s|%(row)d|%(col)d|%(code)s|%(text)s"
ENV = {**os.environ, "FLAKE8_LSTM_SHAPES_DEBUG": "1"}

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


def parse_report(stdout: str) -> Dict[str, List[Tuple[int, int, str, str]]]:
    """path -> [(line, col, code, message)] from flake8's output in FORMAT."""
    out: Dict[str, List[Tuple[int, int, str, str]]] = {}
    for line in stdout.splitlines():
        path, row, col, code, text = line.split("|", 4)
        out.setdefault(os.path.normpath(path), []).append((int(row), int(col), code, text))
    return out
