"""Keras's bundled datasets and TensorFlow 1's MNIST reader (libs/keras_datasets),
through the whole analysis: what ``fit`` receives after ``load_data()`` has the
shape the loader documents, the labels know their class count, and an
argument that changes a count makes it a symbol."""

from __future__ import annotations

import ast

import pytest

from flake8_lstm_shapes.analysis import analyze
from flake8_lstm_shapes.core.values import Array

HEADER = ["import numpy as np", "import keras", "import tensorflow as tf",
          "from keras.utils import to_categorical, pad_sequences",
          "model = keras.Sequential([keras.layers.Dense(1)])"]


def fed(*lines: str):
    """The x of every ``model.fit(...)`` in the program, in order."""
    text = "\n".join(HEADER + list(lines)) + "\n"
    ctx = analyze(ast.parse(text), text.splitlines(True))
    return [call[3] for call in ctx.data_calls]


def dims(value):
    """The known sizes of an array's shape, '?' for a symbolic one, None if no array."""
    if not isinstance(value, Array) or value.shape is None:
        return None
    return tuple(d.value if d.value is not None else "?" for d in value.shape)


def loaded(call: str, *more: str):
    """The four arrays of ``(a, b), (c, d) = call``, each as fit receives it."""
    return fed(f"(a, b), (c, d) = {call}", *more, *(f"model.fit({v})" for v in "abcd"))


# -- keras.datasets -----------------------------------------------------------------------

@pytest.mark.parametrize("call,expected", [
    ("keras.datasets.mnist.load_data()", [(60000, 28, 28), (60000,), (10000, 28, 28), (10000,)]),
    ("keras.datasets.fashion_mnist.load_data()",
     [(60000, 28, 28), (60000,), (10000, 28, 28), (10000,)]),
    ("keras.datasets.cifar10.load_data()",
     [(50000, 32, 32, 3), (50000, 1), (10000, 32, 32, 3), (10000, 1)]),
    ("keras.datasets.cifar100.load_data(label_mode='coarse')",
     [(50000, 32, 32, 3), (50000, 1), (10000, 32, 32, 3), (10000, 1)]),
    ("keras.datasets.imdb.load_data(num_words=10000)", [(25000,), (25000,), (25000,), (25000,)]),
    ("keras.datasets.reuters.load_data(num_words=10000)", [(8982,), (8982,), (2246,), (2246,)]),
    ("keras.datasets.boston_housing.load_data()", [(404, 13), (404,), (102, 13), (102,)]),
    ("keras.datasets.california_housing.load_data()",
     [(16512, 8), (16512,), (4128, 8), (4128,)]),
    ("keras.datasets.california_housing.load_data(version='small')",
     [(480, 8), (480,), (120, 8), (120,)]),
])
def test_each_loader_gives_its_documented_shapes(call, expected):
    assert [dims(v) for v in loaded(call)] == expected


@pytest.mark.parametrize("imports,call", [
    ("from keras.datasets import mnist", "mnist.load_data()"),
    ("from tensorflow.keras.datasets import mnist", "mnist.load_data()"),
    ("from keras.datasets.mnist import load_data", "load_data()"),
    ("from tensorflow.keras import datasets", "datasets.mnist.load_data()"),
    ("import tf_keras", "tf_keras.datasets.mnist.load_data()"),
    ("pass", "tf.keras.datasets.mnist.load_data()"),
])
def test_every_import_spelling_reaches_the_loader(imports, call):
    x, y = fed(imports, f"(a, b), (c, d) = {call}", "model.fit(a)", "model.fit(b)")
    assert dims(x) == (60000, 28, 28) and dims(y) == (60000,)


def test_images_are_uint8_and_labels_integers():
    x, y, _, _ = loaded("keras.datasets.cifar10.load_data()")
    assert x.dtype == "int" and y.dtype == "int"
    x, y, _, _ = loaded("keras.datasets.boston_housing.load_data()")
    assert x.dtype == "float" and y.dtype == "float"     # features and prices


