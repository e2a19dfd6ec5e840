"""Every fixture, linted through real flake8, gives exactly the findings its
trailing comments expect: by path and through stdin, in both directions (a
good fixture yields nothing)."""

from __future__ import annotations

import os
import pytest

from support.expectations import (ROOT, expected_findings, fixture_files, parse_report,
                                  run_flake8, run_flake8_stdin)

FILES = fixture_files()
IDS = [str(p.relative_to(ROOT)) for p in FILES]


@pytest.fixture(scope="module")
def by_path():
    """One flake8 run over the whole fixtures folder, as README's command does."""
    result = run_flake8(["fixtures"])
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return parse_report(result.stdout)


@pytest.fixture(scope="module")
def by_stdin():
    """Each fixture through `flake8 -`, as editors run it (flake8 itself, in this
    process: see support.expectations.run_flake8_stdin)."""
    return {str(p.relative_to(ROOT)): parse_report(run_flake8_stdin(p.read_text(),
                                                                    str(p.relative_to(ROOT))))
            for p in FILES}


def test_stdin_through_a_real_flake8_process():
    """The in-process stdin runs above stand for this: one real `flake8 -`."""
    path = ROOT / "fixtures" / "oracle" / "in01_input_shape_1tuple.py"
    name = str(path.relative_to(ROOT))
    result = run_flake8(["-", f"--stdin-display-name={name}"], stdin=path.read_text())
    assert parse_report(result.stdout) == parse_report(run_flake8_stdin(path.read_text(), name))
    assert parse_report(result.stdout)[os.path.normpath(name)][0][2] == "LST101"


def test_there_are_fixtures_for_every_family():
    text = "".join(p.read_text() for p in FILES)
    for code in ("LST101", "LST102", "LST103", "LST104", "LST303", "LST401", "LST402"):
        assert f"# {code}" in text, code


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_fixture_by_path(path, by_path):
    expected = expected_findings(path.read_text())
    got = {(row, code) for row, _, code, _ in by_path.get(os.path.normpath(str(path.relative_to(ROOT))), [])}
    assert got == expected


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_fixture_by_stdin_matches_by_path(path, by_path, by_stdin):
    name = str(path.relative_to(ROOT))
    from_stdin = by_stdin[name].get(os.path.normpath(name), [])
    from_path = by_path.get(os.path.normpath(name), [])
    assert from_stdin == from_path


def test_messages_are_one_line_and_name_a_line(by_path):
    for findings in by_path.values():
        for row, col, code, text in findings:
            assert "\n" not in text and text.strip()
            assert "line " in text, text
