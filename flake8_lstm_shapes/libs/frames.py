"""pandas as shapes: a DataFrame is an ``Array`` of kind ``dataframe`` (rows,
columns), a Series one of kind ``series`` (rows,).  ``df[['a', 'b']].values``
is then ``(rows, 2)``, ``df.dropna()`` has some rows, ``df.iloc[:, 1:]``
follows NumPy's indexing rule.

Functions (``pd.read_csv``), attributes (``df.values``) and methods
(``df.head(10)``) are tables from a name to a small shape function.
"""

from __future__ import annotations

import ast
from typing import Callable, Dict, Optional

from .indexing import index_shape
from .shape_ops import fresh
from ..core.tables import registrar
from ..core.shapes import Poly, const
from ..core.values import Array, Const, Int, ListOf, Seq, Value, to_poly, unknown

FRAME_KINDS = ("dataframe", "series")
SAME_SHAPE_FRAME_METHODS = {"astype", "copy", "fillna", "ffill", "bfill", "interpolate", "shift",
                            "diff", "pct_change", "abs", "round", "clip", "replace", "sort_index",
                            "interpolate", "rank", "cumsum"}


class Indexer(Value):
    """``df.iloc`` / ``df.loc``."""

    __slots__ = ("frame", "kind")

    def __init__(self, frame: Array, kind: str):
        self.frame = frame
        self.kind = kind


def frame(rows: Poly, cols: Optional[Poly]) -> Array:
    if cols is None:
        return Array((rows,), kind="series")
    return Array((rows, cols), kind="dataframe")


def is_frame(value: Value) -> bool:
    return isinstance(value, Array) and value.kind in FRAME_KINDS


# -- functions: pandas.<path>(...) ------------------------------------------------------------

PANDAS_CALLS: Dict[str, Callable] = {}
pandas_function = registrar(PANDAS_CALLS)


@pandas_function("read_csv", "read_excel", "read_table", "read_parquet", "read_json", "read_sql")
def read_table(interp, path: str, args, node) -> Value:
    return frame(fresh("rows"), fresh("columns"))


@pandas_function("DataFrame")
def data_frame(interp, path: str, args, node) -> Value:
    data = args.arg(0, "data")
    if isinstance(data, Array) and data.shape is not None and len(data.shape) == 2:
        return Array(data.shape, kind="dataframe")
    columns = args.arg(None, "columns")
    rows = data.shape[0] if isinstance(data, Array) and data.shape else fresh("rows")
    if isinstance(columns, Seq):
        return frame(rows, const(len(columns.items)))
    return frame(rows, fresh("columns"))


@pandas_function("Series")
def series(interp, path: str, args, node) -> Value:
    data = args.arg(0, "data")
    if isinstance(data, Array) and data.shape is not None and len(data.shape) == 1:
        return Array(data.shape, kind="series")
    return frame(fresh("rows"), None)


@pandas_function("concat")
def concat(interp, path: str, args, node) -> Value:
    return unknown("frame")


# -- attributes -----------------------------------------------------------------------------

FRAME_ATTRIBUTES: Dict[str, Callable[[Array, str], Optional[Value]]] = {}
frame_attribute = registrar(FRAME_ATTRIBUTES)


def attribute(base: Value, attr: str) -> Optional[Value]:
    """``df.<attr>``, or None when ``base`` is no DataFrame or Series or the
    attribute is not modelled."""
    shape_function = FRAME_ATTRIBUTES.get(attr)
    if not is_frame(base) or shape_function is None:
        return None
    return shape_function(base, attr)


@frame_attribute("values", "array")
def values(base: Array, attr: str) -> Value:
    return base.with_shape(base.shape, kind="ndarray")


@frame_attribute("iloc", "loc")
def indexer(base: Array, attr: str) -> Value:
    return Indexer(base, attr)


@frame_attribute("columns")
def columns(base: Array, attr: str) -> Value:
    if base.kind == "dataframe" and base.shape is not None:
        return ListOf(Const(""), base.shape[1])     # len(df.columns) is the column count
    return unknown(attr)


@frame_attribute("index")
def index(base: Array, attr: str) -> Value:
    if base.shape is not None:
        return ListOf(None, base.shape[0])
    return unknown(attr)


@frame_attribute("dtypes", "str", "dt")
def unmodelled(base: Array, attr: str) -> Value:
    return unknown(attr)


# -- methods ----------------------------------------------------------------------------------

FRAME_METHODS: Dict[str, Callable[[Array, str, object], Optional[Value]]] = {}
frame_method = registrar(FRAME_METHODS)


