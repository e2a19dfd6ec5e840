"""Symbolic dimensions: what is provably equal, provably different, or unknown."""

from flake8_lstm_shapes.core.shapes import (Poly, const, dims_differ, dims_equal, format_shape,
                                            product)

n = Poly.symbol(("n",), "n_steps")
m = Poly.symbol(("m",), "X.shape[0]")


def test_constants_compute():
    assert (const(3) * const(4) + const(2)).value == 14
    assert format_shape((None, const(10), const(1))) == "(None, 10, 1)"
    assert format_shape((const(10),)) == "(10,)"


def test_symbols_cancel_and_compare():
    i = Poly.symbol(("i",), "i")
    assert (i + n) - i == n                       # seq[i:i + n_steps] has n_steps rows
    assert dims_equal(m * n, n * m)
    assert not dims_differ(n, const(3))           # unknown is never "different"
    assert dims_differ(n + const(1), n)           # but n + 1 != n, whatever n is
    assert (n + const(1)).value is None


def test_exact_division_solves_one_minus_one():
    total = m * n * const(2)
    assert total.exact_div(m * const(2)) == n
    assert total.exact_div(const(3)) is None
    assert (const(10)).divisible_by(const(3)) is False
    assert (m * const(4)).divisible_by(const(2)) is True
    assert (m * const(4)).divisible_by(const(3)) is None


def test_product_and_format_of_symbols():
    assert product([m, n, const(1)]) == m * n
    assert product([m, None]) is None
    assert format_shape((m, n, const(1))) == "(X.shape[0], n_steps, 1)"
    assert str(n * const(2) - const(1)) == "2*n_steps - 1"


def test_runaway_polynomials_become_opaque():
    p = const(1)
    for k in range(20):
        p = p * (Poly.symbol(("s", k), f"s{k}") + const(1))
    assert len(p.terms) <= 8


# -- bounded size ------------------------------------------------------------------------

import itertools  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from flake8_lstm_shapes.core.shapes import (MAX_DEGREE, MAX_SYMBOL_DEPTH, MAX_SYMBOL_SIZE,  # noqa: E402
                                            MAX_TERMS)


def floor_half(p):
    """What ``p // 2`` becomes when p is symbolic: a symbol keyed by p."""
    return Poly.symbol(("op", "FloorDiv", p, const(2)), f"{p} // 2")


def symbols_of(p):
    return [s for mono in p.terms for s in mono]


def assert_bounded(p):
    assert len(p.terms) <= MAX_TERMS
    assert all(len(mono) <= MAX_DEGREE for mono in p.terms)
    assert all(s.depth <= MAX_SYMBOL_DEPTH and s.size <= MAX_SYMBOL_SIZE for s in symbols_of(p))
    assert p.depth <= MAX_SYMBOL_DEPTH
    assert p.size <= MAX_TERMS * MAX_DEGREE * MAX_SYMBOL_SIZE


def test_symbols_nested_in_symbols_keep_their_identity_while_small():
    once, again = floor_half(floor_half(m)), floor_half(floor_half(m))
    assert once == again and hash(once) == hash(again)
    assert str(once) == "X.shape[0] // 2 // 2"
    assert once.depth == 3 and once.size == 3


def test_nesting_and_size_of_any_dim_stay_under_the_limit():
    """Halving, doubling and products repeated far past the limits: every step
    stays bounded, and formatting, hashing and comparing never recurse deeply."""
    dims = [m, n]
    for step in range(3000):
        a, b = dims[-1], dims[-2]
        made = [floor_half(a), a * const(2), a * b + const(1), floor_half(a * b + b)]
        for d in made:
            assert_bounded(d)
            assert len(str(d)) < 20_000
            hash(d)
            assert d == d
        dims.append(made[step % len(made)])
    deep = dims[-1]
    assert deep.depth <= MAX_SYMBOL_DEPTH


def test_a_key_too_deep_gives_an_opaque_symbol_that_never_equals_another():
    d = m
    for _ in range(MAX_SYMBOL_DEPTH - 1):
        d = floor_half(d)
    assert d.depth == MAX_SYMBOL_DEPTH and str(d).endswith("// 2 // 2")
    assert floor_half(d) != floor_half(d)            # one level more: each is a fresh symbol
    assert str(floor_half(d)) == "?"
    assert str(floor_half(floor_half(d))) == "? // 2"   # and nesting starts again from it


