"""Calls: to library models, to the file's own functions and classes, and
into the user's other modules.

A call to a library name (``keras.layers.LSTM``, ``np.zeros``, ``len``) is
offered to the models of ``libraries.CALL_MODELS`` in turn; a method of a
library value to ``libraries.METHOD_MODELS``.  A function of the file runs
with the caller's arguments (at most ``MAX_CALL_DEPTH`` deep, never
recursively); one of another module runs in that module's interpreter on a
bounded part of the budget.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

from ..keras import calls as keras_calls
from ..keras.models import ModelClass, Subclassed
from ..core import stage
from ..core.arguments import CallArgs
from ..core.context import BudgetExceeded
from ..core.joins import join_values
from ..core.values import Const, Function, Instance, Mapping, Ref, Seq, UserClass, Value, unknown
from .libraries import CALL_MODELS, METHOD_MODELS
from .scopes import Env
from .syntax import call_name, dotted_name, self_name

MAX_CALL_DEPTH = 3       # nested calls into the file's own functions
FOREIGN_CALL_BUDGET = 30_000   # steps for one call into another module of the project


class Frame:
    """A function being interpreted: its return values and the loops it is in."""

    __slots__ = ("returns", "yields", "opaque_yield", "loops")

    def __init__(self):
        self.returns: List[Value] = []
        self.yields: List[Value] = []          # what a generator's ``yield``s give
        self.opaque_yield = False              # a ``yield from`` or a bare ``yield``: unseen batches
        self.loops: List[Tuple[List[Env], Env]] = []     # (exits, env before)


class CallsMixin:
    """Calls, user functions and classes, methods, and calls into other modules."""

    def eval_args(self, node: ast.Call, env: Env) -> CallArgs:
        args = CallArgs()
        for arg in node.args:
            if isinstance(arg, ast.Starred) or args.star:
                # Past a *args the positions of what follows are unknown.
                args.star = True
                self.eval(arg, env)
                continue
            args.positional.append(self.eval(arg, env))
            args.pos_nodes.append(arg)
        for kw in node.keywords:
            if kw.arg is None:
                args.double_star = True
                self.eval(kw.value, env)
                continue
            args.keywords[kw.arg] = self.eval(kw.value, env)
            args.kw_nodes[kw.arg] = kw
        return args

    def eval_Call(self, node: ast.Call, env: Env) -> Value:
        return self.stamp_array(self.call_expression(node, env), node)

    def call_expression(self, node: ast.Call, env: Env) -> Value:
        func = node.func
        if isinstance(func, ast.Attribute):
            key = dotted_name(func.value)
            receiver = env.lookup(key) if key else None
            if receiver is None:
                receiver = self.eval(func.value, env)
            if isinstance(receiver, Ref):
                callee: Value = receiver.attr(func.attr)
            else:
                args = self.eval_args(node, env)
                result, updated = self.method(receiver, func.attr, args, node, env)
                if updated is not None and key:
                    env.bind(key, updated)
                return result
        else:
            callee = self.eval(func, env)
        args = self.eval_args(node, env)
        return self.call(callee, args, node, env)

    def call(self, callee: Value, args: CallArgs, node: ast.Call, env: Env) -> Value:
        if isinstance(callee, Ref):
            for model in CALL_MODELS:
                result = model(self, callee.qualname, args, node)
                if result is not None:
                    return result
            return unknown(call_name(node))
        if isinstance(callee, Function):
            return self.call_function(callee, args, node, env)
        if isinstance(callee, ModelClass):
            return self.instantiate_keras(callee, args, node, env)
        if isinstance(callee, UserClass):
            return self.instantiate(callee, args, node, env)
        if isinstance(callee, Subclassed):
            return self.call_subclassed(callee, args, node, env)
        result = keras_calls.apply(self, callee, args, node)
        if result is not None:
            return result
        return unknown(call_name(node))

    def instantiate(self, cls: UserClass, args: CallArgs, node: ast.Call, env: Env) -> Value:
        """``obj = Cls(...)``: a new instance, its ``__init__`` run on it."""
        obj = Instance(cls)
        init = cls.methods.get("__init__")
        if init is not None:
            self.call_method(obj, init, args, node, env, None)
        return obj

    def call_method(self, obj: Instance, fn: Function, args: CallArgs, node: ast.Call,
                    caller: Env, key: Optional[str]) -> Value:
        """``obj.method(...)``: the method runs with ``self`` bound to ``obj`` and
        its attributes bound as ``self.<name>``.  What the caller set on
        ``key.<name>`` (``self.x`` inside another method) goes to the object
        first, and what the method set comes back to the caller after."""
        if key:
            take_attributes(caller, key, obj)
        bound = CallArgs([obj] + args.positional, [node] + args.pos_nodes, args.keywords,
                         args.kw_nodes, args.star, args.double_star)
        result = self.call_function(fn, bound, node, caller, instance=obj)
        if key:
            bind_attributes(caller, key, obj.attrs)
        return result

    def method(self, receiver: Value, name: str, args: CallArgs, node: ast.Call, env: Env):
        """A method call: (result, the receiver's new value or None)."""
        if isinstance(receiver, Instance):
            fn = receiver.cls.methods.get(name)
            if fn is None:      # an attribute called: ``self.lstm(x)`` in a model's ``call``
                held = attribute_value(receiver, node.func, env)
                if held is None:
                    return unknown(call_name(node)), None
                return self.call(held, args, node, env), None
            return self.call_method(receiver, fn, args, node, env, dotted_name(node.func.value)), None
        if isinstance(receiver, Mapping):
            return mapping_method(receiver, name)
        for model in METHOD_MODELS:
            result = model(self, receiver, name, args, node)
            if result is not None:
                return result
        return unknown(call_name(node)), None

    def call_function(self, fn: Function, args: CallArgs, node: ast.Call, caller: Env,
                      instance: Optional[Instance] = None) -> Value:
        """Interpret a function of the file with the caller's arguments.

        A model or list the function grows through a parameter
        (``def add_layers(model): model.add(...)``) is grown for the caller too.
        For a method, ``instance`` is its ``self``: its attributes go in as
        ``self.<name>`` and what the method sets there goes back to it.
        """
        fdef = fn.node
        if fn.owner is not None and fn.owner is not self:
            return self.call_foreign(fn, args, node)
        if len(self.active) >= MAX_CALL_DEPTH or any(a is fdef for a in self.active) \
                or args.open_ended:
            return unknown(self.ctx.source(node, 30))
        env = Env(fn.closure if fn.closure is not None else self.module_now, scope=self.scope_of(fdef))
        bind_params(fdef, fn.scope, args, env)
        if isinstance(fdef, ast.Lambda):
            return self.call_lambda(fdef, env)
        this = self_name(fdef) if instance is not None else None
        if this is not None:
            bind_attributes(env, this, {**instance.cls.attrs, **instance.attrs})
        self.called.add(id(fdef))
        frame = Frame()
        self.frames.append(frame)
        self.active.append(fdef)
        self.ctx.call_depth += 1
        try:
            if self.exec_block(fdef.body, env):
                frame.returns.append(Const(None))
        finally:
            self.ctx.call_depth -= 1
            self.active.pop()
            self.frames.pop()
        if this is not None and env.lookup(this) is instance:
            take_attributes(env, this, instance)
        else:
            self.write_back(fdef, args, node, env, caller)
        if self.generator_function(fdef):
            return stage("python.generators").batches_of(frame.yields, frame.opaque_yield)
        return join_values(frame.returns, fdef.name + "()") if frame.returns else Const(None)

    def call_lambda(self, fdef: ast.Lambda, env: Env) -> Value:
        """``reshape_3 = lambda x: x.values.reshape(...)`` called: its one
        expression, evaluated with the parameters bound."""
        self.called.add(id(fdef))
        self.frames.append(Frame())
        self.active.append(fdef)
        self.ctx.call_depth += 1
        try:
            return self.eval(fdef.body, env)
        finally:
            self.ctx.call_depth -= 1
            self.active.pop()
            self.frames.pop()

    def call_back(self, fn: Function, values: List[Value], node: ast.Call) -> Value:
        """What a function of the file returns when a library calls it with
        ``values`` (``Dataset.map(fn)``).  A lambda whose parameters do not
        take exactly those values would raise there: unknown."""
        lam = fn.node
        if isinstance(lam, ast.Lambda):
            params = lam.args.posonlyargs + lam.args.args
            if lam.args.vararg or lam.args.kwonlyargs or len(params) != len(values):
                return unknown("lambda")
        return self.call_function(fn, CallArgs(list(values), [node] * len(values)), node, Env())

    def call_foreign(self, fn: Function, args: CallArgs, node: ast.Call) -> Value:
        """A function of another module runs in that module's interpreter, with
        nothing reported there, on at most ``FOREIGN_CALL_BUDGET`` of this
        file's budget."""
        owner = fn.owner
        if len(self.active) + len(owner.active) >= MAX_CALL_DEPTH:
            return unknown(self.ctx.source(node, 30))
        saved = owner.ctx.budget
        owner.ctx.budget = self.ctx.budget
        owner.active.extend(self.active)
        try:
            with self.ctx.budget.allowance(FOREIGN_CALL_BUDGET):
                return owner.call_function(fn, args, node, Env())
        except BudgetExceeded:
            return unknown(self.ctx.source(node, 30))
        finally:
            del owner.active[len(owner.active) - len(self.active):]
            owner.ctx.budget = saved

    def write_back(self, fdef, args: CallArgs, node: ast.Call, env: Env, caller: Env) -> None:
        positional = list(fdef.args.posonlyargs) + list(fdef.args.args)
        passed = list(zip(positional, node.args))
        passed += [(p, args.kw_nodes[p.arg].value) for p in positional if p.arg in args.kw_nodes]
        for param, arg_node in passed:
            key = dotted_name(arg_node)
            before = caller.lookup(key) if key else None
            after = env.vars.get(param.arg)
            if before is not None and after is not None and after is not before \
                    and keras_calls.is_growable(before):
                caller.bind(key, after)


# The dict methods that leave a dict as it was; any other may change its keys or values.
READING_DICT_METHODS = frozenset({"get", "keys", "values", "items", "copy", "__contains__"})


def mapping_method(receiver: Mapping, name: str):
    """A method of a dict of known keys: (result, new value of the dict).
    ``copy`` is the same dict; ``update``, ``pop``, ``setdefault``, ... may
    change it in ways not followed, so it becomes unknown."""
    if name == "copy":
        return receiver, None
    if name in READING_DICT_METHODS:
        return unknown(f"dict.{name}()"), None
    return unknown(f"dict.{name}()"), unknown("dict")


def attribute_value(obj: Instance, func: ast.Attribute, env: Env) -> Optional[Value]:
    """``obj.name`` as the running code sees it: what a method being run has set
    on ``self.name`` first, then the object's attribute."""
    key = dotted_name(func)
    held = env.lookup(key) if key else None
    return held if held is not None else obj.attribute(func.attr)


def take_attributes(env: Env, key: str, obj: Instance) -> None:
    """What ``env`` binds as ``key.<name>`` becomes the object's attribute ``<name>``."""
    prefix = key + "."
    for name, value in list(env.vars.items()):
        if name.startswith(prefix):
            obj.attrs[name[len(prefix):]] = value


def bind_attributes(env: Env, key: str, attrs: Dict[str, Value]) -> None:
    """The object's attributes, bound in ``env`` as ``key.<name>``."""
    for name, value in attrs.items():
        env.bind(f"{key}.{name}", value)


def bind_params(fdef, scope, args: CallArgs, env: Env) -> None:
    defaults, kw_defaults = scope if scope else ([], [])
    a = fdef.args
    positional = list(a.posonlyargs) + list(a.args)
    first_default = len(positional) - len(defaults)
    for i, param in enumerate(positional):
        if i < len(args.positional):
            value = args.positional[i]
        elif param.arg in args.keywords:
            value = args.keywords[param.arg]
        elif i >= first_default:
            value = defaults[i - first_default]
        else:
            value = unknown(param.arg)
        env.bind(param.arg, value)
    for i, param in enumerate(a.kwonlyargs):
        if param.arg in args.keywords:
            value = args.keywords[param.arg]
        elif i < len(kw_defaults) and kw_defaults[i] is not None:
            value = kw_defaults[i]
        else:
            value = unknown(param.arg)
        env.bind(param.arg, value)
    if a.vararg:
        env.bind(a.vararg.arg, Seq(tuple(args.positional[len(positional):]), "tuple"))
    if a.kwarg:
        env.bind(a.kwarg.arg, unknown(a.kwarg.arg))
