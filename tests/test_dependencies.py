"""Which Keras a project declares: every source, every deciding rule, and bad input."""

import os
import textwrap
import time

import pytest
from packaging.version import Version

from flake8_lstm_shapes.keras import dependencies
from flake8_lstm_shapes.keras import dependency_files
from flake8_lstm_shapes.core import project_files
from flake8_lstm_shapes.keras.dependencies import DeclaredKeras, Evidence, declared_keras


@pytest.fixture(autouse=True)
def fresh_cache():
    dependencies.clear_cache()
    yield
    dependencies.clear_cache()


def project(tmp_path, files, marker=".git"):
    """A project folder with ``files`` ({relative path: text}); returns a script path in it."""
    if marker:
        (tmp_path / marker).mkdir()
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return str(tmp_path / "src" / "train.py")


def majors(declared):
    return (declared.standalone and declared.standalone.major, declared.tf_keras and declared.tf_keras.major)


# -- requirements files -------------------------------------------------------------------
def test_requirements_pin_of_tensorflow(tmp_path):
    script = project(tmp_path, {"requirements.txt": "numpy\ntensorflow==2.9.1\n"})
    reason = "requirements.txt pins tensorflow==2.9.1"
    assert declared_keras(script) == DeclaredKeras(Evidence(2, reason), Evidence(2, reason))


def test_requirements_follow_includes_and_constraints(tmp_path):
    script = project(tmp_path, {
        "requirements.txt": "-r requirements/base.txt\n--constraint=constraints.txt\n",
        "requirements/base.txt": "--requirement ../more.txt\n",
        "more.txt": "keras\n",
        "constraints.txt": "keras>=3.1  # newest\n",
    })
    assert declared_keras(script).standalone == Evidence(3, "constraints.txt requires keras>=3.1")


def test_requirements_include_loop_terminates(tmp_path):
    script = project(tmp_path, {
        "requirements.txt": "-r requirements-dev.txt\nkeras<3\n",
        "requirements-dev.txt": "-r requirements.txt\n-rrequirements-dev.txt\n",
    })
    assert declared_keras(script).standalone == Evidence(2, "requirements.txt requires keras<3")


def test_requirements_include_depth_is_bounded(tmp_path):
    files = {f"r{i}.txt": f"-r r{i + 1}.txt\n" for i in range(20)}
    files["r20.txt"] = "keras==2.4.3\n"
    files["requirements.txt"] = "-r r0.txt\n"
    script = project(tmp_path, files)
    assert declared_keras(script) == DeclaredKeras(None, None)


def test_requirements_skip_options_urls_editables_comments_and_bad_lines(tmp_path):
    script = project(tmp_path, {"requirements.txt": """\
        --index-url https://example.org/simple
        -e git+https://github.com/keras-team/keras.git#egg=keras
        -r https://example.org/remote.txt
        https://example.org/keras-2.0.0.tar.gz
        # keras==2.4.3
        keras===
        tensorflow >= 2.4, \\
            < 2.16 ; python_version >= "3.8" --hash=sha256:abc
        """})
    declared = declared_keras(script)
    assert declared.tf_keras == Evidence(2, "requirements.txt requires tensorflow >= 2.4, < 2.16")
    assert declared.standalone == declared.tf_keras


def test_marker_guarded_alternatives_say_nothing(tmp_path):
    script = project(tmp_path, {"requirements.txt": """\
        tensorflow<2.16; python_version < "3.9"
        tensorflow>=2.16; python_version >= "3.9"
        """})
    assert declared_keras(script) == DeclaredKeras(None, None)


# -- pyproject.toml -----------------------------------------------------------------------
def test_pyproject_project_dependencies(tmp_path):
    script = project(tmp_path, {"pyproject.toml": """\
        [project]
        name = "demo"
        dependencies = ["numpy", "keras>=3"]
        """}, marker=None)
    reason = "pyproject.toml requires keras>=3"
    assert declared_keras(script) == DeclaredKeras(Evidence(3, reason), Evidence(3, reason))


