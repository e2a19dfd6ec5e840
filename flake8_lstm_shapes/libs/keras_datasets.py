"""Keras's bundled datasets, and TensorFlow 1's MNIST reader, as the shapes
their loaders make.

``(x_train, y_train), (x_test, y_test) = mnist.load_data()`` starts a great
many Keras programs.  Each loader's shapes are fixed by the data it
downloads, so they are written here as plain tables, read from the loaders'
source (Keras 3.15's ``keras/src/datasets`` and tf_keras 2.21's
``tf_keras/src/datasets``, which agree): the result is the nested pair
``((x_train, y_train), (x_test, y_test))``, so any unpacking of it works.
Where an argument changes a count (``maxlen=`` drops the longer reviews,
``test_split=`` moves the split) and its value cannot be read, the count is
a fresh symbol, never a guess.  The image datasets are written for the
default ``channels_last`` image format (``keras.json`` can change it to
``channels_first``; nothing in the code says so).

The class labels remember how many classes they have (10 for MNIST): their
array's key says so (``labels_key``), and ``keras_data.to_categorical``
reads it through ``label_classes`` as it reads the classes of literal
labels, so ``to_categorical(y_train)`` is (60000, 10) and the loss checks
can compare those classes with the model's units.
"""

from __future__ import annotations

from typing import Callable, Dict, Optional, Tuple

from .shape_ops import fresh
from ..core.shapes import Poly, const
from ..core.tables import registrar
from ..core.values import Array, Const, Float, Int, Ref, Seq, Value, fresh_key, to_poly, unknown

# By the path inside Keras (``datasets.mnist.load_data``), whichever Keras
# (keras, tensorflow.keras, tf_keras, ...) it is reached through.
LOADERS: Dict[str, Callable] = {}
loader = registrar(LOADERS)
# By the full name: TensorFlow 1's tutorial reader of MNIST.
READERS: Dict[str, Callable] = {}
reader = registrar(READERS)

LABELS_TAG = "dataset labels"


# -- the class count of loaded labels -----------------------------------------------------

def labels_key(classes: Optional[int]) -> tuple:
    """A fresh array key that also says how many classes the labels have."""
    return fresh_key((LABELS_TAG, classes)) if classes is not None else fresh_key("array")


def label_classes(y: Optional[Value]) -> Optional[Poly]:
    """The class count of labels as a dataset loader gave them, or None."""
    key = y.key if isinstance(y, Array) else None
    tag = key[0] if isinstance(key, tuple) and key else None
    if isinstance(tag, tuple) and len(tag) == 2 and tag[0] == LABELS_TAG:
        return const(tag[1])
    return None


# -- building the result ------------------------------------------------------------------

def pair(origin, count: Poly, sample: Tuple[Poly, ...], x_dtype: Optional[str],
         label_axes: Tuple[Poly, ...], y_dtype: str, classes: Optional[int]) -> Seq:
    """One split's ``(x, y)``: ``count`` samples of ``sample`` shape and their labels."""
    x = Array((count,) + sample, origin, dtype=x_dtype)
    y = Array((count,) + label_axes, origin, key=labels_key(classes), dtype=y_dtype)
    return Seq((x, y))


def splits(origin, counts: Tuple[Poly, Poly], sample, x_dtype, label_axes=(), y_dtype="int",
           classes: Optional[int] = None) -> Seq:
    """``((x_train, y_train), (x_test, y_test))``."""
    return Seq(tuple(pair(origin, n, sample, x_dtype, label_axes, y_dtype, classes)
                     for n in counts))


def dims(*sizes: int) -> Tuple[Poly, ...]:
    return tuple(const(s) for s in sizes)


def argument(args, index: int, name: str, default: Value) -> Optional[Value]:
    """The value of parameter ``name`` (at ``index``), its default when it is
    not written, None when ``*args``/``**kwargs`` may set it unseen."""
    found = args.arg(index, name)
    if found is not None:
        return found
    return None if args.open_ended else default


def is_false(value: Optional[Value]) -> bool:
    """The argument is surely off (None, False, 0): ``if maxlen:`` does nothing."""
    return isinstance(value, Const) and not value.value or \
        isinstance(value, Int) and value.poly.value == 0


def fraction(value: Optional[Value]) -> Optional[float]:
    """A ``test_split`` written as a number between 0 and 1, else None."""
    number = value.value if isinstance(value, Float) else \
        value.poly.value if isinstance(value, Int) else None
    return float(number) if number is not None and 0 <= number <= 1 else None


def below_one(test_split: Optional[float]) -> Optional[float]:
    """The split of a loader that checks ``0 <= test_split < 1`` (boston's,
    california's): 1 is refused there, so nothing is said of its counts."""
    return test_split if test_split is None or test_split < 1 else None


def split_counts(total: Optional[int], test_split: Optional[float], name: str):
    """(train, test) counts of ``total`` samples cut the way the loaders cut
    them: ``int(total * (1 - test_split))`` for training, the rest for test."""
    if total is None or test_split is None:
        return fresh(f"{name}_train"), fresh(f"{name}_test")
    train = int(total * (1 - test_split))
    return const(train), const(total - train)


