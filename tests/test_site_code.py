"""Crash guard on real code: the installed stdlib and site-packages.

Each file goes through flake8's own machinery (``flake8.checker.FileChecker``
with the plugins and options ``flake8 --isolated --select=LST`` loads, the
plugin's ``run()`` consumed), and once more straight into the interpreter with
the text gate bypassed: most of this code never mentions Keras, and the gate
would otherwise keep the interpreter from ever seeing it.  Both run with
``FLAKE8_LSTM_SHAPES_DEBUG=1``, so an internal error raises instead of being
swallowed by the crash guard; running out of budget is a normal end.

Files Python itself cannot parse (syntax errors in test data, nesting deep
enough for ``ast.parse`` to raise RecursionError on 3.11) are out of scope:
flake8 fails on them before any plugin runs.  They are skipped and counted.

A limit of 20 s of CPU time per file and pass (``lint_harness.time_limit``, with
a wall-clock backstop ten times wider) only catches a hang.

Default: a deterministic sample of 1,500 files, plus the few the text gate
lets through (under a minute on an idle 2-core machine).  Opt-in:

    LSTM_SHAPES_FULL_SITE=1        every file (23,000 with keras's site-packages added:
                                   about 17 minutes)
    LSTM_SHAPES_SITE_SAMPLE=N      a sample of N files
    LSTM_SHAPES_EXTRA_ROOTS=A:B    more trees, e.g. a site-packages with keras
"""

from __future__ import annotations

import os
import pathlib
import time
import traceback
from typing import Dict, List

import pytest

from support.lint_harness import (Flake8Lst, Hang, debug_env, deterministic_sample, gated_files,
                                  interpret_without_gate, parse_like_flake8, passes_gate, python_files,
                                  site_roots, time_limit)

SAMPLE_SIZE = int(os.environ.get("LSTM_SHAPES_SITE_SAMPLE", "1500"))
FULL = os.environ.get("LSTM_SHAPES_FULL_SITE") == "1"
HANG_SECONDS = 20.0
MAX_FAILURES_SHOWN = 10


@pytest.fixture(scope="module")
def flake8_lst():
    with debug_env():
        yield Flake8Lst()


@pytest.fixture(scope="module")
def site_files() -> List[pathlib.Path]:
    """The sample, plus files the text gate lets through (few without Keras
    installed, hundreds with it), so flake8's run of the plugin reaches the
    interpreter on real code too."""
    files = python_files(site_roots())
    if FULL:
        return files
    sample = set(deterministic_sample(files, SAMPLE_SIZE))
    return sorted(sample | set(gated_files(files, SAMPLE_SIZE // 5)))


class Tally:
    """What happened to each file, and the tracebacks of what went wrong."""

    def __init__(self):
        self.counts: Dict[str, int] = {"files": 0, "unparsable": 0, "through_gate": 0,
                                       "budget_exhausted": 0, "findings": 0, "steps": 0}
        self.failures: List[str] = []
        self.slowest = (0.0, "")

    def failed(self, path, stage: str, error: BaseException) -> None:
        detail = "".join(traceback.format_exception(error, limit=-8))
        self.failures.append(f"{path} [{stage}]\n{detail}")

    def timed(self, path, seconds: float) -> None:
        if seconds > self.slowest[0]:
            self.slowest = (seconds, str(path))

    def report(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.counts.items())
        return f"{counts}; slowest {self.slowest[0]:.2f} s: {self.slowest[1]}"


def lint_one(path: pathlib.Path, flake8_lst: Flake8Lst, tally: Tally) -> None:
    parsed = parse_like_flake8(path)
    if parsed is None:
        tally.counts["unparsable"] += 1
        return
    tally.counts["files"] += 1
    start = time.perf_counter()
    try:
        with time_limit(HANG_SECONDS, f"flake8 on {path}"):
            results = flake8_lst.lint(path)
        tally.counts["findings"] += sum(1 for r in results if r[0].startswith("LST"))
    except (Exception, Hang) as error:   # noqa: BLE001 - every escape is a failure
        tally.failed(path, "flake8", error)
    tally.counts["through_gate"] += passes_gate("".join(parsed.lines))
    try:
        with time_limit(HANG_SECONDS, f"interpreter on {path}"):
            ctx = interpret_without_gate(parsed.tree, parsed.lines, str(path))
        tally.counts["steps"] += ctx.budget.used
        tally.counts["budget_exhausted"] += ctx.budget.used > ctx.budget.steps
    except (Exception, Hang) as error:   # noqa: BLE001
        tally.failed(path, "interpreter without gate", error)
    tally.timed(path, time.perf_counter() - start)


def test_installed_python_code_lints_without_an_exception(site_files, flake8_lst):
    tally = Tally()
    with debug_env():
        for path in site_files:
            lint_one(path, flake8_lst, tally)
    print(f"\nsite code: {tally.report()}")
    assert tally.counts["files"] >= min(SAMPLE_SIZE, len(site_files)) * 0.95, tally.report()
    # The sample must make the interpreter work, or this test proves nothing.
    assert tally.counts["steps"] > 50 * tally.counts["files"], tally.report()
    shown = "\n".join(tally.failures[:MAX_FAILURES_SHOWN])
    assert not tally.failures, f"{len(tally.failures)} failures:\n{shown}"


def test_the_harness_sees_findings_and_errors(tmp_path, flake8_lst, monkeypatch):
    """flake8's machinery as used above really calls the plugin and lets an
    internal error out: without that, the crash guard test could not fail."""
    bad = tmp_path / "bad.py"
    bad.write_text("from keras.models import Sequential\nfrom keras.layers import LSTM\n"
                   "model = Sequential()\nmodel.add(LSTM(3, input_shape=(10,)))\n")
    with debug_env():
        assert [r[0] for r in flake8_lst.lint(bad)] == ["LST101"]

        def boom(*args, **kwargs):
            raise RuntimeError("internal")
        monkeypatch.setattr("flake8_lstm_shapes.analysis.interpret", boom)
        with pytest.raises(RuntimeError, match="internal"):
            flake8_lst.lint(bad)


def test_the_sample_is_deterministic_and_spread(site_files):
    if FULL:
        pytest.skip("the whole set, not a sample")
    sample = deterministic_sample(python_files(site_roots()), SAMPLE_SIZE)
    assert sample == deterministic_sample(python_files(site_roots()), SAMPLE_SIZE)
    assert set(sample) <= set(site_files)
    assert len({p.parent for p in sample}) > len(sample) // 10   # spread, not one package


def test_the_hang_detector_counts_cpu_time_not_the_clock():
    """A computing loop is stopped after its CPU time, however long the clock
    ran; sleeping past the limit uses no CPU and is not a hang."""
    if not hasattr(time, "process_time") or not hasattr(__import__("signal"), "setitimer"):
        pytest.skip("no interval timers here")
    with time_limit(0.3, "sleep"):
        time.sleep(0.6)
    start = time.process_time()
    with pytest.raises(Hang, match="CPU time"):
        with time_limit(0.3, "spin"):
            while time.process_time() - start < 60:
                pass
    assert time.process_time() - start < 30
