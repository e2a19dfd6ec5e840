"""Which Keras the user's project declares: read from its dependency files, never run.

``declared_keras(filename)`` answers twice, because the two ways of writing
Keras code get different packages:

- ``standalone``: what ``import keras`` code gets;
- ``tf_keras``: what ``tf.keras`` / ``tensorflow.keras`` code gets.

Sources, found by ``project_files`` in every folder from the linted file's
folder up to the project root, each read as data: ``pyproject.toml``
(``[project]`` dependencies and optional dependencies, Poetry dependencies and
groups, PDM dev-dependencies, uv dev-dependencies and constraints,
``[dependency-groups]``), ``setup.cfg`` (``[options] install_requires`` and
``extras_require``), ``setup.py`` (literal ``install_requires`` /
``extras_require`` of a ``setup()`` call, read from the syntax tree),
``requirements*.txt`` / ``constraints*.txt`` / ``requirements/*.txt``
(following ``-r`` and ``-c``), ``environment.yml`` (conda and its ``pip:``
list) and ``Pipfile``.  A line or entry that cannot be parsed is skipped on
its own; a file that cannot be read or parsed gives nothing.  Environment
markers are not evaluated: a marker-guarded requirement is still what the
project declares for some platform.

Deciding.  The facts of the release history this relies on:

- ``keras`` 0.x, 1.x and 2.x (the last is 2.15.0) are Keras 2 for our
  purposes; ``keras`` 3.0 (November 2023) onwards is Keras 3;
- TensorFlow before 2.16 has Keras 2 as ``tf.keras`` (2.6 to 2.15 depend on
  the ``keras`` 2.x of their own minor version, so ``import keras`` is Keras 2
  there too); TensorFlow 2.16 (March 2024) onwards depends on ``keras>=3`` and
  its ``tf.keras`` is Keras 3;
- ``tf-keras`` packages Keras 2 (every release); a project installs it to keep
  Keras 2 as ``tf.keras`` on TensorFlow 2.16 and later;
- ``tensorflow-gpu`` stopped at 2.12 and ``tensorflow-macos`` at 2.16.2.

A requirement *allows* major M when some representative release of M
satisfies it (``RELEASES``: the real minor releases of each package, a
far-future release of the current line so that ``keras>=3`` allows 3, and the
version a ``==``/``~=`` specifier names, so that a pin of a patch release
counts).  Everything a project declares is meant to be installed together,
so the declarations of one package, from all files, hold together: the
releases allowed are those that satisfy all of them (a requirements pin thus
narrows an open ``pyproject.toml`` range, and two that contradict each other,
often alternative extras or platform markers, allow nothing and say nothing).
Then, for each kind of code, the packages that bear on it are intersected:

- ``import keras``: the majors ``keras`` allows and the majors the TensorFlow
  packages allow (TensorFlow before 2.16 brings Keras 2, from 2.16 Keras 3);
- ``tf.keras``: a satisfiable ``tf-keras`` requirement means Keras 2;
  otherwise the majors the TensorFlow packages allow and those ``keras``
  allows (a ``keras<3`` with TensorFlow undeclared or open means a TensorFlow
  before 2.16, as pip resolves it; likewise ``keras>=3`` means 2.16 or later).

Exactly one major left decides; both (a range that allows both, or nothing
declared) or none (a contradiction) say nothing.  The evidence names the
declaration that decides on its own, a pin before a range, as written:
``requirements.txt pins tensorflow==2.9.1``, ``pyproject.toml requires keras>=3``.
Results are cached per folder; nothing here raises.
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from . import project_files

KERAS = "keras"
TF_KERAS = "tf-keras"
TENSORFLOW_PACKAGES = frozenset({
    "tensorflow", "tensorflow-cpu", "tensorflow-gpu", "tensorflow-macos", "tensorflow-intel",
    "tf-nightly", "tf-nightly-cpu", "tf-nightly-gpu",
})
PACKAGES = TENSORFLOW_PACKAGES | {KERAS, TF_KERAS}
# A cheap test before parsing, so a huge file of other requirements costs little.
MAYBE_KERAS_PACKAGE = re.compile(r"^\s*(keras|tensorflow|tf[-_.]nightly|tf[-_.]keras)", re.IGNORECASE)
MAX_INCLUDE_DEPTH = 5
KERAS_3_TENSORFLOW = Version("2.16")
BOTH = frozenset({2, 3})


def _versions(*texts: str) -> Tuple[Version, ...]:
    return tuple(Version(text) for text in texts)


_TF_MINORS = tuple(f"1.{minor}.0" for minor in range(16)) + tuple(f"2.{minor}.0" for minor in range(16))
_TF_KERAS_3 = ("2.16.1", "2.16.2") + tuple(f"2.{minor}.0" for minor in range(17, 22))
FAR_FUTURE_TF = "2.99.0"
_TENSORFLOW = _versions("0.12.0", *_TF_MINORS, "1.15.5", "2.15.1", *_TF_KERAS_3, FAR_FUTURE_TF)
RELEASES: Dict[str, Tuple[Version, ...]] = {
    KERAS: _versions(
        "0.3.3", "1.0.0", "1.2.2", "2.0.0", "2.0.9", "2.1.6", "2.2.4", "2.2.5", "2.3.1", "2.4.3",
        "2.6.0", "2.7.0", "2.8.0", "2.9.0", "2.10.0", "2.11.0", "2.12.0", "2.13.1", "2.14.0", "2.15.0",
        *(f"3.{minor}.0" for minor in range(16)), "3.99.0",
    ),
    TF_KERAS: _versions("2.14.1", "2.15.0", "2.15.1", "2.16.0", *(f"2.{m}.0" for m in range(17, 22)),
                        "2.99.0"),
    "tensorflow-gpu": tuple(v for v in _TENSORFLOW if v <= Version("2.12.0")),
    "tensorflow-macos": tuple(v for v in _TENSORFLOW if v <= Version("2.16.2")),
}


def releases(package: str) -> Tuple[Version, ...]:
    return RELEASES.get(package, _TENSORFLOW)


def keras_majors(package: str, version: Version) -> FrozenSet[int]:
    """The Keras major(s) a release of ``package`` brings."""
    if package == TF_KERAS:
        return frozenset({2})
    if package == KERAS:
        return frozenset({3 if version.release[0] >= 3 else 2})
    if package.startswith("tf-nightly") and version.is_prerelease and version.release[:2] == (2, 16):
        return BOTH    # the nightlies switched to Keras 3 part-way through the 2.16 cycle
    return frozenset({3 if Version(version.base_version) >= KERAS_3_TENSORFLOW else 2})


# -- declarations -------------------------------------------------------------------------
@dataclass(frozen=True)
class Declaration:
    """One requirement of a Keras package, as a project file writes it."""

    package: str                            # canonical name
    alternatives: Tuple[SpecifierSet, ...]  # satisfied by any one (Poetry `||`, conda `|`)
    source: str                             # the file, relative to the project root
    text: str                               # the requirement as written

    @property
    def is_pin(self) -> bool:
        if len(self.alternatives) != 1 or len(self.alternatives[0]) != 1:
            return False
        (specifier,) = self.alternatives[0]
        return specifier.operator in ("==", "===") and not specifier.version.endswith("*")

    def describe(self) -> str:
        return f"{self.source} {'pins' if self.is_pin else 'requires'} {self.text}"

    def allows(self, version: Version) -> bool:
        return any(spec.contains(version, prereleases=True) for spec in self.alternatives)

    def named_versions(self) -> Iterator[Version]:
        """Versions a specifier names that a release table may not hold (``==2.9.1``, ``~=2.9.1``,
        ``==2.4.1.*``): a pin of a patch release must find the release it pins."""
        for spec_set in self.alternatives:
            for spec in spec_set:
                if spec.operator in ("==", "===", "~="):
                    try:
                        yield Version(spec.version[:-2] if spec.version.endswith(".*") else spec.version)
                    except InvalidVersion:
                        continue


@dataclass(frozen=True)
class Evidence:
    major: int      # 2 or 3: the Keras major version the declaration allows
    reason: str     # short, for messages: "requirements.txt pins tensorflow==2.9.1"


@dataclass(frozen=True)
class DeclaredKeras:
    standalone: Optional[Evidence]   # what `import keras` code gets
    tf_keras: Optional[Evidence]     # what `tf.keras` / `tensorflow.keras` code gets


NOTHING = DeclaredKeras(None, None)
_decided: Dict[Tuple[str, ...], DeclaredKeras] = {}


def clear_cache() -> None:
    _decided.clear()
    project_files.clear_cache()


def declared_keras(filename: str) -> DeclaredKeras:
    """What the project of ``filename`` declares; both None when nothing is known.  Never raises."""
    try:
        files = project_files.project_files(filename)
        key = tuple(folder.path for folder in files.folders)
        if not key:
            return NOTHING
        if key not in _decided:
            if len(_decided) >= project_files.MAX_CACHED:
                _decided.clear()
            _decided[key] = decide(project_declarations(files))
        return _decided[key]
    except Exception:  # a plugin that raises fails the user's whole run: say nothing instead
        return NOTHING


def project_declarations(files: project_files.ProjectFiles) -> List[Declaration]:
    found: List[Declaration] = []
    visited: Set[str] = set()
    for path in files.paths():
        reader = reader_for(os.path.basename(path))
        if reader is not None and path not in visited:
            found.extend(reader(path, files, visited))
    return found


Files = project_files.ProjectFiles
Reader = Callable[[str, Files, Set[str]], List[Declaration]]


def reader_for(name: str) -> Optional[Reader]:
    if name == "pyproject.toml":
        return pyproject_declarations
    if name == "setup.cfg":
        return setup_cfg_declarations
    if name == "setup.py":
        return setup_py_declarations
    if name == "Pipfile":
        return pipfile_declarations
    if name in ("environment.yml", "environment.yaml"):
        return environment_declarations
    if name.lower().endswith(".txt"):
        return requirements_declarations
    return None


# -- PEP 508 strings ----------------------------------------------------------------------
def from_pep508(text: object, source: str) -> Optional[Declaration]:
    """A declaration from a requirement string, or None (not a Keras package, or unparsable)."""
    if not isinstance(text, str) or not MAYBE_KERAS_PACKAGE.match(text):
        return None
    try:
        requirement = Requirement(text.strip())
    except InvalidRequirement:
        return None
    package = canonicalize_name(requirement.name)
    if package not in PACKAGES:
        return None
    written = text.split(";", 1)[0].strip() if requirement.marker else text.strip()
    return Declaration(package, (requirement.specifier,), source, " ".join(written.split()))


def from_strings(items: object, source: str) -> List[Declaration]:
    if not isinstance(items, (list, tuple)):
        return []
    return [found for found in (from_pep508(item, source) for item in items) if found is not None]


# -- pyproject.toml -----------------------------------------------------------------------
def pyproject_declarations(path: str, files: Files, visited: Set[str]) -> List[Declaration]:
    visited.add(path)
    data = project_files.read_toml(path)
    if not isinstance(data, dict):
        return []
    source = files.label(path)
    project = table(data, "project")
    tool = table(data, "tool")
    uv = table(tool, "uv")
    found = from_strings(project.get("dependencies"), source)
    for group in string_lists(table(project, "optional-dependencies")):
        found += from_strings(group, source)
    for group in string_lists(table(data, "dependency-groups")):
        found += from_strings(group, source)
    for group in string_lists(table(table(tool, "pdm"), "dev-dependencies")):
        found += from_strings(group, source)
    for key in ("dev-dependencies", "constraint-dependencies"):
        found += from_strings(uv.get(key), source)
    return found + poetry_declarations(table(tool, "poetry"), source)


def table(data: object, key: str) -> dict:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def string_lists(groups: dict) -> Iterator[list]:
    for group in groups.values():
        if isinstance(group, list):
            yield group


def poetry_declarations(poetry: dict, source: str) -> List[Declaration]:
    tables = [table(poetry, "dependencies"), table(poetry, "dev-dependencies")]
    tables += [table(group, "dependencies") for group in table(poetry, "group").values()]
    found = []
    for dependencies in tables:
        for name, constraint in dependencies.items():
            declaration = poetry_declaration(name, constraint, source)
            if declaration is not None:
                found.append(declaration)
    return found


def poetry_declaration(name: object, constraint: object, source: str) -> Optional[Declaration]:
    """``keras = "^2.9"``, ``{version = "~2.9"}``, or a list of such tables (alternatives)."""
    if not isinstance(name, str) or canonicalize_name(name) not in PACKAGES:
        return None
    entries = constraint if isinstance(constraint, list) else [constraint]
    alternatives: List[SpecifierSet] = []
    written = []
    for entry in entries:
        version = entry.get("version", "*") if isinstance(entry, dict) else entry
        if not isinstance(version, str):
            return None
        converted = poetry_specifiers(version)
        if converted is None:
            return None
        alternatives.extend(converted)
        written.append(version.strip())
    if not alternatives:
        return None
    return Declaration(canonicalize_name(name), tuple(alternatives), source, f"{name} {' || '.join(written)}")


POETRY_TERM = re.compile(r"\s*(\^|~=|~|===|==|!=|<=|>=|<|>|=)?\s*([0-9][0-9A-Za-z.+!*-]*|\*)\s*,?")


def poetry_specifiers(constraint: str) -> Optional[List[SpecifierSet]]:
    """Poetry's constraint syntax as PEP 440 specifier sets, one per ``||`` alternative."""
    alternatives = []
    for part in re.split(r"\|\|?", constraint):
        terms = []
        position = 0
        part = part.strip()
        while position < len(part):
            match = POETRY_TERM.match(part, position)
            if match is None or match.end() == position:
                return None
            terms.append(poetry_term(match.group(1) or "", match.group(2)))
            position = match.end()
        if None in terms:
            return None
        try:
            alternatives.append(SpecifierSet(",".join(term for term in terms if term)))
        except InvalidSpecifier:
            return None
    return alternatives


