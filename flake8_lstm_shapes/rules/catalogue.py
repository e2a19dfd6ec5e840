"""The catalogue: every code, the rules module that reports it, and what it says.

The codes are a contract with users (they write them in ``# noqa`` comments
and config files): never renumber or reuse one.  Each code belongs to one
family, the module of ``rules`` that reports it; README's table of codes
lists the same codes, in the same order, with the same titles (a test holds
them together).

A rule's ``template`` is the shape of its message, one line with the parts
that vary in braces; the findings themselves are written by the rules, from
what the model layer announced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Tuple

FAMILIES = ("declared", "data", "batch", "stack", "targets")


@dataclass(frozen=True)
class Rule:
    code: str
    family: str       # the module of ``rules`` that reports the code
    title: str        # what the code finds: README's table, word for word
    template: str     # the message, with {placeholders} for what varies

    @property
    def anchor(self) -> str:
        """The code's section in README (``#lst101``), as GitHub names it."""
        return "#" + self.code.lower()


RULES: Tuple[Rule, ...] = (
    Rule("LST101", "declared",
         "per-sample input shape of a recurrent layer with too few dimensions (features missing)",
         "{layer} ({where}) needs a per-sample shape of {axes}, but {declaration} gives it {shape}: "
         "the features axis is missing; {fix}"),
    Rule("LST102", "declared",
         "per-sample input shape with the samples (batch) axis included (`input_shape=X.shape`)",
         "{layer} ({where}) needs a per-sample shape of {axes}, but {declaration} has {rank} "
         "dimensions {shape}: the samples (batch) axis is included; {fix}"),
    Rule("LST103", "declared",
         "an impossible value in a declared shape or in `units` (float, negative, zero, `None` features, "
         "a NumPy integer Keras refuses)",
         "{declaration} on {layer} ({where}) has {value} as its {axis}: {consequence}; {fix}"),
    Rule("LST104", "declared",
         "an input declaration Keras ignores that disagrees with what the layer really receives",
         "{declaration} on {layer} ({where}) is ignored: the layer receives {received} from {source}, "
         "not {declared}; remove it or make it {per_sample}"),
    Rule("LST201", "data",
         "a `reshape` that cannot keep the element count, two `-1`s, a float dimension",
         "reshape of {array} to {target} cannot work: {array} is {shape} ({origin}); {problem}; {fix}"),
    Rule("LST202", "data",
         "data whose rank does not fit the model's input, after Keras's own adjustment",
         "model expects {expected} ({declaration} on {line}) but {array} is {shape} ({origin}); {fix}"),
    Rule("LST203", "data",
         "data whose timesteps/features disagree with the declared input (swapped, sample count as "
         "timesteps)",
         "model expects {expected} ({declaration} on {line}) but {array} is {shape} ({origin}): "
         "{problem}; {fix}"),
    Rule("LST204", "data",
         "`X.shape[i]` out of range (`X.shape[2]` on a 2-D X)",
         "{array}.shape[{index}] is out of range: {array} is {rank}-D {shape} ({origin}), so Python "
         "raises IndexError; reshape it to {needed}-D first or index an axis it has"),
    Rule("LST205", "data",
         "`x` and `y` with different sample counts",
         "x and y have different sample counts: {x} is {x_shape} ({x_origin}), {y} is {y_shape} "
         "({y_origin}); Keras raises 'Data cardinality is ambiguous'"),
    Rule("LST206", "data",
         "one sample given to `predict` without its batch axis (silently wrong with one feature)",
         "model expects {expected} ({declaration} on {line}) but {array} is {shape} ({origin}): one "
         "sample without its batch axis; {effect}; pass {fix}"),
    Rule("LST207", "data",
         "a dict of data without the key of one of the model's named inputs",
         "{dict} has keys {keys}, but {model} ({where}) takes the {inputs}: Keras raises "
         "'Missing data for input \"{missing}\"'; give an array for {missing_keys}, keyed by its "
         "Input's name"),
    Rule("LST301", "batch",
         "a stateful model's fixed batch against the batch `fit`/`predict` really use",
         "{layer} ({where}) is stateful with a batch fixed at {batch} by {declaration}, but {method} "
         "gets {batches} ({detail}); every batch must have {batch} samples: {fix}"),
    Rule("LST302", "batch",
         "a stateful layer without a fixed batch, or a sample count that is not a multiple of it",
         "{layer} ({where}) is stateful=True, so its batch size must be fixed, but it gets {shape} "
         "from {source} (any batch): Keras raises when it is built; declare the batch with {fix}"),
    Rule("LST303", "declared",
         "a Keras-2-only argument where Keras 3 is established (`batch_input_shape=`, ...)",
         "{argument}= on {layer} ({where}) is Keras 2 only: Keras 3 raises 'Unrecognized keyword "
         "arguments passed to {layer}'; {fix}, or set lstm-keras-version = 2 if this code targets "
         "Keras 2 ({evidence})"),
    Rule("LST401", "stack",
         "a recurrent layer fed by a recurrent layer without `return_sequences=True`",
         "{layer} ({where}) gets {shape} from {producer} ({producer_where}), which returns only its "
         "last output; add return_sequences=True on {producer_where}"),
    Rule("LST402", "stack",
         "any other layer that receives the wrong rank, or a size it cannot take",
         "{layer} ({where}) needs {expected} but gets {shape} from {source} ({problem}); {fix}"),
    Rule("LST403", "targets",
         "the model's output against the target `y` (units, rank, `return_sequences` left on)",
         "the model's output of {layer} ({where}) is {output}, but {y} is {target} ({origin}): "
         "{effect}; {fix}"),
    Rule("LST404", "targets",
         "the loss against the target's encoding (integer labels vs one-hot, classes vs units)",
         "{loss} needs {encoding}, but {y} is {target} ({origin}): {problem}; {fix}"),
    Rule("LST405", "stack",
         "a layer's initial weights in a shape the layer does not make "
         "(`Embedding(..., weights=[matrix])`)",
         "{layer} ({where}) makes a {made} table (input_dim, output_dim), but {weights} is {shape} "
         "({origin}): Keras raises 'weight shape {made} is not compatible with provided weight shape "
         "{shape}'; {fix}"),
)

CATALOGUE: Dict[str, Rule] = {rule.code: rule for rule in RULES}