def test_a_long_name_is_cut():
    long = Poly.symbol(("long",), "x" * 1000)
    assert len(str(long)) <= 120 and str(long).endswith("...")


# Small polynomials: a few named symbols, small coefficients, low degree.
BASE_SYMBOLS = [Poly.symbol((f"s{i}",), f"s{i}") for i in range(3)]


def small_polys(max_terms):
    return st.lists(st.tuples(st.integers(-5, 5), st.lists(st.integers(0, 2), max_size=2)),
                    min_size=1, max_size=max_terms).map(lambda terms: sum_terms(terms))


def sum_terms(terms):
    out = const(0)
    for coef, powers in terms:
        term = const(coef)
        for index in powers:
            term = term * BASE_SYMBOLS[index]
        out = out + term
    return out


def evaluate(p, point):
    """The polynomial's value at an integer point given for each base symbol."""
    total = 0
    for mono, coef in p.terms.items():
        value = coef
        for s in mono:
            value *= point[s.key]
        total += value
    return total


BASE_KEYS = [symbols_of(s)[0].key for s in BASE_SYMBOLS]
points = st.tuples(*[st.integers(-7, 7) for _ in BASE_KEYS]).map(
    lambda values: dict(zip(BASE_KEYS, values)))


@settings(max_examples=300, deadline=None)
@given(small_polys(3), small_polys(2), points)   # a product of at most 6 terms of degree 4
def test_arithmetic_on_small_polynomials_is_exact(p, q, point):
    """Within the bounds nothing becomes opaque: every result holds only the
    base symbols, and it is the exact sum, difference and product."""
    for result, expected in ((p + q, evaluate(p, point) + evaluate(q, point)),
                             (p - q, evaluate(p, point) - evaluate(q, point)),
                             (p * q, evaluate(p, point) * evaluate(q, point))):
        assert {s.key for s in symbols_of(result)} <= set(point)
        assert evaluate(result, point) == expected
    assert p * q == q * p and p + q == q + p
    assert (p + q) - q == p
    assert str(p * q) == str(q * p)


def test_the_order_of_symbols_in_a_product_does_not_depend_on_how_it_was_built():
    a, b, c = BASE_SYMBOLS
    for order in itertools.permutations([a, b, c, floor_half(a)]):
        product_of = order[0] * order[1] * order[2] * order[3]
        assert product_of == a * b * c * floor_half(a)
        assert str(product_of) == str(a * b * c * floor_half(a))


def test_a_sum_of_symbols_reads_the_same_whatever_their_keys():
    """Fresh keys count what the process analysed before; a message must not."""
    from flake8_lstm_shapes.core.shapes import Poly, format_poly
    for rows_key, test_key in ((("dim", 99), ("dim", 123)), (("dim", 123), ("dim", 99))):
        rows, n_test = Poly.symbol(rows_key, "rows"), Poly.symbol(test_key, "n_test")
        assert format_poly(rows - n_test) == "rows - n_test"
        assert format_poly(n_test + rows - Poly.const(1)) == "n_test + rows - 1"


constant_or_poly = st.one_of(st.integers(-2**300, 2**300).map(const), small_polys(2))


@settings(max_examples=300, deadline=None)
@given(constant_or_poly, constant_or_poly)
def test_the_quick_answers_agree_with_the_polynomial_definitions(a, b):
    """``dims_differ`` answers two numbers without subtracting them, and
    ``is_const``/``value`` read the terms directly: each must say exactly
    what the definition by polynomial arithmetic says, huge numbers included
    (a difference past the coefficient bound is opaque, so it proves nothing)."""
    from flake8_lstm_shapes.core.shapes import dims_differ
    difference = (a - b).value
    assert dims_differ(a, b) == (difference is not None and difference != 0)
    for p in (a, b):
        assert p.is_const == all(not mono for mono in p.terms)
        assert p.value == (0 if not p.terms else p.terms[()] if p.is_const else None)
