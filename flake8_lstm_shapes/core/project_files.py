"""The project a linted file belongs to: its root and its configuration and dependency files.

One discovery, shared by whoever needs the project's own files (the declared
dependencies now, the standalone linter's configuration later).  Walking up
from the linted file's folder, each folder is listed once; the walk stops at
the project root, which is the first folder that has

- a ``.git`` or ``.hg`` entry (a folder, or the file a worktree or submodule has), or
- a ``pyproject.toml`` with a ``[project]`` or ``[tool.poetry]`` table,

or at the filesystem root, or after ``MAX_LEVELS`` folders.  Every folder on
the way is part of the result, nearest first, with the names of the project
files it holds (``pyproject.toml``, ``setup.cfg``, ``tox.ini``, ``.flake8``,
``setup.py``, ``Pipfile``, ``environment.yml``, ``requirements*.txt``,
``constraints*.txt`` and the ``.txt`` files of a ``requirements/`` folder).

Cost: one ``scandir`` per folder the first time a folder is asked about in a
process, one more for a ``requirements/`` folder, and a read of a
``pyproject.toml`` met on the way (to see whether it marks the root); nothing
else is read until a caller asks for a file's content.  Listings, walks and
contents are cached per process, keyed by folder and path (a flake8 run is
short; a long-lived caller that wants fresh answers calls ``clear_cache``).

Nothing here raises for what it finds on disk: an unreadable folder is an
empty one, an unreadable, undecodable, malformed or oversized file has no
content (``None``).  A folder with more than ``MAX_ENTRIES`` entries is a
data folder, not a source folder: its files are not listed (its root markers
are still looked for, with a ``stat`` each).  The code of the project is
never imported or run: files are read as text and parsed as data.
"""

from __future__ import annotations

import configparser
import os
import re
from .records import Record
from typing import Any, Callable, Dict, Optional, Tuple

MAX_LEVELS = 12            # folders walked up from the linted file's folder
MAX_ENTRIES = 4096         # a folder with more entries is not listed
MAX_BYTES = 1_000_000      # a bigger file has no content
MAX_CACHED = 4096          # entries per cache before it starts over

ROOT_MARKERS = (".git", ".hg")
PROJECT_FILE_NAMES = frozenset({
    "pyproject.toml", "setup.cfg", "tox.ini", ".flake8", "setup.py", "Pipfile",
    "environment.yml", "environment.yaml",
})
# Project files that configure tools and never declare dependencies.
CONFIG_ONLY_NAMES = frozenset({"tox.ini", ".flake8"})
REQUIREMENTS_FOLDER = "requirements"
REQUIREMENTS_PREFIXES = ("requirements", "constraints")     # requirements*.txt, constraints*.txt
NO_FILE = frozenset({"", "-", "stdin"})


class Folder(Record):
    """One folder of the walk and the project files it holds."""

    __slots__ = FIELDS = ("path", "names", "is_root")

    def __init__(self, path: str, names: Tuple[str, ...], is_root: bool):
        self.path = path
        self.names = names      # sorted; "requirements/base.txt" for the requirements folder's files
        self.is_root = is_root

    def paths(self) -> Tuple[str, ...]:
        return tuple(os.path.join(self.path, name) for name in self.names)


class ProjectFiles(Record):
    """The folders from the linted file's folder up to the project root, nearest first."""

    __slots__ = FIELDS = ("folders",)

    def __init__(self, folders: Tuple[Folder, ...]):
        self.folders = folders

    @property
    def root(self) -> Optional[str]:
        """The folder that marks the project root, or None when the walk found none."""
        if self.folders and self.folders[-1].is_root:
            return self.folders[-1].path
        return None

    def paths(self) -> Tuple[str, ...]:
        return tuple(path for folder in self.folders for path in folder.paths())

    def label(self, path: str) -> str:
        """How a message names the file: relative to the root, else its base name."""
        root = self.root
        if root is not None:
            relative = os.path.relpath(path, root)
            if not relative.startswith(os.pardir):
                return relative.replace(os.sep, "/")
        return os.path.basename(path)


EMPTY = ProjectFiles(())

_listings: Dict[str, Folder] = {}
_walks: Dict[str, Tuple[Folder, ...]] = {}
_texts: Dict[str, Optional[str]] = {}
_parsed: Dict[Tuple[str, str], Any] = {}


def clear_cache() -> None:
    for cache in (_listings, _walks, _texts, _parsed):
        cache.clear()


def project_files(filename: str) -> ProjectFiles:
    """The project files of the project ``filename`` belongs to; never raises.

    ``filename`` need not exist (an editor's ``--stdin-display-name``), but
    flake8's ``stdin`` without a name has no project and costs nothing.
    """
    if filename in NO_FILE:
        return EMPTY
    try:
        start = os.path.dirname(os.path.abspath(filename))
        return ProjectFiles(_walk(start))
    except (OSError, ValueError, RecursionError):
        return EMPTY


