"""Notebooks: read natively (``notebooks.read_notebook``), linted as one
program, findings and line references in cell terms; the flake8 face on the
JSON file, nbqa's temporary file, ``check`` and ``explain``."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
import time

import pytest

from flake8_lstm_shapes.analysis import analyze
from flake8_lstm_shapes.cli import main
from flake8_lstm_shapes.explain import explain_source, render_json, render_text
from flake8_lstm_shapes.notebooks import (NotebookError, align_cells, lint_notebook,
                                          nbqa_line_namer, nbqa_places, read_notebook)
from support.expectations import ENV, ROOT, fixture_files, parse_report, run_flake8

BAD = """\
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense
X = np.random.rand(100, 20)
y = np.random.rand(100, 1)
model = Sequential()
model.add(LSTM(32, input_shape=(10, 2)))
model.add(Dense(1))
model.fit(X, y)
"""
REFERENCE = re.compile(r"cell (\d+), line (\d+)")


def notebook(*cells, as_string=False, markdown=True, language="python"):
    """An nbformat 4 notebook of these code cells, a markdown cell before each."""
    out = []
    for source in cells:
        if markdown:
            out.append({"cell_type": "markdown", "metadata": {}, "source": ["Some words.\n"]})
        lines = source.splitlines(keepends=True)
        out.append({"cell_type": "code", "execution_count": None, "metadata": {},
                    "outputs": [], "source": source if as_string else lines})
    return json.dumps({"cells": out, "metadata": {"language_info": {"name": language}},
                       "nbformat": 4, "nbformat_minor": 5}, indent=1, ensure_ascii=False)


def statement_cells(text: str):
    """The program cut into one cell per top-level statement (the lines before
    the first, its header, go with it); each cell's first line in the file."""
    lines = text.splitlines(keepends=True)
    starts = [node.lineno for node in ast.parse(text).body] or [1]
    starts[0] = 1
    bounds = zip(starts, starts[1:] + [len(lines) + 1])
    cells = []
    for first, end in bounds:
        chunk = lines[first - 1:end - 1]
        cells.append(("".join(chunk).rstrip("\n"), first))
    return cells


# -- every fixture, as a notebook ---------------------------------------------------------

FIXTURES = fixture_files()


@pytest.fixture(scope="module")
def fixtures_copy(tmp_path_factory):
    """A copy of the fixtures, where each notebook is written beside its
    program: the same folder, so the same neighbour modules and project files."""
    root = tmp_path_factory.mktemp("notebooks")
    shutil.copytree(ROOT / "fixtures", root / "fixtures")
    return root


@pytest.mark.parametrize("fixture", FIXTURES, ids=[str(p.relative_to(ROOT)) for p in FIXTURES])
def test_a_fixture_as_a_notebook_gives_its_findings_in_cell_terms(fixture, fixtures_copy):
    """Same codes at the mapped places; messages differ only in how they name lines."""
    path = fixtures_copy / fixture.relative_to(ROOT)
    text = path.read_text()
    cells = statement_cells(text)
    as_py = analyze(ast.parse(text), text.splitlines(keepends=True), str(path)).sorted_findings()
    written = path.with_suffix(".ipynb")
    written.write_text(notebook(*(source for source, _ in cells)))
    as_nb = lint_notebook(written.read_text(), str(written))
    first_line = {number: first for number, (_, first) in enumerate(cells, start=1)}

    def back(match):    # a cell reference, as the .py names the same line
        return f"line {first_line[int(match.group(1))] + int(match.group(2)) - 1}"
    assert [(f.line, f.col, f.code) for f in as_py] == \
        [(first_line[f.cell] + f.cell_line - 1, f.col, f.code) for f in as_nb]
    assert [f.message for f in as_py] == [REFERENCE.sub(back, f.message) for f in as_nb]
    for finding in as_nb:   # no reference left in the joined source's terms
        assert not re.search(r"(?<![\w.]\.py )\bline \d+", REFERENCE.sub("", finding.message))


def test_the_fixtures_give_findings_to_compare():
    """The comparison above is not empty: most bad fixtures report something."""
    bad = [p for p in FIXTURES if p.stem.endswith("_bad")]
    found = sum(bool(lint_notebook(notebook(*(s for s, _ in statement_cells(p.read_text()))),
                                   str(p.with_suffix(".ipynb")))) for p in bad)
    assert found >= 0.8 * len(bad)


# -- reading ---------------------------------------------------------------------------

