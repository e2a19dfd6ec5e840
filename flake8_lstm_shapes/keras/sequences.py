"""The user's ``keras.utils.Sequence`` (Keras 3: ``keras.utils.PyDataset``) given to a data call.

``class DataGen(keras.utils.Sequence)`` with ``__getitem__(self, idx)``
returning ``(batch_x, batch_y)`` is a stream of batches, as a generator is.
Keras 2 and Keras 3 both take the first batch, ``gen[0]``, to build the model
and read every batch the way they read a generator's: ``(x, y)``,
``(x, y, sample_weight)`` or a lone ``x`` (a list is read as a tuple).  So
the rules see such an instance as the ``Batches`` of that first batch, its
batch axis a fresh symbol (the last batch may be smaller, and an epoch's
shuffling changes nothing of the shape).

The interpreter runs ``__getitem__`` on the instance ``__init__`` filled in
(``interp.sequence_batches``); this module says which classes are sequences
and where the instance stands among a data call's arguments.  A class
without ``__getitem__``, or one whose batch cannot be followed, is unknown.
"""

from __future__ import annotations

from ..core.arguments import CallArgs
from .models import is_sequence

# Where the data stands in each kind of data call: Keras 2's generator
# methods take it as ``generator``, ``model(x)`` as ``inputs``.
DATA_KEYWORDS = {"fit_generator": "generator", "evaluate_generator": "generator",
                 "predict_generator": "generator", "__call__": "inputs"}


def with_first_batch(interp, method: str, args: CallArgs, site) -> CallArgs:
    """The call's arguments with a sequence given as its data, or as its
    ``validation_data=`` (Keras reads those batches as it reads the training
    data's), replaced by the batches its ``__getitem__(0)`` gives; unchanged
    otherwise."""
    name = DATA_KEYWORDS.get(method, "x")
    if name in args.keywords:
        args = with_keyword_batches(interp, args, name, site)
    elif args.positional and is_sequence(args.positional[0]):
        positional = [interp.sequence_batches(args.positional[0], site)] + args.positional[1:]
        args = CallArgs(positional, args.pos_nodes, args.keywords, args.kw_nodes,
                        args.star, args.double_star)
    return with_keyword_batches(interp, args, "validation_data", site)


def with_keyword_batches(interp, args: CallArgs, name: str, site) -> CallArgs:
    """The arguments with a sequence given as keyword ``name`` replaced by its batches."""
    if not is_sequence(args.keywords.get(name)):
        return args
    keywords = dict(args.keywords)
    keywords[name] = interp.sequence_batches(args.keywords[name], site)
    return CallArgs(args.positional, args.pos_nodes, keywords, args.kw_nodes,
                    args.star, args.double_star)
