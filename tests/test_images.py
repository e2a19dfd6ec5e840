"""Images read one by one: Keras's image utilities, OpenCV and PIL as shapes.

Each case is a snippet that makes ``x`` from the image file ``path`` and the
shape the linter must give it ("?" for a size the code does not tell, None
for an array it must leave unknown).  Where OpenCV or Pillow is installed,
the same snippet runs on a real 40 x 30 colour picture and its shape must
match (a "?" matches any size); Keras's functions are left to the
conformance fixtures, which run them.
"""

from __future__ import annotations

import ast

import pytest

from flake8_lstm_shapes.analysis import analyze
from flake8_lstm_shapes.core.values import Array

HEADER = "import os\nimport numpy as np\nimport cv2\nfrom PIL import Image\nimport keras\n"
FOOTER = "model = keras.Sequential([keras.layers.Dense(1)])\nmodel.predict(x)\n"
WIDTH, HEIGHT = 40, 30       # the real picture the oracle reads


def shape_of_x(snippet: str, keras_version: str = "auto"):
    """The shape the linter gives ``x`` (ints, "?" for symbols), or None."""
    text = HEADER + "path = 'picture.png'\n" + snippet + "\n" + FOOTER
    ctx = analyze(ast.parse(text), text.splitlines(True), keras_version=keras_version)
    x = ctx.data_calls[-1][3]
    if not isinstance(x, Array) or x.shape is None:
        return None
    return tuple(d.value if d.value is not None else "?" for d in x.shape)


OPENCV_CASES = [
    ("x = cv2.imread(path)", ("?", "?", 3)),
    ("x = cv2.imread(path, cv2.IMREAD_COLOR)", ("?", "?", 3)),
    ("x = cv2.imread(path, cv2.IMREAD_GRAYSCALE)", ("?", "?")),
    ("x = cv2.imread(path, 0)", ("?", "?")),
    ("x = cv2.imread(path, flags=cv2.IMREAD_REDUCED_COLOR_2)", ("?", "?", 3)),
    ("x = cv2.imread(path, cv2.IMREAD_UNCHANGED)", None),     # follows the file
    ("x = cv2.imread(path, -1)", None),
    ("x = cv2.imread(path, cv2.IMREAD_ANYCOLOR)", None),
    ("x = cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2GRAY)", ("?", "?")),
    ("x = cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2RGB)", ("?", "?", 3)),
    ("x = cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2HSV)", ("?", "?", 3)),
    ("x = cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2RGBA)", ("?", "?", 4)),
    ("x = cv2.cvtColor(cv2.imread(path, 0), cv2.COLOR_GRAY2RGB)", ("?", "?", 3)),
    ("g = cv2.imread(path, 0)\nx = cv2.cvtColor(g[:, :, None], cv2.COLOR_GRAY2BGR)", ("?", "?", 3)),
    ("x = cv2.resize(cv2.imread(path), (64, 32))", (32, 64, 3)),     # dsize is (width, height)
    ("x = cv2.resize(cv2.imread(path), dsize=(64, 32))", (32, 64, 3)),
    ("x = cv2.resize(cv2.imread(path, 0), (64, 32))", (32, 64)),
    ("g = cv2.imread(path, 0)\nx = cv2.resize(g[:, :, None], (64, 32))", (32, 64)),  # 1 channel: 2-D
    ("x = cv2.resize(cv2.imread(path), None, fx=0.5, fy=0.5)", None),
    ("x = cv2.resize(cv2.imread(path), (0, 0), fx=0.5, fy=0.5)", None),
    ("x = cv2.GaussianBlur(cv2.resize(cv2.imread(path), (8, 6)), (3, 3), 0)", (6, 8, 3)),
    ("x = cv2.medianBlur(cv2.resize(cv2.imread(path, 0), (8, 6)), 3)", (6, 8)),
    ("x = cv2.flip(cv2.resize(cv2.imread(path), (8, 6)), 1)", (6, 8, 3)),
    ("_, x = cv2.threshold(cv2.resize(cv2.imread(path, 0), (8, 6)), 127, 255, cv2.THRESH_BINARY)",
     (6, 8)),
    ("x = np.expand_dims(cv2.resize(cv2.imread(path), (8, 6)), axis=0)", (1, 6, 8, 3)),
]

