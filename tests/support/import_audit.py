"""Lint one file in this process, one way of running, and print as JSON what
got imported while doing so.

    python tests/support/import_audit.py WAY FILE        (WAY: flake8, check or explain)

The working directory goes first on ``sys.path``, as under ``python -m flake8``
or ``python -c``, so a local folder named like a stdlib module (``code/``,
``this.py``) shadows it just as it would for the user.  Recorded from the
start of the lint to its end:

- ``imports``: the name of every ``import`` audit event;
- ``modules``: every module in ``sys.modules`` afterwards;
- ``in_tree``: modules whose file lies under the working directory;
- ``output``: what the lint printed.

Compare two runs (the folder under test, and a clean control folder linted
the same way) to see what the first imported that the second did not.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys


def lint(way: str, path: str) -> None:
    if way == "flake8":
        from flake8.main.cli import main as flake8_main
        flake8_main(["--isolated", "--select=LST", path])
    elif way in ("check", "explain"):
        from flake8_lstm_shapes.cli import main as lstm_main
        lstm_main([way, path])
    else:
        raise SystemExit(f"unknown way of running: {way}")


def module_file(module) -> str:
    return getattr(module, "__file__", None) or ""


def main(argv) -> int:
    way, path = argv
    tree = os.path.realpath(os.getcwd())
    sys.path.insert(0, "")
    imports = []

    def hook(event, args):
        if event == "import":
            imports.append(args[0])

    sys.addaudithook(hook)
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")    # flake8 writes to .buffer
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            lint(way, path)
        except SystemExit:
            pass
    out.flush()
    in_tree = sorted(name for name, module in list(sys.modules.items())
                     if module_file(module)
                     and os.path.realpath(module_file(module)).startswith(tree + os.sep))
    print(json.dumps({"imports": sorted(set(imports)), "modules": sorted(sys.modules),
                      "in_tree": in_tree, "output": out.buffer.getvalue().decode("utf-8")}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
