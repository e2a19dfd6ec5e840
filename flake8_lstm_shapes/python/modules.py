"""Names imported from the user's own modules, resolved only when used.

``from config import N_STEPS, N_FEATURES`` or ``from data import
split_sequence``: the import binds a ``ProjectRef``; when the name's value is
needed, the module is looked for among the project's own files and read like
the linted file, by the same interpreter, with nothing reported there.  A
function from it runs in its own module's interpreter, so the shapes it makes
name their file and line (``data.py line 12``).

Finding the module looks at files and nothing else.  Anything that can import
(``importlib.util.find_spec``, ``pkgutil``, astroid's spec finders) may run the
project's ``__init__.py`` or a stdlib module of the same name (``code``,
``this``), so Python's rules for source files are followed by hand: in each
project root, ``a/b/c.py`` or ``a/b/c/__init__.py``, a package before a module
before a namespace folder (one without ``__init__.py``), and a compiled module
(``.so``, ``.pyc``) in the way makes the name unknown.  The roots are the
linted file's folder and the folders above its package, for the linted file
and its neighbours alike (where ``python main.py`` looks); a relative import
is looked for in its own module's package, never above the top package.
``import pkg.mod`` / ``from pkg import mod`` reach ``mod`` when the package
does not bind that name itself.
``sys.path``, site-packages and the stdlib are never searched: a module found
only there stays unknown, while a local ``code/`` or ``this.py`` is the user's
and is read as a file.

Everything done for a linted file comes out of its one work budget
(``Context.budget``), its neighbours included: each neighbour may take at most
``MODULE_STEPS`` of it, and one that runs out, does not parse or cannot be
read is unknown, while the linted file's own findings stand.  Each neighbour is
read at most once per linted file, and at most ``MAX_IMPORT_DEPTH`` modules
deep: past that, the name is unknown.
"""

from __future__ import annotations

import ast
import os
import warnings
from ..core.records import Record
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from ..core.context import Budget, BudgetExceeded, Context
from ..core.values import Unknown, Value
from .project_refs import LIBRARIES, ProjectRef, is_library  # noqa: F401 - where they were

MAX_MODULE_BYTES = 1_000_000   # a bigger neighbour is not read at all
MODULE_STEPS = 60_000          # the most of the linted file's budget one neighbour may use
BYTES_PER_STEP = 8             # parsing costs about one step of time per 8 bytes: charged first
MAX_IMPORT_DEPTH = 8           # modules read inside modules read for the linted file

# Suffixes Python tries before a source file: such a module cannot be read.
COMPILED_SUFFIXES = (".so", ".pyd", ".abi3.so")
INSTALLED_MARKERS = ("site-packages", "dist-packages")

# A folder of the search: one, or the portions of a namespace package.
Folders = Tuple[str, ...]
# How a neighbour is run: (its context, its view of the project) -> an
# interpreter whose ``run_imported(tree)`` runs the module's statements and
# whose ``globals.vars`` are then its names.  Handed in by whoever builds the
# Project (analysis), so this module never imports the interpreter.
InterpreterFactory = Callable[[Context, "Project"], object]


class Found(Record):
    """A module's source file, and the folders of the packages it is in,
    innermost first (where its relative imports look)."""

    __slots__ = FIELDS = ("path", "packages")

    def __init__(self, path: str, packages: Tuple[Folders, ...]):
        self.path = path
        self.packages = packages


class Neighbours:
    """What one linted file's neighbours share: where modules are looked for,
    the one budget, the modules already read and those being read."""

    def __init__(self, filename: str, keras_version: int, budget: Budget,
                 make_interpreter: Optional[InterpreterFactory]):
        self.keras_version = keras_version
        self.budget = budget
        self.make_interpreter = make_interpreter     # None: neighbours stay unknown
        self.roots = tuple(project_roots(filename))
        linted = os.path.abspath(filename) if self.roots else None
        self.loading: List[str] = [linted] if linted else []   # importing one of these is a cycle
        self.read: Dict[str, Optional[object]] = {}          # path -> its interpreter, or None
        self.located: Dict[tuple, Optional[Found]] = {}      # (module, level, packages) -> file