# -- keras.datasets -----------------------------------------------------------------------

# name: (train count, test count, one image's shape, label axes after the count, classes)
IMAGE_DATASETS = {
    "mnist": (60000, 10000, (28, 28), (), 10),
    "fashion_mnist": (60000, 10000, (28, 28), (), 10),
    "cifar10": (50000, 10000, (32, 32, 3), (1,), 10),
    "cifar100": (50000, 10000, (32, 32, 3), (1,), 100),
}
CIFAR100_CLASSES = {"fine": 100, "coarse": 20}


def image_dataset(interp, name: str, node, classes: Optional[int]) -> Value:
    """uint8 images and integer labels: mnist's (N, 28, 28) with (N,) labels,
    cifar's (N, 32, 32, 3) with labels of (N, 1)."""
    train, test, image, label_axes, _ = IMAGE_DATASETS[name]
    return splits(interp.origin_at(node.lineno), dims(train, test), dims(*image), "int",
                  dims(*label_axes), "int", classes)


@loader("datasets.mnist.load_data", "datasets.fashion_mnist.load_data", "datasets.cifar10.load_data")
def images_load_data(interp, path: str, args, node) -> Value:
    name = path.split(".")[1]
    return image_dataset(interp, name, node, IMAGE_DATASETS[name][4])


@loader("datasets.cifar100.load_data")
def cifar100_load_data(interp, path: str, args, node) -> Value:
    """``label_mode="fine"`` labels 100 classes, ``"coarse"`` 20; any other
    string raises, and an unread one leaves the class count unknown."""
    mode = argument(args, 0, "label_mode", Const("fine"))
    if isinstance(mode, Const) and mode.value not in CIFAR100_CLASSES:
        return unknown("cifar100")
    classes = CIFAR100_CLASSES[mode.value] if isinstance(mode, Const) else None
    return image_dataset(interp, "cifar100", node, classes)


# name: (train and test counts, or the total the test split is cut from; classes)
WORD_DATASETS = {"imdb": ((25000, 25000), 2), "reuters": (11228, 46)}


@loader("datasets.imdb.load_data")
def imdb_load_data(interp, path: str, args, node) -> Value:
    """25,000 reviews each way, each a list of word indexes: x is a 1-D object
    array whose rows' lengths are unknown until ``pad_sequences``; y is 0/1.
    ``maxlen=`` drops the longer reviews, so the counts become symbols."""
    counts, classes = WORD_DATASETS["imdb"]
    maxlen = argument(args, 3, "maxlen", Const(None))
    if is_false(maxlen):
        sizes = dims(*counts)
    else:
        sizes = (fresh("imdb_train"), fresh("imdb_test"))
    return splits(interp.origin_at(node.lineno), sizes, (), None, classes=classes)


@loader("datasets.reuters.load_data")
def reuters_load_data(interp, path: str, args, node) -> Value:
    """11,228 newswires over 46 topics, cut at ``int(len(xs) * (1 - test_split))``
    (8982 and 2246 with the default 0.2); x as imdb's, after ``maxlen=``
    drops the longer ones the counts are symbols."""
    total, classes = WORD_DATASETS["reuters"]
    maxlen = argument(args, 3, "maxlen", Const(None))
    test_split = fraction(argument(args, 4, "test_split", Float(0.2)))
    sizes = split_counts(total if is_false(maxlen) else None, test_split, "reuters")
    return splits(interp.origin_at(node.lineno), sizes, (), None, classes=classes)


@loader("datasets.boston_housing.load_data")
def boston_housing_load_data(interp, path: str, args, node) -> Value:
    """506 houses of 13 features and a float price each, cut at
    ``int(len(x) * (1 - test_split))``: (404, 13) and (102, 13) by default."""
    test_split = below_one(fraction(argument(args, 1, "test_split", Float(0.2))))
    sizes = split_counts(506, test_split, "boston")
    return splits(interp.origin_at(node.lineno), sizes, dims(13), "float", (), "float")


@loader("datasets.california_housing.load_data")
def california_housing_load_data(interp, path: str, args, node) -> Value:
    """Keras 3's replacement for boston: 20,640 districts of 8 features (600 with
    ``version="small"``) and a float value each, cut as boston is:
    (16512, 8) and (4128, 8) by default."""
    version = argument(args, 0, "version", Const("large"))
    total = {"large": 20640, "small": 600}.get(version.value) \
        if isinstance(version, Const) and isinstance(version.value, str) else None
    test_split = below_one(fraction(argument(args, 2, "test_split", Float(0.2))))
    sizes = split_counts(total, test_split, "california")
    return splits(interp.origin_at(node.lineno), sizes, dims(8), "float", (), "float")


# -- TensorFlow 1's tutorial reader -------------------------------------------------------

