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
from typing import Dict, FrozenSet, List, Optional, Tuple

from ..core.context import Context
from ..core.values import Unknown
from .bindings import Scope, count_module_bindings, function_scope, is_generator
from .calls import CallsMixin, Frame
from .classes import ClassesMixin
from .expressions import ExpressionsMixin
from .iteration import JUMP_WORDS, jumps_in
from .scopes import Env
from .statements import StatementsMixin
from .syntax import all_params

MAX_CLOSURES = 16    # runs of an enclosing function compared for a nested one run on its own


class Interpreter(StatementsMixin, ExpressionsMixin, CallsMixin, ClassesMixin):
    """One module's run: its globals, the functions it defined, the calls in progress.

    The handlers live in the mixins by concern (statements, expressions,
    calls); this class holds the state they share and the entry points."""

    def __init__(self, ctx: Context, project=None):
        self.ctx = ctx
        self.project = project          # the user's other modules (python.modules.Project)
        self.globals = Env()
        self.module_now = self.globals  # the globals as the module's line being run sees them
        self.star_modules: List[str] = []
        self.frames: List[Frame] = [Frame()]
        self.active: List[ast.AST] = []        # functions being called (no recursion)
        self.depth = 0
        self.statement: Optional[ast.stmt] = None
        self.functions: List[Tuple[ast.AST, Optional[str]]] = []
        self.called: set = set()              # functions interpreted for a call site
        self.single_bindings: Optional[Dict[str, int]] = None
        self.scopes: Dict[int, Scope] = {}     # id(def) -> what its tree says of its names
        self.closures: Dict[int, List[Env]] = {}   # id(def) -> the enclosing scopes it was made in
        self.generators: Dict[int, bool] = {}      # id(def) -> whether its body yields
        self.jumps: Dict[int, FrozenSet[type]] = {}    # id(for) -> the jumps it holds

    def scope_of(self, node) -> Scope:
        scope = self.scopes.get(id(node))
        if scope is None:
            scope = self.scopes[id(node)] = function_scope(node, self.may_say(node, (":=",)))
        return scope

    def generator_function(self, node) -> bool:
        """Does the ``def`` yield (read once per function)?  Its text is
        searched first: a function whose lines never say ``yield`` is not
        walked."""
        found = self.generators.get(id(node))
        if found is None:
            found = self.generators[id(node)] = self.may_say(node, ("yield",)) and is_generator(node)
        return found

    def loop_jumps(self, node) -> FrozenSet[type]:
        """``iteration.jumps_in`` of a ``for`` loop, read once per loop; a loop
        whose text names none of the statements is not walked."""
        found = self.jumps.get(id(node))
        if found is None:
            found = self.jumps[id(node)] = \
                jumps_in(node) if self.may_say(node, JUMP_WORDS) else frozenset()
        return found

    def may_say(self, node, words: Tuple[str, ...]) -> bool:
        """Could ``node`` hold one of ``words`` (``yield``, ``:=``)?  False
        only when none is in the source lines it spans: the cheap answer that
        spares a walk of its tree.  True for a node of another module of the
        project (``lst_file``), whose lines ``ctx`` does not hold."""
        if hasattr(node, "lst_file"):
            return True
        lines = self.ctx.lines[node.lineno - 1:getattr(node, "end_lineno", None) or len(self.ctx.lines)]
        return any(word in line for line in lines for word in words)

    def run_module(self, tree: ast.Module) -> None:
        self.run_imported(tree)
        if any(id(node) not in self.called for node, _ in self.functions):
            self.single_bindings = count_module_bindings(tree)
            for name in self.rebound_through_global():
                self.single_bindings[name] = self.single_bindings.get(name, 0) + 2
            self.analyze_functions_alone()

    def run_imported(self, tree: ast.Module) -> None:
        """The module's statements (for a neighbour, all that is run: its
        functions run when the linted file calls them)."""
        try:
            self.exec_block(tree.body, self.globals)
        finally:
            self.module_now = self.globals

    def rebound_through_global(self) -> set:
        """The module names some function rebinds through ``global``."""
        names: set = set()
        for node, _cls in self.functions:
            scope = self.scope_of(node)
            names |= scope.declared_global | scope.nested_globals
        return names

    def analyze_functions_alone(self) -> None:
        """Each function and method once more, on its own, parameters unknown.

        Globals it reads are the module's only where the module binds them
        once: a later rebinding would make the value at call time a guess.
        The same goes for the names of the functions around a nested one.
        """
        module_env = Env()
        for name, value in self.globals.vars.items():
            if self.single_bindings.get(name.split(".", 1)[0], 0) <= 1:
                module_env.vars[name] = value
        for node, _cls in self.functions:
            if id(node) in self.called:
                continue      # already followed with the arguments of a real call
            # its own view of the globals: what it writes through ``global`` stays its own
            enclosing = self.enclosing_alone(node, Env(module_env))
            env = Env(enclosing, scope=self.scope_of(node))
            for arg in all_params(node):
                env.bind(arg.arg, Unknown(("param", id(node), arg.arg), arg.arg))
            self.frames.append(Frame())
            try:
                self.exec_block(node.body, env)
            finally:
                self.frames.pop()

    def enclosing_alone(self, node, module_env: Env) -> Env:
        """The scopes around a function run on its own: for a nested one, its
        enclosing function's names as that function's runs left them, where all
        of its runs agree (``Env.enclosed`` then keeps those bound once)."""
        closures = self.closures.get(id(node))
        if not closures:
            return module_env
        first = closures[0]
        parent = self.enclosing_alone(first.scope.node, module_env)
        if len(closures) > MAX_CLOSURES:
            return Env(parent, scope=first.scope)       # made too often to compare: all unknown
        agreed = {name: value for name, value in first.vars.items()
                  if all(same_value(other.vars.get(name), value) for other in closures[1:])}
        return Env(parent, agreed, scope=first.scope)


def same_value(a, b) -> bool:
    return a is b or (a is not None and a == b)
