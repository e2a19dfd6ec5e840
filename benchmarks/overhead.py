"""What flake8-lstm-shapes adds to a flake8 run: wall-clock ratios, with and
without the plugin, in the same environment.

    python benchmarks/overhead.py                    # every measurement
    python benchmarks/overhead.py --only d --single-pairs 31
    python benchmarks/overhead.py --only e           # start-up alone
    python benchmarks/overhead.py --profile ../shared/corpus/clean

Both sides run ``benchmarks/flake8_wrapper.py`` with the same interpreter; B
hides the plugin from flake8's plugin discovery, so both pay the same start-up.
A selects the default checks plus ``LST``, B the default checks: the same work
but the plugin's.  flake8-bugbear, where installed, is hidden on both sides,
and measured the same way beside the plugin (its own A, against the same B):
a yardstick of what users accept from a plugin.  After one warm-up run of
each, the runs alternate (A B A' ...) and the reported ratio is the median of
the per-pair ratios A/B.

Measurements and targets:

  (a) ../shared/corpus/clean/        real Keras recurrent code          <= 1.25
  (b) ../shared/corpus/keras_other/  Keras code without recurrent layers <= 1.20
  (c) the stdlib's top-level modules  no Keras at all                    <= 1.03
  (d) one LSTM script, ``flake8 FILE`` in a new process each time, as an
      editor's lint-on-save runs it                                      <= 1.35
  (e) start-up: the plugin's own import time per stage (``-X importtime``,
      median of several processes) beside CPython's own part of it (as many
      empty modules, and unmarshalling the plugin's bytecode: a floor only
      fewer or smaller modules lower), lint-on-save on a small, a typical and
      a large Keras file, ``--select=E`` on a Keras and on a non-Keras file
      (the plugin must return before any analysis), and ``lstm-shapes check``
      on one file, by path and through stdin

Run it with the interpreter of the environment to measure (users have keras
and numpy installed next to flake8; this prints their versions).  A target
missed: ``--profile PATH`` shows where the plugin's time goes on PATH.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from typing import List, NamedTuple, Sequence

REPO = pathlib.Path(__file__).resolve().parents[1]
WRAPPER = REPO / "benchmarks" / "flake8_wrapper.py"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
SINGLE_FILE = "keras-legacy__examples__lstm_stateful.py"
DEFAULT_SELECT = "E,F,W,C90"


class Case(NamedTuple):
    key: str
    title: str
    paths: List[str]
    target: float
    pairs: int


class Run(NamedTuple):
    wall: float       # seconds, what the user waits
    cpu: float        # user + system seconds of flake8 and its worker processes


class Result(NamedTuple):
    case: Case
    with_plugin: List[Run]
    without_plugin: List[Run]
    with_bugbear: List[Run]       # empty where flake8-bugbear is not installed

    def pair_ratios(self, measure: str, side: str = "with_plugin") -> List[float]:
        return [getattr(a, measure) / getattr(b, measure)
                for a, b in zip(getattr(self, side), self.without_plugin)]

    @property
    def ratio(self) -> float:
        """The figure held against the target: median wall-clock ratio."""
        return statistics.median(self.pair_ratios("wall"))

    @property
    def cpu_ratio(self) -> float:
        """Less sensitive to other work on the machine than the wall clock."""
        return statistics.median(self.pair_ratios("cpu"))

    def median(self, runs: List[Run]) -> float:
        return statistics.median(run.wall for run in runs)


# -- what to measure ----------------------------------------------------------------------------

def stdlib_top_level() -> List[str]:
    """The stdlib's own top-level modules: a fixed, large, Keras-free tree
    (not its test suite, not the site-packages that may live inside it)."""
    stdlib = pathlib.Path(sysconfig.get_paths()["stdlib"])
    return sorted(str(p) for p in stdlib.glob("*.py"))


def cases(corpus: pathlib.Path, pairs: int, single_pairs: int) -> List[Case]:
    return [
        Case("a", f"Keras recurrent code ({corpus / 'clean'})", [str(corpus / "clean")], 1.25,
             pairs),
        Case("b", f"Keras code without recurrent layers ({corpus / 'keras_other'})",
             [str(corpus / "keras_other")], 1.20, pairs),
        Case("c", "non-Keras code: the stdlib's top-level modules", stdlib_top_level(), 1.03,
             pairs),
        Case("d", f"lint-on-save: flake8 {SINGLE_FILE}, a new process each run",
             [str(corpus / "clean" / SINGLE_FILE)], 1.35, single_pairs),
    ]


def python_files(paths: Sequence[str]) -> List[pathlib.Path]:
    files = []
    for path in map(pathlib.Path, paths):
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


# -- running flake8 -------------------------------------------------------------------------------

# The plugins compared: entry-point module and the codes it reports.
OURS = ("flake8_lstm_shapes", "LST")
BUGBEAR = ("bugbear", "B")


def command(python: str, paths: Sequence[str], measured, jobs: str,
            select: str = DEFAULT_SELECT, selected: bool = True) -> List[str]:
    """flake8 with the ``measured`` plugin alone of the two (None: neither);
    ``selected`` adds the plugin's codes to the selection."""
    hidden = [module for module, _ in (OURS, BUGBEAR) if (module, _) != measured]
    if measured is not None and selected:
        select += "," + measured[1]
    return [python, str(WRAPPER), f"--hide={','.join(hidden)}", "--isolated",
            f"--select={select}", f"--jobs={jobs}", "--exit-zero", *paths]


