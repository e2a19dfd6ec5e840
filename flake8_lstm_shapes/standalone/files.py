"""Which files ``lstm-shapes check PATH...`` lints.

A file named on the command line is always linted, whatever its name says
(an editor or a pre-commit hook that names it means it).  A directory named
there is skipped if it is excluded, as flake8 skips it; otherwise it is
walked recursively for ``.py`` and ``.ipynb`` files, skipping what is never
the project's own code: version-control folders, virtual
environments (a folder holding ``pyvenv.cfg``, or named ``venv``, ``.venv``,
``env``), build output, caches and ``node_modules``.  The skipped names are
the default of ``exclude``; ``--exclude`` replaces them and
``--extend-exclude`` adds to them, as in flake8.  A folder holding
``pyvenv.cfg`` is skipped in any case: a virtual environment is installed
code, never the project's.

Patterns match as flake8 matches them: against an entry's base name, then
against its absolute path (a pattern with a path separator is made absolute
from the folder of the configuration that sets it, or from the working
directory on the command line; see ``config``).
"""

from __future__ import annotations

import fnmatch
import os
from typing import Iterable, List, Sequence, Tuple

LINTED_SUFFIXES = (".py", ".ipynb")
DEFAULT_EXCLUDE: Tuple[str, ...] = (
    ".git", ".hg", ".svn", ".bzr", "CVS", "__pycache__", ".tox", ".nox", ".eggs", "*.egg",
    "venv", ".venv", "env", "build", "dist", "node_modules",
)
VENV_MARKER = "pyvenv.cfg"
STDIN = "-"


def matches(path: str, patterns: Sequence[str]) -> bool:
    """Whether ``path`` is excluded by ``patterns`` (flake8's rule: base name, then absolute path)."""
    if not patterns:
        return False
    base = os.path.basename(path)
    if base not in (".", "..") and any(fnmatch.fnmatch(base, pattern) for pattern in patterns):
        return True
    absolute = os.path.abspath(path)
    return any(fnmatch.fnmatch(absolute, pattern) for pattern in patterns)


def is_virtual_environment(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, VENV_MARKER))


def walk(folder: str, exclude: Sequence[str]) -> Iterable[str]:
    """The lintable files under ``folder``, in sorted order, excluded folders not entered."""
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders
                            if not skipped_folder(os.path.join(root, name), exclude))
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.endswith(LINTED_SUFFIXES) and not matches(path, exclude):
                yield path


def skipped_folder(path: str, exclude: Sequence[str]) -> bool:
    return matches(path, exclude) or is_virtual_environment(path)


def discover(arguments: Sequence[str], exclude: Sequence[str]) -> Tuple[List[str], List[str]]:
    """(files to lint, arguments that name nothing), each file once, sorted.

    ``-`` (stdin) stays where it is, first; the files are sorted by the path
    they are shown with, which is how flake8 orders its report.
    """
    found, missing, seen = [], [], set()
    for argument in arguments:
        if argument == STDIN:
            paths: Iterable[str] = [STDIN]
        elif os.path.isdir(argument):
            paths = () if matches(argument, exclude) else walk(argument, exclude)
        elif os.path.lexists(argument):
            paths = [argument]
        else:
            missing.append(argument)
            continue
        for path in paths:
            key = path if path == STDIN else os.path.normcase(os.path.abspath(path))
            if key not in seen:
                seen.add(key)
                found.append(path)
    return sorted(found, key=lambda path: (path != STDIN, path)), missing
