"""TensorFlow's, keras.ops' and the Keras 2 backend's shape ops: the pure
rules (what TF 2.21 and Keras 3.15 give, per namespace), and what follows
from them in a model, on arrays and inside Lambda layers."""

import ast

import pytest

from flake8_lstm_shapes.analysis import analyze
from flake8_lstm_shapes.core.arguments import CallArgs
from flake8_lstm_shapes.core.shapes import const, format_shape
from flake8_lstm_shapes.core.values import Const, Int, Seq
from flake8_lstm_shapes.keras import tensor_ops


class T:
    """A tensor operand of a known shape (None: Keras's any-size axis)."""

    def __init__(self, *dims):
        self.shape = tuple(None if d is None else const(d) for d in dims)


def v(x):
    if isinstance(x, T):
        return x
    if isinstance(x, int):
        return Int(const(x))
    if isinstance(x, (tuple, list)):
        return Seq(tuple(v(i) for i in x), "list" if isinstance(x, list) else "tuple")
    return Const(x)


def run(qualname, *pos, **kw):
    op = tensor_ops.op_of(qualname)
    assert op is not None, qualname
    args = CallArgs([v(p) for p in pos], [None] * len(pos), {k: v(x) for k, x in kw.items()})
    shape = tensor_ops.output_shape(*op, args, lambda value: getattr(value, "shape", None))
    return None if shape is None else format_shape(shape)


@pytest.mark.parametrize("qualname,pos,kw,expected", [
    ("tensorflow.expand_dims", (T(None, 10), -1), {}, "(None, 10, 1)"),
    ("keras.ops.expand_dims", (T(None, 10), 1), {}, "(None, 1, 10)"),
    ("keras.backend.expand_dims", (T(None, 10),), {}, "(None, 10, 1)"),       # K's axis=-1
    ("tensorflow.expand_dims", (T(None, 10),), {}, None),                     # axis is required
    ("tensorflow.squeeze", (T(None, 10, 1),), {"axis": -1}, "(None, 10)"),
    ("tensorflow.squeeze", (T(None, 10, 1),), {}, None),     # every axis: the batch may be 1
    ("tensorflow.squeeze", (T(4, 10, 1),), {}, "(4, 10)"),
    ("tensorflow.squeeze", (T(None, 10, 3), 2), {}, None),   # not an axis of 1: TF raises
    ("tensorflow.reshape", (T(None, 10, 3), (-1, 30)), {}, "(None, 30)"),
    ("keras.ops.reshape", (T(None, 10, 3), (-1, 5, 6)), {}, "(None, 5, 6)"),
    ("keras.ops.reshape", (T(4, 10), (-1, 3)), {}, None),    # 40 into threes: not whole
    ("tensorflow.reshape", (T(4, 10), (8, 5)), {}, "(8, 5)"),
    ("tensorflow.transpose", (T(None, 3, 10),), {"perm": (0, 2, 1)}, "(None, 10, 3)"),
    ("tensorflow.transpose", (T(None, 3, 10),), {}, "(10, 3, None)"),         # reversed
    ("keras.backend.permute_dimensions", (T(None, 3, 10), (0, 2, 1)), {}, "(None, 10, 3)"),
    ("tensorflow.concat", ([T(None, 5, 4), T(None, 5, 2)], -1), {}, "(None, 5, 6)"),
    ("tensorflow.concat", ([T(None, 5, 4), T(None, 5, 2)],), {}, None),       # axis required
    ("keras.ops.concatenate", ([T(None, 4), T(None, 4)],), {}, "(None, 4)"),  # axis=0: the batch
    ("keras.backend.concatenate", ([T(None, 5, 4), T(None, 5, 2)],), {}, "(None, 5, 6)"),
    ("keras.ops.concatenate", ([T(None, 5, 4), T(None, 6, 2)],), {"axis": -1}, None),
    ("tensorflow.stack", ([T(None, 4), T(None, 4)],), {"axis": 1}, "(None, 2, 4)"),
    ("keras.ops.stack", ([T(None, 4), T(None, 5)],), {}, None),
    ("tensorflow.one_hot", (T(None, 10), 7), {}, "(None, 10, 7)"),
    ("keras.ops.one_hot", (T(32,),), {"num_classes": 3}, "(32, 3)"),
    ("tensorflow.tile", (T(None, 1, 8), (1, 5, 1)), {}, "(None, 5, 8)"),
    ("tensorflow.tile", (T(None, 1, 8), (5, 1)), {}, None),  # one multiple per axis
    ("keras.ops.tile", (T(2, 8), (3,)), {}, "(2, 24)"),      # np.tile pads the repeats
    ("tensorflow.repeat", (T(None, 1, 8), 5), {"axis": 1}, "(None, 5, 8)"),
    ("keras.ops.repeat", (T(2, 3), 2), {}, "(12,)"),         # no axis: flattened
    ("keras.backend.repeat", (T(None, 8), 5), {}, "(None, 5, 8)"),            # RepeatVector
    ("keras.backend.repeat_elements", (T(None, 2, 8), 3, 1), {}, "(None, 6, 8)"),
    ("tensorflow.cast", (T(None, 10), "float32"), {}, "(None, 10)"),
    ("keras.ops.convert_to_tensor", (T(3, 4),), {}, "(3, 4)"),
    ("tensorflow.constant", (0.0,), {"shape": (2, 3)}, "(2, 3)"),
])
def test_op_shapes(qualname, pos, kw, expected):
    assert run(qualname, *pos, **kw) == expected


