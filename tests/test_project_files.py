"""Finding the project root and its files: where the walk stops, what it lists, what it costs."""

import os

import pytest

from flake8_lstm_shapes.core import project_files
from flake8_lstm_shapes.core.project_files import project_files as discover


@pytest.fixture(autouse=True)
def fresh_cache():
    project_files.clear_cache()
    yield
    project_files.clear_cache()


def write(path, text=""):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def folder_paths(found):
    return [folder.path for folder in found.folders]


def test_walk_stops_at_git_folder(tmp_path):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    write(tmp_path / "requirements.txt", "keras==2.4.3\n")         # above the root: not read
    script = write(tmp_path / "repo" / "src" / "deep" / "train.py")
    found = discover(str(script))
    assert found.root == str(tmp_path / "repo")
    assert folder_paths(found) == [str(script.parent), str(script.parent.parent), str(tmp_path / "repo")]
    assert str(tmp_path / "requirements.txt") not in found.paths()


def test_git_file_of_a_worktree_and_hg_mark_the_root(tmp_path):
    write(tmp_path / "a" / ".git", "gitdir: elsewhere\n")
    (tmp_path / "b" / ".hg").mkdir(parents=True)
    assert discover(str(tmp_path / "a" / "x.py")).root == str(tmp_path / "a")
    assert discover(str(tmp_path / "b" / "x.py")).root == str(tmp_path / "b")


def test_pyproject_with_project_or_poetry_table_marks_the_root(tmp_path):
    write(tmp_path / "one" / "pyproject.toml", "[project]\nname = 'x'\n")
    write(tmp_path / "two" / "pyproject.toml", "[tool.poetry]\nname = 'x'\n")
    assert discover(str(tmp_path / "one" / "pkg" / "m.py")).root == str(tmp_path / "one")
    assert discover(str(tmp_path / "two" / "m.py")).root == str(tmp_path / "two")


def test_pyproject_with_only_tool_settings_does_not_stop_the_walk(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path / "sub" / "pyproject.toml", "[tool.black]\nline-length = 100\n")
    found = discover(str(tmp_path / "sub" / "m.py"))
    assert found.root == str(tmp_path)
    assert str(tmp_path / "sub" / "pyproject.toml") in found.paths()


def test_malformed_pyproject_is_no_marker_and_has_no_content(tmp_path):
    (tmp_path / ".git").mkdir()
    bad = write(tmp_path / "sub" / "pyproject.toml", "[project\nname = \n")
    found = discover(str(tmp_path / "sub" / "m.py"))
    assert found.root == str(tmp_path)
    assert project_files.read_toml(str(bad)) is None


def test_lists_project_files_and_the_requirements_folder(tmp_path):
    (tmp_path / ".git").mkdir()
    for name in ("pyproject.toml", "setup.cfg", "setup.py", "Pipfile", "environment.yml", "tox.ini",
                 ".flake8", "requirements.txt", "requirements-dev.txt", "constraints.txt",
                 "requirements/base.txt", "requirements/README.md", "notes.txt", "main.py"):
        write(tmp_path / name)
    (tmp_path / "requirements-old.txt").mkdir()      # a folder by that name is listed, read as nothing
    names = discover(str(tmp_path / "main.py")).folders[0].names
    assert set(names) == {"pyproject.toml", "setup.cfg", "setup.py", "Pipfile", "environment.yml",
                          "tox.ini", ".flake8", "requirements.txt", "requirements-dev.txt",
                          "constraints.txt", "requirements-old.txt", "requirements/base.txt"}
    assert project_files.read_text(str(tmp_path / "requirements-old.txt")) is None


def test_no_marker_walks_to_the_depth_bound(tmp_path):
    deep = tmp_path.joinpath(*["d"] * (project_files.MAX_LEVELS + 5))
    found = discover(str(deep / "m.py"))
    assert found.root is None
    assert len(found.folders) == project_files.MAX_LEVELS
    assert found.folders[0].path == str(deep)


