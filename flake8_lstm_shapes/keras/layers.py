"""The layer registry: what each Keras layer accepts and what it returns.

Each layer has an entry with its positional parameters, the input ranks it
accepts (batch axis included, as in Keras's ``InputSpec``) and a small pure
function that mirrors its ``compute_output_shape``.  Shapes include the batch
axis: ``LSTM(32)`` maps ``(None, 10, 1)`` to ``(None, 32)``.

An output function returns a shape, a list of shapes (``return_state=True``),
or None when it cannot tell; it raises ``LayerShapeError`` for the failures
Keras itself raises while building the layer (a Reshape that changes the
element count, a kernel longer than the sequence).  A layer we do not know has
no entry: its output is unknown and everything after it stays quiet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

from ..core.shapes import Dim, Poly, Shape, const, dim_value, format_shape, product
from ..core.values import Const, Int, Seq, Unknown, Value, to_poly

Output = Union[Shape, List[Shape], None]


class LayerShapeError(Exception):
    """Keras would raise while building the layer on this input."""


@dataclass
class LayerArgs:
    """A layer call's arguments, by parameter name.

    ``open_ended`` is set when the call has ``*args`` or ``**kwargs``: then an
    argument that is not written out may still be given, so it is unknown
    rather than its default.
    """

    values: Dict[str, Value] = field(default_factory=dict)
    nodes: Dict[str, object] = field(default_factory=dict)  # name -> ast node to report on
    open_ended: bool = False

    def has(self, name: str) -> bool:
        return name in self.values

    def get(self, name: str) -> Optional[Value]:
        """The value, None when absent (and surely absent), Unknown when it may be set."""
        if name in self.values:
            return self.values[name]
        if self.open_ended:
            return Unknown(("open-arg", id(self), name), name)
        return None


# -- reading arguments --------------------------------------------------------
# Each reader returns the default when the argument is absent and None when its
# value is unknown: callers treat None as "cannot tell".

def read_dim(args: LayerArgs, name: str, default: Optional[int] = None) -> Optional[Poly]:
    v = args.get(name)
    if v is None:
        return None if default is None else const(default)
    return value_to_dim(v)


def value_to_dim(v: Value) -> Optional[Poly]:
    return to_poly(v)


def read_bool(args: LayerArgs, name: str, default: bool = False) -> Optional[bool]:
    v = args.get(name)
    if v is None:
        return default
    if isinstance(v, Const) and isinstance(v.value, bool):
        return v.value
    if isinstance(v, Int) and v.poly.value in (0, 1):
        return bool(v.poly.value)
    return None


def read_str(args: LayerArgs, name: str, default: Optional[str]) -> Union[str, None, type(...)]:
    """The string; ``None`` when the argument is the constant None; ``...`` when unknown."""
    v = args.get(name)
    if v is None:
        return default
    if isinstance(v, Const) and (isinstance(v.value, str) or v.value is None):
        return v.value.lower() if isinstance(v.value, str) else None
    return ...


def read_dims(args: LayerArgs, name: str, n: int, default: Optional[int]) -> Optional[Tuple[Poly, ...]]:
    """An int or a tuple of n ints (kernel_size, strides, pool_size)."""
    v = args.get(name)
    if v is None:
        return None if default is None else (const(default),) * n
    if isinstance(v, Const) and v.value is None:
        return None
    if isinstance(v, Seq):
        dims = tuple(value_to_dim(x) for x in v.items)
        if len(dims) == n and all(d is not None for d in dims):
            return dims
        return None
    d = value_to_dim(v)
    return None if d is None else (d,) * n


# -- the registry ---------------------------------------------------------------

@dataclass(frozen=True)
class LayerSpec:
    name: str
    params: Tuple[str, ...]              # positional parameter names, in order
    min_rank: Optional[int]              # accepted input ranks, batch axis included
    max_rank: Optional[int]
    output: Callable[["LayerArgs", Tuple[Dim, ...], "Registry"], Output]
    recurrent: bool = False              # LSTM, GRU, SimpleRNN, RNN, ConvLSTM, CuDNN*
    identity: bool = False               # shape-preserving (Dropout, Masking, ...)
    wrapper: bool = False                # Bidirectional, TimeDistributed: args["layer"]
    max_rank_keras3: Optional[int] = None  # Keras 3 convolutions take exactly rank + 2 axes

    def rank_problem(self, shape: Tuple[Dim, ...], keras_version: int = 3) -> Optional[str]:
        """Keras's InputSpec check: a description of the mismatch, or None."""
        rank = len(shape)
        if keras_version == 3 and self.max_rank_keras3 is not None and rank > self.max_rank_keras3:
            return (f"Keras 3 convolutions take exactly {self.max_rank_keras3} dimensions, "
                    f"found ndim={rank}")
        if self.min_rank is not None and self.min_rank == self.max_rank and rank != self.min_rank:
            return f"expected ndim={self.min_rank}, found ndim={rank}"
        if self.min_rank is not None and rank < self.min_rank:
            return f"expected min_ndim={self.min_rank}, found ndim={rank}"
        if self.max_rank is not None and rank > self.max_rank:
            return f"expected max_ndim={self.max_rank}, found ndim={rank}"
        return None