def poetry_term(operator: str, version: str) -> Optional[str]:
    if version == "*":
        return "" if operator in ("", "==", "=") else None
    if operator == "^":
        return caret(version)
    if operator == "~":
        return tilde(version)
    if operator in ("", "="):
        return f"=={version}"
    return f"{operator}{version}"


def release_parts(version: str) -> Optional[List[int]]:
    try:
        return list(Version(version).release)
    except InvalidVersion:
        return None


def caret(version: str) -> Optional[str]:
    """``^1.2.3`` is >=1.2.3,<2.0.0; ``^0.2.3`` is <0.3.0; ``^0.0`` is <0.1 (Poetry's rule)."""
    parts = release_parts(version)
    if parts is None:
        return None
    nonzero = next((index for index, part in enumerate(parts) if part != 0), len(parts) - 1)
    upper = parts[:nonzero] + [parts[nonzero] + 1]
    return f">={version},<{'.'.join(map(str, upper))}"


def tilde(version: str) -> Optional[str]:
    """``~1.2.3`` and ``~1.2`` are >=1.2(.3),<1.3; ``~1`` is >=1,<2 (Poetry's rule)."""
    parts = release_parts(version)
    if parts is None:
        return None
    keep = 1 if len(parts) == 1 else 2
    upper = parts[:keep - 1] + [parts[keep - 1] + 1]
    return f">={version},<{'.'.join(map(str, upper))}"


