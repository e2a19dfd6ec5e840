"""Which of the package's modules one file's analysis passes through, in order.

    python benchmarks/trace_walk.py FILE --code LST101

Runs the analysis twice (the first run only imports) and traces the second up
to the first finding of the given code.  It prints the walk through the
stages above ``core`` (each step a change of module, ``core``'s small helpers
left out), how many times the walk changes stage, and how the work enters
``rules``: through the events listener (``rules.checks``) or called directly
from a module below (which the structure forbids).  A way to see the
pipeline a change has to touch, and how much the work goes back and forth.
"""

from __future__ import annotations

import argparse
import ast
import collections
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

PACKAGE = "flake8_lstm_shapes"


def short(module: str) -> str:
    return module[len(PACKAGE) + 1:] if module.startswith(PACKAGE + ".") else ""


def stage(module: str) -> str:
    """``keras.models`` -> ``keras``; ``analysis`` and the faces are their own stage."""
    return module.split(".", 1)[0]


def trace(path: pathlib.Path, code: str):
    """(the modules entered, in order; the callers of rules functions, counted)."""
    from flake8_lstm_shapes.analysis import analyze
    text = path.read_text()
    analyze(ast.parse(text), text.splitlines(keepends=True), str(path), "3")
    walk, callers, found = [], collections.Counter(), []

    def tracer(frame, event, arg):
        if found or event not in ("call", "return"):
            return
        module = short(frame.f_globals.get("__name__", ""))
        if not module:
            return
        if event == "call" and frame.f_code.co_name == "report" and frame.f_locals.get("code") == code:
            found.append(True)
        if event == "call" and stage(module) == "rules" and frame.f_back is not None:
            caller = short(frame.f_back.f_globals.get("__name__", ""))
            if stage(caller) not in ("rules", "analysis"):
                # the events listener is the one door; any other entry is a direct call
                callers["the events listener" if module == "rules.checks" else caller] += 1
        if stage(module) != "core" and (not walk or walk[-1] != module):
            walk.append(module)

    sys.setprofile(tracer)
    try:
        analyze(ast.parse(text), text.splitlines(keepends=True), str(path), "3")
    finally:
        sys.setprofile(None)
    return walk, callers


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=pathlib.Path)
    parser.add_argument("--code", required=True, help="stop at the first finding of this code")
    args = parser.parse_args(argv)
    walk, callers = trace(args.path, args.code)
    stages = [stage(module) for module in walk]
    print(" -> ".join(walk))
    print(f"{len(walk)} module changes over {len(set(walk))} modules, "
          f"{sum(a != b for a, b in zip(stages, stages[1:]))} stage changes")
    print("entries into rules: " + (", ".join(f"{m} ({n})" for m, n in callers.most_common()) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
