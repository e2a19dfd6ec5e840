"""Statements: what each kind does to the environment of its scope.

``exec_<Node>`` runs one statement in an ``Env`` and returns False when the
path ends there (``return``, ``raise``, ``break``).  Branches run in forks of
the environment that are joined after; a loop runs once and is joined with
the state before it (zero passes) and at each ``break``.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional

from ..libs import arrays
from ..keras.models import ModelClass, class_kind
from ..core.shapes import Poly
from ..core.values import Array, Const, Function, Mapping, Seq, Unknown, UserClass, Value, Ref, unknown
from .iteration import element_of, grown_lists, length_of, straight_body, unrollable
from .project_refs import ProjectRef, is_library
from .bindings import FUNCTION_KIND
from .scopes import Env, join_envs
from .syntax import dotted_name, target_text


class StatementsMixin:
    """The ``exec_*`` handlers of the interpreter, and assignment."""

    def exec_block(self, stmts: List[ast.stmt], env: Env) -> bool:
        """Run statements in order; False when the path ends (return, raise, ...)."""
        for stmt in stmts:
            if not self.exec_stmt(stmt, env):
                return False
        return True

    def exec_stmt(self, stmt: ast.stmt, env: Env) -> bool:
        self.ctx.budget.tick()
        self.statement = stmt
        if env.scope is None:
            self.module_now = env     # the globals a function called from here sees
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
        return Function(node, (defaults, kw_defaults), self, self.closure_at(node, env))

    def closure_at(self, node, env: Env) -> Optional[Env]:
        """The enclosing function's scope a ``def`` made in ``env`` reads, and
        remember it for running the function on its own; None at module level."""
        env = env.binding_scope()
        if env.scope is None or env.scope.kind != FUNCTION_KIND:
            return None
        self.closures.setdefault(id(node), []).append(env)
        return env

    def exec_FunctionDef(self, node, env: Env):
        env.bind(node.name, self.function_value(node, env))
        if not any(n is node for n, _ in self.functions):
            self.functions.append((node, None))

    exec_AsyncFunctionDef = exec_FunctionDef

    def exec_ClassDef(self, node: ast.ClassDef, env: Env):
        bases = [self.eval(base, env) for base in node.bases]
        plain = self.user_class(node, bases, env)
        kind = class_kind(bases)
        if kind is not None:        # a keras.Model or keras.layers.Layer subclass
            env.bind(node.name, ModelClass(node.name, node, plain.methods, plain.attrs, kind))
        else:
            env.bind(node.name, plain)
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if not any(n is item for n, _ in self.functions):
                    self.functions.append((item, node.name))
                    if item.decorator_list:    # not among the class's methods: remember its scope
                        self.closure_at(item, env)

    def user_class(self, node: ast.ClassDef, bases: List[Value], env: Env) -> UserClass:
        """The class's plain methods (inherited ones from the file's own classes
        first) and the simple assignments of its body (``n_steps = 10``)."""
        methods: Dict[str, Function] = {}
        attrs: Dict[str, Value] = {}
        body = Env(env)       # the class body's names: seen by its own lines, not by its methods
        for base in bases:
            if isinstance(base, UserClass):
                methods.update(base.methods)
                attrs.update(base.attrs)
        for item in node.body:
            if isinstance(item, ast.FunctionDef) and not item.decorator_list:
                methods[item.name] = self.function_value(item, env)
            elif isinstance(item, ast.Assign) and len(item.targets) == 1 \
                    and isinstance(item.targets[0], ast.Name):
                attrs[item.targets[0].id] = self.eval(item.value, body)
                body.bind(item.targets[0].id, attrs[item.targets[0].id])
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
        """Nothing to run: the function's ``Scope`` already sends these names'
        reads and writes to the module (or, for ``nonlocal``, the enclosing function)."""

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
        jumps = self.loop_jumps(node)
        items = unrollable(iterable, jumps)
        if items is not None:
            for item in items:
                self.assign(node.target, item, env)
                if not self.exec_block(node.body, env):
                    return False
            return self.exec_block(node.orelse, env)
        count = length_of(iterable) if straight_body(jumps) else None
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
        elif isinstance(target, ast.Subscript):
            self.assign_item(target, value, env)

    def assign_item(self, target: ast.Subscript, value: Value, env: Env) -> None:
        """``d["b"] = Xb`` on a dict of known keys: the dict with that item;
        with a key not known, a dict whose keys are no longer known."""
        key = dotted_name(target.value)
        held = env.lookup(key) if key else None
        if not isinstance(held, Mapping):
            return
        index = self.eval(target.slice, env)
        if isinstance(index, Const) and isinstance(index.value, str):
            env.bind(key, held.with_item(index.value, value))
        else:
            env.bind(key, unknown("dict"))

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