def test_cells_join_in_order_and_a_later_cell_sees_earlier_definitions():
    cells = statement_cells(BAD)
    findings = lint_notebook(notebook(*(s for s, _ in cells)), "nb.ipynb")
    assert [(f.cell, f.cell_line, f.code) for f in findings] == [(9, 1, "LST202")]
    assert "(input_shape=(10, 2) on cell 7, line 1)" in findings[0].message
    assert "(cell 4, line 1: X = np.random.rand(100, 20))" in findings[0].message
    assert findings[0].location() == "cell 9:1:11"


def test_source_as_one_string_reads_as_a_list_does():
    cells = ["import numpy as np\nX = np.random.rand(100, 20)", BAD.split("X =")[0] +
             "y = np.random.rand(100, 1)\nmodel = Sequential()\n"
             "model.add(LSTM(32, input_shape=(10, 2)))\nmodel.fit(X, y)"]
    as_list = lint_notebook(notebook(*cells), "nb.ipynb")
    as_string = lint_notebook(notebook(*cells, as_string=True), "nb.ipynb")
    assert as_list == as_string
    assert [(f.cell, f.cell_line, f.code) for f in as_list] == [(2, 7, "LST202")]
    assert "(cell 1, line 2: X = np.random.rand(100, 20))" in as_list[0].message


def test_markdown_and_raw_cells_are_not_numbered():
    document = json.loads(notebook(BAD))
    document["cells"].insert(0, {"cell_type": "raw", "metadata": {}, "source": "raw\ntext"})
    findings = lint_notebook(json.dumps(document), "nb.ipynb")
    assert [(f.cell, f.cell_line, f.cell_index) for f in findings] == [(1, 9, 2)]


MAGICS = """\
%matplotlib inline
!pip install keras
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM
files = !ls
np.random.rand?
?np.random
for i in range(2):
    %time i + 1
X = np.random.rand(100, 20)
model = Sequential()
model.add(LSTM(32, input_shape=(10, 2)))
model.fit(X, X[:, :1])
"""


def test_line_magics_keep_every_line_in_place():
    read = read_notebook(notebook(MAGICS), "nb.ipynb")
    assert read.lines[0] == "pass\n" and read.lines[5] == "pass\n"
    assert read.lines[9] == "    pass\n"     # inside a block, the block stays
    assert read.lines[10:] == MAGICS.splitlines(keepends=True)[10:]
    findings = lint_notebook(notebook(MAGICS), "nb.ipynb")
    assert [(f.cell, f.cell_line, f.col, f.code) for f in findings] == [(1, 14, 10, "LST202")]


def test_a_cell_of_plain_python_is_left_alone_whatever_it_holds():
    source = 'text = """\n%not a magic\n!nor this?\n"""\n'
    assert read_notebook(notebook(source), "nb.ipynb").lines == source.splitlines(keepends=True)


def test_cell_magics_of_another_language_are_skipped_and_python_ones_kept():
    bash = "%%bash\nX = np.random.rand(100, 20)\nls -l"
    timed = "%%time\n" + BAD
    read = read_notebook(notebook(bash, timed), "nb.ipynb")
    assert read.lines[:3] == ["\n"] * 3 and read.cells[0].skipped
    assert read.lines[3] == "\n" and read.lines[4:] == BAD.splitlines(keepends=True)
    findings = lint_notebook(notebook(bash, timed), "nb.ipynb")
    assert [(f.cell, f.cell_line, f.code) for f in findings] == [(2, 10, "LST202")]
    writefile = "%%writefile data.py\n" + BAD
    assert lint_notebook(notebook(writefile), "nb.ipynb") == []


def test_a_cell_that_is_not_python_drops_out_and_the_rest_is_read():
    findings = lint_notebook(notebook("def broken(:\n    pass", BAD), "nb.ipynb")
    assert [(f.cell, f.cell_line, f.code) for f in findings] == [(2, 9, "LST202")]
    late_future = lint_notebook(notebook(BAD, "from __future__ import annotations"), "nb.ipynb")
    assert [(f.cell, f.cell_line) for f in late_future] == [(1, 9)]


def test_a_notebook_of_another_language_has_nothing_to_lint():
    assert lint_notebook(notebook(BAD, language="R"), "nb.ipynb") == []


