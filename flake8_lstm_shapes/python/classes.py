"""Instances of the user's Keras classes: ``keras.Model`` and
``keras.layers.Layer`` subclasses.

``Net(units=32)`` runs ``__init__`` on a fresh instance as for any class of the
file, so its attributes are the layers and numbers ``__init__`` made; what the
instance is to Keras (a model, a layer) is ``keras.subclassed``'s to say.
Keras later calls the instance's ``build`` and ``call``: ``run_method`` is how
the Keras model asks for them, bounded like every call of the file's functions
(``MAX_CALL_DEPTH``, never recursively).  A ``keras.utils.Sequence`` given to
``fit`` is asked for its first batch the same way (``sequence_batches``).
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional

from ..core import stage
from ..core.arguments import CallArgs
from ..core.context import BudgetExceeded
from ..core.shapes import const
from ..core.values import Batches, Instance, Int, Seq, Value, unknown
from ..keras import calls as keras_calls
from ..keras.models import ModelClass, Subclassed
from .scopes import Env
from .syntax import dotted_name

# The most of the file's budget one batch of a sequence may take: loading
# code that loops over files is not followed further than that.
SEQUENCE_BATCH_BUDGET = 5_000


class ClassesMixin:
    """Making and calling instances of the user's Keras classes."""

    def instantiate_keras(self, cls: ModelClass, args: CallArgs, node: ast.Call, env: Env) -> Value:
        """``model = Net(...)``: ``__init__`` run on the new instance."""
        obj = Instance(cls)
        init = cls.methods.get("__init__")
        if init is not None:
            self.call_method(obj, init, args, node, env, None)
        return keras_calls.subclass_instance(self, cls, obj, node)

    def run_method(self, obj: Instance, name: str, values: List[Value], node: ast.AST,
                   keywords: Optional[Dict[str, Value]] = None) -> Value:
        """What the method ``name`` of ``obj`` returns when Keras calls it with
        ``values`` (and ``keywords``)."""
        fn = obj.cls.methods.get(name)
        if fn is None:
            return unknown(name)
        keywords = dict(keywords or {})
        args = CallArgs(list(values), [node] * len(values), keywords)
        return self.call_method(obj, fn, args, node, Env(), None)

    def call_subclassed(self, model: Subclassed, args: CallArgs, node: ast.Call, env: Env) -> Value:
        """``model(x)``: the model, built by it, is rebound under its name."""
        result, updated = keras_calls.call_subclassed(self, model, args, node)
        key = dotted_name(node.func)
        if updated is not None and key:
            env.bind(key, updated)
        return result

    def sequence_batches(self, obj: Instance, site: ast.AST) -> Batches:
        """The batches of a ``keras.utils.Sequence`` as Keras reads them: its
        ``__getitem__(0)``, the batch Keras takes first, read as a generator's
        yield is.  Unknown when the batch cannot be followed within its budget."""
        if "__getitem__" not in obj.cls.methods:
            return Batches(None)
        try:
            with self.ctx.budget.allowance(SEQUENCE_BATCH_BUDGET):
                batch = self.run_method(obj, "__getitem__", [Int(const(0))], site)
        except BudgetExceeded:
            return Batches(None)
        return stage("python.generators").batches_of([as_batch_tuple(batch)], opaque=False)


def as_batch_tuple(batch: Value) -> Value:
    """Keras reads a list returned as a batch as the tuple ``(x, y, ...)``."""
    if isinstance(batch, Seq) and batch.kind == "list":
        return Seq(batch.items, "tuple")
    return batch