@pytest.mark.parametrize("body", [
    '[project]\nname = "d"\n[project.optional-dependencies]\ngpu = ["tensorflow-gpu"]\n',
    '[project]\nname = "d"\n[tool.uv]\ndev-dependencies = ["tensorflow-gpu"]\n',
    '[project]\nname = "d"\n[dependency-groups]\ndev = [{include-group = "x"}, "tensorflow-gpu"]\n',
    '[project]\nname = "d"\n[tool.pdm.dev-dependencies]\ntest = ["-e file:///x", "tensorflow-gpu"]\n',
    '[tool.poetry]\nname = "d"\n[tool.poetry.group.ml.dependencies]\ntensorflow-gpu = "*"\n',
    '[tool.poetry]\nname = "d"\n[tool.poetry.dev-dependencies]\ntensorflow_gpu = {version = "*"}\n',
])
def test_pyproject_other_tables(tmp_path, body):
    """tensorflow-gpu stopped at 2.12: any release of it is Keras 2."""
    script = project(tmp_path, {"pyproject.toml": body}, marker=None)
    assert majors(declared_keras(script)) == (2, 2)


@pytest.mark.parametrize("constraint, expected", [
    ('"^2.9"', None),                   # >=2.9,<3.0: TensorFlow 2.9 to 2.99 allows both
    ('"~2.9"', 2),                      # >=2.9,<2.10
    ('"^2.16"', 3),
    ('"~2.15"', 2),                     # >=2.15,<2.16
    ('"2.15.1"', 2),                    # a bare version is exact
    ('">=2.16, <2.18"', 3),
    ('"*"', None),
    ('{version = "<2.16", optional = true}', 2),
    ('[{version = "<2.16", python = "<3.9"}, {version = ">=2.16", python = ">=3.9"}]', None),
    ('"~2.15 || ^2.16"', None),
    ('{git = "https://github.com/tensorflow/tensorflow"}', None),
    ('"not a version"', None),
])
def test_poetry_constraints(tmp_path, constraint, expected):
    script = project(tmp_path, {"pyproject.toml": f"""\
        [tool.poetry]
        name = "demo"
        [tool.poetry.dependencies]
        python = "^3.10"
        tensorflow = {constraint}
        """}, marker=None)
    tf_keras = declared_keras(script).tf_keras
    assert (tf_keras and tf_keras.major) == expected
    if expected:
        verb = "pins" if constraint == '"2.15.1"' else "requires"
        assert tf_keras.reason.startswith(f"pyproject.toml {verb} tensorflow ")


def test_poetry_reason_is_written_as_the_constraint(tmp_path):
    script = project(tmp_path, {"pyproject.toml": '[tool.poetry.dependencies]\nkeras = "^2.4"\n'})
    assert declared_keras(script).standalone == Evidence(2, "pyproject.toml requires keras ^2.4")


@pytest.mark.parametrize("constraint, expected", [
    ("^1.2.3", ">=1.2.3,<2"), ("^0.2.3", ">=0.2.3,<0.3"), ("^0.0.3", ">=0.0.3,<0.0.4"),
    ("^0.0", ">=0.0,<0.1"), ("^0", ">=0,<1"), ("^2.9", ">=2.9,<3"),
    ("~1.2.3", ">=1.2.3,<1.3"), ("~1.2", ">=1.2,<1.3"), ("~1", ">=1,<2"),
    ("2.9.1", "==2.9.1"), ("=2.9", "==2.9"), ("2.*", "==2.*"), (">= 2, < 3", ">=2,<3"),
])
def test_poetry_specifier_conversion(constraint, expected):
    (converted,) = dependency_files.poetry_specifiers(constraint)
    assert str(converted) == expected


def test_malformed_pyproject_gives_no_evidence(tmp_path):
    script = project(tmp_path, {"pyproject.toml": '[project]\ndependencies = ["keras<3"\n'})
    assert declared_keras(script) == DeclaredKeras(None, None)


# -- setup.cfg and setup.py ---------------------------------------------------------------
def test_setup_cfg_install_requires_and_extras(tmp_path):
    script = project(tmp_path, {"setup.cfg": """\
        [options]
        install_requires =
            numpy
            # keras>=3
            keras<3.0  # Keras 2 API
        [options.extras_require]
        tf = tensorflow==2.12.0
        """})
    declared = declared_keras(script)
    assert declared.standalone == Evidence(2, "setup.cfg requires keras<3.0")
    assert declared.tf_keras == Evidence(2, "setup.cfg pins tensorflow==2.12.0")


def test_setup_cfg_file_directive(tmp_path):
    script = project(tmp_path, {"setup.cfg": "[options]\ninstall_requires = file: reqs.in\n",
                                "reqs.in": "keras==3.3.3\n"})
    assert declared_keras(script).standalone == Evidence(3, "reqs.in pins keras==3.3.3")