@pytest.mark.parametrize("qualname,expected", [
    ("tensorflow.expand_dims", ("tf", "expand_dims")),
    ("tensorflow.keras.ops.stack", ("ops", "stack")),
    ("tensorflow.keras.backend.permute_dimensions", ("backend", "permute_dimensions")),
    ("keras.ops.concat", None),            # keras.ops spells it concatenate
    ("tensorflow.concatenate", None),      # TensorFlow spells it concat
    ("keras.ops.constant", None),          # keras.ops has no constant
    ("tensorflow.math.reduce_sum", None),
    ("keras.layers.Reshape", None),
])
def test_names_exist_where_they_are_modelled(qualname, expected):
    assert tensor_ops.op_of(qualname) == expected


def findings(source, version="3"):
    ctx = analyze(ast.parse(source), source.splitlines(True), "t.py", version)
    return sorted((f.line, f.code) for f in ctx.findings.values())


BETWEEN_LAYERS = """\
import tensorflow as tf
from tensorflow.keras import Input, Model
from tensorflow.keras.layers import LSTM, Dense
inputs = Input(shape=(10, 1))
x = tf.squeeze(inputs, axis=-1)
x = LSTM(4)(x)
"""


def test_a_tensorflow_op_between_layers_carries_the_shape_in_keras_2():
    assert findings(BETWEEN_LAYERS, "2") == [(6, "LST402")]


def test_keras_3_refuses_tensorflow_ops_on_its_tensors_so_nothing_follows():
    assert findings(BETWEEN_LAYERS, "3") == []


def test_the_op_result_keeps_the_batch_axis_and_reaches_the_next_layer():
    source = ("import keras\nfrom keras import ops\nfrom keras.layers import LSTM, Dense\n"
              "inputs = keras.Input(shape=(12,))\n"
              "x = ops.expand_dims(inputs, -1)\n"
              "x = LSTM(4)(x)\n"
              "x = ops.expand_dims(x, 1)\n"
              "x = LSTM(4)(ops.squeeze(x, 1))\n")
    assert findings(source) == [(8, "LST402")]


