"""Lint files with flake8's machinery under a ``sys.audit`` hook, and print
what the plugin did that a linter must not do, as JSON.

    python tests/support/audit_lint.py PROJECT_DIR FILE...

Run in its own process by ``test_safety.py``, so the hook (which cannot be
removed once added) never burdens the test process.  Recorded while the
files are linted, after one warm-up lint (the plugin's own lazy imports are
not the linted code's):

- an import of a module whose name is one of the project's modules;
- code executed (``exec`` event) whose file lies in the project;
- a file opened for writing, anywhere (Python's own ``__pycache__`` aside);
- a process started, or a socket connected.

Output: {"violations": [...], "results": {file: [codes]}}.
"""

from __future__ import annotations

import json
import os
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # tests/, for support.*

from support.lint_harness import Flake8Lst, debug_env  # noqa: E402

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
PROCESS_EVENTS = ("subprocess.Popen", "os.system", "os.exec", "os.spawn", "os.posix_spawn",
                  "os.fork", "pty.spawn", "socket.connect", "ctypes.dlopen")


class Auditor:
    def __init__(self, project: pathlib.Path):
        self.project = str(project.resolve())
        self.modules = project_module_names(project)
        self.recording = False
        self.violations = []

    def __call__(self, event: str, args: tuple) -> None:
        if not self.recording:
            return
        if event == "import":
            name = args[0] or ""
            if name.split(".", 1)[0] in self.modules:
                self.violations.append(f"import {name}")
        elif event == "exec":
            filename = getattr(args[0], "co_filename", "") or ""
            if filename.startswith(self.project):
                self.violations.append(f"exec code of {filename}")
        elif event == "open":
            self.check_open(*args[:3])
        elif event.startswith(PROCESS_EVENTS):
            self.violations.append(f"{event} {args!r:.200}")

    def check_open(self, path, mode, flags) -> None:
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or \
                 (isinstance(flags, int) and flags & WRITE_FLAGS)
        if writes and "__pycache__" not in str(path):
            self.violations.append(f"open {path!s} for writing (mode={mode!r}, flags={flags!r})")


def project_module_names(project: pathlib.Path) -> set:
    """Top-level names the project's files and packages would import as."""
    names = set()
    for path in project.iterdir():
        if path.suffix == ".py":
            names.add(path.stem)
        elif (path / "__init__.py").exists():
            names.add(path.name)
    return names


WARM_UP = ("from keras.models import Sequential\nfrom keras.layers import LSTM\n"
           "model = Sequential()\nmodel.add(LSTM(3, input_shape=(10,)))\n")


def warm_up(flake8_lst: Flake8Lst) -> None:
    """One lint outside the project: the plugin's own lazy imports happen here."""
    import tempfile
    with tempfile.TemporaryDirectory() as directory:
        path = pathlib.Path(directory, "warm_up.py")
        path.write_text(WARM_UP)
        flake8_lst.lint(path)


def main(argv) -> int:
    project, files = pathlib.Path(argv[0]), argv[1:]
    auditor = Auditor(project)
    sys.addaudithook(auditor)
    results = {}
    with debug_env():
        flake8_lst = Flake8Lst()
        warm_up(flake8_lst)
        auditor.recording = True
        try:
            for path in files:
                results[path] = [r[0] for r in flake8_lst.lint(path)]
        finally:
            auditor.recording = False
    print(json.dumps({"violations": auditor.violations, "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
