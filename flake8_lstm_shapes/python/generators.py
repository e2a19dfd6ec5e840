"""Generator functions of the file: what their ``yield`` gives to ``fit``.

``def batches(X, y, b): ... yield X[i:i + b], y[i:i + b]`` called and given
to ``fit`` or ``predict`` is a stream of batches.  Keras reads each yielded
``(x, y)`` (or ``(x, y, sample_weight)``, or a lone ``x``) as one batch, so
what the rules need is each batch's shape with its first axis read as
samples: ``Batches`` with the arrays "as if all batches were stacked", the
sample count a fresh symbol (shared by x and y where each batch's two agree).

Whether a function yields at all is a fact of its tree
(``bindings.is_generator``); this module is loaded only once one does.
Only a function whose every ``yield`` gives the same structure says
anything; ``yield from``, or yields of different arity, or anything that is
not an array with a known rank, leave the batches unknown.
"""

from __future__ import annotations

from typing import List, Optional

from ..core.joins import join_values
from ..libs.lazy import library
from ..core.shapes import Poly
from ..core.values import Array, Batches, Seq, Value, fresh_key


def batches_of(yielded: List[Value], opaque: bool) -> Batches:
    """The batches a generator yields, from the values of its ``yield``s.

    ``opaque``: some ``yield from`` (or a bare ``yield``) gives batches we do
    not see, so nothing is known."""
    if opaque or not yielded:
        return Batches(None)
    arities = {len(v.items) if isinstance(v, Seq) and v.kind == "tuple" else 1 for v in yielded}
    if len(arities) != 1:
        return Batches(None)
    if arities == {1}:
        return Batches(stacked(join_values(yielded, "batch"), None))
    xs = join_values([v.items[0] for v in yielded], "batch x")
    ys = join_values([v.items[1] for v in yielded], "batch y")
    samples = shared_samples(xs, ys)
    return Batches(stacked(xs, samples), stacked(ys, samples))


def shared_samples(x: Value, y: Value) -> Optional[Poly]:
    """One symbol for the samples of x and y when each batch holds as many of
    both (``X[i:i + b], y[i:i + b]``); None when that is not known."""
    if isinstance(x, Array) and isinstance(y, Array) and x.shape and y.shape \
            and x.shape[0] == y.shape[0]:
        return Poly.symbol(fresh_key("batches"), "samples")
    return None


def stacked(batch: Value, samples: Optional[Poly]) -> Optional[Value]:
    """One batch's array read as all batches stacked: the batch axis becomes
    the sample count (``samples``, or a fresh symbol), as for a tf.data batch."""
    if not isinstance(batch, Array):
        return None
    count = samples if samples is not None else Poly.symbol(fresh_key("batches"), "samples")
    return library("datasets").stacked(batch, count, batched=True)
