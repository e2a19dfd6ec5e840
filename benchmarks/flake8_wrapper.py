"""``flake8``, with or without flake8-lstm-shapes, in the same environment.

    python benchmarks/flake8_wrapper.py [--hide-lstm-shapes] FLAKE8_ARGS...

With ``--hide-lstm-shapes`` the plugin is filtered out of flake8's plugin
discovery (``flake8.plugins.finder.find_plugins``), so flake8 neither imports
nor runs it; everything else (the interpreter, its start-up, flake8, the other
plugins) is the same on both sides.  Kept tiny on purpose: its own cost is
paid equally by both sides of ``overhead.py``'s comparison.
"""

import sys

HIDE_FLAG = "--hide-lstm-shapes"
PLUGIN_MODULE = "flake8_lstm_shapes"


def hide_plugin() -> None:
    from flake8.plugins import finder

    find_plugins = finder.find_plugins

    def without_lstm_shapes(*args, **kwargs):
        return [plugin for plugin in find_plugins(*args, **kwargs)
                if not plugin.entry_point.value.startswith(PLUGIN_MODULE)]

    finder.find_plugins = without_lstm_shapes


def main(argv) -> int:
    if HIDE_FLAG in argv:
        argv = [arg for arg in argv if arg != HIDE_FLAG]
        hide_plugin()
    from flake8.main.cli import main as flake8_main
    return flake8_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
