"""``lstm-shapes explain``: a static ``model.summary()`` for every model in a file.

The same analysis as the linter: for each model, in source order, each
layer's input and output shape and parameter count, the model's output and
total, then every ``fit``/``predict``/``evaluate`` with the shapes of ``x`` and
``y`` it sees and the line that made them, and the findings.  Unknown sizes
print as the symbol they are (``n_steps``, ``X.shape[1]``) or ``?``; the
batch prints as ``None`` unless it is fixed.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from .keras import params as param_rules
from .analysis import lint
from .core.context import Context
from .keras.models import (Flow, Functional, Layer, ModelLayer, Sequential, Tensor, apply_layer,
                           graph_tensors, is_input_item, layer_inputs)
from .core.shapes import format_dim
from .core.values import Array, Const, Float, Int, Seq, Value

KEY_ARGUMENTS = ("units", "filters", "kernel_size", "strides", "padding", "pool_size", "rate",
                 "stddev", "mask_value", "trainable",
                 "n", "target_shape", "dims", "input_dim", "output_dim", "merge_mode",
                 "return_sequences", "return_state", "stateful", "activation", "axis")


FREEZES_LATER = re.compile(r"\.trainable\s*=(?!=)")


@dataclass
class LayerRow:
    line: int
    layer: str
    input_shape: object
    output_shape: object
    params: Optional[int]
    non_trainable: Optional[int] = 0


@dataclass
class CallRow:
    line: int
    method: str
    x_shape: object
    y_shape: object
    x_from: Optional[str]
    y_from: Optional[str]


@dataclass
class ModelReport:
    name: str
    kind: str
    line: int
    layers: List[LayerRow] = field(default_factory=list)
    output_shape: object = None
    params: Optional[int] = None
    non_trainable: Optional[int] = None
    calls: List[CallRow] = field(default_factory=list)
    legend: List[str] = field(default_factory=list)     # "rows: ..." for each symbol shown

    @property
    def trainable(self) -> Optional[int]:
        if self.params is None or self.non_trainable is None:
            return None
        return self.params - self.non_trainable


@dataclass
class FileReport:
    path: str
    models: List[ModelReport] = field(default_factory=list)
    findings: list = field(default_factory=list)
    error: Optional[str] = None
    keras_version: Optional[int] = None   # the decision and its evidence ("" when not made:
    keras_reason: str = ""                # the file never mentions Keras)
    # A notebook's lines are lines of its cells: (cell, line in cell) of a
    # line of the joined source the analysis read (notebooks.Notebook.place).
    cell_of: Optional[Callable[[int], Optional[Tuple[int, int]]]] = None

    def line_label(self, line: int) -> str:
        """The table's line column: ``12``, or ``3:2`` (cell 3, line 2) in a notebook."""
        place = self.cell_of(line) if self.cell_of and line else None
        return f"{place[0]}:{place[1]}" if place else (str(line) if line else "?")

    def line_name(self, line: int) -> str:
        place = self.cell_of(line) if self.cell_of else None
        return f"cell {place[0]}, line {place[1]}" if place else f"line {line}"

    def finding_place(self, finding) -> str:
        place = self.cell_of(finding.line) if self.cell_of else None
        where = f"cell {place[0]}:{place[1]}" if place else str(finding.line)
        return f"{where}:{finding.col + 1}"


# -- building the report ----------------------------------------------------------------------

def explain_source(text: str, path: str, keras_version: str = "auto") -> FileReport:
    if path.endswith(".ipynb"):
        return explain_notebook(text, path, keras_version)
    return explain_python(text, path, keras_version)


def explain_notebook(text: str, path: str, keras_version: str = "auto") -> FileReport:
    """A notebook's code cells explained as the one program the kernel runs;
    lines are named by cell (notebooks.read_notebook)."""
    from .core.locations import lines_named_by
    from .notebooks import NotebookError, read_notebook
    try:
        notebook = read_notebook(text, path)
    except NotebookError as error:
        return FileReport(path, error=str(error))
    with lines_named_by(notebook.name_line):
        report = explain_python(notebook.text, path, keras_version)

    def cell_of(line: int) -> Optional[Tuple[int, int]]:
        place = notebook.place(line)
        return (place.cell, place.line) if place else None
    report.cell_of = cell_of
    return report


