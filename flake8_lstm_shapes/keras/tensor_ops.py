"""TensorFlow's, ``keras.ops``' and the Keras 2 backend's (``K.``) shape
operations as pure rules on shapes: ``tf.expand_dims(x, -1)``,
``keras.ops.reshape(x, (-1, 10, 1))``, ``K.concatenate([a, b])``.

The same rule answers for a Keras tensor between two layers (its batch axis
``None`` stays ``None``), for an array given to the op eagerly, and for the
body of a ``Lambda`` layer.  Each op reads its arguments through a
``shape_of`` callback, so the caller decides what a tensor argument is (a
``Tensor``'s flow, an ``Array``, a hole of a Lambda's program).  A rule
returns None when it cannot tell, and for what the op would refuse (a
concatenation of sizes that differ): those stay unknown, so nothing after
them is said.

Only the names that exist in each namespace are modelled (``tf.concat`` but
``keras.ops.concatenate``; ``keras.ops`` has no ``constant``; Keras 3's
``keras.backend`` has none of them, so ``K.`` is read as Keras 2's backend),
each with that namespace's parameter names and defaults.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Optional, Sequence, Tuple

from ..core.arguments import CallArgs
from ..core.shapes import Dim, Poly, Shape, const, dims_differ, dims_equal, format_shape, product
from ..core.values import Const, Int, Seq, Value, to_poly
from .op_names import BACKEND, NAMES, OPS, PREFIX, TF, is_op_step, op_of  # noqa: F401 - the same API

ShapeOf = Callable[[Value], Shape]
Rule = Callable[[str, CallArgs, ShapeOf], Shape]

# The first parameter of each op, by namespace where the names differ: the
# tensor (or the list of tensors) the op works on.
TENSOR_PARAM = {"reshape": {TF: "tensor"}, "expand_dims": {TF: "input"},
                "squeeze": {TF: "input"}, "transpose": {TF: "a"},
                "concat": {TF: "values"}, "concatenate": {OPS: "xs", BACKEND: "tensors"},
                "stack": {TF: "values"}, "convert_to_tensor": {TF: "value"},
                "constant": {TF: "value", BACKEND: "value"},
                "one_hot": {TF: "indices", BACKEND: "indices"},
                "tile": {TF: "input"}, "repeat": {TF: "input"}}


# Ops after which an array is still the one-hot encoding it was.
KEEPS_ENCODING = frozenset({"convert_to_tensor", "cast", "constant"})


def dtype_after(name: str, args: CallArgs, dtype: Optional[str]) -> Optional[str]:
    """The element kind after ``cast``/``convert_to_tensor(dtype=...)``."""
    wanted = args.arg(1, "dtype") if name == "cast" else args.keywords.get("dtype")
    if wanted is None:
        return dtype
    text = wanted.value if isinstance(wanted, Const) and isinstance(wanted.value, str) else ""
    if text.startswith(("float", "bfloat", "half", "double")):
        return "float"
    if text.startswith(("int", "uint")):
        return "int"
    return "bool" if text == "bool" else None


def describe(namespace: str, name: str) -> str:
    return f"{PREFIX[namespace]}.{name}"


def tensor_argument(namespace: str, name: str, args: CallArgs) -> Optional[Value]:
    """What the op works on: its first argument (a list of them for concat/stack)."""
    param = TENSOR_PARAM.get(name, {}).get(namespace, "x")
    return args.arg(0, param)


def output_shape(namespace: str, name: str, args: CallArgs, shape_of: ShapeOf) -> Shape:
    """The op's result shape, or None when it cannot be told."""
    rule = RULES.get(name)
    if rule is None or args.open_ended:
        return None
    return rule(namespace, args, shape_of)


# -- reading arguments ------------------------------------------------------------------

def int_of(value: Optional[Value]) -> Optional[int]:
    if isinstance(value, Int):
        return value.poly.value
    return None


