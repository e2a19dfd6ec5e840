"""``python -m flake8_lstm_shapes``: the same as the ``lstm-shapes`` script."""

import sys

from .cli import main

sys.exit(main())