# -- setup.cfg and setup.py ---------------------------------------------------------------
def setup_cfg_declarations(path: str, files: Files, visited: Set[str]) -> List[Declaration]:
    visited.add(path)
    config = project_files.read_ini(path)
    if config is None:
        return []
    source = files.label(path)
    values = []
    if config.has_option("options", "install_requires"):
        values.append(config.get("options", "install_requires"))
    if config.has_section("options.extras_require"):
        values += [value for _, value in config.items("options.extras_require")]
    found: List[Declaration] = []
    for value in values:
        if value.strip().startswith("file:"):
            for name in value.strip()[len("file:"):].split(","):
                included = os.path.join(os.path.dirname(path), name.strip())
                found += requirements_declarations(included, files, visited)
            continue
        for line in value.splitlines():
            line = strip_comment(line)
            declaration = from_pep508(line, source)
            if declaration is None and ";" in line:  # setuptools' one-line `a; b` form
                found += [d for d in (from_pep508(item, source) for item in line.split(";")) if d]
            elif declaration is not None:
                found.append(declaration)
    return found


def setup_py_declarations(path: str, files: Files, visited: Set[str]) -> List[Declaration]:
    """``setup(install_requires=[...], extras_require={...})`` read from the tree, never run."""
    visited.add(path)
    text = project_files.read_text(path)
    if text is None:
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    bound = module_literals(tree)
    source = files.label(path)
    found: List[Declaration] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and called_name(node.func) == "setup":
            for keyword in node.keywords:
                found += setup_keyword_declarations(keyword, bound, source)
    return found