def has_bugbear(python: str) -> bool:
    probe = "import importlib.util, sys; sys.exit(importlib.util.find_spec('bugbear') is None)"
    return subprocess.run([python, "-c", probe]).returncode == 0


BYTECODE_CACHE = pathlib.Path(tempfile.gettempdir()) / "flake8-lstm-shapes-overhead-pycache"


def user_environment(bytecode: bool) -> dict:
    """The user's environment: no debug switch that makes the plugin raise,
    and compiled bytecode as an installed package has it.

    With ``PYTHONDONTWRITEBYTECODE`` set (as in some CI and sandboxes) every
    run would compile the plugin's modules from source while flake8's come
    precompiled from site-packages: a cost users do not pay.  Both sides get
    the same bytecode cache, outside the repository, filled by the warm-up.
    """
    env = dict(os.environ)
    env.pop("FLAKE8_LSTM_SHAPES_DEBUG", None)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE)
    return env


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(cmd: Sequence[str], bytecode: bool) -> Run:
    cpu_before = children_cpu()
    start = time.perf_counter()
    result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=user_environment(bytecode))
    run = Run(time.perf_counter() - start, children_cpu() - cpu_before)
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(cmd)}\n"
                         f"{result.stderr.decode(errors='replace')}")
    return run


def measure(case: Case, python: str, jobs: str, bytecode: bool, bugbear: bool,
            select: str = DEFAULT_SELECT, selected: bool = True) -> Result:
    with_cmd = command(python, case.paths, OURS, jobs, select, selected)
    without_cmd = command(python, case.paths, None, jobs, select)
    bugbear_cmd = command(python, case.paths, BUGBEAR, jobs, select, selected) if bugbear else None
    for cmd in (with_cmd, without_cmd, bugbear_cmd):   # warm-up: the OS file cache, .pyc
        if cmd:
            timed_run(cmd, bytecode)
    a_times, b_times, bugbear_times = [], [], []
    for _ in range(case.pairs):
        a_times.append(timed_run(with_cmd, bytecode))
        b_times.append(timed_run(without_cmd, bytecode))
        if bugbear_cmd:
            bugbear_times.append(timed_run(bugbear_cmd, bytecode))
    return Result(case, a_times, b_times, bugbear_times)


# -- what is printed ------------------------------------------------------------------------------

def cpu_model() -> str:
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def versions(python: str) -> str:
    """The measured interpreter's Python, flake8, plugin, keras and numpy versions."""
    probe = ("import sys, importlib.metadata as m\n"
             "def v(n):\n"
             "    try: return m.version(n)\n"
             "    except m.PackageNotFoundError: return 'NOT INSTALLED'\n"
             "print(f'Python {sys.version.split()[0]}; flake8 {v(\"flake8\")}; "
             "flake8-lstm-shapes {v(\"flake8-lstm-shapes\")}; keras {v(\"keras\")}; "
             "numpy {v(\"numpy\")}; jax {v(\"jax\")}; tensorflow {v(\"tensorflow\")}')")
    return subprocess.run([python, "-c", probe], capture_output=True, text=True,
                          check=True).stdout.strip()


def describe_input(case: Case) -> str:
    files = python_files(case.paths)
    lines = sum(len(p.read_bytes().splitlines()) for p in files)
    return f"{len(files)} files, {lines} lines"


