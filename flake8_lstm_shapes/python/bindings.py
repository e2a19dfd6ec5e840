"""Which names a scope binds, read from the tree alone.

The interpreter runs a function on its own with the module's globals only
where the module binds a name once: a name bound twice has, at call time, a
value we can only guess.  The same holds for an inner function reading its
enclosing function's names.  ``function_scope`` gives what Python's compiler
decides for a ``def`` before it runs: which names are its own, which its
``global`` and ``nonlocal`` statements send to another scope, and whether
its body yields (``is_generator``).
"""

from __future__ import annotations

import ast
from typing import Dict, FrozenSet, Iterator, List, Optional, Set, Tuple

from .syntax import all_params, dotted_name


def count_module_bindings(tree: ast.Module) -> Dict[str, int]:
    """How many statements bind each name at module level (outside functions)."""
    counts: Dict[str, int] = {}

    def add(name):
        counts[name] = counts.get(name, 0) + 1

    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            add(node.name)
            continue
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor,
                             ast.With, ast.AsyncWith, ast.NamedExpr)):
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor, ast.NamedExpr)):
                targets = [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Name):
                        add(sub.id)
                    elif isinstance(sub, ast.Attribute) and dotted_name(sub):
                        add(dotted_name(sub).split(".", 1)[0])
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) \
                and isinstance(node.value.func, ast.Attribute):
            # model.add(...), X.append(...): the receiver changes
            base = dotted_name(node.value.func.value)
            if base:
                add(base.split(".", 1)[0])
                add(base.split(".", 1)[0])
        for name in STATEMENT_FIELDS:          # statements only: no need to visit expressions
            children = getattr(node, name, None)
            if children:
                stack.extend(c for c in children if isinstance(c, ast.stmt))
        for handler in getattr(node, "handlers", ()) or ():
            stack.extend(handler.body)
        for case in getattr(node, "cases", ()) or ():
            stack.extend(case.body)
    return counts


STATEMENT_FIELDS = ("body", "orelse", "finalbody")


# -- the scope of a function, read before it runs --------------------------------------------

FUNCTION_KIND = "function"
COMPREHENSION_KIND = "comprehension"
NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
# Where a statement keeps its targets and the statements inside it.
STATEMENT_BINDING_FIELDS = ("targets", "target", "items", "handlers", "cases", "body", "orelse",
                            "finalbody")


class Scope:
    """What Python's compiler knows of one scope before it runs.

    ``local`` are the names the scope binds (so a read of one of them never
    reaches an enclosing scope), ``declared_global`` and ``declared_nonlocal``
    the names its ``global``/``nonlocal`` statements send elsewhere.
    ``counts`` says how many places bind each local name: an inner function
    that reads a name its enclosing function binds more than once cannot
    know which value it sees when it runs.  ``shared`` are the locals a
    nested function rebinds through ``nonlocal``: their value may change
    behind the scope's back.  ``nested_globals`` are the names nested
    functions declare ``global``.  ``redirects``: a ``global`` or ``nonlocal``
    statement sends some write elsewhere.

    A plain class, not a dataclass: generating a dataclass's methods costs
    time at every start, and nothing here needs them.
    """

    __slots__ = ("kind", "node", "local", "declared_global", "declared_nonlocal", "counts", "shared",
                 "nested_globals", "redirects")

    def __init__(self, kind: str, node: Optional[ast.AST] = None, local: FrozenSet[str] = frozenset(),
                 declared_global: FrozenSet[str] = frozenset(),
                 declared_nonlocal: FrozenSet[str] = frozenset(), counts: Optional[Dict[str, int]] = None,
                 shared: FrozenSet[str] = frozenset(), nested_globals: FrozenSet[str] = frozenset()):
        self.kind, self.node, self.local = kind, node, local
        self.declared_global, self.declared_nonlocal = declared_global, declared_nonlocal
        self.counts = counts if counts is not None else {}
        self.shared, self.nested_globals = shared, nested_globals
        self.redirects = bool(declared_global or declared_nonlocal)

    def bound_once(self, name: str) -> bool:
        return self.counts.get(name, 0) <= 1 and name not in self.shared


COMPREHENSION = Scope(COMPREHENSION_KIND)


def function_scope(node, walrus: bool = True) -> Scope:
    """The scope of a ``def``: its parameters and every name its body binds,
    the bodies of nested functions and classes and the targets of
    comprehensions excepted (those are scopes of their own).  ``walrus``
    False says the body holds no ``:=``, so its expressions bind nothing."""
    counts: Dict[str, int] = {}
    for param in all_params(node):
        counts[param.arg] = counts.get(param.arg, 0) + 1
    declared_global: Set[str] = set()
    declared_nonlocal: Set[str] = set()
    nested: List[ast.AST] = []
    changed: List[str] = []
    body = [node.body] if isinstance(node, ast.Lambda) else node.body    # a lambda's one expression
    for kind, name in own_bindings(body, nested, walrus):
        if kind == "global":
            declared_global.add(name)
        elif kind == "nonlocal":
            declared_nonlocal.add(name)
        elif kind == "changed":
            changed.append(name)
        else:
            counts[name] = counts.get(name, 0) + 1
    local = frozenset(counts) - declared_global - declared_nonlocal
    for name in changed:              # a change of a local only: ``np.save(...)`` binds no ``np``
        if name in local:
            counts[name] += 2
    inner_nonlocal, inner_global = declarations_below(nested)
    return Scope(FUNCTION_KIND, node, local, frozenset(declared_global),
                 frozenset(declared_nonlocal), counts, frozenset(inner_nonlocal & local),
                 frozenset(inner_global))


