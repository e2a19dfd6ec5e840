"""Images read one by one as shapes: Keras's image utilities, OpenCV and PIL.

The usual way to predict on one picture is to read it, make it an array and
add the batch axis; forgetting that axis, or feeding a gray image to a model
built for colour, is a shape mistake these models make visible.  Only what
the libraries define is modelled, each claim written from their own code or
documentation:

* Keras (``keras.utils`` / ``keras.preprocessing.image``, the same in Keras 2
  and 3): ``load_img`` converts to the ``color_mode`` ("rgb" by default,
  "grayscale", "rgba") and resizes to ``target_size=(height, width)``;
  ``img_to_array`` gives (height, width, channels) in the default
  channels_last format, a 2-D image getting a channel axis of 1;
  ``array_to_img`` makes an "L", "RGB" or "RGBA" image of a 3-D array.
* OpenCV: ``cv2.imread`` gives (H, W, 3) BGR for the default IMREAD_COLOR and
  (H, W) for IMREAD_GRAYSCALE; ``cvtColor`` drops, keeps or adds the channel
  axis by its code; ``resize(img, (w, h))`` gives (h, w) - note the order -
  and the filters keep the shape.  OpenCV returns a one-channel image as a
  2-D array: an (H, W, 1) array comes back (H, W).
* PIL: ``Image.open`` (mode unknown), ``convert(mode)``, ``resize((w, h))``,
  and ``np.array(img)``: (h, w) for the one-band modes, (h, w, bands) else.

A file name says nothing about the picture: the height and width of an image
read as it is are symbols of their own, never a guess.
"""

from __future__ import annotations

from typing import Callable, Dict, Optional, Tuple

from .keras_data import keras_function
from .ndarray import dtype_name
from .shape_ops import ArrayShape, fresh
from ..core.tables import registrar
from ..core.shapes import Poly, const
from ..core.values import Array, Const, Float, Int, ListOf, Ref, Seq, Value, to_poly, unknown

# Keras's names go in keras_data's table (``load_img``, whichever module it
# comes from); OpenCV's and PIL's by their full names.
QUALIFIED_CALLS: Dict[str, Callable] = {}
qualified_function = registrar(QUALIFIED_CALLS)


class PilImage(Value):
    """A PIL image: its size and mode (None when the mode is unknown).

    ``width`` and ``height`` are always dimensions, symbols when the size is
    not known, so that the same image gives the same symbols every time."""

    __slots__ = FIELDS = ("width", "height", "mode")

    def __init__(self, width: Poly, height: Poly, mode: Optional[str]):
        self.width = width
        self.height = height
        self.mode = mode


def unsized_image(mode: Optional[str]) -> PilImage:
    """An image whose size the code does not tell (read from a file)."""
    return PilImage(fresh("width"), fresh("height"), mode)


# PIL's modes by the bands ``np.asarray`` gives them: one-band modes give a 2-D
# array (no channel axis), the others (height, width, bands).
ONE_BAND_MODES = {"1": "bool", "L": "int", "P": "int", "I": "int", "I;16": "int", "F": "float"}
BANDS = {"LA": 2, "La": 2, "PA": 2, "RGB": 3, "YCbCr": 3, "LAB": 3, "HSV": 3,
         "RGBA": 4, "RGBa": 4, "RGBX": 4, "CMYK": 4}


def pixels(image: PilImage) -> Value:
    """``np.asarray(image)``: (height, width) or (height, width, bands)."""
    if image.mode in ONE_BAND_MODES:
        return Array((image.height, image.width), dtype=ONE_BAND_MODES[image.mode])
    if image.mode in BANDS:
        return Array((image.height, image.width, const(BANDS[image.mode])), dtype="int")
    return unknown("image")


