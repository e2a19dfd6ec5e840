"""The arguments of one call, evaluated: what every library model receives.

The interpreter builds a ``CallArgs`` from the call's tree; the Keras and
NumPy models read it by position or keyword, the way the called function
would bind its parameters.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from .values import Value


@dataclass
class CallArgs:
    """A call's arguments, evaluated."""

    positional: List[Value] = field(default_factory=list)
    pos_nodes: List[ast.AST] = field(default_factory=list)
    keywords: Dict[str, Value] = field(default_factory=dict)
    kw_nodes: Dict[str, ast.keyword] = field(default_factory=dict)
    star: bool = False           # *args: positions past the written ones are unknown
    double_star: bool = False    # **kwargs: any keyword may be set

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
