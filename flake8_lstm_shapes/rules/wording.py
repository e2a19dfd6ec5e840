"""Phrases more than one family writes the same way."""

from __future__ import annotations

# The per-sample axes of a recurrent layer's input, by its full rank.
AXES = {
    3: "(timesteps, features)",
    4: "(timesteps, steps, channels)",
    5: "(timesteps, rows, cols, channels)",
    6: "(timesteps, depth, rows, cols, channels)",
}


def via(flow) -> str:
    if not flow.via:
        return ""
    return " through " + ", ".join(layer.describe() for layer in flow.via)