@pytest.mark.parametrize("dataset,classes", [
    ("mnist", 10), ("fashion_mnist", 10), ("cifar10", 10), ("cifar100", 100), ("imdb", 2),
    ("reuters", 46),
])
def test_to_categorical_of_loaded_labels_has_the_datasets_classes(dataset, classes):
    """The labels' class count is the dataset's, as for literal labels; cifar's
    (N, 1) labels lose their trailing 1."""
    (one_hot,) = fed(f"(a, b), (c, d) = keras.datasets.{dataset}.load_data()",
                     "model.fit(to_categorical(b))")
    assert one_hot.one_hot.value == classes
    assert dims(one_hot)[1:] == (classes,)


def test_cifar100_label_mode_sets_the_classes():
    (coarse,) = fed("(a, b), _ = keras.datasets.cifar100.load_data('coarse')",
                    "model.fit(to_categorical(b))")
    assert coarse.one_hot.value == 20
    (unread,) = fed("mode = input()", "(a, b), _ = keras.datasets.cifar100.load_data(mode)",
                    "model.fit(to_categorical(b))")
    assert dims(unread) == (50000, "?")           # the labels' shape, but not their classes
    (refused,) = fed("(a, b), _ = keras.datasets.cifar100.load_data('medium')", "model.fit(a)")
    assert dims(refused) is None                  # Keras raises: nothing is said about it


def test_labels_derived_from_the_loaded_ones_do_not_keep_the_class_count():
    """A slice of the labels may miss some classes: to_categorical's width is
    then a symbol, never the dataset's count."""
    (one_hot,) = fed("(a, b), _ = keras.datasets.mnist.load_data()",
                     "model.fit(to_categorical(b[:100]))")
    assert dims(one_hot) == (100, "?")


def test_maxlen_drops_reviews_so_the_counts_become_symbols():
    x_train, y_train, x_test, _ = loaded("keras.datasets.imdb.load_data(num_words=5000, maxlen=100)")
    assert dims(x_train) == ("?",) and dims(x_test) == ("?",)
    assert x_train.shape[0] == y_train.shape[0]        # the same count for x and y
    assert x_train.shape[0] != x_test.shape[0]
    padded, = fed("(a, b), _ = keras.datasets.imdb.load_data(maxlen=None)",
                  "model.fit(pad_sequences(a, maxlen=80))")
    assert dims(padded) == (25000, 80)


@pytest.mark.parametrize("test_split", [0.1, 0.25, 0.3, 0])
def test_the_test_split_cuts_as_the_loaders_cut(test_split):
    """``int(total * (1 - test_split))`` training samples, the rest for test."""
    for dataset, total in (("reuters", 11228), ("boston_housing", 506)):
        x_train, _, x_test, _ = loaded(f"keras.datasets.{dataset}.load_data(test_split={test_split})")
        train = int(total * (1 - test_split))
        assert (dims(x_train)[0], dims(x_test)[0]) == (train, total - train)


@pytest.mark.parametrize("call", [
    "keras.datasets.reuters.load_data(test_split=split)",
    "keras.datasets.reuters.load_data(maxlen=200)",
    "keras.datasets.reuters.load_data(**options)",
    "keras.datasets.boston_housing.load_data(test_split=split)",
    "keras.datasets.imdb.load_data(*options)",
    "keras.datasets.california_housing.load_data(version=size)",
    "keras.datasets.california_housing.load_data('medium')",
])
def test_a_split_that_cannot_be_read_is_symbolic(call):
    x_train, _, x_test, _ = loaded(call)
    assert dims(x_train)[0] == "?" and dims(x_test)[0] == "?"


def test_a_user_function_named_load_data_is_not_a_dataset():
    x, = fed("def load_data():", "    return np.zeros((3, 4)), np.zeros(3)",
             "a, b = load_data()", "model.fit(a)")
    assert dims(x) == (3, 4)


# -- TensorFlow 1's reader ----------------------------------------------------------------

READER = "from tensorflow.examples.tutorials.mnist import input_data"


def reader(arguments: str, *uses: str):
    return fed(READER, f"mnist = input_data.read_data_sets('MNIST_data/'{arguments})",
               *(f"model.fit({use})" for use in uses))


def test_the_reader_parts_have_their_images_and_labels():
    found = reader("", "mnist.train.images", "mnist.train.labels", "mnist.validation.images",
                   "mnist.test.images", "mnist.test.labels")
    assert [dims(v) for v in found] == [(55000, 784), (55000,), (5000, 784), (10000, 784), (10000,)]
    assert found[0].dtype == "float" and found[1].dtype == "int"


