"""Preprocessing layers whose shape rule is exact: the value-wise ones that
keep their input's shape (Rescaling, Normalization, Identity), the image
augmentations that keep it too, and Resizing and CenterCrop, which give every
image the same height and width.

The lookup and text layers (TextVectorization, StringLookup, ...) depend on
their vocabulary and stay unknown.
"""

from __future__ import annotations

from .base import read_dim, read_str, register
from .core import identity_output

for _name, _params in (("Rescaling", ("scale", "offset")), ("Normalization", ("axis",)),
                       ("Identity", ())):
    register(_name, _params, (1, None), identity=True)(identity_output)


def image_identity_output(args, shape, registry):
    """An augmentation of images, batched (batch, h, w, c) or not (h, w, c):
    the shape it gets, in both Kerases; other ranks are not followed."""
    return tuple(shape) if len(shape) in (3, 4) else None


# RandomCrop is left out: Keras 3 announces (height, width) but passes the
# images through uncropped when it is not training.
for _name, _params in (("RandomFlip", ("mode",)), ("RandomRotation", ("factor",)),
                       ("RandomZoom", ("height_factor", "width_factor")),
                       ("RandomTranslation", ("height_factor", "width_factor")),
                       ("RandomContrast", ("factor",)), ("RandomBrightness", ("factor",))):
    register(_name, _params, (None, None), identity=True)(image_identity_output)


def resized_output(args, shape, registry):
    """Resizing(h, w) / CenterCrop(h, w) on batched images: (batch, h, w,
    channels).  Unbatched (h, w, c) images drop the batch axis altogether,
    which is not followed."""
    if len(shape) != 4 or read_str(args, "data_format", "channels_last") != "channels_last":
        return None
    return (shape[0], read_dim(args, "height"), read_dim(args, "width"), shape[-1])


register("Resizing", ("height", "width", "interpolation"), (None, None))(resized_output)
register("CenterCrop", ("height", "width"), (None, None))(resized_output)
