"""Each code's documentation: what it finds, why Keras fails, a bad and a good example, the message.

The text of a code lives in one Markdown file, ``rules/docs/LST101.md``,
shipped as package data: an installed wheel has no README, and
``lstm-shapes rule`` must print the same words README shows.  README's
``## Rules`` section is these files, each under its code's heading, in the
catalogue's order (``python benchmarks/readme_rules.py --write`` rewrites
it; ``tests/test_catalogue.py`` fails when README and the files disagree).
"""

from __future__ import annotations

import re
from importlib import resources

from .catalogue import CATALOGUE, RULES

DOCS_FOLDER = "docs"
# README's links to its own sections, ``[Which Keras](#which-keras)``: a
# terminal cannot follow them, so the page names the README section instead
# (``"Which Keras" in README``).
README_LINK = re.compile(r"\[([^\]]+)\]\(#[^)]*\)")


def documentation(code: str) -> str:
    """The Markdown documentation of ``code`` (a catalogue code), ending with one newline."""
    rule = CATALOGUE[code]
    text = resources.files(__package__).joinpath(DOCS_FOLDER, f"{rule.code}.md")
    return text.read_text(encoding="utf-8").strip("\n") + "\n"


def readme_section(code: str) -> str:
    """The code's section as README has it under ``## Rules``."""
    return f"### {code}\n\n{documentation(code)}"


def readme_rules() -> str:
    """The body of README's ``## Rules`` section: every code's section, in the catalogue's order."""
    return "\n".join(readme_section(rule.code) for rule in RULES)


def terminal_page(code: str) -> str:
    """What ``lstm-shapes rule CODE`` prints: the code and its title, then its documentation."""
    rule = CATALOGUE[code]
    body = README_LINK.sub(r'"\1" in README', documentation(code))
    return f"{rule.code}: {rule.title}\n\n{body}"