def explain_python(text: str, path: str, keras_version: str = "auto") -> FileReport:
    lines = text.splitlines(keepends=True)
    try:
        tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError, RecursionError) as error:
        line = getattr(error, "lineno", None) or 1
        column = getattr(error, "offset", None) or 1
        return FileReport(path, error=f"{path}:{line}:{column}: {type(error).__name__}: "
                                      f"{getattr(error, 'msg', error)}")
    ctx = lint(tree, lines, path, keras_version)
    report = FileReport(path, findings=ctx.sorted_findings(), keras_version=ctx.keras_version,
                        keras_reason=ctx.keras_reason)
    quiet = Context(lines=lines, keras_version=ctx.keras_version, filename=path, muted=True)
    # ``layer.trainable = False`` after the layer is made is not followed: where the
    # file sets it anywhere, the split is not known.
    frozen_later = FREEZES_LATER.search(text) is not None
    for model in ctx.models.values():
        report.models.append(model_report(quiet, model, ctx.data_calls))
        if frozen_later:
            report.models[-1].non_trainable = None
    report.models.sort(key=lambda m: m.line)
    return report


def model_report(quiet: Context, model, data_calls) -> ModelReport:
    kind = "Sequential" if isinstance(model, Sequential) else "Functional"
    report = ModelReport(model.name, kind, model.node.lineno)
    if isinstance(model, Sequential):
        report.layers = sequential_rows(quiet, model)
    else:
        report.layers = functional_rows(model)
    outs = model.output_flows()
    if outs:
        shapes = [shape_json(f.shape) for f in outs]
        report.output_shape = shapes[0] if len(shapes) == 1 else shapes
    report.params = param_rules.known_sum(row.params for row in report.layers) if report.layers else None
    report.non_trainable = param_rules.known_sum(row.non_trainable for row in report.layers)
    calls = [(node, method, x, y) for node, called, method, x, y in data_calls
             if called.node is model.node]
    report.calls = [call_row(node, method, x, y) for node, method, x, y in calls]
    report.legend = legend(model_shapes(quiet, model), calls)
    return report


# -- the legend: what each symbol shown stands for ------------------------------------------

# Sizes the analysis names itself (``libs``: ``fresh("rows")``), by their name.
MADE_SIZES = {
    "rows": "the row count of a table the code does not size (a file read, rows dropped)",
    "columns": "the column count of a table the code does not size",
    "samples": "the size a -1 stands for in a reshape (the sample axis)",
    "inferred": "the size a -1 stands for in a reshape",
    "slice": "the length of a slice whose bounds are not known",
    "mask": "the count of elements a boolean mask keeps",
    "num_classes": "the class count to_categorical infers from the labels (their maximum + 1)",
    "classes": "the class count found in the image folders",
    "images": "the image count found in the folders",
    "windows": "the count of windows the generator makes",
    "sequences": "the count of sequences",
    "maxlen": "the length pad_sequences pads to: the longest sequence",
    "n_test": "the test split's sample count",
    "arange": "the length of a range the code does not fix",
}


def model_shapes(quiet: Context, model) -> List[tuple]:
    """The shapes the model's table shows, in order, as dimensions (not text)."""
    shapes = []
    if isinstance(model, Sequential):
        flow = Flow(model.decl.shape, model.decl) if model.decl is not None else None
        for item in model.layers:
            if flow is None or not isinstance(item, Layer) or is_input_item(item):
                continue
            shapes.append(flow.shape)
            flow = apply_layer(quiet, item, flow, item.node)
            if isinstance(flow, list):
                flow = flow[0]
        if flow is not None:
            shapes.append(flow.shape)
    else:
        shapes.extend(tensor.flow.shape for tensor in graph_tensors(model))
    return shapes


def symbols(shape) -> List:
    """The symbols in a shape, in order: ``rows - 3`` holds ``rows``."""
    found = []
    for dim in shape or ():
        for monomial in getattr(dim, "terms", ()):
            found.extend(monomial)
    return found


def legend(shapes, calls) -> List[str]:
    """One line per symbol shown: what it stands for, and where its array was made."""
    arrays = [v for _, _, x, y in calls for v in (x, y) if isinstance(v, Array)]
    entries, seen = [], set()
    for shape in [*shapes, *(a.shape for a in arrays)]:
        for sym in symbols(shape):
            if sym.name in seen:
                continue
            seen.add(sym.name)
            made = next((a.origin for a in arrays if a.origin is not None and sym in symbols(a.shape)),
                        None)
            text = f"{sym.name}: {symbol_meaning(sym)}"
            entries.append(text + (f"; first in {made.describe()}" if made is not None else ""))
    return entries


def symbol_meaning(sym) -> str:
    kind = sym.key[0] if sym.key else None
    if kind == "dim" and sym.name in MADE_SIZES:
        return MADE_SIZES[sym.name]
    if kind == "shape":
        return "a size of an array the code does not fix"
    if kind == "size":
        return "the element count of an array the code does not fix"
    if kind in ("value", "int"):
        return "a value the code does not fix (read from input, a file or a computation)"
    return "a size the code does not fix"


