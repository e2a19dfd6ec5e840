"""Environments (name -> value for one scope) and how two of them join.

After an ``if`` whose branches disagree, or after a loop that may run any
number of times, a name holds one of several values.  ``join`` keeps what all
of them agree on and makes the rest unknown, so no rule fires on a guess.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from ..core.joins import join_values
from ..core.values import Value


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
