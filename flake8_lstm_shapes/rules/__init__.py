"""The rule catalogue: every code, what it finds, and the modules that check it.

The codes are a contract with users (they write them in ``# noqa`` comments
and config files): never renumber or reuse one.

* ``declared``: LST101-LST104 and LST303, the declared input of a layer;
* ``data``: LST201-LST206, the arrays given to a model;
* ``batch``: LST301-LST302, stateful models' fixed batch size;
* ``stack``: LST401-LST404, shapes through the layer stack and the target.
"""

CATALOGUE = {
    "LST101": "per-sample input shape of a recurrent layer with 1 dimension: features missing",
    "LST102": "per-sample input shape with the batch (samples) dimension included",
    "LST103": "an impossible value in a declared shape or a layer's size",
    "LST104": "an input declaration Keras ignores that disagrees with what the layer receives",
    "LST303": "a Keras-2-only layer argument where Keras 3 is targeted",
    "LST401": "a recurrent layer fed by a recurrent layer without return_sequences=True",
    "LST402": "a layer whose propagated input has the wrong rank or size",
}