def method(receiver: Value, name: str, args) -> Optional[Value]:
    """``df.<name>(...)``, or None when it is not modelled."""
    shape_function = FRAME_METHODS.get(name)
    if not is_frame(receiver) or shape_function is None:
        return None
    return shape_function(receiver, name, args)


@frame_method("to_numpy")
def to_numpy(receiver: Array, name: str, args) -> Value:
    return receiver.with_shape(receiver.shape, kind="ndarray")


@frame_method(*SAME_SHAPE_FRAME_METHODS)
def same_shape(receiver: Array, name: str, args) -> Value:
    return receiver.with_shape(receiver.shape, kind=receiver.kind)


@frame_method("dropna")
def dropna(receiver: Array, name: str, args) -> Optional[Value]:
    if receiver.shape is None:
        return None
    return receiver.with_shape((fresh("rows"),) + tuple(receiver.shape[1:]), kind=receiver.kind)


@frame_method("head", "tail")
def head(receiver: Array, name: str, args) -> Optional[Value]:
    if receiver.shape is None:
        return None
    n = args.arg(0, "n")
    rows = to_poly(n) if n is not None else const(5)
    return receiver.with_shape(((rows or fresh("rows")),) + tuple(receiver.shape[1:]), kind=receiver.kind)


@frame_method("drop")
def drop_method(receiver: Array, name: str, args) -> Optional[Value]:
    if receiver.shape is None or receiver.kind != "dataframe":
        return None
    return drop(receiver, args)


def drop(df: Array, args) -> Value:
    """``df.drop(columns=[...])`` / ``df.drop([...], axis=1)``: fewer columns."""
    columns = args.arg(None, "columns")
    axis = args.arg(1, "axis")
    if columns is None and isinstance(axis, (Int, Const)) and getattr(axis, "poly", None) is not None \
            and axis.poly.value == 1:
        columns = args.arg(0, "labels")
    if columns is None and isinstance(axis, Const) and axis.value == "columns":
        columns = args.arg(0, "labels")
    if columns is None:
        return df.with_shape((fresh("rows"), df.shape[1]), kind="dataframe")
    count = len(columns.items) if isinstance(columns, Seq) else 1 \
        if isinstance(columns, Const) and isinstance(columns.value, str) else None
    cols = df.shape[1] - const(count) if count is not None else fresh("columns")
    return df.with_shape((df.shape[0], cols), kind="dataframe")


# -- indexing ---------------------------------------------------------------------------------

def subscript(interp, base: Value, index: ast.AST, env, node) -> Optional[Value]:
    if isinstance(base, Indexer):
        return indexer_subscript(interp, base, index, env, node)
    if not isinstance(base, Array) or base.kind not in ("dataframe", "series") or base.shape is None:
        return None
    key = interp.eval(index, env) if not isinstance(index, ast.Slice) else None
    rows = base.shape[0]
    if base.kind == "series":
        return None
    if isinstance(key, Const) and isinstance(key.value, str):
        return Array((rows,), kind="series")
    if isinstance(key, Seq) and all(isinstance(v, Const) and isinstance(v.value, str) for v in key.items):
        return Array((rows, const(len(key.items))), kind="dataframe")
    if isinstance(key, Array) and key.dtype == "bool":
        return base.with_shape((fresh("rows"), base.shape[1]), kind="dataframe")
    if isinstance(index, ast.Slice):
        return base.with_shape((fresh("rows"), base.shape[1]), kind="dataframe")
    return unknown("column")


def indexer_subscript(interp, indexer: Indexer, index: ast.AST, env, node) -> Value:
    frame_value = indexer.frame
    if indexer.kind != "iloc" or frame_value.shape is None:
        return unknown("loc")
    items = index.elts if isinstance(index, ast.Tuple) else [index]
    values = [item if isinstance(item, ast.Slice) else interp.eval(item, env) for item in items]
    if any(isinstance(v, Seq) for v in values):
        values = [Array((const(len(v.items)),), dtype="int") if isinstance(v, Seq) else v
                  for v in values]
        if len(values) > 1:
            return column_list_iloc(interp, frame_value, items, values, env)
    out = index_shape(interp, frame_value.shape, values, env)
    if out is None:
        return unknown("iloc")
    kind = {2: "dataframe", 1: "series"}.get(len(out), "ndarray")
    return Array(out, kind=kind)


def column_list_iloc(interp, df: Array, items, values, env) -> Value:
    """``df.iloc[:, [0, 2, 3]]``: the listed columns."""
    rows = index_shape(interp, df.shape[:1], values[:1], env)
    cols = values[1]
    if rows is None or not isinstance(cols, Array):
        return unknown("iloc")
    return Array(tuple(rows) + tuple(cols.shape), kind="dataframe")
