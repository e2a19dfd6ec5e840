"""Lint untrusted source in a worker process that may hang or blow up.

A hang inside one C call (a huge integer multiplication) cannot be
interrupted by a signal in the process that runs it, and a memory bomb can
take the whole machine down.  So the fuzz tests hand each program to a
long-lived worker process with a cap on its address space, and a worker that
hangs or dies is killed and replaced.

A hang is judged by the worker's CPU time, not by the clock: on a loaded
machine a program that needs a tenth of a second can take seconds of wall
time, while a hang burns CPU however busy the machine is.  Before each
program the worker sets its own CPU limit (``RLIMIT_CPU``) to the time used so
far plus ``timeout``; past it the kernel ends the worker, even inside a C call.
A wall-clock limit many times wider stays as a backstop for a worker that
waits without computing.  Starting a worker (a new interpreter that imports
the plugin) is not counted against any program.

In the worker every program is linted twice, both with
``FLAKE8_LSTM_SHAPES_DEBUG=1`` so internal errors raise:

1. as flake8 runs the plugin: ``LstmShapesChecker(tree, lines, filename)``
   then ``run()`` consumed (text gate included);
2. with the gate bypassed (``lint_harness.interpret_without_gate``), so
   programs that never mention Keras still exercise the interpreter.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import tempfile
import time
import traceback
from typing import NamedTuple, Optional

MEMORY_LIMIT = 2 * 1024 ** 3       # address space of the worker, bytes
STARTUP_SECONDS = 300.0            # wall clock for a new worker to say it is ready
READY = "ready"


class Outcome(NamedTuple):
    kind: str            # "ok", "unparsable", "error", "hang", "died"
    seconds: float
    detail: str = ""     # the traceback, for "error"
    steps: int = 0       # interpreter steps used with the gate bypassed
    findings: int = 0    # findings through the flake8 face
    cpu: float = 0.0     # the worker's CPU seconds for this program

    @property
    def failed(self) -> bool:
        return self.kind in ("error", "hang", "died")


def lint_source(source: str, filename: str = "fuzz.py") -> Outcome:
    """Lint one program in this process (the worker's job)."""
    import ast

    from flake8_lstm_shapes.checker import LstmShapesChecker
    from .lint_harness import interpret_without_gate

    start, cpu_start = time.perf_counter(), time.process_time()

    def outcome(kind: str, **kw) -> Outcome:
        return Outcome(kind, time.perf_counter() - start, cpu=time.process_time() - cpu_start, **kw)

    lines = source.splitlines(keepends=True)
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return outcome("unparsable")
    try:
        findings = list(LstmShapesChecker(tree, lines, filename).run())
        ctx = interpret_without_gate(tree, lines, filename)
    except BaseException:   # noqa: BLE001 - every escape is what we look for
        return outcome("error", detail=traceback.format_exc(limit=-12))
    return outcome("ok", steps=ctx.budget.used, findings=len(findings))


def _serve(conn, memory_limit: int, cpu_seconds: float) -> None:
    _limit_address_space(memory_limit)
    os.environ["FLAKE8_LSTM_SHAPES_DEBUG"] = "1"
    # The programs are linted as a file of an empty folder: the plugin looks
    # for the user's modules next to the linted file, and must find none of
    # this repository's.
    filename = os.path.join(tempfile.mkdtemp(prefix="lstm-shapes-fuzz-"), "fuzz.py")
    lint_source("import keras\n", filename)   # the imports, before any program is timed
    conn.send(READY)
    while True:
        try:
            request, argument = conn.recv()
        except EOFError:
            return
        _limit_cpu_from_now(cpu_seconds)
        if request == "sleep":            # the harness's self-tests: a hang that waits ...
            time.sleep(argument)
            conn.send(READY)
        elif request == "spin":           # ... and one that computes
            _spin(argument)
            conn.send(READY)
        else:
            conn.send(tuple(lint_source(argument, filename)))


def _spin(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def cpu_limit_available() -> bool:
    try:
        import resource
    except ImportError:
        return False
    return hasattr(resource, "RLIMIT_CPU")


def _limit_cpu_from_now(seconds: float) -> None:
    """End this process (SIGXCPU) once it has used ``seconds`` more CPU time.

    The limit is in whole seconds, so it falls between ``seconds`` and one
    more: a hang is still caught, and no program is cut short.
    """
    if not cpu_limit_available():
        return
    import resource
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _limit_address_space(limit: int) -> None:
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))   # a worker ended by SIGXCPU leaves no core file
    except (ImportError, ValueError, OSError):
        pass  # no limit on this platform: the timeout still catches a hang


