"""The catalogue of codes, README's table of codes and the messages agree.

README's table is what a user reads first, the catalogue what
``lstm-shapes rule`` prints and the rules' docstrings point to: a code added,
renamed or retitled in one place and not the other fails here.  Each code's
documentation is one file, ``rules/docs/LSTnnn.md``: README's section on the
code is that file, word for word.
"""

from __future__ import annotations

import ast
import pathlib
import re
import string
import sys

import pytest

from flake8_lstm_shapes.analysis import analyze
from flake8_lstm_shapes.rules.catalogue import CATALOGUE, RULES
from flake8_lstm_shapes.rules.catalogue import FAMILIES
from flake8_lstm_shapes.rules.documentation import documentation, readme_rules

ROOT = pathlib.Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
sys.path.insert(0, str(ROOT / "benchmarks"))
RULES_PACKAGE = ROOT / "flake8_lstm_shapes" / "rules"
TABLE_ROW = re.compile(r"^\| \[(LST\d{3})\]\((#[^)]*)\) \| (.*) \|$")


def section(text: str, heading: str) -> str:
    """The lines under ``heading`` up to the next heading of the same level."""
    level = heading.split(" ", 1)[0]
    start = text.index(f"\n{heading}\n") + len(heading) + 2
    following = re.search(rf"^{level} ", text[start:], re.MULTILINE)
    return text[start:start + following.start()] if following else text[start:]


def readme_table():
    """(code, anchor, title) of each row of README's table of codes, in order."""
    return [TABLE_ROW.match(line).groups() for line in section(README, "## Codes").splitlines()
            if TABLE_ROW.match(line)]


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as ``-``."""
    words = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return "#" + words.replace(" ", "-")


def readme_rule_headings():
    return [line[len("### "):] for line in section(README, "## Rules").splitlines()
            if line.startswith("### ")]


def template_pattern(template: str) -> re.Pattern:
    """The template as a regular expression: each placeholder any text."""
    parts = [re.escape(literal) + (".+" if field is not None else "")
             for literal, field, _, _ in string.Formatter().parse(template)]
    return re.compile("".join(parts))


def test_readme_lists_the_catalogue_in_its_order():
    assert [code for code, _, _ in readme_table()] == [rule.code for rule in RULES]


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_readme_row_has_the_catalogue_title_and_anchor(rule):
    rows = {code: (anchor, title) for code, anchor, title in readme_table()}
    assert rows[rule.code] == (rule.anchor, rule.title)


def test_every_anchor_has_its_section_in_readme():
    anchors = {github_anchor(heading) for heading in readme_rule_headings()}
    missing = [rule.code for rule in RULES if rule.anchor not in anchors]
    assert not missing, f"no README section under ## Rules for {missing}"


def test_readme_documents_no_code_the_catalogue_lacks():
    assert readme_rule_headings() == [rule.code for rule in RULES]


def test_codes_are_unique_and_well_formed():
    codes = [rule.code for rule in RULES]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"LST\d{3}", code) for code in codes), codes
    assert list(CATALOGUE) == codes and all(CATALOGUE[rule.code] is rule for rule in RULES)


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_each_family_is_a_rules_module(rule):
    assert rule.family in FAMILIES
    assert (RULES_PACKAGE / f"{rule.family}.py").is_file(), rule.family


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_template_is_one_line_with_named_placeholders(rule):
    fields = [(field, spec, conversion)
              for _, field, spec, conversion in string.Formatter().parse(rule.template)
              if field is not None]
    assert "\n" not in rule.template and rule.template == rule.template.strip()
    assert fields, "a template without placeholders says nothing about what varies"
    for field, spec, conversion in fields:
        assert field.isidentifier() and not spec and conversion is None, field


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_template_fits_readmes_example_message(rule):
    """The first example message of the code's README section has the template's words."""
    examples = re.findall(rf"^`{rule.code} (.*)`$", section(README, f"### {rule.code}"), re.MULTILINE)
    assert examples, f"README's section on {rule.code} shows no message"
    assert template_pattern(rule.template).fullmatch(examples[0]), examples[0]


@pytest.fixture(scope="module")
def fixture_messages():
    """code -> every message the shipped fixtures get, linted in this process."""
    messages = {}
    for path in sorted((ROOT / "fixtures").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        ctx = analyze(ast.parse(text), text.splitlines(keepends=True), str(path))
        for finding in ctx.findings.values():
            messages.setdefault(finding.code, []).append(finding.message)
    return messages


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_template_fits_a_message_the_rule_really_writes(rule, fixture_messages):
    pattern = template_pattern(rule.template)
    written = fixture_messages.get(rule.code, [])
    assert written, f"no fixture gets {rule.code}"
    assert any(pattern.fullmatch(message) for message in written), written[:3]


# -- each code's documentation: one text for README and ``lstm-shapes rule`` -------------------

DOCS = RULES_PACKAGE / "docs"


def test_every_code_has_its_documentation_file_and_no_other():
    assert sorted(path.stem for path in DOCS.glob("*")) == sorted(rule.code for rule in RULES)


def test_readmes_rules_section_is_the_documentation_files():
    """README shows what ``lstm-shapes rule`` prints: ``benchmarks/readme_rules.py --write`` fixes it."""
    assert section(README, "## Rules").strip("\n") == readme_rules().strip("\n")


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_documentation_says_why_and_shows_bad_good_and_message(rule):
    text = documentation(rule.code)
    assert text.startswith("**"), "a code's documentation opens with what it finds, in bold"
    assert re.search(r"^Why (Keras|it|NumPy) (fails|matters)", text, re.MULTILINE), "no 'Why ...'"
    example = re.search(r"^```python\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)
    assert example and "# bad" in example.group(1) and "# good" in example.group(1)
    assert re.search(rf"^Messages?:\n`{rule.code} ", text, re.MULTILINE)


def test_the_readme_generator_rewrites_only_the_rules_section():
    import readme_rules as generator
    stale = README.replace("\n### LST102\n", "\n### LST102\n\nAn edit made in README only.\n")
    rewritten = generator.with_rules(stale, readme_rules())
    assert stale != README and rewritten == README
