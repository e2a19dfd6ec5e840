"""One file, start to end: the text gate, the Keras version, the interpreter."""

from __future__ import annotations

import ast
from typing import List

from . import versions
from .context import BudgetExceeded, Context

# A file that contains none of these cannot build a Keras model: it costs a
# substring search and nothing else (no astroid, no numpy, no tree walk).
GATE_WORDS = ("keras", "LSTM", "GRU", "RNN")


def mentions_keras(text: str) -> bool:
    return any(word in text for word in GATE_WORDS)


def analyze(tree: ast.AST, lines: List[str], filename: str = "stdin",
            keras_version: str = "auto") -> Context:
    """Interpret the module and return its context, findings included.

    Exceptions propagate: the flake8 face decides what to do with them.
    """
    text = "".join(lines)
    ctx = Context(lines=lines, filename=filename)
    if not mentions_keras(text):
        return ctx
    decided = versions.resolve(keras_version, tree, lines, filename)
    ctx.keras_version, ctx.keras_reason = decided.major, decided.reason
    from .interpreter import Interpreter
    from .project import Project
    interpreter = Interpreter(ctx, Project(filename, ctx.keras_version))
    try:
        interpreter.run_module(tree)
    except BudgetExceeded:
        pass  # a file too big to follow: keep what was found, say nothing more
    return ctx