class ReaderObject(Value):
    """What ``read_data_sets`` returns and its ``train``/``validation``/``test``
    parts: a few named attributes (``images``, ``labels``, ``num_examples``),
    and ``next_batch(n)`` on a part."""

    __slots__ = FIELDS = ("parts",)

    def __init__(self, parts: Tuple[Tuple[str, Value], ...]):
        self.parts = parts

    def part(self, name: str) -> Optional[Value]:
        return next((value for key, value in self.parts if key == name), None)


MNIST_TRAIN, MNIST_TEST = 60000, 10000


@reader("tensorflow.examples.tutorials.mnist.input_data.read_data_sets",
        "tensorflow.contrib.learn.python.learn.datasets.mnist.read_data_sets")
def read_data_sets(interp, name: str, args, node) -> Value:
    """``input_data.read_data_sets(dir, one_hot=False, dtype=float32,
    reshape=True, validation_size=5000)``, the MNIST reader of TensorFlow 1
    (``tensorflow/contrib/learn/python/learn/datasets/mnist.py``; it is gone
    from TensorFlow 2, so nothing can run it): the first ``validation_size``
    of the 60,000 training images are the validation part, the 10,000 test
    images the test part; images are rows of 28 * 28 = 784 pixels (with
    ``reshape=False``: (28, 28, 1)), float32 in [0, 1] by default, labels
    (N,) class ids or (N, 10) one-hot rows."""
    if not is_false(argument(args, 1, "fake_data", Const(False))):
        return unknown("read_data_sets")         # fake data: lists, of no fixed size
    image = reader_image(argument(args, 4, "reshape", Const(True)))
    one_hot = argument(args, 2, "one_hot", Const(False))
    validation = argument(args, 5, "validation_size", Int(const(5000)))
    if image is None or not isinstance(one_hot, Const) or not isinstance(validation, Int) \
            or not 0 <= (validation.poly.value or 0) <= MNIST_TRAIN:
        return unknown("read_data_sets")         # unread, or a size the reader refuses
    dtype = reader_dtype(argument(args, 3, "dtype", Const("float32")))
    origin = interp.origin_at(node.lineno)
    counts = (("train", const(MNIST_TRAIN) - validation.poly), ("validation", validation.poly),
              ("test", const(MNIST_TEST)))
    return ReaderObject(tuple((part, reader_part(origin, n, image, dtype, bool(one_hot.value)))
                              for part, n in counts))


def reader_image(reshape: Optional[Value]) -> Optional[Tuple[Poly, ...]]:
    """One image: a row of 784 pixels, or (28, 28, 1) with ``reshape=False``."""
    if isinstance(reshape, Const) and reshape.value in (True, False):
        return dims(784) if reshape.value else dims(28, 28, 1)
    return None


def reader_dtype(dtype: Optional[Value]) -> Optional[str]:
    """float32 (scaled to [0, 1]) or uint8 (0-255): the two the reader takes."""
    text = dtype.qualname if isinstance(dtype, Ref) else dtype.value if isinstance(dtype, Const) else None
    if not isinstance(text, str):
        return None
    return {"float32": "float", "uint8": "int"}.get(text.rsplit(".", 1)[-1])


def reader_part(origin, count: Poly, image, dtype, one_hot: bool) -> ReaderObject:
    """One part of the reader: ``images``, ``labels`` and ``num_examples``."""
    images = Array((count,) + image, origin, dtype=dtype)
    return ReaderObject((("images", images), ("labels", reader_labels(origin, count, one_hot)),
                         ("num_examples", Int(count))))


def reader_labels(origin, count: Poly, one_hot: bool) -> Array:
    if one_hot:      # dense_to_one_hot: float rows of 10
        return Array((count, const(10)), origin, dtype="float", one_hot=const(10))
    return Array((count,), origin, key=labels_key(10), dtype="int")


def reader_attribute(reader_object: ReaderObject, attr: str) -> Optional[Value]:
    return reader_object.part(attr)


def reader_method(interp, receiver: ReaderObject, name: str, args, node) -> Optional[Value]:
    """``part.next_batch(n)``: the next n (images, labels).  Every batch has n
    rows while n is at most the part's size (the end of an epoch is filled
    from the next); past it the count is not followed."""
    images, labels = receiver.part("images"), receiver.part("labels")
    if name != "next_batch" or not isinstance(images, Array):
        return None
    size = args.arg(0, "batch_size")
    n = to_poly(size) if isinstance(size, Int) else None
    total = images.shape[0]
    if n is None or n.value is not None and (total.value is None or n.value > total.value):
        n = fresh("batch")
    origin = interp.origin_at(node.lineno)
    batch_images = Array((n,) + tuple(images.shape[1:]), origin, dtype=images.dtype)
    batch_labels = Array((n,) + tuple(labels.shape[1:]), origin, dtype=labels.dtype,
                         key=labels_key(10 if labels.one_hot is None else None),
                         one_hot=labels.one_hot)
    return Seq((batch_images, batch_labels))