def called_name(func: ast.expr) -> Optional[str]:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def module_literals(tree: ast.Module) -> Dict[str, ast.expr]:
    """Names bound at module level to a list, tuple or dict literal (``REQUIRED = [...]``)."""
    bound = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, (ast.List, ast.Tuple, ast.Dict)):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    bound[target.id] = statement.value
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) \
                and isinstance(statement.value, (ast.List, ast.Tuple, ast.Dict)):
            bound[statement.target.id] = statement.value
    return bound


def setup_keyword_declarations(keyword: ast.keyword, bound: Dict[str, ast.expr],
                               source: str) -> List[Declaration]:
    value = literal(keyword.value, bound)
    if keyword.arg == "install_requires":
        return from_strings(string_elements(value), source)
    if keyword.arg == "extras_require" and isinstance(value, ast.Dict):
        found: List[Declaration] = []
        for group in value.values:
            found += from_strings(string_elements(literal(group, bound)), source)
        return found
    return []


def literal(node: Optional[ast.expr], bound: Dict[str, ast.expr]) -> Optional[ast.expr]:
    """The literal a name or a ``NAME["key"]`` of a module-level dict literal stands for."""
    if isinstance(node, ast.Name):
        return bound.get(node.id)
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        container = literal(node.value, bound) if isinstance(node.value, ast.Name) else None
        if isinstance(container, ast.Dict):
            for key, value in zip(container.keys, container.values):
                if isinstance(key, ast.Constant) and key.value == node.slice.value:
                    return value
        return None
    return node