PIL_CASES = [
    ("x = np.array(Image.open(path))", None),                 # the file's mode: rank unknown
    ("x = np.array(Image.open(path).convert('L'))", ("?", "?")),
    ("x = np.asarray(Image.open(path).convert('RGB'))", ("?", "?", 3)),
    ("x = np.asarray(Image.open(path).convert('RGBA'))", ("?", "?", 4)),
    ("x = np.asarray(Image.open(path).convert('LA'))", ("?", "?", 2)),
    ("x = np.array(Image.open(path).convert('RGB').resize((64, 32)))", (32, 64, 3)),  # (w, h)
    ("x = np.array(Image.open(path).resize((64, 32)))", None),
    ("x = np.array(Image.open(path).convert('L').resize((64, 32)), dtype='float32')", (32, 64)),
    ("img = Image.open(path).convert('RGB').resize((64, 32))\nimg.thumbnail((16, 16))\n"
     "x = np.array(img)", None),                              # thumbnail resizes in place
    ("img = Image.open(path).convert('RGB').resize((64, 32))\nimg.save('copy.png')\n"
     "x = np.array(img)", (32, 64, 3)),
    ("img = Image.open(path).convert('L').resize((64, 32))\nimg.putalpha(128)\n"
     "x = np.array(img)", None),                              # putalpha adds a band in place
    ("x = np.array(Image.open(path).convert('RGB').resize((8, 6)).copy())", (6, 8, 3)),
    ("x = np.array(Image.open(path).convert())", None),
]

KERAS_CASES = [
    ("x = keras.utils.img_to_array(keras.utils.load_img(path, target_size=(64, 32)))",
     (64, 32, 3)),                                            # target_size is (height, width)
    ("x = keras.utils.img_to_array(keras.utils.load_img(path, color_mode='grayscale',"
     " target_size=(64, 32)))", (64, 32, 1)),
    ("x = keras.utils.img_to_array(keras.utils.load_img(path, color_mode='rgba',"
     " target_size=(64, 32)))", (64, 32, 4)),
    ("x = keras.utils.img_to_array(keras.utils.load_img(path))", ("?", "?", 3)),
    ("x = keras.utils.img_to_array(keras.utils.load_img(path, target_size=(64, 32)),"
     " data_format='channels_first')", (3, 64, 32)),
    ("x = keras.utils.img_to_array(keras.utils.load_img(path, 'grayscale'))", None),
    ("x = keras.utils.img_to_array(keras.utils.load_img(path, grayscale=True))", None),
    ("x = keras.utils.img_to_array(keras.utils.load_img(path, color_mode='hsv'))", None),
    ("opts = {}\nx = keras.utils.img_to_array(keras.utils.load_img(path, **opts))", None),
    ("x = keras.utils.img_to_array(Image.open(path).convert('L').resize((64, 32)))", (32, 64, 1)),
    ("x = keras.utils.img_to_array(Image.open(path))", None),
    ("x = keras.utils.img_to_array(cv2.imread(path, 0))", ("?", "?", 1)),
    ("x = keras.utils.img_to_array(keras.utils.array_to_img(np.zeros((6, 8, 1))))", (6, 8, 1)),
    ("x = keras.utils.img_to_array(keras.utils.array_to_img(np.zeros((6, 8, 3))))", (6, 8, 3)),
    ("x = keras.utils.img_to_array(keras.utils.array_to_img(np.zeros((6, 8, 2))))", None),
    ("x = keras.utils.img_to_array(keras.utils.array_to_img(np.zeros((6, 8))))", None),
    ("x = np.array(keras.utils.array_to_img(np.zeros((3, 6, 8)), data_format='channels_first'))",
     (6, 8, 3)),
]


@pytest.mark.parametrize("snippet, expected", OPENCV_CASES + PIL_CASES + KERAS_CASES)
def test_image_shapes(snippet, expected):
    assert shape_of_x(snippet) == expected


@pytest.mark.parametrize("module", [
    "keras.utils", "keras.preprocessing.image", "tensorflow.keras.preprocessing.image",
    "tensorflow.keras.utils", "tf_keras.utils",
])
def test_keras_image_functions_resolve_from_every_module(module):
    snippet = (f"from {module} import load_img, img_to_array\n"
               "x = img_to_array(load_img(path, target_size=(16, 8)))")
    assert shape_of_x(snippet) == (16, 8, 3)


def test_image_module_imported_as_a_name():
    snippet = ("from keras.preprocessing import image\n"
               "x = image.img_to_array(image.load_img(path, target_size=(16, 8)))")
    assert shape_of_x(snippet) == (16, 8, 3)


def test_opencv_and_pil_imported_under_other_names():
    assert shape_of_x("import cv2 as cv\nx = cv.resize(cv.imread(path), (8, 6))") == (6, 8, 3)
    assert shape_of_x("import PIL.Image as pil\n"
                      "x = np.array(pil.open(path).convert('L'))") == ("?", "?")


