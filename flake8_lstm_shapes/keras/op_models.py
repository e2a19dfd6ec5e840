"""The models of the tensor operations, imported on first use.

``op_names`` tells an op from its name; the rules of ``tensor_ops`` cost an
import that a file calling no op never pays.  This is the one place they are
imported from, for the Keras calls and for the bodies of ``Lambda`` layers.
"""


def models():
    """The ``tensor_ops`` module, imported the first time an op is modelled."""
    from . import tensor_ops
    return tensor_ops
