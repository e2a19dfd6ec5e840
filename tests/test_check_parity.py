"""``lstm-shapes check`` and ``flake8 --select=LST`` give the same findings on every
fixture: code, line, column and message, by path and through stdin."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import unittest.mock

import pytest

from flake8_lstm_shapes import cli
from support.expectations import ENV, ROOT, fixture_files, parse_report, run_flake8, run_flake8_stdin

FILES = fixture_files()
IDS = [str(p.relative_to(ROOT)) for p in FILES]


def run_check(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "flake8_lstm_shapes", "check", "--isolated", *args],
                          input=stdin, capture_output=True, text=True, cwd=ROOT, env=ENV,
                          timeout=300)


def as_report(json_text: str):
    """path -> [(line, col, code, message)] from ``check --output-format=json``."""
    import json
    out = {}
    for entry in json.loads(json_text):
        out.setdefault(os.path.normpath(entry["filename"]), []).append(
            (entry["line"], entry["column"], entry["code"], entry["message"]))
    return out


def check_stdin_in_process(text: str, name: str) -> str:
    """``lstm-shapes check - --stdin-filename NAME`` in this process (a subprocess per
    fixture would cost 0.4 s each); returns the JSON it printed."""
    class Stdin:
        buffer = io.BytesIO(text.encode("utf-8"))

    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with unittest.mock.patch("sys.stdin", Stdin), contextlib.redirect_stdout(out), \
                unittest.mock.patch.dict(os.environ, {"FLAKE8_LSTM_SHAPES_DEBUG": "1"}):
            status = cli.main(["check", "--isolated", "--output-format=json",
                               "--stdin-filename", name, "-"])
    finally:
        os.chdir(cwd)
    assert status in (0, 1)
    return out.getvalue()


@pytest.fixture(scope="module")
def flake8_by_path():
    result = run_flake8(["fixtures"])
    assert result.returncode in (0, 1), result.stderr
    return parse_report(result.stdout)


def test_by_path_the_whole_folder_as_flake8(flake8_by_path):
    result = run_check("--output-format=json", "fixtures")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert as_report(result.stdout) == flake8_by_path


def test_text_output_is_flake8s_default_format():
    ours = run_check("fixtures")
    theirs = subprocess.run([sys.executable, "-m", "flake8", "--isolated", "--select=LST", "fixtures"],
                            capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=300)
    assert ours.stdout and ours.stdout == theirs.stdout


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_by_stdin_as_flake8(path, flake8_by_path):
    name = str(path.relative_to(ROOT))
    text = path.read_text()
    ours = as_report(check_stdin_in_process(text, name)).get(os.path.normpath(name), [])
    # flake8's stdin findings equal its by-path ones (tests/test_fixtures.py holds that)
    assert ours == flake8_by_path.get(os.path.normpath(name), [])


def test_stdin_through_a_real_process():
    path = ROOT / "fixtures" / "oracle" / "in01_input_shape_1tuple.py"
    name = str(path.relative_to(ROOT))
    result = run_check("--output-format=json", "--stdin-filename", name, "-", stdin=path.read_text())
    assert result.returncode == 1
    assert as_report(result.stdout) == as_report(check_stdin_in_process(path.read_text(), name))
    assert as_report(result.stdout) == parse_report(run_flake8_stdin(path.read_text(), name))
    unnamed = run_check("-", stdin=path.read_text())
    assert unnamed.stdout.startswith("stdin:") and " LST101 " in unnamed.stdout