def ints_of(value: Optional[Value]) -> Optional[List[int]]:
    """A tuple or list of known ints, or one int as a list of one."""
    if isinstance(value, Seq):
        items = [int_of(v) for v in value.items]
        return None if any(i is None for i in items) else items
    one = int_of(value)
    return None if one is None else [one]


def is_none(value: Optional[Value]) -> bool:
    return value is None or (isinstance(value, Const) and value.value is None)


def axis_arg(args: CallArgs, index: int, default: Optional[int], name: str = "axis"):
    """The axis argument: an int, None when written as None or absent without a
    default, and ``...`` when it is given but unknown."""
    value = args.arg(index, name)
    if value is None:
        return default
    if is_none(value):
        return None
    found = int_of(value)
    return ... if found is None else found


def normalize(axis: int, rank: int) -> Optional[int]:
    return axis % rank if -rank <= axis < rank else None


def times(d: Dim, k: Dim) -> Dim:
    return None if d is None or k is None else d * k


# -- the rules ----------------------------------------------------------------------------

RULES: Dict[str, Rule] = {}


def rule(*names: str):
    def add(fn: Rule) -> Rule:
        for name in names:
            RULES[name] = fn
        return fn
    return add


@rule("convert_to_tensor", "cast")
def same_shape(namespace: str, args: CallArgs, shape_of: ShapeOf) -> Shape:
    given = args.keywords.get("value", args.keywords.get("x"))
    return shape_of(given if given is not None else args.arg(0))


@rule("constant")
def constant(namespace: str, args: CallArgs, shape_of: ShapeOf) -> Shape:
    """``tf.constant(value, dtype=None, shape=None)``: ``shape`` wins when given
    (a scalar is broadcast to it); otherwise the value's own shape."""
    requested = args.arg(2, "shape")
    if not is_none(requested):
        dims = dims_of(requested)
        return dims
    return shape_of(args.arg(0, "value"))


def dims_of(value: Optional[Value]) -> Optional[Tuple[Poly, ...]]:
    """A tuple of (possibly symbolic) ints as dimensions."""
    if not isinstance(value, Seq):
        return None
    dims = tuple(to_poly(v) for v in value.items)
    return None if any(d is None for d in dims) else dims


@rule("reshape")
def reshape(namespace: str, args: CallArgs, shape_of: ShapeOf) -> Shape:
    """One ``-1`` is solved from the element count, ``None`` where that count
    has Keras's any-size batch axis in it; a count that cannot be kept is left
    unknown (the op raises)."""
    old = shape_of(args.arg(0, "tensor" if namespace == TF else "x"))
    target = dims_of(args.arg(1, {TF: "shape", OPS: "newshape", BACKEND: "shape"}[namespace]))
    if target is None:
        return None
    minus = [i for i, d in enumerate(target) if d.value == -1]
    if len(minus) > 1 or any(d.value is not None and d.value < -1 for d in target):
        return None
    total = product(old) if old is not None else None
    if not minus:
        if total is not None and total.value is not None and product(target).value not in (None, total.value):
            return None
        return target
    i = minus[0]
    rest = product(d for j, d in enumerate(target) if j != i)
    if old is None or total is None:
        filled = None
    elif rest.value == 0:
        return None
    else:
        filled = total.exact_div(rest)
        if filled is None and total.value is not None and rest.value is not None:
            return None     # the -1 would not be whole
    return target[:i] + (filled,) + target[i + 1:]


