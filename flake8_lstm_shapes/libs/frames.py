"""pandas as shapes: a DataFrame is an ``Array`` of kind ``dataframe`` (rows,
columns), a Series one of kind ``series`` (rows,).  ``df[['a', 'b']].values``
is then ``(rows, 2)``, ``df.dropna()`` has some rows, ``df.iloc[:, 1:]``
follows NumPy's indexing rule, ``df.loc[:, ['a', 'b']]`` has two columns.

A CSV's row and column counts are what the code says (``usecols=[...]``,
``names=[...]``), never a guess: otherwise each is a fresh symbol.  Column
labels are taken to be unique, as the data a model is trained on has them.

Functions (``pd.read_csv``), attributes (``df.values``) and methods
(``df.head(10)``) are tables from a name to a small shape function.
"""

from __future__ import annotations

import ast
from typing import Callable, Dict, Optional

from .indexing import index_shape
from .ndarray import dtype_name
from .shape_ops import fresh
from ..core.tables import registrar
from ..core.shapes import Poly, const
from ..core.values import Array, Const, Int, ListOf, Seq, Value, to_poly, unknown

FRAME_KINDS = ("dataframe", "series")
SAME_SHAPE_FRAME_METHODS = {"astype", "copy", "fillna", "ffill", "bfill", "interpolate", "shift",
                            "diff", "pct_change", "abs", "round", "clip", "replace", "sort_index",
                            "rank", "cumsum"}


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
    return frame(fresh("rows"), read_columns(args))


def read_columns(args) -> Poly:
    """The columns ``read_csv`` gives: the ``usecols=`` (or else ``names=``)
    labels less those ``index_col=`` moves to the index; a symbol otherwise."""
    if args.double_star:
        return fresh("columns")
    labels = label_count(args.keywords.get("usecols"))
    if labels is None and "usecols" not in args.keywords:
        labels = label_count(args.keywords.get("names"))
    index = args.keywords.get("index_col")
    if index is None or (isinstance(index, Const) and index.value in (None, False)):
        moved = 0
    else:
        moved = label_count(index) if isinstance(index, Seq) else 1 if is_label(index) else None
    if labels is None or moved is None or labels - moved < 0:
        return fresh("columns")
    return const(labels - moved)


def is_label(value: Value) -> bool:
    """A column label written in the code: a str or an int (a bool is a mask)."""
    if isinstance(value, Int):
        return value.poly.value is not None
    return isinstance(value, Const) and isinstance(value.value, str)


def label_count(value: Optional[Value]) -> Optional[int]:
    """How many distinct labels a list or tuple of labels names; None when it
    is no such list."""
    if not isinstance(value, Seq) or not all(is_label(v) for v in value.items):
        return None
    return len({label_key(v) for v in value.items})


def label_key(value: Value):
    return value.poly.value if isinstance(value, Int) else value.value


@pandas_function("get_dummies")
def get_dummies(interp, path: str, args, node) -> Value:
    """One column per distinct value: a Series (or a list) gives a one-hot
    frame, a DataFrame its other columns and the dummies of its text ones."""
    data = args.arg(0, "data")
    if args.open_ended or "columns" in args.keywords:
        return unknown("dummies")
    dtype = dtype_of(args.arg(None, "dtype"))
    if is_frame(data) and data.kind == "dataframe" and data.shape is not None:
        return Array((data.shape[0], fresh("columns")), kind="dataframe", dtype=dtype)
    rows = one_column_rows(data)
    if rows is None:
        return unknown("dummies")
    classes = distinct_values(data)
    width = const(classes) if classes is not None else fresh("classes")
    if truthy(args.arg(None, "dummy_na")):
        width = fresh("classes")
    if truthy(args.arg(None, "drop_first")):
        return Array((rows, width - const(1)), kind="dataframe", dtype=dtype)
    return Array((rows, width), kind="dataframe", dtype=dtype, one_hot=width)


def one_column_rows(data: Value) -> Optional[Poly]:
    """The rows of a Series, a 1-D array or a list literal; None otherwise."""
    if isinstance(data, Seq) and data.kind == "list":
        return const(len(data.items))
    if isinstance(data, Array) and data.shape is not None and len(data.shape) == 1:
        return data.shape[0]
    return None


def distinct_values(data: Value) -> Optional[int]:
    """How many distinct values a list literal holds; None when not known."""
    if isinstance(data, Seq) and all(isinstance(v, Const) and isinstance(v.value, (str, int))
                                     and not isinstance(v.value, bool) for v in data.items):
        return len({v.value for v in data.items})
    if isinstance(data, Seq) and all(isinstance(v, Int) and v.poly.value is not None
                                     for v in data.items):
        return len({v.poly.value for v in data.items})
    return None


