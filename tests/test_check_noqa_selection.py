"""``# noqa`` and select/ignore in ``lstm-shapes check`` decide as flake8 decides.

Each case is put to flake8 itself (its DecisionEngine; a real run for
``noqa``) and to the standalone face, and the answers compared.
"""

from __future__ import annotations

import argparse
import itertools

import pytest

from flake8_lstm_shapes.rules.catalogue import CATALOGUE
from flake8_lstm_shapes.standalone.linting import Options, lint_lines
from flake8_lstm_shapes.standalone.selection import Selection
from support.expectations import ROOT, parse_report, run_flake8_stdin

PREFIXES = [None, [], ["LST"], ["LST1"], ["LST2"], ["LST20"], ["LST202"], ["E", "W"],
            ["LST", "LST2"], ["LST303", "LST1"]]
EXTENDS = [[], ["LST"], ["LST2"], ["LST203"]]


def flake8_reports(code, select, ignore, extend_select, extend_ignore) -> bool:
    from flake8.style_guide import Decision, DecisionEngine
    options = argparse.Namespace(select=select, ignore=ignore, extend_select=extend_select,
                                 extend_ignore=extend_ignore, extended_default_select=["LST"],
                                 extended_default_ignore=[])
    return DecisionEngine(options).decision_for(code) is Decision.Selected


@pytest.mark.parametrize("select,ignore", list(itertools.product(PREFIXES, PREFIXES)))
def test_selection_agrees_with_flake8s_decision_engine(select, ignore):
    for extend_select, extend_ignore in itertools.product(EXTENDS, EXTENDS):
        ours = Selection(select, ignore, extend_select, extend_ignore)
        for code in CATALOGUE:
            expected = flake8_reports(code, select, ignore, extend_select, extend_ignore)
            assert ours.reports(code) is expected, (code, select, ignore, extend_select,
                                                    extend_ignore)


def test_the_longer_prefix_wins_and_a_tie_is_ignored():
    selection = Selection(select=["LST"], ignore=["LST2"], extend_select=["LST203"])
    assert selection.reports("LST203") and not selection.reports("LST201")
    assert selection.reports("LST101")
    assert not Selection(select=["LST2"], ignore=["LST2"]).reports("LST202")


FIXTURE = ROOT / "fixtures" / "oracle" / "in01_input_shape_1tuple.py"
COMMENTS = [
    "# noqa", "# NOQA", "# NoQa", "# noqa: LST101", "# noqa:LST101", "# noqa:  LST101",
    "# noqa : LST101", "# noqa: LST1", "# noqa: LST", "# noqa: LST2", "# noqa: lst101",
    "# noqa: E501,LST101", "# noqa: E501 LST101", "# noqa: E501, W291", "#noqa", "# noqa:E501",
    "# noqa: LST101 because the shape is checked elsewhere", "# some text # noqa: LST101",
]


def with_comment(text: str, line: int, comment: str) -> str:
    lines = text.splitlines(keepends=True)
    lines[line - 1] = lines[line - 1].rstrip("\n") + "  " + comment + "\n"
    return "".join(lines)


def ours(text: str, name: str):
    lines = text.splitlines(keepends=True)
    found = lint_lines(lines, name, Options("auto", Selection()))
    return [(f.line, f.column, f.code, f.message) for f in found]


def theirs(text: str, name: str):
    return parse_report(run_flake8_stdin(text, name)).get(name, [])


@pytest.mark.parametrize("comment", COMMENTS)
def test_noqa_comment_as_flake8_reads_it(comment):
    name = str(FIXTURE.relative_to(ROOT))
    original = FIXTURE.read_text()
    (line, _, code, _), = ours(original, name)
    text = with_comment(original, line, comment)
    assert ours(text, name) == theirs(text, name)


HEAD = ("import numpy as np\nfrom keras.models import Sequential\nfrom keras.layers import LSTM\n"
        "model = Sequential()\n")


def test_noqa_after_a_multi_line_string_covers_the_lines_it_spans():
    """flake8 looks for the noqa in all the physical lines a token spans: a
    triple-quoted string carries a noqa on its last line back to its first."""
    text = HEAD + 'model.add(LSTM(32, input_shape=(10,), name="""lstm\n"""))  # noqa: LST101\n'
    name = "fixtures/multi_line.py"
    bare = text.replace("  # noqa: LST101", "")
    assert ours(bare, name) == theirs(bare, name) != [], "the case must have a finding"
    assert ours(text, name) == theirs(text, name) == []


def test_noqa_after_a_closing_bracket_covers_only_its_own_line():
    """Lines joined by brackets are separate lines for flake8's noqa."""
    text = HEAD + "model.add(LSTM(\n    32,\n    input_shape=(10,),\n))  # noqa: LST101\n"
    name = "fixtures/multi_line.py"
    assert ours(text, name) == theirs(text, name) != []
    moved = text.replace("))  # noqa: LST101", "))").replace("(10,),", "(10,),  # noqa: LST101")
    assert ours(moved, name) == theirs(moved, name) == []


def test_flake8_noqa_at_the_start_of_a_line_silences_the_file():
    original = FIXTURE.read_text()
    name = str(FIXTURE.relative_to(ROOT))
    for header, silent in (("# flake8: noqa\n", True), ("# flake8=NOQA\n", True),
                           ("x = 1  # flake8: noqa\n", False)):
        text = header + original
        assert ours(text, name) == theirs(text, name)
        assert (ours(text, name) == []) is silent
