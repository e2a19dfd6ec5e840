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
from typing import Dict, List, Optional, Tuple

from ..core.context import Context
from ..core.values import Unknown
from .bindings import count_module_bindings
from .calls import CallsMixin, Frame
from .expressions import ExpressionsMixin
from .scopes import Env
from .statements import StatementsMixin
from .syntax import all_params


class Interpreter(StatementsMixin, ExpressionsMixin, CallsMixin):
    """One module's run: its globals, the functions it defined, the calls in progress.

    The handlers live in the mixins by concern (statements, expressions,
    calls); this class holds the state they share and the entry points."""

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
