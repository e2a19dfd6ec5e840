"""NumPy's shape rules as small pure functions on (symbolic) shapes.

Each takes and returns tuples of ``Poly`` (array shapes never hold Keras's
``None``); None as a result means "cannot tell".  ``reshape`` also says why a
reshape cannot work, in the words NumPy would use.
"""

from __future__ import annotations

from ..core.records import Record
from typing import List, Optional, Sequence, Tuple, Union

from ..core.shapes import Poly, const, format_shape, product
from ..core.values import fresh_key

ArrayShape = Tuple[Poly, ...]


def fresh(name: str) -> Poly:
    """A dimension we cannot relate to anything else."""
    return Poly.symbol(fresh_key("dim"), name)


# -- reshape ---------------------------------------------------------------------------

class ReshapeResult(Record):
    __slots__ = FIELDS = ("shape", "problem")

    def __init__(self, shape: Optional[ArrayShape], problem: Optional[str] = None):
        self.shape = shape
        self.problem = problem          # why NumPy would raise, when it provably would


def sizes_differ(a: Poly, b: Poly) -> bool:
    """Provably different element counts: different constants, or a constant
    ratio other than 1 between the same symbols (``10*N`` vs ``20*N``)."""
    if a == b:
        return False
    if a.value is not None and b.value is not None:
        return a.value != b.value
    for x, y in ((a, b), (b, a)):
        ratio = x.exact_div(y)
        if ratio is not None and ratio.value is not None and ratio.value != 1:
            return True
    return False


def reshape(old: Optional[ArrayShape], new: Sequence[Union[Poly, float, None]]) -> ReshapeResult:
    """``a.reshape(new)``: solve one ``-1``, check the element count.

    ``new`` holds a Poly per entry, a float for a float entry (``n / 2``), or
    None for an entry we cannot read.
    """
    floats = [d for d in new if isinstance(d, float)]
    if floats:
        return ReshapeResult(None, f"a float dimension ({floats[0]!r}): NumPy raises "
                                   f"'float' object cannot be interpreted as an integer")
    if any(d is None for d in new):
        return ReshapeResult(None)
    minus = [i for i, d in enumerate(new) if d.value == -1]
    if len(minus) > 1:
        return ReshapeResult(None, "two -1 entries: NumPy can only infer one unknown dimension")
    negative = [d for d in new if d.value is not None and d.value < -1]
    if negative:
        return ReshapeResult(None, f"a negative dimension ({negative[0]})")
    total = product(old) if old is not None else None
    if not minus:
        target = tuple(new)
        if total is not None and sizes_differ(total, product(target)):
            return ReshapeResult(None, f"the array has {format_size(total)} elements, "
                                       f"{format_shape(target)} holds {format_size(product(target))}")
        return ReshapeResult(target)
    i = minus[0]
    rest = product(d for j, d in enumerate(new) if j != i)
    filled = total.exact_div(rest) if total is not None and rest.value != 0 else None
    if total is not None and total.value is not None and rest.value is not None:
        if rest.value == 0 or total.value % rest.value:
            shown = tuple(d for j, d in enumerate(new) if j != i)
            return ReshapeResult(None, f"the array has {total.value} elements, which do not "
                                       f"divide into {format_shape(shown)} (the -1 would not be whole)")
    if filled is None:
        # Unknown element count: the -1 is some size; on the first axis, the samples.
        filled = fresh("samples" if i == 0 else "inferred")
    return ReshapeResult(tuple(new[:i]) + (filled,) + tuple(new[i + 1:]))


def format_size(p: Poly) -> str:
    return str(p.value) if p.value is not None else str(p)


# -- axes ----------------------------------------------------------------------------------

def normalize_axis(axis: int, rank: int) -> Optional[int]:
    if -rank <= axis < rank:
        return axis % rank
    return None


def expand_dims(shape: ArrayShape, axis: int) -> Optional[ArrayShape]:
    rank = len(shape) + 1
    a = normalize_axis(axis, rank)
    if a is None:
        return None
    return shape[:a] + (const(1),) + shape[a:]


def squeeze(shape: ArrayShape, axis: Optional[int] = None) -> Optional[ArrayShape]:
    if axis is None:
        if any(d.value is None for d in shape):
            return None        # a symbolic axis might be 1
        return tuple(d for d in shape if d.value != 1)
    a = normalize_axis(axis, len(shape))
    if a is None or shape[a].value not in (1, None):
        return None
    return shape[:a] + shape[a + 1:]


