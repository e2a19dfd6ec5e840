"""flake8-lstm-shapes: find shape mistakes in Keras recurrent-network code before it runs."""

__version__ = "0.1.0"
