"""What an import of a module that may be the user's own binds: a ``ProjectRef``.

The import statements bind these on every file; only resolving one needs the
project resolver (``modules``), which is loaded the first time a name is
resolved.  So a file that imports nothing of its own never loads it.
"""

from __future__ import annotations

from ..core.values import Value

# Top-level packages that are never the user's own: their names stay unknown
# (Keras, NumPy, pandas and scikit-learn are modelled from the imports as written).
LIBRARIES = frozenset({
    "keras", "keras_core", "tensorflow", "tf_keras", "numpy", "pandas", "sklearn", "scipy", "matplotlib",
    "seaborn", "torch", "jax", "os", "sys", "math", "random", "json", "re", "time", "datetime",
    "collections", "itertools", "functools", "pathlib", "typing", "logging", "argparse",
    "pickle", "csv", "glob", "shutil", "subprocess", "warnings", "statsmodels", "plotly",
    "tqdm", "requests", "PIL", "cv2", "h5py", "yaml", "io", "string", "copy", "abc",
})


class ProjectRef(Value):
    """``from <module> import <name>`` of a module that may be the user's own."""

    __slots__ = FIELDS = ("module", "name", "level")

    def __init__(self, module: str, name: str, level: int):
        self.module = module
        self.name = name
        self.level = level


def is_library(module: str) -> bool:
    return module.split(".", 1)[0] in LIBRARIES
