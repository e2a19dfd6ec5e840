"""What every stage shares: values, shapes, the context that holds findings.

``stage`` is how a stage is loaded on first use.  An editor runs a new
flake8 process on every save, so a module the linted file does not need is
not imported: the registries that name what each module models (the layer
families in ``keras.layers.names``, the library models in ``libs.lazy``,
the rule families in ``rules``, the models of the user's own Keras classes
and of tensor operations in ``keras.calls`` and ``keras.op_names``) ask here
for the module the first time one of its names is used.
"""

from __future__ import annotations

import sys
from types import ModuleType

PACKAGE = __name__.rsplit(".", 1)[0]


def stage(path: str) -> ModuleType:
    """``flake8_lstm_shapes.<path>`` (``"keras.subclassed"``), imported the first time it is asked for."""
    qualified = f"{PACKAGE}.{path}"
    module = sys.modules.get(qualified)
    if module is None:
        # The import statement's own way in, not importlib.import_module: only
        # that one is timed by ``python -X importtime``, which the start-up
        # benchmark sums per stage.
        __import__(qualified)
        module = sys.modules[qualified]
    return module