def sequential_rows(quiet: Context, model: Sequential) -> List[LayerRow]:
    """Each layer with the shape it gets and gives, propagated again quietly."""
    rows = []
    flow = Flow(model.decl.shape, model.decl) if model.decl is not None else None
    for item in model.layers:
        if is_input_item(item):
            continue
        if not isinstance(item, Layer):
            rows.append(LayerRow(0, "?", None, None, None))
            flow = None
            continue
        in_shape = flow.shape if flow is not None else None
        out = apply_layer(quiet, item, flow, item.node) if flow is not None else None
        if isinstance(out, list):
            out = out[0]
        params = param_rules.count(item, in_shape)
        rows.append(LayerRow(item.line, layer_text(item), shape_json(in_shape),
                             shape_json(out.shape if out is not None else None), params,
                             param_rules.frozen(item, in_shape, params)))
        flow = out
    return rows


def functional_rows(model: Functional) -> List[LayerRow]:
    """The layers between the model's inputs and outputs; a shared layer's
    weights are counted once."""
    rows, counted = [], set()
    for tensor in sorted(graph_tensors(model), key=lambda t: (tensor_line(t), id(t))):
        if tensor.layer is None:
            decl = tensor.flow.decl
            rows.append(LayerRow(decl.line if decl is not None else 0, "InputLayer",
                                 shape_json(tensor.flow.shape), shape_json(tensor.flow.shape), 0))
            continue
        ins = layer_inputs(tensor)
        in_shape = ins[0] if len(ins) == 1 else None
        if id(tensor.layer) in counted:
            count = 0                       # a shared layer: its weights are counted once
        else:
            count = param_rules.tensor_count(tensor)
        counted.add(id(tensor.layer))
        rows.append(LayerRow(tensor.site.lineno if tensor.site is not None else tensor.layer.line,
                             layer_text(tensor.layer),
                             shape_json(in_shape) if len(ins) == 1 else [shape_json(s) for s in ins],
                             shape_json(tensor.flow.shape), count,
                             param_rules.frozen(tensor.layer, in_shape, count)))
    return unique_rows(rows)


def unique_rows(rows: List[LayerRow]) -> List[LayerRow]:
    """return_state gives several tensors from one call: one row for the call."""
    out, seen = [], set()
    for row in rows:
        key = (row.line, row.layer, repr(row.input_shape))
        if key in seen:
            continue
        seen.add(key)
        out.append(row)
    return out


def tensor_line(tensor: Tensor) -> int:
    if tensor.site is not None:
        return tensor.site.lineno
    decl = tensor.flow.decl
    return decl.line if decl is not None else 0


def call_row(node, method: str, x, y) -> CallRow:
    return CallRow(node.lineno, "model(x)" if method == "__call__" else method,
                   array_shape(x), array_shape(y), origin(x), origin(y))


def array_shape(value):
    if isinstance(value, Array):
        return shape_json(value.shape)
    if isinstance(value, Seq) and all(isinstance(v, Array) for v in value.items):
        return [shape_json(v.shape) for v in value.items]
    return None


def origin(value) -> Optional[str]:
    if isinstance(value, Array) and value.origin is not None:
        return value.origin.describe()
    return None


# -- how things are written -----------------------------------------------------------------

def shape_json(shape) -> object:
    """A shape for JSON: ints, None (the batch, or Keras's any size), symbol strings."""
    if shape is None:
        return None
    out = []
    for d in shape:
        if d is None:
            out.append(None)
        elif d.value is not None:
            out.append(d.value)
        else:
            out.append(format_dim(d))
    return out


def shape_text(shape) -> str:
    if shape is None:
        return "?"
    if shape and isinstance(shape[0], list):
        return ", ".join(shape_text(s) for s in shape)
    items = ["None" if d is None else str(d) for d in shape]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def layer_text(layer: Layer) -> str:
    if isinstance(layer, ModelLayer):
        return layer.kind               # "model encoder"
    inner = layer.inner()
    parts = []
    if inner is not None:
        parts.append(layer_text(inner))
    for name in KEY_ARGUMENTS:
        if name in layer.args.values:
            parts.append(f"{name}={value_text(layer.args.values[name])}")
    positional = layer.spec.params if layer.spec is not None else ()
    if positional and positional[0] in layer.args.values and parts and inner is None:
        first = positional[0]
        parts = [value_text(layer.args.values[first])] + \
            [p for p in parts if not p.startswith(first + "=")]
    return f"{layer.kind}({', '.join(parts)})"


