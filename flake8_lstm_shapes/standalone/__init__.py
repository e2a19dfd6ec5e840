"""``lstm-shapes check``: the linter on its own, for ruff users, CI and editors.

``files`` finds what to lint, ``config`` reads the configuration, ``linting``
reads and lints one input (``noqa`` and ``selection`` applied as flake8
applies them), ``formats`` prints the findings.  ``cli`` puts them together.
"""
