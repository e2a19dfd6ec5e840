"""What every layer family builds on: a layer call's arguments and their
readers, the registry of layer specs with ``register``, and the ``Layer``
value a ``LSTM(32)`` call makes.

The ``Layer`` value lives here, beside the registry it looks itself up in, so
that the family modules (a wrapper holds a layer, an RNN holds cells) need
nothing from the models above them.
"""

from __future__ import annotations

import ast
from types import ModuleType
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from ...core import stage
from ...core.locations import line_reference
from ...core.records import Entity, Record
from ...core.shapes import Dim, Poly, Shape, const
from ...core.values import Const, Int, Seq, Unknown, Value, to_poly
from .names import FAMILIES

Output = Union[Shape, List[Shape], None]


class LayerShapeError(Exception):
    """Keras would raise while building the layer on this input."""


# How a window (a kernel, a pool) that does not fit its input ends its message: the
# rules tell this collapse from other refusals by it (``rules.stack``).
NO_ROOM = "the output would have no steps"


class LayerArgs:
    """A layer call's arguments, by parameter name.

    ``open_ended`` is set when the call has ``*args`` or ``**kwargs``: then an
    argument that is not written out may still be given, so it is unknown
    rather than its default.
    """

    __slots__ = ("values", "nodes", "open_ended")

    def __init__(self, values: Optional[Dict[str, Value]] = None,
                 nodes: Optional[Dict[str, object]] = None, open_ended: bool = False):
        self.values = values if values is not None else {}
        self.nodes = nodes if nodes is not None else {}     # name -> ast node to report on
        self.open_ended = open_ended

    def has(self, name: str) -> bool:
        return name in self.values

    def get(self, name: str) -> Optional[Value]:
        """The value, None when absent (and surely absent), Unknown when it may be set."""
        if name in self.values:
            return self.values[name]
        if self.open_ended:
            return Unknown(("open-arg", id(self), name), name)
        return None


# -- reading arguments --------------------------------------------------------
# Each reader returns the default when the argument is absent and None when its
# value is unknown: callers treat None as "cannot tell".

def read_dim(args: LayerArgs, name: str, default: Optional[int] = None) -> Optional[Poly]:
    v = args.get(name)
    if v is None:
        return None if default is None else const(default)
    return value_to_dim(v)


def value_to_dim(v: Value) -> Optional[Poly]:
    return to_poly(v)


def read_bool(args: LayerArgs, name: str, default: bool = False) -> Optional[bool]:
    v = args.get(name)
    if v is None:
        return default
    if isinstance(v, Const) and isinstance(v.value, bool):
        return v.value
    if isinstance(v, Int) and v.poly.value in (0, 1):
        return bool(v.poly.value)
    return None


def read_str(args: LayerArgs, name: str, default: Optional[str]) -> Union[str, None, type(...)]:
    """The string; ``None`` when the argument is the constant None; ``...`` when unknown."""
    v = args.get(name)
    if v is None:
        return default
    if isinstance(v, Const) and (isinstance(v.value, str) or v.value is None):
        return v.value.lower() if isinstance(v.value, str) else None
    return ...


def read_dims(args: LayerArgs, name: str, n: int, default: Optional[int]) -> Optional[Tuple[Poly, ...]]:
    """An int or a tuple of n ints (kernel_size, strides, pool_size)."""
    v = args.get(name)
    if v is None:
        return None if default is None else (const(default),) * n
    if isinstance(v, Const) and v.value is None:
        return None
    if isinstance(v, Seq):
        dims = tuple(value_to_dim(x) for x in v.items)
        if len(dims) == n and all(d is not None for d in dims):
            return dims
        return None
    d = value_to_dim(v)
    return None if d is None else (d,) * n


def units_of(args: LayerArgs) -> Optional[Poly]:
    units = read_dim(args, "units")
    if units is None and args.has("output_dim"):      # Keras 1 spelling of units
        units = read_dim(args, "output_dim")
    return units


# -- the registry ---------------------------------------------------------------

class LayerSpec(Record):
    __slots__ = FIELDS = ("name", "params", "min_rank", "max_rank", "output", "recurrent",
                          "identity", "wrapper", "max_rank_keras3")

    def __init__(self, name: str, params: Tuple[str, ...], min_rank: Optional[int],
                 max_rank: Optional[int],
                 output: Callable[["LayerArgs", Tuple[Dim, ...], "Registry"], Output],
                 recurrent: bool = False, identity: bool = False, wrapper: bool = False,
                 max_rank_keras3: Optional[int] = None):
        self.name = name
        self.params = params            # positional parameter names, in order
        self.min_rank = min_rank        # accepted input ranks, batch axis included
        self.max_rank = max_rank
        self.output = output
        self.recurrent = recurrent      # LSTM, GRU, SimpleRNN, RNN, ConvLSTM, CuDNN*
        self.identity = identity        # shape-preserving (Dropout, Masking, ...)
        self.wrapper = wrapper          # Bidirectional, TimeDistributed: args["layer"]
        self.max_rank_keras3 = max_rank_keras3  # Keras 3 convolutions take exactly rank + 2 axes

    def rank_problem(self, shape: Tuple[Dim, ...], keras_version: int = 3) -> Optional[str]:
        """Keras's InputSpec check: a description of the mismatch, or None."""
        rank = len(shape)
        if keras_version == 3 and self.max_rank_keras3 is not None and rank > self.max_rank_keras3:
            return (f"Keras 3 convolutions take exactly {self.max_rank_keras3} dimensions, "
                    f"found ndim={rank}")
        if self.min_rank is not None and self.min_rank == self.max_rank and rank != self.min_rank:
            return f"expected ndim={self.min_rank}, found ndim={rank}"
        if self.min_rank is not None and rank < self.min_rank:
            return f"expected min_ndim={self.min_rank}, found ndim={rank}"
        if self.max_rank is not None and rank > self.max_rank:
            return f"expected max_ndim={self.max_rank}, found ndim={rank}"
        return None