@pytest.mark.parametrize("text, says", [
    ('{"cells": [', "invalid JSON (line 1, column 12)"),
    ("[1, 2]", "the JSON is not an object"),
    ('{"nbformat": 3, "worksheets": []}', "nbformat 3"),
    ('{"cells": []}', "no nbformat"),
    ('{"nbformat": 4, "cells": [{"cell_type": "code", "source": 7}]}', "code cell 1"),
])
def test_a_file_that_is_no_notebook_raises_one_line_naming_it(text, says):
    with pytest.raises(NotebookError) as raised:
        lint_notebook(text, "dir/nb.ipynb")
    message = str(raised.value)
    assert message.startswith("dir/nb.ipynb: ") and says in message and "\n" not in message


def test_empty_notebooks_and_notebooks_without_code_say_nothing():
    assert lint_notebook('{"nbformat": 4, "nbformat_minor": 5, "cells": [], "metadata": {}}',
                         "nb.ipynb") == []
    document = json.loads(notebook(BAD))
    document["cells"] = [c for c in document["cells"] if c["cell_type"] != "code"]
    assert lint_notebook(json.dumps(document), "nb.ipynb") == []
    assert lint_notebook(notebook("", "   \n"), "nb.ipynb") == []


def test_a_huge_cell_stays_within_the_budget():
    huge = BAD + "".join(f"z{i} = np.random.rand(100, 20).reshape((100, 10, 2))\n"
                         for i in range(20000))
    start = time.monotonic()
    findings = lint_notebook(notebook(huge), "nb.ipynb")
    assert time.monotonic() - start < 60
    assert [(f.cell, f.cell_line, f.code) for f in findings] == [(1, 9, "LST202")]


# -- the flake8 face -----------------------------------------------------------------------

def test_flake8_places_a_finding_on_its_line_of_the_json_file(tmp_path):
    path = tmp_path / "nb.ipynb"
    path.write_text(notebook("import numpy as np\nX = np.random.rand(100, 20)",
                             BAD.replace("X = np.random.rand(100, 20)\n", ""), as_string=False))
    result = run_flake8([str(path)])
    assert result.returncode == 1, result.stderr
    (row, col, code, text), = parse_report(result.stdout)[str(path)]
    json_line = path.read_text().splitlines()[row - 1]
    assert json_line.strip().startswith('"model.fit(X, y)')
    assert json_line[col - 1:].startswith("X, y)")          # the column of `X` in the cell
    assert text.startswith("cell 2:8:11: ") and "(cell 1, line 2: X = np" in text


def test_flake8_honours_a_noqa_on_the_cell_line_and_reads_one_string_sources(tmp_path):
    silenced = tmp_path / "quiet.ipynb"
    silenced.write_text(notebook(BAD.replace("model.fit(X, y)", "model.fit(X, y)  # noqa: LST202")))
    assert run_flake8([str(silenced)]).stdout == ""
    one_string = tmp_path / "one.ipynb"
    one_string.write_text(notebook('s = "été"\n' + BAD, as_string=True))
    (row, col, code, text), = parse_report(run_flake8([str(one_string)]).stdout)[str(one_string)]
    line = one_string.read_text().splitlines()[row - 1]
    assert line[col - 1:].startswith("X, y)") and text.startswith("cell 1:10:11: ")


def test_flake8_on_a_json_file_that_is_no_notebook_says_nothing_of_ours(tmp_path):
    path = tmp_path / "other.ipynb"
    path.write_text('{"nbformat": 3, "worksheets": [], "keras": "LSTM"}\n')
    result = run_flake8([str(path)])
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


# -- nbqa's temporary file ---------------------------------------------------------------

SEPARATOR = "# %%NBQA-CELL-SEP1a2b3c\n"


def nbqa_source(*cells):
    """The temporary file as nbqa writes it for flake8: each kept cell after
    its separator, three newlines after each, the end stripped to one."""
    text = "".join(f"{SEPARATOR}{cell}\n\n\n" for cell in cells)
    return text.rstrip("\n") + "\n"


def test_nbqa_cells_are_read_from_the_separators():
    head, tail = BAD.split("model = Sequential()\n")
    lines = nbqa_source(head.rstrip("\n"), "model = Sequential()\n" + tail.rstrip("\n"))
    lines = lines.splitlines(keepends=True)
    places = nbqa_places(lines)
    assert places[2].describe() == "cell 1, line 1"
    assert places[lines.index("model.fit(X, y)\n") + 1].describe() == "cell 2, line 4"
    assert nbqa_line_namer(lines, "nbxxxxxxxx_nbqa_ipynb.py")(1) is None     # the separator


