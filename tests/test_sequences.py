"""``keras.utils.Sequence`` / ``keras.utils.PyDataset`` subclasses given to a
data call: Keras takes their first batch, ``__getitem__(0)``, and reads it as
a generator's batch, so the data rules judge that batch's arrays.  Whatever
cannot be followed (no ``__getitem__``, batches loaded from files, a class
that is not Keras's ``Sequence``) says nothing.
"""

from __future__ import annotations

import ast
import textwrap

import pytest

from flake8_lstm_shapes.analysis import analyze, interpret
from flake8_lstm_shapes.core.context import Context
from flake8_lstm_shapes.python import classes

# A Sequence of slices of X and y; ``{base}`` is its base class as written.
SLICES = """\
class Slices({base}):
    def __init__(self, x, y, batch_size):
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return len(self.x) // self.batch_size

    def __getitem__(self, idx):
        start = idx * self.batch_size
        return self.x[start:start + self.batch_size], self.y[start:start + self.batch_size]
"""

MODEL = """\
model = keras.Sequential([keras.Input(shape=(10, 3)), keras.layers.LSTM(8), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
"""


def program(body: str, imports: str = "import keras\n", base: str = "keras.utils.Sequence") -> str:
    return "import numpy as np\n" + imports + SLICES.format(base=base) + MODEL + textwrap.dedent(body)


def codes_on(text: str, marker: str = "# here", version: str = "3"):
    """The codes reported on the line that carries ``marker``."""
    lines = text.splitlines()
    ctx = analyze(ast.parse(text), text.splitlines(keepends=True), keras_version=version)
    return sorted(f.code for f in ctx.sorted_findings() if marker in lines[f.line - 1])


FLAT_FIT = """\
X = np.random.rand(40, 30)
y = np.random.rand(40, 1)
model.fit(Slices(X, y, 8), epochs=1)  # here
"""


@pytest.mark.parametrize("imports, base", [
    ("import keras\n", "keras.utils.Sequence"),
    ("import keras\n", "keras.utils.PyDataset"),
    ("import keras\nfrom keras.utils import Sequence\n", "Sequence"),
    ("import keras\nimport tensorflow as tf\n", "tf.keras.utils.Sequence"),
    ("import keras\nfrom tensorflow.keras.utils import Sequence\n", "Sequence"),
    ("import keras\nfrom keras.utils.data_utils import Sequence\n", "Sequence"),
    ("import keras\nimport tf_keras\n", "tf_keras.utils.Sequence"),
])
def test_the_first_batch_of_a_sequence_meets_the_model(imports, base):
    assert codes_on(program(FLAT_FIT, imports, base)) == ["LST202"]


@pytest.mark.parametrize("imports, base", [
    ("import keras\nfrom typing import Sequence\n", "Sequence"),
    ("import keras\nimport collections.abc\n", "collections.abc.Sequence"),
    ("import keras\n", "object"),
])
def test_a_class_that_is_not_kerass_sequence_says_nothing(imports, base):
    assert codes_on(program(FLAT_FIT, imports, base)) == []


def test_batches_that_fit_say_nothing_in_fit_evaluate_and_predict():
    text = program("""\
    X = np.random.rand(40, 10, 3)
    y = np.random.rand(40, 1)
    data = Slices(X, y, 8)
    model.fit(data, epochs=1)  # here
    model.evaluate(data)  # here
    model.predict(data)  # here
    """)
    assert codes_on(text) == []


def test_the_targets_of_the_batch_meet_the_output():
    assert codes_on(program("""\
    X = np.random.rand(40, 10, 3)
    y = np.random.rand(40, 4)
    model.fit(Slices(X, y, 8))  # here
    """)) == ["LST403"]


def test_predict_reads_x_of_the_batch_and_its_result_has_the_models_output():
    text = program("""\
    X = np.random.rand(40, 30)
    model.predict(Slices(X, X, 8))  # here
    """)
    assert codes_on(text) == ["LST202"]


