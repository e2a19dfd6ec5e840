"""Which names a block of statements binds, read from the tree alone.

The interpreter runs a function on its own with the module's globals only
where the module binds a name once: a name bound twice has, at call time, a
value we can only guess.
"""

from __future__ import annotations

import ast
from typing import Dict

from .syntax import dotted_name


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
