"""The abstract values the interpreter keeps for each name.

Every value is immutable: a method that "changes" one (``model.add``,
``X.append``) returns a new value that the interpreter binds to the receiver's
name.  That keeps branch joins and function calls simple and exact, and means
nothing here can be corrupted by the code being linted.

``Unknown`` is a value like any other.  It carries a key, so that dimensions
derived from the same unknown thing (``X.shape[1]`` twice, ``len(data)`` twice)
are the same symbol.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Tuple

from .locations import line_reference
from .shapes import Poly, Shape

_fresh = itertools.count()


def fresh_key(tag: str) -> tuple:
    """A key no other value shares: for results we cannot relate to anything."""
    return (tag, next(_fresh))


@dataclass(frozen=True)
class Origin:
    """Where a value got its shape: the line and a short text of the source."""

    line: int
    text: str
    file: Optional[str] = None       # another module of the project

    def describe(self) -> str:
        where = line_reference(self.line, self.file)
        return f"{where}: {self.text}" if self.text else where


class Value:
    """Base of all abstract values."""

    __slots__ = ()


@dataclass(frozen=True)
class Unknown(Value):
    key: tuple
    name: str = field(default="?", compare=False)


def unknown(name: str = "?") -> Unknown:
    return Unknown(fresh_key("unknown"), name)


@dataclass(frozen=True)
class Int(Value):
    """An integer, known (``Poly.const``) or symbolic."""

    poly: Poly


@dataclass(frozen=True)
class Float(Value):
    """A float; ``value`` is None when it is a float of unknown size (``n / 2``)."""

    value: Optional[float] = None


@dataclass(frozen=True)
class Const(Value):
    """Any other Python constant: str, bool, None, bytes, complex, Ellipsis."""

    value: Any


@dataclass(frozen=True)
class Seq(Value):
    """A tuple or list literal of known length."""

    items: Tuple[Value, ...]
    kind: str = "tuple"  # "tuple" | "list"
    origin: Optional[Origin] = field(default=None, compare=False)


@dataclass(frozen=True)
class ListOf(Value):
    """A list of unknown length whose elements all look like ``elem``.

    Made by the sliding-window idiom (``X.append(seq[i:i + n])`` in a loop) and
    by comprehensions.  ``elem`` is None while nothing has been appended.
    """

    elem: Optional[Value]
    length: Poly
    origin: Optional[Origin] = field(default=None, compare=False)


@dataclass(frozen=True)
class Array(Value):
    """A NumPy array (or a pandas object, ``kind`` says which) of some shape.

    ``shape`` is None when the rank is unknown; ``key`` gives the symbols of an
    unknown-rank array's axes (``X.shape[1]``) their identity.  Kind "element"
    is one element of an unbatched tf.data dataset, as ``fit`` receives it.
    """

    shape: Shape
    origin: Optional[Origin] = field(default=None, compare=False)
    key: tuple = field(default_factory=lambda: fresh_key("array"))
    dtype: Optional[str] = None      # "int" | "float" | "bool" | None
    kind: str = "ndarray"            # "ndarray" | "dataframe" | "series" | "element"
    one_hot: Optional[Poly] = None   # number of classes, for to_categorical output

    @property
    def rank(self) -> Optional[int]:
        return None if self.shape is None else len(self.shape)

    def with_shape(self, shape: Shape, origin: Optional[Origin] = None, **kw) -> "Array":
        """A new array made from this one: its origin is where it is made, not
        where this one was (the interpreter stamps it)."""
        return Array(shape=shape, origin=origin, key=fresh_key("array"),
                     dtype=kw.get("dtype", self.dtype), kind=kw.get("kind", "ndarray"),
                     one_hot=kw.get("one_hot"))


@dataclass(frozen=True)
class Ref(Value):
    """A module, class or function known by its qualified import name.

    ``from tensorflow import keras`` binds ``keras`` to ``Ref("tensorflow.keras")``;
    ``keras.layers.LSTM`` then evaluates to ``Ref("tensorflow.keras.layers.LSTM")``.
    """

    qualname: str

    def attr(self, name: str) -> "Ref":
        return Ref(f"{self.qualname}.{name}")


@dataclass(frozen=True, eq=False)
class Function(Value):
    """A function or lambda defined in the linted file."""

    node: Any           # ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
    scope: Any = None   # its default values: (defaults, kw_defaults)
    owner: Any = None   # the interpreter of the module that defines it
    closure: Any = None  # the scope of the function it is defined in (None: the module)


@dataclass(frozen=True, eq=False)
class UserClass(Value):
    """A class of the linted file (not a ``keras.Model``): calling it makes an
    ``Instance`` and runs its ``__init__``."""

    name: str
    methods: Any          # name -> Function, the plain methods written in the class body
    attrs: Any            # name -> Value, the class body's simple assignments


class Instance(Value):
    """An object of a ``UserClass``.  Its attributes are what its methods set
    on ``self``; each method called on it sees them (the last write wins)."""

    __slots__ = ("cls", "attrs")

    def __init__(self, cls: UserClass):
        self.cls = cls
        self.attrs: Dict[str, Value] = {}

    def attribute(self, name: str) -> Optional[Value]:
        found = self.attrs.get(name)
        return found if found is not None else self.cls.attrs.get(name)


def to_poly(v: Value) -> Optional[Poly]:
    """The value as an integer dimension: known, symbolic, or None if not an int.

    An unknown value used where an int belongs becomes a symbol named after it,
    so ``(n_steps, 1)`` and ``reshape(-1, n_steps, 1)`` agree.
    """
    if isinstance(v, Int):
        return v.poly
    if isinstance(v, Unknown):
        return Poly.symbol(("value",) + v.key, v.name)
    return None


@dataclass(frozen=True, eq=False)
class Batches(Value):
    """What a data generator yields, batch after batch (``TimeseriesGenerator``,
    ``timeseries_dataset_from_array``): ``fit`` takes both x and y from it.
    ``x`` and ``y`` are the arrays as if all batches were stacked."""

    x: Optional[Value]
    y: Optional[Value] = None
    # tf.data before .batch(): each element is one sample, and Keras takes it for a batch
    unbatched: bool = False