Registry = Dict[str, LayerSpec]
REGISTRY: Registry = {}


def register(name: str, params: Sequence[str], rank: Tuple[Optional[int], Optional[int]],
             *, recurrent: bool = False, identity: bool = False, wrapper: bool = False,
             aliases: Sequence[str] = (), max_rank_keras3: Optional[int] = None):
    def deco(fn):
        spec = LayerSpec(name, tuple(params), rank[0], rank[1], fn,
                         recurrent=recurrent, identity=identity, wrapper=wrapper,
                         max_rank_keras3=max_rank_keras3)
        for n in (name, *aliases):
            REGISTRY[n] = spec
        return fn
    return deco


# -- recurrent layers -------------------------------------------------------------

RNN_PARAMS = ("units", "activation", "recurrent_activation")


def rnn_output(units: Optional[Poly], args: LayerArgs, shape, n_states: int) -> Output:
    """``(batch, units)``, ``(batch, timesteps, units)`` with return_sequences,
    plus ``n_states`` state tensors of ``(batch, units)`` with return_state."""
    sequences = read_bool(args, "return_sequences")
    state = read_bool(args, "return_state")
    if sequences is None or state is None:
        return None
    out = (shape[0], shape[1], units) if sequences else (shape[0], units)
    if state:
        return [out] + [(shape[0], units)] * n_states
    return out


def units_of(args: LayerArgs) -> Optional[Poly]:
    units = read_dim(args, "units")
    if units is None and args.has("output_dim"):      # Keras 1 spelling of units
        units = read_dim(args, "output_dim")
    return units


@register("LSTM", RNN_PARAMS, (3, 3), recurrent=True, aliases=("CuDNNLSTM",))
def lstm_output(args, shape, registry):
    return rnn_output(units_of(args), args, shape, n_states=2)


@register("GRU", RNN_PARAMS, (3, 3), recurrent=True, aliases=("CuDNNGRU",))
def gru_output(args, shape, registry):
    return rnn_output(units_of(args), args, shape, n_states=1)


@register("SimpleRNN", ("units", "activation"), (3, 3), recurrent=True)
def simple_rnn_output(args, shape, registry):
    return rnn_output(units_of(args), args, shape, n_states=1)


def cell_units(cell: Value) -> Tuple[Optional[Poly], int]:
    """(output size, number of states) of an RNN cell value, or (None, 0)."""
    from .models import Layer  # the layer value type lives with the models
    if isinstance(cell, Seq) and cell.items:           # a list of cells stacks them
        return cell_units(cell.items[-1])
    if isinstance(cell, Layer) and cell.kind in ("LSTMCell", "GRUCell", "SimpleRNNCell"):
        return units_of(cell.args), (2 if cell.kind == "LSTMCell" else 1)
    if isinstance(cell, Layer) and cell.kind == "StackedRNNCells":
        return cell_units(cell.args.get("cells") or Unknown(("none",)))
    return None, 0


