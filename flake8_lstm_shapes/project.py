"""Names imported from the user's own modules, resolved only when used.

``from config import N_STEPS, N_FEATURES`` or ``from data import
split_sequence``: the import binds a ``ProjectRef``; when the name's value is
needed, astroid locates the module among the project's own files (the linted
file's folder, and the folder its package lives in) and never in installed
packages; the module is then read like the linted file, by the same
interpreter, with nothing reported there.  A function from it runs in its own
module's interpreter, so the shapes it makes name their file and line
(``data.py line 12``).

astroid (about 45 ms to import) and the module's interpretation are paid only
by files that use such a name.  Modules are cached per process, keyed by path
and modification time, a few at a time.
"""

from __future__ import annotations

import ast
import os
from collections import OrderedDict
from dataclasses import dataclass
from typing import List, Optional

from .values import Unknown, Value

# Top-level packages that are never the user's own: their names stay unknown
# (Keras, NumPy, pandas and scikit-learn are modelled from the imports as written).
LIBRARIES = frozenset({
    "keras", "tensorflow", "tf_keras", "numpy", "pandas", "sklearn", "scipy", "matplotlib",
    "seaborn", "torch", "jax", "os", "sys", "math", "random", "json", "re", "time", "datetime",
    "collections", "itertools", "functools", "pathlib", "typing", "logging", "argparse",
    "pickle", "csv", "glob", "shutil", "subprocess", "warnings", "statsmodels", "plotly",
    "tqdm", "requests", "PIL", "cv2", "h5py", "yaml", "io", "string", "copy", "abc",
})
MAX_MODULE_BYTES = 1_000_000
MODULE_BUDGET = 60_000
CACHE_SIZE = 8


@dataclass(frozen=True)
class ProjectRef(Value):
    """``from <module> import <name>`` of a module that may be the user's own."""

    module: str
    name: str
    level: int


def is_library(module: str) -> bool:
    return module.split(".", 1)[0] in LIBRARIES


class Project:
    """The modules of the project a linted file belongs to."""

    def __init__(self, filename: str, keras_version: int, loading: Optional[List[str]] = None):
        self.filename = filename
        self.keras_version = keras_version
        self.loading = loading if loading is not None else []

    def resolve(self, ref: ProjectRef) -> Value:
        unknown = Unknown(("project", ref.module, ref.name, ref.level), ref.name)
        try:
            path = self.locate(ref)
        except (ImportError, OSError, ValueError, SyntaxError, RecursionError):
            return unknown
        if path is None or path in self.loading:
            return unknown
        interpreter = self.module(path)
        if interpreter is None:
            return unknown
        value = interpreter.globals.vars.get(ref.name)
        return value if value is not None else unknown

    # -- finding the module ---------------------------------------------------------------
    def roots(self) -> List[str]:
        """Where the project's modules are: the file's folder, and above its package."""
        if not self.filename or self.filename in ("stdin", "-") or not os.path.isfile(self.filename):
            return []
        folder = os.path.dirname(os.path.abspath(self.filename))
        roots = [folder]
        while os.path.isfile(os.path.join(folder, "__init__.py")):
            folder = os.path.dirname(folder)
            roots.append(folder)
        return roots

    def locate(self, ref: ProjectRef) -> Optional[str]:
        roots = self.roots()
        if not roots:
            return None
        parts = ref.module.split(".") if ref.module else []
        if ref.level:
            base = roots[0]
            for _ in range(ref.level - 1):
                base = os.path.dirname(base)
            search = [base]
        else:
            search = roots
        if not parts or not any(os.path.isfile(os.path.join(root, parts[0] + ".py"))
                                or os.path.isdir(os.path.join(root, parts[0])) for root in search):
            return None     # not a module of this project: no need to ask astroid
        # Only now is astroid worth importing: a name of the user's own module is used.
        from astroid import modutils
        spec = modutils.file_info_from_modpath(parts, path=search)
        location = spec.location
        if location is None:
            return None
        if os.path.isdir(location):
            location = os.path.join(location, "__init__.py")
        location = os.path.abspath(location)
        if not location.endswith(".py") or not any(within(location, root) for root in search) \
                or "site-packages" in location or "dist-packages" in location:
            return None
        return location

    # -- reading it ---------------------------------------------------------------------------
    def module(self, path: str):
        """The interpreter that ran the module (its globals are the module's names)."""
        try:
            stat = os.stat(path)
        except OSError:
            return None
        key = (path, stat.st_mtime_ns, self.keras_version)
        cached = MODULES.get(key)
        if cached is not None:
            MODULES.move_to_end(key)
            return cached
        if stat.st_size > MAX_MODULE_BYTES:
            return None
        interpreter = self.interpret(path)
        MODULES[key] = interpreter
        while len(MODULES) > CACHE_SIZE:
            MODULES.popitem(last=False)
        return interpreter

    def interpret(self, path: str):
        from .context import Budget, BudgetExceeded, Context
        from .interpreter import Interpreter
        with open(path, "rb") as handle:
            data = handle.read()
        text = data.decode("utf-8", errors="replace")
        tree = ast.parse(text, filename=path)
        display = os.path.basename(path)
        for node in ast.walk(tree):       # our own tree: say which file its lines are in
            node.lst_file = display
        ctx = Context(lines=text.splitlines(keepends=True), keras_version=self.keras_version,
                      filename=path, budget=Budget(steps=MODULE_BUDGET), muted=True)
        interpreter = Interpreter(ctx, Project(path, self.keras_version, self.loading + [path]))
        try:
            interpreter.exec_block(tree.body, interpreter.globals)
        except BudgetExceeded:
            pass
        return interpreter


def within(path: str, root: str) -> bool:
    root = os.path.abspath(root)
    return os.path.commonpath([path, root]) == root


MODULES: "OrderedDict[tuple, object]" = OrderedDict()
