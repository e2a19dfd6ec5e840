"""A fixture's name says what it claims (the scheme is fixtures/README.md).

``_bad``: Keras raises (a finding that is not ``silent``); ``_silent``: every
finding is one Keras accepts without a word; ``_good``: no finding.  In
``versions/`` the suffix is the Keras the copy is about instead.
"""

from __future__ import annotations

import pathlib
import re

import pytest

from support.conformance import plan_for_text

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures"
BY_VERDICT = ["declared", "data", "stack", "project", "projects"]
VERSION_COPIES = ("_keras2", "_keras3", "_unknown")
# Plain modules a project fixture imports from, and a project's own setup.py:
# no claim of their own.
NEIGHBOURS = {"project/settings.py", "project/windows.py", "projects/setup_py_keras2/setup.py"}
ORACLE_ID = re.compile(r"[a-z]+\d+_\w+")


def verdict(path: pathlib.Path) -> str:
    """What the expectations written in the fixture claim: bad, silent or good."""
    findings = plan_for_text(path.read_text(encoding="utf-8")).findings
    if any(not finding.silent for finding in findings):
        return "bad"
    return "silent" if findings else "good"


def named(folders):
    files = [p for folder in folders for p in sorted((FIXTURES / folder).rglob("*.py"))]
    return pytest.mark.parametrize("path", files, ids=[str(p.relative_to(FIXTURES)) for p in files])


@named(BY_VERDICT)
def test_the_suffix_is_the_claim(path):
    name = str(path.relative_to(FIXTURES))
    if name in NEIGHBOURS:
        assert verdict(path) == "good", f"{name} is a neighbour module: it expects no finding"
        return
    suffix = path.stem.rpartition("_")[2]
    assert suffix in ("bad", "silent", "good"), f"{name} does not end in _bad, _silent or _good"
    assert suffix == verdict(path), f"{name} claims {verdict(path)}"


@named(["versions"])
def test_a_version_copy_or_a_claim(path):
    if path.stem.endswith(VERSION_COPIES):
        return
    suffix = path.stem.rpartition("_")[2]
    assert suffix in ("bad", "silent", "good"), path.name
    assert suffix == verdict(path), f"{path.name} claims {verdict(path)}"


@named(["oracle"])
def test_an_oracle_fixture_is_one_case_under_one_keras(path):
    """The oracle's ids are a group and a number, then words: ``in01_input_shape_1tuple``;
    the only suffix is ``_keras2``, the case's Keras 2 reading."""
    stem = path.stem.removesuffix("_keras2")
    assert ORACLE_ID.fullmatch(stem), path.name
    assert path.read_text(encoding="utf-8").startswith(f"# Oracle case {stem} "), path.name
