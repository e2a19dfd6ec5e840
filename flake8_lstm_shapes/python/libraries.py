"""The library models the interpreter consults, and in which order.

A call to a library name, a method of a value, an attribute of a value: each
is offered to these models in turn, and the first that knows the answer
gives it (None means "not mine").  Keras comes first (a Keras layer or model
is never a NumPy value), then NumPy with pandas, scikit-learn and tf.data
behind it, then Python's builtins.  This is the one place that order is
written; each entry has the signature its tuple's comment gives.
"""

from __future__ import annotations

from ..libs import arrays
from ..keras import calls as keras_calls
from .builtins import builtin


def builtin_call(interp, qualname, args, node):
    return builtin(interp.ctx, qualname, args, node)


# (interp, qualname, args, node) -> the call's value, or None
CALL_MODELS = (keras_calls.call, arrays.call, builtin_call)
# (interp, receiver, name, args, node) -> (result, the receiver's new value or None), or None
METHOD_MODELS = (keras_calls.method, arrays.method)
# (interp, base, attr, node) -> the attribute's value, or None
ATTRIBUTE_MODELS = (keras_calls.attribute, arrays.attribute)