def test_stdin_has_no_project_and_costs_nothing(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("no file system access for stdin")
    monkeypatch.setattr(project_files.os, "scandir", forbidden)
    monkeypatch.setattr(project_files, "open", forbidden, raising=False)
    for name in ("stdin", "-", ""):
        assert discover(name).folders == ()


def test_a_display_name_that_does_not_exist_still_finds_the_project(tmp_path):
    (tmp_path / ".git").mkdir()
    found = discover(str(tmp_path / "not_saved_yet.py"))
    assert found.root == str(tmp_path)


class Counter:
    def __init__(self, monkeypatch):
        self.calls = []
        real_scandir, real_open, real_lexists = os.scandir, open, os.path.lexists

        def scandir(path):
            self.calls.append(("scandir", path))
            return real_scandir(path)

        def opened(path, *args, **kwargs):
            self.calls.append(("open", path))
            return real_open(path, *args, **kwargs)

        def lexists(path):
            self.calls.append(("lexists", path))
            return real_lexists(path)
        monkeypatch.setattr(project_files.os, "scandir", scandir)
        monkeypatch.setattr(project_files.os.path, "lexists", lexists)
        monkeypatch.setattr(project_files, "open", opened, raising=False)


def test_discovery_is_cached_per_folder(tmp_path, monkeypatch):
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    write(tmp_path / "requirements" / "base.txt", "keras\n")
    counter = Counter(monkeypatch)
    first = discover(str(tmp_path / "pkg" / "a.py"))
    # one listing per folder, one for requirements/, one read of the pyproject that marks the root
    assert sorted(kind for kind, _ in counter.calls) == ["open", "scandir", "scandir", "scandir"]
    counter.calls.clear()
    assert discover(str(tmp_path / "pkg" / "b.py")) == first
    assert project_files.read_toml(str(tmp_path / "pyproject.toml"))["project"]["name"] == "x"
    assert counter.calls == []
    # a sibling folder lists itself only: the walk above it is reused
    discover(str(tmp_path / "other" / "c.py"))
    assert counter.calls == [("scandir", str(tmp_path / "other"))]


def test_folder_with_too_many_entries_is_not_listed(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path / "requirements.txt", "keras==2.4.3\n")
    for index in range(10_000):
        (tmp_path / f"f{index}.npy").touch()
    found = discover(str(tmp_path / "m.py"))
    assert found.root == str(tmp_path)          # the marker is still seen
    assert found.paths() == ()


def test_symlink_loop_above_the_file(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    write(tmp_path / "requirements.txt", "keras==2.4.3\n")
    found = discover(str(tmp_path / "a" / "x" / "m.py"))
    assert found.folders[0].names == ()
    assert str(tmp_path / "requirements.txt") in found.paths()


def test_self_referencing_symlink_path_is_bounded(tmp_path):
    (tmp_path / "loop").symlink_to(tmp_path)
    path = tmp_path.joinpath(*["loop"] * 60) / "m.py"
    found = discover(str(path))
    assert len(found.folders) <= project_files.MAX_LEVELS


def test_unreadable_and_huge_files_have_no_content(tmp_path):
    huge = write(tmp_path / "requirements.txt", "keras==2.4.3\n" * 100_000)
    assert huge.stat().st_size > project_files.MAX_BYTES
    assert project_files.read_text(str(huge)) is None
    assert project_files.read_text(str(tmp_path / "missing.txt")) is None
    if os.geteuid() != 0:
        locked = write(tmp_path / "locked.txt", "keras\n")
        locked.chmod(0)
        assert project_files.read_text(str(locked)) is None


def test_label_is_relative_to_the_root(tmp_path):
    (tmp_path / ".git").mkdir()
    found = discover(str(tmp_path / "src" / "m.py"))
    assert found.label(str(tmp_path / "requirements" / "dev.txt")) == "requirements/dev.txt"
    assert found.label(str(tmp_path.parent / "elsewhere.txt")) == "elsewhere.txt"


def test_yaml_is_loaded_safely(tmp_path):
    path = write(tmp_path / "environment.yml", "dependencies: !!python/object/apply:os.system ['true']\n")
    assert project_files.read_yaml(str(path)) is None


def test_only_files_that_may_name_keras_cost_the_requirement_parser(tmp_path):
    """The parser of dependency files is imported only where a file could name Keras."""
    import subprocess
    import sys
    import textwrap
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n")
    (tmp_path / "tools" / "tox.ini").write_text("[tox]\nenvlist = keras\n")   # config only
    (tmp_path / "included").mkdir()
    (tmp_path / "included" / "requirements.txt").write_text("-r base.txt\n")
    (tmp_path / "named").mkdir()
    (tmp_path / "named" / "requirements.txt").write_text("numpy\ntensorflow==2.9.1\n")
    script = textwrap.dedent("""
        import ast, sys
        from flake8_lstm_shapes.core import project_files
        from flake8_lstm_shapes.keras import versions
        for folder in sys.argv[1:]:
            files = project_files.project_files(folder + "/main.py")
            print(project_files.may_declare_keras(files), end=" ")
        tree = ast.parse("import tensorflow as tf")
        versions.resolve("auto", tree, [], sys.argv[1] + "/main.py")
        print("flake8_lstm_shapes.keras.dependencies" in sys.modules, end=" ")
        print(versions.resolve("auto", tree, [], sys.argv[3] + "/main.py").major)
    """)
    folders = [str(tmp_path / name) for name in ("tools", "included", "named")]
    out = subprocess.run([sys.executable, "-c", script, *folders], capture_output=True,
                         text=True, check=True, timeout=60).stdout.split()
    assert out == ["False", "True", "True", "False", "2"]
