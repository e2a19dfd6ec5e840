"""The fixtures under real Keras: what each one claims, how to run it, whether it holds.

A fixture claims one of two things about the Keras it targets:

* it **raises**: it expects a finding that is not marked ``silent``.  Keras must
  raise, from the fixture's statement that holds the first such finding or a
  later one (a finding is reported on the line to change; Keras raises there or
  later, e.g. LST401 is on the first LSTM and Keras raises on the next ``add``;
  a finding inside a multi-line ``Sequential([...])`` is raised by that call).
  An ImportError, NameError, SyntaxError or FileNotFoundError is no verdict:
  the program never reached its Keras code;
* it **runs**: it expects no finding, or only ``silent`` ones (rules that flag a
  mistake Keras accepts without a word).

The Keras it targets is Keras 2 (``tf_keras``) under a ``# lstm-keras-version: 2``
header, Keras 3 otherwise.  Header comments can say more (first 20 lines, one
per line, the reason in brackets)::

    # conformance: skip (WHY)                     never run; WHY is required
    # conformance: needs MODULE[, MODULE] (WHY)   run only where each is installed
    # conformance: keras 2 (WHY)                  run under Keras 2 though there is
                                                  no version header (the imports
                                                  pin Keras 2 for the linter)
    # conformance: keras both (WHY)               the claim holds under Keras 3 AND
                                                  Keras 2: one claim per version,
                                                  whatever the version header says
                                                  (the header pins the linter only)

Which claims a run confirms: ``LSTM_CONFORMANCE_KERAS`` (``2``, ``3`` or ``2,3``)
selects them; unset, every claim whose Keras is installed here.  A claim of a
version left out is skipped, saying so.

Nothing here imports Keras: each fixture runs in a process of its own
(``conformance_runner.py``), forked on Linux from a warm interpreter that has
imported Keras and nothing else (a third of the CPU of a fresh interpreter per
fixture, same results), a fresh interpreter elsewhere or with
``LSTM_CONFORMANCE_FORK=0``.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib.metadata
import importlib.util
import io
import json
import os
import pathlib
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import tokenize
from typing import Dict, List, Optional, Tuple

from .expectations import expected_findings

RUNNER = pathlib.Path(__file__).with_name("conformance_runner.py")
TIMEOUT_SECONDS = 120
START_SECONDS = 120   # for a warm interpreter to import Keras
HEADER_LINES = 20
FAST_XLA_COMPILE = "--xla_backend_optimization_level=0 --xla_llvm_disable_expensive_passes=true"

VERSION_HEADER = re.compile(r"^\s*#\s*lstm-keras-version\s*[:=]\s*([23])\b")
DIRECTIVE_LINE = re.compile(r"^\s*#\s*conformance\s*:(.*)$")
DIRECTIVE = re.compile(
    r"^\s*(?:(?P<skip>skip)"
    r"|needs\s+(?P<needs>[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)"
    r"|keras\s+(?P<keras>[23]|both))"
    r"\s*(?:\((?P<why>[^()]*(?:\([^()]*\)[^()]*)*)\))?\s*$")
BOTH_VERSIONS = (2, 3)
SELECTION_VARIABLE = "LSTM_CONFORMANCE_KERAS"
SILENT = re.compile(r"\bsilent\b", re.IGNORECASE)
# A program that stops on these never reached the Keras code the fixture is about.
NOT_A_KERAS_VERDICT = ("ImportError", "ModuleNotFoundError", "NameError", "SyntaxError",
                       "IndentationError", "FileNotFoundError")


@dataclasses.dataclass(frozen=True)
class Finding:
    line: int
    code: str
    silent: bool


@dataclasses.dataclass
class Plan:
    """What to do with one fixture, read from its text alone.

    ``versions`` are the Keras versions the fixture claims to hold under;
    ``keras`` is the one this plan is judged under (see ``under``).
    """
    keras: int
    findings: List[Finding]
    versions: Tuple[int, ...] = ()
    skip: Optional[str] = None           # why it is never run here
    needs: Tuple[str, ...] = ()          # modules it imports beyond Keras
    why_needs: str = ""
    errors: List[str] = dataclasses.field(default_factory=list)  # malformed directives

    def under(self, keras: int) -> "Plan":
        """The same claim, judged under Keras `keras` (one of `versions`)."""
        return dataclasses.replace(self, keras=keras)

    @property
    def must_raise(self) -> bool:
        return any(not f.silent for f in self.findings)

    @property
    def first_loud_line(self) -> Optional[int]:
        lines = [f.line for f in self.findings if not f.silent]
        return min(lines) if lines else None


@dataclasses.dataclass
class Outcome:
    """What happened when the fixture ran (or why we could not tell)."""
    ran: bool = False
    error_type: str = ""
    message: str = ""
    line: Optional[int] = None              # innermost line of the fixture that raised
    statement_end: Optional[int] = None     # last line of the statement on that line
    source: Optional[str] = None
    keras_version: Optional[str] = None
    seconds: float = 0.0
    harness_problem: Optional[str] = None   # timeout, crash, no result


# -- reading a fixture ---------------------------------------------------------

def trailing_comments(text: str) -> Dict[int, str]:
    """line -> the comment that follows code on that line."""
    comments, code_rows = {}, set()
    layout = (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
              tokenize.ENCODING, tokenize.ENDMARKER)
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.COMMENT:
            if tok.start[0] in code_rows:
                comments[tok.start[0]] = tok.string
        elif tok.type not in layout:
            code_rows.add(tok.start[0])
    return comments


def findings_of(text: str) -> List[Finding]:
    # expected_findings is the suite's one reading of expectations; the comment
    # text only adds whether the finding is a silent one.
    comments = trailing_comments(text)
    return [Finding(line, code, bool(SILENT.search(comments.get(line, ""))))
            for line, code in sorted(expected_findings(text))]


def plan_for_text(text: str) -> Plan:
    header = text.splitlines()[:HEADER_LINES]
    version = next((int(m.group(1)) for m in map(VERSION_HEADER.match, header) if m), 3)
    plan = Plan(keras=version, findings=findings_of(text), versions=(version,))
    for number, line in enumerate(header, 1):
        directive = DIRECTIVE_LINE.match(line)
        if directive:
            apply_directive(plan, number, directive.group(1))
    return plan


def apply_directive(plan: Plan, number: int, body: str) -> None:
    match = DIRECTIVE.match(body)
    if not match:
        plan.errors.append(f"line {number}: unrecognised '# conformance:{body}' (expected "
                           f"'skip (WHY)', 'needs MODULE[, MODULE] (WHY)', 'keras 2 (WHY)' "
                           f"or 'keras both (WHY)')")
        return
    why = (match.group("why") or "").strip()
    if match.group("skip"):
        if not why:
            plan.errors.append(f"line {number}: '# conformance: skip' needs a reason in brackets")
        plan.skip = why
    elif match.group("needs"):
        plan.needs += tuple(m.strip() for m in match.group("needs").split(","))
        plan.why_needs = why
    elif match.group("keras") == "both":
        plan.versions = BOTH_VERSIONS
    else:
        plan.keras = int(match.group("keras"))
        plan.versions = (plan.keras,)


def plan_for(path: pathlib.Path) -> Plan:
    return plan_for_text(path.read_text(encoding="utf-8"))


def own_lines(statement: ast.stmt) -> Tuple[int, int]:
    """First and last line of a statement, without the bodies of a compound one.

    ``for x in data:`` owns its header lines, not the loop body: an error in the
    body is that body statement's.
    """
    nested = [child.lineno for child in ast.iter_child_nodes(statement)
              if isinstance(child, ast.stmt)]
    last = min(nested) - 1 if nested else statement.end_lineno
    return statement.lineno, max(statement.lineno, last)


def statement_end(text: str, line: int) -> int:
    """Last line of the statement that line belongs to (a call may span lines)."""
    spans = [own_lines(node) for node in ast.walk(ast.parse(text))
             if isinstance(node, ast.stmt)]
    holding = [(first, last) for first, last in spans if first <= line <= last]
    if not holding:
        return line
    return min(holding, key=lambda span: span[1] - span[0])[1]


# -- what this environment can run ---------------------------------------------

def installed_major(distribution: str) -> Optional[int]:
    """Major version of an installed distribution, read from metadata (never imported)."""
    try:
        return int(importlib.metadata.version(distribution).split(".")[0])
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return None


def importable(module: str) -> bool:
    """Whether the module's top-level package is installed.

    Only the top level: finding `tensorflow.keras` would import tensorflow (and
    Keras) into this process.
    """
    try:
        return importlib.util.find_spec(module.split(".")[0]) is not None
    except (ImportError, ValueError):
        return False


def keras_unavailable(major: int) -> Optional[str]:
    """Why this environment cannot run Keras `major`, or None if it can."""
    if major == 3:
        if sys.version_info < (3, 11):
            return (f"Keras 3.15 and JAX need Python 3.11 or newer; on Python "
                    f"{sys.version_info.major}.{sys.version_info.minor} the conformance extra "
                    "installs neither")
        backend = keras3_backend()
        if installed_major("keras") != 3 or not importable(backend):
            return (f"Keras 3 conformance needs keras>=3 and {backend} installed "
                    "(pip install '.[conformance]')")
        return None
    if installed_major("tf-keras") != 2 or not importable("tf_keras"):
        return ("Keras 2 claim: tf_keras is not installed here "
                "(pip install -r .ci/keras2-requirements.txt)")
    return None


def keras3_backend(environ=os.environ) -> str:
    """The backend Keras 3 runs the fixtures on: JAX, unless ``KERAS_BACKEND``
    names TensorFlow (where tf.data fixtures run on TensorFlow's own Keras 3)."""
    return "tensorflow" if environ.get("KERAS_BACKEND") == "tensorflow" else "jax"


def parse_selection(value: str) -> Optional[Tuple[int, ...]]:
    """The Keras versions named by a LSTM_CONFORMANCE_KERAS value, None if malformed.

    Empty means no choice made: every version, each confirmed where installed.
    """
    names = [name.strip() for name in value.split(",")] if value.strip() else []
    if not all(name in ("2", "3") for name in names):
        return None
    return tuple(sorted({int(name) for name in names})) or BOTH_VERSIONS


def selection_problem(environ=os.environ) -> Optional[str]:
    value = environ.get(SELECTION_VARIABLE, "")
    if parse_selection(value) is None:
        return f"{SELECTION_VARIABLE}={value!r}: expected 2, 3 or 2,3"
    return None


def selected_versions(environ=os.environ) -> Tuple[int, ...]:
    """The Keras versions whose claims this run confirms (all, if the value is malformed:
    selection_problem fails the run then, rather than quietly confirming less)."""
    return parse_selection(environ.get(SELECTION_VARIABLE, "")) or BOTH_VERSIONS


def required_versions(environ=os.environ) -> Tuple[int, ...]:
    """The Keras versions LSTM_CONFORMANCE_REQUIRED=1 insists are installed.

    Those selected explicitly; without a selection Keras 3, the one the
    conformance extra installs.
    """
    if not environ.get(SELECTION_VARIABLE, "").strip():
        return (3,)
    return selected_versions(environ)


def skip_reason(plan: Plan, selected: Tuple[int, ...] = None) -> Optional[str]:
    if plan.errors:
        return None  # a malformed header fails the test, it is never skipped
    if plan.skip is not None:
        return f"conformance: skip ({plan.skip})"
    selected = selected_versions() if selected is None else selected
    if plan.keras not in selected:
        return (f"a Keras {plan.keras} claim: {SELECTION_VARIABLE} selects Keras "
                f"{' and '.join(map(str, selected))} for this run")
    missing = [m for m in plan.needs if not importable(m)]
    if missing:
        why = f" ({plan.why_needs})" if plan.why_needs else ""
        return f"needs {', '.join(missing)}, not importable here{why}"
    return keras_unavailable(plan.keras)


# -- running one fixture ---------------------------------------------------------

def child_environment(keras: int, scratch: str, compile_cache: str) -> Dict[str, str]:
    env = dict(os.environ)
    env.update({
        "KERAS_BACKEND": keras3_backend(),
        "JAX_PLATFORMS": "cpu",
        "CUDA_VISIBLE_DEVICES": "",        # TensorFlow too: CPU only
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "TF_ENABLE_ONEDNN_OPTS": "0",      # no oneDNN banner, deterministic kernels
        "PYTHONWARNINGS": "ignore",
        "KERAS_HOME": scratch,             # keras.json goes here, not to ~/.keras
        "MPLBACKEND": "Agg",
        "OPENBLAS_NUM_THREADS": "1",       # numpy's BLAS threads: none, so forking is clean
        # The programs are tiny and run once: XLA's optimising passes cost more
        # than they save.  They change speed, never what Keras accepts.
        "XLA_FLAGS": " ".join(filter(None, [os.environ.get("XLA_FLAGS"), FAST_XLA_COMPILE])),
        # Many fixtures train the same small model: JAX compiles it once per
        # run and the others load it (40% less CPU).  The folder lives for one
        # run only; what Keras accepts is decided before anything is compiled.
        "JAX_COMPILATION_CACHE_DIR": compile_cache,
        "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0",
        "JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES": "-1",
        # tensorflow.keras is tf_keras under Keras 2, Keras 3 otherwise.
        "TF_USE_LEGACY_KERAS": "1" if keras == 2 else "0",
    })
    return env


def tail(text: str, lines: int = 15) -> str:
    return "\n".join((text or "").strip().splitlines()[-lines:])


def read_tail(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as text:
            return tail(text.read())
    except OSError:
        return ""


def forking_wanted() -> bool:
    """Fork fixtures from a warm interpreter: on Linux, unless LSTM_CONFORMANCE_FORK=0.

    The warm interpreter must also be single-threaded after importing Keras
    (FixtureRunner checks what it reports): Keras 3 with jax and tf_keras with
    TensorFlow are, their backends start threads when first used, in the child.
    """
    return sys.platform.startswith("linux") and os.environ.get("LSTM_CONFORMANCE_FORK") != "0"


class WarmInterpreter:
    """A `conformance_runner.py serve` process: Keras imported once, one fork per fixture."""

    def __init__(self, keras: int, compile_cache: str):
        self.scratch = tempfile.mkdtemp(prefix="lstm-conformance-server-")
        self.stderr_path = os.path.join(self.scratch, "server.err")
        with open(self.stderr_path, "w") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, str(RUNNER), "serve", str(keras)], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=self.scratch,
                env=child_environment(keras, self.scratch, compile_cache))

    def hello(self) -> Optional[dict]:
        """What the server says once Keras is imported (its thread count), or None."""
        return self._reply(START_SECONDS)

    def run(self, request: dict) -> Optional[dict]:
        """The server's answer to one request, or None if it died or hung."""
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except OSError:
            return None
        # The server kills a child at the request's timeout; the margin is for
        # a busy machine.
        return self._reply(request["timeout"] + 30)

    def _reply(self, timeout: float) -> Optional[dict]:
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if ready else ""
        return json.loads(line) if line else None

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.scratch, ignore_errors=True)


