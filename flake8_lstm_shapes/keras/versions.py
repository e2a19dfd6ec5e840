"""Which Keras a file is written for: 2, 3, or unknown, and why.

The evidence, strongest first, read from what the project says and never by
importing or running anything:

1. a ``# lstm-keras-version: N`` comment near the top of the file;
2. the ``--lstm-keras-version`` option, when it is 2 or 3;
3. the project's declared dependencies (pins and ranges of ``keras``,
   ``tensorflow``, ``tf-keras``), for the Keras the file imports: the
   standalone ``keras`` package or the one inside TensorFlow;
4. the file's code (``version_markers``): Keras-2-only modules, names and
   arguments, or Keras-3-only API; an import of ``tf_keras`` is Keras 2
   whatever the project declares;
5. the installed distribution, from package metadata (never imported);
6. otherwise unknown: the rules then say only what holds in both versions.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from typing import List, Optional

from .version_markers import CodeMarkers, read_markers
from ..core.records import Record

# Compiled by ``re`` on first use: only a file that has the word pays for it.
DIRECTIVE_WORD = "lstm-keras-version"
DIRECTIVE = r"^\s*#\s*lstm-keras-version\s*[:=]\s*([23])\b"
DIRECTIVE_LINES = 20
TENSORFLOW_WITH_KERAS3 = (2, 16)    # tf.keras is Keras 3 from TensorFlow 2.16 on


class KerasVersion(Record):
    """The decision: ``major`` is 2, 3 or None (unknown); ``reason`` says why,
    briefly, for messages ("requirements.txt pins tensorflow==2.9.1")."""

    __slots__ = FIELDS = ("major", "reason")

    def __init__(self, major: Optional[int], reason: str):
        self.major = major
        self.reason = reason

    def note(self) -> str:
        """``(Keras 2: the file uses nb_epoch=)``, or "" when unknown."""
        return f"(Keras {self.major}: {self.reason})" if self.major is not None else ""


UNKNOWN = KerasVersion(None, "nothing in the file, the project or the installed packages says which")


def resolve(option: str, tree: ast.AST, lines: List[str], filename: str = "stdin") -> KerasVersion:
    pinned = file_directive(lines)
    if pinned is not None:
        return KerasVersion(pinned, "pinned by the file's lstm-keras-version comment")
    if option in ("2", "3"):
        return KerasVersion(int(option), "pinned by lstm-keras-version")
    markers = read_markers(tree, "".join(lines))
    if markers.tf_keras:
        return KerasVersion(2, markers.keras2 or "the file imports tf_keras")
    return (declared_version(filename, markers) or code_version(markers)
            or installed_version(markers) or UNKNOWN)


def file_directive(lines: List[str]) -> Optional[int]:
    for line in lines[:DIRECTIVE_LINES]:
        match = re.match(DIRECTIVE, line) if DIRECTIVE_WORD in line else None
        if match:
            return int(match.group(1))
    return None


def code_version(markers: CodeMarkers) -> Optional[KerasVersion]:
    major = markers.version()
    return KerasVersion(major, markers.reason()) if major is not None else None


def declared_version(filename: str, markers: CodeMarkers) -> Optional[KerasVersion]:
    """What the project's dependency files allow, for the Keras the file uses:
    ``import keras`` gets the standalone package, ``tf.keras`` TensorFlow's."""
    from ..core import project_files
    if not project_files.may_declare_keras(project_files.project_files(filename)):
        return None
    from .dependencies import declared_keras    # the requirement parser costs ~20 ms to import
    declared = declared_keras(filename)
    standalone = as_version(declared.standalone) \
        if markers.standalone or not markers.through_tensorflow else None
    through_tf = as_version(declared.tf_keras) if markers.through_tensorflow else None
    return agreed(standalone, through_tf)


def as_version(evidence) -> Optional[KerasVersion]:
    return KerasVersion(evidence.major, evidence.reason) if evidence is not None else None


def agreed(first: Optional[KerasVersion], second: Optional[KerasVersion]) -> Optional[KerasVersion]:
    """One answer from two readings (the file may import both Kerases): the
    one that is known, or the common one; None when they disagree."""
    if first is None or second is None:
        return first or second
    return first if first.major == second.major else None


# -- the installed distribution ----------------------------------------------------------------

def installed_version(markers: CodeMarkers) -> Optional[KerasVersion]:
    """The standalone ``keras`` for ``import keras``; TensorFlow's version for
    ``tf.keras`` (its bundled Keras 2 before 2.16, Keras 3 from 2.16 unless
    ``tf_keras`` is installed too, when an environment variable decides)."""
    standalone = installed_standalone() if markers.standalone or not markers.through_tensorflow \
        else None
    through_tf = installed_through_tensorflow() if markers.through_tensorflow else None
    return agreed(standalone, through_tf)


def installed_standalone() -> Optional[KerasVersion]:
    keras = distribution_version("keras")
    if keras is not None:
        major = version_tuple(keras)[:1]
        return KerasVersion(major[0], f"the installed keras is {short(keras)}") if major and \
            major[0] in (2, 3) else None
    tensorflow = distribution_version("tensorflow")
    if tensorflow is not None and version_tuple(tensorflow)[:2] and \
            version_tuple(tensorflow)[:2] < TENSORFLOW_WITH_KERAS3:
        return KerasVersion(2, f"the installed tensorflow is {short(tensorflow)}")
    return None


def installed_through_tensorflow() -> Optional[KerasVersion]:
    tensorflow = distribution_version("tensorflow")
    parts = version_tuple(tensorflow) if tensorflow is not None else ()
    if len(parts) < 2:
        return None
    reason = f"the installed tensorflow is {short(tensorflow)}"
    if parts[:2] < TENSORFLOW_WITH_KERAS3:
        return KerasVersion(2, reason)
    if distribution_version("tf-keras") is not None or distribution_version("tf_keras") is not None:
        return None     # TF_USE_LEGACY_KERAS picks tf_keras or Keras 3 at run time
    return KerasVersion(3, reason)


def installed_distribution_version(name: str) -> Optional[str]:
    """The installed version of the distribution ``name``, from its metadata
    file, or None.  The file is read as text for its ``Version:`` header:
    ``metadata.version`` would parse it with the ``email`` package, whose
    import costs every lint-on-save more than the rest of this lookup."""
    from importlib import metadata
    try:
        found = metadata.distribution(name)
        text = found.read_text("METADATA") or found.read_text("PKG-INFO") or ""
    except Exception:  # absent, or a broken installation: it says nothing
        return None
    return metadata_version(text)


distribution_version = lru_cache(maxsize=None)(installed_distribution_version)


def metadata_version(text: str) -> Optional[str]:
    """The ``Version:`` header of a core metadata file (its headers end at the first blank line)."""
    for line in text.splitlines():
        if not line.strip():
            break
        if line.startswith("Version:"):
            return line[len("Version:"):].strip() or None
    return None


def version_tuple(version: str) -> tuple:
    """The leading numbers of a version string: ``2.9.1rc0`` -> (2, 9, 1)."""
    numbers = []
    for part in version.split("."):
        match = re.match(r"\d+", part)
        if match is None:
            break
        numbers.append(int(match.group()))
        if match.end() != len(part):
            break
    return tuple(numbers)


def short(version: str) -> str:
    """``3.15.1`` -> ``3.15``: enough to say which."""
    return ".".join(version.split(".")[:2])


def major(version: str) -> Optional[int]:
    parts = version_tuple(version)
    return parts[0] if parts else None