def numpy_call(path: str, args) -> Optional[Value]:
    """``np.array(image)`` / ``np.asarray`` of a PIL image, or of a list of
    images grown in a loop; None for any other NumPy call."""
    if path not in ("array", "asarray", "asanyarray"):
        return None
    first = args.arg(0, "a") or args.arg(0, "object")
    if isinstance(first, PilImage):
        result = pixels(first)
    elif isinstance(first, ListOf) and isinstance(first.elem, PilImage):
        one = pixels(first.elem)
        if not isinstance(one, Array):
            return unknown("images")
        result = Array((first.length,) + tuple(one.shape), dtype=one.dtype)
    else:
        return None
    dtype = dtype_name(args.arg(1, "dtype"))
    if isinstance(result, Array) and dtype is not None:
        result = Array(result.shape, dtype=dtype)
    return result


# -- Keras --------------------------------------------------------------------------------

# load_img's color_mode and the PIL mode it converts to.  "grayscale" keeps an
# image already "I;16" or "I": any of them is one band, read here as "L".
COLOR_MODES = {"rgb": "RGB", "grayscale": "L", "rgba": "RGBA"}
CHANNELS_MODE = {1: "L", 3: "RGB", 4: "RGBA"}


@keras_function("load_img")
def load_img_call(interp, name: str, args, node) -> Value:
    return load_img(args)


@keras_function("img_to_array")
def img_to_array_call(interp, name: str, args, node) -> Value:
    return img_to_array(args)


@keras_function("array_to_img")
def array_to_img_call(interp, name: str, args, node) -> Value:
    return array_to_img(args)


def load_img(args) -> Value:
    """``load_img(path, color_mode="rgb", target_size=None, ...)``.

    Read only by keyword past the path: Keras 2 has ``grayscale`` where Keras 3
    has ``color_mode`` as second parameter (and Keras 3 rejects ``grayscale=``).
    """
    if len(args.positional) > 1 or args.open_ended or "grayscale" in args.keywords:
        return unknown("image")
    mode_value = args.keywords.get("color_mode", Const("rgb"))
    mode = COLOR_MODES.get(mode_value.value) if isinstance(mode_value, Const) else None
    if mode is None:
        return unknown("image")     # another mode raises; an unread one says nothing
    size = dimension_pair(args.keywords.get("target_size"))
    if size is None:
        return unsized_image(mode)
    height, width = size
    return PilImage(width, height, mode)


def dimension_pair(size: Optional[Value]) -> Optional[Tuple[Poly, Poly]]:
    """A pair of positive sizes (``target_size=(height, width)``, PIL's and
    OpenCV's ``(width, height)``) as two dimensions, or None."""
    if not isinstance(size, Seq) or len(size.items) != 2:
        return None
    dims = tuple(to_poly(d) for d in size.items)
    if any(d is None or (d.value is not None and d.value <= 0) for d in dims):
        return None
    return dims[0], dims[1]


def data_format_of(args, index: int) -> Optional[str]:
    """The ``data_format`` argument: channels_last unless it says otherwise
    (Keras's default image_data_format), None when it cannot be read."""
    value = args.arg(index, "data_format")
    if value is None or (isinstance(value, Const) and value.value is None):
        return "channels_last"
    if isinstance(value, Const) and value.value in ("channels_last", "channels_first"):
        return value.value
    return None


def img_to_array(args) -> Value:
    """``img_to_array(img, data_format=None, dtype=None)``: float pixels with a
    channel axis, last by default (first for channels_first)."""
    img = args.arg(0, "img")
    data_format = data_format_of(args, 1)
    array = pixels(img) if isinstance(img, PilImage) else img
    if data_format is None or not isinstance(array, Array) or array.rank not in (2, 3):
        return unknown("image array")
    shape = tuple(array.shape)
    if len(shape) == 2:
        shape = shape + (const(1),)
    if data_format == "channels_first":
        shape = (shape[2], shape[0], shape[1])
    dtype = dtype_name(args.arg(2, "dtype")) if args.arg(2, "dtype") is not None else "float"
    return Array(shape, dtype=dtype)


def array_to_img(args) -> Value:
    """``array_to_img(x, data_format=None, ...)``: a 3-D array of 1, 3 or 4
    channels as an "L", "RGB" or "RGBA" image (any other array raises)."""
    x = args.arg(0, "x")
    data_format = data_format_of(args, 1)
    if data_format is None or not isinstance(x, Array) or x.rank != 3:
        return unknown("image")
    height, width, channels = x.shape if data_format == "channels_last" else \
        (x.shape[1], x.shape[2], x.shape[0])
    mode = CHANNELS_MODE.get(channels.value)
    return PilImage(width, height, mode) if mode is not None else unknown("image")


