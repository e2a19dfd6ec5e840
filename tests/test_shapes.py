"""Symbolic dimensions: what is provably equal, provably different, or unknown."""

from flake8_lstm_shapes.shapes import (Poly, const, dims_differ, dims_equal, format_shape,
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
