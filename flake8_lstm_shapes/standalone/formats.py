"""The output formats of ``lstm-shapes check``: text, json, sarif, github.

Each renders a list of ``Located`` findings and returns the text to print.

- ``text``: flake8's default, ``path:row:col: CODE message``; a finding in a
  notebook is ``nb.ipynb:cell 3:2:11: CODE message`` (cell 3, its line 2).
- ``json``: a list of objects: ``filename``, ``line``, ``column``, ``code``,
  ``message``, ``end_line``/``end_column`` when known, ``cell``/``cell_line``
  for a notebook.
- ``sarif``: SARIF 2.1.0, one run, one rule per code of the catalogue (its
  title as the short description, and its README section as the help URI
  when the package metadata names the project's URL).
- ``github``: one ``::error`` workflow command per finding, which GitHub
  Actions shows as an annotation on the line.
"""

from __future__ import annotations

import json
import os
import pathlib
import urllib.parse
from typing import Any, Callable, Dict, List, Optional, Sequence

from .. import __version__
from ..core.records import Record

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "flake8-lstm-shapes"
URL_LABELS = ("homepage", "home", "repository", "source", "source code", "documentation")


class Located(Record):
    """One finding and where it is: 1-based line and column, as flake8 prints them."""

    __slots__ = FIELDS = ("path", "line", "column", "code", "message", "end_line", "end_column",
                          "cell", "cell_line", "cell_column")

    def __init__(self, path: str, line: int, column: int, code: str, message: str,
                 end_line: Optional[int] = None, end_column: Optional[int] = None,
                 cell: Optional[int] = None, cell_line: Optional[int] = None,
                 cell_column: Optional[int] = None):
        self.path = path
        self.line = line
        self.column = column
        self.code = code
        self.message = message
        self.end_line = end_line
        self.end_column = end_column
        self.cell = cell                # a notebook's code cell, 1-based
        self.cell_line = cell_line      # the line within that cell, 1-based
        self.cell_column = cell_column  # the column in that line, 1-based (line, column: the JSON file's)

    def sort_key(self):
        return (self.line, self.column, self.code)


def text(findings: Sequence[Located]) -> str:
    return "".join(text_line(finding) + "\n" for finding in findings)


def text_line(finding: Located) -> str:
    if finding.cell is not None:
        where = f"{finding.path}:cell {finding.cell}:{finding.cell_line}:{finding.cell_column}"
    else:
        where = f"{finding.path}:{finding.line}:{finding.column}"
    return f"{where}: {finding.code} {finding.message}"


def as_json(findings: Sequence[Located]) -> str:
    return json.dumps([json_object(finding) for finding in findings], indent=2) + "\n"


def json_object(finding: Located) -> Dict[str, Any]:
    entry: Dict[str, Any] = {"filename": finding.path, "line": finding.line,
                             "column": finding.column, "code": finding.code,
                             "message": finding.message}
    for key in ("end_line", "end_column", "cell", "cell_line", "cell_column"):
        value = getattr(finding, key)
        if value is not None:
            entry[key] = value
    return entry


# -- SARIF ---------------------------------------------------------------------------------
def project_url() -> Optional[str]:
    """The project's URL from the installed package metadata (never a guess), or None."""
    try:
        from importlib import metadata
        meta = metadata.metadata(TOOL_NAME)
    except Exception:  # not installed, or metadata unreadable: no URL to give
        return None
    for entry in meta.get_all("Project-URL") or ():
        label, _, url = entry.partition(",")
        if label.strip().lower() in URL_LABELS and url.strip():
            return url.strip()
    home = meta.get("Home-page")
    return home.strip() if home and home.strip() not in ("", "UNKNOWN") else None


def sarif_rules(url: Optional[str]) -> List[Dict[str, Any]]:
    from ..rules.catalogue import RULES     # only SARIF describes the codes: not on every run
    rules = []
    for rule in RULES:
        entry: Dict[str, Any] = {"id": rule.code, "shortDescription": {"text": rule.title},
                                 "defaultConfiguration": {"level": "error"}}
        if url:
            entry["helpUri"] = url.split("#")[0] + rule.anchor
        rules.append(entry)
    return rules


def artifact_uri(path: str) -> str:
    """A relative path as a relative URI reference (``/`` separated), an absolute one as file:."""
    if os.path.isabs(path):
        return pathlib.Path(path).as_uri()
    return urllib.parse.quote(pathlib.PurePath(os.path.normpath(path)).as_posix())


def sarif_result(finding: Located, index: Dict[str, int]) -> Dict[str, Any]:
    region: Dict[str, Any] = {"startLine": finding.line, "startColumn": finding.column}
    if finding.end_line is not None:
        region["endLine"] = finding.end_line
    if finding.end_column is not None:
        region["endColumn"] = finding.end_column
    result: Dict[str, Any] = {
        "ruleId": finding.code, "level": "error", "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(finding.path)},
                                            "region": region}}],
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    if finding.cell is not None:
        result["properties"] = {"cell": finding.cell, "cellLine": finding.cell_line,
                                "cellColumn": finding.cell_column}
    return result


def sarif(findings: Sequence[Located], url: Optional[str] = None) -> str:
    url = url if url is not None else project_url()
    rules = sarif_rules(url)
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    driver: Dict[str, Any] = {"name": TOOL_NAME, "version": __version__, "rules": rules}
    if url:
        driver["informationUri"] = url.split("#")[0]
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION,
           "runs": [{"tool": {"driver": driver},
                     "results": [sarif_result(finding, index) for finding in findings]}]}
    return json.dumps(log, indent=2) + "\n"


# -- GitHub workflow commands ----------------------------------------------------------------
def escape_data(value: str) -> str:
    """A workflow command's message: ``%``, CR and LF are percent-encoded."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A property value: as a message, and ``:`` and ``,`` too (they delimit properties)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_line(finding: Located) -> str:
    properties = [("file", finding.path), ("line", finding.line), ("col", finding.column)]
    if finding.end_line is not None:
        properties.append(("endLine", finding.end_line))
    if finding.end_column is not None:
        properties.append(("endColumn", finding.end_column))
    properties.append(("title", finding.code))
    written = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties)
    return f"::error {written}::{escape_data(finding.message)}"


def github(findings: Sequence[Located]) -> str:
    return "".join(github_line(finding) + "\n" for finding in findings)


RENDERERS: Dict[str, Callable[[Sequence[Located]], str]] = {
    "text": text, "json": as_json, "sarif": sarif, "github": github,
}
