"""What one pass through a loop sees: its items, how many, and what it grows.

A ``for`` over a short literal is unrolled; otherwise one pass stands for all
of them, its target bound to "some element" of the iterable, and a list
the pass grows by one item has ``count`` more after the loop.
"""

from __future__ import annotations

import ast
from typing import FrozenSet, Optional, Tuple

from ..libs import arrays
from ..core.joins import join_values
from ..core.shapes import Poly
from ..core.values import Array, Int, ListOf, Seq, Value, fresh_key, unknown
from .scopes import Env

MAX_UNROLL = 12          # a loop over a literal this short is unrolled


class RangeOf(Value):
    """A ``range`` we will not unroll: each element is some int."""

    __slots__ = FIELDS = ("length",)

    def __init__(self, length: Optional[Poly] = None):
        self.length = length


JUMPS = (ast.Break, ast.Continue, ast.Return, ast.Raise, ast.Yield)
JUMP_WORDS = ("break", "continue", "return", "raise", "yield")     # how each is written


def jumps_in(node: ast.AST) -> FrozenSet[type]:
    """The kinds of statement anywhere in the loop that leave a pass early
    (``break``, ``continue``, ``return``, ``raise``) or hand a value out
    (``yield``).  One walk of the loop; the interpreter keeps the answer for
    each loop (``Interpreter.loop_jumps``), since a loop runs at every call of
    the function around it."""
    return frozenset(type(sub) for sub in ast.walk(node) if isinstance(sub, JUMPS))


def unrollable(iterable: Value, jumps: FrozenSet[type]) -> Optional[Tuple[Value, ...]]:
    """The items of a short literal iterable, when the loop body can be
    unrolled exactly (no break or continue to model)."""
    if not isinstance(iterable, Seq) or len(iterable.items) > MAX_UNROLL \
            or ast.Break in jumps or ast.Continue in jumps:
        return None
    return iterable.items


def straight_body(jumps: FrozenSet[type]) -> bool:
    """A loop body that runs to its end on every pass (no break, continue or return)."""
    return not jumps


def grown_lists(before: Env, after: Env, count: Poly):
    """(name, list after ``count`` passes) for each list one pass grew by one item."""
    for name, value in after.vars.items():
        old = before.vars.get(name)
        if isinstance(old, Seq) and isinstance(value, Seq) and old.kind == value.kind == "list" \
                and len(value.items) == len(old.items) + 1 and value.items[:-1] == old.items:
            elems = list(old.items) + [value.items[-1]]
            yield name, ListOf(join_values(elems, f"{name}[i]"),
                               Poly.const(len(old.items)) + count, value.origin)


def length_of(iterable: Value) -> Optional[Poly]:
    """How many items a loop over ``iterable`` sees, when that is known."""
    if isinstance(iterable, RangeOf):
        return iterable.length
    if isinstance(iterable, Seq):
        return Poly.const(len(iterable.items))
    if isinstance(iterable, ListOf):
        return iterable.length
    if isinstance(iterable, Array) and iterable.shape:
        return iterable.shape[0]
    return None


def element_of(iterable: Value) -> Value:
    """Some element of an iterable, for one pass through a loop body."""
    if isinstance(iterable, RangeOf) or (isinstance(iterable, Seq) and iterable.kind == "range"):
        return Int(Poly.symbol(fresh_key("i"), "i"))
    if isinstance(iterable, Seq) and iterable.items:
        return join_values(iterable.items)
    if isinstance(iterable, ListOf) and iterable.elem is not None:
        return iterable.elem
    if isinstance(iterable, Array) and iterable.shape:
        return arrays.index_first(iterable, None)
    return unknown()
