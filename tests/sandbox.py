"""Lint untrusted source in a worker process that may hang or blow up.

A hang inside one C call (a huge integer multiplication) cannot be
interrupted by a signal in the process that runs it, and a memory bomb can
take the whole machine down.  So the fuzz tests hand each program to a
long-lived worker process with a cap on its address space; the parent waits
with a timeout, and a worker that hangs or dies is killed and replaced.

In the worker every program is linted twice, both with
``FLAKE8_LSTM_SHAPES_DEBUG=1`` so internal errors raise:

1. as flake8 runs the plugin: ``LstmShapesChecker(tree, lines, filename)``
   then ``run()`` consumed (text gate included);
2. with the gate bypassed (``lint_harness.interpret_without_gate``), so
   programs that never mention Keras still exercise the interpreter.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
import traceback
from typing import NamedTuple, Optional

MEMORY_LIMIT = 2 * 1024 ** 3       # address space of the worker, bytes


class Outcome(NamedTuple):
    kind: str            # "ok", "unparsable", "error", "hang", "died"
    seconds: float
    detail: str = ""     # the traceback, for "error"
    steps: int = 0       # interpreter steps used with the gate bypassed
    findings: int = 0    # findings through the flake8 face

    @property
    def failed(self) -> bool:
        return self.kind in ("error", "hang", "died")


def lint_source(source: str, filename: str = "fuzz.py") -> Outcome:
    """Lint one program in this process (the worker's job)."""
    import ast

    from flake8_lstm_shapes.checker import LstmShapesChecker
    from lint_harness import interpret_without_gate

    start = time.perf_counter()
    lines = source.splitlines(keepends=True)
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return Outcome("unparsable", time.perf_counter() - start)
    try:
        findings = list(LstmShapesChecker(tree, lines, filename).run())
        ctx = interpret_without_gate(tree, lines, filename)
    except BaseException:   # noqa: BLE001 - every escape is what we look for
        return Outcome("error", time.perf_counter() - start, traceback.format_exc(limit=-12))
    return Outcome("ok", time.perf_counter() - start, steps=ctx.budget.used,
                   findings=len(findings))


def _serve(conn, memory_limit: int) -> None:
    _limit_address_space(memory_limit)
    os.environ["FLAKE8_LSTM_SHAPES_DEBUG"] = "1"
    # The programs are linted as a file of an empty folder: the plugin looks
    # for the user's modules next to the linted file, and must find none of
    # this repository's.
    filename = os.path.join(tempfile.mkdtemp(prefix="lstm-shapes-fuzz-"), "fuzz.py")
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if isinstance(request, float):    # the harness's own self-test: a hang
            time.sleep(request)
            continue
        conn.send(tuple(lint_source(request, filename)))


def _limit_address_space(limit: int) -> None:
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass  # no limit on this platform: the timeout still catches a hang


class Sandbox:
    """One worker process, restarted after a hang or a crash."""

    def __init__(self, timeout: float = 20.0, memory_limit: int = MEMORY_LIMIT):
        self.timeout = timeout
        self.memory_limit = memory_limit
        # spawn, not fork: the parent may hold threads (numpy's BLAS) and a
        # forked copy of pytest's state is not what we want to measure.
        self._mp = multiprocessing.get_context("spawn")
        self._process: Optional[multiprocessing.Process] = None
        self._conn = None

    def lint(self, source: str) -> Outcome:
        self._ensure_started()
        start = time.perf_counter()
        self._conn.send(source)
        if not self._conn.poll(self.timeout):
            self._kill()
            return Outcome("hang", time.perf_counter() - start,
                           f"no answer after {self.timeout:g} s")
        try:
            return Outcome(*self._conn.recv())
        except (EOFError, OSError):
            code = self._process.exitcode if self._process else None
            self._kill()
            return Outcome("died", time.perf_counter() - start, f"worker exit code {code}")

    def stall(self, seconds: float) -> Outcome:
        """Make the worker sleep, to check that a hang is caught (self-test)."""
        self._ensure_started()
        start = time.perf_counter()
        self._conn.send(float(seconds))
        if not self._conn.poll(self.timeout):
            self._kill()
            return Outcome("hang", time.perf_counter() - start)
        return Outcome("ok", time.perf_counter() - start)

    def close(self) -> None:
        if self._process is not None:
            self._conn.close()
            self._process.join(timeout=5)
            self._kill()

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _ensure_started(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        self._kill()
        parent, child = self._mp.Pipe()
        self._process = self._mp.Process(target=_serve, args=(child, self.memory_limit),
                                         daemon=True)
        self._process.start()
        child.close()
        self._conn = parent

    def _kill(self) -> None:
        if self._process is None:
            return
        if self._process.is_alive():
            self._process.kill()   # only the worker this object started
        self._process.join(timeout=5)
        self._process = None
        self._conn = None
