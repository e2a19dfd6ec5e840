"""``lstm-shapes rule``: a code's documentation from the installed package."""

import subprocess
import sys

import pytest

from flake8_lstm_shapes.cli import main
from flake8_lstm_shapes.rules.catalogue import CATALOGUE, RULES
from flake8_lstm_shapes.rules.documentation import documentation
from support.expectations import NO_KERAS_ENV, ROOT


def rule(capsys, *args):
    """(status, stdout, stderr) of ``lstm-shapes rule ARGS``, run in this process."""
    status = main(["rule", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("code", [r.code for r in RULES])
def test_a_code_prints_its_title_then_its_documentation(capsys, code):
    status, out, err = rule(capsys, code)
    assert status == 0 and not err
    first, blank, *body = out.splitlines()
    assert first == f"{code}: {CATALOGUE[code].title}" and blank == ""
    # The body is README's text; only README's links to its own sections are spelled out.
    assert len(body) == len(documentation(code).splitlines())
    assert f"`{code} " in out and "```python" in out and "# bad" in out and "# good" in out
    assert "](#" not in out


def test_a_link_to_a_readme_section_names_the_section(capsys):
    assert "[Which Keras](#which-keras)" in documentation("LST303")
    assert '"Which Keras" in README' in rule(capsys, "LST303")[1]


def test_the_code_is_read_as_flake8_reads_it_whatever_the_case(capsys):
    assert rule(capsys, "lst202")[1] == rule(capsys, "LST202")[1]


def test_all_prints_every_code_once_in_the_catalogues_order(capsys):
    status, out, _ = rule(capsys, "--all")
    titles = [line.split(":", 1)[0] for line in out.splitlines()
              if line.split(":", 1)[0] in CATALOGUE and ": " in line and not line.startswith("`")]
    assert status == 0 and titles == [r.code for r in RULES]


def test_several_codes_print_in_the_order_asked(capsys):
    out = rule(capsys, "LST405", "LST101")[1]
    assert out.index("LST405: ") < out.index("LST101: ")


@pytest.mark.parametrize("args", [("LST999",), ("LST101", "E501"), ("nonsense",)])
def test_an_unknown_code_is_one_line_and_exit_2(capsys, args):
    status, out, err = rule(capsys, *args)
    assert status == 2 and not out
    assert len(err.splitlines()) == 1 and "unknown code" in err and "--all" in err


@pytest.mark.parametrize("args", [(), ("--all", "LST101")])
def test_no_code_or_both_ways_is_a_usage_error(capsys, args):
    status, out, err = rule(capsys, *args)
    assert status == 2 and not out and len(err.splitlines()) == 1


def test_the_console_entry_point_prints_the_rule():
    """Through ``python -m``, as installed: the documentation is found as package data."""
    done = subprocess.run([sys.executable, "-m", "flake8_lstm_shapes", "rule", "LST401"],
                          capture_output=True, text=True, cwd=ROOT / "tests", env=NO_KERAS_ENV)
    assert done.returncode == 0 and done.stdout.startswith("LST401: ")
    bad = subprocess.run([sys.executable, "-m", "flake8_lstm_shapes", "rule", "LST000"],
                         capture_output=True, text=True, cwd=ROOT / "tests", env=NO_KERAS_ENV)
    assert bad.returncode == 2 and len(bad.stderr.splitlines()) == 1 and "Traceback" not in bad.stderr
