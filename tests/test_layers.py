"""The registry's shape rules against the output shapes real Keras reported
(SEMANTICS.md "Rules that hold" 2, and the per-case details)."""

import json
import subprocess
import sys

import pytest

from flake8_lstm_shapes.keras.layers import FAMILIES, REGISTRY, Layer, LayerArgs, LayerShapeError
from flake8_lstm_shapes.core.shapes import const, format_shape
from flake8_lstm_shapes.core.values import Const, Int, Seq


def v(x):
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return Const(x)
    if isinstance(x, int):
        return Int(const(x))
    if isinstance(x, tuple):
        return Seq(tuple(v(i) for i in x))
    return x


def layer(kind, *pos, **kw):
    params = REGISTRY[kind].params if kind in REGISTRY else ("units",)
    values = {params[i]: v(p) for i, p in enumerate(pos)}
    values.update({k: v(x) for k, x in kw.items()})
    return Layer(kind, LayerArgs(values), None)


def out(lay, *shape):
    dims = tuple(None if d is None else const(d) for d in shape)
    result = REGISTRY[lay.kind].output(lay.args, dims, REGISTRY)
    if isinstance(result, list):
        return [format_shape(s) for s in result]
    return format_shape(result)


@pytest.mark.parametrize("lay,shape,expected", [
    (layer("LSTM", 3), (None, 2, 10), "(None, 3)"),                                   # tut01
    (layer("LSTM", 3), (8, 2, 10), "(8, 3)"),                                         # tut02
    (layer("LSTM", 3, return_sequences=True), (8, 2, 10), "(8, 2, 3)"),               # tut03
    (layer("LSTM", 32, return_state=True), (None, 10, 1), ["(None, 32)"] * 3),         # fn05
    (layer("GRU", 4, return_state=True), (None, 10, 1), ["(None, 4)"] * 2),
    (layer("Bidirectional", layer("LSTM", 50)), (None, 10, 1), "(None, 100)"),        # ly01
    (layer("Bidirectional", layer("LSTM", 50), merge_mode="sum"), (None, 10, 1), "(None, 50)"),
    (layer("Dense", 16), (None, 10, 1), "(None, 10, 16)"),                             # ly28
    (layer("Conv1D", 64, 3), (None, 10, 1), "(None, 8, 64)"),                          # ly06
    (layer("Conv1D", 8, 3, padding="same", strides=2), (None, 10, 1), "(None, 5, 8)"),
    (layer("MaxPooling1D", 2), (None, 8, 64), "(None, 4, 64)"),                        # ly06
    (layer("RepeatVector", 5), (None, 32), "(None, 5, 32)"),                           # ly12
    (layer("TimeDistributed", layer("Dense", 1)), (None, 10, 32), "(None, 10, 1)"),    # ly04
    (layer("Reshape", (-1, 1)), (None, 10), "(None, 10, 1)"),                          # ly11
    (layer("Permute", (2, 1)), (None, 1, 10), "(None, 10, 1)"),                        # ly30
    (layer("Embedding", 1000, 64), (None, 10), "(None, 10, 64)"),                      # ly23
    (layer("ConvLSTM2D", 16, (1, 2)), (None, 2, 1, 5, 1), "(None, 1, 4, 16)"),         # ly19
    (layer("Flatten"), (None, 4, 64), "(None, 256)"),                                  # ly07
    (layer("GlobalMaxPooling1D"), (None, 10, 32), "(None, 32)"),
])
def test_output_shape(lay, shape, expected):
    assert out(lay, *shape) == expected


def test_keras2_convolutions_take_leading_axes_beyond_their_own_for_batch_axes():
    """tf_keras's Conv1D/2D/3D read ``batch_shape + (rows, cols, channels)`` (Keras 3
    refuses that rank before the rule runs); the separable ones do not fold."""
    assert out(layer("Conv2D", 8, (3, 3), padding="same", strides=3), None, 64, 64, 1, 1) \
        == "(None, 64, 22, 1, 8)"
    assert out(layer("Conv1D", 16, 2), None, 150, 150, 3) == "(None, 150, 149, 16)"
    assert out(layer("SeparableConv2D", 8, (3, 3)), None, 64, 64, 1, 1) == "(?)"     # unknown
    with pytest.raises(LayerShapeError):
        out(layer("Conv2D", 8, (3, 3)), None, 64, 22, 1, 8)