def truthy(value: Optional[Value]) -> bool:
    return isinstance(value, Const) and bool(value.value)


def dtype_of(value: Optional[Value]) -> Optional[str]:
    """get_dummies' dtype: bool unless ``dtype=`` says otherwise."""
    return "bool" if value is None else dtype_name(value)


@pandas_function("DataFrame")
def data_frame(interp, path: str, args, node) -> Value:
    data = args.arg(0, "data")
    if isinstance(data, Array) and data.shape is not None and len(data.shape) == 2:
        return Array(data.shape, kind="dataframe")
    if isinstance(data, Array) and data.kind in ("ndarray", "series") and data.shape is not None \
            and len(data.shape) == 1:
        return frame(data.shape[0], const(1))          # a 1-D array or a Series: one column
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
    if isinstance(data, Seq) and data.kind == "list":
        return frame(const(len(data.items)), None)
    return frame(fresh("rows"), None)


@pandas_function("concat")
def concat(interp, path: str, args, node) -> Value:
    return unknown("frame")


# -- attributes -----------------------------------------------------------------------------

FRAME_ATTRIBUTES: Dict[str, Callable[[Array, str], Optional[Value]]] = {}
frame_attribute = registrar(FRAME_ATTRIBUTES)


# What a DataFrame has under its own name (pandas 3.1's ``dir(pd.DataFrame)``,
# and what pandas 0.x and 1.x had before removing it): ``df.<name>`` of any
# other name is the column of that name, since pandas raises AttributeError
# when there is none.
DATAFRAME_NAMES = frozenset("""
    T abs add add_prefix add_suffix agg aggregate align all any apply asfreq asof assign astype at
    at_time attrs axes between_time bfill boxplot clip columns combine combine_first compare
    convert_dtypes copy corr corrwith count cov cummax cummin cumprod cumsum describe diff div
    divide dot drop drop_duplicates droplevel dropna dtypes duplicated empty eq equals eval ewm
    expanding explode ffill fillna filter first_valid_index flags floordiv from_arrow from_dict
    from_records ge get groupby gt head hist iat idxmax idxmin iloc index infer_objects info insert
    interpolate isetitem isin isna isnull items iterrows itertuples join keys kurt kurtosis
    last_valid_index le loc lt map mask max mean median melt memory_usage merge min mod mode mul
    multiply ndim ne nlargest notna notnull nsmallest nunique pct_change pipe pivot pivot_table plot
    pop pow prod product quantile query radd rank rdiv reindex reindex_like rename rename_axis
    reorder_levels replace resample reset_index rfloordiv rmod rmul rolling round rpow rsub rtruediv
    sample select select_dtypes sem set_axis set_flags set_index shape shift size skew sort_index
    sort_values sparse squeeze stack std style sub subtract sum swaplevel tail take to_clipboard
    to_csv to_dict to_excel to_feather to_hdf to_html to_iceberg to_json to_latex to_markdown
    to_numpy to_orc to_parquet to_period to_pickle to_records to_sql to_stata to_string
    to_timestamp to_xarray to_xml transform transpose truediv truncate tz_convert tz_localize
    unstack update value_counts values var where xs
    append applymap as_blocks as_matrix asobject backfill base blocks bool clip_lower clip_upper
    compound convert_objects data first ftypes get_dtype_counts get_ftype_counts get_value
    get_values imag is_copy itemsize iteritems ix last lookup mad nonzero pad real reindex_axis
    select set_value slice_shift sort sortlevel strides swapaxes timetuple to_dense to_gbq
    to_msgpack to_panel to_sparse tshift
""".split())


def attribute(base: Value, attr: str) -> Optional[Value]:
    """``df.<attr>``, or None when ``base`` is no DataFrame or Series or the
    attribute is not modelled."""
    if not is_frame(base):
        return None
    shape_function = FRAME_ATTRIBUTES.get(attr)
    if shape_function is not None:
        return shape_function(base, attr)
    if base.kind == "dataframe" and base.shape is not None and attr not in DATAFRAME_NAMES \
            and not attr.startswith("_"):
        return Array((base.shape[0],), kind="series")      # df.Close: the column "Close"
    return None


@frame_attribute("values", "array")
def values(base: Array, attr: str) -> Value:
    return as_ndarray(base)


def as_ndarray(base: Array) -> Array:
    """The frame's NumPy array: the same shape, and still one-hot if it was."""
    return base.with_shape(base.shape, kind="ndarray", one_hot=base.one_hot)


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
    return as_ndarray(receiver)


