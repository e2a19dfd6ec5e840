"""Expressions: the value of each kind of node.

``eval`` dispatches on the node's type to ``eval_<Node>``; a node nested
deeper than ``MAX_DEPTH`` or of a kind not modelled is simply unknown.
Attributes of library values are asked of the library models, in the order
``libraries.ATTRIBUTE_MODELS`` gives.
"""

from __future__ import annotations

import ast
import os
from typing import Dict, Optional

from ..libs import arrays
from ..keras import calls as keras_calls
from ..core.joins import join_values
from ..core.shapes import Poly
from ..core.values import (Array, Const, Float, Instance, Int, ListOf, Mapping, Origin, Ref, Seq,
                           Unknown, Value, fresh_key, unknown)
from .bindings import COMPREHENSION
from .builtins import BUILTINS
from .iteration import element_of, length_of
from .libraries import ATTRIBUTE_MODELS
from .project_refs import ProjectRef
from .scopes import Env
from .syntax import dotted_name

MAX_DEPTH = 120          # expression nesting we follow
MAX_INT_BITS = 128       # larger integers are not computed (10**10**10 stays symbolic)
MAX_SEQ = 256            # longer tuple/list results are not built
SMALL_INTS: Dict[int, Int] = {}  # immutable values: one per small constant is enough


