"""The user's dependency files read as data, never run: each Keras requirement as a ``Declaration``.

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

Only the Keras packages (``PACKAGES``) are kept; which Keras they allow is
decided in ``dependencies``.
"""

from __future__ import annotations

import ast
import os
import re
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Set, Tuple

from ..core import project_files
from ..core.records import Record
from .specifiers import is_plain, release, specifier_set, version_of

KERAS = "keras"
TF_KERAS = "tf-keras"
TENSORFLOW_PACKAGES = frozenset({
    "tensorflow", "tensorflow-cpu", "tensorflow-gpu", "tensorflow-macos", "tensorflow-intel",
    "tf-nightly", "tf-nightly-cpu", "tf-nightly-gpu",
})
PACKAGES = TENSORFLOW_PACKAGES | {KERAS, TF_KERAS}
# A cheap test before parsing, so a huge file of other requirements costs little.
KERAS_PREFIXES = ("keras", "tensorflow",
                  "tf-nightly", "tf_nightly", "tf.nightly", "tf-keras", "tf_keras", "tf.keras")
MAX_INCLUDE_DEPTH = 5
# The regular expressions below are written as strings and given to ``re``'s
# functions, which compile each on its first use and keep it: a project
# declares its dependencies in one or two kinds of file, and compiling them
# all at import would cost every lint-on-save the others too.
# A requirement that is a name and version specifiers only (``tensorflow>=2.16``,
# ``keras == 3.*``): its specifiers are read by ``specifiers`` alone.
# Anything else (extras, markers, URLs) goes to packaging's full Requirement
# parser, which costs an editor's lint-on-save about 20 ms more to import.
NAME_AND_SPECIFIERS = r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*([<>=!~][^;@\[\]()]*)?\s*"


def canonicalize_name(name: str) -> str:
    """PEP 503's normalized name: runs of ``-``, ``_`` and ``.`` are one ``-``, lower case."""
    if "_" not in name and "." not in name and "--" not in name:
        return name.lower()
    return re.sub(r"[-_.]+", "-", name).lower()


# -- declarations -------------------------------------------------------------------------
Specifiers = object     # specifiers.PlainSpecifiers, or packaging's SpecifierSet


class Declaration(Record):
    """One requirement of a Keras package, as a project file writes it."""

    __slots__ = FIELDS = ("package", "alternatives", "source", "text")

    def __init__(self, package: str, alternatives: Tuple[Specifiers, ...], source: str,
                 text: str):
        self.package = package              # canonical name
        self.alternatives = alternatives    # satisfied by any one (Poetry `||`, conda `|`)
        self.source = source                # the file, relative to the project root
        self.text = text                    # the requirement as written

    @property
    def is_pin(self) -> bool:
        if len(self.alternatives) != 1 or len(self.alternatives[0]) != 1:
            return False
        (specifier,) = self.alternatives[0]
        return specifier.operator in ("==", "===") and not specifier.version.endswith("*")

    def describe(self) -> str:
        return f"{self.source} {'pins' if self.is_pin else 'requires'} {self.text}"

    @property
    def is_plain(self) -> bool:
        """Release numbers only: decided without ``packaging`` (see ``specifiers``)."""
        return all(is_plain(spec_set) for spec_set in self.alternatives)

    def allows(self, version) -> bool:
        """``version``: a release tuple, or packaging's ``Version`` (see ``specifiers``)."""
        return any(spec.contains(version, prereleases=True) for spec in self.alternatives)

    def named_versions(self) -> Iterator[object]:
        """Versions a specifier names that a release table may not hold (``==2.9.1``, ``~=2.9.1``,
        ``==2.4.1.*``): a pin of a patch release must find the release it pins."""
        for spec_set in self.alternatives:
            for spec in spec_set:
                if spec.operator in ("==", "===", "~="):
                    try:
                        yield version_of(spec.version[:-2] if spec.version.endswith(".*") else spec.version)
                    except ValueError:      # packaging's InvalidVersion
                        continue


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
    if not isinstance(text, str) or not text.lstrip().lower().startswith(KERAS_PREFIXES):
        return None
    parsed = name_and_specifiers(text)
    if parsed is None:
        return None
    name, specifiers, marker = parsed
    package = canonicalize_name(name)
    if package not in PACKAGES:
        return None
    written = text.split(";", 1)[0].strip() if marker else text.strip()
    return Declaration(package, (specifiers,), source, " ".join(written.split()))


def name_and_specifiers(text: str) -> Optional[Tuple[str, Specifiers, bool]]:
    """(name, specifiers, has a marker) of a PEP 508 requirement, or None if it
    is not one."""
    simple = re.fullmatch(NAME_AND_SPECIFIERS, text)
    if simple is not None:
        try:
            return simple.group(1), specifier_set(simple.group(2) or ""), False
        except ValueError:      # specifiers.InvalidSpecifier
            return None
    from packaging.requirements import InvalidRequirement, Requirement
    try:
        requirement = Requirement(text.strip())
    except InvalidRequirement:
        return None
    return requirement.name, requirement.specifier, requirement.marker is not None


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
    return table_declarations(tables, poetry_declaration, source)


