"""Keep README's ``## Rules`` section the same as the rules' own documentation.

Each code's documentation is ``flake8_lstm_shapes/rules/docs/LSTnnn.md``,
shipped with the package so that ``lstm-shapes rule`` can print it; README
shows the same text under ``### LSTnnn``.  Edit the file, then

    python benchmarks/readme_rules.py --write     # rewrite README's section
    python benchmarks/readme_rules.py             # exit 1 if README is out of date

``tests/test_catalogue.py`` runs the check.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flake8_lstm_shapes.rules.documentation import readme_rules  # noqa: E402

README = ROOT / "README.md"
HEADING, NEXT_HEADING = "\n## Rules\n\n", "\n## "


def rules_span(text: str) -> tuple:
    """(start, end) of the body of README's ``## Rules`` section, up to the next ``## ``."""
    start = text.index(HEADING) + len(HEADING)
    end = text.index(NEXT_HEADING, start)
    return start, end


def with_rules(text: str, rules: str) -> str:
    """README's text with the body of its ``## Rules`` section replaced by ``rules``."""
    start, end = rules_span(text)
    return text[:start] + rules + text[end:]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite README's section")
    args = parser.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    wanted = with_rules(text, readme_rules())
    if wanted == text:
        return 0
    if args.write:
        README.write_text(wanted, encoding="utf-8")
        print("README.md: ## Rules rewritten from flake8_lstm_shapes/rules/docs/")
        return 0
    print("README.md's ## Rules section differs from flake8_lstm_shapes/rules/docs/: "
          "run python benchmarks/readme_rules.py --write", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
