"""Small value classes that cost nothing to define.

A dataclass writes the source of its ``__init__``, ``__eq__``, ``__hash__``
and ``__repr__`` and compiles it when its module is imported.  The package
defines dozens of such classes, and an editor starts a new flake8 process on
every save: generating them was a large part of what the plugin cost there.
A ``Record`` names its fields once, in ``FIELDS`` (and ``__slots__``); its
subclass writes its ``__init__`` by hand, and comparison, hashing, ``repr``
and ``replace`` are done over the fields at run time.

Records are not frozen by force, but are treated as immutable: a changed
copy is made with ``replace``.
"""

from __future__ import annotations


class Record:
    __slots__ = ()
    FIELDS: tuple = ()          # in order: what repr shows and replace copies
    UNCOMPARED: frozenset = frozenset()   # fields == and hash leave out (where a value came from)

    def _compared(self) -> tuple:
        return tuple(getattr(self, name) for name in self.FIELDS if name not in self.UNCOMPARED)

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{type(self).__name__}({shown})"


class Entity(Record):
    """A record with an identity: two are equal only if they are the same
    object (a layer, a model, a function of the linted file)."""

    __slots__ = ()
    __eq__ = object.__eq__
    __hash__ = object.__hash__


def replace(record: Record, **changes) -> Record:
    """A copy of ``record`` with some fields changed, as ``dataclasses.replace``.

    The copy's fields are set directly: a record whose ``__init__`` derives
    more than its fields must not be copied this way.
    """
    unknown = set(changes) - set(record.FIELDS)
    if unknown:
        raise TypeError(f"{type(record).__name__} has no field {sorted(unknown)[0]!r}")
    copy = object.__new__(type(record))
    for name in record.FIELDS:
        object.__setattr__(copy, name, changes[name] if name in changes else getattr(record, name))
    return copy