def string_elements(node: Optional[ast.expr]) -> List[str]:
    if not isinstance(node, (ast.List, ast.Tuple)):
        return []
    return [element.value for element in node.elts
            if isinstance(element, ast.Constant) and isinstance(element.value, str)]


# -- requirements files -------------------------------------------------------------------
INCLUDE = re.compile(r"^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?<=^-r)|(?<=^-c))(\S+)")
OPTION_TAIL = re.compile(r"\s+--?[A-Za-z].*$")


def requirements_declarations(path: str, files: Files, visited: Set[str],
                              depth: int = 0) -> List[Declaration]:
    """A pip requirements or constraints file, following ``-r``/``-c`` (bounded, each file once)."""
    if path in visited or depth > MAX_INCLUDE_DEPTH:
        return []
    visited.add(path)
    text = project_files.read_text(path)
    if text is None:
        return []
    source = files.label(path)
    found: List[Declaration] = []
    for line in logical_lines(text):
        include = INCLUDE.match(line)
        if include:
            target = include.group(2)
            if "://" not in target:
                included = os.path.normpath(os.path.join(os.path.dirname(path), target))
                found += requirements_declarations(included, files, visited, depth + 1)
            continue
        if line.startswith("-"):    # -e, -i, --index-url, -f, ...: not a requirement
            continue
        declaration = from_pep508(OPTION_TAIL.sub("", line), source)
        if declaration is not None:
            found.append(declaration)
    return found


