"""Instances of the user's Keras classes: ``keras.Model`` and
``keras.layers.Layer`` subclasses.

``Net(units=32)`` runs ``__init__`` on a fresh instance as for any class of the
file, so its attributes are the layers and numbers ``__init__`` made; what the
instance is to Keras (a model, a layer) is ``keras.subclassed``'s to say.
Keras later calls the instance's ``build`` and ``call``: ``run_method`` is how
the Keras model asks for them, bounded like every call of the file's functions
(``MAX_CALL_DEPTH``, never recursively).
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional

from ..core.arguments import CallArgs
from ..core.values import Instance, Value, unknown
from ..keras import calls as keras_calls
from ..keras.models import ModelClass, Subclassed
from .scopes import Env
from .syntax import dotted_name


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