def reshape_problem(namespace: str, args: CallArgs, shape_of: ShapeOf):
    """(target, why) when a reshape of a fully known shape provably cannot
    keep its element count; None otherwise."""
    old = shape_of(args.arg(0, "tensor" if namespace == TF else "x"))
    target = dims_of(args.arg(1, {TF: "shape", OPS: "newshape", BACKEND: "shape"}[namespace]))
    total = product(old) if old is not None else None
    if target is None or total is None or total.value is None:
        return None
    rest = [d for d in target if d.value != -1]
    size = product(rest).value
    if size is None or len(rest) < len(target) - 1:
        return None
    if len(rest) == len(target) and size != total.value:
        return target, f"the array has {total.value} elements, {format_shape(target)} holds {size}"
    if len(rest) < len(target) and (size == 0 or total.value % size):
        return target, (f"the array has {total.value} elements, which do not divide into "
                        f"{format_shape(tuple(rest))} (the -1 would not be whole)")
    return None


@rule("expand_dims")
def expand_dims(namespace: str, args: CallArgs, shape_of: ShapeOf) -> Shape:
    shape = shape_of(tensor_argument(namespace, "expand_dims", args))
    axis = axis_arg(args, 1, -1 if namespace == BACKEND else None)
    if shape is None or not isinstance(axis, int):
        return None
    a = normalize(axis, len(shape) + 1)
    return None if a is None else shape[:a] + (const(1),) + shape[a:]


@rule("squeeze")
def squeeze(namespace: str, args: CallArgs, shape_of: ShapeOf) -> Shape:
    """Without an axis, every axis of 1 goes: only when every size is known."""
    shape = shape_of(tensor_argument(namespace, "squeeze", args))
    value = args.arg(1, "axis")
    if shape is None:
        return None
    if is_none(value):
        if namespace == BACKEND or any(d is None or d.value is None for d in shape):
            return None
        return tuple(d for d in shape if d.value != 1)
    axes = ints_of(value)
    if axes is None:
        return None
    picked = {normalize(a, len(shape)) for a in axes}
    if None in picked or any(shape[a] is None or shape[a].value != 1 for a in picked):
        return None
    return tuple(d for i, d in enumerate(shape) if i not in picked)


@rule("transpose", "permute_dimensions")
def transpose(namespace: str, args: CallArgs, shape_of: ShapeOf) -> Shape:
    shape = shape_of(tensor_argument(namespace, "transpose", args))
    order = args.arg(1, {TF: "perm", OPS: "axes", BACKEND: "pattern"}[namespace])
    if shape is None:
        return None
    if is_none(order):
        return tuple(reversed(shape))
    axes = ints_of(order)
    if axes is None or sorted(normalize(a, len(shape)) if normalize(a, len(shape)) is not None
                              else -1 for a in axes) != list(range(len(shape))):
        return None
    return tuple(shape[a] for a in axes)


def shapes_of(value: Optional[Value], shape_of: ShapeOf) -> Optional[List[Tuple[Dim, ...]]]:
    """The shapes of a list of tensors, all known, or None."""
    if not isinstance(value, Seq) or not value.items:
        return None
    shapes = [shape_of(v) for v in value.items]
    return None if any(s is None for s in shapes) else [tuple(s) for s in shapes]


def agree(dims: Sequence[Dim]) -> Optional[Tuple[Dim]]:
    """One size for axes that must match: a known size where one side leaves it
    open (``None``); None (as a 1-tuple's absence) where they may differ."""
    known = [d for d in dims if d is not None]
    if not known:
        return (None,)
    first = known[0]
    if any(not dims_equal(first, d) for d in known[1:]):
        return None
    return (first,)


@rule("concat", "concatenate")
def concatenate(namespace: str, args: CallArgs, shape_of: ShapeOf) -> Shape:
    param = TENSOR_PARAM["concatenate"].get(namespace, "values")
    shapes = shapes_of(args.arg(0, param), shape_of)
    axis = axis_arg(args, 1, {TF: None, OPS: 0, BACKEND: -1}[namespace])
    if shapes is None or not isinstance(axis, int) or len({len(s) for s in shapes}) != 1:
        return None
    rank = len(shapes[0])
    a = normalize(axis, rank)
    if a is None:
        return None
    out: List[Dim] = []
    for i in range(rank):
        if i == a:
            sizes = [s[i] for s in shapes]
            out.append(None if any(d is None for d in sizes) else sum(sizes[1:], sizes[0]))
            continue
        merged = agree([s[i] for s in shapes])
        if merged is None:
            return None
        out.append(merged[0])
    return tuple(out)


