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
from typing import Any, Dict, Optional, Tuple

from .locations import line_reference
from .records import Entity, Record
from .shapes import Poly, Shape

_fresh = itertools.count()


def fresh_key(tag: str) -> tuple:
    """A key no other value shares: for results we cannot relate to anything."""
    return (tag, next(_fresh))


class Origin(Record):
    """Where a value got its shape: the line and a short text of the source."""

    __slots__ = FIELDS = ("line", "text", "file")

    def __init__(self, line: int, text: str, file: Optional[str] = None):
        self.line = line
        self.text = text
        self.file = file                # another module of the project

    def describe(self) -> str:
        where = line_reference(self.line, self.file)
        return f"{where}: {self.text}" if self.text else where


class Value(Record):
    """Base of all abstract values."""

    __slots__ = ()


class Unknown(Value):
    __slots__ = FIELDS = ("key", "name")
    UNCOMPARED = frozenset({"name"})

    def __init__(self, key: tuple, name: str = "?"):
        self.key = key
        self.name = name


def unknown(name: str = "?") -> Unknown:
    return Unknown(fresh_key("unknown"), name)


class Int(Value):
    """An integer, known (``Poly.const``) or symbolic.

    ``numpy`` is True only where the int is known to be a NumPy scalar
    (``np.max(labels) + 1``, ``np.int64(n)``): Keras 3 refuses those for
    ``units`` and other sizes it checks with ``isinstance(x, int)``.  False
    means a Python int or not known: nothing is said of it.
    """

    __slots__ = FIELDS = ("poly", "numpy")

    def __init__(self, poly: Poly, numpy: bool = False):
        self.poly = poly
        self.numpy = numpy


def numpy_int(poly: Poly) -> Int:
    """An int known to be a NumPy integer scalar."""
    return Int(poly, numpy=True)


def python_int(v: Int) -> Int:
    """``int(x)`` of an int: the same number as a Python int."""
    return Int(v.poly) if v.numpy else v


def is_numpy_int(v: Optional[Value]) -> bool:
    return isinstance(v, Int) and v.numpy


class Float(Value):
    """A float; ``value`` is None when it is a float of unknown size (``n / 2``)."""

    __slots__ = FIELDS = ("value",)

    def __init__(self, value: Optional[float] = None):
        self.value = value


class Const(Value):
    """Any other Python constant: str, bool, None, bytes, complex, Ellipsis."""

    __slots__ = FIELDS = ("value",)

    def __init__(self, value: Any):
        self.value = value


class Seq(Value):
    """A tuple or list literal of known length."""

    __slots__ = FIELDS = ("items", "kind", "origin")
    UNCOMPARED = frozenset({"origin"})

    def __init__(self, items: Tuple[Value, ...], kind: str = "tuple",
                 origin: Optional[Origin] = None):
        self.items = items
        self.kind = kind                # "tuple" | "list"
        self.origin = origin


class Mapping(Value):
    """A dict literal whose keys are all known strings (``{"a": Xa, "b": Xb}``):
    what a model with named inputs reads as one array per input name.  Any
    other dict is unknown.  The interpreter rebinds it when an item is set,
    and forgets it when a method may change it."""

    __slots__ = FIELDS = ("keys", "values")

    def __init__(self, keys: Tuple[str, ...], values: Tuple[Value, ...]):
        self.keys = keys
        self.values = values

    def get(self, key: str) -> Optional[Value]:
        return self.values[self.keys.index(key)] if key in self.keys else None

    def with_item(self, key: str, value: Value) -> "Mapping":
        """``d[key] = value``: a new mapping, the key added or its value replaced."""
        if key in self.keys:
            i = self.keys.index(key)
            return Mapping(self.keys, self.values[:i] + (value,) + self.values[i + 1:])
        return Mapping(self.keys + (key,), self.values + (value,))


class ListOf(Value):
    """A list of unknown length whose elements all look like ``elem``.

    Made by the sliding-window idiom (``X.append(seq[i:i + n])`` in a loop) and
    by comprehensions.  ``elem`` is None while nothing has been appended.
    """

    __slots__ = FIELDS = ("elem", "length", "origin")
    UNCOMPARED = frozenset({"origin"})

    def __init__(self, elem: Optional[Value], length: Poly, origin: Optional[Origin] = None):
        self.elem = elem
        self.length = length
        self.origin = origin