def logical_lines(text: str) -> Iterator[str]:
    """pip's lines: comments dropped, backslash continuations joined, blank lines skipped."""
    pending = ""
    for raw in text.splitlines():
        line = raw if pending == "" else pending + " " + raw.lstrip()
        if line.endswith("\\"):
            pending = line[:-1]
            continue
        pending = ""
        line = strip_comment(line).strip()
        if line:
            yield line
    if pending.strip():
        yield strip_comment(pending).strip()


def strip_comment(line: str) -> str:
    """pip's comment: a ``#`` at the start of the line or after whitespace."""
    if line.lstrip().startswith("#"):
        return ""
    return re.split(r"\s#", line, maxsplit=1)[0]


# -- Pipfile ------------------------------------------------------------------------------
def pipfile_declarations(path: str, files: Files, visited: Set[str]) -> List[Declaration]:
    visited.add(path)
    data = project_files.read_toml(path)
    if not isinstance(data, dict):
        return []
    source = files.label(path)
    found = []
    for section in ("packages", "dev-packages"):
        for name, value in table(data, section).items():
            declaration = pipfile_declaration(name, value, source)
            if declaration is not None:
                found.append(declaration)
    return found


def pipfile_declaration(name: object, value: object, source: str) -> Optional[Declaration]:
    """``keras = "*"``, ``tensorflow = "==2.9"``, ``keras = {version = "<3"}``."""
    if not isinstance(name, str) or canonicalize_name(name) not in PACKAGES:
        return None
    version = value.get("version", "*") if isinstance(value, dict) else value
    if not isinstance(version, str):
        return None
    written = version.strip()
    try:
        specifiers = SpecifierSet("" if written == "*" else written)
    except InvalidSpecifier:
        try:
            specifiers = SpecifierSet(f"=={Version(written)}")
        except (InvalidVersion, InvalidSpecifier):
            return None
    return Declaration(canonicalize_name(name), (specifiers,), source, f'{name} = "{written}"')


# -- conda environment.yml ----------------------------------------------------------------
# PyYAML reads the file: YAML's flow lists, quoting and anchors are more than a line-based
# reader would get right.
CONDA_SPEC = re.compile(r"^\s*(?:[^\s:]+::)?([A-Za-z0-9][A-Za-z0-9_.-]*)\s*(.*)$")


def environment_declarations(path: str, files: Files, visited: Set[str]) -> List[Declaration]:
    visited.add(path)
    data = project_files.read_yaml(path)
    dependencies = data.get("dependencies") if isinstance(data, dict) else None
    if not isinstance(dependencies, list):
        return []
    source = files.label(path)
    found = []
    for item in dependencies:
        if isinstance(item, dict):
            found += from_strings(item.get("pip"), source)
        elif isinstance(item, str):
            declaration = conda_declaration(item, source)
            if declaration is not None:
                found.append(declaration)
    return found


def conda_declaration(text: str, source: str) -> Optional[Declaration]:
    """A conda match spec: ``tensorflow=2.9`` (2.9.*), ``keras==2.4.3``, ``tensorflow>=2.4,<2.16``."""
    match = CONDA_SPEC.match(text)
    if match is None or canonicalize_name(match.group(1)) not in PACKAGES:
        return None
    alternatives = conda_specifiers(match.group(2).strip())
    if alternatives is None:
        return None
    return Declaration(canonicalize_name(match.group(1)), tuple(alternatives), source, " ".join(text.split()))


def conda_specifiers(spec: str) -> Optional[List[SpecifierSet]]:
    # Spaces around operators and separators are not the one before a build string.
    spec = re.sub(r"([<>=!~])\s+", r"\1", re.sub(r"\s*([,|])\s*", r"\1", spec))
    version = spec.split()[0] if spec else ""       # a build string may follow after a space
    if version.startswith("=") and not version.startswith("=="):
        version = version[1:].split("=")[0]          # name=version=build
        version = fuzzy(version)
    elif version and version[0].isdigit():
        version = fuzzy(version)                     # "tensorflow 2.9" is 2.9.*
    alternatives = []
    for part in version.split("|"):
        terms = [term if term[0] in "<>=!~" else fuzzy(term) for term in part.split(",") if term]
        try:
            alternatives.append(SpecifierSet(",".join(terms)))
        except InvalidSpecifier:
            return None
    return alternatives