class Sandbox:
    """One worker process, restarted after a hang or a crash.

    ``timeout`` is CPU seconds of the worker per program; ``wall_timeout`` the
    backstop for a worker that waits without computing (by default ten times
    ``timeout`` and at least a minute more: no load stretches a real answer that
    far).  Where the CPU limit is unavailable, ``timeout`` is the wall limit.
    """

    def __init__(self, timeout: float = 20.0, memory_limit: int = MEMORY_LIMIT,
                 wall_timeout: Optional[float] = None):
        self.timeout = timeout
        self.memory_limit = memory_limit
        if wall_timeout is None:
            wall_timeout = max(10 * timeout, timeout + 60) if cpu_limit_available() else timeout
        self.wall_timeout = wall_timeout
        # spawn, not fork: the parent may hold threads (numpy's BLAS) and a
        # forked copy of pytest's state is not what we want to measure.
        self._mp = multiprocessing.get_context("spawn")
        self._process: Optional[multiprocessing.Process] = None
        self._conn = None

    def lint(self, source: str) -> Outcome:
        return self._ask("lint", source)

    def stall(self, seconds: float) -> Outcome:
        """Make the worker sleep: a hang that uses no CPU (self-test)."""
        return self._ask("sleep", float(seconds))

    def spin(self, seconds: float) -> Outcome:
        """Make the worker compute for ``seconds`` of CPU: a hang (self-test)."""
        return self._ask("spin", float(seconds))

    def _ask(self, request: str, argument) -> Outcome:
        if not self._ensure_started():
            return Outcome("died", 0.0, "the worker did not start")
        start = time.perf_counter()
        self._conn.send((request, argument))
        if not self._conn.poll(self.wall_timeout):
            self._kill()
            return Outcome("hang", time.perf_counter() - start,
                           f"no answer after {self.wall_timeout:g} s of wall-clock time")
        try:
            answer = self._conn.recv()
        except (EOFError, OSError):
            code = self._exit_code()
            self._kill()
            if code == -getattr(signal, "SIGXCPU", -1):
                return Outcome("hang", time.perf_counter() - start,
                               f"past {self.timeout:g} s of CPU time")
            return Outcome("died", time.perf_counter() - start, f"worker exit code {code}")
        if request != "lint":        # a self-test that ended in time
            return Outcome("ok", time.perf_counter() - start)
        return Outcome(*answer)

    def close(self) -> None:
        if self._process is not None:
            self._conn.close()
            self._process.join(timeout=5)
            self._kill()

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _ensure_started(self) -> bool:
        if self._process is not None and self._process.is_alive():
            return True
        self._kill()
        parent, child = self._mp.Pipe()
        self._process = self._mp.Process(target=_serve, args=(child, self.memory_limit, self.timeout),
                                         daemon=True)
        self._process.start()
        child.close()
        self._conn = parent
        # Starting is not part of any program's time: wait for the worker to
        # have imported everything, with a margin of its own.
        try:
            ready = parent.poll(STARTUP_SECONDS) and parent.recv() == READY
        except (EOFError, OSError):
            ready = False
        if not ready:
            self._kill()
        return ready

    def _exit_code(self) -> Optional[int]:
        if self._process is None:
            return None
        self._process.join(timeout=5)
        return self._process.exitcode

    def _kill(self) -> None:
        if self._process is None:
            return
        if self._process.is_alive():
            self._process.kill()   # only the worker this object started
        self._process.join(timeout=5)
        self._process = None
        self._conn = None
