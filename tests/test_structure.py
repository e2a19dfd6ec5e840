"""The package's shape: imports go one way, each code has one home, nothing grows too big.

Read from the source with ``ast``, never imported: an import placed inside a
function counts as much as one at the top, because it ties the two modules
together all the same (it only hides the tie from a reader).

* no import cycle between the package's modules;
* the model layer (``core``, ``libs``, ``keras``, ``python``) imports neither
  the rules (they are reached through ``ctx.events``) nor the faces above it;
* each code is reported (``ctx.report(node, "LSTnnn", ...)``) only from the
  rules module of its family in the catalogue;
* modules of at most 600 lines, classes of 400, functions of 60.
"""

from __future__ import annotations

import ast
import pathlib
from typing import Dict, Iterator, List, NamedTuple, Optional, Set, Tuple

import pytest

from flake8_lstm_shapes.rules.catalogue import CATALOGUE

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "flake8_lstm_shapes"
LOWER_STAGES = ("core", "libs", "keras", "python")
ABOVE_THE_MODEL = ("rules", "analysis", "checker", "cli", "explain", "__main__", "standalone")
MAX_MODULE_LINES, MAX_CLASS_LINES, MAX_FUNCTION_LINES = 600, 400, 60


class Import(NamedTuple):
    importer: str     # dotted module name
    imported: str     # dotted module name, one of the package's
    line: int

    def __str__(self) -> str:
        return f"{path_of(self.importer)}:{self.line} imports {self.imported}"


def module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: Dict[str, pathlib.Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
TREES: Dict[str, ast.Module] = {name: ast.parse(path.read_text(encoding="utf-8"), str(path))
                                for name, path in MODULES.items()}


def path_of(module: str) -> str:
    return str(MODULES[module].relative_to(PACKAGE.parent))


def is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def absolute(module: str, node: ast.ImportFrom) -> str:
    """The module ``from ...x import y`` reads ``y`` from, written out in full."""
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package(module) else module.split(".")[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def package_module(dotted: str) -> Optional[str]:
    """The package's module that ``dotted`` names, or that holds the name it
    denotes (``a.b.f`` -> ``a.b``); None outside the package."""
    while dotted and dotted not in MODULES:
        dotted = dotted.rpartition(".")[0]
    return dotted or None


def imports_of(module: str) -> Iterator[Import]:
    """Every import of a package module by ``module``, wherever it stands.

    ``from . import x`` imports the submodule ``x`` when there is one, and
    ``from .x import f`` the module ``x``."""
    for node in ast.walk(TREES[module]):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = absolute(module, node)
            targets = [f"{source}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            imported = package_module(target)
            if imported is not None and imported != module:
                yield Import(module, imported, node.lineno)


IMPORTS: List[Import] = [edge for module in MODULES for edge in imports_of(module)]


def import_graph() -> Dict[str, Dict[str, Import]]:
    """importer -> imported -> the first import that ties them."""
    graph: Dict[str, Dict[str, Import]] = {module: {} for module in MODULES}
    for edge in IMPORTS:
        graph[edge.importer].setdefault(edge.imported, edge)
    return graph


def strongly_connected(graph: Dict[str, Dict[str, Import]]) -> List[Set[str]]:
    """Tarjan's components with more than one module (iterative: no recursion limit)."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on_stack: Set[str] = set()
    found: List[Set[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            step = next(successors, None)
            if step is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(component)
            elif step not in index:
                index[step] = low[step] = len(index)
                stack.append(step)
                on_stack.add(step)
                work.append((step, iter(graph[step])))
            elif step in on_stack:
                low[node] = min(low[node], index[step])
    return found


def one_cycle(graph: Dict[str, Dict[str, Import]], component: Set[str]) -> List[Import]:
    """A shortest way round from the component's first module back to itself."""
    start = min(component)
    paths: Dict[str, List[Import]] = {start: []}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for imported, edge in sorted(graph[node].items()):
                if imported == start:
                    return paths[node] + [edge]
                if imported in component and imported not in paths:
                    paths[imported] = paths[node] + [edge]
                    following.append(imported)
        frontier = following
    raise AssertionError(f"no cycle through {start}")  # a component always has one


def describe_cycle(component: Set[str], edges: List[Import]) -> str:
    """The modules tied together, then one way round with the import lines."""
    return "\n    ".join([", ".join(sorted(component)) + ", one way round:",
                          " -> ".join([edges[0].importer] + [edge.imported for edge in edges])]
                         + [str(edge) for edge in edges])


def test_no_import_cycle_counting_imports_inside_functions():
    graph = import_graph()
    cycles = [describe_cycle(component, one_cycle(graph, component))
              for component in strongly_connected(graph)]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_model_layer_imports_neither_the_rules_nor_the_faces():
    upward = [str(edge) for edge in IMPORTS
              if stage_of(edge.importer) in LOWER_STAGES
              and stage_of(edge.imported) in ABOVE_THE_MODEL]
    assert not upward, "the model layer reaches up:\n" + "\n".join(upward)


# What each stage may import, besides itself: the pipeline, one way.  ``libs`` and
# ``keras`` are side by side (neither needs the other); the interpreter consults both.
MAY_IMPORT = {
    "core": set(),
    "libs": {"core"},
    "keras": {"core"},
    "python": {"core", "libs", "keras"},
    "rules": {"core", "libs", "keras"},
}


def test_each_stage_imports_only_the_stages_before_it():
    against = [f"{edge} ({stage_of(edge.importer)} may import {sorted(MAY_IMPORT[stage_of(edge.importer)])})"
               for edge in IMPORTS
               if stage_of(edge.importer) in MAY_IMPORT
               and stage_of(edge.imported) in STAGES
               and stage_of(edge.imported) != stage_of(edge.importer)
               and stage_of(edge.imported) not in MAY_IMPORT[stage_of(edge.importer)]]
    assert not against, "imports against the pipeline:\n" + "\n".join(against)


STAGES = set(MAY_IMPORT) | set(ABOVE_THE_MODEL)


# -- each code reported from its family's module ----------------------------------------------

class Report(NamedTuple):
    module: str
    line: int
    code: Optional[str]      # None: not a literal the test can read


def code_argument(call: ast.Call) -> Optional[ast.AST]:
    """The ``code`` of ``ctx.report(node, code, message)``, by position or keyword."""
    if len(call.args) >= 2:
        return call.args[1]
    return next((kw.value for kw in call.keywords if kw.arg == "code"), None)


def reports() -> Iterator[Report]:
    for module, tree in TREES.items():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "report"):
                code = code_argument(node)
                literal = code.value if isinstance(code, ast.Constant) else None
                yield Report(module, node.lineno, literal if isinstance(literal, str) else None)


REPORTS = list(reports())


def test_every_report_names_its_code_as_a_literal():
    unreadable = [f"{path_of(r.module)}:{r.line}" for r in REPORTS if r.code is None]
    assert not unreadable, "a report whose code this test cannot read: " + ", ".join(unreadable)


def test_every_reported_code_is_in_the_catalogue():
    unknown = [f"{path_of(r.module)}:{r.line} reports {r.code}" for r in REPORTS
               if r.code is not None and r.code not in CATALOGUE]
    assert not unknown, "\n".join(unknown)


def test_each_code_is_reported_only_from_its_familys_module():
    misplaced = [f"{path_of(r.module)}:{r.line} reports {r.code}, which belongs to "
                 f"rules/{CATALOGUE[r.code].family}.py"
                 for r in REPORTS if r.code in CATALOGUE
                 and r.module != f"flake8_lstm_shapes.rules.{CATALOGUE[r.code].family}"]
    assert not misplaced, "\n".join(misplaced)


def test_every_code_of_the_catalogue_is_reported_somewhere():
    reported = {r.code for r in REPORTS}
    assert set(CATALOGUE) - reported == set()


# -- sizes ------------------------------------------------------------------------------------

def span(node: ast.AST) -> int:
    return node.end_lineno - node.lineno + 1


def definitions(kinds: Tuple[type, ...]) -> Iterator[Tuple[str, ast.AST]]:
    for module, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, kinds):
                yield module, node


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_size(module):
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path_of(module)} has {lines} lines"


