"""Names that are not ASCII come out intact in every message that quotes source.

``ast`` gives columns as UTF-8 byte offsets, the lines are text: each program
below puts accented Latin or CJK names where a message quotes the source, and
an emoji string before them on the same line, so that bytes and characters
differ by several places.  The reported column is the character column, the
one pycodestyle reports and flake8's ``--show-source`` caret uses.
"""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from flake8_lstm_shapes.checker import LstmShapesChecker
from flake8_lstm_shapes.core.context import char_offset

HEADER = ("import numpy as np\nimport keras\nfrom keras.models import Sequential, Model\n"
          "from keras.layers import LSTM, Dense, Embedding, Input\n")
EMOJI = 's = "😀🚀"; '

# code -> (the program after HEADER, texts its message must quote intact,
#          the text the finding's column points at on its line)
CASES = {
    "LST101": ("步数 = 10\n" + EMOJI + "模型 = Sequential([LSTM(4, input_shape=(步数,))])\n",
               ["input_shape=(步数,)"], "input_shape=(步数,)"),
    "LST102": ("数据 = np.zeros((32, 5, 3))\n"
               + EMOJI + "模型 = Sequential([LSTM(4, input_shape=数据.shape)])\n",
               ["input_shape=数据.shape ", "input_shape=数据.shape[1:]"], "input_shape="),
    "LST103": ("隐藏 = 64\n" + EMOJI + "modèle = Sequential([LSTM(隐藏 / 2, input_shape=(10, 1))])\n",
               ["but 隐藏 / 2 is"], "隐藏 / 2"),
    "LST104": ("entrée = keras.Input(shape=(10, 1))\n"
               + EMOJI + "x = LSTM(8, input_shape=(5, 1))(entrée)\n"
               "modèle = Model(entrée, Dense(1)(x))\nmodèle.fit(np.zeros((8, 10, 1)), np.zeros((8, 1)))\n",
               ["input_shape=(5, 1) on", "from shape=(10, 1) (line 5)"], "input_shape=(5, 1)"),
    "LST201": ("données = np.zeros((10,))\n" + EMOJI + "données = données.reshape((1, 10, 2))\n",
               ["reshape of données to", "données is (10,)", "line 5: données = np.zeros((10,))"],
               "données.reshape"),
    "LST202": ("données = np.zeros((8, 10))\nétiquettes = np.zeros((8, 1))\n"
               "modèle = Sequential([LSTM(4, input_shape=(10, 2)), Dense(1)])\n"
               + EMOJI + "modèle.fit(données, étiquettes)\n",
               ["modèle expects", "(input_shape=(10, 2) on line 7)", "but données is (8, 10)"],
               "modèle."),
    "LST203": ("été = np.zeros((7, 4, 2))\ny = np.zeros((7, 1))\n"
               "modèle = Sequential([LSTM(8, input_shape=(4, 3)), Dense(1)])\n"
               + EMOJI + "modèle.fit(été, y)\n",
               ["(input_shape=(4, 3) on line 7)", "but été is (7, 4, 2)", "line 5: été = np.zeros"],
               "modèle."),
    "LST204": ("données = np.zeros((8, 10))\n"
               + EMOJI + "m = Sequential([LSTM(4, input_shape=(données.shape[1], données.shape[2]))])\n",
               ["données.shape[2] is out of range", "données is 2-D"], "données.shape[2]"),
    "LST205": ("données = np.zeros((8, 10, 1))\nétiquettes = np.zeros((9, 1))\n"
               "modèle = Sequential([LSTM(4, input_shape=(10, 1)), Dense(1)])\n"
               + EMOJI + "modèle.fit(données, étiquettes)\n",
               ["données is (8, 10, 1)", "étiquettes is (9, 1)"], "modèle."),
    "LST206": ("données = np.zeros((8, 10, 1))\n"
               "modèle = Sequential([LSTM(4, input_shape=(10, 1)), Dense(1)])\n"
               + EMOJI + "modèle.predict(données[0])\n",
               ["but données[0] is (10, 1)", "pass données[0:1]"], "modèle."),
    "LST301": ("données = np.zeros((8, 10, 1))\nétiquettes = np.zeros((8, 1))\n"
               "entrée = Input(batch_shape=(4, 10, 1))\n"
               "modèle = Model(entrée, Dense(1)(LSTM(4, stateful=True)(entrée)))\n"
               + EMOJI + "modèle.fit(données, étiquettes, batch_size=8)\n",
               ["fixed at 4 by batch_shape=(4, 10, 1) (line 7)", "line 5: données = np.zeros"],
               "modèle."),
    "LST302": ("données = np.zeros((10, 10, 1))\nétiquettes = np.zeros((10, 1))\n"
               "entrée = Input(batch_shape=(4, 10, 1))\n"
               "modèle = Model(entrée, Dense(1)(LSTM(4, stateful=True)(entrée)))\n"
               + EMOJI + "modèle.fit(données, étiquettes, batch_size=4)\n",
               ["fixed at 4 by batch_shape=(4, 10, 1) (line 7)"], "modèle."),
    "LST303": ("大小 = 4\n" + EMOJI
               + "模型 = Sequential([LSTM(8, input_shape=(10, 1), batch_size=大小, stateful=True)])\n",
               ["batch_size= on LSTM (line 6)"], "batch_size=大小"),
    "LST401": ("première = LSTM(8, input_shape=(10, 1))\n" + EMOJI + "m = Sequential([première, LSTM(4)])\n",
               ["from LSTM (line 5)"], None),
    "LST402": ("couche = Dense(8, input_shape=(10,))\n" + EMOJI + "m = Sequential([couche, LSTM(4)])\n",
               ["from Dense (line 5)"], "LSTM(4)"),
    "LST403": ("données = np.zeros((8, 10, 1))\nétiquettes = np.zeros((8, 1))\n"
               "modèle = Sequential([LSTM(4, input_shape=(10, 1), return_sequences=True), Dense(1)])\n"
               "modèle.compile(optimizer='adam', loss='mse')\n"
               + EMOJI + "modèle.fit(données, étiquettes)\n",
               ["étiquettes"], "modèle."),
    "LST404": ("données = np.zeros((8, 10, 1))\nétiquettes = np.random.randint(0, 3, (8,))\n"
               "modèle = Sequential([LSTM(4, input_shape=(10, 1)), Dense(3, activation='softmax')])\n"
               "modèle.compile(loss='categorical_crossentropy', optimizer='adam')\n"
               + EMOJI + "modèle.fit(données, étiquettes)\n",
               ["but étiquettes is (8,)", "line 6: étiquettes = np.random.randint(0, 3, (8,))"],
               "modèle."),
    "LST405": ("词表 = np.zeros((6, 10))\n"
               + EMOJI + "m = Sequential([Embedding(6, 8, weights=[词表]), LSTM(4)])\n",
               ["but 词表 is (6, 10)", "write Embedding(词表.shape[0], 词表.shape[1], weights=[词表])"],
               "weights=[词表]"),
}


