"""The attention layers, Dot, the transposed/separable/depthwise convolutions
and the preprocessing layers against the shapes Keras 3.15 and tf_keras 2.21
both built (and ran) for the same inputs."""

import pytest

from flake8_lstm_shapes.keras.layers import REGISTRY, LayerShapeError
from flake8_lstm_shapes.keras.layers.attention import attention_output
from flake8_lstm_shapes.keras.layers.merging import merge_output
from flake8_lstm_shapes.core.shapes import const, format_shape

from test_layers import layer, out


def dims(*shape):
    return tuple(None if d is None else const(d) for d in shape)


def attend(kind, shapes, *pos, version=None, scores=False, **kw):
    lay = layer(kind, *pos, **kw)
    result = attention_output(kind, lay.args, [dims(*s) for s in shapes], version, scores)
    if isinstance(result, list):
        return [None if s is None else format_shape(s) for s in result]
    return None if result is None else format_shape(result)


@pytest.mark.parametrize("kind", ["Attention", "AdditiveAttention"])
@pytest.mark.parametrize("shapes,expected", [
    (((None, 10, 32), (None, 10, 32)), "(None, 10, 32)"),
    (((None, 10, 32), (None, 5, 32)), "(None, 10, 32)"),
    (((None, 32), (None, 32)), "(None, 32)"),
    (((None, 4, 10, 32), (None, 4, 5, 32)), "(None, 4, 10, 32)"),
])
def test_list_attention_follows_the_query(kind, shapes, expected):
    assert attend(kind, shapes) == expected


def test_attention_takes_the_value_features_and_gives_scores():
    assert attend("Attention", [(None, 10, 32), (None, 5, 16), (None, 5, 32)]) == "(None, 10, 16)"
    assert attend("Attention", [(None, 10, 32), (None, 5, 32)], scores=True) == \
        ["(None, 10, 32)", "(None, 10, 5)"]


@pytest.mark.parametrize("kind,shapes", [
    ("Attention", [(None, 10, 32), (None, 5, 16)]),                   # query vs key size
    ("AdditiveAttention", [(None, 10, 32), (None, 5, 16)]),
    ("Attention", [(None, 10, 32), (None, 5, 16), (None, 6, 32)]),    # key vs value steps
    ("Attention", [(None, 10, 32)] * 4),                              # a list of 4
])
def test_list_attention_refuses_what_keras_refuses(kind, shapes):
    with pytest.raises(LayerShapeError):
        attend(kind, shapes)


def test_list_attention_leaves_what_the_kerases_disagree_on():
    concat_broadcast = attend("Attention", [(None, 10, 1), (None, 5, 32)], score_mode="concat")
    assert concat_broadcast == "(None, 10, 32)"
    additive = [(None, 10, 32), (None, 5, 16), (None, 5, 32)]
    assert attend("AdditiveAttention", additive, version=None) is None    # tf_keras refuses
    assert attend("AdditiveAttention", additive, version=3) == "(None, 10, 16)"
    assert attend("Attention", [(None, 10, 32), (None, 32)]) is None       # ranks that broadcast


@pytest.mark.parametrize("kw,shapes,expected", [
    ({}, [(None, 10, 32), (None, 10, 32)], "(None, 10, 32)"),
    ({}, [(None, 10, 32), (None, 5, 16)], "(None, 10, 32)"),
    ({}, [(None, 10, 32), (None, 5, 16), (None, 5, 7)], "(None, 10, 32)"),
    ({"output_shape": 64}, [(None, 10, 32)] * 2, "(None, 10, 64)"),
    ({"output_shape": (64,)}, [(None, 10, 32)] * 2, "(None, 10, 64)"),
    ({"output_shape": (4, 16)}, [(None, 10, 32)] * 2, "(None, 10, 4, 16)"),
    ({}, [(None, 3, 10, 32)] * 2, "(None, 3, 10, 32)"),
])
def test_multi_head_attention_output(kw, shapes, expected):
    assert attend("MultiHeadAttention", shapes, 4, 8, **kw) == expected


def test_multi_head_attention_scores_are_not_guessed():
    assert attend("MultiHeadAttention", [(None, 10, 32), (None, 5, 16)], 4, 8, scores=True) == \
        ["(None, 10, 32)", None]


@pytest.mark.parametrize("shapes", [
    [(None, 10, 32), (None, 5, 16), (None, 6, 16)],      # value and key steps
    [(None, 10, 32), (None, 5, 16), (None, 16)],         # key without steps
    [(None, 32), (None, 32)],                            # no sequence axis
    [(None, 10, 32), (None, 16)],
])
def test_multi_head_attention_refuses(shapes):
    with pytest.raises(LayerShapeError):
        attend("MultiHeadAttention", shapes, 4, 8)


@pytest.mark.parametrize("kind", ["Attention", "AdditiveAttention", "MultiHeadAttention"])
def test_attention_on_one_tensor_is_refused(kind):
    with pytest.raises(LayerShapeError):
        out(layer(kind), None, 10, 32)


