"""tf.data as shapes: ``Dataset.from_tensor_slices((X, y))`` is a ``Batches``
of one sample per element until ``.batch(n)``; shuffling, caching and
repeating keep what the elements are, and what ``map`` makes is not followed.
"""

from __future__ import annotations

from ..core.records import replace
from typing import Callable, Dict, Optional

from ..core.tables import registrar
from ..core.values import Array, Batches, Seq, Value, unknown

# By the full name: the one way to make a dataset of arrays that is followed.
DATASET_CALLS: Dict[str, Callable] = {}
dataset_function = registrar(DATASET_CALLS)


@dataset_function("tensorflow.data.Dataset.from_tensor_slices")
def from_tensor_slices(interp, name: str, args, node) -> Value:
    return tensor_slices(args.arg(0, "tensors"))


# tf.data methods that keep what a dataset's elements are.
DATASET_KEEPS = {"shuffle", "prefetch", "cache", "repeat", "take", "skip", "filter",
                 "with_options", "shard"}


def tensor_slices(tensors: Optional[Value]) -> Value:
    """``tf.data.Dataset.from_tensor_slices((X, y))``: one element per sample,
    not yet batched."""
    items = tensors.items if isinstance(tensors, Seq) and tensors.kind != "list" else (tensors,)
    if not items or len(items) > 2 or not all(isinstance(t, Array) for t in items):
        return Batches(None)
    return Batches(items[0], items[1] if len(items) == 2 else None, unbatched=True)


def dataset_method(batches: Batches, name: str) -> Value:
    if name in ("batch", "padded_batch"):
        return replace(batches, unbatched=False) if batches.unbatched else Batches(None)
    if name == "unbatch" and not batches.unbatched:
        return replace(batches, unbatched=True)
    if name in DATASET_KEEPS:
        return batches
    return unknown(name)      # map, zip, window, ...: what comes out is not followed


def method(interp, batches: Batches, name: str, args, node) -> Value:
    return dataset_method(batches, name)