class FixtureRunner:
    """Runs fixtures, each in a process of its own, from any number of threads."""

    def __init__(self, timeout: float = TIMEOUT_SECONDS):
        self.timeout = timeout
        self._idle: Dict[int, List[WarmInterpreter]] = {}
        self._all: List[WarmInterpreter] = []
        self._fresh_only = set()   # Keras versions whose warm interpreter had threads
        self.compile_cache = tempfile.mkdtemp(prefix="lstm-conformance-xla-")
        self._lock = threading.Lock()

    def run(self, path: pathlib.Path, keras: int) -> Outcome:
        """Run the fixture in a scratch folder (it may write files) and read its result."""
        with tempfile.TemporaryDirectory(prefix="lstm-conformance-") as scratch:
            result_file = os.path.join(scratch, "result.json")
            server = self._checkout(keras) if forking_wanted() else None
            if server:
                problem = self._run_forked(server, path.resolve(), keras, scratch, result_file)
            else:
                problem = self._run_fresh(path.resolve(), keras, scratch, result_file)
            if problem:
                return Outcome(harness_problem=problem)
            with open(result_file, encoding="utf-8") as result:
                outcome = outcome_from(json.load(result))
        if outcome.line is not None:
            outcome.statement_end = statement_end(path.read_text(encoding="utf-8"), outcome.line)
        return outcome

    def _run_fresh(self, path, keras, scratch, result_file) -> Optional[str]:
        command = [sys.executable, str(RUNNER), "run", str(keras), str(path), result_file]
        # Its own session, so a timeout kills whatever the program started too.
        env = child_environment(keras, scratch, self.compile_cache)
        child = subprocess.Popen(command, cwd=scratch, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                 start_new_session=True)
        try:
            output, _ = child.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            return f"timed out after {self.timeout:.0f} s"
        if not os.path.exists(result_file):
            return f"the runner wrote no result (exit {child.returncode})\n{tail(output)}"
        return None

    def _run_forked(self, server, path, keras, scratch, result_file) -> Optional[str]:
        reply = server.run({"fixture": str(path), "result": result_file, "scratch": scratch,
                            "timeout": self.timeout})
        if reply is None:
            problem = f"the warm interpreter died\n{read_tail(server.stderr_path)}"
            server.close()
            return problem
        self._checkin(keras, server)
        if reply["timed_out"]:
            return f"timed out after {self.timeout:.0f} s"
        if not os.path.exists(result_file):
            return (f"the runner wrote no result (exit {reply['exit']})\n"
                    f"{read_tail(os.path.join(scratch, 'output.txt'))}")
        return None

    def _checkout(self, keras: int) -> Optional[WarmInterpreter]:
        """An idle warm interpreter for this Keras, a new one, or None: run it fresh."""
        with self._lock:
            if keras in self._fresh_only:
                return None
            idle = self._idle.setdefault(keras, [])
            if idle:
                return idle.pop()
        server = WarmInterpreter(keras, self.compile_cache)
        hello = server.hello()
        if not hello or hello["threads"] != 1:
            server.close()  # forking a multi-threaded process can deadlock the child
            with self._lock:
                self._fresh_only.add(keras)
            return None
        with self._lock:
            self._all.append(server)
        return server

    def _checkin(self, keras: int, server: WarmInterpreter) -> None:
        with self._lock:
            self._idle[keras].append(server)

    def close(self) -> None:
        with self._lock:
            servers, self._all, self._idle = self._all, [], {}
        for server in servers:
            server.close()
        shutil.rmtree(self.compile_cache, ignore_errors=True)


