"""``select``, ``ignore``, ``extend-select``, ``extend-ignore``: flake8's decision, for LST codes.

A code is chosen by prefix (``LST2`` chooses LST201 to LST206).  Without
``select``, every LST code is selected by default, as flake8 selects an
installed plugin's codes; ``select`` replaces that default and
``extend-select`` adds to whatever ``select`` is.  ``ignore`` and
``extend-ignore`` work the same way (flake8's default ignore list names no
LST code).  When a code is both selected and ignored, a list the user wrote
beats a default, and between two lists of the same standing the longer
matching prefix wins (``select = LST``, ``ignore = LST2``, ``extend-select =
LST203``: LST203 is reported, LST201 is not); a tie is ignored.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional, Sequence, Tuple

from ..core.records import Record

DEFAULT_SELECT = ("LST",)
DEFAULT_IGNORE: Tuple[str, ...] = ()

EXPLICIT, IMPLICIT, NONE = 2, 1, 0


def longest_first(codes: Sequence[str]) -> Tuple[str, ...]:
    return tuple(sorted(codes, reverse=True))


class Choice(Record):
    """One side (select or ignore): what the user wrote, and what holds with the default."""

    __slots__ = FIELDS = ("explicit", "effective")

    def __init__(self, explicit: Tuple[str, ...], effective: Tuple[str, ...]):
        self.explicit = explicit
        self.effective = effective

    @classmethod
    def of(cls, option: Optional[Sequence[str]], extend: Sequence[str],
           default: Sequence[str]) -> "Choice":
        written = list(option or []) + list(extend)
        effective = list(option) if option is not None else list(default)
        return cls(longest_first(written), longest_first(effective + list(extend)))

    def standing(self, code: str) -> int:
        if code.startswith(self.explicit):
            return EXPLICIT
        if code.startswith(self.effective):
            return IMPLICIT
        return NONE

    def longest_match(self, code: str) -> str:
        return max((prefix for prefix in self.effective if code.startswith(prefix)), key=len)


class Selection:
    """Whether a code is reported, decided once per code."""

    def __init__(self, select: Optional[Sequence[str]] = None, ignore: Optional[Sequence[str]] = None,
                 extend_select: Sequence[str] = (), extend_ignore: Sequence[str] = ()):
        self.selected = Choice.of(select, extend_select, DEFAULT_SELECT)
        self.ignored = Choice.of(ignore, extend_ignore, DEFAULT_IGNORE)
        self.reports = lru_cache(maxsize=None)(self._decide)

    def _decide(self, code: str) -> bool:
        selected, ignored = self.selected.standing(code), self.ignored.standing(code)
        if not selected:
            return False
        if not ignored:
            return True
        if selected != ignored:
            return selected > ignored
        return len(self.selected.longest_match(code)) > len(self.ignored.longest_match(code))