def test_class_sizes():
    too_big = [f"{path_of(module)}:{node.lineno} class {node.name} has {span(node)} lines"
               for module, node in definitions((ast.ClassDef,)) if span(node) > MAX_CLASS_LINES]
    assert not too_big, "\n".join(too_big)


def test_function_sizes():
    too_big = [f"{path_of(module)}:{node.lineno} {node.name} has {span(node)} lines"
               for module, node in definitions((ast.FunctionDef, ast.AsyncFunctionDef))
               if span(node) > MAX_FUNCTION_LINES]
    assert not too_big, "\n".join(too_big)


# -- the readers above, on code made for them -----------------------------------------------------

def test_a_relative_import_is_resolved_from_the_importers_package():
    node = ast.parse("from ..core import shapes").body[0]
    assert absolute("flake8_lstm_shapes.keras.models", node) == "flake8_lstm_shapes.core"
    node = ast.parse("from . import data").body[0]
    assert absolute("flake8_lstm_shapes.rules", node) == "flake8_lstm_shapes.rules"
    assert package_module("flake8_lstm_shapes.rules.data") == "flake8_lstm_shapes.rules.data"
    assert package_module("flake8_lstm_shapes.core.shapes.Poly") == "flake8_lstm_shapes.core.shapes"


def test_a_cycle_is_found_and_named_with_its_imports():
    edge = Import("a", "b", 3), Import("b", "c", 5), Import("c", "a", 7)
    graph = {"a": {"b": edge[0]}, "b": {"c": edge[1]}, "c": {"a": edge[2]}, "d": {}}
    assert strongly_connected(graph) == [{"a", "b", "c"}]
    assert one_cycle(graph, {"a", "b", "c"}) == list(edge)