def run_fixture(path: pathlib.Path, keras: int, timeout: float = TIMEOUT_SECONDS) -> Outcome:
    """One fixture, on its own (the suite shares a FixtureRunner between threads)."""
    runner = FixtureRunner(timeout)
    try:
        return runner.run(path, keras)
    finally:
        runner.close()


def outcome_from(record: dict) -> Outcome:
    error = record.get("error") or {}
    return Outcome(ran=record["ran"], error_type=error.get("type", ""),
                   message=error.get("message", ""), line=error.get("line"),
                   source=error.get("source"), keras_version=record.get("keras_version"),
                   seconds=record.get("seconds", 0.0))


# -- judging -------------------------------------------------------------------

def short_message(outcome: Outcome, lines: int = 6) -> str:
    text = "\n".join(ln for ln in outcome.message.splitlines() if ln.strip())
    kept = text.splitlines()[:lines]
    return "\n    ".join(kept) + ("\n    ..." if len(text.splitlines()) > lines else "")


def describe(outcome: Outcome) -> str:
    where = f"line {outcome.line}: {outcome.source}" if outcome.line else "outside the fixture"
    return f"{outcome.error_type} at {where}\n    {short_message(outcome)}"


def verdict(plan: Plan, outcome: Outcome) -> Optional[str]:
    """None when Keras confirms the fixture's claim, otherwise what it did instead."""
    if outcome.harness_problem:
        return f"could not run the fixture: {outcome.harness_problem}"
    version_problem = wrong_keras(plan, outcome)
    if version_problem:
        return version_problem
    if not plan.must_raise:
        if outcome.ran:
            return None
        return f"claims Keras {plan.keras} runs it, but it raised {describe(outcome)}"
    return raise_problem(plan, outcome)


def wrong_keras(plan: Plan, outcome: Outcome) -> Optional[str]:
    version = outcome.keras_version or ""
    if version.split(".")[0] != str(plan.keras):
        return f"meant for Keras {plan.keras}, but `import keras` gave Keras {version or 'none'}"
    return None


def raise_problem(plan: Plan, outcome: Outcome) -> Optional[str]:
    expected = ", ".join(f"{f.code} on line {f.line}" for f in plan.findings if not f.silent)
    if outcome.ran:
        return f"expects {expected}, so Keras {plan.keras} should raise, but it ran without error"
    if outcome.error_type.rsplit(".", 1)[-1] in NOT_A_KERAS_VERDICT:
        return (f"the program never reached its Keras code: {describe(outcome)}\n"
                f"(give the fixture a '# conformance: needs MODULE (WHY)' or "
                f"'# conformance: skip (WHY)' header if it cannot run here)")
    last_line = outcome.statement_end or outcome.line
    if last_line is None or last_line < plan.first_loud_line:
        return (f"expects {expected}, but Keras {plan.keras} raised before line "
                f"{plan.first_loud_line}: {describe(outcome)}")
    return None