@rule("stack")
def stack(namespace: str, args: CallArgs, shape_of: ShapeOf) -> Shape:
    shapes = shapes_of(args.arg(0, "values" if namespace == TF else "x"), shape_of)
    axis = axis_arg(args, 1, 0)
    if shapes is None or not isinstance(axis, int) or len({len(s) for s in shapes}) != 1:
        return None
    merged = []
    for dims in zip(*shapes):
        one = agree(dims)
        if one is None or any(dims_differ(d, e) for d in dims for e in dims):
            return None
        merged.append(one[0])
    a = normalize(axis, len(merged) + 1)
    if a is None:
        return None
    return tuple(merged[:a]) + (const(len(shapes)),) + tuple(merged[a:])


@rule("one_hot")
def one_hot(namespace: str, args: CallArgs, shape_of: ShapeOf) -> Shape:
    shape = shape_of(tensor_argument(namespace, "one_hot", args))
    depth = args.arg(1, "depth" if namespace == TF else "num_classes")
    classes = to_poly(depth) if depth is not None else None
    if shape is None or classes is None:
        return None
    return tuple(shape) + (classes,)


@rule("tile")
def tile(namespace: str, args: CallArgs, shape_of: ShapeOf) -> Shape:
    """``tf.tile``/``K.tile`` need one multiple per axis; ``keras.ops.tile``
    follows ``np.tile`` and pads the shorter of the two with ones in front."""
    shape = shape_of(tensor_argument(namespace, "tile", args))
    reps = args.arg(1, {TF: "multiples", OPS: "repeats", BACKEND: "n"}[namespace])
    multiples = dims_of(reps) if isinstance(reps, Seq) else (
        (to_poly(reps),) if to_poly(reps) is not None else None)
    if shape is None or multiples is None:
        return None
    shape = tuple(shape)
    if namespace == OPS:
        width = max(len(shape), len(multiples))
        shape = (const(1),) * (width - len(shape)) + shape
        multiples = (const(1),) * (width - len(multiples)) + tuple(multiples)
    if len(multiples) != len(shape):
        return None
    return tuple(times(d, m) for d, m in zip(shape, multiples))


@rule("repeat")
def repeat(namespace: str, args: CallArgs, shape_of: ShapeOf) -> Shape:
    """``tf.repeat``/``keras.ops.repeat`` repeat elements (flattened without an
    axis); Keras 2's ``K.repeat(x, n)`` is RepeatVector: (batch, dim) ->
    (batch, n, dim)."""
    shape = shape_of(tensor_argument(namespace, "repeat", args))
    if shape is None:
        return None
    if namespace == BACKEND:
        n = to_poly(args.arg(1, "n")) if args.arg(1, "n") is not None else None
        return None if n is None or len(shape) != 2 else (shape[0], n, shape[1])
    count = args.arg(1, "repeats")
    n = to_poly(count) if isinstance(count, Int) else None
    axis = axis_arg(args, 2, None)
    if n is None or axis is ...:
        return None
    if axis is None:
        return (times(product(shape), n),)
    a = normalize(axis, len(shape))
    return None if a is None else shape[:a] + (times(shape[a], n),) + shape[a + 1:]


@rule("repeat_elements")
def repeat_elements(namespace: str, args: CallArgs, shape_of: ShapeOf) -> Shape:
    shape = shape_of(args.arg(0, "x"))
    n = args.arg(1, "rep")
    axis = axis_arg(args, 2, None)
    if shape is None or not isinstance(n, Int) or not isinstance(axis, int):
        return None
    a = normalize(axis, len(shape))
    return None if a is None else shape[:a] + (times(shape[a], n.poly),) + shape[a + 1:]