def test_one_hot_labels_have_ten_columns():
    labels, = reader(", one_hot=True", "mnist.train.labels")
    assert dims(labels) == (55000, 10) and labels.one_hot.value == 10


def test_the_readers_integer_labels_know_their_ten_classes():
    one_hot, = reader("", "to_categorical(mnist.test.labels)")
    assert dims(one_hot) == (10000, 10)


def test_next_batch_gives_n_images_and_their_labels():
    images, labels = fed(READER, "mnist = input_data.read_data_sets('data', one_hot=True)",
                         "bx, by = mnist.train.next_batch(100)", "model.fit(bx)", "model.fit(by)")
    assert dims(images) == (100, 784) and dims(labels) == (100, 10)
    images, = fed(READER, "mnist = input_data.read_data_sets('data')", "n = int(input())",
                  "bx, by = mnist.test.next_batch(n)", "model.fit(bx)")
    assert dims(images) == ("?", 784)
    too_many, = fed(READER, "mnist = input_data.read_data_sets('data')",
                    "bx, by = mnist.test.next_batch(20000)", "model.fit(bx)")
    assert dims(too_many) == ("?", 784)           # more than the 10,000 there are


def test_num_examples_is_the_parts_size():
    x, = fed(READER, "mnist = input_data.read_data_sets('data')",
             "model.fit(np.zeros((mnist.train.num_examples, 2)))")
    assert dims(x) == (55000, 2)


def test_reshape_false_keeps_the_images_square_and_validation_size_moves_the_cut():
    images, validation = reader(", reshape=False, validation_size=10000", "mnist.train.images",
                                "mnist.validation.images")
    assert dims(images) == (50000, 28, 28, 1) and dims(validation) == (10000, 28, 28, 1)


@pytest.mark.parametrize("arguments", [", fake_data=True", ", one_hot=flag", ", reshape=flag",
                                       ", validation_size=70000", ", **options"])
def test_what_the_reader_cannot_tell_is_unknown(arguments):
    images, = fed(READER, "flag = input() == 'y'",
                  f"mnist = input_data.read_data_sets('data'{arguments})",
                  "model.fit(mnist.train.images)")
    assert dims(images) is None


def test_a_single_image_given_to_predict_is_found():
    """The Dense model's width comes from the reader's rows: a 784-vector
    without its batch axis cannot be predicted."""
    text = "\n".join([
        "import numpy as np", READER, "from keras.models import Sequential",
        "from keras.layers import Dense",
        "mnist = input_data.read_data_sets('data', one_hot=True)",
        "x, y = mnist.train.next_batch(500)",
        "model = Sequential([Dense(64, input_dim=x.shape[1]), Dense(10, activation='softmax')])",
        "model.compile(loss='categorical_crossentropy', optimizer='adam')",
        "model.fit(x, y)",
        "model.predict(np.random.random(784))",
    ]) + "\n"
    ctx = analyze(ast.parse(text), text.splitlines(True))
    assert {(f.line, f.code) for f in ctx.sorted_findings()} == {(10, "LST206")}


def test_the_maximum_of_integer_labels_is_an_integer_class_count():
    """``np.max(y_train) + 1`` of the loaded labels counts classes: an int
    (of unknown size), never a float that Dense would refuse as units."""
    text = "\n".join([
        "import numpy as np", "import keras", "from keras.datasets import reuters",
        "(x_train, y_train), _ = reuters.load_data(num_words=1000)",
        "num_classes = np.max(y_train) + 1",
        "x_train = np.zeros((len(x_train), 1000))",
        "y_train = keras.utils.to_categorical(y_train, num_classes)",
        "model = keras.Sequential([keras.Input((1000,)), keras.layers.Dense(num_classes),",
        "                          keras.layers.Activation('softmax')])",
        "model.compile(loss='categorical_crossentropy', optimizer='adam')",
        "model.fit(x_train, y_train)",
    ]) + "\n"
    ctx = analyze(ast.parse(text), text.splitlines(True))
    assert ctx.sorted_findings() == []
    y = ctx.data_calls[-1][4]
    assert dims(y) == (8982, "?") and y.one_hot == y.shape[1]
