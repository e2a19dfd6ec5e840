"""The lstm-shapes console script prints what flake8 prints."""

import subprocess
import sys

from support.expectations import NO_KERAS_ENV, ROOT, expected_findings, parse_report, run_flake8

FIXTURE = ROOT / "fixtures" / "oracle" / "in01_input_shape_1tuple.py"


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "flake8_lstm_shapes", *args], input=stdin,
                          capture_output=True, text=True, cwd=ROOT, env=NO_KERAS_ENV)


def test_version():
    from flake8_lstm_shapes import __version__
    assert run_cli("--version").stdout.strip() == f"lstm-shapes {__version__}"


def test_check_matches_flake8():
    cli = run_cli("check", str(FIXTURE.relative_to(ROOT)))
    assert cli.returncode == 1
    flake8 = run_flake8([str(FIXTURE.relative_to(ROOT))])
    expected = [f"{path}:{row}:{col}: {code} {text}"
                for path, items in parse_report(flake8.stdout).items()
                for row, col, code, text in items]
    assert cli.stdout.splitlines() == expected


def test_check_stdin_and_clean_file():
    cli = run_cli("check", "-", stdin=FIXTURE.read_text())
    (line, code), = expected_findings(FIXTURE.read_text())
    assert cli.stdout.startswith(f"stdin:{line}:") and f" {code} " in cli.stdout
    clean = run_cli("check", str(ROOT / "fixtures" / "oracle" / "tut01_lstm3_input_shape_2_10.py"))
    assert clean.returncode == 0 and clean.stdout == ""


def test_the_project_lints_clean_with_flake8():
    """A linter's own code passes flake8 (setup.cfg's [flake8] settings)."""
    result = subprocess.run([sys.executable, "-m", "flake8", "flake8_lstm_shapes", "tests",
                             "benchmarks"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout
