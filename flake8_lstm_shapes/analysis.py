"""One file, start to end: the text gate, the Keras version, the interpreter.

``analyze`` lets an internal error propagate (the benchmarks and the fuzz
tests count them); ``lint`` is the same analysis behind the crash guard that
both faces, flake8 and ``lstm-shapes``, stand on.

This module is also where the stages are loaded.  It imports nothing of the
package at its top: an editor starts a new flake8 process on every save, and
a file that fails the text gate (most of a project) must not pay for the
model of Keras, NumPy and Python it never uses.  ``interpret`` imports the
stages once a file has passed the gate; the rules are imported only by
``listeners``, the project resolver only when the file uses a name it
imports from a module of its own (``ProjectOnDemand``).
"""

from __future__ import annotations

import ast
import os
import sys
from typing import TYPE_CHECKING, List

if TYPE_CHECKING:
    from .core.context import Context
    from .core.events import Events

# A file that contains none of these cannot build a Keras model: it costs a
# substring search and nothing else (no numpy, no tree walk).
GATE_WORDS = ("keras", "LSTM", "GRU", "RNN")
# Set, an internal error raises instead of being reported on stderr.
DEBUG_ENV = "FLAKE8_LSTM_SHAPES_DEBUG"


def mentions_keras(text: str) -> bool:
    return any(word in text for word in GATE_WORDS)


def analyze(tree: ast.AST, lines: List[str], filename: str = "stdin",
            keras_version: str = "auto") -> Context:
    """Interpret the module and return its context, findings included.

    Exceptions propagate: ``lint`` decides what to do with them.
    """
    from .core.context import Context
    ctx = Context(lines=lines, filename=filename)
    interpret(ctx, tree, keras_version)
    return ctx


def lint(tree: ast.AST, lines: List[str], filename: str = "stdin",
         keras_version: str = "auto") -> Context:
    """``analyze`` for the faces: an internal error never escapes, never hides.

    An exception escaping a flake8 plugin fails the user's whole run, every
    file and every plugin, so it is caught here.  But a bug of ours must not
    turn into silence either: the findings made before it stand (each was
    complete when reported), and one line on stderr says that the rest of the
    file's findings are missing.  With ``FLAKE8_LSTM_SHAPES_DEBUG`` set it
    raises instead, for tests and bug reports.
    """
    from .core.context import Context
    ctx = Context(lines=lines, filename=filename)
    try:
        interpret(ctx, tree, keras_version)
    except Exception as error:  # noqa: BLE001 - every internal error, reported below
        if os.environ.get(DEBUG_ENV):
            raise
        ctx.internal_error = type(error).__name__
        print(internal_error_notice(filename, ctx.internal_error), file=sys.stderr, flush=True)
    return ctx


def internal_error_notice(filename: str, error_type: str) -> str:
    return (f"flake8-lstm-shapes: internal error in {filename} ({error_type}); "
            f"findings after it are missing: please report")


def listeners() -> Events:
    """Who hears the linted file's events: the rules, and the record ``explain`` reads."""
    from .core.events import Broadcast, Record
    from .rules.checks import Checks
    return Broadcast(Checks(), Record())


class ProjectOnDemand:
    """The linted file's view of its project (``python.modules.Project``),
    built the first time a name imported from a module that may be the
    user's own is resolved: most files import only libraries, and building it
    costs an import and a look at the folders above the file."""

    __slots__ = ("filename", "keras_version", "budget", "make_interpreter", "project")

    def __init__(self, filename: str, keras_version, budget, make_interpreter):
        self.filename, self.keras_version, self.budget = filename, keras_version, budget
        self.make_interpreter = make_interpreter
        self.project = None

    def resolve(self, ref):
        if self.project is None:
            from .python.modules import Project
            self.project = Project(self.filename, self.keras_version, self.budget,
                                   make_interpreter=self.make_interpreter)
        return self.project.resolve(ref)


def interpret(ctx: Context, tree: ast.AST, keras_version: str) -> None:
    text = "".join(ctx.lines)
    if not mentions_keras(text):
        return
    from .core.context import BudgetExceeded
    from .keras import versions
    from .python.interpreter import Interpreter
    decided = versions.resolve(keras_version, tree, ctx.lines, ctx.filename)
    ctx.keras_version, ctx.keras_reason = decided.major, decided.reason
    ctx.events = listeners()
    project = ProjectOnDemand(ctx.filename, ctx.keras_version, ctx.budget, Interpreter)
    interpreter = Interpreter(ctx, project)
    try:
        interpreter.run_module(tree)
    except BudgetExceeded:
        pass  # a file too big to follow: keep what was found, say nothing more