@register("RNN", ("cell", "return_sequences", "return_state"), (3, 3), recurrent=True)
def rnn_cell_output(args, shape, registry):
    cell = args.get("cell")
    units, n_states = cell_units(cell) if cell is not None else (None, 0)
    if units is None:
        return None
    return rnn_output(units, args, shape, n_states=n_states)


def conv_settings(args: LayerArgs, rank: int, paddings: Tuple[str, ...]):
    """(filters, kernel, strides, dilation, padding) of a convolution, or None
    when one of them is unknown or the data format is channels-first."""
    if read_str(args, "data_format", "channels_last") != "channels_last":
        return None
    settings = (read_dim(args, "filters"), read_dims(args, "kernel_size", rank, None),
                read_dims(args, "strides", rank, 1), read_dims(args, "dilation_rate", rank, 1),
                read_str(args, "padding", "valid"))
    if None in settings[1:4] or settings[4] not in paddings:
        return None
    return settings


def conv_lstm(rank: int):
    """ConvLSTM1D/2D/3D: a convolution per timestep over (batch, time, *space, channels)."""
    def output(args, shape, registry):
        settings = conv_settings(args, rank, ("valid", "same"))
        if settings is None or settings[0] is None:
            return None
        filters, kernel, strides, dilation, padding = settings
        space = conv_lengths(shape[2:-1], kernel, strides, dilation, padding)
        sequences = read_bool(args, "return_sequences")
        state = read_bool(args, "return_state")
        if sequences is None or state is None:
            return None
        step = (shape[0], *space, filters)
        out = (shape[0], shape[1], *space, filters) if sequences else step
        return [out, step, step] if state else out
    return output


for _rank in (1, 2, 3):
    register(f"ConvLSTM{_rank}D", ("filters", "kernel_size", "strides", "padding"),
             (_rank + 3, _rank + 3), recurrent=True)(conv_lstm(_rank))


# -- wrappers --------------------------------------------------------------------------

@register("Bidirectional", ("layer", "merge_mode"), (3, 3), recurrent=True, wrapper=True)
def bidirectional_output(args, shape, registry):
    inner = inner_layer(args)
    if inner is None:
        return None
    forward = inner.output_shape(shape, registry)
    merge = read_str(args, "merge_mode", "concat")
    if forward is None or merge is ...:
        return None
    states: list = []
    if isinstance(forward, list):
        forward, states = forward[0], forward[1:]
    if forward is None:
        return None
    if merge == "concat":
        last = forward[-1]
        out = forward[:-1] + ((last * const(2)) if last is not None else None,)
    elif merge in ("sum", "mul", "ave"):
        out = forward
    elif merge is None:
        return None  # two separate outputs; rare enough to leave unknown
    else:
        return None
    return [out] + states + states if states else out


@register("TimeDistributed", ("layer",), (3, None), wrapper=True)
def time_distributed_output(args, shape, registry):
    """The inner layer runs on each timestep: (batch, time, *rest) -> (batch, time, *out)."""
    inner = inner_layer(args)
    if inner is None or inner.spec is None:
        return None
    step_shape = (shape[0],) + tuple(shape[2:])
    if inner.spec.rank_problem(step_shape):
        return None
    try:
        step = inner.spec.output(inner.args, step_shape, registry)
    except LayerShapeError as error:
        raise LayerShapeError(f"its {inner.kind} gets one timestep of shape "
                              f"{format_shape(step_shape)}: {error}")
    if step is None or isinstance(step, list):
        return None
    return (step[0], shape[1], *step[1:])


def inner_layer(args: LayerArgs):
    from .models import Layer
    inner = args.get("layer")
    return inner if isinstance(inner, Layer) else None


# -- core layers ------------------------------------------------------------------------