# -- PIL ----------------------------------------------------------------------------------

@qualified_function("PIL.Image.open")
def pil_open(interp, name: str, args, node) -> Value:
    return unsized_image(None)


# Methods that neither change the image nor give a new one of a size we know.
PIL_READERS = frozenset({"save", "show", "close", "load", "verify", "getpixel", "getdata",
                         "getbands", "getbbox", "getextrema", "histogram", "tobytes", "paste",
                         "putpixel", "putdata", "split", "getchannel", "info"})
# Methods that give a new image of the same size and mode.
PIL_SAME = frozenset({"copy", "filter"})


def pil_method(interp, image: PilImage, name: str, args, node):
    """(result, the image's new value) of a PIL image's method.

    A method not known here may change the image in place (``thumbnail``,
    ``draft``, ``putalpha``): the image becomes one of unknown size and mode.
    """
    if name == "convert":
        return converted(image, args), None
    if name == "resize":
        return resized(image, args), None
    if name in PIL_SAME:
        return PilImage(image.width, image.height, image.mode), None
    if name in PIL_READERS:
        return unknown(name), None
    return unknown(name), unsized_image(None)


def converted(image: PilImage, args) -> Value:
    """``img.convert(mode)``: the same size in the new mode (no mode: unknown)."""
    mode = args.arg(0, "mode")
    known = isinstance(mode, Const) and (mode.value in ONE_BAND_MODES or mode.value in BANDS)
    return PilImage(image.width, image.height, mode.value if known else None)


def resized(image: PilImage, args) -> Value:
    """``img.resize((width, height))``: note PIL's order, width first."""
    size = dimension_pair(args.arg(0, "size"))
    if size is None:
        return unsized_image(image.mode)
    width, height = size          # PIL's order: width first
    return PilImage(width, height, image.mode)


# -- OpenCV -------------------------------------------------------------------------------

# imread's flags by name and value: the channels it gives (0: a 2-D array).
# IMREAD_UNCHANGED and IMREAD_ANYCOLOR follow the file: unknown.
IMREAD_CHANNELS = {"IMREAD_COLOR": 3, "IMREAD_COLOR_BGR": 3, "IMREAD_COLOR_RGB": 3,
                   "IMREAD_GRAYSCALE": 0, "IMREAD_REDUCED_GRAYSCALE_2": 0,
                   "IMREAD_REDUCED_GRAYSCALE_4": 0, "IMREAD_REDUCED_GRAYSCALE_8": 0,
                   "IMREAD_REDUCED_COLOR_2": 3, "IMREAD_REDUCED_COLOR_4": 3,
                   "IMREAD_REDUCED_COLOR_8": 3, "IMREAD_ANYDEPTH": 0}
IMREAD_VALUES = {1: 3, 0: 0, 2: 0, 256: 3, 16: 0, 32: 0, 64: 0, 17: 3, 33: 3, 65: 3}

# cvtColor's codes by the channels they take and give (0: a 2-D array).
TO_GRAY = {f"COLOR_{s}2GRAY": ((3, 4), 0) for s in ("BGR", "RGB", "BGRA", "RGBA")}
FROM_GRAY = {f"COLOR_GRAY2{d}": ((0, 1), n) for d, n in
             (("BGR", 3), ("RGB", 3), ("BGRA", 4), ("RGBA", 4))}
THREE_TO_THREE = {f"COLOR_{code}": ((3,), 3) for code in
                  ("BGR2HSV", "RGB2HSV", "HSV2BGR", "HSV2RGB", "BGR2LAB", "RGB2LAB", "LAB2BGR",
                   "LAB2RGB", "BGR2YCrCb", "RGB2YCrCb", "YCrCb2BGR", "YCrCb2RGB", "BGR2HLS",
                   "RGB2HLS", "HLS2BGR", "HLS2RGB", "BGR2XYZ", "RGB2XYZ", "BGR2Luv", "RGB2Luv")}