class Project:
    """One module's view of the project: the shared ``Neighbours`` and the
    packages the module is in (for its relative imports).

    ``make_interpreter`` runs a neighbour (see ``InterpreterFactory``); without
    it no neighbour is read and every imported name is unknown."""

    def __init__(self, filename: str, keras_version: int, budget: Optional[Budget] = None,
                 make_interpreter: Optional[InterpreterFactory] = None):
        self.neighbours = Neighbours(filename, keras_version,
                                     budget if budget is not None else Budget(), make_interpreter)
        self.packages = linted_file_packages(self.neighbours.roots)

    @classmethod
    def of_module(cls, neighbours: Neighbours, packages: Tuple[Folders, ...]) -> "Project":
        project = cls.__new__(cls)
        project.neighbours = neighbours
        project.packages = packages
        return project

    def resolve(self, ref: ProjectRef) -> Value:
        """The value of the imported name, or an unknown named after it.

        A name the module itself imports from another (a re-export) is
        followed from that module, hop by hop, in a loop bounded like the depth.
        """
        unknown = Unknown(("project", ref.module, ref.name, ref.level), ref.name)
        project: Project = self
        for _hop in range(MAX_IMPORT_DEPTH):
            interpreter = project.load(ref)
            value = interpreter.globals.vars.get(ref.name) if interpreter is not None else None
            if value is None:
                return project.submodule(ref) or unknown
            if not (isinstance(value, ProjectRef) and value.name):
                return value
            project, ref = interpreter.project, value
        return unknown

    def submodule(self, ref: ProjectRef) -> Optional[ProjectRef]:
        """``pkg.name`` as a module, when ``name`` is not bound in the package
        ``pkg`` but is a module in it: what ``from pkg import name`` and
        ``import pkg.name`` then give."""
        if ref.level or not ref.module or not ref.name:
            return None
        dotted = f"{ref.module}.{ref.name}"
        key = ("submodule", dotted)
        located = self.neighbours.located
        if key not in located:
            located[key] = walk(dotted.split("."), self.neighbours.roots, ()) is not None
        return ProjectRef(dotted, "", 0) if located[key] else None

    # -- finding the module ---------------------------------------------------------------
    def locate(self, ref: ProjectRef) -> Optional[Found]:
        parts = tuple(ref.module.split(".")) if ref.module else ()
        if not ref.level:
            return find_module(parts, self.neighbours.roots, ()) if parts else None
        if ref.level > len(self.packages):
            return None     # above the top package: an ImportError in Python
        base = self.packages[ref.level - 1:]
        if parts:
            return find_module(parts, base[0], base)
        for folder in base[0]:                        # ``from . import name``: the package's own
            init = first_source(folder, "__init__")
            if init is not None:
                return Found(init, base)
        return None

    # -- reading it ---------------------------------------------------------------------------
    def load(self, ref: ProjectRef):
        """The interpreter that ran the module (its globals are the module's
        names), or None when it is not the user's or cannot be read."""
        shared = self.neighbours
        key = (ref.module, ref.level, self.packages)
        if key not in shared.located:
            shared.located[key] = self.locate(ref)
        found = shared.located[key]
        if found is None:
            return None
        if found.path in shared.read:
            return shared.read[found.path]
        # The linted file counts in ``loading``: past it, at most MAX_IMPORT_DEPTH modules.
        if found.path in shared.loading or len(shared.loading) > MAX_IMPORT_DEPTH:
            return None     # a cycle, or too deep to follow: unknown, and not remembered
        shared.loading.append(found.path)
        try:
            shared.read[found.path] = self.interpret(found)
        finally:
            shared.loading.pop()
        return shared.read[found.path]

    def interpret(self, found: Found):
        """Read and run the module on at most ``MODULE_STEPS`` of the file's budget."""
        shared = self.neighbours
        if shared.make_interpreter is None:
            return None
        try:
            with shared.budget.allowance(MODULE_STEPS):
                text = read_source(found.path, shared.budget)
                tree = parse(text, found.path) if text is not None else None
                if tree is None:
                    return None
                display = os.path.basename(found.path)
                for node in ast.walk(tree):       # our own tree: say which file its lines are in
                    node.lst_file = display
                ctx = Context(lines=text.splitlines(keepends=True), keras_version=shared.keras_version,
                              filename=found.path, budget=shared.budget, muted=True)
                interpreter = shared.make_interpreter(ctx, Project.of_module(shared, found.packages))
                interpreter.run_imported(tree)
        except BudgetExceeded:
            return None     # half a module: a later line might rebind any of its names
        return interpreter


# -- the search, by file names only ------------------------------------------------------------

def project_roots(filename: str) -> List[str]:
    """Where the project's modules are: the file's folder, and above its package."""
    if not filename or filename in ("stdin", "-") or not os.path.isfile(filename):
        return []
    folder = os.path.dirname(os.path.abspath(filename))
    roots = [folder]
    while os.path.isfile(os.path.join(folder, "__init__.py")):
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
        roots.append(folder)
    return roots


def linted_file_packages(roots: Sequence[str]) -> Tuple[Folders, ...]:
    """The packages the linted file is in, innermost first.  Its own folder
    counts as one even without ``__init__.py`` (it may be a namespace package,
    and ``from . import x`` can mean nothing else)."""
    packages = roots[:-1] or roots[:1]
    return tuple((folder,) for folder in packages)


