"""Plain release specifiers (``keras.specifiers``) decide as ``packaging`` does.

The plain form is evaluated without importing ``packaging``; these tests hold
it to packaging's answers on every clause it takes, and check that everything
else still goes to packaging.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings, strategies as st
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from flake8_lstm_shapes.keras.specifiers import (InvalidSpecifier, PlainSpecifiers, release_text,
                                                 specifier_set)
from support.expectations import NO_KERAS_ENV

releases = st.lists(st.integers(0, 17), min_size=1, max_size=4).map(tuple)


@st.composite
def clauses(draw) -> str:
    operator = draw(st.sampled_from(["==", "!=", "<=", ">=", "<", ">", "~="]))
    numbers = draw(releases)
    if operator == "~=" and len(numbers) < 2:
        numbers += (draw(st.integers(0, 17)),)
    wildcard = operator in ("==", "!=") and draw(st.booleans())
    space = draw(st.sampled_from(["", " "]))
    return f"{operator}{space}{release_text(numbers)}{'.*' if wildcard else ''}"


@settings(max_examples=400, deadline=None)
@given(st.lists(clauses(), max_size=3), releases)
def test_a_plain_specifier_set_contains_what_packaging_says_it_contains(written, candidate):
    text = ", ".join(written)
    ours = specifier_set(text)
    assert isinstance(ours, PlainSpecifiers)
    theirs = SpecifierSet(text)
    assert ours.contains(candidate) == theirs.contains(Version(release_text(candidate)),
                                                       prereleases=True)
    assert sorted((c.operator, c.version) for c in ours) == \
        sorted((s.operator, s.version) for s in theirs)


@pytest.mark.parametrize("text", [
    ">=2.16rc1", "==2.16.0.post1", "!=3.0.0.dev0", "==2.16+local", "===2.16.1", ">=1!2.0",
    "==v2.16", ">=2.16, <3.0b1",
])
def test_a_specifier_that_says_more_than_release_numbers_goes_to_packaging(text):
    decided = specifier_set(text)
    assert isinstance(decided, SpecifierSet) and decided == SpecifierSet(text)


@pytest.mark.parametrize("text", ["~=2", "<2.16.*", ">=", "==2.*.1", "=>2.16", "2.16", ">=two"])
def test_what_packaging_refuses_is_refused(text):
    with pytest.raises(InvalidSpecifier):
        specifier_set(text)


def test_a_plain_set_answers_for_a_packaging_version_too():
    """Beside a specifier that needs packaging, the candidates are Versions."""
    plain = specifier_set(">=2.10,<2.16")
    assert plain.contains(Version("2.15.0rc1")) == SpecifierSet(">=2.10,<2.16").contains(
        Version("2.15.0rc1"), prereleases=True)
    assert plain.contains(Version("2.16.0rc1")) is False


PROBE = textwrap.dedent("""
    import json, sys
    from flake8_lstm_shapes.keras.dependencies import declared_keras
    declared = declared_keras(sys.argv[1])
    print(json.dumps({"standalone": declared.standalone.major,
                      "packaging": sorted(m for m in sys.modules if m.startswith("packaging"))}))
""")


@pytest.mark.parametrize("requirements, major, needs_packaging", [
    ("numpy\ntensorflow>=2.16\npandas\n", 3, False),
    ("tensorflow>=2.4,!=2.5.*,<2.16\n", 2, False),
    ("tensorflow>=2.16.0rc0\n", 3, True),
    ("tensorflow[and-cuda]>=2.16\n", 3, True),
])
def test_a_project_of_plain_requirements_is_read_without_packaging(
        tmp_path, requirements, major, needs_packaging):
    """An editor reads the requirements on every save: the common ones cost no
    import of packaging; the others are still read, by packaging."""
    (tmp_path / "requirements.txt").write_text(requirements)
    script = tmp_path / "train.py"
    script.write_text("import keras\n")
    done = subprocess.run([sys.executable, "-c", PROBE, str(script)], capture_output=True,
                          text=True, env=NO_KERAS_ENV, timeout=120, check=True)
    found = json.loads(done.stdout)
    assert found["standalone"] == major
    assert bool(found["packaging"]) is needs_packaging
