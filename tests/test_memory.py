"""The process does not grow across files.

flake8 lints a whole tree in one process (or a few), and editors' language
servers keep one alive for hours: nothing the plugin learns about one file may
stay behind for the next.  This lints 1,000 files in this process after a
warm-up (so imports, caches of fixed size and the allocator's first arenas are
already paid for) and bounds the growth of the resident set size:

- 700 Keras programs, each a shipped fixture plus a block with its own names
  and numbers (so no two files are the same text) that imports a constant
  from its own helper module (so the plugin's per-process cache of the
  user's modules sees a new module each time), through flake8's
  ``FileChecker``, as ``flake8 DIR`` would lint them;
- 300 files of the installed Python code, straight into the interpreter with
  the text gate bypassed.

Opt-in: ``LSTM_SHAPES_MEMORY_FILES=N`` lints N files instead of 1,000.
"""

from __future__ import annotations

import gc
import itertools
import os
import pathlib
import subprocess
import sys
from typing import Iterator, List

from support.keras_mutants import seed_programs
from support.lint_harness import (Flake8Lst, debug_env, deterministic_sample, interpret_without_gate,
                                  parse_like_flake8, python_files, rss_bytes, site_roots)

FILES = int(os.environ.get("LSTM_SHAPES_MEMORY_FILES", "1000"))
WARM_UP = 100
MAX_GROWTH = 50 * 1024 ** 2
KERAS_SHARE = 0.7

UNIQUE_BLOCK = """
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense
from helpers_{i} import N_{i}
X_{i} = np.zeros(({i} + 8, {steps}, {features}))
n_steps_{i} = X_{i}.shape[1]
model_{i} = Sequential()
model_{i}.add(LSTM({units}, return_sequences=True, input_shape=(n_steps_{i}, {features})))
model_{i}.add(LSTM({units}))
model_{i}.add(Dense({i}))
model_{i}.fit(X_{i}, np.zeros(({i} + 8, {i})), batch_size={i})
bad_{i} = Sequential()
bad_{i}.add(LSTM({units}, input_shape=({steps},)))  # LST101: every file has a finding
bad_{i}.add(LSTM({units}, input_shape=(N_{i},)))
"""
HELPER = "N_{i} = {steps}\nSTEPS_{i} = [N_{i}] * {features}\n"


def keras_files(directory: pathlib.Path) -> Iterator[pathlib.Path]:
    """Endless distinct Keras programs (and their helper modules), written
    to ``directory``; each is deleted once the next is asked for."""
    seeds = seed_programs()
    for i in itertools.count():
        numbers = dict(i=i, steps=i % 97 + 1, features=i % 13 + 1, units=i % 61 + 1)
        path = directory / f"program_{i}.py"
        helper = directory / f"helpers_{i}.py"
        helper.write_text(HELPER.format(**numbers))
        path.write_text(seeds[i % len(seeds)] + UNIQUE_BLOCK.format(**numbers))
        yield path
        path.unlink()     # the test's own files must not be what grows
        helper.unlink()


def site_sample(count: int) -> List[pathlib.Path]:
    return deterministic_sample(python_files(site_roots()), count)


def lint_files(count: int, keras: Iterator[pathlib.Path], site: Iterator[pathlib.Path],
               flake8_lst: Flake8Lst) -> int:
    """Lint ``count`` files; the number of Keras files without an LST101."""
    missed = 0
    for n in range(count):
        if (n % 10) < KERAS_SHARE * 10:
            path = next(keras)
            missed += "LST101" not in {result[0] for result in flake8_lst.lint(path)}
        else:
            parsed = parse_like_flake8(next(site))
            if parsed is not None:
                interpret_without_gate(parsed.tree, parsed.lines, "site.py")
    return missed


def settled_rss() -> int:
    gc.collect()
    return rss_bytes()


def test_rss_does_not_grow_across_files(tmp_path):
    site_count = int(FILES * (1 - KERAS_SHARE)) + WARM_UP
    site = iter(site_sample(site_count))
    keras = keras_files(tmp_path)
    with debug_env():
        flake8_lst = Flake8Lst()
        lint_files(WARM_UP, keras, site, flake8_lst)
        before = settled_rss()
        missed = lint_files(FILES, keras, site, flake8_lst)
        after = settled_rss()
    growth = after - before
    print(f"\nRSS: {before / 2**20:.1f} MiB after {WARM_UP} files, {after / 2**20:.1f} MiB "
          f"after {FILES} more: growth {growth / 2**20:.1f} MiB")
    assert growth < MAX_GROWTH
    assert missed == 0, "the Keras files must be analysed, or nothing was measured"


LEAK_PROBE = """
import gc, sys
sys.path.insert(0, {tests!r})
from support.lint_harness import rss_bytes
gc.collect()
before = rss_bytes()
kept = [bytearray(b"x" * 1024 ** 2) for _ in range({mebibytes})]   # touched, so resident
gc.collect()
print(rss_bytes() - before)
"""


def test_the_measure_sees_a_leak():
    """rss_bytes is a real measure: memory kept alive shows up in it.

    The probe runs in a fresh interpreter: in this process the allocator may
    still hold pages freed by the test above and hand them back without the
    resident set growing (CI once saw 64 MiB kept show as 49.6 MiB of growth).
    """
    mebibytes = 2 * MAX_GROWTH // 1024 ** 2
    probe = LEAK_PROBE.format(tests=str(pathlib.Path(__file__).parent), mebibytes=mebibytes)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120, check=True)
    growth = int(done.stdout.strip())
    assert growth > MAX_GROWTH, (growth, done.stderr)
