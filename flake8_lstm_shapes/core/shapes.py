"""Dimensions and shapes, known or symbolic.

A dimension is one of:

* a ``Poly``: an integer polynomial over named symbols.  ``Poly.const(10)`` is
  the number 10; ``n_steps``, ``X.shape[1]`` or ``len(data)`` are symbols, and
  ``n_steps + 1`` or ``X.shape[0] * X.shape[1]`` are polynomials over them.  Two
  uses of the same symbol are equal, so ``X.reshape((X.shape[0], X.shape[1], 1))``
  keeps the element count *provably*, without knowing any number.
* ``None``: Keras's own "any size" (the batch axis, or ``input_shape=(None, 3)``).

A shape is a tuple of dimensions, or ``None`` when even the rank is unknown.

Rules only fire on what is provably wrong: two dimensions differ when their
difference is a non-zero constant, never because a symbol is involved.
"""

from __future__ import annotations

import itertools
from typing import Iterable, Optional, Tuple

# A polynomial with more terms or a higher degree than this is replaced by an
# opaque symbol: shapes never need more, and it bounds the work on odd code.
MAX_TERMS = 8
MAX_DEGREE = 6
MAX_COEFFICIENT_BITS = 256   # no shape needs more; bigger numbers stay symbolic
# A symbol may stand for an expression over other dimensions (``n // 2`` keeps
# ``n`` in its key, so that writing it twice gives the same symbol).  Past these
# bounds, a new such symbol is opaque instead: nesting that grows with the code
# (``X.shape[1] // 2`` applied 1,000 times) would otherwise make every hash,
# comparison and message walk an expression as deep as the program is long.
MAX_SYMBOL_DEPTH = 8         # symbols within symbols within ...
MAX_SYMBOL_SIZE = 64         # symbols counted through all the nesting
MAX_NAME_LENGTH = 120        # how a symbol is shown; longer names are cut


class Sym:
    """A named integer we cannot evaluate.

    ``key`` decides identity (two symbols with the same key are the same
    number); ``name`` is only how it is shown to the user.
    """

    __slots__ = ("key", "name", "order", "depth", "size")

    def __init__(self, key: tuple, name: str):
        self.key = key
        self.name = name
        # Computed once here, from the already computed values of the symbols in
        # the key: nothing later has to walk the nesting again.
        inner = polys_in_key(key)
        self.order = repr(key)
        self.depth = 1 + max((p.depth for p in inner), default=0)
        self.size = 1 + sum(p.size for p in inner)

    def __eq__(self, other):
        if other.__class__ is not Sym:
            return NotImplemented
        return self.key == other.key

    def __hash__(self) -> int:
        return hash((self.key,))

    def __repr__(self) -> str:
        return self.name


def polys_in_key(key: tuple) -> list:
    """The polynomials a symbol's key holds, in nested tuples too (without recursion)."""
    found, pending = [], [key]
    while pending:
        item = pending.pop()
        if isinstance(item, Poly):
            found.append(item)
        elif isinstance(item, (tuple, frozenset)):
            pending.extend(item)
    return found


Monomial = Tuple[Sym, ...]  # sorted by key, with repetition for powers


def _sym_order(s: Sym) -> str:
    return s.order


def _mono_order(mono: Monomial) -> tuple:
    return (len(mono), tuple(s.order for s in mono))


class Poly:
    """An integer polynomial over ``Sym`` symbols, immutable and hashable."""

    __slots__ = ("terms", "_hash")

    def __init__(self, terms: dict):
        # terms: Monomial -> non-zero int coefficient
        self.terms = {m: c for m, c in terms.items() if c}
        self._hash = None

    # -- construction -----------------------------------------------------
    @staticmethod
    def const(value: int) -> "Poly":
        return Poly({(): int(value)})

    @staticmethod
    def symbol(key: tuple, name: str) -> "Poly":
        """The symbol ``key``; an opaque one when ``key`` nests too much."""
        if len(name) > MAX_NAME_LENGTH:
            name = name[: MAX_NAME_LENGTH - 3] + "..."
        inner = polys_in_key(key)
        if inner and (1 + max(p.depth for p in inner) > MAX_SYMBOL_DEPTH
                      or 1 + sum(p.size for p in inner) > MAX_SYMBOL_SIZE):
            return fresh_opaque()
        return Poly({(Sym(key, name),): 1})

    # -- inspection -------------------------------------------------------
    @property
    def is_const(self) -> bool:
        # Monomials are distinct keys, so "every monomial is empty" means at
        # most the one key ``()``.
        terms = self.terms
        return not terms or (len(terms) == 1 and () in terms)

    @property
    def value(self) -> Optional[int]:
        """The integer, when the polynomial is a constant."""
        terms = self.terms
        if not terms:
            return 0
        if len(terms) == 1:
            return terms.get(())        # None when the one term holds a symbol
        return None

    @property
    def depth(self) -> int:
        """How deeply symbols nest in it: 0 for a number, 1 for plain symbols."""
        return max((s.depth for m in self.terms for s in m), default=0)

    @property
    def size(self) -> int:
        """How many symbols it holds, counted through all the nesting."""
        return sum(s.size for m in self.terms for s in m)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Poly) and self.terms == other.terms

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self.terms.items()))
        return self._hash

    # -- arithmetic -------------------------------------------------------
    def __add__(self, other: "Poly") -> "Poly":
        terms = dict(self.terms)
        for m, c in other.terms.items():
            terms[m] = terms.get(m, 0) + c
        return _bounded(Poly(terms), "+", self, other)

    def __neg__(self) -> "Poly":
        return Poly({m: -c for m, c in self.terms.items()})

    def __sub__(self, other: "Poly") -> "Poly":
        return self + (-other)

    def __mul__(self, other: "Poly") -> "Poly":
        if self.bits() + other.bits() > MAX_COEFFICIENT_BITS:
            # checked before multiplying: repeated squaring would otherwise build
            # numbers one multiplication can take minutes and gigabytes to make
            return opaque("*", self, other)
        terms: dict = {}
        for m1, c1 in self.terms.items():
            for m2, c2 in other.terms.items():
                m = tuple(sorted(m1 + m2, key=_sym_order))
                terms[m] = terms.get(m, 0) + c1 * c2
        return _bounded(Poly(terms), "*", self, other)

    def bits(self) -> int:
        """The size of the largest coefficient, in bits."""
        return max((abs(c).bit_length() for c in self.terms.values()), default=0)

    def exact_div(self, other: "Poly") -> Optional["Poly"]:
        """``self / other`` when it divides exactly as polynomials, else None.

        Only division by a constant or by a single monomial is attempted: that
        is what solving one ``-1`` in a reshape needs.
        """
        if len(other.terms) != 1:
            return None
        (mono, coef), = other.terms.items()
        if coef == 0:
            return None
        out = {}
        for m, c in self.terms.items():
            if c % coef:
                return None
            rest = list(m)
            for s in mono:
                if s not in rest:
                    return None
                rest.remove(s)
            out[tuple(rest)] = c // coef
        return Poly(out)

    def divisible_by(self, other: "Poly") -> Optional[bool]:
        """True/False when it can be decided, None when symbols hide it."""
        a, b = self.value, other.value
        if a is not None and b is not None:
            return b != 0 and a % b == 0
        if self.exact_div(other) is not None:
            return True
        return None

    # -- display ----------------------------------------------------------
    def __repr__(self) -> str:
        return format_poly(self)

    def __str__(self) -> str:
        return format_poly(self)