def table_declarations(tables: Sequence[dict], read: Callable[[object, object, str], Optional[Declaration]],
                       source: str) -> List[Declaration]:
    """The declarations of ``name = constraint`` tables (Poetry's, Pipfile's), read by ``read``."""
    found = []
    for entries in tables:
        for name, value in entries.items():
            declaration = read(name, value, source)
            if declaration is not None:
                found.append(declaration)
    return found


def poetry_declaration(name: object, constraint: object, source: str) -> Optional[Declaration]:
    """``keras = "^2.9"``, ``{version = "~2.9"}``, or a list of such tables (alternatives)."""
    if not isinstance(name, str) or canonicalize_name(name) not in PACKAGES:
        return None
    entries = constraint if isinstance(constraint, list) else [constraint]
    alternatives: List[Specifiers] = []
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


POETRY_TERM = r"\s*(\^|~=|~|===|==|!=|<=|>=|<|>|=)?\s*([0-9][0-9A-Za-z.+!*-]*|\*)\s*,?"


def poetry_specifiers(constraint: str) -> Optional[List[Specifiers]]:
    """Poetry's constraint syntax as PEP 440 specifier sets, one per ``||`` alternative."""
    alternatives = []
    for part in re.split(r"\|\|?", constraint):
        terms = []
        position = 0
        part = part.strip()
        while position < len(part):
            match = re.compile(POETRY_TERM).match(part, position)
            if match is None or match.end() == position:
                return None
            terms.append(poetry_term(match.group(1) or "", match.group(2)))
            position = match.end()
        if None in terms:
            return None
        try:
            alternatives.append(specifier_set(",".join(term for term in terms if term)))
        except ValueError:
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
    numbers = release(version)
    if numbers is not None:
        return list(numbers)
    from packaging.version import InvalidVersion, Version
    try:
        return list(Version(version).release)       # ^2.9.0rc1: its release numbers
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
INCLUDE = r"^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?<=^-r)|(?<=^-c))(\S+)"
OPTION_TAIL = r"\s+--?[A-Za-z].*$"


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
        include = re.match(INCLUDE, line) if line.startswith("-") else None
        if include:
            target = include.group(2)
            if "://" not in target:
                included = os.path.normpath(os.path.join(os.path.dirname(path), target))
                found += requirements_declarations(included, files, visited, depth + 1)
            continue
        if line.startswith("-"):    # -e, -i, --index-url, -f, ...: not a requirement
            continue
        declaration = from_pep508(re.sub(OPTION_TAIL, "", line) if " -" in line or "\t-" in line
                                  else line, source)
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
    if "#" not in line:
        return line
    return re.split(r"\s#", line, maxsplit=1)[0]


# -- Pipfile ------------------------------------------------------------------------------
def pipfile_declarations(path: str, files: Files, visited: Set[str]) -> List[Declaration]:
    visited.add(path)
    data = project_files.read_toml(path)
    if not isinstance(data, dict):
        return []
    tables = [table(data, section) for section in ("packages", "dev-packages")]
    return table_declarations(tables, pipfile_declaration, files.label(path))


def pipfile_declaration(name: object, value: object, source: str) -> Optional[Declaration]:
    """``keras = "*"``, ``tensorflow = "==2.9"``, ``keras = {version = "<3"}``."""
    if not isinstance(name, str) or canonicalize_name(name) not in PACKAGES:
        return None
    version = value.get("version", "*") if isinstance(value, dict) else value
    if not isinstance(version, str):
        return None
    written = version.strip()
    try:
        specifiers = specifier_set("" if written == "*" else written)
    except ValueError:
        try:    # a bare version: Pipfile's "2.9" is ==2.9
            specifiers = specifier_set(f"=={version_of(written)}" if release(written) is None
                                       else f"=={written}")
        except ValueError:
            return None
    return Declaration(canonicalize_name(name), (specifiers,), source, f'{name} = "{written}"')


# -- conda environment.yml ----------------------------------------------------------------
# PyYAML reads the file: YAML's flow lists, quoting and anchors are more than a line-based
# reader would get right.
CONDA_SPEC = r"^\s*(?:[^\s:]+::)?([A-Za-z0-9][A-Za-z0-9_.-]*)\s*(.*)$"


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
    match = re.match(CONDA_SPEC, text)
    if match is None or canonicalize_name(match.group(1)) not in PACKAGES:
        return None
    alternatives = conda_specifiers(match.group(2).strip())
    if alternatives is None:
        return None
    return Declaration(canonicalize_name(match.group(1)), tuple(alternatives), source, " ".join(text.split()))


def conda_specifiers(spec: str) -> Optional[List[Specifiers]]:
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
            alternatives.append(specifier_set(",".join(terms)))
        except ValueError:
            return None
    return alternatives


def fuzzy(version: str) -> str:
    """conda's ``2.9`` or ``2.9.*`` as PEP 440 ``==2.9.*`` (an exact version stays a prefix match)."""
    if not version or version[0] in "<>=!~" or "|" in version or "," in version:
        return version
    return f"=={version}" if version.endswith("*") else f"=={version}.*"