def test_setup_py_literals_and_module_names(tmp_path, monkeypatch):
    script = project(tmp_path, {"setup.py": """\
        import sys
        from setuptools import setup
        sys.exit("setup.py must never run")
        REQUIRED = ["numpy", "tensorflow>=2.16"]
        EXTRAS = {"legacy": ("tf-keras",)}
        if __name__ == "__main__":
            setup(name="demo", install_requires=REQUIRED, extras_require=EXTRAS)
        """})
    declared = declared_keras(script)
    assert declared.standalone == Evidence(3, "setup.py requires tensorflow>=2.16")
    assert declared.tf_keras == Evidence(2, "setup.py requires tf-keras")


def test_setup_py_requirements_from_a_module_dict(tmp_path):
    script = project(tmp_path, {"setup.py": """\
        import setuptools
        PACKAGES = {"required": ["keras>=3", "numpy"], "extras": {"test": ["pytest"]}}
        setuptools.setup(install_requires=PACKAGES["required"], extras_require=PACKAGES["extras"])
        """})
    assert declared_keras(script).standalone == Evidence(3, "setup.py requires keras>=3")


def test_setup_py_with_syntax_error_gives_no_evidence(tmp_path):
    script = project(tmp_path, {"setup.py": "setup(install_requires=['keras<3']\n"})
    assert declared_keras(script) == DeclaredKeras(None, None)


def test_setup_py_computed_requirements_say_nothing(tmp_path):
    script = project(tmp_path, {"setup.py": """\
        import setuptools
        setuptools.setup(install_requires=open("reqs").read().splitlines() + ["keras" + "<3"])
        """})
    assert declared_keras(script) == DeclaredKeras(None, None)


# -- Pipfile and environment.yml ----------------------------------------------------------
def test_pipfile(tmp_path):
    script = project(tmp_path, {"Pipfile": """\
        [packages]
        numpy = "*"
        tensorflow = "==2.9"
        [dev-packages]
        keras = {version = "*"}
        """})
    reason = 'Pipfile pins tensorflow = "==2.9"'
    assert declared_keras(script) == DeclaredKeras(Evidence(2, reason), Evidence(2, reason))


def test_pipfile_star_says_nothing(tmp_path):
    script = project(tmp_path, {"Pipfile": '[packages]\nkeras = "*"\ntensorflow = "*"\n'})
    assert declared_keras(script) == DeclaredKeras(None, None)


@pytest.mark.parametrize("spec, expected", [
    ("tensorflow=2.9", 2), ("conda-forge::tensorflow-gpu=2.4.1=cuda_py38", 2),
    ("tensorflow 2.17.*", 3), ("tensorflow>=2.4,<2.16", 2), ("tensorflow >=2.4, < 2.16", 2),
    ("tensorflow", None),
    ("tensorflow=2.15|2.16", None), ("python=3.8", None),
])
def test_conda_environment(tmp_path, spec, expected):
    script = project(tmp_path, {"environment.yml": f"name: demo\ndependencies:\n  - {spec}\n  - numpy\n"})
    tf_keras = declared_keras(script).tf_keras
    assert (tf_keras and tf_keras.major) == expected
    if expected:
        assert tf_keras.reason == f"environment.yml requires {spec}"


def test_conda_pip_list_and_exact_pin(tmp_path):
    script = project(tmp_path, {"environment.yaml": """\
        dependencies:
          - keras==2.4.3
          - pip:
            - tensorflow-cpu==2.3.0
        """})
    declared = declared_keras(script)
    assert declared.standalone == Evidence(2, "environment.yaml pins keras==2.4.3")
    assert declared.tf_keras == Evidence(2, "environment.yaml pins tensorflow-cpu==2.3.0")


def test_malformed_environment_gives_no_evidence(tmp_path):
    script = project(tmp_path, {"environment.yml": "dependencies: [keras==2.4.3\n",
                                "requirements.txt": "tensorflow==2.9.1\n"})
    assert majors(declared_keras(script)) == (2, 2)     # the other file still counts