def _bounded(p: Poly, op: str, a: Poly, b: Poly) -> Poly:
    if len(p.terms) <= MAX_TERMS and all(len(m) <= MAX_DEGREE for m in p.terms) \
            and p.bits() <= MAX_COEFFICIENT_BITS:
        return p
    return opaque(op, a, b)


def opaque(op: str, a: Poly, b: Poly) -> Poly:
    """A symbol standing for a result too large to keep (its name is short:
    formatting huge operands would cost as much as computing them)."""
    return fresh_opaque()


def fresh_opaque() -> Poly:
    return Poly({(Sym(("opaque", next(_OPAQUE)), "?"),): 1})


_OPAQUE = itertools.count()


def _display_order(p: Poly):
    """Higher degree first, positive terms before negative ones, then by name.

    Not ``_mono_order``: that follows the symbols' keys, whose fresh counters
    depend on what the process analysed before, and a message must read the
    same in every process (``rows - n_test``, never ``-n_test + rows``)."""
    def key(mono):
        return (-len(mono), p.terms[mono] < 0, tuple(s.name for s in mono))
    return key


def format_poly(p: Poly) -> str:
    if not p.terms:
        return "0"
    parts = []
    for mono in sorted(p.terms, key=_display_order(p)):
        coef = p.terms[mono]
        names = "*".join(s.name for s in mono)
        if not names:
            text = str(abs(coef))
        elif abs(coef) == 1:
            text = names
        else:
            text = f"{abs(coef)}*{names}"
        sign = "-" if coef < 0 else "+"
        parts.append((sign, text))
    first_sign, first = parts[0]
    out = ("-" if first_sign == "-" else "") + first
    for sign, text in parts[1:]:
        out += f" {sign} {text}"
    return out


Dim = Optional[Poly]          # None is Keras's "any size"
Shape = Optional[Tuple[Dim, ...]]  # None is "rank unknown"


def const(n: int) -> Poly:
    return Poly.const(n)


def dim_value(d: Dim) -> Optional[int]:
    return None if d is None else d.value


def dims_differ(a: Dim, b: Dim) -> bool:
    """Provably different: both known, and their difference a non-zero constant.

    ``None`` (any size) never differs from anything.
    """
    if a is None or b is None:
        return False
    # Most dimensions a rule compares are numbers: subtracting two constants
    # as polynomials builds three of them to learn what ``!=`` says.  The bits
    # bound is the one subtraction would apply (a larger difference becomes
    # an opaque symbol, which proves nothing).
    x, y = a.value, b.value
    if x is not None and y is not None:
        return x != y and (x - y).bit_length() <= MAX_COEFFICIENT_BITS
    if a.terms == b.terms:
        return False
    diff = (a - b).value
    return diff is not None and diff != 0


def dims_equal(a: Dim, b: Dim) -> bool:
    """Provably equal (the same polynomial)."""
    return a is not None and b is not None and a == b


def product(dims: Iterable[Dim]) -> Dim:
    out = Poly.const(1)
    for d in dims:
        if d is None:
            return None
        out = out * d
    return out


def format_dim(d: Dim) -> str:
    return "None" if d is None else format_poly(d)


def format_shape(shape: Shape, batch: bool = True) -> str:
    """``(None, 10, 1)``; a 1-tuple keeps its comma like Python prints it."""
    if shape is None:
        return "(?)"
    inner = ", ".join(format_dim(d) for d in shape)
    if len(shape) == 1:
        inner += ","
    return f"({inner})"
