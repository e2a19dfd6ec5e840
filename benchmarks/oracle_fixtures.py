"""Keep ``fixtures/oracle/`` in step with the oracle (``../shared/oracle/``).

Each fixture there is one oracle program, unchanged, under a header that says
what real Keras did with it; its expected findings are trailing ``# LSTnnn``
comments.  This script

* ``--check`` (default): verifies every fixture's code is still the oracle's,
  its header's claim still matches ``results.json``, and its expectations are
  consistent with it: a program Keras rejects expects at least one finding, a
  program Keras runs expects none unless the fixture names the rule that flags
  a silent mistake on purpose (``# silent: LSTnnn ...`` in the header);
* ``--write ID[:VERSION] ...``: (re)creates fixtures from the oracle, with the
  header and the findings the linter makes today as a starting point: read
  every line of them against ``results.json`` before committing.

    python benchmarks/oracle_fixtures.py
    python benchmarks/oracle_fixtures.py --write in01_input_shape_1tuple tut02_batch_input_shape_8_2_10:2
"""

from __future__ import annotations

import argparse
import ast
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from oracle_score import CONFIG, ORACLE, load_cases  # noqa: E402
from support.expectations import expected_findings  # noqa: E402

from flake8_lstm_shapes.analysis import analyze  # noqa: E402

FIXTURES = ROOT / "fixtures" / "oracle"
CODE = re.compile(r"\bLST\d{3}\b")
VERSION_NAMES = {3: "Keras 3.15 (jax)", 2: "Keras 2.21 (tf_keras)"}


def describe(result, offset: int) -> str:
    if result["status"] == "ok":
        return "runs"
    error = result["error"]
    message = (error.get("key_line") or error.get("first_line") or "").strip()
    if len(message) > 110:
        message = message[:107] + "..."
    return (f"{error['type']} at line {error['lineno'] + offset} ({error.get('phase', '')}): "
            f"{message}")


def header(case, results, version: int) -> list:
    """The fixture's header: the case, its Keras version, what Keras 3 and 2
    did, pinned to the version it is about, and (for a Keras 3 fixture that
    runs) each model's output shape and parameter count as Keras 3 reported
    them, which tests/test_explain.py checks."""
    lines = [f"# Oracle case {case['id']} (group {case['group']}): {case['desc']}",
             f"# lstm-keras-version: {version}"]   # what the oracle ran, whatever is installed
    models = model_lines(results[(case["id"], CONFIG[version])]) if version == 3 else []
    offset = len(lines) + 2 + len(models)
    for v in (version, 5 - version):
        lines.append(f"# {VERSION_NAMES[v]}: {describe(results[(case['id'], CONFIG[v])], offset)}")
    return lines + models


def model_lines(result) -> list:
    from explain_score import keras_models
    if result["status"] != "ok":
        return []
    return [f"# Keras 3 model {var}: output {tuple(shape)}, {params} params"
            for var, shape, params in keras_models(result) if params is not None]


def file_name(case_id: str, version: int) -> pathlib.Path:
    return FIXTURES / (f"{case_id}.py" if version == 3 else f"{case_id}_keras2.py")


def write(case, results, version: int) -> pathlib.Path:
    head = header(case, results, version)
    code_lines = case["code"].splitlines()
    text = "\n".join(head + code_lines) + "\n"
    findings = analyze(ast.parse(text), text.splitlines(keepends=True), "f.py",
                       str(version)).sorted_findings()
    out = text.splitlines()
    for line in sorted({f.line for f in findings}):
        codes = " ".join(sorted({f.code for f in findings if f.line == line}))
        out[line - 1] = f"{out[line - 1]}  # {codes}"
    path = file_name(case["id"], version)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out) + "\n")
    return path


def check(cases, results) -> int:
    by_id = {c["id"]: c for c in cases}
    problems = 0
    paths = sorted(FIXTURES.glob("*.py"))
    for path in paths:
        text = path.read_text()
        lines = text.splitlines(keepends=True)
        case_id = path.stem.removesuffix("_keras2")
        version = 2 if path.stem.endswith("_keras2") else 3
        case = by_id.get(case_id)
        if case is None:
            print(f"{path.name}: no oracle case {case_id}")
            problems += 1
            continue
        head = header(case, results, version)
        body = [re.sub(r"\s+# LST\d{3}.*$", "", line.rstrip("\n"))
                for line in lines[len(head):]]
        if [line.rstrip("\n") for line in lines[:len(head)]] != head:
            print(f"{path.name}: header differs from the oracle's results (re-run --write)")
            problems += 1
        if body != case["code"].splitlines():
            print(f"{path.name}: code differs from the oracle case")
            problems += 1
        raised = results[(case_id, CONFIG[version])]["status"] != "ok"
        expected = sorted(expected_findings(text))
        if raised and not expected:
            print(f"{path.name}: Keras {version} raises but no finding is expected")
            problems += 1
        loud = [(row, code) for row, code in expected if "silent" not in lines[row - 1]]
        if not raised and loud:
            print(f"{path.name}: Keras {version} runs but {loud} are expected "
                  f"(a rule for a silent mistake says 'silent' in its comment)")
            problems += 1
    print(f"{len(paths)} oracle fixtures, {problems} problems")
    return 1 if problems else 0


def refresh_headers(cases, results) -> None:
    """Rewrite every fixture's header from the oracle, keeping its code lines
    and their expectations as they are."""
    by_id = {c["id"]: c for c in cases}
    for path in sorted(FIXTURES.glob("*.py")):
        case_id = path.stem.removesuffix("_keras2")
        version = 2 if path.stem.endswith("_keras2") else 3
        case = by_id[case_id]
        lines = path.read_text().splitlines()
        code_length = len(case["code"].splitlines())
        body = lines[len(lines) - code_length:]
        path.write_text("\n".join(header(case, results, version) + body) + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", nargs="*", metavar="ID[:VERSION]")
    parser.add_argument("--refresh-headers", action="store_true")
    args = parser.parse_args(argv)
    cases, results = load_cases(ORACLE)
    if args.refresh_headers:
        refresh_headers(cases, results)
        return 0
    if args.write:
        by_id = {c["id"]: c for c in cases}
        for item in args.write:
            case_id, _, version = item.partition(":")
            print(write(by_id[case_id], results, int(version or 3)).relative_to(ROOT))
        return 0
    return check(cases, results)


if __name__ == "__main__":
    sys.exit(main())
