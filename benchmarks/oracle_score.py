"""Score the linter against the oracle: 146 programs run under real Keras.

For every case of ``../shared/oracle/cases.py`` it lints the program (as Keras 3
and as Keras 2 code) and sets the findings beside what real Keras did
(``results.json``): an error on some line, or a clean run.

    python benchmarks/oracle_score.py                   # summary per group
    python benchmarks/oracle_score.py --cases           # one line per case
    python benchmarks/oracle_score.py --groups tutorial,dims --cases

A case "agrees" when Keras raised and the linter reported something, or Keras
ran and the linter reported nothing; the listing shows where and which code,
so that the line can be checked by eye.  Cases whose error is left to a later
stage (a rule not built yet) show up as disagreements on purpose.
"""

from __future__ import annotations

import argparse
import ast
import collections
import importlib.util
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flake8_lstm_shapes.analysis import analyze  # noqa: E402

ORACLE = ROOT.parent / "shared" / "oracle"
CONFIG = {3: "keras3-jax", 2: "keras2"}


def load_cases(oracle: pathlib.Path):
    spec = importlib.util.spec_from_file_location("oracle_cases", oracle / "cases.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    results = json.loads((oracle / "results.json").read_text())["results"]
    by_key = {(r["case"], r["config"]): r for r in results}
    return module.CASES, by_key


def lint(code: str, version: int):
    lines = code.splitlines(keepends=True)
    return analyze(ast.parse(code), lines, "case.py", str(version)).sorted_findings()


def outcome(result) -> str:
    if result is None:
        return "?"
    if result["status"] == "ok":
        return "ok"
    error = result.get("error") or {}
    return f"{error.get('type', 'error')}@L{error.get('lineno')} {error.get('phase', '')}".strip()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--oracle", type=pathlib.Path, default=ORACLE)
    parser.add_argument("--groups", default="", help="comma-separated groups (default: all)")
    parser.add_argument("--cases", action="store_true", help="one line per case")
    parser.add_argument("--version", type=int, default=3, choices=(2, 3))
    args = parser.parse_args(argv)
    cases, results = load_cases(args.oracle)
    groups = set(filter(None, args.groups.split(",")))
    tally = collections.defaultdict(collections.Counter)
    for case in cases:
        if groups and case["group"] not in groups:
            continue
        result = results.get((case["id"], CONFIG[args.version]))
        findings = lint(case["code"], args.version)
        raised = result is not None and result["status"] != "ok"
        verdict = "agree" if raised == bool(findings) else ("missed" if raised else "extra")
        tally[case["group"]][verdict] += 1
        if args.cases:
            found = ", ".join(f"{f.code}@L{f.line}" for f in findings) or "-"
            print(f"{verdict:6} {case['id']:58} keras{args.version}: {outcome(result):34} lint: {found}")
    print()
    for group, counts in sorted(tally.items()):
        total = sum(counts.values())
        print(f"{group:12} {counts['agree']:3}/{total:<3} agree, {counts['missed']} missed, "
              f"{counts['extra']} extra")
    return 0


if __name__ == "__main__":
    sys.exit(main())
