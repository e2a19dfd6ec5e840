"""Where data meets a model: ``fit``, ``predict``, ``evaluate``, ... and ``model(X)``.

A ``DataCall`` is such a call with its arguments read once, the way Keras
reads them: ``x`` (or Keras 2's ``generator``), ``y`` for the methods that
take targets, the arrays a generator's batches hold, ``validation_data`` and
``batch_size``.  The rules judge it (``rules.data``, ``rules.targets``,
``rules.batch``); this module only says what was given.
"""

from __future__ import annotations

import ast
from typing import Optional, Tuple

from ..core.values import Array, Batches, Int, Seq, Value, unknown

# The model methods where data meets the model; ``model(X)`` is a data call too, as "__call__".
DATA_METHODS = {"fit", "predict", "evaluate", "train_on_batch", "test_on_batch",
                "predict_on_batch", "predict_classes", "predict_proba",
                "fit_generator", "evaluate_generator", "predict_generator"}
PREDICTING = frozenset({"predict", "predict_on_batch", "__call__", "predict_classes", "predict_proba",
                        "predict_generator"})
WITH_TARGETS = frozenset({"fit", "evaluate", "train_on_batch", "test_on_batch"})
X_NAMES = {"__call__": "inputs"}
# Keras 2's generator methods: the batches bring their own targets.
GENERATOR_METHODS = {"fit_generator": True, "evaluate_generator": True, "predict_generator": False}
# Where batch_size stands among the positional arguments.
BATCH_ARG_INDEX = {"fit": 2, "evaluate": 2, "predict": 1, "predict_classes": 1, "predict_proba": 1}

Given = Tuple[Optional[Value], Optional[ast.AST]]     # a value and the node it was written at


class DataCall:
    """One data call, its arguments read (``read_data_call``):

    * ``method``: "fit", ..., or "__call__" for ``model(X)``;
    * ``x``, ``y`` and their nodes: the data (from a generator's batches, the
      arrays they hold) and the targets;
    * ``from_batches``: a generator or dataset, whose batch size is its own;
    * ``batch_size`` as given when it is a known int, ``batch_node`` where it
      is given (None when it is not);
    * ``validation``: ``(x, node, y, node)`` of ``validation_data``, or None;
      ``validation_batched``: it is a stream of batches, not a pair of arrays.

    A plain class, not a dataclass: generating a dataclass's methods costs
    time at every start, and nothing here needs them.
    """

    __slots__ = ("node", "method", "x", "x_node", "y", "y_node", "from_batches", "batch_size",
                 "batch_node", "validation", "validation_batched")

    def __init__(self, node: ast.Call, method: str, x: Optional[Value], x_node: Optional[ast.AST],
                 y: Optional[Value], y_node: Optional[ast.AST], *, from_batches: bool,
                 batch_size: Optional[int], batch_node: Optional[ast.AST],
                 validation: Optional[Tuple[Value, ast.AST, Value, ast.AST]] = None,
                 validation_batched: bool = False):
        self.node, self.method = node, method
        self.x, self.x_node, self.y, self.y_node = x, x_node, y, y_node
        self.from_batches, self.batch_size, self.batch_node = from_batches, batch_size, batch_node
        self.validation = validation
        self.validation_batched = validation_batched

    @property
    def predicting(self) -> bool:
        return self.method in PREDICTING


def read_data_call(method: str, args, node: ast.Call) -> DataCall:
    """The call's arguments, once.  A generator's batches stand for x and y
    (the x argument's node for both); an unbatched dataset's element is one
    sample without its batch axis (``kind="element"``)."""
    written, x_node = x_argument(method, args)
    x = written
    y, y_node = argument(args, 1, "y") if method in WITH_TARGETS else (None, None)
    if isinstance(x, Batches) and x.unbatched:
        x, _ = batches_data(x)
        y, y_node = None, None
    elif isinstance(x, Batches):
        if y is None and (method in WITH_TARGETS or GENERATOR_METHODS.get(method)):
            y, y_node = x.y, x_node
        x = x.x
    size, size_node = batch_argument(method, args)
    return DataCall(node, method, x, x_node, y, y_node,
                    from_batches=method in GENERATOR_METHODS or isinstance(written, Batches),
                    batch_size=size, batch_node=size_node, validation=validation_data(args),
                    validation_batched=isinstance(args.keywords.get("validation_data"), Batches))


def x_argument(method: str, args) -> Given:
    """The data argument as written: ``x``, ``inputs`` of a call, or the
    ``generator`` of Keras 2's generator methods."""
    if method in GENERATOR_METHODS:
        return argument(args, 0, "generator")
    return argument(args, 0, X_NAMES.get(method, "x"))


def argument(args, index: int, name: str) -> Given:
    if name in args.keywords:
        return args.keywords[name], args.kw_nodes[name].value
    if index < len(args.positional):
        return args.positional[index], args.pos_nodes[index]
    return None, None


def validation_data(args) -> Optional[Tuple[Value, ast.AST, Value, ast.AST]]:
    """``validation_data=``: a tuple ``(X_val, y_val)``, each with its node
    where written out; or a stream of batches (a generator, a tf.data
    dataset, a Sequence already replaced by its first batch), read as ``x``
    is read, both on the argument's node.  Keras validates at the end of the
    first epoch with the same checks as for training data, so a mistake there
    still raises, one epoch later."""
    validation = args.keywords.get("validation_data")
    if validation is None:
        return None
    node = args.kw_nodes["validation_data"].value
    if isinstance(validation, Batches):
        x, y = batches_data(validation)
        return (x, node, y, node) if x is not None else None
    if not (isinstance(validation, Seq) and len(validation.items) >= 2):
        return None
    nodes = node.elts if isinstance(node, (ast.Tuple, ast.List)) else [node, node]
    return validation.items[0], nodes[0], validation.items[1], nodes[1]


def batches_data(batches: Batches) -> Tuple[Optional[Value], Optional[Value]]:
    """(x, y) of a stream of batches as a data call reads them: an unbatched
    dataset's element is one sample without its batch axis (``kind="element"``,
    its targets not compared), a batched stream's arrays are all batches stacked."""
    if batches.unbatched:
        element = batches.x
        if isinstance(element, Array) and element.shape:
            return Array(tuple(element.shape[1:]), element.origin, kind="element"), None
        return None, None
    return batches.x, batches.y


def batch_argument(method: str, args) -> Given:
    """(batch_size as an int or None, its node or None when not given)."""
    if "batch_size" in args.keywords:
        value, node = args.keywords["batch_size"], args.kw_nodes["batch_size"]
    else:
        index = BATCH_ARG_INDEX.get(method)
        if index is None or index >= len(args.positional):
            return None, None
        value, node = args.positional[index], args.pos_nodes[index]
    if isinstance(value, Int) and value.poly.value is not None:
        return value.poly.value, node
    return None, node


def predicted(model, x) -> Value:
    """``predict`` returns the model's output with the data's sample count."""
    outs = model.output_flows()
    if not outs or len(outs) != 1 or outs[0].shape is None:
        return unknown("prediction")
    if not isinstance(x, Array) or not x.shape:
        return unknown("prediction")
    return Array((x.shape[0],) + tuple(outs[0].shape[1:]), dtype="float")