@pytest.fixture(autouse=True)
def debug(monkeypatch):
    monkeypatch.setenv("FLAKE8_LSTM_SHAPES_DEBUG", "1")


def lint(source: str):
    lines = source.splitlines(keepends=True)
    return list(LstmShapesChecker(ast.parse(source), lines, "t.py").run())


@pytest.mark.parametrize("code", sorted(CASES))
def test_a_non_ascii_name_is_quoted_intact(code):
    body, quoted, _ = CASES[code]
    found = [(line, col, text) for line, col, text, _ in lint(HEADER + body) if text.startswith(code)]
    assert len(found) == 1, found
    message = found[0][2]
    for text in quoted:
        assert text in message


@pytest.mark.parametrize("code", sorted(c for c in CASES if CASES[c][2]))
def test_the_column_counts_characters_like_flake8s_own_checks(code):
    body, _, anchor = CASES[code]
    source = HEADER + body
    (line, col), = [(line, col) for line, col, text, _ in lint(source) if text.startswith(code)]
    text = source.splitlines()[line - 1]
    assert text.startswith(EMOJI)                # bytes and characters differ before it
    assert col == text.index(anchor)


def test_byte_offsets_become_character_offsets():
    line = 's = "😀"; été = données'
    for name in ("été", "données"):
        at = line.encode("utf-8").index(name.encode("utf-8"))
        assert char_offset(line, at) == line.index(name)
    assert char_offset("plain = ascii", 6) == 6
    assert char_offset("é", 1) == 0           # inside a character: the whole ones before it


def test_flake8_shows_the_caret_under_the_name(tmp_path):
    body, _, anchor = CASES["LST203"]
    program = tmp_path / "prog.py"
    program.write_text(HEADER + body, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "flake8", "--isolated", "--select=LST", "--show-source",
                          str(program)], capture_output=True, text=True, encoding="utf-8",
                         timeout=300).stdout
    lines = out.splitlines()
    source_line, caret = lines[1], lines[2]
    assert source_line.index(anchor) == caret.index("^")
    assert "but été is (7, 4, 2)" in lines[0]