def test_reshape_that_changes_the_element_count_raises():                             # ly10
    with pytest.raises(LayerShapeError):
        out(layer("Reshape", (5, 1)), None, 10)


def test_conv_kernel_longer_than_the_sequence_raises():                               # ly33
    with pytest.raises(LayerShapeError):
        out(layer("Conv1D", 16, 5), None, 3, 1)


def test_input_ranks_follow_keras_input_spec():
    assert REGISTRY["LSTM"].rank_problem((None, const(10))) == "expected ndim=3, found ndim=2"
    assert REGISTRY["RepeatVector"].rank_problem((None, const(10), const(3))) is not None
    assert REGISTRY["Dense"].rank_problem((None, const(10), const(3))) is None
    assert REGISTRY["ConvLSTM2D"].rank_problem((None,) + (const(1),) * 3) is not None
    assert REGISTRY["Conv1D"].rank_problem((None, const(10))) == "expected min_ndim=3, found ndim=2"


def test_unknown_arguments_give_unknown_output():
    lay = Layer("LSTM", LayerArgs({"units": v(8)}, open_ended=True), None)
    assert REGISTRY["LSTM"].output(lay.args, (None, const(3), const(1)), REGISTRY) is None


def test_every_family_registers_into_one_registry():
    """The package assembles the registry from its family modules: a layer of
    each family is there, and every registered name is a known layer name."""
    from flake8_lstm_shapes.keras.layers import LAYER_NAMES, positional_params
    for kind in ("LSTM", "ConvLSTM1D", "Bidirectional", "Dense", "Conv2D", "MaxPool1D",
                 "GlobalAvgPool2D", "Reshape", "ZeroPadding2D", "Lambda"):
        assert kind in REGISTRY
    assert set(REGISTRY) <= LAYER_NAMES
    assert positional_params("Concatenate") == ("axis",)
    assert positional_params("LSTMCell") == ("units",)
    assert positional_params("Conv1D")[:2] == ("filters", "kernel_size")


FAMILY_PROBE = """
import importlib, json, sys
from flake8_lstm_shapes.keras.layers import REGISTRY
importlib.import_module("flake8_lstm_shapes.keras.layers." + sys.argv[1])
print(json.dumps(sorted(REGISTRY.specs)))
"""


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_each_family_registers_the_layers_the_name_table_gives_it(family):
    """The registry imports the family ``names.FAMILIES`` gives a layer: that
    family must register it, and every name a family registers must be in the
    table (under it, or under a family it imports).  In a fresh interpreter,
    so that no other family is loaded."""
    done = subprocess.run([sys.executable, "-c", FAMILY_PROBE, family], capture_output=True,
                          text=True, timeout=60, check=True)
    registered = set(json.loads(done.stdout))
    assert set(FAMILIES[family]) <= registered
    assert registered <= set(REGISTRY)


def test_a_lookup_imports_only_the_family_of_the_layer():
    probe = ("import json, sys\n"
             "from flake8_lstm_shapes.keras.layers import REGISTRY\n"
             "assert 'MaxPooling1D' in REGISTRY\n"       # a name alone imports nothing
             "before = set(sys.modules)\n"
             "spec = REGISTRY.get('MaxPooling1D')\n"
             "print(json.dumps([spec.name, sorted(set(sys.modules) - before)]))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60, check=True)
    name, loaded = json.loads(done.stdout)
    assert name == "MaxPooling1D"
    assert loaded == ["flake8_lstm_shapes.keras.layers.pooling"]
    assert REGISTRY.get("NoSuchLayer") is None and "NoSuchLayer" not in REGISTRY


@pytest.mark.parametrize("lay,stateful", [
    (layer("LSTM", 4, stateful=True), True),
    (layer("LSTM", 4), False),
    (layer("Bidirectional", layer("GRU", 4, stateful=True)), True),
    (layer("Dense", 4, stateful=True), False),           # only a recurrent layer keeps state
])
def test_stateful_is_a_fact_about_the_layer(lay, stateful):
    from flake8_lstm_shapes.keras.layers import stateful_layer
    assert stateful_layer(lay) is stateful