def print_header(python: str, jobs: str, pairs: int, single_pairs: int, bytecode: bool) -> None:
    print(f"date:    {time.strftime('%Y-%m-%d')}")
    print(f"machine: {cpu_model()}, {os.cpu_count()} cores; {platform.system()} "
          f"{platform.release()}")
    print(f"env:     {python}: {versions(python)}")
    print(f"load:    {load_average()} (1, 5, 15 min) at start")
    print(f"method:  {pairs} A/B pairs per tree ({single_pairs} for the single file) after one "
          f"warm-up run of each; ratio = median of per-pair A/B")
    print("bytecode: " + (f"cached in {BYTECODE_CACHE} (PYTHONPYCACHEPREFIX), as installed "
                          "packages have it" if bytecode else "as this environment has it"))
    print("A:       " + " ".join(command(python, ["PATHS"], OURS, jobs)))
    print("B:       " + " ".join(command(python, ["PATHS"], None, jobs)))
    if has_bugbear(python):
        print("A':      " + " ".join(command(python, ["PATHS"], BUGBEAR, jobs)))
    print()


def print_result(result: Result) -> None:
    case = result.case
    verdict = "ok" if result.ratio <= case.target else "MISSED"
    print(f"({case.key}) {case.title}: {describe_input(case)}")
    walls = result.pair_ratios("wall")
    print(f"    with plugin {result.median(result.with_plugin):.3f} s, without "
          f"{result.median(result.without_plugin):.3f} s (medians); "
          f"ratio {result.ratio:.3f}, target <= {case.target:.2f}: {verdict}")
    print(f"    pair ratios {min(walls):.3f}..{max(walls):.3f}; CPU-time ratio "
          f"{result.cpu_ratio:.3f}; load average {load_average()}", flush=True)
    print_bugbear(result)


def print_bugbear(result: Result) -> None:
    if result.with_bugbear:
        ratio = statistics.median(result.pair_ratios("wall", "with_bugbear"))
        print(f"    beside it, flake8-bugbear: {result.median(result.with_bugbear):.3f} s, "
              f"ratio {ratio:.3f}", flush=True)


def load_average() -> str:
    """Other work on the machine skews the figures: say how busy it was."""
    try:
        return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        return "unknown"


# -- start-up ------------------------------------------------------------------------------------

STAGES = ("core", "libs", "keras", "python", "rules")
IMPORT_PROBE = """
import ast, sys
from flake8.main import application  # what flake8 has imported before the plugin
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
from flake8_lstm_shapes.checker import LstmShapesChecker
list(LstmShapesChecker(ast.parse(text), text.splitlines(True), path).run())
"""

# What the plugin's import costs before any of its own code runs: CPython's
# work per module (finding it, reading its cached bytecode, making the module
# object), measured on as many empty modules, and unmarshalling the bytecode
# of the modules the lint imported.  Together they are a floor that only
# fewer or smaller modules lower.
EMPTY_MODULES_PROBE = """
import sys, time
sys.path.insert(0, sys.argv[1])
start = time.perf_counter()
for i in range(int(sys.argv[2])):
    __import__(f"empty_package.m{i}")
print(time.perf_counter() - start)
"""
UNMARSHAL_PROBE = IMPORT_PROBE + """
import importlib.util, marshal, time
codes = []
for name, module in sorted(sys.modules.items()):
    source = getattr(module, "__file__", None) or ""
    if name.startswith("flake8_lstm_shapes") and source.endswith(".py"):
        try:
            with open(importlib.util.cache_from_source(source), "rb") as cached:
                codes.append(cached.read()[16:])      # after the pyc header
        except OSError:                               # not cached: PYTHONDONTWRITEBYTECODE
            pass
start = time.perf_counter()
for code in codes:
    marshal.loads(code)
print(time.perf_counter() - start, sum(map(len, codes)))
"""


def stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in STAGES else "faces"