SWAPS = {f"COLOR_{code}": ((3, 4), n) for code, n in
         (("BGR2RGB", 3), ("RGB2BGR", 3), ("BGRA2BGR", 3), ("RGBA2RGB", 3), ("BGRA2RGB", 3),
          ("RGBA2BGR", 3), ("BGR2BGRA", 4), ("RGB2RGBA", 4), ("BGR2RGBA", 4), ("RGB2BGRA", 4),
          ("BGRA2RGBA", 4), ("RGBA2BGRA", 4))}
CVT_CODES = {**TO_GRAY, **FROM_GRAY, **THREE_TO_THREE, **SWAPS}


def opencv_array(shape: ArrayShape) -> Array:
    """An image as OpenCV returns it: uint8-like, one channel as a 2-D array."""
    if len(shape) == 3 and shape[2].value == 1:
        shape = shape[:2]
    return Array(shape, dtype="int")


def cv2_constant(value: Optional[Value]) -> Optional[str]:
    """The name of a ``cv2.NAME`` constant, or None."""
    if isinstance(value, Ref) and value.qualname.startswith("cv2."):
        return value.qualname[len("cv2."):]
    return None


def channels_of(array: Value) -> Optional[int]:
    """An image array's channels: 0 for a 2-D array, None when not known."""
    if not isinstance(array, Array) or array.rank not in (2, 3):
        return None
    return 0 if array.rank == 2 else array.shape[2].value


@qualified_function("cv2.imread")
def imread(interp, name: str, args, node) -> Value:
    """``cv2.imread(path, flags=IMREAD_COLOR)``: (H, W, 3) or (H, W)."""
    flags = args.arg(1, "flags")
    if flags is None:
        channels = None if args.open_ended else 3
    elif isinstance(flags, Int):
        channels = IMREAD_VALUES.get(flags.poly.value)
    else:
        channels = IMREAD_CHANNELS.get(cv2_constant(flags))
    if channels is None:
        return unknown("image")
    height, width = fresh("height"), fresh("width")
    return Array((height, width, const(channels)) if channels else (height, width), dtype="int")


@qualified_function("cv2.cvtColor")
def cvt_color(interp, name: str, args, node) -> Value:
    """``cv2.cvtColor(src, code)`` for the colour conversions of one image."""
    src, code = args.arg(0, "src"), args.arg(1, "code")
    rule = CVT_CODES.get(cv2_constant(code))
    dst_cn = args.arg(3, "dstCn")
    if rule is None or channels_of(src) not in rule[0] or dst_cn is not None:
        return unknown("image")
    out = rule[1]
    height, width = src.shape[0], src.shape[1]
    return opencv_array((height, width, const(out)) if out else (height, width))


@qualified_function("cv2.resize")
def resize(interp, name: str, args, node) -> Value:
    """``cv2.resize(src, (width, height))``: (height, width) + the channels.

    ``dsize`` is (width, height), the reverse of the array's order; without it
    (``None`` or (0, 0), with ``fx``/``fy``) the size is not modelled."""
    src = args.arg(0, "src")
    size = dimension_pair(args.arg(1, "dsize"))
    channels = channels_of(src)
    if size is None or channels is None:
        return unknown("image")
    width, height = size           # OpenCV's order: width first
    return opencv_array((height, width, const(channels)) if channels else (height, width))


@qualified_function("cv2.GaussianBlur", "cv2.blur", "cv2.medianBlur", "cv2.flip")
def same_shape_filter(interp, name: str, args, node) -> Value:
    """Filters whose result has the size and channels of ``src``."""
    src = args.arg(0, "src")
    if channels_of(src) is None:
        return unknown("image")
    return opencv_array(tuple(src.shape))


@qualified_function("cv2.threshold")
def threshold(interp, name: str, args, node) -> Value:
    """``retval, dst = cv2.threshold(src, thresh, maxval, type)``."""
    src = args.arg(0, "src")
    if channels_of(src) is None:
        return unknown("thresholded")
    return Seq((Float(), opencv_array(tuple(src.shape))))