def _walk(start: str) -> Tuple[Folder, ...]:
    """The folders from ``start`` up to the root, reusing the walks of folders above."""
    pending = []
    above: Tuple[Folder, ...] = ()
    folder = start
    for _ in range(MAX_LEVELS):
        cached = _walks.get(folder)
        if cached is not None:
            above = cached
            break
        listing = _listing(folder)
        pending.append(listing)
        parent = os.path.dirname(folder)
        if listing.is_root or parent == folder:
            break
        folder = parent
    for listing in reversed(pending):
        above = ((listing,) + above)[:MAX_LEVELS]
        _remember(_walks, listing.path, above)
    return above


def listing(folder: str) -> Folder:
    """One folder's project files (cached), for a caller that walks folders its own way."""
    try:
        return _listing(os.path.abspath(folder))
    except (OSError, ValueError):
        return Folder(folder, (), False)


def _listing(folder: str) -> Folder:
    cached = _listings.get(folder)
    if cached is None:
        cached = _list_folder(folder)
        _remember(_listings, folder, cached)
    return cached


def _list_folder(folder: str) -> Folder:
    entries = _entries(folder)
    if entries is None:       # too many to be a source folder: markers only
        marked = any(os.path.lexists(os.path.join(folder, marker)) for marker in ROOT_MARKERS)
        return Folder(folder, (), marked)
    names = sorted(name for name in entries if is_project_file(name))
    if REQUIREMENTS_FOLDER in entries:
        nested = _entries(os.path.join(folder, REQUIREMENTS_FOLDER)) or ()
        names += sorted(f"{REQUIREMENTS_FOLDER}/{name}" for name in nested if name.endswith(".txt"))
    marked = any(marker in entries for marker in ROOT_MARKERS)
    if not marked and "pyproject.toml" in entries:
        marked = declares_project(read_toml(os.path.join(folder, "pyproject.toml")))
    return Folder(folder, tuple(names), marked)


def _entries(folder: str) -> Optional[frozenset]:
    """The entry names of ``folder`` (empty when unreadable), None when there are too many."""
    names = set()
    try:
        with os.scandir(folder) as scan:
            for entry in scan:
                if len(names) >= MAX_ENTRIES:
                    return None
                names.add(entry.name)
    except (OSError, ValueError):
        return frozenset()
    return frozenset(names)


def is_project_file(name: str) -> bool:
    lower = name.lower()
    return name in PROJECT_FILE_NAMES or (lower.startswith(REQUIREMENTS_PREFIXES)
                                          and lower.endswith(".txt"))


# Words without which a dependency file can say nothing of Keras: a package
# name, or an include of another requirements file that may name one.  Compiled
# by ``re`` on first use: a project with no dependency file never needs it.
MAY_NAME_KERAS = r"keras|tensorflow|tf[-_.]nightly|^\s*(-r|-c|--requirement|--constraint)\b"


def may_declare_keras(files: ProjectFiles) -> bool:
    """Whether any dependency file of the project could name a Keras package.

    A cheap text test on the (cached) contents, so that a project whose files
    say nothing of Keras, and a file with no project files at all, never pay
    for importing the requirement parser.
    """
    for path in files.paths():
        if os.path.basename(path) in CONFIG_ONLY_NAMES:
            continue
        text = read_text(path)
        if text and re.search(MAY_NAME_KERAS, text, re.IGNORECASE | re.MULTILINE):
            return True
    return False


def declares_project(pyproject: Optional[dict]) -> bool:
    """Whether a parsed ``pyproject.toml`` is a project's own (not only a tool's settings)."""
    if not pyproject:
        return False
    tool = pyproject.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    return isinstance(pyproject.get("project"), dict) or isinstance(poetry, dict)


# -- contents, on demand ------------------------------------------------------------------
def read_text(path: str) -> Optional[str]:
    """The file's text, or None when it is unreadable or bigger than MAX_BYTES."""
    if path in _texts:
        return _texts[path]
    text = None
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) <= MAX_BYTES:
            text = data.decode("utf-8-sig", errors="replace")
    except (OSError, ValueError):
        text = None
    _remember(_texts, path, text)
    return text


def read_toml(path: str) -> Optional[dict]:
    return _parse("toml", path, _toml)


def read_ini(path: str) -> Optional[configparser.RawConfigParser]:
    return _parse("ini", path, _ini)


def read_yaml(path: str) -> Any:
    """The YAML document as plain data (safe loading only), or None.

    PyYAML is imported here, and only for a project that has such a file.
    """
    return _parse("yaml", path, _yaml)


def _parse(kind: str, path: str, parser: Callable[[str], Any]) -> Any:
    key = (kind, path)
    if key in _parsed:
        return _parsed[key]
    text = read_text(path)
    value = None
    if text is not None:
        try:
            value = parser(text)
        except Exception:  # a malformed file has no content; the parsers' errors vary
            value = None
    _remember(_parsed, key, value)
    return value


def _toml(text: str) -> Optional[dict]:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    return tomllib.loads(text)


def _ini(text: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False)
    parser.read_string(text)
    return parser


def _yaml(text: str) -> Any:
    import yaml
    return yaml.safe_load(text)


def _remember(cache: Dict, key: Any, value: Any) -> None:
    if len(cache) >= MAX_CACHED:
        cache.clear()
    cache[key] = value