def import_times(python: str, path: str, runs: int, bytecode: bool):
    """Median self import time (ms) per stage of the plugin's modules, over
    ``runs`` processes that each lint ``path`` once, as flake8 would, and how
    many of each stage's modules the lint imports (the same in every process)."""
    per_stage: dict = {}
    modules: dict = {}
    for _ in range(runs + 1):        # the first fills the bytecode cache
        stderr = subprocess.run([python, "-X", "importtime", "-c", IMPORT_PROBE, path],
                                capture_output=True, text=True, env=user_environment(bytecode),
                                check=True).stderr
        totals = dict.fromkeys((*STAGES, "faces"), 0)
        modules = dict.fromkeys(totals, 0)
        for line in stderr.splitlines():
            if line.startswith("import time:") and "flake8_lstm_shapes" in line:
                own, _, module = line[len("import time:"):].split("|")
                if module.strip().startswith("flake8_lstm_shapes"):
                    totals[stage_of(module.strip())] += int(own)
                    modules[stage_of(module.strip())] += 1
        for stage, micros in totals.items():
            per_stage.setdefault(stage, []).append(micros / 1000)
    return {stage: statistics.median(times[1:]) for stage, times in per_stage.items()}, modules


def import_floor(python: str, path: str, module_count: int, runs: int, bytecode: bool):
    """(ms to import ``module_count`` empty modules, ms to unmarshal the
    bytecode of the modules linting ``path`` imports, that bytecode's size),
    medians over ``runs`` new processes each."""
    with tempfile.TemporaryDirectory() as folder:
        package = pathlib.Path(folder) / "empty_package"
        package.mkdir()
        for name in ["__init__", *(f"m{i}" for i in range(module_count))]:
            (package / f"{name}.py").write_text("")
        empty = [float(subprocess.run([python, "-c", EMPTY_MODULES_PROBE, folder,
                                       str(module_count)], capture_output=True, text=True,
                                      env=user_environment(bytecode), check=True).stdout)
                 for _ in range(runs + 1)]        # the first fills the bytecode cache
    unmarshal, size = [], 0
    for _ in range(runs):
        seconds, size = subprocess.run([python, "-c", UNMARSHAL_PROBE, path], capture_output=True,
                                       text=True, env=user_environment(bytecode),
                                       check=True).stdout.split()
        unmarshal.append(float(seconds))
    return statistics.median(empty[1:]) * 1000, statistics.median(unmarshal) * 1000, int(size)


def keras_files_by_size(corpus: pathlib.Path) -> List[pathlib.Path]:
    files = [p for p in python_files([str(corpus / "clean")]) if "LSTM" in p.read_text()]
    return sorted(files, key=lambda p: len(p.read_bytes().splitlines()))


def timed_median(cmd: Sequence[str], runs: int, bytecode: bool, stdin_path=None) -> float:
    walls = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        with open(stdin_path or os.devnull, "rb") as stdin:
            subprocess.run(cmd, stdin=stdin, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env=user_environment(bytecode))
        walls.append(time.perf_counter() - start)
    return statistics.median(walls[1:])


def in_a_project(args, typical: str, bugbear: bool) -> int:
    """Lint-on-save of the typical file in a project whose requirements.txt
    names TensorFlow, as most Keras projects have: the version is read from it."""
    with tempfile.TemporaryDirectory() as project:
        script = pathlib.Path(project) / pathlib.Path(typical).name
        shutil.copyfile(typical, script)
        (pathlib.Path(project) / "requirements.txt").write_text("numpy\ntensorflow>=2.16\npandas\n")
        case = Case("e", "lint-on-save, typical, in a project with requirements.txt", [str(script)],
                    1.08, args.single_pairs)
        result = measure(case, args.python, args.jobs, args.bytecode, bugbear)
    print(f"    {case.title}: ratio {result.ratio:.3f}, target <= 1.08: "
          f"{'ok' if result.ratio <= 1.08 else 'MISSED'}")
    print_bugbear(result)
    return result.ratio > 1.08