@pytest.mark.parametrize("function,expected", [
    ("lambda x: ops.reshape(x, (-1, 5, 2))", []),
    ("lambda x: ops.expand_dims(x, -1)", [(7, "LST402")]),                  # 4-D
    ("lambda x: ops.squeeze(x, -1)", [(7, "LST402")]),
    ("lambda x: ops.reshape(x, (-1, 5, 2)) * 2.0", []),
    ("lambda x: ops.squeeze(x, -1) / 255.0 - 1", [(7, "LST402")]),
    ("drop_features", [(7, "LST402")]),
    ("lambda x: ops.squeeze(x, -1), output_shape=(10, 1)", []),     # Keras 3 takes it
    ("lambda x: ops.mean(x, axis=-1)", []),                         # not modelled: unknown
    ("lambda x: ops.squeeze(x, -1) + np.ones((10,))", []),          # broadcasts: unknown
])
def test_lambda_layers_get_the_shape_of_their_function(function, expected):
    source = ("import numpy as np\nimport keras\nfrom keras import ops\n"
              "from keras.layers import Lambda, LSTM\n"
              f"inputs = keras.Input(shape=(10, 1))\nx = Lambda({function})(inputs)\n"
              "x = LSTM(4)(x)\n")
    if function == "drop_features":     # a small def, written before the model
        source = source.replace("inputs =", "def drop_features(x):\n    squeezed = ops.squeeze(x, axis=-1)\n"
                                "    return squeezed\ninputs =")
        expected = [(10, "LST402")]
    assert findings(source) == expected


def test_output_shape_is_what_keras_2_ignores():
    source = ("import tensorflow as tf\nfrom tensorflow.keras.layers import Lambda, LSTM, Input\n"
              "inputs = Input(shape=(10, 1))\n"
              "x = Lambda(lambda t: tf.squeeze(t, -1), output_shape=(10, 1))(inputs)\n"
              "x = LSTM(4)(x)\n")
    assert findings(source, "2") == [(5, "LST402")]
    assert findings(source, "auto") == []     # the two Keras disagree: nothing is said


def test_ops_on_arrays_give_arrays_of_that_shape():
    source = ("import numpy as np\nimport keras\nfrom keras import ops\n"
              "X = np.zeros((50, 10))\ny = np.zeros((50, 1))\n"
              "model = keras.Sequential([keras.Input(shape=(10, 1)), keras.layers.LSTM(4)])\n"
              "model.fit(ops.expand_dims(X, -1), y)\n"
              "model.fit(ops.transpose(ops.expand_dims(X, -1), (0, 2, 1)), y)\n"
              "bad = ops.reshape(X, (50, 3, -1))\n")
    assert findings(source) == [(8, "LST203"), (9, "LST201")]


BUILT = """\
from keras.layers import Input, Dense
from keras.models import Model
inputs = Input(shape=(20,))
hidden = Dense(16, name="hidden")(inputs)
out = Dense(4)(hidden)
model = Model(inputs, out)
code = Input(shape=(8,))
"""


@pytest.mark.parametrize("use,expected", [
    ("model.layers[-1](code)", [(8, "LST402")]),         # built on 16 features
    ("model.layers[1](Input(shape=(20,)))", []),         # the size it was built on
    ("model.get_layer('hidden')(code)", [(8, "LST402")]),
    ("model.get_layer('other')(code)", []),              # not known: unknown
    ("Dense(4)(code)", []),                              # a new layer builds on what it gets
])
def test_a_layer_from_a_built_model_keeps_its_input_size(use, expected):
    assert findings(BUILT + f"y = {use}\n") == expected


def test_an_op_can_fix_a_shape_its_input_does_not_have():
    source = ("import tensorflow as tf\nfrom tensorflow.keras.layers import Identity, Input, LSTM\n"
              "x = Identity()(Input(shape=(5, 2)))\n"       # a layer whose output is not followed
              "x = tf.reshape(x, (-1, 10))\nx = LSTM(4)(x)\n")
    assert findings(source, "2") == [(5, "LST402")]
