"""Running the plugin the way flake8 runs it, and finding code to run it on.

Shared by the crash, fuzz, memory and safety tests:

- ``Flake8Lst`` loads flake8's plugins and options exactly as the ``flake8``
  command does (``flake8.options.parse_args``), keeps only the ``LST`` tree
  checker, and lints one file with ``flake8.checker.FileChecker``: flake8
  reads the file, builds the tree and the lines, calls the plugin and consumes
  its ``run()``.  An exception in the plugin propagates out of ``lint``.
- ``interpret_without_gate`` runs the interpreter on a tree the text gate
  would skip (most of the stdlib never mentions Keras), as ``analysis.analyze``
  does after the gate.
- ``time_limit`` turns a hang into an exception (``Hang``) after a generous
  limit of CPU time (a loaded machine stretches the clock, not the CPU a
  program needs), with a much wider wall-clock backstop; it is a hang
  detector, not a performance bound.

Set ``FLAKE8_LSTM_SHAPES_DEBUG=1`` before linting, or the plugin's crash
guard swallows internal errors (``debug_env``).
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import os
import pathlib
import signal
import site
import sys
import sysconfig
from typing import Iterator, List, NamedTuple, Optional, Sequence

DEBUG_ENV = "FLAKE8_LSTM_SHAPES_DEBUG"
PLUGIN_ENTRY = "LST"


@contextlib.contextmanager
def debug_env() -> Iterator[None]:
    """Internal errors raise instead of being swallowed, for the duration."""
    before = os.environ.get(DEBUG_ENV)
    os.environ[DEBUG_ENV] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ[DEBUG_ENV]
        else:
            os.environ[DEBUG_ENV] = before


# -- flake8 with only the plugin ------------------------------------------------------------

class Flake8Lst:
    """flake8's own plugin loading, option parsing and per-file checker,
    with the LST tree checker as the only check (pycodestyle and pyflakes
    would only add time)."""

    def __init__(self, argv: Sequence[str] = ("--isolated", "--select=LST")):
        from flake8.options.parse_args import parse_args
        from flake8.plugins.finder import Checkers

        plugins, self.options = parse_args(list(argv))
        ours = [p for p in plugins.checkers.tree if p.entry_name == PLUGIN_ENTRY]
        if len(ours) != 1:
            raise RuntimeError(f"flake8 did not load the {PLUGIN_ENTRY} plugin: {ours!r}")
        self.checkers = Checkers(tree=ours, logical_line=[], physical_line=[])

    def lint(self, path: os.PathLike) -> List[tuple]:
        """flake8's results for one file: (code, line, col, text, physical_line)."""
        from flake8.checker import FileChecker

        checker = FileChecker(filename=str(path), plugins=self.checkers, options=self.options)
        _name, results, _stats = checker.run_checks()
        return results


# -- the interpreter without the text gate -----------------------------------------------------

def interpret_without_gate(tree: ast.Module, lines: List[str], filename: str):
    """What ``analysis.analyze`` does once a file passed the text gate: the
    gate is held open for this call, so everything after it (the version,
    the user's modules, the interpreter, the budget) is the real code path.

    Running out of budget is the normal end of a big file, not an error.
    """
    from flake8_lstm_shapes import analysis

    if not hasattr(analysis, GATE):
        return _interpret_directly(tree, lines, filename)
    real_gate = getattr(analysis, GATE)
    setattr(analysis, GATE, lambda text: True)
    try:
        return analysis.analyze(tree, lines, filename, "auto")
    finally:
        setattr(analysis, GATE, real_gate)


GATE = "mentions_keras"   # analysis's text gate, looked up at each call


def _interpret_directly(tree: ast.Module, lines: List[str], filename: str):
    """The gate was renamed: run the interpreter as analyze did when written."""
    from flake8_lstm_shapes.keras import versions
    from flake8_lstm_shapes.core.context import BudgetExceeded, Context
    from flake8_lstm_shapes.python.interpreter import Interpreter

    from flake8_lstm_shapes.analysis import listeners

    ctx = Context(lines=lines, filename=filename, events=listeners())
    decided = versions.resolve("auto", tree, lines, filename)
    ctx.keras_version, ctx.keras_reason = decided.major, decided.reason
    try:
        Interpreter(ctx).run_module(tree)
    except BudgetExceeded:
        pass
    return ctx


# -- hang detection ----------------------------------------------------------------------------

class Hang(Exception):
    """The plugin ran past the time limit on one input."""


def backstop_seconds(seconds: float) -> float:
    """Wall-clock time after which even a waiting (not computing) run is a hang."""
    return max(10 * seconds, seconds + 60)


