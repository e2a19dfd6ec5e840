"""Environments (name -> value for one scope) and how two of them join.

After an ``if`` whose branches disagree, or after a loop that may run any
number of times, a name holds one of several values.  ``join`` keeps what all
of them agree on and makes the rest unknown, so no rule fires on a guess.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Dict, Iterable, List, Optional

from ..core.shapes import Poly, Shape
from ..core.values import Array, Float, Int, ListOf, Seq, Unknown, Value, fresh_key, unknown


class Env:
    """The bindings of one scope; ``parent`` holds the module's globals.

    Attribute paths are names too (``self.model``); ``owners`` remembers
    which plain names have such paths, so rebinding ``self`` forgets
    ``self.model`` without scanning every name on every assignment.
    ``dirty`` holds the names bound since this environment was forked, so a
    join looks at what a branch changed, not at every name of the module.
    """

    __slots__ = ("vars", "parent", "owners", "dirty")

    def __init__(self, parent: Optional["Env"] = None, vars: Optional[Dict[str, Value]] = None):
        self.vars: Dict[str, Value] = dict(vars) if vars else {}
        self.parent = parent
        self.owners = {k.split(".", 1)[0] for k in self.vars if "." in k}
        self.dirty: set = set()

    def lookup(self, name: str) -> Optional[Value]:
        env: Optional[Env] = self
        while env is not None:
            value = env.vars.get(name)
            if value is not None:
                return value
            env = env.parent
        return None

    def bind(self, name: str, value: Value) -> None:
        self.dirty.add(name)
        if "." in name:
            self.owners.add(name.split(".", 1)[0])
        elif name in self.owners:
            # Rebinding `x` forgets what we knew of `x.attr`.
            self.owners.discard(name)
            prefix = name + "."
            for k in [k for k in self.vars if k.startswith(prefix)]:
                del self.vars[k]
                self.dirty.add(k)
        self.vars[name] = value

    def forget(self, name: str) -> None:
        self.dirty.add(name)
        self.vars.pop(name, None)

    def fork(self) -> "Env":
        env = Env(self.parent)
        env.vars = dict(self.vars)
        env.owners = set(self.owners)
        return env

    def replace_with(self, other: "Env") -> None:
        """Take over the bindings of ``other`` (after a join)."""
        self.vars = other.vars
        self.owners = set(other.owners)
        self.dirty |= other.dirty


def join_envs(envs: List[Env], base: Optional[Env] = None) -> Env:
    """The environment after control flow merges.

    With ``base``, every env in ``envs`` is a fork of it and only the names
    some fork rebound are joined; the others are base's, unchanged.  A name
    bound on only some paths keeps the value it has there: using it on the
    other paths would be a NameError, which is not ours to report.
    """
    if len(envs) == 1:
        return envs[0]
    if base is None:
        names = {}
        for env in envs:
            names.update(dict.fromkeys(env.vars))
        joined = {}
    else:
        names = set()
        for env in envs:
            names |= env.dirty
        joined = dict(base.vars)
    for name in names:
        values = [env.vars[name] for env in envs if name in env.vars]
        if values:
            joined[name] = join_values(values, name)
        else:
            joined.pop(name, None)
    out = Env(envs[0].parent)
    out.vars = joined
    out.owners = set().union(*(env.owners for env in envs))
    out.dirty = set(names)
    return out


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
        return Int(Poly.symbol(fresh_key("join"), name))
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
    if isinstance(a, (Seq, ListOf)) and isinstance(b, (Seq, ListOf)):
        items = _elems(a) + _elems(b)
        if all(isinstance(x, (Seq, ListOf)) and getattr(x, "kind", "list") == "list" for x in (a, b)):
            return ListOf(_join_elems(items, name), Poly.symbol(fresh_key("len"), f"len({name})"),
                          a.origin or b.origin)
    from ..keras.models import Sequential
    if isinstance(a, Sequential) and isinstance(b, Sequential):
        return join_sequential(a, b)
    return Unknown(fresh_key("join"), name)


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


def join_sequential(a, b):
    """Two versions of one Sequential model: keep the common prefix of layers.

    Past the point where they differ we no longer know the model, so its
    output becomes unknown and no rule fires on it.
    """
    common = 0
    for x, y in zip(a.layers, b.layers):
        if x is not y:
            break
        common += 1
    if common == len(a.layers) == len(b.layers) and a.out == b.out:
        return a
    layers = a.layers[:common] + (unknown("layer"),)
    return replace(a, layers=layers, out=None,
                   decl=a.decl if a.decl == b.decl else None,
                   loss=a.loss if a.loss == b.loss else None)
