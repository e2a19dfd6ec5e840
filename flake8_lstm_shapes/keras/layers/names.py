"""Every layer name the registry knows, by the family module that models it.

An editor runs a new flake8 process on every save, and a file uses a few
layers of one or two families: the registry (``base.Registry``) imports a
family module the first time one of its layers is looked up, and this table
is how it knows which, without importing any.  ``tests/test_layers.py``
checks it against what each family registers when imported.

The multi-input layers (merges, attentions) and the RNN cells are not
registry entries (``keras.calls`` applies them, ``rnn`` reads cells), so
their names and positional parameters are here too.
"""

from __future__ import annotations

from typing import Dict, Tuple

FAMILIES: Dict[str, Tuple[str, ...]] = {
    "rnn": ("ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "CuDNNGRU", "CuDNNLSTM", "GRU", "LSTM", "RNN",
            "SimpleRNN"),
    "core": ("Activation", "ActivityRegularization", "AlphaDropout", "BatchNormalization", "Dense",
             "Dropout", "ELU", "Embedding", "GaussianDropout", "GaussianNoise", "Lambda",
             "LayerNormalization", "LeakyReLU", "Masking", "PReLU", "ReLU", "Softmax",
             "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "UnitNormalization"),
    "wrappers": ("Bidirectional", "TimeDistributed"),
    "convolutional": ("Conv1D", "Conv1DTranspose", "Conv2D", "Conv2DTranspose", "Conv3D",
                      "Convolution1D", "Convolution1DTranspose", "Convolution2D",
                      "Convolution2DTranspose", "Convolution3D", "DepthwiseConv1D",
                      "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D",
                      "SeparableConvolution1D", "SeparableConvolution2D"),
    "pooling": ("AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "AvgPool1D", "AvgPool2D",
                "AvgPool3D", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
                "GlobalAveragePooling3D", "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalAvgPool3D",
                "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPool3D", "GlobalMaxPooling1D",
                "GlobalMaxPooling2D", "GlobalMaxPooling3D", "MaxPool1D", "MaxPool2D", "MaxPool3D",
                "MaxPooling1D", "MaxPooling2D", "MaxPooling3D"),
    "reshaping": ("Cropping1D", "Cropping2D", "Cropping3D", "Flatten", "Permute", "RepeatVector",
                  "Reshape", "UpSampling1D", "UpSampling2D", "UpSampling3D", "ZeroPadding1D",
                  "ZeroPadding2D", "ZeroPadding3D"),
    "attention": ("AdditiveAttention", "Attention", "MultiHeadAttention"),
    "preprocessing": ("CenterCrop", "Identity", "Normalization", "RandomBrightness",
                      "RandomContrast", "RandomFlip", "RandomRotation", "RandomTranslation",
                      "RandomZoom", "Rescaling", "Resizing"),
}

# Layers whose inputs are several tensors (functional API merges): their
# positional parameters.  ``merging`` models their output.
MERGES = {"Concatenate": ("axis",), "Add": (), "Multiply": (), "Average": (), "Maximum": (),
          "Minimum": (), "Subtract": (), "Dot": ("axes", "normalize")}

# Attention layers take a query and a value (and a key): as a list, or
# (MultiHeadAttention) as separate arguments.  ``attention`` models them.
LIST_ATTENTIONS = frozenset({"Attention", "AdditiveAttention"})
ATTENTIONS = LIST_ATTENTIONS | {"MultiHeadAttention"}

# Cells: their positional parameters; an RNN reads their units (``rnn.cell_units``).
CELLS = {"LSTMCell": ("units",), "GRUCell": ("units",), "SimpleRNNCell": ("units",),
         "StackedRNNCells": ("cells",)}