@register("Dense", ("units", "activation"), (2, None))
def dense_output(args, shape, registry):
    return tuple(shape[:-1]) + (units_of(args),)


def identity_output(args, shape, registry):
    return tuple(shape)


for _name in ("Dropout", "GaussianNoise", "GaussianDropout", "AlphaDropout",
              "BatchNormalization", "LayerNormalization", "Activation", "Masking",
              "LeakyReLU", "ReLU", "PReLU", "ELU", "Softmax", "ActivityRegularization",
              "UnitNormalization"):
    register(_name, (), (1, None), identity=True)(identity_output)

register("SpatialDropout1D", ("rate",), (3, 3), identity=True)(identity_output)


@register("Flatten", (), (1, None))
def flatten_output(args, shape, registry):
    if len(shape) == 1:
        return (shape[0], const(1))
    return (shape[0], product(shape[1:]))


@register("RepeatVector", ("n",), (2, 2))
def repeat_vector_output(args, shape, registry):
    return (shape[0], read_dim(args, "n"), shape[1])


@register("Reshape", ("target_shape",), (1, None))
def reshape_output(args, shape, registry):
    target = args.get("target_shape")
    if not isinstance(target, Seq):
        return None
    dims = [value_to_dim(v) for v in target.items]
    if any(d is None for d in dims):
        return None
    return (shape[0],) + solve_reshape(tuple(shape[1:]), tuple(dims))


def solve_reshape(old: Tuple[Dim, ...], new: Tuple[Poly, ...]) -> Tuple[Dim, ...]:
    """Fill in one ``-1`` and check the element count, as Keras's Reshape does."""
    unknown_at = [i for i, d in enumerate(new) if d.value == -1]
    total = product(old)
    if len(unknown_at) > 1:
        raise LayerShapeError("can only specify one unknown dimension (-1)")
    if unknown_at:
        known = product(d for i, d in enumerate(new) if i != unknown_at[0])
        if total is None or known is None:
            return new[:unknown_at[0]] + (None,) + new[unknown_at[0] + 1:]
        fill = total.exact_div(known)
        divisible = total.divisible_by(known)
        if divisible is False:
            raise LayerShapeError(
                f"the input has {total} elements, which do not divide into {format_shape(new)}")
        return new[:unknown_at[0]] + (fill,) + new[unknown_at[0] + 1:]
    new_total = product(new)
    if total is not None and new_total is not None:
        a, b = total.value, new_total.value
        if a is not None and b is not None and a != b:
            raise LayerShapeError(
                f"the total size must be unchanged: the input {format_shape(old)} has {a} "
                f"elements, the target {format_shape(new)} has {b}")
    return new


@register("Permute", ("dims",), (2, None))
def permute_output(args, shape, registry):
    dims = args.get("dims")
    if not isinstance(dims, Seq):
        return None
    order = [dim_value(value_to_dim(v)) for v in dims.items]
    if any(o is None for o in order):
        return None
    if len(order) != len(shape) - 1:
        raise LayerShapeError(f"Permute(({', '.join(map(str, order))})) reorders "
                              f"{len(order)} axes, so it needs {len(order) + 1}-D input")
    if sorted(order) != list(range(1, len(shape))):
        return None
    return (shape[0],) + tuple(shape[o] for o in order)


@register("Embedding", ("input_dim", "output_dim"), (1, None))
def embedding_output(args, shape, registry):
    return tuple(shape) + (read_dim(args, "output_dim"),)


# -- convolution and pooling ------------------------------------------------------------

def conv_lengths(lengths, kernel, strides, dilation, padding) -> Tuple[Dim, ...]:
    """Spatial output lengths of a convolution (Keras's compute_conv_output_shape)."""
    out = []
    for length, k, s, d in zip(lengths, kernel, strides, dilation):
        n, kv, sv, dv = dim_value(length), k.value, s.value, d.value
        if n is None or kv is None or sv is None or dv is None or sv <= 0:
            out.append(None if length is None else _opaque_len(length, "conv"))
            continue
        if padding == "valid":
            size = (n - dv * (kv - 1) - 1) // sv + 1
            if size <= 0:
                raise LayerShapeError(
                    f"a kernel of {kv} (dilation {dv}) does not fit in {n} steps: "
                    f"the output would have no steps")
        else:
            size = (n - 1) // sv + 1
        out.append(const(size))
    return tuple(out)


