"""``lstm-shapes rule LST101`` and ``lstm-shapes rule --all``: a code's documentation.

The words are README's (``rules.documentation`` holds them as package data),
so the command works from an installed wheel without the repository.  An
unknown code is a usage error: one line on stderr and exit status 2, as for
any other bad argument.
"""

from __future__ import annotations

import argparse
from typing import List, Sequence, TextIO

from .rules.catalogue import CATALOGUE, RULES
from .rules.documentation import terminal_page

USAGE_ERROR = 2


def requested_codes(args: argparse.Namespace) -> List[str]:
    """The codes asked for, upper-cased (``lst101`` is LST101); every code for ``--all``."""
    if args.all:
        return [rule.code for rule in RULES]
    return [code.upper() for code in args.codes]


def unknown_code_message(code: str) -> str:
    return (f"lstm-shapes rule: unknown code {code!r}; the codes are {RULES[0].code} to "
            f"{RULES[-1].code} ('lstm-shapes rule --all' prints them all)")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print each code's page, separated by a blank line; 2 on the first unknown code."""
    if bool(args.codes) == bool(args.all):
        print("lstm-shapes rule: name codes (lstm-shapes rule LST101) or pass --all, not both",
              file=err)
        return USAGE_ERROR
    codes: Sequence[str] = requested_codes(args)
    unknown = [code for code in codes if code not in CATALOGUE]
    if unknown:
        print(unknown_code_message(unknown[0]), file=err)
        return USAGE_ERROR
    out.write("\n".join(terminal_page(code) for code in codes))
    return 0