def startup(args, bugbear: bool) -> int:
    """Section (e); returns how many of its targets were missed."""
    typical = str(args.corpus / "clean" / SINGLE_FILE)
    print("(e) start-up")
    stages, modules = import_times(args.python, typical, args.imports, args.bytecode)
    print(f"    the plugin's own import time linting {SINGLE_FILE} (median of {args.imports} "
          f"processes): {sum(stages.values()):.1f} ms in {sum(modules.values())} modules: "
          + ", ".join(f"{stage} {ms:.1f} ({modules[stage]})" for stage, ms in stages.items()))
    empty, unmarshal, size = import_floor(args.python, typical, sum(modules.values()),
                                          args.imports, args.bytecode)
    print(f"    CPython's own part of it: importing {sum(modules.values())} empty modules "
          f"{empty:.1f} ms, unmarshalling the plugin's {size // 1000} kB of bytecode "
          f"{unmarshal:.1f} ms")
    by_size = keras_files_by_size(args.corpus)
    missed = 0
    for size, path, target in (("small", by_size[0], None), ("typical", typical, 1.08),
                               ("large", by_size[-1], None)):
        case = Case("e", f"lint-on-save, {size}: {pathlib.Path(path).name}", [str(path)],
                    target or float("inf"), args.single_pairs)
        result = measure(case, args.python, args.jobs, args.bytecode, bugbear)
        verdict = "" if target is None else (
            f", target <= {target:.2f}: {'ok' if result.ratio <= target else 'MISSED'}")
        print(f"    {case.title} ({describe_input(case)}): ratio {result.ratio:.3f}{verdict}")
        print_bugbear(result)
        missed += target is not None and result.ratio > target
    missed += in_a_project(args, typical, bugbear)
    non_keras = stdlib_top_level()[len(stdlib_top_level()) // 2]
    for title, path in (("a Keras file", typical), ("a non-Keras file", non_keras)):
        case = Case("e", f"--select=E on {title}", [path], float("inf"), args.single_pairs)
        result = measure(case, args.python, args.jobs, args.bytecode, False, "E", selected=False)
        print(f"    {case.title} ({pathlib.Path(path).name}): with the plugin installed "
              f"{result.median(result.with_plugin):.3f} s, hidden "
              f"{result.median(result.without_plugin):.3f} s: ratio {result.ratio:.3f}")
    script = [args.python, "-m", "flake8_lstm_shapes", "check"]
    by_path = timed_median([*script, typical], args.single_pairs, args.bytecode)
    by_stdin = timed_median([*script, "-"], args.single_pairs, args.bytecode, typical)
    bare = timed_median([args.python, "-c", "pass"], args.single_pairs, args.bytecode)
    print(f"    lstm-shapes check {SINGLE_FILE}: {by_path:.3f} s by path, {by_stdin:.3f} s "
          f"through stdin (python -c pass: {bare:.3f} s)", flush=True)
    return missed


# -- where the time goes ------------------------------------------------------------------------

def profile(paths: Sequence[str], top: int) -> None:
    """cProfile of the plugin alone (flake8's FileChecker, only LST) on paths."""
    import cProfile
    import pstats

    from flake8.checker import FileChecker
    from flake8.options.parse_args import parse_args
    from flake8.plugins.finder import Checkers

    plugins, options = parse_args(["--isolated", "--select=LST"])
    ours = [p for p in plugins.checkers.tree if p.entry_name == "LST"]
    checkers = Checkers(tree=ours, logical_line=[], physical_line=[])
    files = python_files(paths)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for path in files:
        FileChecker(filename=str(path), plugins=checkers, options=options).run_checks()
    profiler.disable()
    print(f"{len(files)} files in {time.perf_counter() - start:.2f} s (profiled; includes "
          f"flake8 reading and parsing each file)")
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(r"flake8_lstm_shapes", top)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter of the environment to measure (default: this one)")
    parser.add_argument("--corpus", type=pathlib.Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pairs", type=int, default=7, help="A/B pairs per tree (default 7)")
    parser.add_argument("--single-pairs", type=int, default=31,
                        help="A/B pairs for the single file (default 31)")
    parser.add_argument("--jobs", default="auto", help="flake8 --jobs (default auto, as users)")
    parser.add_argument("--only", default="abcde", help="which measurements, e.g. 'ad'")
    parser.add_argument("--imports", type=int, default=15,
                        help="processes whose import times are taken, for (e) (default 15)")
    parser.add_argument("--profile", nargs="+", metavar="PATH",
                        help="profile the plugin on these files or folders instead")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--no-bytecode-cache", dest="bytecode", action="store_false",
                        help="keep this environment's PYTHONDONTWRITEBYTECODE, if set")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile, args.top)
        return 0
    print_header(args.python, args.jobs, args.pairs, args.single_pairs, args.bytecode)
    missed = 0
    bugbear = has_bugbear(args.python)
    for case in cases(args.corpus, args.pairs, args.single_pairs):
        if case.key in args.only:
            result = measure(case, args.python, args.jobs, args.bytecode, bugbear)
            print_result(result)
            missed += result.ratio > case.target
    if "e" in args.only:
        missed += startup(args, bugbear)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