def pool_lengths(lengths, pool, strides, padding) -> Tuple[Dim, ...]:
    out = []
    for length, p, s in zip(lengths, pool, strides):
        n, pv, sv = dim_value(length), p.value, s.value
        if n is None or pv is None or sv is None or sv <= 0:
            out.append(None if length is None else _opaque_len(length, "pool"))
            continue
        if padding == "valid":
            size = (n - pv) // sv + 1
            if size <= 0:
                raise LayerShapeError(
                    f"a pool of {pv} does not fit in {n} steps: the output would have no steps")
        else:
            size = (n - 1) // sv + 1
        out.append(const(size))
    return tuple(out)


def _opaque_len(length: Poly, what: str) -> Poly:
    return Poly.symbol((what, length), f"{what}({length})")


def conv(rank: int):
    def output(args, shape, registry):
        settings = conv_settings(args, rank, ("valid", "same", "causal"))
        if len(shape) != rank + 2 or settings is None:
            return None
        filters, kernel, strides, dilation, padding = settings
        return (shape[0], *conv_lengths(shape[1:-1], kernel, strides, dilation, padding), filters)
    return output


def pool(rank: int):
    def output(args, shape, registry):
        if read_str(args, "data_format", "channels_last") != "channels_last":
            return None
        size = read_dims(args, "pool_size", rank, 2)
        strides = args.get("strides")
        strides = size if strides is None or (isinstance(strides, Const) and strides.value is None) \
            else read_dims(args, "strides", rank, None)
        padding = read_str(args, "padding", "valid")
        if size is None or strides is None or padding not in ("valid", "same"):
            return None
        return (shape[0], *pool_lengths(shape[1:-1], size, strides, padding), shape[-1])
    return output


register("Conv1D", ("filters", "kernel_size", "strides", "padding"), (3, None),
         aliases=("Convolution1D",), max_rank_keras3=3)(conv(1))
register("Conv2D", ("filters", "kernel_size", "strides", "padding"), (4, None),
         aliases=("Convolution2D",), max_rank_keras3=4)(conv(2))
register("MaxPooling1D", ("pool_size", "strides", "padding"), (3, 3),
         aliases=("MaxPool1D", "AveragePooling1D", "AvgPool1D"))(pool(1))
register("MaxPooling2D", ("pool_size", "strides", "padding"), (4, 4),
         aliases=("MaxPool2D", "AveragePooling2D", "AvgPool2D"))(pool(2))
register("Conv3D", ("filters", "kernel_size", "strides", "padding"), (5, None),
         aliases=("Convolution3D",), max_rank_keras3=5)(conv(3))
register("MaxPooling3D", ("pool_size", "strides", "padding"), (5, 5),
         aliases=("MaxPool3D", "AveragePooling3D", "AvgPool3D"))(pool(3))


@register("GlobalMaxPooling1D", ("data_format",), (3, 3),
          aliases=("GlobalMaxPool1D", "GlobalAveragePooling1D", "GlobalAvgPool1D"))
def global_pool_1d_output(args, shape, registry):
    keep = read_bool(args, "keepdims")
    if keep is None or read_str(args, "data_format", "channels_last") != "channels_last":
        return None
    return (shape[0], const(1), shape[-1]) if keep else (shape[0], shape[-1])


@register("GlobalMaxPooling2D", ("data_format",), (4, 4),
          aliases=("GlobalMaxPool2D", "GlobalAveragePooling2D", "GlobalAvgPool2D"))
