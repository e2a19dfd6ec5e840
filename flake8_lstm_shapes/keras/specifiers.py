"""Version specifiers of Keras requirements: release numbers compared as
tuples, ``packaging`` for everything else.

Nearly every Keras requirement a project writes compares release numbers and
nothing more: ``tensorflow>=2.16``, ``keras==3.*``, ``tf-keras~=2.15.0``,
``tensorflow>=2.4,!=2.5,<2.16``.  PEP 440 defines those clauses on release
numbers alone, padded with zeros (``2.16 == 2.16.0``), and for a final
release, which is what the release table holds, that is exact.  Importing
``packaging.specifiers`` and ``packaging.version`` costs about 5 ms (they
compile large regular expressions), and an editor reads the project's
requirements again on every save: so those clauses are evaluated here, and
``packaging`` is imported only for a specifier that says more (pre-, post-,
dev- and local releases, epochs, ``===``, any spelling outside the plain
form), which it then decides whole, as it always has.

A version is a ``Release`` (a tuple of ints, a final release) or, once
``packaging`` is in play, its ``Version``.
"""

from __future__ import annotations

from typing import Iterator, Optional, Tuple, Union

Release = Tuple[int, ...]
OPERATORS = ("~=", "==", "!=", "<=", ">=", "<", ">")    # two-character ones first
WILDCARD = ".*"


class InvalidSpecifier(ValueError):
    """A specifier that neither the plain form nor ``packaging`` accepts."""


def release(text: str) -> Optional[Release]:
    """``2.16.1`` as (2, 16, 1); None for anything but dot-separated numbers."""
    parts = text.split(".")
    if not all(part.isdigit() and part.isascii() for part in parts):
        return None
    return tuple(int(part) for part in parts)


def release_key(numbers: Release) -> Release:
    """The release with its trailing zeros dropped: PEP 440 compares 2.16 and 2.16.0 equal."""
    end = len(numbers)
    while end > 1 and numbers[end - 1] == 0:
        end -= 1
    return numbers[:end]


def release_text(numbers: Release) -> str:
    return ".".join(str(number) for number in numbers)


class Clause:
    """One plain clause: ``>=2.16``, ``==3.*``, ``~=2.15.0``."""

    __slots__ = ("operator", "numbers", "wildcard")

    def __init__(self, operator: str, numbers: Release, wildcard: bool):
        self.operator = operator
        self.numbers = numbers
        self.wildcard = wildcard

    @property
    def version(self) -> str:
        """As written after the operator, the way ``packaging``'s ``Specifier.version`` says it."""
        return release_text(self.numbers) + (WILDCARD if self.wildcard else "")

    def contains(self, candidate: Release) -> bool:
        if self.operator == "~=":     # ~=2.15.0 is >=2.15.0 and ==2.15.*
            return release_key(candidate) >= release_key(self.numbers) and \
                starts_with(candidate, self.numbers[:-1])
        if self.wildcard:
            matched = starts_with(candidate, self.numbers)
            return matched if self.operator == "==" else not matched
        ours, theirs = release_key(candidate), release_key(self.numbers)
        return {"==": ours == theirs, "!=": ours != theirs, "<=": ours <= theirs,
                ">=": ours >= theirs, "<": ours < theirs, ">": ours > theirs}[self.operator]


def starts_with(candidate: Release, prefix: Release) -> bool:
    """``==2.16.*``: the candidate's release, padded with zeros, begins with the prefix."""
    padded = candidate + (0,) * (len(prefix) - len(candidate))
    return padded[:len(prefix)] == prefix


def plain_clause(text: str) -> Optional[Clause]:
    """A clause of release numbers only, or None when it says more (or is not valid)."""
    for operator in OPERATORS:
        if text.startswith(operator):
            break
    else:
        return None
    written = text[len(operator):].strip()
    if written.startswith("="):       # ===, or a typo: packaging decides
        return None
    wildcard = written.endswith(WILDCARD)
    numbers = release(written[:-len(WILDCARD)] if wildcard else written)
    if numbers is None or (wildcard and operator not in ("==", "!=")) or \
            (operator == "~=" and len(numbers) < 2):
        return None
    return Clause(operator, numbers, wildcard)


class PlainSpecifiers:
    """A specifier set of plain clauses only, evaluated without ``packaging``."""

    __slots__ = ("text", "clauses", "_packaging")

    def __init__(self, text: str, clauses: Tuple[Clause, ...]):
        self.text = text
        self.clauses = clauses
        self._packaging = None

    def __iter__(self) -> Iterator[Clause]:
        return iter(self.clauses)

    def __len__(self) -> int:
        return len(self.clauses)

    def __str__(self) -> str:
        return self.text

    def contains(self, candidate: Union[Release, object], prereleases: bool = True) -> bool:
        if isinstance(candidate, tuple):
            return all(clause.contains(candidate) for clause in self.clauses)
        # A packaging Version: another specifier of the package needed packaging.
        if self._packaging is None:
            self._packaging = packaging_set(self.text)
        return self._packaging.contains(candidate, prereleases=prereleases)


def specifier_set(text: str):
    """The specifier set ``text`` writes: a ``PlainSpecifiers`` when every
    clause is plain, else ``packaging``'s ``SpecifierSet``.  Raises
    ``InvalidSpecifier`` (a ``ValueError``) when neither accepts it."""
    pieces = [piece.strip() for piece in text.split(",")]
    clauses = [plain_clause(piece) for piece in pieces if piece]
    if all(clause is not None for clause in clauses):
        return PlainSpecifiers(text, tuple(clauses))
    return packaging_set(text)


def packaging_set(text: str):
    from packaging.specifiers import InvalidSpecifier as PackagingInvalid, SpecifierSet
    try:
        return SpecifierSet(text)
    except PackagingInvalid as error:
        raise InvalidSpecifier(str(error)) from error


def is_plain(specifiers: object) -> bool:
    return isinstance(specifiers, PlainSpecifiers)


def version_of(text: str):
    """A version a specifier names: a ``Release`` when it is release numbers
    only, else ``packaging``'s ``Version``.  Raises ``ValueError`` when it is
    not a version."""
    numbers = release(text)
    if numbers is not None:
        return numbers
    from packaging.version import Version
    return Version(text)        # InvalidVersion is a ValueError


def as_packaging_version(version):
    """A ``Release`` as ``packaging``'s ``Version`` (for a package some of
    whose specifiers need ``packaging``); a ``Version`` as it is."""
    if isinstance(version, tuple):
        from packaging.version import Version
        return Version(release_text(version))
    return version
