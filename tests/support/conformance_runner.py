"""Run fixtures as user programs under real Keras; write what happened as JSON.

    python conformance_runner.py run {2|3} FIXTURE RESULT.json
    python conformance_runner.py serve {2|3}

This is the child side of ``test_conformance.py``.  Every fixture runs in a
process of its own, so no Keras state (layer-name counters, a half-built model,
the backend) leaks from one program into the next:

* ``run`` starts from a fresh interpreter: one fixture, then exit;
* ``serve`` (Linux) is a warm interpreter that imports Keras once, says how
  many threads that left (one JSON line), and then, for each request (one JSON
  line on stdin: fixture, result, scratch, timeout), forks a child that runs the
  fixture, and answers with one JSON line on stdout.  Importing Keras costs
  more CPU than most fixtures themselves; a forked child starts with it done
  and nothing else (no backend is initialised yet: JAX and TensorFlow start
  their threads in the child).

The parent sets the environment (``KERAS_BACKEND=jax``, CPU only, quiet logs).
Under ``2`` the program's ``import keras`` and ``keras.*`` are served from
``tf_keras`` (Keras 2), so a Keras 2 fixture runs unchanged, as its author wrote
it for ``keras`` 2.x.

A result records whether the program ran, and if not the exception and the
innermost line of the fixture it came from: the parent compares that line with
the line of the expected finding.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import json
import os
import re
import runpy
import signal
import sys
import time
import traceback
import warnings

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
MESSAGE_LIMIT = 4000
POLL_SECONDS = 0.02


class KerasFromTfKeras(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serve ``keras`` and ``keras.<sub>`` as the modules ``tf_keras`` and ``tf_keras.<sub>``.

    The module object handed out is the real ``tf_keras`` one (not a copy), so
    ``keras.layers.LSTM is tf_keras.layers.LSTM`` and isinstance checks inside
    tf_keras keep working.
    """

    def __init__(self):
        self._real_specs = {}

    @staticmethod
    def real_name(fullname: str) -> str:
        return "tf_keras" + fullname[len("keras"):]

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "keras" and not fullname.startswith("keras."):
            return None
        try:
            real_spec = importlib.util.find_spec(self.real_name(fullname))
        except ModuleNotFoundError:  # a parent package of the name does not exist
            return None
        if real_spec is None:
            return None  # let the import fail as it would under Keras 2
        is_package = real_spec.submodule_search_locations is not None
        return importlib.util.spec_from_loader(fullname, self, is_package=is_package)

    def create_module(self, spec):
        module = importlib.import_module(self.real_name(spec.name))
        # The import system stamps our spec on the module it gets; remember the
        # real one so tf_keras keeps its own identity (see exec_module).
        self._real_specs[spec.name] = module.__spec__
        return module

    def exec_module(self, module):
        # Already executed as tf_keras.<sub>: only undo the spec overwrite.
        real_spec = self._real_specs.pop(module.__spec__.name, None)
        if real_spec is not None:
            module.__spec__ = real_spec


def prepare(keras_major: str):
    """Make ``import keras`` the Keras asked for, and import it; return its version."""
    if keras_major == "2":
        sys.meta_path.insert(0, KerasFromTfKeras())
    # Deprecation chatter from Keras is not a verdict; the parent reads only the result.
    warnings.simplefilter("ignore")
    try:
        keras = importlib.import_module("keras")
    except ImportError:
        return None
    return getattr(keras, "__version__", None)


def innermost_frame_in(fixture: str, exc: BaseException):
    """The deepest traceback frame that is in the fixture file: the line Keras raised from."""
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__)
              if os.path.abspath(frame.filename) == fixture]
    return frames[-1] if frames else None


def describe_exception(fixture: str, exc: BaseException) -> dict:
    frame = innermost_frame_in(fixture, exc)
    message = ANSI_ESCAPE.sub("", str(exc))
    return {
        "type": f"{type(exc).__module__}.{type(exc).__qualname__}",
        "message": message[:MESSAGE_LIMIT],
        "line": frame.lineno if frame else None,
        "source": (frame.line or "").strip() if frame else None,
    }


def run_program(fixture: str) -> dict:
    """Run the fixture as ``__main__`` with its folder on sys.path, as `python FIXTURE` would."""
    sys.path[0] = os.path.dirname(fixture)
    sys.argv = [fixture]
    started = time.monotonic()
    outcome = {"ran": True, "error": None}
    try:
        runpy.run_path(fixture, run_name="__main__")
    except SystemExit as exc:
        if exc.code not in (None, 0):  # sys.exit(0) is a program that ran to its end
            outcome = {"ran": False, "error": describe_exception(fixture, exc)}
    except Exception as exc:  # noqa: BLE001 - recording the program's failure is the point
        outcome = {"ran": False, "error": describe_exception(fixture, exc)}
    outcome["seconds"] = round(time.monotonic() - started, 2)
    return outcome


def run_and_record(version, fixture: str, result_path: str) -> None:
    result = {"keras_version": version}
    result.update(run_program(os.path.abspath(fixture)))
    with open(result_path, "w", encoding="utf-8") as out:
        json.dump(result, out)


# -- serve: one forked child per request ----------------------------------------

def child_runs(version, request: dict) -> None:
    """In the forked child: become a fresh program in the scratch folder, run, exit."""
    os.setsid()  # its own process group, so a timeout kills whatever it started
    os.chdir(request["scratch"])
    output = os.open(os.path.join(request["scratch"], "output.txt"),
                     os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(output, 1)  # the program's prints must not reach the request channel
    os.dup2(output, 2)
    status = 0
    try:
        run_and_record(version, request["fixture"], request["result"])
    except BaseException:  # noqa: BLE001 - e.g. SystemExit from the program
        traceback.print_exc()
        status = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)  # never return into the server's loop


def wait_or_kill(pid: int, timeout: float):
    """(exit status, timed out) of a forked child, killed after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), False
        time.sleep(POLL_SECONDS)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), True


def os_threads() -> int:
    return len(os.listdir("/proc/self/task"))


def serve(version) -> None:
    # Forking is only clean from a single-threaded process: say how many
    # threads importing Keras left, the parent decides whether to use us.
    print(json.dumps({"threads": os_threads(), "keras_version": version}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()  # nothing buffered may be duplicated into the child
        pid = os.fork()
        if pid == 0:
            child_runs(version, request)
        exit_code, timed_out = wait_or_kill(pid, request["timeout"])
        print(json.dumps({"exit": exit_code, "timed_out": timed_out}), flush=True)


def main(argv) -> int:
    if argv[1] == "serve":
        serve(prepare(argv[2]))
        return 0
    keras_major, fixture, result_path = argv[2], argv[3], argv[4]
    run_and_record(prepare(keras_major), fixture, result_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