def global_pool_2d_output(args, shape, registry):
    keep = read_bool(args, "keepdims")
    if keep is None or read_str(args, "data_format", "channels_last") != "channels_last":
        return None
    return (shape[0], const(1), const(1), shape[-1]) if keep else (shape[0], shape[-1])


def pairs(args: LayerArgs, name: str, rank: int, default: int):
    """Cropping/padding amounts: an int, a pair, or a pair per spatial axis."""
    v = args.get(name)
    if v is None:
        return [(const(default), const(default))] * rank
    if isinstance(v, Int):
        return [(v.poly, v.poly)] * rank
    if isinstance(v, Seq):
        items = v.items
        if rank == 1 and len(items) == 2 and all(isinstance(i, Int) for i in items):
            return [(items[0].poly, items[1].poly)]
        if len(items) == rank and all(isinstance(i, Int) for i in items):
            return [(i.poly, i.poly) for i in items]
        if len(items) == rank and all(isinstance(i, Seq) and len(i.items) == 2
                                      and all(isinstance(x, Int) for x in i.items) for i in items):
            return [(i.items[0].poly, i.items[1].poly) for i in items]
    return None


def cropping(rank: int, sign: int):
    """Cropping (sign -1) removes rows and columns, ZeroPadding (sign +1) adds them."""
    def output(args, shape, registry):
        amounts = pairs(args, "cropping" if sign < 0 else "padding", rank, 0 if sign < 0 else 1)
        if amounts is None or read_str(args, "data_format", "channels_last") != "channels_last":
            return None
        space = []
        for length, (a, b) in zip(shape[1:-1], amounts):
            if length is None:
                space.append(None)
                continue
            new = length + (a + b) * const(sign)
            if new.value is not None and new.value <= 0:
                raise LayerShapeError(f"cropping {a} + {b} leaves nothing of {length}")
            space.append(new)
        return (shape[0], *space, shape[-1])
    return output


def upsampling(rank: int):
    def output(args, shape, registry):
        size = read_dims(args, "size", rank, 2)
        if size is None or read_str(args, "data_format", "channels_last") != "channels_last":
            return None
        space = [None if d is None else d * f for d, f in zip(shape[1:-1], size)]
        return (shape[0], *space, shape[-1])
    return output


register("Cropping1D", ("cropping",), (3, 3))(cropping(1, -1))
register("Cropping2D", ("cropping",), (4, 4))(cropping(2, -1))
register("ZeroPadding1D", ("padding",), (3, 3))(cropping(1, +1))
register("ZeroPadding2D", ("padding",), (4, 4))(cropping(2, +1))
register("UpSampling1D", ("size",), (3, 3))(upsampling(1))
register("UpSampling2D", ("size",), (4, 4))(upsampling(2))


@register("Lambda", ("function", "output_shape"), (1, None))
def lambda_output(args, shape, registry):
    """Unknown, except a lambda doing element-wise arithmetic with numbers on
    its input (``lambda x: x / 127.5 - 1``), which keeps the shape."""
    from ..core.values import Function
    function = args.get("function")
    if isinstance(function, Function) and elementwise_lambda(function.node):
        return tuple(shape)
    return None


def elementwise_lambda(node) -> bool:
    import ast
    if not isinstance(node, ast.Lambda) or len(node.args.args) != 1 or node.args.vararg \
            or node.args.kwarg:
        return False
    name = node.args.args[0].arg
    for sub in ast.walk(node.body):
        if isinstance(sub, ast.Name) and sub.id != name:
            return False
        if not isinstance(sub, (ast.BinOp, ast.UnaryOp, ast.Name, ast.Constant, ast.Load,
                                ast.operator, ast.unaryop)):
            return False
        if isinstance(sub, ast.Constant) and not isinstance(sub.value, (int, float)):
            return False
    return True


# -- merges: several inputs, one output (functional API) -------------------------------------

def merge_output(kind: str, args: LayerArgs, shapes: List[Tuple[Dim, ...]]) -> Shape:
    """Concatenate joins along an axis; the others combine element-wise."""
    if kind == "Concatenate":
        axis = args.get("axis")
        axis_value = axis.poly.value if isinstance(axis, Int) else (-1 if axis is None else None)
        if axis_value is None:
            return None
        return concatenate_output(shapes, axis_value)
    return elementwise_output(shapes)