@frame_method(*SAME_SHAPE_FRAME_METHODS)
def same_shape(receiver: Array, name: str, args) -> Value:
    return receiver.with_shape(receiver.shape, kind=receiver.kind)


class Window(Value):
    """``df.rolling(n)``, ``df.expanding()``, ``df.ewm(span=n)``: each
    aggregation of it gives one value per row and column, the frame's shape
    (the first rows are NaN, not dropped)."""

    __slots__ = ("frame",)

    def __init__(self, frame: Array):
        self.frame = frame


WINDOW_AGGREGATIONS = {"mean", "sum", "std", "var", "min", "max", "median", "count", "sem",
                       "skew", "kurt", "quantile", "apply"}


@frame_method("rolling", "expanding", "ewm")
def window(receiver: Array, name: str, args) -> Value:
    return Window(receiver)


def window_method(interp, receiver: Window, name: str, args, node) -> Optional[Value]:
    if name in WINDOW_AGGREGATIONS:
        return receiver.frame.with_shape(receiver.frame.shape, kind=receiver.frame.kind)
    return None


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
    if is_label(key):
        return Array((rows,), kind="series")
    width = column_count(key)
    if width is not None:
        return Array((rows, width), kind="dataframe")
    if isinstance(key, Array) and key.dtype == "bool":
        return base.with_shape((fresh("rows"), base.shape[1]), kind="dataframe")
    if isinstance(index, ast.Slice):
        return base.with_shape((fresh("rows"), base.shape[1]), kind="dataframe")
    return unknown("column")


def column_count(key: Optional[Value]) -> Optional[Poly]:
    """The columns a list of labels selects (``df[['a', 'b']]``,
    ``df[df.columns[1:]]``); None when ``key`` is no such list."""
    count = label_count(key)
    if count is not None:
        return const(count)
    if isinstance(key, ListOf) and isinstance(key.elem, Const) and isinstance(key.elem.value, str):
        return key.length             # a slice of df.columns
    return None


def indexer_subscript(interp, indexer: Indexer, index: ast.AST, env, node) -> Value:
    frame_value = indexer.frame
    starred = isinstance(index, ast.Tuple) and any(isinstance(e, ast.Starred) for e in index.elts)
    if frame_value.shape is None or starred:
        return unknown(indexer.kind)
    if indexer.kind == "loc":
        return loc_subscript(interp, frame_value, index, env)
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


# -- loc: by label ----------------------------------------------------------------------------

FULL = "full"      # ``:``, every row or column


def loc_subscript(interp, df: Array, index: ast.AST, env) -> Value:
    """``df.loc[rows, cols]``: ``:`` keeps an axis, a list of column labels
    gives that many columns, one label a Series; any other choice of rows
    (a mask, a label slice, a list: the index may repeat labels) has a fresh
    count, and one row label is unknown (a Series, or a frame if repeated)."""
    items = list(index.elts) if isinstance(index, ast.Tuple) else [index]
    if len(items) > len(df.shape):
        return unknown("loc")
    rows = loc_rows(interp, df.shape[0], items[0], env)
    if rows is None:
        return unknown("loc")
    if df.kind == "series":
        return Array((rows,), kind="series")
    if len(items) == 1:
        return Array((rows, df.shape[1]), kind="dataframe")
    return loc_columns(interp, rows, df.shape[1], items[1], env)


def loc_rows(interp, rows: Poly, item: ast.AST, env) -> Optional[Poly]:
    if is_full_slice(item):
        return rows
    if isinstance(item, ast.Slice):
        return fresh("rows")
    chosen = interp.eval(item, env)
    if isinstance(chosen, (Seq, ListOf)) or \
            (isinstance(chosen, Array) and chosen.shape is not None and len(chosen.shape) == 1):
        return fresh("rows")
    return None


def loc_columns(interp, rows: Poly, columns: Poly, item: ast.AST, env) -> Value:
    if is_full_slice(item):
        return Array((rows, columns), kind="dataframe")
    if isinstance(item, ast.Slice):
        return Array((rows, fresh("columns")), kind="dataframe")
    chosen = interp.eval(item, env)
    if is_label(chosen):
        return Array((rows,), kind="series")
    width = column_count(chosen)
    if width is not None:
        return Array((rows, width), kind="dataframe")
    if isinstance(chosen, Array) and chosen.dtype == "bool" and chosen.shape is not None \
            and len(chosen.shape) == 1:
        return Array((rows, fresh("columns")), kind="dataframe")
    return unknown("loc")


def is_full_slice(item: ast.AST) -> bool:
    return isinstance(item, ast.Slice) and item.lower is None and item.upper is None \
        and item.step is None
