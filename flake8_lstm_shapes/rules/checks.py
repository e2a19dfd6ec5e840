"""The rules, as the listener of the model layer's events (``core.events``).

Each event goes to the family that judges it; this module decides nothing
itself and reports nothing.  ``analysis`` installs it on the linted file's
context.
"""

from __future__ import annotations

from ..core.events import Events
from . import data


class Checks(Events):
    def reshape_refused(self, ctx, node, array, array_node, dims, problem: str) -> None:
        data.report_reshape(ctx, node, array, array_node, dims, problem)

    def shape_index_out_of_range(self, ctx, node, array, name: str, index: int) -> None:
        data.report_shape_index(ctx, node, array, name, index)
