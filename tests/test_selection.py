"""The plugin returns before any analysis when the run selects no LST code.

flake8 calls every plugin on every file and filters the findings afterwards,
so without this a ``--select=E,F`` run would still analyse every Keras file.
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys

import pytest
from flake8.options.parse_args import parse_args

from flake8_lstm_shapes.rules.catalogue import RULES
from flake8_lstm_shapes.selection import CODES, any_selected

FIXTURE = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "declared"


def options_for(*argv: str) -> argparse.Namespace:
    _, options = parse_args([*argv, "x.py"])
    return options


def test_the_codes_are_the_catalogues():
    assert CODES == tuple(rule.code for rule in RULES)


@pytest.mark.parametrize("argv, selected", [
    ((), True),
    (("--select=E,F",), False),
    (("--select=E,F,LST",), True),
    (("--select=LST2",), True),
    (("--extend-ignore=LST",), False),
    (("--ignore=E,LST",), False),
    (("--extend-ignore=LST1,LST2,LST3,LST4",), False),
    (("--extend-ignore=LST1,LST2,LST3",), True),
    (("--select=E", "--extend-select=LST402"), True),
    (("--select=LST", "--ignore=LST"), False),
    # the longer match wins: LST40 is selected over the ignored LST
    (("--select=LST40", "--ignore=LST"), True),
])
def test_flake8s_decider_is_asked(argv, selected):
    assert any_selected(options_for(*argv)) is selected


def test_options_flake8_does_not_know_select_everything():
    assert any_selected(argparse.Namespace()) is True
    assert any_selected(None) is True


def run_flake8(*argv: str) -> str:
    """flake8 in a new process; prints its findings, then whether the
    interpreter stage was ever imported."""
    script = (
        "import sys\n"
        "from flake8.main import cli\n"
        "try:\n"
        f"    cli.main({list(argv)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('interpreter imported:', 'flake8_lstm_shapes.python.interpreter' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    return done.stdout


@pytest.mark.parametrize("selection", ["--select=E,F,W", "--extend-ignore=LST"])
def test_a_run_that_selects_no_lst_code_never_analyses(selection):
    fixture = str(FIXTURE / "input_shape_1tuple_bad.py")
    out = run_flake8("--isolated", "--jobs=1", selection, fixture)
    assert "LST" not in out.replace("interpreter imported", "")
    assert "interpreter imported: False" in out


def test_the_same_file_selected_is_analysed():
    fixture = str(FIXTURE / "input_shape_1tuple_bad.py")
    out = run_flake8("--isolated", "--jobs=1", "--select=LST", fixture)
    assert "LST101" in out
    assert "interpreter imported: True" in out
