"""Environments: name -> value for one scope, chained as Python chains scopes.

A function's body sees its own names, then those of the functions around it
(closures), then the module's globals; builtins come last (``expressions``).
A class body is no link of that chain: its methods do not see it.  What is
known of each function's names before it runs (``bindings.Scope``) decides
where a read stops and where ``global``/``nonlocal`` send a write.

After an ``if`` whose branches disagree, or after a loop that may run any
number of times, a name holds one of several values.  ``join_envs`` keeps
what all of them agree on and makes the rest unknown, so no rule fires on a
guess.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from ..core.joins import join_values
from ..core.values import Unknown, Value
from .bindings import COMPREHENSION_KIND, FUNCTION_KIND, Scope


class Env:
    """The bindings of one scope, and ``parent``, the scope around it.

    ``scope`` is None for a module's globals (and a class body), whose reads
    go on to ``parent`` when a name is missing; a function's says which names
    are its own.  Attribute paths are names too (``self.model``); ``owners``
    remembers which plain names have such paths, so rebinding ``self``
    forgets ``self.model`` without scanning every name on every assignment.
    ``dirty`` holds the names bound since this environment was forked, so a
    join looks at what a branch changed, not at every name of the module.
    """

    __slots__ = ("vars", "parent", "owners", "dirty", "scope")

    def __init__(self, parent: Optional["Env"] = None, vars: Optional[Dict[str, Value]] = None,
                 scope: Optional[Scope] = None):
        self.vars: Dict[str, Value] = dict(vars) if vars else {}
        self.parent = parent
        self.owners = {k.split(".", 1)[0] for k in self.vars if "." in k}
        self.dirty: set = set()
        self.scope = scope

    def lookup(self, name: str) -> Optional[Value]:
        """The value ``name`` has here, or None when nothing binds it."""
        scope = self.scope
        if scope is None or scope.kind == COMPREHENSION_KIND:
            value = self.vars.get(name)
            if value is not None or self.parent is None:
                return value
            return self.parent.lookup(name)
        root = name if "." not in name else name.split(".", 1)[0]
        if root in scope.shared:
            return guessed(name)        # an inner function may rebind it at any time
        value = self.vars.get(name)
        if value is not None or root in scope.local:
            return value                # unbound yet: Python's UnboundLocalError, not ours
        if root in scope.declared_global:
            return self.module().lookup(name)
        return self.parent.enclosed(name) if self.parent is not None else None

    def enclosed(self, name: str) -> Optional[Value]:
        """``name`` read from a function nested in this scope, when it runs.

        Its value then is the one this scope holds, late-bound, when this
        scope binds it in one place only; bound in several (or not yet), it
        is a guess, so unknown, as a module global is for a function run on
        its own."""
        scope = self.scope
        if scope is None or scope.kind != FUNCTION_KIND:
            return self.lookup(name)
        root = name if "." not in name else name.split(".", 1)[0]
        if root in scope.declared_global:
            return self.module().lookup(name)
        if root not in scope.local:
            return self.parent.enclosed(name) if self.parent is not None else None
        if not scope.bound_once(root):
            return guessed(name)
        value = self.vars.get(name)
        if value is None and root != name and self.vars.get(root) is not None:
            return None                 # ``x.attr``: the caller reads it from ``x``
        return value if value is not None else guessed(name)

    def module(self) -> "Env":
        """The module's globals as this scope sees them: the end of the chain."""
        env = self
        while env.scope is not None and env.parent is not None:
            env = env.parent
        return env

    def owner_of(self, name: str) -> "Env":
        """Where a write of ``name`` goes: here, or where ``global`` or
        ``nonlocal`` sends it."""
        scope = self.scope
        if scope is None or not scope.redirects:
            return self
        root = name if "." not in name else name.split(".", 1)[0]
        if root in scope.declared_global:
            return self.module()
        if root in scope.declared_nonlocal:
            env = self.parent
            while env is not None and env.scope is not None:
                if env.scope.kind == FUNCTION_KIND and root in env.scope.local:
                    return env
                env = env.parent
        return self

    def binding_scope(self) -> "Env":
        """Where a ``:=`` binds: a comprehension's enclosing scope."""
        env = self
        while env.scope is not None and env.scope.kind == COMPREHENSION_KIND and env.parent is not None:
            env = env.parent
        return env

    def bind(self, name: str, value: Value) -> None:
        if self.scope is not None and self.scope.redirects:
            owner = self.owner_of(name)
            if owner is not self:
                owner.bind(name, value)
                return
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
        env = Env(self.parent, scope=self.scope)
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
    out = Env(envs[0].parent, scope=envs[0].scope)
    out.vars = joined
    out.owners = set().union(*(env.owners for env in envs))
    out.dirty = set(names)
    return out


def guessed(name: str) -> Value:
    """A name whose value at this point only a guess would give: unknown,
    named as a free name is."""
    return Unknown(("free", name), name)
