"""Recurrent layers: LSTM, GRU, SimpleRNN, RNN over cells, ConvLSTM1D/2D/3D,
and the cells themselves (values an RNN holds, not layers a model applies)."""

from __future__ import annotations

from typing import Optional, Tuple

from .base import LayerArgs, Layer, Output, read_bool, register, units_of
from .convolutional import conv_lengths, conv_settings
from ...core.shapes import Poly
from ...core.values import Seq, Unknown, Value

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
