"""``python -m flake8_lstm_shapes``: the same as the ``lstm-shapes`` script.

``python -m`` puts the working directory first on ``sys.path``: the linted
project's folder would shadow the stdlib modules imported while linting (a
local ``email/`` package runs when ``importlib.metadata`` imports
``email.message``).  This package is already imported, and its own modules
are found through it, so that entry is taken off before anything else.
"""

import os
import sys


def drop_working_directory(path: list) -> None:
    if path and path[0] in ("", os.getcwd()):
        del path[0]


drop_working_directory(sys.path)

from .cli import main  # noqa: E402  (after the path is safe)

sys.exit(main())
