"""What the tests stand on, not tests themselves.

* ``expectations``: reading the expectations written in fixtures, running flake8;
* ``conformance`` and ``conformance_runner``: running fixtures under real Keras;
* ``lint_harness``: linting one file through flake8's machinery, with limits;
* ``sandbox`` and ``keras_mutants``: the fuzz tests' worker process and programs;
* ``values``: the model layer's values built by hand, for the rules' unit tests;
* ``import_audit`` and ``audit_lint``: scripts run in a process of their own to
  watch what linting imports, executes or writes;
* ``no_keras_installed/``: put on a subprocess's PYTHONPATH, it hides the
  installed Keras and TensorFlow, as in a pre-commit hook.

The test modules import these as ``support.<name>`` (pytest puts ``tests/``
first on ``sys.path``); the scripts find their siblings the same way.
"""
