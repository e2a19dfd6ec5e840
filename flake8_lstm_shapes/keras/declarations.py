"""Where a model's input is declared, read the way the targeted Keras reads it.

A declaration is read once, where it is written: ``keras.Input(...)`` when it
is called, a layer's ``input_shape=``/``batch_input_shape=``/``input_dim=``
when the layer is made (``Layer.decl``).  The model code then takes the
``InputDecl`` from there; the rules judge it (``rules.declared``).
"""

from __future__ import annotations

import ast
from ..core.records import replace
from typing import List, Optional

from ..core.arguments import CallArgs
from ..core.shapes import Shape
from ..core.values import Const, Int, Seq, Value, to_poly
from .models import InputDecl, Layer


def read_declaration(ctx, layer: Layer) -> Optional[InputDecl]:
    """The input a layer just made declares: an ``InputLayer``'s, read like
    ``keras.Input``; any other layer's own ``input_shape=`` and its kin."""
    if layer.kind == "InputLayer":
        return input_declaration(ctx, call_args_of(layer), layer.node, owner="InputLayer")
    return layer_declaration(ctx, layer)


def input_declaration(ctx, args, node: ast.Call, owner: str) -> Optional[InputDecl]:
    """The shape an ``Input``/``InputLayer`` declares, batch axis included."""
    version = ctx.keras_version
    batch = args.arg(None, "batch_shape")
    arg = "batch_shape"
    if batch is None and "batch_input_shape" in args.keywords:
        batch, arg = args.keywords["batch_input_shape"], "batch_input_shape"
    if batch is not None:
        return make_decl(ctx, batch, args.kw_nodes[arg], arg, batched=True, owner=owner)
    names = ("shape", "input_shape") if version == 3 or owner == "Input" else ("input_shape", "shape")
    for name in names:
        if name in args.keywords:
            return make_decl(ctx, args.keywords[name], args.kw_nodes[name], name,
                             batched=False, owner=owner, batch_size=args.arg(None, "batch_size"))
    if args.positional and owner == "Input":
        return make_decl(ctx, args.positional[0], args.pos_nodes[0], "shape", batched=False,
                         owner=owner, batch_size=args.arg(1, "batch_size"))
    return None


def make_decl(ctx, value: Value, node: ast.AST, arg: str, *, batched: bool, owner: str,
              batch_size: Optional[Value] = None) -> InputDecl:
    if isinstance(value, Int) and owner != "layer" and ctx.keras_version == 2:
        value = Seq((value,))     # Keras 2's InputLayer reads an int as (n,)
    shape = shape_from_value(value)
    if shape is not None and not batched:
        shape = (to_poly(batch_size) if batch_size is not None else None,) + shape
    text = ctx.source(node, 50)
    if not isinstance(node, ast.keyword):
        text = f"{arg}={text}"
    return InputDecl(shape, node, text, arg, value, owner)


def shape_from_value(value: Value) -> Shape:
    """A declared shape: a tuple/list of ints, symbols and Nones; else unknown.

    Values Keras rejects (floats, a bare int) give None here: LST103 reports
    them from the raw value.
    """
    if not isinstance(value, Seq) or value.kind == "range":
        return None
    dims = []
    for item in value.items:
        if isinstance(item, Const) and item.value is None:
            dims.append(None)
            continue
        poly = to_poly(item)
        if poly is None:
            return None
        dims.append(poly)
    return tuple(dims)


def layer_declaration(ctx, layer: Layer) -> Optional[InputDecl]:
    """The input a layer declares itself, the way the targeted Keras reads it.

    Keras 3 reads ``input_dim`` (as ``(input_dim,)``, even on an LSTM) before
    ``input_shape``; Keras 2 reads ``batch_input_shape``, then ``input_shape``
    with ``batch_size``, then the legacy ``input_dim``/``input_length`` (an RNN
    gets ``(input_length, input_dim)``).  A layer spelled with Keras-2-only
    arguments is read as Keras 2 reads it even under Keras 3, which rejects it
    (LST303): that is what its author meant.  When the version is unknown and
    the two readings differ, the declared shape is unknown.  Neither reads the
    declaration of a layer wrapped in Bidirectional (tf_keras 2.21 and Keras 3
    both build such a model from the data, checked by the conformance suite).
    """
    version = ctx.keras_version
    if version == 2 or uses_keras2_spelling(layer):
        return keras2_declaration(ctx, layer)
    keras3 = keras3_declaration(ctx, layer)
    if version == 3:
        return keras3
    keras2 = keras2_declaration(ctx, layer)
    if keras3 is None or keras2 is None:
        return embedding_length_unread(keras3 or keras2)
    if keras3.shape is not None and keras2.shape is not None and keras3.shape == keras2.shape:
        return keras2
    return replace(keras2, shape=None)      # declared, but what it means depends on the version