# -- deciding -----------------------------------------------------------------------------
@pytest.mark.parametrize("requirements, standalone, tf_keras", [
    ("keras>=3", 3, 3),               # tf.keras next to Keras 3 needs TensorFlow 2.16 or later
    ("keras<3", 2, 2),
    ("keras==2.15.0", 2, 2),
    ("keras>=2.4", None, None),       # allows both
    ("keras>=2.16", 3, 3),            # no Keras 2 release is 2.16 or later
    ("keras>=5", None, None),         # nothing satisfies it
    ("keras", None, None),
    ("tensorflow<2.16", 2, 2),
    ("tensorflow>=2.16", 3, 3),
    ("tensorflow~=2.15.0", 2, 2),
    ("tensorflow==2.16.*", 3, 3),
    ("tensorflow", None, None),
    ("tensorflow-macos>=2.16", 3, 3),
    ("tensorflow-macos>=2.13", None, None),
    ("tensorflow-intel==2.13.0", 2, 2),
    ("tf-nightly<2.16", 2, 2),
    ("tf-nightly==2.16.0.dev20231201", None, None),    # the nightlies switched mid-cycle
    ("tf-keras", None, 2),
    ("tf-keras\ntensorflow>=2.16", 3, 2),               # the legacy package for tf.keras code
    ("tf-keras\nkeras>=3", 3, 2),
    ("tensorflow\nkeras<3", 2, 2),    # pip then picks a TensorFlow before 2.16
    ("keras\ntensorflow==2.9.1", 2, 2),
    ("keras<3\ntensorflow>=2.16", None, None),          # contradiction
    ("tensorflow<2.16\ntensorflow-macos>=2.16", None, None),
    ("keras>=2.4\nkeras<3", 2, 2),    # declarations of one package hold together
])
def test_decisions(tmp_path, requirements, standalone, tf_keras):
    script = project(tmp_path, {"requirements.txt": requirements + "\n"})
    assert majors(declared_keras(script)) == (standalone, tf_keras)


def test_pin_is_named_before_a_range(tmp_path):
    script = project(tmp_path, {
        "pyproject.toml": '[project]\nname = "d"\ndependencies = ["tensorflow<2.16"]\n',
        "requirements.txt": "tensorflow==2.9.1\n",
    })
    assert declared_keras(script).tf_keras == Evidence(2, "requirements.txt pins tensorflow==2.9.1")


def test_requirements_pin_narrows_an_open_pyproject_range(tmp_path):
    script = project(tmp_path, {
        "pyproject.toml": '[project]\nname = "d"\ndependencies = ["keras>=2.4"]\n',
        "requirements.txt": "keras==3.4.1\n",
    })
    assert declared_keras(script).standalone == Evidence(3, "requirements.txt pins keras==3.4.1")


def test_conflicting_sources_say_nothing(tmp_path):
    script = project(tmp_path, {
        "pyproject.toml": '[project]\nname = "d"\ndependencies = ["keras>=3"]\n',
        "requirements.txt": "keras==2.4.3\n",
    })
    assert declared_keras(script) == DeclaredKeras(None, None)


def test_files_of_folders_below_the_root_count(tmp_path):
    script = project(tmp_path, {"src/requirements.txt": "tensorflow==2.4.1\n", "README.md": ""})
    assert declared_keras(script).tf_keras == Evidence(2, "src/requirements.txt pins tensorflow==2.4.1")


def test_release_table_knows_the_switch():
    table = dependencies.releases("tensorflow")
    assert (2, 15, 1) in table and (2, 16, 1) in table
    for version in ((2, 15, 1), Version("2.15.1"), Version("2.15.1.post1")):
        assert dependencies.keras_majors("tensorflow", version) == {2}
    for version in ((2, 16), (2, 16, 1), Version("2.16.1"), Version("2.16.0rc0")):
        assert dependencies.keras_majors("tensorflow", version) == {3}
    assert dependencies.keras_majors("keras", (1, 2, 2)) == {2}
    assert dependencies.keras_majors("keras", Version("3.0.0b1")) == {3}
    assert max(dependencies.releases("tensorflow-gpu")) <= (2, 12, 0)


# -- cost and robustness ------------------------------------------------------------------
def test_nothing_declared_and_stdin(tmp_path):
    script = project(tmp_path, {"requirements.txt": "numpy\npandas\n"})
    assert declared_keras(script) == DeclaredKeras(None, None)
    assert declared_keras("stdin") == DeclaredKeras(None, None)