def concatenate_output(shapes, axis: int) -> Shape:
    ranks = {len(s) for s in shapes}
    if len(ranks) != 1:
        raise LayerShapeError(f"its inputs have different ranks: "
                              f"{', '.join(format_shape(s) for s in shapes)}")
    rank = ranks.pop()
    if not -rank <= axis < rank or axis % rank == 0:
        return None
    a = axis % rank
    for i in range(1, rank):
        if i == a:
            continue
        dims = [s[i] for s in shapes]
        if any(x is not None and y is not None and (x - y).value not in (0, None)
               for x in dims for y in dims):
            raise LayerShapeError(f"it needs matching shapes except on axis {axis}, but gets "
                                  f"{', '.join(format_shape(s) for s in shapes)}")
    total = const(0)
    for s in shapes:
        if s[a] is None:
            total = None
            break
        total = total + s[a]
    first = shapes[0]
    return first[:a] + (total,) + first[a + 1:]


def elementwise_output(shapes) -> Shape:
    """Keras's Merge._compute_elemwise_op_output_shape, batch axis aside."""
    out = tuple(shapes[0][1:])
    for shape in shapes[1:]:
        a, b = (out, tuple(shape[1:])) if len(out) >= len(shape) - 1 else (tuple(shape[1:]), out)
        merged = list(a[:len(a) - len(b)])
        for x, y in zip(a[len(a) - len(b):], b):
            if x is None or y is None:
                merged.append(None)
            elif x.value == 1:
                merged.append(y)
            elif y.value == 1:
                merged.append(x)
            elif (x - y).value not in (0, None):
                raise LayerShapeError(f"its inputs do not combine element-wise: "
                                      f"{', '.join(format_shape(s) for s in shapes)}")
            else:
                merged.append(x)
        out = tuple(merged)
    return (shapes[0][0],) + out


# -- cells: values, not layers a model applies on their own ---------------------------

CELLS = {"LSTMCell": ("units",), "GRUCell": ("units",), "SimpleRNNCell": ("units",),
         "StackedRNNCells": ("cells",)}

# Layers whose inputs are several tensors (functional API merges).
MERGES = {"Concatenate": ("axis",), "Add": (), "Multiply": (), "Average": (), "Maximum": (),
          "Minimum": (), "Subtract": ()}

# Layers known to exist whose shape rule we do not model: their output is unknown.
OPAQUE = {"Attention": (), "MultiHeadAttention": ("num_heads", "key_dim"),
          "AdditiveAttention": (), "Dot": ("axes",), "Conv1DTranspose": ("filters",),
          "SeparableConv1D": ("filters", "kernel_size"), "DepthwiseConv1D": ("kernel_size",),
          "TextVectorization": (), "Normalization": (), "StringLookup": (), "IntegerLookup": (),
          "CategoryEncoding": (), "Hashing": (), "Rescaling": ("scale",), "Resizing": (),
          "CenterCrop": (), "RandomFlip": (), "RandomRotation": (), "RandomZoom": (),
          "Identity": (), "Layer": (),
          "Conv2DTranspose": ("filters", "kernel_size"), "SeparableConv2D": ("filters", "kernel_size"),
          "DepthwiseConv2D": ("kernel_size",),
          "ConvLSTM2DCell": ("filters",), "Wrapper": ("layer",), "EinsumDense": ("equation",)}

LAYER_NAMES = frozenset(REGISTRY) | frozenset(CELLS) | frozenset(MERGES) | frozenset(OPAQUE) \
    | {"InputLayer"}


def positional_params(kind: str) -> Tuple[str, ...]:
    if kind in REGISTRY:
        return REGISTRY[kind].params
    return CELLS.get(kind) or MERGES.get(kind) or OPAQUE.get(kind) or ()
