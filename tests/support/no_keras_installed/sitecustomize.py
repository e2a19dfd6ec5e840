"""Put on PYTHONPATH of a test's subprocess: the package metadata of Keras and
TensorFlow then reads as absent, as in a pre-commit hook's environment, so
what the fixtures expect does not depend on what the test machine has
installed.  (Python imports ``sitecustomize`` at start-up from the first
folder of ``sys.path`` that has one; PYTHONPATH comes before site-packages.)

Nothing of the linted code is imported either way: the plugin reads the
metadata, never the packages.
"""

import importlib.metadata as _metadata
import re as _re

HIDDEN = {"keras", "tensorflow", "tensorflow-cpu", "tensorflow-gpu", "tensorflow-macos",
          "tf-keras", "tf-nightly"}
_real_version = _metadata.version
_real_distribution = _metadata.distribution


def _normalized(name):
    return _re.sub(r"[-_.]+", "-", str(name)).lower()


def _version(name):
    if _normalized(name) in HIDDEN:
        raise _metadata.PackageNotFoundError(name)
    return _real_version(name)


def _distribution(name):
    if _normalized(name) in HIDDEN:
        raise _metadata.PackageNotFoundError(name)
    return _real_distribution(name)


_metadata.version = _version
_metadata.distribution = _distribution
