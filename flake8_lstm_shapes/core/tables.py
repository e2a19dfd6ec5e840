"""Name tables: how a model says which small function answers a name
(``np.expand_dims``, ``X.reshape``, ``df.dropna``, ``to_categorical``, the
parameter count of an ``LSTM``).

A table maps a name to a function; its users look a name up once and call
what they find (the interpreter's entry points in ``libs.arrays``, the
parameter counts of ``keras.params``), so adding a NumPy function, a pandas
method or a layer's count is one decorated function in one module.
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