def value_text(value: Value) -> str:
    if isinstance(value, Int):
        return str(value.poly)
    if isinstance(value, Float):
        return repr(value.value) if value.value is not None else "?"
    if isinstance(value, Const):
        return repr(value.value)
    if isinstance(value, Seq):
        inner = ", ".join(value_text(v) for v in value.items)
        return f"({inner}{',' if len(value.items) == 1 else ''})"
    if isinstance(value, Layer):
        return layer_text(value)
    return "?"


def render_text(reports: Sequence[FileReport]) -> str:
    out: List[str] = []
    for report in reports:
        if report.error:
            out.append(report.error)
            continue
        out.append(f"{report.path}")
        if report.keras_reason:
            out.append(f"  {keras_decision(report)}")
        if not report.models:
            out.append("  no Keras model found")
        for model in report.models:
            out.extend(render_model(model, report))
        if report.findings:
            out.append("  findings:")
            for f in report.findings:
                out.append(f"    {report.finding_place(f)}: {f.code} {f.message}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def keras_decision(report: FileReport) -> str:
    if report.keras_version is None:
        return (f"Keras version unknown ({report.keras_reason}): only what fails under both "
                f"Keras 2 and 3 is reported")
    return f"Keras {report.keras_version}: {report.keras_reason}"


def render_model(model: ModelReport, report: Optional[FileReport] = None) -> List[str]:
    report = report or FileReport("")
    lines = [f"  {model.name} ({model.kind}, {report.line_name(model.line)})"]
    header = ("cell:line" if report.cell_of else "line", "layer", "input shape", "output shape",
              "params")
    rows = [(report.line_label(r.line), r.layer, shape_text(r.input_shape),
             shape_text(r.output_shape), "?" if r.params is None else str(r.params))
            for r in model.layers]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(header)]

    def line(cells):
        # columns left-aligned, the parameter count right-aligned
        text = "  ".join(c.ljust(w) if i < 4 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths)))
        return "    " + text.rstrip()
    lines.append(line(header))
    for row in rows:
        lines.append(line(row))
    total = "?" if model.params is None else str(model.params)
    lines.append(f"    output: {shape_text(model.output_shape)}    total params: {total}"
                 + split_text(model))
    for entry in model.legend:
        lines.append(f"    where {entry}")
    for call in model.calls:
        text = f"    {report.line_name(call.line)}: {call.method} x {shape_text(call.x_shape)}"
        if call.x_from:
            text += f" ({call.x_from})"
        if call.y_shape is not None:
            text += f", y {shape_text(call.y_shape)}"
            if call.y_from:
                text += f" ({call.y_from})"
        lines.append(text)
    return lines


def split_text(model: ModelReport) -> str:
    """``model.summary()``'s trainable / non-trainable split, where there is one."""
    if model.params is None or model.non_trainable == 0:
        return ""
    if model.non_trainable is None:
        return " (non-trainable ?)"
    return f" (trainable {model.trainable}, non-trainable {model.non_trainable})"


def render_json(reports: Sequence[FileReport]) -> Dict:
    files = []
    for report in reports:
        entry: Dict = {"path": report.path}
        if report.error:
            entry["error"] = report.error
        if report.keras_reason:
            entry["keras"] = {"version": report.keras_version, "reason": report.keras_reason}
        entry["models"] = [{
            "name": m.name, "kind": m.kind, "line": m.line,
            "layers": [{"line": r.line, "layer": r.layer, "input_shape": r.input_shape,
                        "output_shape": r.output_shape, "params": r.params} for r in m.layers],
            "output_shape": m.output_shape, "params": m.params,
            "trainable_params": m.trainable, "non_trainable_params": m.non_trainable,
            "legend": m.legend,
            "calls": [{"line": c.line, "method": c.method, "x_shape": c.x_shape,
                       "y_shape": c.y_shape, "x_from": c.x_from, "y_from": c.y_from}
                      for c in m.calls],
        } for m in report.models]
        entry["findings"] = [{"line": f.line, "col": f.col + 1, "code": f.code,
                              "message": f.message, **cell_keys(report, f.line)}
                             for f in report.findings]
        files.append(entry)
    return {"files": files}


def cell_keys(report: FileReport, line: int) -> Dict:
    """``cell`` and ``cell_line`` of a notebook's finding (``line`` is the
    joined source's); nothing for a plain file."""
    place = report.cell_of(line) if report.cell_of else None
    return {"cell": place[0], "cell_line": place[1]} if place else {}
