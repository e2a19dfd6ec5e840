"""Dicts of arrays given to a functional model with named inputs.

Keras 3.15 and tf_keras 2.21 read a dict given to ``fit``/``evaluate`` by the
model's input keys: the keys of the dict it was made from, or the ``name=`` of
each ``Input`` of a list.  An extra key is ignored; a missing one raises
'Missing data for input' in both (fixtures/data/*dict* confirm each claim under
real Keras).  Each array that is there is checked like a positional input.
"""

from __future__ import annotations

import ast
import textwrap

from flake8_lstm_shapes.analysis import analyze
from flake8_lstm_shapes.keras import versions

HEADER = """\
import numpy as np
import keras
from keras import layers
a = keras.Input(shape=(10, 3), name="a")
b = keras.Input(shape=(5,), name="b")
out = layers.Dense(1)(layers.Concatenate()([layers.LSTM(4)(a), b]))
listed = keras.Model([a, b], out)
keyed = keras.Model({"a": a, "b": b}, out)
Xa = np.zeros((16, 10, 3))
Xb = np.zeros((16, 5))
y = np.zeros((16, 1))
"""


def findings(body: str, version: str = "auto"):
    text = HEADER + textwrap.dedent(body)
    ctx = analyze(ast.parse(text), text.splitlines(keepends=True), keras_version=version)
    offset = HEADER.count("\n")
    return sorted((f.line - offset, f.code) for f in ctx.sorted_findings())


def messages(body: str):
    text = HEADER + textwrap.dedent(body)
    ctx = analyze(ast.parse(text), text.splitlines(keepends=True))
    return [f.message for f in ctx.sorted_findings()]


def test_a_complete_dict_in_any_order_with_an_extra_key_is_fine():
    assert findings("""\
        listed.fit({"b": Xb, "a": Xa}, y)
        keyed.fit({"a": Xa, "b": Xb, "ids": np.arange(16)}, y)
        keyed.evaluate({"a": Xa, "b": Xb}, y)
        listed.predict({"a": Xa, "b": Xb})
        """) == []


def test_a_missing_or_misspelt_key_is_reported_in_fit_and_evaluate():
    assert findings("""\
        listed.fit({"a": Xa}, y)
        keyed.evaluate({"a": Xa, "B": Xb}, y)
        listed.fit({"a": Xa, "b": Xb}, y, validation_data=({"a": Xa}, y))
        """) == [(1, "LST207"), (2, "LST207"), (3, "LST207")]


def test_the_message_names_the_keys_given_and_taken():
    message, = messages('keyed.fit({"a": Xa, "B": Xb}, y)\n')
    assert "has keys 'a', 'B' ('B' is not one of them)" in message
    assert "keyed (line 8) takes the inputs 'a', 'b'" in message
    assert "'Missing data for input \"b\"'" in message


def test_predict_is_left_alone_keras_3_may_match_by_position():
    assert findings('listed.predict({"a": Xa, "B": Xb})\n') == []


def test_unnamed_inputs_have_keys_keras_numbers_so_nothing_is_said():
    assert findings("""\
        p = keras.Input(shape=(10, 3))
        q = keras.Input(shape=(5,))
        m = keras.Model([p, q], layers.Dense(1)(layers.Concatenate()([layers.LSTM(4)(p), q])))
        m.fit({"p": Xa}, y)
        """) == []


def test_each_array_is_checked_against_the_input_of_its_key():
    assert findings("""\
        listed.fit({"b": Xb, "a": np.zeros((16, 10, 4))}, y)
        keyed.fit({"a": np.zeros((16, 30)), "b": Xb}, y)
        """) == [(1, "LST203"), (2, "LST202")]


def test_sample_counts_of_the_inputs_and_y_must_agree():
    assert findings("""\
        listed.fit({"a": Xa, "b": Xb[:12]}, y)
        keyed.fit({"a": Xa, "b": Xb}, y[:8])
        listed.fit({"a": Xa, "b": Xb, "ids": np.arange(3)}, y)
        """) == [(1, "LST205"), (2, "LST205")]


def test_a_dict_passed_by_name_is_named_by_its_items():
    message, = messages('data = {"a": np.zeros((16, 10, 4)), "b": Xb}\nlisted.fit(data, y)\n')
    assert "but data['a'] is (16, 10, 4)" in message


def test_items_set_one_by_one_make_the_dict():
    assert findings("""\
        batch = {}
        batch["a"] = Xa
        batch["b"] = Xb
        listed.fit(batch, y)
        """) == []


def test_a_dict_changed_in_ways_not_followed_is_unknown():
    assert findings("""\
        d = {"a": Xa}
        d.update(b=Xb)
        listed.fit(d, y)
        e = {"a": Xa}
        e[name_of_b()] = Xb
        listed.fit(e, y)
        f = {"a": Xa}
        f |= {"b": Xb}
        listed.fit(f, y)
        """) == []


def test_a_dict_filled_by_a_function_of_the_file_is_followed():
    assert findings("""\
        def add_static(inputs):
            inputs["b"] = Xb
        g = {"a": Xa}
        add_static(g)
        listed.fit(g, y)
        """) == []


def test_a_dict_that_differs_between_branches_is_unknown():
    assert findings("""\
        h = {"a": Xa}
        if flag:
            h = {"a": Xa, "b": Xb}
        listed.fit(h, y)
        """) == []


def test_an_item_read_from_a_dict_is_its_array():
    assert findings("""\
        seq_model = keras.Sequential([keras.Input(shape=(10, 3)), layers.LSTM(4), layers.Dense(1)])
        arrays = {"train": np.zeros((16, 30)), "test": Xa}
        seq_model.fit(arrays["train"], y)
        seq_model.fit(arrays["test"], y)
        seq_model.fit(arrays[split_name], y)
        """) == [(3, "LST202")]


def test_keras_3_predict_runs_a_functional_model_on_other_timesteps(monkeypatch):
    body = """\
        one = keras.Model(a, layers.Dense(1)(layers.LSTM(4)(a)))
        X7 = np.zeros((16, 7, 3))
        one.predict(X7)
        one.predict_on_batch(X7)
        one.evaluate(X7, y)
        one(X7)
        """
    assert findings(body, version="3") == [(5, "LST203"), (6, "LST203")]
    monkeypatch.setattr(versions, "distribution_version", lambda name: None)
    assert findings(body) == findings(body, version="3")     # unknown: only what fails in both
    assert findings(body, version="2") == [(3, "LST203"), (4, "LST203"), (5, "LST203"), (6, "LST203")]


def test_dict_of_keywords_is_the_dict_literal():
    assert findings("""\
        listed.fit(dict(a=Xa), y)
        listed.fit(dict(a=Xa, b=Xb), y)
        listed.fit(dict({"a": Xa}), y)
        listed.fit(dict(base, a=Xa), y)
        listed.fit(dict(**base), y)
        """) == [(1, "LST207"), (3, "LST207")]


def test_one_named_input_is_looked_up_by_its_name_too():
    assert findings("""\
        one = keras.Model(a, layers.Dense(1)(layers.LSTM(4)(a)))
        one.fit({"a": Xa}, y)
        one.fit({"windows": Xa}, y)
        seq = keras.Sequential([keras.Input(shape=(10, 3), name="a"), layers.LSTM(4)])
        seq.fit({"windows": Xa}, y)
        """) == [(3, "LST207")]
