"""Small questions about the tree itself: parameters, display text.

Pure functions of ``ast`` nodes, shared by the statements, expressions,
calls and the static scope analysis.
"""

from __future__ import annotations

import ast
from typing import List, Optional

from ..core.names import dotted_name


def call_name(node: ast.Call) -> str:
    """A cheap display name for the unknown result of a call: ``f(...)``."""
    name = dotted_name(node.func)
    return f"{name}(...)" if name else "?"


def self_name(fdef) -> Optional[str]:
    """The name a method calls its instance (``self``): its first parameter."""
    positional = list(fdef.args.posonlyargs) + list(fdef.args.args)
    return positional[0].arg if positional else None


def target_text(target: ast.AST) -> str:
    return target.id if isinstance(target, ast.Name) else "?"


def all_params(node) -> List[ast.arg]:
    a = node.args
    params = list(a.posonlyargs) + list(a.args) + list(a.kwonlyargs)
    if a.vararg:
        params.append(a.vararg)
    if a.kwarg:
        params.append(a.kwarg)
    return params