def test_a_list_returned_is_read_as_the_tuple_x_y():
    text = "import numpy as np\nimport keras\n" + MODEL + textwrap.dedent("""\
    class Pairs(keras.utils.PyDataset):
        def __init__(self, x, y, **kwargs):
            super().__init__(**kwargs)
            self.x, self.y = x, y

        def __len__(self):
            return 4

        def __getitem__(self, idx):
            return [self.x[idx * 10:(idx + 1) * 10], self.y[idx * 10:(idx + 1) * 10]]


    model.fit(Pairs(np.random.rand(40, 10, 3), np.random.rand(40, 2)))  # here
    """)
    assert codes_on(text) == ["LST403"]


def test_a_batch_with_sample_weights_keeps_x_and_y():
    text = "import numpy as np\nimport keras\n" + MODEL + textwrap.dedent("""\
    class Weighted(keras.utils.Sequence):
        def __init__(self, x, y):
            self.x, self.y = x, y

        def __len__(self):
            return 2

        def __getitem__(self, idx):
            x, y = self.x[idx * 5:(idx + 1) * 5], self.y[idx * 5:(idx + 1) * 5]
            return x, y, np.ones(len(x))


    model.fit(Weighted(np.random.rand(10, 30), np.random.rand(10, 1)))  # here
    """)
    assert codes_on(text) == ["LST202"]


def test_a_subclass_of_the_users_sequence_inherits_its_batches():
    assert codes_on(program("""\
    class Shuffled(Slices):
        def on_epoch_end(self):
            pass


    model.fit(Shuffled(np.random.rand(40, 30), np.random.rand(40, 1), 8))  # here
    """)) == ["LST202"]


def test_batches_loaded_from_files_say_nothing():
    text = "import numpy as np\nimport keras\n" + MODEL + textwrap.dedent("""\
    class Files(keras.utils.Sequence):
        def __init__(self, paths, y, batch_size):
            self.paths, self.y, self.batch_size = paths, y, batch_size

        def __len__(self):
            return len(self.paths) // self.batch_size

        def __getitem__(self, idx):
            names = self.paths[idx * self.batch_size:(idx + 1) * self.batch_size]
            return np.array([np.load(n) for n in names]), self.y[:self.batch_size]


    model.fit(Files(sorted(__import__("glob").glob("*.npy")), np.random.rand(40, 1), 8))  # here
    """)
    assert codes_on(text) == []


def test_a_sequence_without_getitem_says_nothing():
    text = "import numpy as np\nimport keras\n" + MODEL + textwrap.dedent("""\
    class Empty(keras.utils.Sequence):
        def __len__(self):
            return 0


    model.fit(Empty())  # here
    """)
    assert codes_on(text) == []


def test_a_sequence_built_in_a_function_and_given_to_a_subclassed_model():
    text = "import numpy as np\nimport keras\n" + SLICES.format(base="keras.utils.Sequence") + \
        textwrap.dedent("""\
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.first = keras.layers.LSTM(8)  # here
            self.second = keras.layers.LSTM(4)

        def call(self, inputs):
            return self.second(self.first(inputs))


    def train():
        model = Net()
        model.compile(optimizer="adam", loss="mse")
        model.fit(Slices(np.random.rand(40, 10, 3), np.random.rand(40, 4), 8))


    train()
    """)
    assert codes_on(text) == ["LST401"]


def test_a_batch_past_its_budget_is_unknown_and_the_rest_is_still_checked(monkeypatch):
    monkeypatch.setattr(classes, "SEQUENCE_BATCH_BUDGET", 5)
    text = program(FLAT_FIT) + \
        'late = keras.Sequential([keras.layers.LSTM(8, input_shape=(10,))])  # late\n'
    assert codes_on(text) == []
    assert codes_on(text, "# late") == ["LST101"]


def steps_used(text: str) -> int:
    ctx = Context(lines=text.splitlines(keepends=True), filename="t.py")
    interpret(ctx, ast.parse(text), "3")
    return ctx.budget.used


def test_running_the_batch_counts_in_the_files_budget():
    with_sequence = program(FLAT_FIT)
    with_arrays = with_sequence.replace("model.fit(Slices(X, y, 8), epochs=1)", "model.fit(X, y, epochs=1)")
    assert with_arrays != with_sequence
    assert steps_used(with_sequence) > steps_used(with_arrays)
