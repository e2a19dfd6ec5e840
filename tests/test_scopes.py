"""The scope chain: what a name means inside functions, classes and comprehensions.

Each program is analysed whole through ``analyze``; the test looks at the
lines that get a finding.  ``input_shape=(10,)`` on an LSTM is a sure LST101
(the timesteps axis is missing) and ``(10, 1)`` is right, so where a name
resolves decides whether its line is reported.
"""

from __future__ import annotations

import ast
import textwrap

from flake8_lstm_shapes.analysis import analyze

HEADER = "from keras.models import Sequential\nfrom keras.layers import LSTM\n"


def reported_lines(body: str):
    """The lines (counted in ``body``) with an LST101, after the imports."""
    text = HEADER + textwrap.dedent(body)
    ctx = analyze(ast.parse(text), text.splitlines(keepends=True), keras_version="3")
    offset = HEADER.count("\n")
    return sorted(f.line - offset for f in ctx.sorted_findings() if f.code == "LST101")


def line_of(body: str, marker: str) -> int:
    lines = textwrap.dedent(body).splitlines()
    return next(i for i, line in enumerate(lines, 1) if marker in line)


def test_nested_function_reads_its_enclosing_functions_name():
    body = """
    def build():
        shape = (10,)

        def make():
            model = Sequential()
            model.add(LSTM(8, input_shape=shape))  # here
            return model
        return make()
    """
    assert reported_lines(body) == [line_of(body, "# here")]


def test_nested_function_never_called_is_run_with_its_closure():
    body = """
    def build():
        shape = (10,)

        def make():
            model = Sequential()
            model.add(LSTM(8, input_shape=shape))  # here
            return model
        return make
    """
    assert reported_lines(body) == [line_of(body, "# here")]


def test_closure_is_late_bound():
    body = """
    def build():
        def make():
            model = Sequential()
            model.add(LSTM(8, input_shape=shape))  # here
            return model
        shape = (10,)
        return make()
    """
    assert reported_lines(body) == [line_of(body, "# here")]


def test_enclosing_name_bound_twice_is_a_guess():
    body = """
    def build(wide):
        shape = (10, 1)

        def make():
            model = Sequential()
            model.add(LSTM(8, input_shape=shape))
            return model
        if wide:
            shape = (10,)
        return make
    """
    assert reported_lines(body) == []


def test_enclosing_function_shadows_the_module():
    body = """
    shape = (10,)

    def build():
        shape = (10, 1)

        def make():
            model = Sequential()
            model.add(LSTM(8, input_shape=shape))
            return model
        return make()
    """
    assert reported_lines(body) == []


def test_local_name_shadows_the_global_and_only_the_global_line_is_reported():
    body = """
    shape = (10,)

    def build():
        shape = (10, 1)
        model = Sequential()
        model.add(LSTM(8, input_shape=shape))
        return model

    model = Sequential()
    model.add(LSTM(8, input_shape=shape))  # here
    """
    assert reported_lines(body) == [line_of(body, "# here")]


def test_a_local_not_bound_yet_does_not_fall_back_to_the_global():
    body = """
    shape = (10,)

    def build(n):
        model = Sequential()
        for i in range(n):
            if i:
                model.add(LSTM(8, input_shape=shape))
            shape = (10, 1)
        return model
    """
    assert reported_lines(body) == []


def test_global_statement_writes_the_module_name():
    body = """
    shape = (10, 1)

    def configure():
        global shape
        shape = (10,)

    configure()
    model = Sequential()
    model.add(LSTM(8, input_shape=shape))  # here
    """
    assert reported_lines(body) == [line_of(body, "# here")]


def test_global_statement_reads_the_module_name():
    body = """
    shape = (10,)

    def build():
        global shape
        model = Sequential()
        model.add(LSTM(8, input_shape=shape))  # here
        return model

    build()
    """
    assert reported_lines(body) == [line_of(body, "# here")]


def test_a_global_some_function_rebinds_is_a_guess_for_the_others():
    body = """
    shape = (10,)

    def configure():
        global shape
        shape = (10, 1)

    def build():
        model = Sequential()
        model.add(LSTM(8, input_shape=shape))
        return model
    """
    assert reported_lines(body) == []


def test_nonlocal_writes_the_enclosing_function_not_the_module():
    body = """
    shape = (10, 1)

    def build():
        shape = (10, 1)

        def narrow():
            nonlocal shape
            shape = (10,)
        narrow()
        return shape

    build()
    model = Sequential()
    model.add(LSTM(8, input_shape=shape))
    """
    assert reported_lines(body) == []


def test_name_an_inner_function_rebinds_through_nonlocal_is_unknown():
    body = """
    def build():
        shape = (10,)

        def widen():
            nonlocal shape
            shape = (10, 1)
        widen()
        model = Sequential()
        model.add(LSTM(8, input_shape=shape))
        return model

    build()
    """
    assert reported_lines(body) == []


def test_class_body_is_not_visible_from_its_methods():
    body = """
    shape = (10, 1)

    class Builder:
        shape = (10,)

        def build(self):
            model = Sequential()
            model.add(LSTM(8, input_shape=shape))
            return model

    Builder().build()
    """
    assert reported_lines(body) == []


def test_class_body_lines_see_the_class_names():
    body = """
    class Builder:
        steps = 10
        shape = (steps, 1)

        def build(self):
            model = Sequential()
            model.add(LSTM(8, input_shape=self.shape[1:]))  # here
            return model

    Builder().build()
    """
    assert reported_lines(body) == [line_of(body, "# here")]


def test_comprehension_target_does_not_leak():
    body = """
    shape = (10, 1)

    def build():
        shapes = [shape for shape in [(10,)]]
        model = Sequential()
        model.add(LSTM(8, input_shape=shape))
        return model, shapes

    build()
    pairs = [shape for shape in [(10,)]]
    model = Sequential()
    model.add(LSTM(8, input_shape=shape))
    """
    assert reported_lines(body) == []


def test_method_of_a_class_in_a_function_sees_the_function_not_the_class():
    body = """
    def build():
        shape = (10,)

        class Builder:
            shape = (10, 1)

            def make(self):
                model = Sequential()
                model.add(LSTM(8, input_shape=shape))  # here
                return model
        return Builder().make()

    build()
    """
    assert reported_lines(body) == [line_of(body, "# here")]