@contextlib.contextmanager
def time_limit(seconds: float, what: str = "") -> Iterator[None]:
    """Raise ``Hang`` in the main thread after ``seconds`` of this process's
    CPU time (``ITIMER_PROF``), or ``backstop_seconds`` of wall-clock time.

    The signals interrupt pure-Python loops, which is where a hang in the
    interpreter would be; where they are unavailable the block just runs.
    """
    if not hasattr(signal, "setitimer") or not _in_main_thread():
        yield
        return

    def on_cpu_limit(signum, frame):
        raise Hang(f"still running after {seconds:g} s of CPU time: {what}")

    def on_wall_limit(signum, frame):
        raise Hang(f"still running after {backstop_seconds(seconds):g} s of wall-clock time: {what}")

    previous_prof = signal.signal(signal.SIGPROF, on_cpu_limit)
    previous_alarm = signal.signal(signal.SIGALRM, on_wall_limit)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, backstop_seconds(seconds))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGPROF, previous_prof)
        signal.signal(signal.SIGALRM, previous_alarm)


def _in_main_thread() -> bool:
    import threading
    return threading.current_thread() is threading.main_thread()


# -- the installed Python code -----------------------------------------------------------------

def site_roots() -> List[pathlib.Path]:
    """The stdlib and every site-packages of the running interpreter."""
    candidates = [sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"],
                  sysconfig.get_paths()["platlib"], *site.getsitepackages()]
    extra = os.environ.get("LSTM_SHAPES_EXTRA_ROOTS", "")
    candidates += [p for p in extra.split(os.pathsep) if p]
    roots: List[pathlib.Path] = []
    for candidate in candidates:
        path = pathlib.Path(candidate).resolve()
        if path.is_dir() and not any(_is_within(path, r) or _is_within(r, path) for r in roots):
            roots.append(path)
    return roots


def _is_within(path: pathlib.Path, root: pathlib.Path) -> bool:
    return path == root or root in path.parents


def python_files(roots: Sequence[pathlib.Path]) -> List[pathlib.Path]:
    """Every ``.py`` file under the roots, in a stable order (symlinks once)."""
    seen = set()
    files = []
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            real = path.resolve()
            if real in seen or not real.is_file():
                continue
            seen.add(real)
            files.append(path)
    return files


def deterministic_sample(files: Sequence[pathlib.Path], size: int) -> List[pathlib.Path]:
    """``size`` files spread over the whole list, the same on every run and
    machine: ordered by a hash of the path, not by the directory walk, so the
    sample does not cluster in one package."""
    def key(path: pathlib.Path) -> str:
        return hashlib.sha1(str(path).encode()).hexdigest()
    return sorted(sorted(files, key=key)[:size])


class Parsed(NamedTuple):
    tree: ast.Module
    lines: List[str]


def parse_like_flake8(path: pathlib.Path) -> Optional[Parsed]:
    """The tree and lines flake8 would hand the plugin, or None when Python
    cannot parse the file (a syntax error, a null byte, or nesting deep enough
    for ast.parse itself to hit RecursionError: flake8 fails there before any
    plugin runs, so such files are out of scope)."""
    import warnings
    try:
        lines = read_lines_like_flake8(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # invalid escapes in old code: not ours
            tree = ast.parse("".join(lines))
    except (SyntaxError, ValueError, UnicodeError, RecursionError, MemoryError, OSError):
        return None
    return Parsed(tree, lines)


def read_lines_like_flake8(path: pathlib.Path) -> List[str]:
    """flake8's FileProcessor.read_lines_from_filename: the declared encoding,
    latin-1 when that fails."""
    import tokenize
    try:
        with tokenize.open(path) as handle:
            return handle.readlines()
    except (SyntaxError, UnicodeError):
        with open(path, encoding="latin-1") as handle:
            return handle.readlines()


def rss_bytes() -> int:
    """The resident set size of this process now (Linux), else the peak."""
    try:
        with open("/proc/self/statm") as handle:
            resident_pages = int(handle.read().split()[1])
        return resident_pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def passes_gate(text: str) -> bool:
    """Whether the plugin's text gate lets this file through to the interpreter."""
    try:
        from flake8_lstm_shapes.analysis import mentions_keras
    except ImportError:   # the gate was renamed: its words, as of this writing
        return any(word in text for word in ("keras", "LSTM", "GRU", "RNN"))
    return mentions_keras(text)


def gated_files(files: Sequence[pathlib.Path], limit: int) -> List[pathlib.Path]:
    """Up to ``limit`` of the files the gate lets through, in a stable order."""
    found = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if passes_gate(text):
            found.append(path)
    return deterministic_sample(found, limit)