def test_the_same_image_keeps_its_symbols():
    """Two arrays of one image share its height and width."""
    text = HEADER + ("img = cv2.imread('a.png')\na = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)\n"
                     "b = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)\n"
                     "model = keras.Sequential([keras.layers.Dense(1)])\n"
                     "model.predict(a)\nmodel.predict(b)\n")
    ctx = analyze(ast.parse(text), text.splitlines(True))
    a, b = ctx.data_calls[-2][3], ctx.data_calls[-1][3]
    assert a.shape == b.shape[:2]


def test_images_grown_in_a_loop_over_a_directory():
    """The list appended inside a loop over ``os.listdir`` files: one axis of
    its symbolic length in front of each image's shape."""
    snippet = ("images = []\n"
               "for name in os.listdir('pictures'):\n"
               "    img = cv2.imread(os.path.join('pictures', name))\n"
               "    img = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)\n"
               "    img = cv2.resize(img, (512, 512))\n"
               "    images.append(np.expand_dims(img, axis=-1))\n"
               "x = np.array(images)")
    assert shape_of_x(snippet) == ("?", 512, 512, 1)


def test_pil_images_grown_in_a_loop():
    snippet = ("images = []\n"
               "for name in os.listdir('pictures'):\n"
               "    images.append(Image.open(name).convert('RGB').resize((32, 24)))\n"
               "x = np.array(images, dtype='float32')")
    assert shape_of_x(snippet) == ("?", 24, 32, 3)


EXTRA_AXIS = """\
import os
import cv2
import numpy as np
from keras.models import Sequential
from keras.layers import Conv2D, Flatten, Dense

images = []
for name in os.listdir('pictures'):
    img = cv2.cvtColor(cv2.imread(name), cv2.COLOR_BGR2GRAY)
    images.append(np.expand_dims(cv2.resize(img, (64, 64)), axis=-1))
data = np.array(images)
data = np.expand_dims(data, axis=4)
model = Sequential()
model.add(Conv2D(8, 3, input_shape=data[0].shape))
model.add(Flatten())
model.add(Dense(2))
"""


def test_an_extra_channel_axis_reaches_the_convolution():
    """Images already given their channel axis get another one: the Conv2D
    declared from one sample is 5-D, which Keras 3 rejects on that layer."""
    ctx = analyze(ast.parse(EXTRA_AXIS), EXTRA_AXIS.splitlines(True), keras_version="3")
    assert [(f.code, f.line) for f in ctx.sorted_findings()] == [("LST402", 14)]
    fixed = EXTRA_AXIS.replace("data = np.expand_dims(data, axis=4)\n", "")
    ctx = analyze(ast.parse(fixed), fixed.splitlines(True), keras_version="3")
    assert ctx.sorted_findings() == []


def test_predicting_on_one_loaded_image_without_its_batch_axis():
    text = ("import numpy as np\nimport keras\n"
            "model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Conv2D(4, 3),"
            " keras.layers.Flatten(), keras.layers.Dense(1)])\n"
            "x = keras.utils.img_to_array(keras.utils.load_img('a.png', target_size=(32, 32)))\n"
            "model.predict(x)\n"
            "model.predict(np.expand_dims(x, 0))\n")
    ctx = analyze(ast.parse(text), text.splitlines(True))
    assert [(f.code, f.line) for f in ctx.sorted_findings()] == [("LST206", 5)]


# -- the libraries themselves, where they are installed ----------------------------------

@pytest.fixture(scope="module")
def picture(tmp_path_factory):
    """A real 40 x 30 colour picture, written with Pillow."""
    image_module = pytest.importorskip("PIL.Image")
    path = tmp_path_factory.mktemp("images") / "picture.png"
    image_module.new("RGB", (WIDTH, HEIGHT), (200, 100, 50)).save(path)
    return str(path)


def real_shape(snippet: str, path: str, tmp_path, imports: str) -> tuple:
    """The shape of ``x`` when the snippet runs on the real picture."""
    import numpy as np
    scope = {"np": np, "path": path}
    code = imports + snippet.replace("'copy.png'", repr(str(tmp_path / "copy.png")))
    exec(code, scope)  # noqa: S102 - the cases above, our own code
    return scope["x"].shape


def matches(ours, theirs) -> bool:
    return len(ours) == len(theirs) and all(a == "?" or a == b for a, b in zip(ours, theirs))


@pytest.mark.parametrize("snippet, expected", [c for c in OPENCV_CASES if c[1] is not None])
def test_opencv_gives_the_same_shapes(snippet, expected, picture, tmp_path):
    pytest.importorskip("cv2")
    assert matches(expected, real_shape(snippet, picture, tmp_path, "import cv2\n"))


@pytest.mark.parametrize("snippet, expected", [c for c in PIL_CASES if c[1] is not None])
def test_pillow_gives_the_same_shapes(snippet, expected, picture, tmp_path):
    assert matches(expected, real_shape(snippet, picture, tmp_path, "from PIL import Image\n"))