def embedding_length_unread(declared: Optional[InputDecl]) -> Optional[InputDecl]:
    """``Embedding(..., input_length=n)``, the version unknown: Keras 2 declares
    ``(batch, n)``, Keras 3 ignores the argument and takes the data's length.
    Both take 2-D ids, so the rank holds and only the length is unknown."""
    if declared is None or declared.shape is None or len(declared.shape) != 2:
        return None if declared is None else replace(declared, shape=None)
    return replace(declared, shape=(declared.shape[0], None))


def uses_keras2_spelling(layer: Layer) -> bool:
    """Arguments only Keras 2 reads: the code was written for Keras 2."""
    args = layer.args
    return args.has("batch_input_shape") or args.has("batch_size") or \
        (layer.recurrent and args.has("input_length"))


def keras3_declaration(ctx, layer: Layer) -> Optional[InputDecl]:
    args = layer.args
    if args.has("input_dim") and layer.kind != "Embedding":  # Embedding's is the vocabulary
        value = args.values["input_dim"]
        return make_decl(ctx, Seq((value,)), args.nodes["input_dim"], "input_dim",
                         batched=False, owner="layer")
    if args.has("input_shape"):
        return make_decl(ctx, args.values["input_shape"], args.nodes["input_shape"],
                         "input_shape", batched=False, owner="layer")
    return None


def keras2_declaration(ctx, layer: Layer) -> Optional[InputDecl]:
    args = layer.args
    if args.has("batch_input_shape"):
        return make_decl(ctx, args.values["batch_input_shape"], args.nodes["batch_input_shape"],
                         "batch_input_shape", batched=True, owner="layer")
    if args.has("input_shape"):
        return make_decl(ctx, args.values["input_shape"], args.nodes["input_shape"],
                         "input_shape", batched=False, owner="layer",
                         batch_size=args.values.get("batch_size"))
    if layer.recurrent and (args.has("input_dim") or args.has("input_length")):
        dim = args.values.get("input_dim", Const(None))
        length = args.values.get("input_length", Const(None))
        name = "input_dim" if args.has("input_dim") else "input_length"
        return make_decl(ctx, Seq((length, dim)), args.nodes[name], name, batched=False,
                         owner="layer", batch_size=args.values.get("batch_size"))
    if layer.kind == "Embedding" and args.has("input_length"):
        return make_decl(ctx, Seq((args.values["input_length"],)), args.nodes["input_length"],
                         "input_length", batched=False, owner="layer",
                         batch_size=args.values.get("batch_size"))
    if args.has("input_dim") and layer.kind != "Embedding":
        return make_decl(ctx, Seq((args.values["input_dim"],)), args.nodes["input_dim"],
                         "input_dim", batched=False, owner="layer",
                         batch_size=args.values.get("batch_size"))
    return None


def ignored_declarations(layer: Layer) -> List[InputDecl]:
    """Declarations on a layer that Keras reads nowhere: the ``input_shape`` of
    a layer wrapped in Bidirectional."""
    inner = layer.inner()
    if layer.kind == "Bidirectional" and inner is not None and inner.decl is not None:
        return [inner.decl]
    return []


def call_args_of(layer: Layer):
    """A layer's arguments in the form ``input_declaration`` reads."""
    args = CallArgs()
    for name, value in layer.args.values.items():
        args.keywords[name] = value
        node = layer.args.nodes.get(name)
        if isinstance(node, ast.keyword):
            args.kw_nodes[name] = node
        else:
            args.kw_nodes[name] = ast.keyword(arg=name, value=node, lineno=node.lineno,
                                              col_offset=node.col_offset,
                                              end_lineno=node.end_lineno,
                                              end_col_offset=node.end_col_offset)
    return args
