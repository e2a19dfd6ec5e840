"""What a ``Lambda`` layer's function does to a shape.

``Lambda(lambda x: tf.expand_dims(x, -1))``, ``Lambda(K.squeeze, ...)`` or a
small ``def`` that returns such an expression: when the layer is made, its
function is read once into a ``Program``, a tree of the modelled tensor ops
(``tensor_ops``) over the layer's input, with every other argument evaluated
where the function is defined (``-1``, ``(-1, n_steps, 1)``).  The layer's
shape rule then runs the program on whatever shape reaches it, as often as
the layer is applied, without the interpreter.

A function made of anything else (a call we do not model, a loop, an
attribute of the input) gives no program: the Lambda's output stays unknown.
Reading is bounded by the function's size (``MAX_NODES``) and by the
interpreter's budget for the arguments it evaluates.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple, Union

from . import op_names
from ..core.arguments import CallArgs
from ..core.records import Entity
from ..core.shapes import Shape, dims_equal
from ..core.values import Const, Float, Function, Int, Ref, Seq, Value

MAX_NODES = 200      # a Lambda's function is a line or two; a bigger one is not read


class Program(Value, Entity):
    """A shape computation over a Lambda's input."""

    __slots__ = ()

    def run(self, shape: Tuple) -> Shape:
        raise NotImplementedError


class Input(Program):
    """The layer's input itself."""

    def run(self, shape: Tuple) -> Shape:
        return shape


class Hole(Value, Entity):
    """The place of the ``index``-th tensor sub-expression in an op's arguments."""

    __slots__ = FIELDS = ("index",)

    def __init__(self, index: int):
        self.index = index


class Op(Program):
    """A modelled op; its tensor arguments are holes filled by ``parts``."""

    __slots__ = FIELDS = ("namespace", "name", "args", "parts")

    def __init__(self, namespace: str, name: str, args: CallArgs, parts: Tuple[Program, ...]):
        self.namespace = namespace
        self.name = name
        self.args = args
        self.parts = parts

    def run(self, shape: Tuple) -> Shape:
        shapes = [part.run(shape) for part in self.parts]

        def shape_of(value: Value) -> Shape:
            return shapes[value.index] if isinstance(value, Hole) else None
        return op_names.models().output_shape(self.namespace, self.name, self.args, shape_of)


class Elementwise(Program):
    """Arithmetic of tensors with numbers, or of tensors of one shape."""

    __slots__ = FIELDS = ("parts",)

    def __init__(self, parts: Tuple[Program, ...]):
        self.parts = parts

    def run(self, shape: Tuple) -> Shape:
        shapes = [part.run(shape) for part in self.parts]
        first = shapes[0]
        if first is None or any(s is None or len(s) != len(first)
                                or not all(a is b or dims_equal(a, b) for a, b in zip(first, s))
                                for s in shapes[1:]):
            return None
        return first


class NotFollowed(Exception):
    """The function does something no program can say."""


def read_function(interp, function: Value) -> Optional[Program]:
    """The program of a Lambda's function, or None."""
    if isinstance(function, Ref):
        op = op_names.op_of(function.qualname)
        return Op(op[0], op[1], CallArgs([Hole(0)]), (Input(),)) if op is not None else None
    if not isinstance(function, Function):
        return None
    node = function.node
    params = list(node.args.posonlyargs) + list(node.args.args)
    if not params or sum(1 for _ in ast.walk(node)) > MAX_NODES:
        return None
    owner = function.owner if function.owner is not None else interp
    env = function.closure if function.closure is not None else owner.module_now
    reader = Reader(owner, env, params[0].arg)
    try:
        if isinstance(node, ast.Lambda):
            return reader.program(node.body)
        return reader.body(node.body)
    except NotFollowed:
        return None


class Reader:
    """Reads one function: its parameter is the input, its simple local
    assignments are remembered, anything else is evaluated where the function
    is defined."""

    def __init__(self, interp, env, param: str):
        self.interp = interp
        self.env = env
        self.locals: Dict[str, Union[Program, Value]] = {param: Input()}

    def body(self, statements: List[ast.stmt]) -> Program:
        for stmt in statements:
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                continue        # the docstring
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
                    and isinstance(stmt.targets[0], ast.Name):
                value = stmt.value
                self.locals[stmt.targets[0].id] = self.program(value) if self.uses_locals(value) \
                    else self.interp.eval(value, self.env)
                continue
            if isinstance(stmt, ast.Return) and stmt.value is not None:
                return self.program(stmt.value)
            raise NotFollowed
        raise NotFollowed

    def uses_locals(self, node: ast.AST) -> bool:
        return any(isinstance(n, ast.Name) and n.id in self.locals for n in ast.walk(node))

    def program(self, node: ast.AST) -> Program:
        if isinstance(node, ast.Name) and isinstance(self.locals.get(node.id), Program):
            return self.locals[node.id]
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.BinOp):
            return self.arithmetic([node.left, node.right])
        if isinstance(node, ast.UnaryOp) and not isinstance(node.op, ast.Not):
            return self.arithmetic([node.operand])
        raise NotFollowed

    def call(self, node: ast.Call) -> Program:
        if self.uses_locals(node.func):
            raise NotFollowed          # a method of the input (x.reshape) or a local callee
        callee = self.interp.eval(node.func, self.env)
        op = op_names.op_of(callee.qualname) if isinstance(callee, Ref) else None
        if op is None or any(isinstance(a, ast.Starred) for a in node.args) \
                or any(k.arg is None for k in node.keywords):
            raise NotFollowed
        parts: List[Program] = []
        args = CallArgs([self.value(a, parts) for a in node.args], list(node.args),
                        {k.arg: self.value(k.value, parts) for k in node.keywords},
                        {k.arg: k for k in node.keywords})
        if not parts:
            raise NotFollowed          # no tensor goes in: not about the input
        return Op(op[0], op[1], args, tuple(parts))

    def arithmetic(self, operands: List[ast.AST]) -> Program:
        parts = []
        for operand in operands:
            if self.uses_locals(operand):
                found = self.locals.get(operand.id) if isinstance(operand, ast.Name) else None
                if isinstance(found, Value) and not isinstance(found, Program):
                    if not is_number(found):
                        raise NotFollowed
                    continue
                parts.append(self.program(operand))
            elif not is_number(self.interp.eval(operand, self.env)):
                raise NotFollowed      # an array or a tensor from elsewhere may broadcast
        if not parts:
            raise NotFollowed
        return Elementwise(tuple(parts))

    def value(self, node: ast.AST, parts: List[Program]) -> Value:
        """An argument: a hole for a tensor expression, a tuple of them, or its value."""
        if not self.uses_locals(node):
            return self.interp.eval(node, self.env)
        if isinstance(node, (ast.Tuple, ast.List)):
            return Seq(tuple(self.value(e, parts) for e in node.elts),
                       "list" if isinstance(node, ast.List) else "tuple")
        if isinstance(node, ast.Name) and not isinstance(self.locals.get(node.id), Program):
            return self.locals[node.id]
        parts.append(self.program(node))
        return Hole(len(parts) - 1)


def is_number(value: Value) -> bool:
    return isinstance(value, (Int, Float)) or (isinstance(value, Const)
                                               and isinstance(value.value, (int, float))
                                               and not isinstance(value.value, bool))
