"""Name tables: how a library model says which small shape function answers
a name (``np.expand_dims``, ``X.reshape``, ``df.dropna``, ``to_categorical``).

A table maps a name to a function; the interpreter's entry points in
``arrays`` look a name up once and call what they find, so adding a NumPy
function or a pandas method is one decorated function in one module.
"""

from __future__ import annotations

from typing import Callable, Dict


def registrar(table: Dict[str, Callable]):
    """A decorator that files a function in ``table`` under each name given."""
    def register(*names: str):
        def add(fn: Callable) -> Callable:
            for name in names:
                table[name] = fn
            return fn
        return add
    return register