def own_bindings(body: List[ast.stmt], nested: List[ast.AST],
                 walrus: bool = True) -> List[Tuple[str, str]]:
    """("bound", name) for each place the scope binds a name, and ("global" |
    "nonlocal", name) for its declarations.  A method call made as a
    statement (``model.add(...)``) gives ("changed", its receiver): where the
    receiver is a local, that counts as two bindings, as
    ``count_module_bindings`` counts it.  Without ``walrus`` (the body's text
    holds no ``:=``) only statements and their targets are visited.

    It runs once for every function of every linted file, so it is a plain
    loop over node types rather than a walk that asks each node everything."""
    found: List[Tuple[str, str]] = []
    stack: List[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind in NESTED_SCOPE_TYPES:
            found.append(("bound", node.name))
            nested.append(node)
            continue
        if kind is ast.Lambda:
            continue
        if kind in COMPREHENSION_TYPES:
            stack.extend(comprehension_parts(node))
            continue
        if kind in BINDING_TYPES:
            found.extend(node_bindings(node))
        elif kind is ast.Expr and type(node.value) is ast.Call and type(node.value.func) is ast.Attribute:
            base = dotted_name(node.value.func.value)
            if base:
                found.append(("changed", base.split(".", 1)[0]))
        stack.extend(ast.iter_child_nodes(node) if walrus else binding_children(node))
    return found


def binding_children(node: ast.AST) -> List[ast.AST]:
    """The children of a node where a name may be bound, ``:=`` aside: a
    statement's targets and inner statements, not its expressions (walking
    every expression of every function would cost more than running it)."""
    kind = type(node)
    fields = CHILD_FIELDS.get(kind)
    if fields is None:
        fields = CHILD_FIELDS[kind] = binding_fields(kind)
    if fields is ALL_CHILDREN:
        return list(ast.iter_child_nodes(node))
    children: List[ast.AST] = []
    for name in fields:
        value = getattr(node, name)
        if type(value) is list:
            children.extend(value)
        elif value is not None:
            children.append(value)
    return children


def binding_fields(kind: type) -> Tuple[str, ...]:
    """Where, in a node of this type, a name may be bound (without ``:=``)."""
    if issubclass(kind, ast.stmt):
        return tuple(name for name in STATEMENT_BINDING_FIELDS if name in kind._fields)
    if kind in (ast.Name, ast.Attribute, ast.Subscript):
        return ()              # a target itself: what it holds is read, never bound
    return {ast.withitem: ("optional_vars",), ast.match_case: ("pattern", "body"),
            ast.ExceptHandler: ("body",)}.get(kind, ALL_CHILDREN)


ALL_CHILDREN = ("*",)         # a target or a pattern (small): every child
CHILD_FIELDS: Dict[type, Tuple[str, ...]] = {}     # a node type -> binding_fields(type)


# The node types that bind or declare a name by themselves (node_bindings).
BINDING_TYPES = frozenset({ast.Name, ast.Attribute, ast.Import, ast.ImportFrom, ast.Global, ast.Nonlocal,
                           ast.ExceptHandler, ast.MatchAs, ast.MatchStar, ast.MatchMapping})
NESTED_SCOPE_TYPES = frozenset(NESTED_SCOPES)
COMPREHENSION_TYPES = frozenset(COMPREHENSIONS)


def node_bindings(node: ast.AST) -> Iterator[Tuple[str, str]]:
    """The names one node binds or declares, by itself."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
        yield "bound", node.id
    elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and dotted_name(node):
        yield "changed", dotted_name(node).split(".", 1)[0]     # ``self.x = ...``: no new local
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        for alias in node.names:
            if alias.name != "*":
                yield "bound", alias.asname or alias.name.split(".", 1)[0]
    elif isinstance(node, ast.Global):
        yield from (("global", name) for name in node.names)
    elif isinstance(node, ast.Nonlocal):
        yield from (("nonlocal", name) for name in node.names)
    elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
        yield "bound", node.name
    elif isinstance(node, ast.MatchMapping) and node.rest:
        yield "bound", node.rest


def comprehension_parts(node) -> List[ast.AST]:
    """What of a comprehension may bind in the enclosing scope (a ``:=``):
    everything but its targets, which are the comprehension's own."""
    parts: List[ast.AST] = []
    for generator in node.generators:
        parts.append(generator.iter)
        parts.extend(generator.ifs)
    parts.extend([node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt])
    return parts


def declarations_below(nested: List[ast.AST]) -> Tuple[Set[str], Set[str]]:
    """The names functions nested (at any depth) below a scope declare
    ``nonlocal`` and ``global``."""
    nonlocals: Set[str] = set()
    globals_: Set[str] = set()
    for node in nested:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Nonlocal):
                nonlocals.update(sub.names)
            elif isinstance(sub, ast.Global):
                globals_.update(sub.names)
    return nonlocals, globals_


SCOPE_BOUNDARIES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def is_generator(fdef: ast.AST) -> bool:
    """Does the function's own body (nested scopes aside) hold a ``yield``?"""
    stack: List[ast.AST] = list(getattr(fdef, "body", ()))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            return True
        if isinstance(node, SCOPE_BOUNDARIES):
            continue
        stack.extend(ast.iter_child_nodes(node))
    return False