def fuzzy(version: str) -> str:
    """conda's ``2.9`` or ``2.9.*`` as PEP 440 ``==2.9.*`` (an exact version stays a prefix match)."""
    if not version or version[0] in "<>=!~" or "|" in version or "," in version:
        return version
    return f"=={version}" if version.endswith("*") else f"=={version}.*"


# -- deciding -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    """What one package (or family of packages) allows, and the declarations that say so."""

    majors: FrozenSet[int]
    # each declaration with the majors it allows on its own, pins first
    declarations: Tuple[Tuple[Declaration, FrozenSet[int]], ...]


def decide(declarations: Sequence[Declaration]) -> DeclaredKeras:
    by_package: Dict[str, List[Declaration]] = {}
    for declaration in declarations:
        by_package.setdefault(declaration.package, []).append(declaration)
    keras = package_verdict(by_package.get(KERAS, ()))
    tensorflow = family_verdict([package_verdict(by_package[name])
                                 for name in sorted(TENSORFLOW_PACKAGES) if name in by_package])
    legacy = package_verdict(by_package.get(TF_KERAS, ()))
    standalone = combine([keras, tensorflow])
    if legacy is not None and legacy.majors == {2}:
        tf_keras: Optional[Evidence] = evidence(2, legacy)
    else:
        tf_keras = combine([tensorflow, keras])
    return DeclaredKeras(standalone, tf_keras)


def package_verdict(declarations: Sequence[Declaration]) -> Optional[Verdict]:
    """The majors the releases allowed by all of a package's declarations bring; None if undeclared."""
    if not declarations:
        return None
    package = declarations[0].package
    candidates = set(releases(package))
    for declaration in declarations:
        candidates.update(declaration.named_versions())
    majors = allowed_majors(package, candidates, declarations)
    own = [(d, allowed_majors(package, candidates, [d])) for d in declarations]
    return Verdict(majors, pins_first(own))


def pins_first(declarations: Iterable[Tuple[Declaration, FrozenSet[int]]]):
    return tuple(sorted(declarations, key=lambda pair: not pair[0].is_pin))


def allowed_majors(package: str, candidates: Iterable[Version],
                   declarations: Sequence[Declaration]) -> FrozenSet[int]:
    majors: Set[int] = set()
    for version in candidates:
        if all(declaration.allows(version) for declaration in declarations):
            majors |= keras_majors(package, version)
    return frozenset(majors)


def family_verdict(verdicts: Sequence[Optional[Verdict]]) -> Optional[Verdict]:
    """The TensorFlow packages together: what a project declares is installed together."""
    present = [verdict for verdict in verdicts if verdict is not None]
    if not present:
        return None
    majors = BOTH
    for verdict in present:
        majors = majors & verdict.majors
    return Verdict(majors, pins_first(pair for verdict in present for pair in verdict.declarations))


def combine(verdicts: Sequence[Optional[Verdict]]) -> Optional[Evidence]:
    """One major when the verdicts together leave exactly one; the reason from the first that decides."""
    present = [verdict for verdict in verdicts if verdict is not None]
    if not present:
        return None
    majors = BOTH
    for verdict in present:
        majors = majors & verdict.majors
    if len(majors) != 1:
        return None
    (major,) = majors
    # Each verdict's majors hold the one left, so one of them is that major alone.
    deciding = next(verdict for verdict in present if verdict.majors == majors)
    return evidence(major, deciding)


def evidence(major: int, verdict: Verdict) -> Evidence:
    """Named after the first declaration that allows only ``major`` on its own (a pin first);
    when only several together do, after the first two that narrow it."""
    alone = [d for d, majors in verdict.declarations if majors == {major}]
    if alone:
        return Evidence(major, alone[0].describe())
    narrowing = [d for d, majors in verdict.declarations if majors != BOTH] or \
        [d for d, _ in verdict.declarations]
    return Evidence(major, " and ".join(d.describe() for d in narrowing[:2]))
