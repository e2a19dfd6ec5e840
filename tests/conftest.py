"""Every test lints as a pre-commit hook does: with no Keras installed.

The installed distribution is the weakest evidence of the Keras version
(``versions.resolve``); a test machine that happens to have Keras or
TensorFlow must not change what the fixtures expect.  In this process the
probe is replaced; subprocesses get the same through ``NO_KERAS_ENV``
(see ``support/no_keras_installed/sitecustomize.py``).
"""

from __future__ import annotations

import pytest

from flake8_lstm_shapes.keras import versions


def nothing_installed(name: str):
    return None


@pytest.fixture(autouse=True, scope="session")
def no_keras_installed():
    """Session-wide, so module-scoped fixtures that lint (``by_stdin``) see it too:
    pytest sets up wider-scoped fixtures before function-scoped ones."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(versions, "distribution_version", nothing_installed)
        yield
