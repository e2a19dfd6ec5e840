"""Compare ``lstm-shapes explain`` with what Keras 3 reported for the oracle's
programs: each model's output shape and parameter count.

For every case of ``../shared/oracle/`` that runs under Keras 3 (JAX) and
builds a model, the model of the same variable name in ``explain --format
json`` must have the same output shape (the batch axis aside: Keras on JAX
fills it in from the data, SEMANTICS surprise 9) and the same count of
trainable plus non-trainable parameters (Keras's "Total params" also counts
the optimizer's variables after ``fit``).

The oracle has no model with non-trainable weights, so the fixtures whose
header gives ``model.summary()``'s split, as Keras 3.15 printed it
(``# Keras 3 model NAME: output (...), N params (T trainable, F
non-trainable)``), are scored too: the same split, model by model.

    python benchmarks/explain_score.py            # the counts and the mismatches
    python benchmarks/explain_score.py --all      # one line per model
"""

from __future__ import annotations

import argparse
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from oracle_score import ORACLE, load_cases  # noqa: E402

from flake8_lstm_shapes.explain import explain_source, render_json  # noqa: E402

PARAMS = re.compile(r"(Trainable|Non-trainable) params: ([\d,]+)")
SPLIT_HEADER = re.compile(r"^# Keras 3 model (\w+): output .*, (\d+) params "
                          r"\((\d+) trainable, (\d+) non-trainable\)$", re.M)


def split_cases():
    """(fixture, model, total, trainable, non-trainable) from the fixtures' headers."""
    for path in sorted((ROOT / "fixtures").glob("*/*.py")):
        text = path.read_text()
        for name, total, trainable, frozen in SPLIT_HEADER.findall(text):
            yield path, text, name, int(total), int(trainable), int(frozen)


def score_splits(show_all: bool) -> None:
    matched = total = 0
    for path, text, name, params, trainable, frozen in split_cases():
        report = render_json([explain_source(text, str(path), "3")])["files"][0]
        mine = {m["name"]: m for m in report["models"]}.get(name, {})
        got = (mine.get("params"), mine.get("trainable_params"), mine.get("non_trainable_params"))
        ok = got == (params, trainable, frozen)
        total += 1
        matched += ok
        if show_all or not ok:
            print(f"{'ok  ' if ok else 'MISS'} {path.stem}:{name} keras {params} = {trainable} "
                  f"trainable + {frozen} non-trainable | explain {got[0]} = {got[1]} + {got[2]}")
    print(f"{matched}/{total} models with non-trainable weights match model.summary()'s split")


def keras_params(summary: str):
    counts = dict(PARAMS.findall(summary or ""))
    if "Trainable" not in counts:
        return None
    return sum(int(v.replace(",", "")) for v in counts.values())


def keras_models(result):
    """(variable, output shape, params) of every built model Keras reported."""
    out = []
    for model in result.get("models", []):
        if not model.get("built") or model.get("output_shape") is None:
            continue
        out.append((model["var"], model["output_shape"], keras_params(model.get("summary"))))
    return out


def without_batch(shape):
    if shape and isinstance(shape[0], list):
        return [without_batch(s) for s in shape]
    return list(shape[1:]) if shape else shape


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true")
    args = parser.parse_args(argv)
    cases, results = load_cases(ORACLE)
    matched, total, misses = 0, 0, []
    for case in cases:
        result = results.get((case["id"], "keras3-jax"))
        if result is None or result["status"] != "ok":
            continue
        expected = keras_models(result)
        if not expected:
            continue
        report = render_json([explain_source(case["code"], "case.py", "3")])["files"][0]
        ours = {m["name"]: m for m in report["models"]}
        for var, shape, params in expected:
            total += 1
            mine = ours.get(var)
            got_shape = mine["output_shape"] if mine else None
            got_params = mine["params"] if mine else None
            same_shape = got_shape is not None and without_batch(got_shape) == without_batch(shape)
            same_params = params is None or got_params == params
            ok = same_shape and same_params
            matched += ok
            line = (f"{'ok  ' if ok else 'MISS'} {case['id']}:{var} keras {shape} {params} | "
                    f"explain {got_shape} {got_params}")
            if not ok:
                misses.append(line)
            if args.all:
                print(line)
    if not args.all:
        for line in misses:
            print(line)
    print(f"{matched}/{total} models match Keras 3's output shape and parameter count")
    score_splits(args.all)
    return 0


if __name__ == "__main__":
    sys.exit(main())