def dot(shapes, **kw):
    return format_shape(merge_output("Dot", layer("Dot", **kw).args, [dims(*s) for s in shapes]))


@pytest.mark.parametrize("axes,shapes,expected", [
    (-1, [(None, 10, 32), (None, 5, 32)], "(None, 10, 5)"),
    (1, [(None, 32), (None, 32)], "(None, 1)"),
    ((2, 2), [(None, 10, 32), (None, 5, 32)], "(None, 10, 5)"),
    ((1, 1), [(None, 10, 32), (None, 10, 5)], "(None, 32, 5)"),
    ((2, -1), [(None, 10, 32), (None, 5, 32)], "(None, 10, 5)"),
    ((2, 1), [(None, 10, 32), (None, 32)], "(None, 10)"),
    ((1, 2), [(None, 10, 32), (None, 5, 10)], "(None, 32, 5)"),
    (3, [(None, 3, 4, 5), (None, 3, 6, 5)], "(None, 3, 4, 3, 6)"),
])
def test_dot_output(axes, shapes, expected):
    assert dot(shapes, axes=axes) == expected


def test_dot_refuses_other_sizes_and_counts():
    with pytest.raises(LayerShapeError):
        dot([(None, 32), (None, 16)], axes=1)
    with pytest.raises(LayerShapeError):
        dot([(None, 10)] * 3, axes=1)
    batch_axis = merge_output("Dot", layer("Dot", axes=0).args, [dims(None, 10, 32)] * 2)
    assert batch_axis is None       # the batch axis: not followed


@pytest.mark.parametrize("lay,shape,expected", [
    (layer("Conv1DTranspose", 8, 3, strides=2), (None, 10, 4), "(None, 21, 8)"),
    (layer("Conv1DTranspose", 8, 3, strides=2, padding="same"), (None, 10, 4), "(None, 20, 8)"),
    (layer("Conv1DTranspose", 8, 3, strides=2, output_padding=1), (None, 10, 4), "(None, 22, 8)"),
    (layer("Conv1DTranspose", 8, 4, strides=3, padding="same", output_padding=1), (None, 10, 4),
     "(None, 28, 8)"),
    (layer("Conv1DTranspose", 8, 3, dilation_rate=2), (None, 10, 4), "(None, 14, 8)"),
    (layer("Conv1DTranspose", 8, 1, strides=3), (None, 10, 4), "(None, 30, 8)"),
    (layer("Conv2DTranspose", 8, (3, 2), strides=(2, 1)), (None, 10, 6, 4), "(None, 21, 7, 8)"),
    (layer("SeparableConv1D", 8, 3, strides=2), (None, 10, 4), "(None, 4, 8)"),
    (layer("SeparableConv2D", 8, 3, padding="same"), (None, 10, 6, 4), "(None, 10, 6, 8)"),
    (layer("DepthwiseConv1D", 3, depth_multiplier=2), (None, 10, 4), "(None, 8, 8)"),
    (layer("DepthwiseConv2D", 3), (None, 10, 6, 4), "(None, 8, 4, 4)"),
    (layer("Rescaling", 1 / 255), (None, 10, 4), "(None, 10, 4)"),
    (layer("Normalization"), (None, 10, 4), "(None, 10, 4)"),
    (layer("RandomFlip"), (None, 10, 8, 3), "(None, 10, 8, 3)"),
    (layer("Resizing", 5, 4), (None, 10, 8, 3), "(None, 5, 4, 3)"),
    (layer("CenterCrop", 12, 4), (None, 10, 8, 3), "(None, 12, 4, 3)"),
    (layer("GlobalMaxPooling3D"), (None, 4, 5, 6, 3), "(None, 3)"),
    (layer("Cropping3D", 1), (None, 4, 5, 6, 3), "(None, 2, 3, 4, 3)"),
    (layer("ZeroPadding3D", 1), (None, 4, 5, 6, 3), "(None, 6, 7, 8, 3)"),
    (layer("UpSampling3D", 2), (None, 4, 5, 6, 3), "(None, 8, 10, 12, 3)"),
    (layer("SpatialDropout3D", 0.1), (None, 4, 5, 6, 3), "(None, 4, 5, 6, 3)"),
])
def test_output_shape(lay, shape, expected):
    assert out(lay, *shape) == expected


def test_unbatched_images_are_not_followed():
    lay = layer("Resizing", 5, 4)
    assert REGISTRY["Resizing"].output(lay.args, dims(None, 10, 8), REGISTRY) is None


@pytest.mark.parametrize("lay", [layer("DepthwiseConv1D", 12), layer("SeparableConv1D", 8, 12)])
def test_a_kernel_longer_than_the_sequence_is_refused(lay):
    with pytest.raises(LayerShapeError):
        out(lay, None, 10, 4)


def test_conv1d_transpose_takes_sequences_only():
    assert REGISTRY["Conv1DTranspose"].rank_problem(dims(None, 10, 6, 3)) is not None