class Registry:
    """Layer specs by name, each family module imported the first time one
    of its layers is looked up (``names.FAMILIES`` says which module that
    is): a file pays only for the families it uses.  A family fills the
    registry through ``register`` when it is imported.

    ``name in registry`` and iteration answer from the names alone, without
    importing anything."""

    __slots__ = ("specs", "family_of")

    def __init__(self, families: Dict[str, Tuple[str, ...]]):
        self.specs: Dict[str, LayerSpec] = {}
        self.family_of = {name: family for family, names in families.items() for name in names}

    def __contains__(self, name: object) -> bool:
        return name in self.family_of

    def __iter__(self) -> Iterator[str]:
        return iter(self.family_of)

    def __len__(self) -> int:
        return len(self.family_of)

    def get(self, name: str, default: Optional[LayerSpec] = None) -> Optional[LayerSpec]:
        spec = self.specs.get(name)
        if spec is None and name in self.family_of:
            family(self.family_of[name])
            spec = self.specs.get(name)
        return spec if spec is not None else default

    def __getitem__(self, name: str) -> LayerSpec:
        spec = self.get(name)
        if spec is None:
            raise KeyError(name)
        return spec

    def items(self) -> Iterator[Tuple[str, LayerSpec]]:
        """Every entry, every family imported (for tests and tables, not for a lint)."""
        for name in self.family_of:
            yield name, self[name]


def family(name: str) -> ModuleType:
    """The family module ``name`` of this package, imported on first use."""
    return stage(f"keras.layers.{name}")


REGISTRY = Registry(FAMILIES)


def register(name: str, params: Sequence[str], rank: Tuple[Optional[int], Optional[int]],
             *, recurrent: bool = False, identity: bool = False, wrapper: bool = False,
             aliases: Sequence[str] = (), max_rank_keras3: Optional[int] = None):
    def deco(fn):
        spec = LayerSpec(name, tuple(params), rank[0], rank[1], fn,
                         recurrent=recurrent, identity=identity, wrapper=wrapper,
                         max_rank_keras3=max_rank_keras3)
        for n in (name, *aliases):
            REGISTRY.specs[n] = spec
        return fn
    return deco


def opaque_length(length: Poly, what: str) -> Poly:
    """A spatial length we cannot compute, but the same each time for the same input."""
    return Poly.symbol((what, length), f"{what}({length})")


# -- the layer value ----------------------------------------------------------------

def where(node) -> str:
    """``line 12``, or ``data.py line 12`` for a node of another module of the project."""
    return line_reference(getattr(node, "lineno", "?"), getattr(node, "lst_file", None))


class Layer(Value, Entity):
    """A layer instance: its class name, its arguments and where it was made."""

    __slots__ = FIELDS = ("kind", "args", "node", "decl", "built")

    def __init__(self, kind: str, args: LayerArgs, node: ast.Call, decl: Optional[object] = None,
                 built: Optional[Tuple] = None):
        self.kind = kind
        self.args = args
        self.node = node
        self.decl = decl        # the InputDecl it declares (keras.declarations), read once
        self.built = built      # the input shape a model built it on (``model.layers[-1]``)

    @property
    def spec(self) -> Optional[LayerSpec]:
        return REGISTRY.get(self.kind)

    @property
    def line(self) -> int:
        return self.node.lineno

    @property
    def recurrent(self) -> bool:
        spec = self.spec
        return spec is not None and spec.recurrent

    @property
    def identity(self) -> bool:
        spec = self.spec
        return spec is not None and spec.identity

    def inner(self) -> Optional["Layer"]:
        inner = self.args.get("layer")
        return inner if isinstance(inner, Layer) else None

    def returns_sequences(self) -> Optional[bool]:
        """For a recurrent layer: does it return the whole sequence?"""
        if self.kind == "Bidirectional":
            inner = self.inner()
            return inner.returns_sequences() if inner is not None else None
        return read_bool(self.args, "return_sequences")

    def output_shape(self, shape: Tuple, registry=REGISTRY):
        """The output for an input shape, without reporting (used by wrappers)."""
        spec = self.spec
        if spec is None or spec.rank_problem(shape):
            return None
        try:
            return spec.output(self.args, tuple(shape), registry)
        except LayerShapeError:
            return None

    @property
    def where(self) -> str:
        return where(self.node)

    def describe(self) -> str:
        return f"{self.kind} ({self.where})"


def stateful_layer(layer: Layer) -> bool:
    """``stateful=True`` on a recurrent layer, or on the one a Bidirectional wraps."""
    if layer.kind == "Bidirectional" and layer.inner() is not None:
        return stateful_layer(layer.inner())
    return layer.recurrent and read_bool(layer.args, "stateful") is True
