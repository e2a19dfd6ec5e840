"""The arguments of one call, evaluated: what every library model receives.

The interpreter builds a ``CallArgs`` from the call's tree; the Keras and
NumPy models read it by position or keyword, the way the called function
would bind its parameters.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional

from .values import Value


class CallArgs:
    """A call's arguments, evaluated."""

    __slots__ = ("positional", "pos_nodes", "keywords", "kw_nodes", "star", "double_star")

    def __init__(self, positional: Optional[List[Value]] = None,
                 pos_nodes: Optional[List[ast.AST]] = None,
                 keywords: Optional[Dict[str, Value]] = None,
                 kw_nodes: Optional[Dict[str, ast.keyword]] = None,
                 star: bool = False, double_star: bool = False):
        self.positional = positional if positional is not None else []
        self.pos_nodes = pos_nodes if pos_nodes is not None else []
        self.keywords = keywords if keywords is not None else {}
        self.kw_nodes = kw_nodes if kw_nodes is not None else {}
        self.star = star                # *args: positions past the written ones are unknown
        self.double_star = double_star  # **kwargs: any keyword may be set

    @property
    def open_ended(self) -> bool:
        return self.star or self.double_star

    def arg(self, index: int, name: Optional[str] = None) -> Optional[Value]:
        """Positional ``index`` or keyword ``name``; None when not given."""
        if name is not None and name in self.keywords:
            return self.keywords[name]
        if index is not None and 0 <= index < len(self.positional):
            return self.positional[index]
        return None
