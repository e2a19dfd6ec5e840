"""The model layer's values, built by hand for the rules' unit tests.

The rules hear the model layer through events (``core.events``) whose
arguments are its own values: ``Layer``, ``Flow``, ``InputDecl``, ``Array``,
``DataCall`` and the AST nodes a finding is reported on.  A unit test of one
rule family makes those values itself, from a small snippet of source, and
announces one event on ``rules.checks.Checks``: no interpreter in between, so
a test says exactly which values make which finding.

``Snippet`` holds the source, its tree and the ``Context`` whose lines are
that source (a message quotes the source through ``ctx.source``); the other
functions turn plain Python (``10``, ``None``, ``"n"``) into the model's
values.
"""

from __future__ import annotations

import ast
import textwrap
from typing import List, Optional, Tuple

from flake8_lstm_shapes.core.context import Context, Finding
from flake8_lstm_shapes.core.shapes import Poly, const
from flake8_lstm_shapes.core.values import Array, Const, Float, Int, Seq, Value
from flake8_lstm_shapes.keras.data_calls import DataCall
from flake8_lstm_shapes.keras.layers import REGISTRY, Layer, LayerArgs
from flake8_lstm_shapes.keras.models import Flow, InputDecl


class Snippet:
    """A source text, its parsed tree and a fresh ``Context`` over its lines."""

    def __init__(self, source: str, keras_version: Optional[int] = 3, keras_reason: str = ""):
        self.source = textwrap.dedent(source).lstrip("\n")
        self.tree = ast.parse(self.source)
        self.ctx = Context(self.source.splitlines(keepends=True), keras_version=keras_version,
                           keras_reason=keras_reason, filename="snippet.py")

    def call(self, name: str, nth: int = 0) -> ast.Call:
        """The ``nth`` call (in source order) of a function or method named ``name``."""
        calls = [node for node in self.nodes() if isinstance(node, ast.Call) and called_name(node) == name]
        return calls[nth]

    def node(self, text: str, nth: int = 0) -> ast.expr:
        """The ``nth`` expression (in source order, outermost first) written exactly as ``text``."""
        found = [node for node in self.nodes() if isinstance(node, ast.expr)
                 and ast.get_source_segment(self.source, node) == text]
        return found[nth]

    def nodes(self) -> List[ast.AST]:
        """Every node with a position, in source order, an enclosing node before those inside it."""
        located = [node for node in ast.walk(self.tree) if hasattr(node, "lineno")]
        return sorted(located, key=lambda n: (n.lineno, n.col_offset, -n.end_lineno, -n.end_col_offset))

    def findings(self) -> List[Tuple[int, int, str]]:
        """What was reported, as (line, column, code), in order."""
        return [(f.line, f.col, f.code) for f in self.ctx.sorted_findings()]

    def only_finding(self) -> Finding:
        found = self.ctx.sorted_findings()
        assert len(found) == 1, found
        return found[0]


def called_name(call: ast.Call) -> Optional[str]:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def keyword(call: ast.Call, arg: str) -> ast.keyword:
    return next(kw for kw in call.keywords if kw.arg == arg)


# -- values --------------------------------------------------------------------------------

def dim(d):
    """An axis: an int is known, None is Keras's open axis, a str a symbol (``"n"``)."""
    if d is None or isinstance(d, Poly):
        return d
    if isinstance(d, str):
        return Poly.symbol(("test dim", d), d)
    return const(d)


def shape(*dims) -> tuple:
    return tuple(dim(d) for d in dims)


def array(*dims, **fields) -> Array:
    """An array of that shape (``fields``: origin, dtype, one_hot, kind)."""
    return Array(shape(*dims), **fields)


def unranked(**fields) -> Array:
    """An array whose rank is unknown (``np.load(path)``)."""
    return Array(None, **fields)


def value(python) -> Value:
    """A Python literal as the interpreter would hold it; a Value passes through."""
    if isinstance(python, Value):
        return python
    if isinstance(python, bool) or python is None or isinstance(python, str):
        return Const(python)
    if isinstance(python, int):
        return Int(const(python))
    if isinstance(python, float):
        return Float(python)
    if isinstance(python, (tuple, list)):
        return Seq(tuple(value(item) for item in python), "tuple" if isinstance(python, tuple) else "list")
    raise TypeError(f"no value for {python!r}")


def symbol(name: str) -> Int:
    """An int whose size is unknown (``n``, ``X.shape[1]``)."""
    return Int(dim(name))


def layer(call: ast.Call, **given) -> Layer:
    """The layer a call like ``LSTM(32, return_sequences=True)`` makes.

    Its arguments are read from the call as the model layer does: positional
    ones by the layer's parameter names, literals as values, a nested layer
    call (``Bidirectional(LSTM(8))``) as a layer; ``given`` sets or overrides
    values (an array, a symbol) by name."""
    kind = called_name(call)
    spec = REGISTRY.get(kind)
    params = spec.params if spec is not None else ()
    values, nodes = {}, {}
    for name, node in zip(params, call.args):
        values[name], nodes[name] = argument_value(node), node
    for kw in call.keywords:
        values[kw.arg], nodes[kw.arg] = argument_value(kw.value), kw
    for name, python in given.items():
        values[name] = value(python)
        nodes.setdefault(name, call)
    return Layer(kind, LayerArgs({k: v for k, v in values.items() if v is not None}, nodes), call)


def argument_value(node: ast.expr) -> Optional[Value]:
    if isinstance(node, ast.Call) and called_name(node) in REGISTRY:
        return layer(node)
    try:
        return value(ast.literal_eval(node))
    except (ValueError, TypeError, SyntaxError):
        return None          # a name or an expression: left for ``given``


def declaration(snippet: Snippet, node: ast.AST, *dims, owner: str = "layer",
                source: Optional[Value] = None) -> InputDecl:
    """The declaration written at ``node`` (a keyword such as ``input_shape=(10,)``),
    of the full shape ``dims`` (batch axis first)."""
    text = snippet.ctx.source(node, 50)
    arg = node.arg if isinstance(node, ast.keyword) else "shape"
    if not isinstance(node, ast.keyword):
        text = f"{arg}={text}"
    if source is None and isinstance(node, ast.keyword):
        source = argument_value(node.value)
    return InputDecl(shape(*dims), node, text, arg, source, owner)


def built_from(snippet: Snippet, x_node: ast.AST, x: Array) -> Flow:
    """The input flow of a model that declares none and is built from the data
    ``x`` written at ``x_node``: its first layer gets ``(None, *x.shape[1:])``."""
    decl = InputDecl((None,) + tuple(x.shape[1:]), x_node, snippet.ctx.source(x_node, 40), "data", x,
                     owner="data")
    return Flow(decl.shape, decl, array=x.origin, data_site=x_node)


def data_call(call: ast.Call, x=None, y=None, *, from_batches: bool = False,
              batch_size: Optional[int] = None, batch_node: Optional[ast.AST] = None,
              validation=None) -> DataCall:
    """``model.fit(X, y, ...)`` as ``keras.data_calls`` reads it: x and y at the
    call's first two positional arguments."""
    method = called_name(call)
    if method not in ("fit", "evaluate", "predict", "train_on_batch", "test_on_batch",
                      "predict_on_batch"):
        method = "__call__"
    x_node = call.args[0] if call.args else None
    y_node = call.args[1] if len(call.args) > 1 else None
    return DataCall(call, method, x, x_node, y, y_node, from_batches=from_batches,
                    batch_size=batch_size, batch_node=batch_node, validation=validation)