def test_second_file_in_the_same_folder_reads_nothing(tmp_path, monkeypatch):
    script = project(tmp_path, {"requirements.txt": "-r base.txt\n", "base.txt": "keras<3\n",
                                "setup.py": "setup(install_requires=['numpy'])\n"})
    first = declared_keras(script)
    calls = []

    def counting(name):
        def record(*args, **kwargs):
            calls.append(name)
            raise AssertionError(f"{name} called on a cached folder")
        return record
    monkeypatch.setattr(project_files.os, "scandir", counting("scandir"))
    monkeypatch.setattr(project_files, "open", counting("open"), raising=False)
    assert declared_keras(os.path.join(os.path.dirname(script), "other.py")) == first
    assert calls == []
    assert first.standalone.major == 2


def test_unparsable_requirement_line_skips_that_line_only(tmp_path):
    script = project(tmp_path, {"requirements.txt": "keras >>= 2\ntensorflow[and-cuda ==2.15\nkeras<3\n"})
    assert declared_keras(script).standalone == Evidence(2, "requirements.txt requires keras<3")


def test_huge_and_unreadable_files_give_no_evidence(tmp_path):
    script = project(tmp_path, {"requirements.txt": "keras<3\n" + "numpy\n" * 200_000,
                                "constraints.txt": "keras>=3\n"})
    assert declared_keras(script).standalone == Evidence(3, "constraints.txt requires keras>=3")
    if os.geteuid() != 0:
        (tmp_path / "constraints.txt").chmod(0)
        dependencies.clear_cache()
        assert declared_keras(script) == DeclaredKeras(None, None)


def test_undecodable_bytes_do_not_break_the_reading(tmp_path):
    script = project(tmp_path, {})
    (tmp_path / "requirements.txt").write_bytes(b"\xff\xfe\x00junk\nkeras<3\n")
    assert declared_keras(script).standalone.major == 2


def test_symlink_loop_and_crowded_folder_never_hang(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    (tmp_path / "requirements.txt").symlink_to(tmp_path / "requirements.txt")
    crowded = tmp_path / "data"
    crowded.mkdir()
    (crowded / "requirements.txt").write_text("keras<3\n")
    for index in range(10_000):
        (crowded / f"sample{index}.csv").touch()
    started = time.monotonic()
    assert declared_keras(str(tmp_path / "a" / "m.py")) == DeclaredKeras(None, None)
    assert declared_keras(str(crowded / "m.py")) == DeclaredKeras(None, None)
    assert time.monotonic() - started < 5


def test_an_internal_error_says_nothing(tmp_path, monkeypatch):
    script = project(tmp_path, {"requirements.txt": "keras<3\n"})

    def broken(*args):
        raise KeyError("unexpected")
    monkeypatch.setattr(dependencies, "decide", broken)
    assert declared_keras(script) == DeclaredKeras(None, None)


@pytest.mark.parametrize("text", [
    "tensorflow", "tensorflow>=2.16", "tensorflow >= 2.16, <2.17", "keras==3.*", "tf_keras~=2.15.0",
    "Tensorflow-CPU<2.16", "keras!=3.0.0", "tensorflow <2.16 ,>=2.10", "tensorflow===2.16.1",
    "tensorflow[and-cuda]>=2.16", "tensorflow>=2.16; python_version > '3.8'", "tensorflow (>=2.0)",
    "keras @ https://example.org/keras-3.0.0-py3-none-any.whl", "tensorflow>=", "tensorflow>=2.16,",
    "tensorflow2.16", "tensorflow>=2.16 extra", "tf.keras==2.15", "keras>=3;", "-e .", "keras>=three",
])
def test_a_requirement_reads_as_packagings_own_parser_reads_it(text):
    """Names with plain specifiers skip the full parser; what comes out is what
    packaging's Requirement gives, and what it refuses is refused."""
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name
    try:
        real = Requirement(text)
    except InvalidRequirement:
        assert dependency_files.name_and_specifiers(text) is None
        return
    name, specifiers, marker = dependency_files.name_and_specifiers(text)
    assert (name, marker) == (real.name, real.marker is not None)
    assert sorted((s.operator, s.version) for s in specifiers) == \
        sorted((s.operator, s.version) for s in real.specifier)
    for version in ("2.10", "2.15.1", "2.16", "2.16.0", "2.16.1", "2.17", "3.0.0", "3.1"):
        assert specifiers.contains(Version(version)) == real.specifier.contains(Version(version))
    assert dependency_files.canonicalize_name(name) == canonicalize_name(real.name)
