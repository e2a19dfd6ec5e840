"""The rules: what is a finding, decided from what the model layer announces.

Five families, one module each (``catalogue`` says which code belongs where):

* ``declared``: LST101-LST104 and LST303, the declared input of a layer;
* ``data``: LST201-LST207, the arrays given to a model;
* ``batch``: LST301-LST302, stateful models' fixed batch size;
* ``stack``: LST401, LST402 and LST405, shapes through the layer stack and given weights;
* ``targets``: LST403-LST404, the model's output against the target and the loss.

``checks`` is the listener ``analysis`` installs on ``ctx.events``; nothing
below ``analysis`` imports this package.  The package itself imports none of
its modules, and ``checks`` reaches each family as an attribute of the
package, loaded the first time an event needs it (``__getattr__`` below): a
file whose model never meets data never imports the data, batch and target
rules.  The catalogue is loaded only where it is read.
"""

from ..core import stage

FAMILIES = ("declared", "data", "batch", "stack", "targets")


def __getattr__(name: str):
    """``rules.data``: the family module, imported on first use (PEP 562)."""
    if name in FAMILIES:
        return stage(f"rules.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