def find_module(parts: Sequence[str], folders: Folders,
                outer: Tuple[Folders, ...]) -> Optional[Found]:
    """The source file of the module ``parts`` among ``folders``; ``outer``
    are the packages around the folders."""
    found = walk(parts, folders, outer)
    if found is None:
        return None
    kind, where, packages = found
    if kind == "module":
        path = where[0]
    elif kind == "package":
        path = first_source(where[0], "__init__")
    else:
        return None     # a namespace package: a folder of modules, no names of its own
    return Found(path, packages) if path is not None and usable(path) else None


def walk(parts: Sequence[str], folders: Folders, outer: Tuple[Folders, ...]
         ) -> Optional[Tuple[str, Folders, Tuple[Folders, ...]]]:
    """Follow ``parts`` as Python imports them: (the last part's kind, where
    it is, the packages around it, innermost first), or None when missing."""
    packages = list(outer)
    for index, part in enumerate(parts):
        kind, where = find_part(part, folders)
        if kind == "missing":
            return None
        if index == len(parts) - 1:
            if kind != "module":
                packages.insert(0, where)
            return kind, where, tuple(packages)
        if kind == "module":
            return None     # a module has no submodules
        packages.insert(0, where)
        folders = where
    return None


def find_part(part: str, folders: Folders) -> Tuple[str, Folders]:
    """One name in the folders: ("package", (its folder,)), ("module", (its
    file,)), ("namespace", (its portions...)) or ("missing", ())."""
    portions = []
    for folder in folders:
        directory = os.path.join(folder, part)
        is_folder = os.path.isdir(directory)
        if is_folder and any_module_file(directory, "__init__"):
            return "package", (directory,)
        if any_module_file(folder, part):
            source = first_source(folder, part)
            return ("module", (source,)) if source is not None else ("missing", ())
        if is_folder:
            portions.append(directory)
    return ("namespace", tuple(portions)) if portions else ("missing", ())


def any_module_file(folder: str, stem: str) -> bool:
    return os.path.isfile(os.path.join(folder, stem + ".py")) or compiled(folder, stem)


def first_source(folder: str, stem: str) -> Optional[str]:
    """``stem.py`` in the folder, unless a compiled module of that name comes
    first (then nothing here can be read) or there is none."""
    path = os.path.join(folder, stem + ".py")
    if compiled(folder, stem) or not os.path.isfile(path):
        return None
    return os.path.abspath(path)


def compiled(folder: str, stem: str) -> bool:
    """An extension module ``stem.*.so`` (or a bare ``stem.pyc``) in the folder."""
    if os.path.isfile(os.path.join(folder, stem + ".pyc")):
        return True
    prefix = stem + "."
    return any(name.startswith(prefix) and name.endswith(COMPILED_SUFFIXES)
               for name in folder_names(folder))


# folder -> (its mtime when listed, its entries).  A folder's mtime changes
# whenever an entry is added, removed or renamed, so a listing is never stale;
# a stat per question instead of a listdir (a data folder has thousands).
_listings: Dict[str, Tuple[int, Tuple[str, ...]]] = {}
MAX_LISTINGS = 256


def folder_names(folder: str) -> Tuple[str, ...]:
    try:
        mtime = os.stat(folder).st_mtime_ns
    except OSError:
        return ()
    cached = _listings.get(folder)
    if cached is not None and cached[0] == mtime:
        return cached[1]
    try:
        names = tuple(os.listdir(folder))
    except OSError:
        return ()
    if len(_listings) >= MAX_LISTINGS:
        _listings.clear()
    _listings[folder] = (mtime, names)
    return names


def usable(path: str) -> bool:
    """Not an installed module reached through a symlink or an odd root:
    site-packages and the stdlib are modelled, or unknown, never read."""
    real = os.path.realpath(path)
    if any(marker in real.split(os.sep) for marker in INSTALLED_MARKERS):
        return False
    stdlib = os.path.realpath(os.path.dirname(os.__file__))
    return not within(real, stdlib)


def within(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:
        return False


# -- reading a neighbour ---------------------------------------------------------------------

def read_source(path: str, budget: Budget) -> Optional[str]:
    """The module's text as Python would decode it, or None: too big for
    what is left of the budget, unreadable, or not in its declared encoding.
    Reading is charged by size before the text is parsed, so a huge
    neighbour costs a ``stat`` and nothing more."""
    import io
    import tokenize
    try:
        if read_cost(os.stat(path).st_size) > budget.left():
            return None
        with open(path, "rb") as handle:
            data = handle.read(MAX_MODULE_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_MODULE_BYTES or read_cost(len(data)) > budget.left():
        return None     # it grew since the stat
    budget.tick(read_cost(len(data)))
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return None


def read_cost(size: int) -> int:
    return 1 + size // BYTES_PER_STEP


def parse(text: str, path: str) -> Optional[ast.Module]:
    """The module's tree, or None when Python would not compile it either."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")    # its invalid escapes are not the linted file's
            return ast.parse(text, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None
