"""An abstract interpreter over the tree flake8 already parsed.

It walks each scope's statements in order, keeping ``name -> Value``.  Python
itself is modelled only as far as shapes need: constants and arithmetic, tuples
and lists, ``len``/``range``/``int``, branches (joined), loops (run once, or
unrolled over a short literal), functions of the file (called with the
caller's arguments, and also analysed on their own with unknown parameters).
Keras and NumPy calls are handed to ``keras.calls`` and ``libs.arrays``.

Nothing is imported or executed; every step costs budget (``Context.budget``),
and an expression nested deeper than ``MAX_DEPTH`` is simply unknown.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from ..libs import arrays
from ..keras import calls as keras_calls
from ..core.arguments import CallArgs
from ..core.context import BudgetExceeded, Context
from ..keras.models import ModelClass
from .modules import ProjectRef, is_library
from .scopes import Env, join_envs
from ..core.joins import join_values
from ..core.shapes import Poly
from ..core.values import (Array, Const, Float, Function, Instance, Int, ListOf, Origin, Ref, Seq,
                           Unknown, UserClass, Value, fresh_key, to_poly, unknown)

MAX_DEPTH = 120          # expression nesting we follow
MAX_CALL_DEPTH = 3       # nested calls into the file's own functions
MAX_UNROLL = 12          # a loop over a literal this short is unrolled
MAX_INT_BITS = 128       # larger integers are not computed (10**10**10 stays symbolic)
MAX_SEQ = 256            # longer tuple/list results are not built
FOREIGN_CALL_BUDGET = 30_000   # steps for one call into another module of the project
SMALL_INTS: Dict[int, Int] = {}  # immutable values: one per small constant is enough

BUILTINS = {"len", "int", "float", "range", "list", "tuple", "round", "min", "max", "abs",
            "print", "zip", "enumerate", "sorted", "sum", "bool", "str", "isinstance", "type",
            "reversed", "map", "filter", "dict", "set", "open", "super", "divmod"}


@dataclass
class Frame:
    """A function being interpreted: its return values and the loops it is in."""

    returns: List[Value] = field(default_factory=list)
    loops: List[Tuple[List[Env], Env]] = field(default_factory=list)  # (exits, env before)


class Interpreter:
    def __init__(self, ctx: Context, project=None):
        self.ctx = ctx
        self.project = project          # the user's other modules (python.modules.Project)
        self.globals = Env()
        self.star_modules: List[str] = []
        self.frames: List[Frame] = [Frame()]
        self.active: List[ast.AST] = []        # functions being called (no recursion)
        self.depth = 0
        self.statement: Optional[ast.stmt] = None
        self.functions: List[Tuple[ast.AST, Optional[str]]] = []
        self.called: set = set()              # functions interpreted for a call site
        self.single_bindings: Optional[Dict[str, int]] = None

    # -- entry points -----------------------------------------------------------
    def run_module(self, tree: ast.Module) -> None:
        self.exec_block(tree.body, self.globals)
        if any(id(node) not in self.called for node, _ in self.functions):
            self.single_bindings = count_module_bindings(tree)
            self.analyze_functions_alone()

    def run_imported(self, tree: ast.Module) -> None:
        """A neighbour module, read for the names the linted file imports from
        it: its statements only (its functions run when the linted file calls them)."""
        self.exec_block(tree.body, self.globals)

    def analyze_functions_alone(self) -> None:
        """Each function and method once more, on its own, parameters unknown.

        Globals it reads are the module's only where the module binds them
        once: a later rebinding would make the value at call time a guess.
        """
        module_env = Env()
        for name, value in self.globals.vars.items():
            if self.single_bindings.get(name.split(".", 1)[0], 0) <= 1:
                module_env.vars[name] = value
        for node, _cls in self.functions:
            if id(node) in self.called:
                continue      # already followed with the arguments of a real call
            env = Env(module_env)
            for arg in all_params(node):
                env.bind(arg.arg, Unknown(("param", id(node), arg.arg), arg.arg))
            self.frames.append(Frame())
            try:
                self.exec_block(node.body, env)
            finally:
                self.frames.pop()

    # -- statements -----------------------------------------------------------------
    def exec_block(self, stmts: List[ast.stmt], env: Env) -> bool:
        """Run statements in order; False when the path ends (return, raise, ...)."""
        for stmt in stmts:
            if not self.exec_stmt(stmt, env):
                return False
        return True

    def exec_stmt(self, stmt: ast.stmt, env: Env) -> bool:
        self.ctx.budget.tick()
        self.statement = stmt
        handler = getattr(self, "exec_" + type(stmt).__name__, None)
        if handler is None:
            return True
        result = handler(stmt, env)
        return result is not False

    def exec_Expr(self, node: ast.Expr, env: Env):
        self.eval(node.value, env)

    def exec_Assign(self, node: ast.Assign, env: Env):
        value = self.eval(node.value, env)
        value = self.name_value(value, node, node.targets)
        for target in node.targets:
            self.assign(target, value, env)

    def exec_AnnAssign(self, node: ast.AnnAssign, env: Env):
        if node.value is not None:
            value = self.name_value(self.eval(node.value, env), node, [node.target])
            self.assign(node.target, value, env)

    def exec_AugAssign(self, node: ast.AugAssign, env: Env):
        current = self.eval(node.target, env) if isinstance(node.target, (ast.Name, ast.Attribute)) \
            else unknown()
        value = self.binop(node.op, current, self.eval(node.value, env), node)
        self.assign(node.target, value, env)

    def exec_Import(self, node: ast.Import, env: Env):
        for alias in node.names:
            if alias.asname:
                env.bind(alias.asname, self.module_ref(alias.name))
            else:
                top = alias.name.split(".", 1)[0]
                env.bind(top, self.module_ref(top))

    def module_ref(self, module: str) -> Value:
        """A library module by name; a module that may be the user's own, lazily."""
        if is_library(module):
            return Ref(module)
        return ProjectRef(module, "", 0)

    def exec_ImportFrom(self, node: ast.ImportFrom, env: Env):
        module = node.module or ""
        for alias in node.names:
            if alias.name == "*":
                if not node.level:
                    self.star_modules.append(module)
                continue
            name = alias.asname or alias.name
            if node.level or not is_library(module):
                env.bind(name, ProjectRef(module, alias.name, node.level))
            else:
                env.bind(name, Ref(f"{module}.{alias.name}"))

    def function_value(self, node, env: Env) -> Function:
        """A function of this file, its default values evaluated where it is defined."""
        defaults = [self.eval(d, env) for d in node.args.defaults]
        kw_defaults = [self.eval(d, env) if d is not None else None for d in node.args.kw_defaults]
        return Function(node, (defaults, kw_defaults), self)

    def exec_FunctionDef(self, node, env: Env):
        env.bind(node.name, self.function_value(node, env))
        if not any(n is node for n, _ in self.functions):
            self.functions.append((node, None))

    exec_AsyncFunctionDef = exec_FunctionDef

    def exec_ClassDef(self, node: ast.ClassDef, env: Env):
        bases = [self.eval(base, env) for base in node.bases]
        if any(keras_calls.is_model_class(base) for base in bases):
            env.bind(node.name, ModelClass(node.name, node))
        else:
            env.bind(node.name, self.user_class(node, bases, env))
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if not any(n is item for n, _ in self.functions):
                    self.functions.append((item, node.name))

    def user_class(self, node: ast.ClassDef, bases: List[Value], env: Env) -> UserClass:
        """The class's plain methods (inherited ones from the file's own classes
        first) and the simple assignments of its body (``n_steps = 10``)."""
        methods: Dict[str, Function] = {}
        attrs: Dict[str, Value] = {}
        for base in bases:
            if isinstance(base, UserClass):
                methods.update(base.methods)
                attrs.update(base.attrs)
        for item in node.body:
            if isinstance(item, ast.FunctionDef) and not item.decorator_list:
                methods[item.name] = self.function_value(item, env)
            elif isinstance(item, ast.Assign) and len(item.targets) == 1 \
                    and isinstance(item.targets[0], ast.Name):
                attrs[item.targets[0].id] = self.eval(item.value, env)
        return UserClass(node.name, methods, attrs)

    def exec_Return(self, node: ast.Return, env: Env):
        value = self.eval(node.value, env) if node.value is not None else Const(None)
        self.frames[-1].returns.append(value)
        return False

    def exec_Raise(self, node, env):
        return False

    def exec_Break(self, node, env):
        loops = self.frames[-1].loops
        if loops:
            exits, base = loops[-1]
            snapshot = env.fork()
            # what changed since the loop began, for the join after the loop
            snapshot.dirty = {n for n, v in env.vars.items() if base.vars.get(n) is not v}
            snapshot.dirty |= {n for n in base.vars if n not in env.vars}
            exits.append(snapshot)
        return False

    exec_Continue = exec_Break

    def exec_Delete(self, node: ast.Delete, env: Env):
        for target in node.targets:
            key = dotted_name(target)
            if key:
                env.forget(key)

    def exec_Global(self, node: ast.Global, env: Env):
        for name in node.names:        # read and written elsewhere: not ours to follow
            env.bind(name, unknown(name))

    exec_Nonlocal = exec_Global

    def exec_If(self, node: ast.If, env: Env):
        test = self.eval(node.test, env)
        if isinstance(test, Const) and isinstance(test.value, bool):
            taken = node.body if test.value else node.orelse
            return self.exec_block(taken, env)
        return self.branches([node.body, node.orelse], env)

    def branches(self, blocks: List[List[ast.stmt]], env: Env) -> bool:
        ends = []
        for block in blocks:
            fork = env.fork()
            if self.exec_block(block, fork):
                ends.append(fork)
        if not ends:
            return False
        env.replace_with(join_envs(ends, env))
        return True

    def exec_Match(self, node, env: Env):
        self.eval(node.subject, env)
        blocks = [case.body for case in node.cases] + [[]]
        return self.branches(blocks, env)

    def exec_For(self, node: ast.For, env: Env):
        iterable = self.eval(node.iter, env)
        items = unrollable(iterable, node)
        if items is not None:
            for item in items:
                self.assign(node.target, item, env)
                if not self.exec_block(node.body, env):
                    return False
            return self.exec_block(node.orelse, env)
        count = length_of(iterable) if straight_body(node) else None
        return self.loop(node, env, lambda fork: self.assign(node.target, element_of(iterable), fork),
                         count)

    exec_AsyncFor = exec_For

    def exec_While(self, node: ast.While, env: Env):
        self.eval(node.test, env)
        return self.loop(node, env, lambda fork: None)

    def loop(self, node, env: Env, bind_target, count: Optional[Poly] = None) -> bool:
        """A loop that may run any number of times: once through, then joined
        with the state before it (zero iterations) and at each break.

        When the number of passes is known (``count``, a ``for`` without
        break/continue/return) a list that one pass grows by one item has
        ``count`` more items after the loop: the sliding-window idiom.
        """
        before = env.fork()
        fork = env.fork()
        bind_target(fork)
        frame = self.frames[-1]
        frame.loops.append(([], before))
        try:
            ends = [env.fork()]
            finished = self.exec_block(node.body, fork)
            if finished:
                ends.append(fork)
            ends.extend(frame.loops[-1][0])
        finally:
            frame.loops.pop()
        joined = join_envs(ends, env)
        if count is not None and finished:
            for name, grown in grown_lists(before, fork, count):
                joined.vars[name] = grown
        env.replace_with(joined)
        return self.exec_block(node.orelse, env)

    def exec_Try(self, node, env: Env):
        body = env.fork()
        ends = []
        if self.exec_block(node.body, body) and self.exec_block(node.orelse, body):
            ends.append(body)
        for handler in node.handlers:
            fork = env.fork()
            if handler.name:
                fork.bind(handler.name, unknown(handler.name))
            if self.exec_block(handler.body, fork):
                ends.append(fork)
        if not ends:
            self.exec_block(node.finalbody, env.fork())
            return False
        env.replace_with(join_envs(ends, env))
        return self.exec_block(node.finalbody, env)

    exec_TryStar = exec_Try

    def exec_With(self, node, env: Env):
        for item in node.items:
            self.eval(item.context_expr, env)
            if item.optional_vars is not None:
                self.assign(item.optional_vars, unknown(), env)
        return self.exec_block(node.body, env)

    exec_AsyncWith = exec_With

    # -- assignment -------------------------------------------------------------------
    def assign(self, target: ast.AST, value: Value, env: Env) -> None:
        if isinstance(target, ast.Name):
            env.bind(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            self.unpack(target.elts, value, env)
        elif isinstance(target, ast.Attribute):
            key = dotted_name(target)
            if key:
                env.bind(key, value)
        elif isinstance(target, ast.Starred):
            self.assign(target.value, unknown(), env)
        # Subscript targets (X[:, 0] = ...) do not change a shape.

    def unpack(self, targets: List[ast.AST], value: Value, env: Env) -> None:
        items = None
        if isinstance(value, Seq) and len(value.items) == len(targets) \
                and not any(isinstance(t, ast.Starred) for t in targets):
            items = value.items
        elif isinstance(value, Array) and value.shape is not None and value.shape \
                and value.shape[0] is not None and value.shape[0].value == len(targets):
            items = [arrays.index_first(value, i) for i in range(len(targets))]
        for i, target in enumerate(targets):
            item = items[i] if items is not None else unknown(target_text(target))
            self.assign(target, self.stamp_array(item, self.statement), env)

    def name_value(self, value: Value, node: ast.stmt, targets) -> Value:
        """Give an array the statement that made it, for messages; name unknowns."""
        if isinstance(value, Unknown) and value.name == "?" and len(targets) == 1 \
                and isinstance(targets[0], ast.Name):
            return Unknown(value.key, targets[0].id)
        return self.stamp_array(value, self.statement)

    def origin_at(self, line: int) -> Origin:
        """Line ``line`` of the module being run, as an origin for messages."""
        other = os.path.basename(self.ctx.filename) if self.ctx.muted else None
        return Origin(line, self.ctx.statement_text(line), other)

    # -- expressions ------------------------------------------------------------------
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
        result = keras_calls.attribute(self, base, node.attr, node)
        if result is None:
            result = self.stamp_array(arrays.attribute(self, base, node.attr, node), node)
        if result is None:
            if isinstance(base, Unknown):
                return Unknown(base.key + ("." + node.attr,), f"{base.name}.{node.attr}")
            return unknown(self.ctx.source(node))
        return result

    def eval_Subscript(self, node: ast.Subscript, env: Env) -> Value:
        base = self.eval(node.value, env)
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
        for k, v in list(zip(node.keys, node.values))[:MAX_SEQ]:
            if k is not None:
                self.eval(k, env)
            self.eval(v, env)
        return unknown("dict")

    def eval_BinOp(self, node: ast.BinOp, env: Env) -> Value:
        return self.binop(node.op, self.eval(node.left, env), self.eval(node.right, env), node)

    def binop(self, op: ast.operator, a: Value, b: Value, node: ast.AST) -> Value:
        return arrays.binop(self, op, a, b, node)

    def eval_UnaryOp(self, node: ast.UnaryOp, env: Env) -> Value:
        v = self.eval(node.operand, env)
        if isinstance(node.op, ast.USub):
            if isinstance(v, Int):
                return Int(-v.poly)
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
        self.assign(node.target, value, env)
        return value

    def eval_Lambda(self, node, env):
        return Function(node, ([], []))

    def eval_JoinedStr(self, node, env):
        return unknown("str")

    def eval_ListComp(self, node: ast.ListComp, env: Env) -> Value:
        """``[seq[i:i + n] for i in range(...)]``: a list of unknown length whose
        elements are what the element expression gives for one iteration."""
        inner = env.fork()
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

    # -- calls -------------------------------------------------------------------------
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

    def stamp_array(self, value: Value, node: Optional[ast.AST]) -> Value:
        """An array without a known origin gets the line of the expression (or
        statement) that made it, for messages."""
        if isinstance(value, Array) and value.origin is None and node is not None:
            return Array(value.shape, self.origin_at(node.lineno), value.key, value.dtype,
                         value.kind, value.one_hot)
        return value

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
            result = keras_calls.call(self, callee.qualname, args, node, env)
            if result is None:
                result = arrays.call(self, callee.qualname, args, node)
            if result is None:
                result = self.builtin(callee.qualname, args, node)
            return result if result is not None else unknown(call_name(node))
        if isinstance(callee, Function):
            return self.call_function(callee, args, node, env)
        if isinstance(callee, UserClass):
            return self.instantiate(callee, args, node, env)
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
            if fn is None:
                return unknown(call_name(node)), None
            return self.call_method(receiver, fn, args, node, env, dotted_name(node.func.value)), None
        result = keras_calls.method(self, receiver, name, args, node)
        if result is not None:
            return result
        result = arrays.method(self, receiver, name, args, node)
        if result is not None:
            return result
        return unknown(call_name(node)), None

    def builtin(self, qualname: str, args: CallArgs, node: ast.Call) -> Optional[Value]:
        if not qualname.startswith("builtins."):
            return None
        name = qualname[len("builtins."):]
        first = args.arg(0)
        if name == "len" and first is not None:
            return arrays.length(first, node, self.ctx)
        if name == "int" and first is not None:
            if isinstance(first, Int):
                return first
            if isinstance(first, Float):
                return arrays.builtin_int(first, self.ctx.source(node, 30))
            if isinstance(first, Unknown):
                return Int(to_poly(first))
            return None
        if name == "float" and isinstance(first, (Int, Float)):
            v = first.poly.value if isinstance(first, Int) else first.value
            return Float(float(v) if v is not None and abs(v) < 2 ** 62 else None)
        if name == "round" and isinstance(first, Float) and len(args.positional) == 1:
            if first.value is not None and abs(first.value) < 2 ** 62:
                return Int(Poly.const(round(first.value)))
            return Int(Poly.symbol(fresh_key("round"), self.ctx.source(node, 30)))
        if name == "range":
            return range_value(args)
        if name in ("tuple", "list") and isinstance(first, Seq):
            return Seq(first.items, name)
        if name in ("tuple", "list") and first is None:
            return Seq((), name)
        if name in ("min", "max") and len(args.positional) >= 2:
            ints = [a.poly.value if isinstance(a, Int) else None for a in args.positional]
            if all(v is not None for v in ints):
                return Int(Poly.const(min(ints) if name == "min" else max(ints)))
        return None

    def call_function(self, fn: Function, args: CallArgs, node: ast.Call, caller: Env,
                      instance: Optional[Instance] = None) -> Value:
        """Interpret a function of the file with the caller's arguments.

        A model or list the function grows through a parameter
        (``def add_layers(model): model.add(...)``) is grown for the caller too.
        For a method, ``instance`` is its ``self``: its attributes go in as
        ``self.<name>`` and what the method sets there goes back to it.
        """
        fdef = fn.node
        if isinstance(fdef, ast.Lambda):
            return unknown()
        if fn.owner is not None and fn.owner is not self:
            return self.call_foreign(fn, args, node)
        if len(self.active) >= MAX_CALL_DEPTH or any(a is fdef for a in self.active) \
                or args.open_ended:
            return unknown(self.ctx.source(node, 30))
        env = Env(self.globals)
        bind_params(fdef, fn.scope, args, env)
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
        return join_values(frame.returns, fdef.name + "()") if frame.returns else Const(None)

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


# -- helpers -------------------------------------------------------------------------------

def call_name(node: ast.Call) -> str:
    """A cheap display name for the unknown result of a call: ``f(...)``."""
    name = dotted_name(node.func)
    return f"{name}(...)" if name else "?"


def dotted_name(node: ast.AST) -> Optional[str]:
    """``self.model`` -> "self.model" for a chain of plain names, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


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


def self_name(fdef) -> Optional[str]:
    """The name a method calls its instance (``self``): its first parameter."""
    positional = list(fdef.args.posonlyargs) + list(fdef.args.args)
    return positional[0].arg if positional else None


def target_text(target: ast.AST) -> str:
    return target.id if isinstance(target, ast.Name) else "?"


def all_params(node) -> List[ast.arg]:
    a = node.args
    params = list(a.posonlyargs) + list(a.args) + list(a.kwonlyargs)
    if a.vararg:
        params.append(a.vararg)
    if a.kwarg:
        params.append(a.kwarg)
    return params


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


def range_value(args: CallArgs) -> Value:
    ints = [a.poly.value if isinstance(a, Int) else None for a in args.positional]
    if ints and all(v is not None for v in ints) and len(ints) <= 3:
        try:
            r = range(*ints)
            length = r.__len__() if all(abs(v) < 2 ** 62 for v in ints) else None
        except (TypeError, ValueError, OverflowError):
            return unknown()
        if length is None:
            return RangeOf(None)          # past what len() can hold: some ints
        if length <= MAX_UNROLL:
            return Seq(tuple(Int(Poly.const(i)) for i in r), "range")
        return RangeOf(Poly.const(length))
    bounds = [to_poly(a) for a in args.positional]
    if len(bounds) in (1, 2) and all(b is not None for b in bounds):
        # range(n) and range(a, b) have n and b - a elements (when that is not negative)
        return RangeOf(bounds[0] if len(bounds) == 1 else bounds[1] - bounds[0])
    return RangeOf(None)


@dataclass(frozen=True)
class RangeOf(Value):
    """A ``range`` we will not unroll: each element is some int."""

    length: Optional[Poly] = None


def unrollable(iterable: Value, node: ast.For) -> Optional[Tuple[Value, ...]]:
    """The items of a short literal iterable, when the loop body can be
    unrolled exactly (no break or continue to model)."""
    if not isinstance(iterable, Seq) or len(iterable.items) > MAX_UNROLL \
            or jumps(node, (ast.Break, ast.Continue)):
        return None
    return iterable.items


def jumps(node, kinds) -> bool:
    """Does the loop hold a statement of these kinds (break, continue, ...)?"""
    return any(isinstance(sub, kinds) for sub in ast.walk(node))


def straight_body(node) -> bool:
    """A loop body that runs to its end on every pass (no break, continue or return)."""
    return not jumps(node, (ast.Break, ast.Continue, ast.Return, ast.Raise, ast.Yield))


def grown_lists(before: Env, after: Env, count: Poly):
    """(name, list after ``count`` passes) for each list one pass grew by one item."""
    for name, value in after.vars.items():
        old = before.vars.get(name)
        if isinstance(old, Seq) and isinstance(value, Seq) and old.kind == value.kind == "list" \
                and len(value.items) == len(old.items) + 1 and value.items[:-1] == old.items:
            elems = list(old.items) + [value.items[-1]]
            yield name, ListOf(join_values(elems, f"{name}[i]"),
                               Poly.const(len(old.items)) + count, value.origin)


def length_of(iterable: Value) -> Optional[Poly]:
    """How many items a loop over ``iterable`` sees, when that is known."""
    if isinstance(iterable, RangeOf):
        return iterable.length
    if isinstance(iterable, Seq):
        return Poly.const(len(iterable.items))
    if isinstance(iterable, ListOf):
        return iterable.length
    if isinstance(iterable, Array) and iterable.shape:
        return iterable.shape[0]
    return None


def element_of(iterable: Value) -> Value:
    """Some element of an iterable, for one pass through a loop body."""
    if isinstance(iterable, RangeOf) or (isinstance(iterable, Seq) and iterable.kind == "range"):
        return Int(Poly.symbol(fresh_key("i"), "i"))
    if isinstance(iterable, Seq) and iterable.items:
        return join_values(iterable.items)
    if isinstance(iterable, ListOf) and iterable.elem is not None:
        return iterable.elem
    if isinstance(iterable, Array) and iterable.shape:
        return arrays.index_first(iterable, None)
    return unknown()


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


def count_module_bindings(tree: ast.Module) -> Dict[str, int]:
    """How many statements bind each name at module level (outside functions)."""
    counts: Dict[str, int] = {}

    def add(name):
        counts[name] = counts.get(name, 0) + 1

    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            add(node.name)
            continue
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor,
                             ast.With, ast.AsyncWith, ast.NamedExpr)):
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor, ast.NamedExpr)):
                targets = [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Name):
                        add(sub.id)
                    elif isinstance(sub, ast.Attribute) and dotted_name(sub):
                        add(dotted_name(sub).split(".", 1)[0])
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) \
                and isinstance(node.value.func, ast.Attribute):
            # model.add(...), X.append(...): the receiver changes
            base = dotted_name(node.value.func.value)
            if base:
                add(base.split(".", 1)[0])
                add(base.split(".", 1)[0])
        for name in STATEMENT_FIELDS:          # statements only: no need to visit expressions
            children = getattr(node, name, None)
            if children:
                stack.extend(c for c in children if isinstance(c, ast.stmt))
        for handler in getattr(node, "handlers", ()) or ():
            stack.extend(handler.body)
        for case in getattr(node, "cases", ()) or ():
            stack.extend(case.body)
    return counts


STATEMENT_FIELDS = ("body", "orelse", "finalbody")
