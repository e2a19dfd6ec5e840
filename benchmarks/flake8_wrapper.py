"""``flake8``, with or without some plugins, in the same environment.

    python benchmarks/flake8_wrapper.py [--hide=MODULE[,MODULE]] FLAKE8_ARGS...

``--hide=flake8_lstm_shapes`` filters the plugins whose entry point lives in
that module out of flake8's plugin discovery
(``flake8.plugins.finder.find_plugins``), so flake8 neither imports nor runs
them; everything else (the interpreter, its start-up, flake8, the other
plugins) is the same on both sides.  ``--hide-lstm-shapes`` is
``--hide=flake8_lstm_shapes``.  Kept tiny on purpose: its own cost is paid
equally by both sides of ``overhead.py``'s comparisons.
"""

import sys

HIDE_FLAG = "--hide="
HIDE_LSTM_SHAPES = "--hide-lstm-shapes"
PLUGIN_MODULE = "flake8_lstm_shapes"


def hide_plugins(modules) -> None:
    from flake8.plugins import finder

    find_plugins = finder.find_plugins

    def without_hidden(*args, **kwargs):
        return [plugin for plugin in find_plugins(*args, **kwargs)
                if not plugin.entry_point.value.split(":")[0].split(".")[0] in modules]

    finder.find_plugins = without_hidden


def main(argv) -> int:
    hidden = set()
    rest = []
    for arg in argv:
        if arg == HIDE_LSTM_SHAPES:
            hidden.add(PLUGIN_MODULE)
        elif arg.startswith(HIDE_FLAG):
            hidden.update(filter(None, arg[len(HIDE_FLAG):].split(",")))
        else:
            rest.append(arg)
    if hidden:
        hide_plugins(hidden)
    from flake8.main.cli import main as flake8_main
    return flake8_main(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
