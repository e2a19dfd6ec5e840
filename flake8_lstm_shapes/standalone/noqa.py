"""``# noqa`` comments, read the way flake8 reads them.

So that one comment serves both faces:

- ``# noqa`` (any case of ``noqa``) silences every finding on its line;
- ``# noqa: LST101,LST2`` (``:`` right after ``noqa``, at most one whitespace
  after it; codes separated by commas and/or whitespace) silences the codes
  named and every code they are a prefix of.  The codes are matched as
  written: ``# noqa:lst101`` names a code no finding has, so it silences
  nothing (and, having codes, it is no blanket ``noqa`` either);
- a comment that does not fit the codes form (``# noqa : LST101``,
  ``# noqa:  LST101``) is a blanket ``noqa``;
- the comment is looked for in all the physical lines that the line's
  tokens span: a multi-line string carries a ``noqa`` written after it back
  to its first line (lines joined by brackets stay separate, as in flake8);
- a line that starts with ``# flake8: noqa`` (or ``flake8=noqa``) anywhere in
  the file makes the whole file silent.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import Dict, List, Optional

NOQA = re.compile(r"# noqa(?::\s?(?P<codes>(?:[A-Z]+[0-9]+[,\s]*)+))?", re.IGNORECASE)
FILE_NOQA = re.compile(r"\s*# flake8[:=]\s*noqa", re.IGNORECASE)
CODE_SEPARATORS = re.compile(r"[,\s]")


def file_is_silenced(lines: List[str]) -> bool:
    return any(FILE_NOQA.match(line) for line in lines)


def token_spans(lines: List[str]) -> Dict[int, str]:
    """Line number -> the text of the physical lines its tokens span, up to the next line end.

    Empty when the file cannot be tokenized (it cannot be parsed either, so
    nothing is found in it).
    """
    spans: Dict[int, str] = {}
    first, last = None, None
    try:
        for token in tokenize.generate_tokens(io.StringIO("".join(lines)).readline):
            if token.type in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            first = token.start[0] if first is None else min(first, token.start[0])
            last = token.end[0] if last is None else max(last, token.end[0])
            if token.type in (tokenize.NL, tokenize.NEWLINE):
                text = "".join(lines[first - 1:last])
                spans.update(dict.fromkeys(range(first, last + 1), text))
                first, last = None, None
    except (tokenize.TokenError, SyntaxError, ValueError):
        return {}
    return spans


def codes_of(comment: "re.Match[str]") -> Optional[List[str]]:
    """The codes a ``noqa`` names, None for a blanket one."""
    written = comment.group("codes")
    if written is None:
        return None
    return [code.strip() for code in CODE_SEPARATORS.split(written) if code.strip()]


def silences(text: str, code: str) -> bool:
    """Whether a ``noqa`` in ``text`` silences ``code``."""
    comment = NOQA.search(text)
    if comment is None:
        return False
    codes = codes_of(comment)
    return codes is None or code in codes or code.startswith(tuple(codes))


class Noqa:
    """The ``noqa`` comments of one file, the token spans worked out once, when needed."""

    def __init__(self, lines: List[str]):
        self.lines = lines
        self._spans: Optional[Dict[int, str]] = None

    def silenced(self, line: int, code: str) -> bool:
        if self._spans is None:
            self._spans = token_spans(self.lines)
        text = self._spans.get(line)
        if text is None:
            text = self.lines[line - 1] if 1 <= line <= len(self.lines) else ""
        return silences(text, code)
