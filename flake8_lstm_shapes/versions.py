"""Which Keras a file is written for: 2 or 3.

In order: a ``# lstm-keras-version: N`` comment near the top of the file; the
``--lstm-keras-version`` option when it is 2 or 3; the file's imports
(``names.keras_version_hint``); the installed ``keras`` distribution, read
from package metadata and never imported (``tensorflow`` older than 2.16 when
``keras`` is absent means its bundled Keras 2); else Keras 3, the current
release.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from typing import List, Optional

from .names import imports_standalone_keras, keras_version_hint

DIRECTIVE = re.compile(r"^\s*#\s*lstm-keras-version\s*[:=]\s*([23])\b")
DIRECTIVE_LINES = 20


def resolve(option: str, tree: ast.AST, lines: List[str], text: str) -> int:
    pinned = file_directive(lines)
    if pinned is not None:
        return pinned
    if option in ("2", "3"):
        return int(option)
    hinted = keras_version_hint(tree, text)
    if hinted is not None:
        return hinted
    return installed_keras_major() or 3


def keras3_beyond_doubt(option: str, tree: ast.AST, lines: List[str]) -> bool:
    """Whether Keras 3 is the target for certain, not only by default.

    Pinned by the file's comment or the option, or Keras imported as the
    standalone package.  ``tf.keras`` was Keras 2 until TensorFlow 2.16, so
    most code written against it is Keras 2 code even where Keras 3 is
    installed now: what only Keras 3 refuses is not said of it.
    """
    pinned = file_directive(lines)
    if pinned is not None:
        return pinned == 3
    if option in ("2", "3"):
        return option == "3"
    return imports_standalone_keras(tree)


def file_directive(lines: List[str]) -> Optional[int]:
    for line in lines[:DIRECTIVE_LINES]:
        match = DIRECTIVE.match(line)
        if match:
            return int(match.group(1))
    return None


@lru_cache(maxsize=1)
def installed_keras_major() -> Optional[int]:
    from importlib import metadata
    try:
        return major(metadata.version("keras"))
    except metadata.PackageNotFoundError:
        pass
    except Exception:  # a broken installation says nothing
        return None
    try:
        tf = metadata.version("tensorflow")
    except Exception:
        return None
    parts = tf.split(".")
    try:
        if int(parts[0]) == 2 and int(parts[1]) < 16:
            return 2
    except (ValueError, IndexError):
        return None
    return None


def major(version: str) -> Optional[int]:
    try:
        return int(version.split(".", 1)[0])
    except ValueError:
        return None