def transpose(shape: ArrayShape, axes: Optional[Sequence[int]] = None) -> Optional[ArrayShape]:
    if axes is None:
        return tuple(reversed(shape))
    if sorted(a % len(shape) if -len(shape) <= a < len(shape) else -1 for a in axes) \
            != list(range(len(shape))):
        return None
    return tuple(shape[a] for a in axes)


def swapaxes(shape: ArrayShape, a: int, b: int) -> Optional[ArrayShape]:
    x, y = normalize_axis(a, len(shape)), normalize_axis(b, len(shape))
    if x is None or y is None:
        return None
    out = list(shape)
    out[x], out[y] = out[y], out[x]
    return tuple(out)


def moveaxis(shape: ArrayShape, source: int, destination: int) -> Optional[ArrayShape]:
    """``np.moveaxis(a, source, destination)`` with one axis each."""
    x, y = normalize_axis(source, len(shape)), normalize_axis(destination, len(shape))
    if x is None or y is None:
        return None
    out = list(shape)
    out.insert(y, out.pop(x))
    return tuple(out)


def reduce(shape: ArrayShape, axis: Optional[int], keepdims: bool = False) -> Optional[ArrayShape]:
    """``mean``/``sum``/``max``/``argmax`` along an axis (None: everything)."""
    if axis is None:
        return tuple(const(1) for _ in shape) if keepdims else ()
    a = normalize_axis(axis, len(shape))
    if a is None:
        return None
    if keepdims:
        return shape[:a] + (const(1),) + shape[a + 1:]
    return shape[:a] + shape[a + 1:]


# -- joining arrays ---------------------------------------------------------------------

def concatenate(shapes: List[ArrayShape], axis: int) -> Optional[ArrayShape]:
    if not shapes or len({len(s) for s in shapes}) != 1:
        return None
    rank = len(shapes[0])
    a = normalize_axis(axis, rank)
    if a is None:
        return None
    for i in range(rank):
        if i != a and len({s[i] for s in shapes}) != 1:
            return None
    total = shapes[0][a]
    for s in shapes[1:]:
        total = total + s[a]
    return shapes[0][:a] + (total,) + shapes[0][a + 1:]


def stack(shapes: List[ArrayShape], axis: int) -> Optional[ArrayShape]:
    if not shapes or len(set(shapes)) != 1:
        return None
    return expand_dims_n(shapes[0], axis, const(len(shapes)))


def expand_dims_n(shape: ArrayShape, axis: int, n: Poly) -> Optional[ArrayShape]:
    a = normalize_axis(axis, len(shape) + 1)
    if a is None:
        return None
    return shape[:a] + (n,) + shape[a:]


def hstack(shapes: List[ArrayShape]) -> Optional[ArrayShape]:
    if shapes and all(len(s) == 1 for s in shapes):
        return concatenate(shapes, 0)
    return concatenate(shapes, 1)


def vstack(shapes: List[ArrayShape]) -> Optional[ArrayShape]:
    # atleast_2d: a scalar is (1, 1), a vector one row
    return concatenate([s if len(s) > 1 else (const(1),) * (2 - len(s)) + s for s in shapes], 0)


def column_stack(shapes: List[ArrayShape]) -> Optional[ArrayShape]:
    return concatenate([s if len(s) > 1 else s + (const(1),) for s in shapes], 1)


def dstack(shapes: List[ArrayShape]) -> Optional[ArrayShape]:
    def at_least_3d(s):
        if len(s) == 1:
            return (const(1),) + s + (const(1),)
        if len(s) == 2:
            return s + (const(1),)
        return s
    return concatenate([at_least_3d(s) for s in shapes], 2)


# -- slicing --------------------------------------------------------------------------------

def slice_length(dim: Poly, start: Optional[Poly], stop: Optional[Poly],
                 step: Optional[Poly]) -> Poly:
    """The length of ``a[start:stop:step]`` along an axis of length ``dim``.

    With numbers it is Python's own rule.  With symbols we assume the bounds
    lie inside the axis, as in the sliding-window idiom ``seq[i:i + n_steps]``
    (length ``n_steps``): code that relies on clipping would be unusual.
    """
    values = [None if x is None else x.value for x in (dim, start, stop, step)]
    n, a, b, s = values
    if step is not None and (s is None or s == 0):
        return fresh("slice")
    if n is not None and (start is None or a is not None) and (stop is None or b is not None):
        return const(len(range(n)[slice(a, b, s)]))
    if s not in (None, 1):
        return fresh("slice")
    lo = start if start is not None else const(0)
    hi = stop if stop is not None else dim
    if lo.value is not None and lo.value < 0:
        lo = dim + lo
    if hi.value is not None and hi.value < 0:
        hi = dim + hi
    length = hi - lo
    if length.value is not None and length.value < 0:
        return const(0)
    return length
