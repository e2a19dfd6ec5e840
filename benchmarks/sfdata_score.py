"""Score the linter on SFData's real Keras shape bugs (../shared/corpus/sfdata/).

For each buggy program in ``labels.json`` it lints ``bad/<id>.py`` and counts a
hit when a finding lands on a labelled line (``fault_lines`` or
``related_lines``); it also lints every ``good/<id>.py``, where any finding is
a false positive.  Bugs marked ``obsolete`` (current Keras accepts them) are
left out of the denominators, and a finding on them is listed: it would be a
false alarm.

    python benchmarks/sfdata_score.py                       # the families of every issue
    python benchmarks/sfdata_score.py --families swapped_dims,batch_shape -v
"""

from __future__ import annotations

import argparse
import ast
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flake8_lstm_shapes.analysis import analyze  # noqa: E402

SFDATA = ROOT.parent / "shared" / "corpus" / "sfdata"
GROUPS = {
    "arrays (issue 3)": {"data_rank_vs_model_input", "swapped_dims", "input_shape_vs_data_dim",
                         "input_shape_is_X_shape", "reshape_count_mismatch",
                         "predict_missing_batch_dim"},
    "layer stack (issue 4)": {"missing_flatten", "output_units_vs_target", "target_rank_vs_output",
                              "labels_encoding_vs_loss", "stacked_rnn_return_sequences",
                              "batch_shape"},
}


def lint(path: pathlib.Path):
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    return analyze(tree, text.splitlines(keepends=True), str(path)).sorted_findings()


def scored(results) -> list:
    """The bugs a static linter can find: ``static: yes`` and not obsolete."""
    return [b for b, (label, _, _) in results.items()
            if label["static"] == "yes" and not label.get("obsolete")]


def bug_line(bug_id: str, result) -> str:
    label, findings, hit = result
    found = ", ".join(f"{f.code}@{f.line}" for f in findings) or "-"
    return (f"   {'hit ' if hit else 'miss'} {bug_id:14} {','.join(label['rule_family']):45} "
            f"fault {label['fault_lines']} related {label.get('related_lines')}: {found}")


def print_group(title: str, chosen, results, verbose: bool) -> None:
    hits = [b for b in chosen if results[b][2]]
    share = 100 * len(hits) / len(chosen) if chosen else 0
    print(f"{title}: {len(hits)}/{len(chosen)} bugs found on a labelled line ({share:.0f}%)")
    if verbose:
        for b in chosen:
            print(bug_line(b, results[b]))


def print_total(chosen, results, verbose: bool) -> None:
    """Every scored bug once (the groups above overlap and leave some out);
    with -v, the ones missed."""
    hits = [b for b in chosen if results[b][2]]
    share = 100 * len(hits) / len(chosen) if chosen else 0
    print(f"total: {len(hits)}/{len(chosen)} statically detectable bugs found on a labelled line "
          f"({share:.0f}%)")
    if verbose:
        for b in chosen:
            if not results[b][2]:
                print(bug_line(b, results[b]))


def print_not_static(results, verbose: bool) -> None:
    """The bugs labelled ``static: no`` (their data comes from a download or a
    file): outside the total, and found only where a well-known loader's
    shapes are known (``mnist.load_data()``)."""
    chosen = [b for b, (label, _, _) in results.items()
              if label["static"] == "no" and not label.get("obsolete")]
    hits = [b for b in chosen if results[b][2]]
    print(f"not static (outside the total): {len(hits)}/{len(chosen)} found on a labelled line")
    if verbose:
        for b in chosen:
            print(bug_line(b, results[b]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sfdata", type=pathlib.Path, default=SFDATA)
    parser.add_argument("--families", default="", help="comma-separated rule families")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per bug")
    args = parser.parse_args(argv)
    labels = json.loads((args.sfdata / "labels.json").read_text())
    groups = {"selected": set(args.families.split(","))} if args.families else GROUPS

    results = {}
    for bug_id, label in labels.items():
        bad = args.sfdata / "bad" / f"{bug_id}.py"
        if bad.exists():
            findings = lint(bad)
            lines = set(label["fault_lines"]) | set(label.get("related_lines", []))
            results[bug_id] = (label, findings, any(f.line in lines for f in findings))

    for title, families in groups.items():
        chosen = [b for b in scored(results) if families & set(results[b][0]["rule_family"])]
        print_group(title, chosen, results, args.verbose)
    print_total(scored(results), results, args.verbose)
    print_not_static(results, args.verbose)

    recurrent = [b for b, (label, _, _) in results.items() if label.get("recurrent")]
    counted = [b for b in recurrent if not results[b][0].get("obsolete")]
    hits = [b for b in counted if results[b][2]]
    print(f"recurrent subset: {len(hits)}/{len(counted)} found (of {len(recurrent)} programs, "
          f"{len(recurrent) - len(counted)} obsolete): hits {', '.join(sorted(hits))}")
    misses = sorted(set(counted) - set(hits))
    print(f"   missed: {', '.join(misses) or 'none'}")

    obsolete = [b for b, (label, findings, _) in results.items() if label.get("obsolete") and findings]
    for b in obsolete:
        print(f"finding on obsolete bug {b}: " + ", ".join(f"{f.code}@{f.line}" for f in results[b][1]))
    false_alarms = 0
    for good in sorted((args.sfdata / "good").glob("*.py")):
        for f in lint(good):
            false_alarms += 1
            print(f"good/{good.name}:{f.line}: {f.code} {f.message}")
    print(f"good files: {false_alarms} findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