def test_nbqa_run_through_flake8_names_lines_by_cell(tmp_path):
    head, tail = BAD.split("model = Sequential()\n")
    path = tmp_path / "nbabcd1234_nbqa_ipynb.py"
    path.write_text(nbqa_source("hash(0x1A2B)", head.rstrip("\n"),
                                "model = Sequential()\n" + tail.rstrip("\n")))
    (row, col, code, text), = parse_report(run_flake8([str(path)]).stdout)[str(path)]
    assert code == "LST202" and "(input_shape=(10, 2) on cell 3, line 2)" in text
    # with the notebook beside it, a cell nbqa left out (%%bash) still counts
    (tmp_path / "nb.ipynb").write_text(notebook("%%bash\nls", "%time 1", head.rstrip("\n"),
                                                "model = Sequential()\n" + tail.rstrip("\n")))
    (row, col, code, text), = parse_report(run_flake8([str(path)]).stdout)[str(path)]
    assert "(input_shape=(10, 2) on cell 4, line 2)" in text
    assert "(cell 3, line 4: X = np.random.rand(100, 20))" in text


def test_nbqa_cells_line_up_with_the_notebooks_code_cells():
    cells = read_notebook(notebook("", "%%bash\nls", "x = 1;", "hash(0x1F)\ny = 2"),
                          "nb.ipynb").cells
    assert align_cells([["x = 1\n"], ["hash(0x1F)\n", "y = 2\n"]], cells) == [3, 4]
    assert align_cells([["z = 3\n"]], cells) is None


# -- the command ---------------------------------------------------------------------------

def test_check_prints_the_notebooks_findings_with_their_cells(tmp_path, capsys):
    path = tmp_path / "nb.ipynb"
    path.write_text(notebook(*(s for s, _ in statement_cells(BAD))))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:cell 9:1:11: LST202 model expects (samples, 10, 2)")
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{")
    assert main(["check", str(broken)]) == 2        # an input it cannot read
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and str(broken) in captured.err


def test_explain_reads_a_notebook_and_names_lines_by_cell():
    cells = statement_cells(BAD)
    report = explain_source(notebook(*(s for s, _ in cells)), "nb.ipynb", "3")
    text = render_text([report])
    assert "model (Sequential, cell 6, line 1)" in text
    assert "cell:line" in text and re.search(r"^\s+7:1\s+LSTM\(32\)", text, re.M)
    assert "cell 9, line 1: fit x (100, 20) (cell 4, line 1: X = np.random.rand(100, 20))" in text
    assert "    cell 9:1:11: LST202 " in text
    finding, = render_json([report])["files"][0]["findings"]
    assert (finding["cell"], finding["cell_line"], finding["col"]) == (9, 1, 11)
    assert "error" in render_json([explain_source("{", "nb.ipynb")])["files"][0]


def test_linting_a_python_file_never_imports_the_notebook_reader():
    code = ("import sys, ast; from flake8_lstm_shapes.checker import LstmShapesChecker as C; "
            "src = open(sys.argv[1]).read(); "
            "list(C(ast.parse(src), src.splitlines(True), sys.argv[1]).run()); "
            "print('flake8_lstm_shapes.notebooks' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code, str(fixture_files()[0])],
                            capture_output=True, text=True, env=ENV, timeout=120)
    assert result.stdout.strip() == "False", result.stderr


def test_under_real_nbqa_the_location_and_the_references_agree(tmp_path):
    """Where nbqa is installed: its cell_N:L and the message's cell references."""
    pytest.importorskip("nbqa")
    head, tail = BAD.split("model = Sequential()\n")
    path = tmp_path / "nb.ipynb"
    path.write_text(notebook("%%bash\nls", "%matplotlib inline\n" + head,
                             "model = Sequential()\n" + tail))
    result = subprocess.run([sys.executable, "-m", "nbqa", "flake8", str(path), "--isolated",
                             "--select=LST"], capture_output=True, text=True, env=ENV,
                            timeout=300, cwd=tmp_path)
    assert f"{path}:cell_3:4:11: LST202 " in result.stdout or \
        "nb.ipynb:cell_3:4:11: LST202 " in result.stdout, result.stdout + result.stderr
    assert "(input_shape=(10, 2) on cell 3, line 2)" in result.stdout
    assert "(cell 2, line 5: X = np.random.rand(100, 20))" in result.stdout