class Array(Value):
    """A NumPy array (or a pandas object, ``kind`` says which) of some shape.

    ``shape`` is None when the rank is unknown; ``key`` gives the symbols of an
    unknown-rank array's axes (``X.shape[1]``) their identity.  Kind "element"
    is one element of an unbatched tf.data dataset, as ``fit`` receives it.
    """

    __slots__ = FIELDS = ("shape", "origin", "key", "dtype", "kind", "one_hot")
    UNCOMPARED = frozenset({"origin"})

    def __init__(self, shape: Shape, origin: Optional[Origin] = None, key: Optional[tuple] = None,
                 dtype: Optional[str] = None, kind: str = "ndarray",
                 one_hot: Optional[Poly] = None):
        self.shape = shape
        self.origin = origin
        self.key = key if key is not None else fresh_key("array")
        self.dtype = dtype              # "int" | "float" | "bool" | None
        self.kind = kind                # "ndarray" | "dataframe" | "series" | "element"
        self.one_hot = one_hot          # number of classes, for to_categorical output

    @property
    def rank(self) -> Optional[int]:
        return None if self.shape is None else len(self.shape)

    def with_shape(self, shape: Shape, origin: Optional[Origin] = None, **kw) -> "Array":
        """A new array made from this one: its origin is where it is made, not
        where this one was (the interpreter stamps it)."""
        return Array(shape=shape, origin=origin, key=fresh_key("array"),
                     dtype=kw.get("dtype", self.dtype), kind=kw.get("kind", "ndarray"),
                     one_hot=kw.get("one_hot"))


class Ref(Value):
    """A module, class or function known by its qualified import name.

    ``from tensorflow import keras`` binds ``keras`` to ``Ref("tensorflow.keras")``;
    ``keras.layers.LSTM`` then evaluates to ``Ref("tensorflow.keras.layers.LSTM")``.
    """

    __slots__ = FIELDS = ("qualname",)

    def __init__(self, qualname: str):
        self.qualname = qualname

    def attr(self, name: str) -> "Ref":
        return Ref(f"{self.qualname}.{name}")


class Function(Value, Entity):
    """A function or lambda defined in the linted file."""

    __slots__ = FIELDS = ("node", "scope", "owner", "closure")

    def __init__(self, node: Any, scope: Any = None, owner: Any = None, closure: Any = None):
        self.node = node                # ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
        self.scope = scope              # its default values: (defaults, kw_defaults)
        self.owner = owner              # the interpreter of the module that defines it
        self.closure = closure          # the scope of the function it is defined in (None: the module)


class UserClass(Value, Entity):
    """A class of the linted file (not a ``keras.Model``): calling it makes an
    ``Instance`` and runs its ``__init__``."""

    __slots__ = FIELDS = ("name", "methods", "attrs")

    def __init__(self, name: str, methods: Any, attrs: Any):
        self.name = name
        self.methods = methods          # name -> Function, the plain methods written in the class body
        self.attrs = attrs              # name -> Value, the class body's simple assignments


class Instance(Value, Entity):
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


class Batches(Value, Entity):
    """What a data generator yields, batch after batch (``TimeseriesGenerator``,
    ``timeseries_dataset_from_array``): ``fit`` takes both x and y from it.
    ``x`` and ``y`` are the arrays as if all batches were stacked.

    ``element`` is one element of a tf.data dataset as its ``map`` function
    receives it: an ``Array`` or a tuple ``Seq`` of them, each with its shape
    per element (the batch axis included once batched); None when unknown.
    ``length`` is the exact number of elements, where known (the samples
    ``from_tensor_slices`` cuts, the ``size`` of a window of ``window``)."""

    __slots__ = FIELDS = ("x", "y", "unbatched", "element", "length")

    def __init__(self, x: Optional[Value], y: Optional[Value] = None, unbatched: bool = False,
                 element: Optional[Value] = None, length: Optional[Poly] = None):
        self.x = x
        self.y = y
        # tf.data before .batch(): each element is one sample, and Keras takes it for a batch
        self.unbatched = unbatched
        self.element = element
        self.length = length
