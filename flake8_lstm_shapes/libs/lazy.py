"""The library models loaded on first use: pandas, scikit-learn, tf.data,
Keras's data utilities and datasets, and OpenCV and PIL images.

An editor runs a new flake8 process on every save, and most Keras files call
none of these libraries: importing their models at every start would be paid
for nothing.  So ``libs.arrays`` imports none of them; it asks here which
module answers a call, a method or an attribute, and that module is imported
the first time it is needed.  What it asks needs no import:

* a call: ``CALLS`` says, from the full name alone, which table of which
  module could file it (``pandas.read_csv`` only pandas' model); that
  module's own table then says whether it models the name;
* a value: a DataFrame, a fitted scaler, a PIL image exists only once the
  module that makes it has run, so its class (or, for an ``Array``, its
  kind) names the one module that models its methods and attributes
  (``made_by``).  ``Batches`` is the exception: several stages make it, and
  tf.data's model answers for its methods (``RECEIVERS``).

Adding a library module is one ``CallTable`` line in ``CALLS`` per table of
names it files, one ``RECEIVERS`` line for a value whose methods it models,
and one ``KINDS`` entry for an array kind only it makes;
``tests/test_startup.py`` checks that every name a table files is reached
through ``CALLS``.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Callable, Dict, Optional, Tuple

from ..core import stage
from ..core.names import keras_object, keras_path

PACKAGE = __name__.rsplit(".", 1)[0]


def library(module: str) -> ModuleType:
    """``libs.<module>``, imported the first time it is asked for."""
    return stage(f"libs.{module}")


def loaded(module: str) -> Optional[ModuleType]:
    """``libs.<module>`` if something has needed it already, else None."""
    return sys.modules.get(f"{PACKAGE}.{module}")


# -- calls: which module could answer a full name --------------------------------------------

Claim = Callable[[str], Optional[str]]     # full name -> the name its table files it under


def under(*prefixes: str, last_only: bool = False) -> Claim:
    """A full name that starts with one of ``prefixes``: the rest of it (or
    only its last part), as the table files it."""
    def claim(qualname: str) -> Optional[str]:
        for prefix in prefixes:
            if qualname.startswith(prefix):
                rest = qualname[len(prefix):]
                return rest.rsplit(".", 1)[-1] if last_only else rest
        return None
    return claim


def prefixed(*prefixes: str) -> Claim:
    """A full name that starts with one of ``prefixes``: the full name."""
    def claim(qualname: str) -> Optional[str]:
        return qualname if qualname.startswith(prefixes) else None
    return claim


def one_of(*names: str) -> Claim:
    """One of these full names exactly."""
    def claim(qualname: str) -> Optional[str]:
        return qualname if qualname in names else None
    return claim


def keras_under(folder: str) -> Claim:
    """A name inside Keras's ``folder`` (``keras.datasets.mnist.load_data``,
    ``tf.keras.datasets...``): its path inside Keras."""
    def claim(qualname: str) -> Optional[str]:
        path = keras_path(qualname)
        return path if path and path.startswith(folder + ".") else None
    return claim


def keras_named(*names: str) -> Claim:
    """A Keras object of one of these names, in whichever Keras module
    (``keras.utils.to_categorical``, ``tf.keras.preprocessing.sequence.pad_sequences``)."""
    def claim(qualname: str) -> Optional[str]:
        name = keras_object(qualname)
        return name if name in names else None
    return claim


class CallTable:
    """The calls one table of a library module files, and how it files them."""

    __slots__ = ("module", "table", "claim")

    def __init__(self, module: str, table: str, claim: Claim):
        self.module = module    # in libs/
        self.table = table      # the module's dict from names to shape functions
        self.claim = claim

    def lookup(self, qualname: str) -> Tuple[Optional[Callable], Optional[str]]:
        name = self.claim(qualname)
        if name is None:
            return None, None
        return getattr(library(self.module), self.table).get(name), name


# Asked in this order; the first that models the name answers.
CALLS = (
    CallTable("keras_datasets", "LOADERS", keras_under("datasets")),
    CallTable("keras_data", "KERAS_CALLS", keras_named(
        "ImageDataGenerator", "TimeseriesGenerator", "array_to_img", "image_dataset_from_directory",
        "img_to_array", "load_img", "pad_sequences", "timeseries_dataset_from_array",
        "to_categorical")),
    CallTable("keras_data", "QUALIFIED_CALLS", one_of("tensorflow.one_hot", "keras.ops.one_hot")),
    CallTable("datasets", "DATASET_CALLS", prefixed("tensorflow.data.")),
    CallTable("images", "QUALIFIED_CALLS", prefixed("PIL.", "cv2.")),
    CallTable("keras_datasets", "READERS", prefixed("tensorflow.contrib.", "tensorflow.examples.")),
    CallTable("frames", "PANDAS_CALLS", under("pandas.")),
    CallTable("scikit", "SKLEARN_CALLS", under("sklearn.", last_only=True)),
)


def library_function(qualname: str) -> Tuple[Optional[Callable], Optional[str]]:
    """(shape function, the name it is filed under) of a call a library
    module models; (None, None) otherwise.  Imports only the modules whose
    names ``qualname`` could be."""
    for table in CALLS:
        function, name = table.lookup(qualname)
        if function is not None:
            return function, name
    return None, None


# -- values: the module that made a value ----------------------------------------------------

# A value's class name -> (module, its function for the value's methods).  The
# class is checked to be the module's own (``datasets`` imports ``Batches``).
RECEIVERS: Dict[str, Tuple[str, str]] = {
    "Batches": ("datasets", "method"),
    "ImageSource": ("keras_data", "image_source_method"),
    "Transformer": ("scikit", "transformer_method"),
    "Window": ("frames", "window_method"),
    "ReaderObject": ("keras_datasets", "reader_method"),
}

# An ``Array``'s kind -> the module that alone makes arrays of that kind.
KINDS: Dict[str, str] = {"dataframe": "frames", "series": "frames", "sparse": "scikit"}


def receiver_method(receiver: object) -> Optional[Callable]:
    """The function that models the methods of ``receiver``, or None."""
    cls = type(receiver)
    entry = RECEIVERS.get(cls.__name__)
    if entry is None:
        return None
    module = library(entry[0])
    return getattr(module, entry[1]) if getattr(module, cls.__name__, None) is cls else None


def made_by(value: object, module: str) -> Optional[ModuleType]:
    """``libs.<module>`` when ``value`` is of a class it defines or of an
    array kind only it makes, else None."""
    kind = getattr(value, "kind", None)
    if type(value).__module__ == f"{PACKAGE}.{module}" or \
            (isinstance(kind, str) and KINDS.get(kind) == module):
        return library(module)
    return None