class ExpressionsMixin:
    """The ``eval_*`` handlers of the interpreter."""

    def origin_at(self, line: int) -> Origin:
        """Line ``line`` of the module being run, as an origin for messages."""
        other = os.path.basename(self.ctx.filename) if self.ctx.muted else None
        return Origin(line, self.ctx.statement_text(line), other)

    def eval(self, node: Optional[ast.AST], env: Env) -> Value:
        if node is None:
            return Const(None)
        self.ctx.budget.tick()
        if self.depth >= MAX_DEPTH:
            return unknown()
        self.depth += 1
        try:
            handler = getattr(self, "eval_" + type(node).__name__, None)
            return handler(node, env) if handler is not None else unknown()
        finally:
            self.depth -= 1

    def resolve(self, ref: ProjectRef) -> Value:
        if self.project is None:
            return Unknown(("project", ref.module, ref.name, ref.level), ref.name)
        return self.project.resolve(ref)

    def eval_Constant(self, node: ast.Constant, env: Env) -> Value:
        v = node.value
        if isinstance(v, bool) or v is None or isinstance(v, (str, bytes, complex)) or v is Ellipsis:
            return Const(v)
        if isinstance(v, int):
            if v.bit_length() > MAX_INT_BITS:
                return unknown()
            small = SMALL_INTS.get(v)
            if small is None:
                small = Int(Poly.const(v))
                if -1024 <= v <= 1024:
                    SMALL_INTS[v] = small
            return small
        if isinstance(v, float):
            return Float(v)
        return unknown()

    def eval_Name(self, node: ast.Name, env: Env) -> Value:
        value = env.lookup(node.id)
        if isinstance(value, ProjectRef) and value.name:
            value = self.resolve(value)
            env.bind(node.id, value)
        if value is not None:
            return value
        if node.id in BUILTINS:
            return Ref(f"builtins.{node.id}")
        for module in self.star_modules:
            resolved = keras_calls.star_import(module, node.id)
            if resolved is not None:
                return resolved
        return Unknown(("free", node.id), node.id)

    def eval_Attribute(self, node: ast.Attribute, env: Env) -> Value:
        key = dotted_name(node)
        if key:
            known = env.lookup(key)
            if known is not None:
                return known
        base = self.eval(node.value, env)
        if isinstance(base, Ref):
            return base.attr(node.attr)
        if isinstance(base, ProjectRef) and not base.name:      # import config; config.N
            return self.resolve(ProjectRef(base.module, node.attr, 0))
        if isinstance(base, Instance):
            found = base.attribute(node.attr)
            return found if found is not None else unknown(self.ctx.source(node))
        result = None
        for model in ATTRIBUTE_MODELS:
            result = model(self, base, node.attr, node)
            if result is not None:
                result = self.stamp_array(result, node)
                break
        if result is None:
            if isinstance(base, Unknown):
                return Unknown(base.key + ("." + node.attr,), f"{base.name}.{node.attr}")
            return unknown(self.ctx.source(node))
        return result

    def eval_Subscript(self, node: ast.Subscript, env: Env) -> Value:
        base = self.eval(node.value, env)
        if isinstance(base, Mapping):
            key = self.eval(node.slice, env)
            held = base.get(key.value) if isinstance(key, Const) and isinstance(key.value, str) \
                else None
            return held if held is not None else unknown("dict item")
        return self.stamp_array(arrays.subscript(self, base, node.slice, env, node), node)

    def eval_Tuple(self, node, env: Env) -> Value:
        return self.sequence(node.elts, env, "tuple")

    def eval_List(self, node, env: Env) -> Value:
        return self.sequence(node.elts, env, "list")

    def sequence(self, elts, env: Env, kind: str) -> Value:
        if len(elts) > MAX_SEQ:
            return unknown()
        items = []
        for elt in elts:
            if isinstance(elt, ast.Starred):
                inner = self.eval(elt.value, env)
                if isinstance(inner, Seq):
                    items.extend(inner.items)
                    continue
                return ListOf(None, Poly.symbol(fresh_key("len"), "len"), None) if kind == "list" \
                    else unknown()
            items.append(self.eval(elt, env))
        return Seq(tuple(items), kind)

    def eval_Set(self, node, env):
        for elt in node.elts[:MAX_SEQ]:
            self.eval(elt, env)
        return unknown()

    def eval_Dict(self, node, env):
        """A dict whose keys are all string constants is a ``Mapping`` (named
        model inputs read it); any other (``**rest``, computed keys) is unknown."""
        keys, values = [], []
        for k, v in list(zip(node.keys, node.values))[:MAX_SEQ]:
            key = self.eval(k, env) if k is not None else None
            values.append(self.eval(v, env))
            keys.append(key.value if isinstance(key, Const) and isinstance(key.value, str) else None)
        if len(node.keys) > MAX_SEQ or None in keys or len(set(keys)) != len(keys):
            return unknown("dict")
        return Mapping(tuple(keys), tuple(values))

    def eval_BinOp(self, node: ast.BinOp, env: Env) -> Value:
        return self.binop(node.op, self.eval(node.left, env), self.eval(node.right, env), node)

    def binop(self, op: ast.operator, a: Value, b: Value, node: ast.AST) -> Value:
        return arrays.binop(self, op, a, b, node)

    def eval_UnaryOp(self, node: ast.UnaryOp, env: Env) -> Value:
        v = self.eval(node.operand, env)
        if isinstance(node.op, ast.USub):
            if isinstance(v, Int):
                return Int(-v.poly, numpy=v.numpy)
            if isinstance(v, Float):
                return Float(-v.value if v.value is not None else None)
        if isinstance(node.op, ast.UAdd) and isinstance(v, (Int, Float)):
            return v
        if isinstance(node.op, ast.Not) and isinstance(v, Const) and isinstance(v.value, bool):
            return Const(not v.value)
        if isinstance(v, Array):
            return v
        return unknown()

    def eval_BoolOp(self, node, env):
        values = [self.eval(v, env) for v in node.values]
        if all(isinstance(v, Const) and isinstance(v.value, bool) for v in values):
            if isinstance(node.op, ast.And):
                return Const(all(v.value for v in values))
            return Const(any(v.value for v in values))
        return unknown()

    def eval_Compare(self, node: ast.Compare, env: Env) -> Value:
        left = self.eval(node.left, env)
        rights = [self.eval(c, env) for c in node.comparators]
        if len(rights) == 1:
            folded = compare(node.ops[0], left, rights[0])
            if folded is not None:
                return Const(folded)
        if isinstance(left, Array):
            return Array(left.shape, dtype="bool")
        return unknown()

    def eval_IfExp(self, node: ast.IfExp, env: Env) -> Value:
        test = self.eval(node.test, env)
        if isinstance(test, Const) and isinstance(test.value, bool):
            return self.eval(node.body if test.value else node.orelse, env)
        return join_values([self.eval(node.body, env), self.eval(node.orelse, env)],
                           self.ctx.source(node))

    def eval_NamedExpr(self, node, env):
        value = self.eval(node.value, env)
        self.assign(node.target, value, env.binding_scope())
        return value

    def eval_Lambda(self, node, env):
        # as a ``def``: its defaults evaluated here, and the enclosing function's
        # names are the ones its body reads
        return self.function_value(node, env)

    def eval_JoinedStr(self, node, env):
        return unknown("str")

    def eval_ListComp(self, node: ast.ListComp, env: Env) -> Value:
        """``[seq[i:i + n] for i in range(...)]``: a list of unknown length whose
        elements are what the element expression gives for one iteration."""
        inner = Env(env, scope=COMPREHENSION)     # its targets are its own: they do not leak
        length = None
        for gen in node.generators:
            iterable = self.eval(gen.iter, inner)
            self.assign(gen.target, element_of(iterable), inner)
            if len(node.generators) == 1 and not gen.ifs:
                length = length_of(iterable)
        elem = self.eval(node.elt, inner)
        return ListOf(elem, length or Poly.symbol(fresh_key("len"), "len"), None)

    def eval_GeneratorExp(self, node, env):
        return unknown()

    eval_SetComp = eval_DictComp = eval_GeneratorExp

    def eval_Starred(self, node, env):
        return self.eval(node.value, env)

    def eval_Await(self, node, env):
        return unknown()

    def eval_Yield(self, node, env):
        """A generator's batch: kept for what its caller gives to ``fit``; the
        value sent back in is unknown."""
        frame = self.frames[-1]
        if node.value is None:
            frame.opaque_yield = True
        else:
            frame.yields.append(self.stamp_array(self.eval(node.value, env), node))
        return unknown("yield")

    def eval_YieldFrom(self, node, env):
        self.eval(node.value, env)
        self.frames[-1].opaque_yield = True
        return unknown("yield")

    def stamp_array(self, value: Value, node: Optional[ast.AST]) -> Value:
        """An array without a known origin gets the line of the expression (or
        statement) that made it, for messages."""
        if isinstance(value, Array) and value.origin is None and node is not None:
            return Array(value.shape, self.origin_at(node.lineno), value.key, value.dtype,
                         value.kind, value.one_hot)
        return value


def compare(op: ast.cmpop, a: Value, b: Value) -> Optional[bool]:
    if isinstance(a, Int) and isinstance(b, Int):
        x, y = a.poly.value, b.poly.value
        if x is None or y is None:
            return None
    elif isinstance(a, Const) and isinstance(b, Const):
        x, y = a.value, b.value
    else:
        return None
    try:
        if isinstance(op, ast.Eq):
            return x == y
        if isinstance(op, ast.NotEq):
            return x != y
        if isinstance(op, ast.Is):
            return x is y if x is None or y is None else None
        if isinstance(op, ast.IsNot):
            return x is not y if x is None or y is None else None
        if isinstance(op, ast.Lt):
            return x < y
        if isinstance(op, ast.LtE):
            return x <= y
        if isinstance(op, ast.Gt):
            return x > y
        if isinstance(op, ast.GtE):
            return x >= y
    except TypeError:
        return None
    return None
