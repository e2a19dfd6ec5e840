"""The rule catalogue: every code, what it finds, and the modules that check it.

The codes are a contract with users (they write them in ``# noqa`` comments
and config files): never renumber or reuse one.

* ``declared``: LST101-LST104 and LST303, the declared input of a layer;
* ``data``: LST201-LST206, the arrays given to a model;
* ``batch``: LST301-LST302, stateful models' fixed batch size;
* ``stack``: LST401-LST405, shapes through the layer stack, the target and given weights.
"""

CATALOGUE = {
    "LST101": "per-sample input shape of a recurrent layer with too few dimensions",
    "LST102": "per-sample input shape with the samples (batch) axis included",
    "LST103": "an impossible value in a declared shape or a layer's size",
    "LST104": "an input declaration Keras ignores that disagrees with what the layer receives",
    "LST201": "a reshape that cannot keep the element count",
    "LST202": "data whose rank does not fit the model's input",
    "LST203": "data whose timesteps or features disagree with the declared input",
    "LST204": "a shape index out of range",
    "LST205": "x and y with different sample counts",
    "LST206": "one sample given to predict without its batch axis",
    "LST301": "a stateful model's fixed batch against the batch really used",
    "LST302": "a stateful layer without a fixed batch, or samples not a multiple of it",
    "LST303": "a Keras-2-only layer argument where Keras 3 is targeted",
    "LST401": "a recurrent layer fed by a recurrent layer without return_sequences=True",
    "LST402": "a layer whose propagated input has the wrong rank or size",
    "LST403": "the model's output against the target",
    "LST404": "the loss against the target's encoding",
    "LST405": "a layer's initial weights in a shape the layer does not make",
}
