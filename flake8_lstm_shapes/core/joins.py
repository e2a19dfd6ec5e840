"""What a name holds where control flow merges: the join of its values.

After an ``if`` whose branches disagree, or after a loop that may run any
number of times, a name holds one of several values.  ``join_values`` keeps
what all of them agree on and makes the rest unknown, so no rule fires on a
guess.

The values of this package's core (numbers, arrays, tuples and lists) are
joined here.  A value type of a higher stage joins itself: it defines
``join(self, other, name)``, returning the joined value or None when it has
nothing better than unknown (a Keras ``Sequential`` keeps the layers both
versions share).  So this module needs to know no Keras type.
"""

from __future__ import annotations

from typing import Iterable, List, Optional

from .shapes import Poly, Shape
from .values import Array, Float, Int, ListOf, Mapping, Seq, Unknown, Value, fresh_key


def join_values(values: Iterable[Value], name: str = "?") -> Value:
    values = list(values)
    first = values[0]
    if all(v is first for v in values[1:]):
        return first
    if all(v == first for v in values[1:]):
        return first
    result = first
    for v in values[1:]:
        result = _join2(result, v, name)
    return result


def _join2(a: Value, b: Value, name: str) -> Value:
    if a is b or a == b:
        return a
    if isinstance(a, Int) and isinstance(b, Int):
        if a.poly == b.poly:
            # the same number, a NumPy scalar on one path only: not known NumPy
            return Int(a.poly, numpy=a.numpy and b.numpy)
        return Int(Poly.symbol(fresh_key("join"), name), numpy=a.numpy and b.numpy)
    if isinstance(a, Float) and isinstance(b, Float):
        return Float(None)
    if isinstance(a, Array) and isinstance(b, Array):
        return Array(join_shapes(a.shape, b.shape, name), a.origin if a.origin == b.origin else None,
                     dtype=a.dtype if a.dtype == b.dtype else None,
                     kind=a.kind if a.kind == b.kind else "ndarray",
                     one_hot=a.one_hot if a.one_hot == b.one_hot else None)
    if isinstance(a, Seq) and isinstance(b, Seq) and a.kind == b.kind:
        if len(a.items) == len(b.items):
            return Seq(tuple(_join2(x, y, name) for x, y in zip(a.items, b.items)), a.kind)
        if a.kind == "list":
            # A list grown by append on some paths: its length is unknown, its
            # elements are what all of them have in common.
            return ListOf(_join_elems(list(a.items) + list(b.items), name),
                          Poly.symbol(fresh_key("len"), f"len({name})"), a.origin or b.origin)
    if isinstance(a, Mapping) and isinstance(b, Mapping) and set(a.keys) == set(b.keys):
        # the same keys on every path: each key's value is what the paths share
        return Mapping(a.keys, tuple(_join2(a.get(k), b.get(k), f"{name}[{k!r}]") for k in a.keys))
    if isinstance(a, (Seq, ListOf)) and isinstance(b, (Seq, ListOf)):
        items = _elems(a) + _elems(b)
        if all(isinstance(x, (Seq, ListOf)) and getattr(x, "kind", "list") == "list" for x in (a, b)):
            return ListOf(_join_elems(items, name), Poly.symbol(fresh_key("len"), f"len({name})"),
                          a.origin or b.origin)
    joined = _join_own(a, b, name)
    if joined is not None:
        return joined
    return Unknown(fresh_key("join"), name)


def _join_own(a: Value, b: Value, name: str) -> Optional[Value]:
    """Two values of one type that knows how to join itself, joined by it."""
    join = getattr(type(a), "join", None)
    if join is None or type(a) is not type(b):
        return None
    return join(a, b, name)


def _elems(v: Value) -> List[Value]:
    if isinstance(v, Seq):
        return list(v.items)
    if isinstance(v, ListOf) and v.elem is not None:
        return [v.elem]
    return []


def _join_elems(items: List[Value], name: str) -> Optional[Value]:
    if not items:
        return None
    return join_values(items, f"{name}[i]")


def join_shapes(a: Shape, b: Shape, name: str) -> Shape:
    if a is None or b is None or len(a) != len(b):
        return None
    out = []
    for i, (x, y) in enumerate(zip(a, b)):
        if x == y:
            out.append(x)
        elif x is None or y is None:
            out.append(None)
        else:
            out.append(Poly.symbol(fresh_key("join"), f"{name}.shape[{i}]"))
    return tuple(out)
