"""The configuration of ``lstm-shapes check``: files first, then the command line over them.

Two sources, each found the way flake8 finds its own: from the working
directory up through its parents, stopping before the home directory (or
at the filesystem root), the nearest folder that has one wins:

- the ``[flake8]`` section of ``setup.cfg``, ``tox.ini`` or ``.flake8`` (in
  that order within a folder, a file counting only if it has the section),
  so that one configuration serves flake8 and this command alike; the keys
  read are the plugin's own (``lstm-keras-version``) and ``select``,
  ``ignore``, ``extend-select``, ``extend-ignore``, ``exclude``,
  ``extend-exclude``; the others belong to other tools and are left alone;
- the ``[tool.lstm-shapes]`` table of ``pyproject.toml``: the same keys
  (``keras-version`` may stand for ``lstm-keras-version``) plus
  ``output-format``, as TOML strings or lists of strings.  A key it does
  not know is an error there, since nobody else reads that table.

Where both are found, ``[tool.lstm-shapes]`` sets what it names and
``[flake8]`` the rest.  Paths in ``exclude`` patterns are read from the
folder of the file that sets them.  The files are read through the project
files' cache (``core.project_files``), the one the Keras version evidence
reads too.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Iterator, List, Optional, Tuple

from ..checker import keras_version_error
from ..core import project_files
from ..core.records import Record, replace

FLAKE8_FILES = ("setup.cfg", "tox.ini", ".flake8")
FLAKE8_SECTIONS = ("flake8", "flake8:local-plugins")
TOOL_TABLE = "lstm-shapes"
CODE_LISTS = ("select", "ignore", "extend-select", "extend-ignore")
PATH_LISTS = ("exclude", "extend-exclude")
FLAKE8_KEYS = ("lstm-keras-version",) + CODE_LISTS + PATH_LISTS
TOOL_KEYS = FLAKE8_KEYS + ("keras-version", "output-format")
FORMATS = ("text", "json", "sarif", "github")


class ConfigError(Exception):
    """A configuration the command refuses: its message is one line for the user."""


class Settings(Record):
    """The options in force: defaults, then configuration files, then the command line."""

    __slots__ = FIELDS = ("keras_version", "select", "ignore", "extend_select", "extend_ignore",
                          "exclude", "extend_exclude", "output_format", "sources")

    def __init__(self, keras_version: str = "auto", select: Optional[Tuple[str, ...]] = None,
                 ignore: Optional[Tuple[str, ...]] = None, extend_select: Tuple[str, ...] = (),
                 extend_ignore: Tuple[str, ...] = (), exclude: Optional[Tuple[str, ...]] = None,
                 extend_exclude: Tuple[str, ...] = (), output_format: str = "text",
                 sources: Tuple[str, ...] = ()):
        self.keras_version = keras_version
        self.select = select
        self.ignore = ignore
        self.extend_select = extend_select
        self.extend_ignore = extend_ignore
        self.exclude = exclude              # None: the default (files.DEFAULT_EXCLUDE)
        self.extend_exclude = extend_exclude
        self.output_format = output_format
        self.sources = sources              # the files read, for --help's readers


def split_list(value: Any) -> List[str]:
    """A comma- or whitespace-separated string, or a TOML list of strings, as its items."""
    if isinstance(value, (list, tuple)):
        items = [str(item) for item in value]
    else:
        items = str(value).replace(",", " ").split()
    return [item.strip() for item in items if item.strip()]


def normalize_pattern(pattern: str, folder: str) -> str:
    """flake8's normalisation: a pattern with a separator (or ``.``) is made absolute."""
    if pattern == "." or os.sep in pattern or (os.altsep and os.altsep in pattern):
        pattern = os.path.abspath(os.path.join(folder, pattern))
    return pattern.rstrip(os.sep + (os.altsep or ""))


def folders_up(start: str) -> Iterator[str]:
    """``start`` and its parents, stopping before the home directory, as flake8 does."""
    home = os.path.expanduser("~")
    home = os.path.abspath(home) if home != "~" else None
    folder = os.path.abspath(start)
    while True:
        yield folder
        parent = os.path.dirname(folder)
        if parent == folder or (home is not None and parent == home):
            return
        folder = parent


def find_flake8_section(start: str) -> Optional[Tuple[str, Dict[str, str]]]:
    for folder in folders_up(start):
        names = project_files.listing(folder).names
        for name in FLAKE8_FILES:
            if name not in names:
                continue
            path = os.path.join(folder, name)
            parser = project_files.read_ini(path)
            if parser is not None and any(parser.has_section(s) for s in FLAKE8_SECTIONS):
                items = dict(parser.items("flake8")) if parser.has_section("flake8") else {}
                return path, items
    return None


def find_tool_table(start: str) -> Optional[Tuple[str, Dict[str, Any]]]:
    for folder in folders_up(start):
        if "pyproject.toml" not in project_files.listing(folder).names:
            continue
        path = os.path.join(folder, "pyproject.toml")
        tool = (project_files.read_toml(path) or {}).get("tool")
        table = tool.get(TOOL_TABLE) if isinstance(tool, dict) else None
        if isinstance(table, dict):
            return path, table
    return None


def flake8_values(path: str, items: Dict[str, str]) -> Dict[str, Any]:
    values = {}
    for key, value in items.items():
        key = key.replace("_", "-")
        if key in FLAKE8_KEYS:
            values[key] = value
    return values


def tool_values(path: str, table: Dict[str, Any]) -> Dict[str, Any]:
    values = {}
    for key, value in table.items():
        name = key.replace("_", "-")
        if name not in TOOL_KEYS:
            raise ConfigError(f"{path}: [tool.{TOOL_TABLE}]: unknown option {key!r} "
                              f"(known: {', '.join(TOOL_KEYS)})")
        values["lstm-keras-version" if name == "keras-version" else name] = value
    return values


def apply(settings: Settings, values: Dict[str, Any], folder: str, origin: str) -> Settings:
    """``settings`` with ``values`` (file keys or command-line options) set over them."""
    changes: Dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        attribute = key.replace("-", "_")
        if key == "lstm-keras-version":
            changes["keras_version"] = checked_version(str(value).strip(), origin)
        elif key == "output-format":
            changes[attribute] = checked_format(str(value).strip(), origin)
        elif key in CODE_LISTS:
            changes[attribute] = tuple(split_list(value))
        elif key in PATH_LISTS:
            changes[attribute] = tuple(normalize_pattern(p, folder) for p in split_list(value))
    return replace(settings, **changes)


def checked_version(value: str, origin: str) -> str:
    message = keras_version_error(value)
    if message:
        raise ConfigError(f"{message} (in {origin})" if origin else message)
    return value


def checked_format(value: str, origin: str) -> str:
    if value not in FORMATS:
        raise ConfigError(f"{origin}: output-format: invalid choice: {value!r} "
                          f"(choose from {', '.join(repr(f) for f in FORMATS)})")
    return value


def from_files(start: str) -> Settings:
    """The settings the configuration files found from ``start`` give; raises ConfigError."""
    settings, sources = Settings(), []
    found = find_flake8_section(start)
    if found:
        path, items = found
        settings = apply(settings, flake8_values(path, items), os.path.dirname(path), path)
        sources.append(path)
    found = find_tool_table(start)
    if found:
        path, table = found
        settings = apply(settings, tool_values(path, table), os.path.dirname(path), path)
        sources.append(path)
    return replace(settings, sources=tuple(sources))
