"""Which Keras the user's project declares: read from its dependency files, never run.

``declared_keras(filename)`` answers twice, because the two ways of writing
Keras code get different packages:

- ``standalone``: what ``import keras`` code gets;
- ``tf_keras``: what ``tf.keras`` / ``tensorflow.keras`` code gets.

The declarations come from ``dependency_files``, which reads each kind of
dependency file as data.

Deciding.  The facts of the release history this relies on:

- ``keras`` 0.x, 1.x and 2.x (the last is 2.15.0) are Keras 2 for our
  purposes; ``keras`` 3.0 (November 2023) onwards is Keras 3;
- TensorFlow before 2.16 has Keras 2 as ``tf.keras`` (2.6 to 2.15 depend on
  the ``keras`` 2.x of their own minor version, so ``import keras`` is Keras 2
  there too); TensorFlow 2.16 (March 2024) onwards depends on ``keras>=3`` and
  its ``tf.keras`` is Keras 3;
- ``tf-keras`` packages Keras 2 (every release); a project installs it to keep
  Keras 2 as ``tf.keras`` on TensorFlow 2.16 and later;
- ``tensorflow-gpu`` stopped at 2.12 and ``tensorflow-macos`` at 2.16.2.

A requirement *allows* major M when some representative release of M
satisfies it (``RELEASES``: the real minor releases of each package, a
far-future release of the current line so that ``keras>=3`` allows 3, and the
version a ``==``/``~=`` specifier names, so that a pin of a patch release
counts).  Everything a project declares is meant to be installed together,
so the declarations of one package, from all files, hold together: the
releases allowed are those that satisfy all of them (a requirements pin thus
narrows an open ``pyproject.toml`` range, and two that contradict each other,
often alternative extras or platform markers, allow nothing and say nothing).
Then, for each kind of code, the packages that bear on it are intersected:

- ``import keras``: the majors ``keras`` allows and the majors the TensorFlow
  packages allow (TensorFlow before 2.16 brings Keras 2, from 2.16 Keras 3);
- ``tf.keras``: a satisfiable ``tf-keras`` requirement means Keras 2;
  otherwise the majors the TensorFlow packages allow and those ``keras``
  allows (a ``keras<3`` with TensorFlow undeclared or open means a TensorFlow
  before 2.16, as pip resolves it; likewise ``keras>=3`` means 2.16 or later).

Exactly one major left decides; both (a range that allows both, or nothing
declared) or none (a contradiction) say nothing.  The evidence names the
declaration that decides on its own, a pin before a range, as written:
``requirements.txt pins tensorflow==2.9.1``, ``pyproject.toml requires keras>=3``.
Results are cached per folder; nothing here raises.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

from ..core import project_files
from ..core.records import Record
from .dependency_files import KERAS, TENSORFLOW_PACKAGES, TF_KERAS, Declaration, project_declarations
from .specifiers import Release, as_packaging_version, release, release_key

KERAS_3_TENSORFLOW: Release = (2, 16)
BOTH = frozenset({2, 3})


def _versions(*texts: str) -> Tuple[Release, ...]:
    return tuple(release(text) for text in texts)


_TF_MINORS = tuple(f"1.{minor}.0" for minor in range(16)) + tuple(f"2.{minor}.0" for minor in range(16))
_TF_KERAS_3 = ("2.16.1", "2.16.2") + tuple(f"2.{minor}.0" for minor in range(17, 22))
FAR_FUTURE_TF = "2.99.0"
_TENSORFLOW = _versions("0.12.0", *_TF_MINORS, "1.15.5", "2.15.1", *_TF_KERAS_3, FAR_FUTURE_TF)
RELEASES: Dict[str, Tuple[Release, ...]] = {
    KERAS: _versions(
        "0.3.3", "1.0.0", "1.2.2", "2.0.0", "2.0.9", "2.1.6", "2.2.4", "2.2.5", "2.3.1", "2.4.3",
        "2.6.0", "2.7.0", "2.8.0", "2.9.0", "2.10.0", "2.11.0", "2.12.0", "2.13.1", "2.14.0", "2.15.0",
        *(f"3.{minor}.0" for minor in range(16)), "3.99.0",
    ),
    TF_KERAS: _versions("2.14.1", "2.15.0", "2.15.1", "2.16.0", *(f"2.{m}.0" for m in range(17, 22)),
                        "2.99.0"),
    "tensorflow-gpu": tuple(v for v in _TENSORFLOW if v <= (2, 12, 0)),
    "tensorflow-macos": tuple(v for v in _TENSORFLOW if v <= (2, 16, 2)),
}


def releases(package: str) -> Tuple[Release, ...]:
    return RELEASES.get(package, _TENSORFLOW)


def keras_majors(package: str, version) -> FrozenSet[int]:
    """The Keras major(s) a release of ``package`` brings: ``version`` a
    release tuple or packaging's ``Version`` (see ``specifiers``)."""
    if package == TF_KERAS:
        return frozenset({2})
    numbers = version if isinstance(version, tuple) else version.release
    if package == KERAS:
        return frozenset({3 if numbers[0] >= 3 else 2})
    if package.startswith("tf-nightly") and not isinstance(version, tuple) and \
            version.is_prerelease and numbers[:2] == (2, 16):
        return BOTH    # the nightlies switched to Keras 3 part-way through the 2.16 cycle
    return frozenset({3 if release_key(numbers) >= KERAS_3_TENSORFLOW else 2})


class Evidence(Record):
    __slots__ = FIELDS = ("major", "reason")

    def __init__(self, major: int, reason: str):
        self.major = major      # 2 or 3: the Keras major version the declaration allows
        self.reason = reason    # short, for messages: "requirements.txt pins tensorflow==2.9.1"


class DeclaredKeras(Record):
    __slots__ = FIELDS = ("standalone", "tf_keras")

    def __init__(self, standalone: Optional[Evidence], tf_keras: Optional[Evidence]):
        self.standalone = standalone    # what `import keras` code gets
        self.tf_keras = tf_keras        # what `tf.keras` / `tensorflow.keras` code gets


NOTHING = DeclaredKeras(None, None)
_decided: Dict[Tuple[str, ...], DeclaredKeras] = {}


def clear_cache() -> None:
    _decided.clear()
    project_files.clear_cache()


def declared_keras(filename: str) -> DeclaredKeras:
    """What the project of ``filename`` declares; both None when nothing is known.  Never raises."""
    try:
        files = project_files.project_files(filename)
        key = tuple(folder.path for folder in files.folders)
        if not key:
            return NOTHING
        if key not in _decided:
            if len(_decided) >= project_files.MAX_CACHED:
                _decided.clear()
            _decided[key] = decide(project_declarations(files))
        return _decided[key]
    except Exception:  # a plugin that raises fails the user's whole run: say nothing instead
        return NOTHING


# -- deciding -----------------------------------------------------------------------------
class Verdict(Record):
    """What one package (or family of packages) allows, and the declarations that say so."""

    __slots__ = FIELDS = ("majors", "declarations")

    def __init__(self, majors: FrozenSet[int],
                 declarations: Tuple[Tuple[Declaration, FrozenSet[int]], ...]):
        self.majors = majors
        # each declaration with the majors it allows on its own, pins first
        self.declarations = declarations


def decide(declarations: Sequence[Declaration]) -> DeclaredKeras:
    by_package: Dict[str, List[Declaration]] = {}
    for declaration in declarations:
        by_package.setdefault(declaration.package, []).append(declaration)
    keras = package_verdict(by_package.get(KERAS, ()))
    tensorflow = family_verdict([package_verdict(by_package[name])
                                 for name in sorted(TENSORFLOW_PACKAGES) if name in by_package])
    legacy = package_verdict(by_package.get(TF_KERAS, ()))
    standalone = combine([keras, tensorflow])
    if legacy is not None and legacy.majors == {2}:
        tf_keras: Optional[Evidence] = evidence(2, legacy)
    else:
        tf_keras = combine([tensorflow, keras])
    return DeclaredKeras(standalone, tf_keras)


def package_verdict(declarations: Sequence[Declaration]) -> Optional[Verdict]:
    """The majors the releases allowed by all of a package's declarations bring; None if undeclared."""
    if not declarations:
        return None
    package = declarations[0].package
    candidates = set(releases(package))
    for declaration in declarations:
        candidates.update(declaration.named_versions())
    if not all(declaration.is_plain for declaration in declarations):
        # One specifier needs packaging: it decides every version, as Versions.
        candidates = {as_packaging_version(version) for version in candidates}
    majors = allowed_majors(package, candidates, declarations)
    own = [(d, allowed_majors(package, candidates, [d])) for d in declarations]
    return Verdict(majors, pins_first(own))


def pins_first(declarations: Iterable[Tuple[Declaration, FrozenSet[int]]]):
    return tuple(sorted(declarations, key=lambda pair: not pair[0].is_pin))


def allowed_majors(package: str, candidates: Iterable[object],
                   declarations: Sequence[Declaration]) -> FrozenSet[int]:
    majors: Set[int] = set()
    for version in candidates:
        if all(declaration.allows(version) for declaration in declarations):
            majors |= keras_majors(package, version)
    return frozenset(majors)


def family_verdict(verdicts: Sequence[Optional[Verdict]]) -> Optional[Verdict]:
    """The TensorFlow packages together: what a project declares is installed together."""
    present = [verdict for verdict in verdicts if verdict is not None]
    if not present:
        return None
    majors = shared_majors(present)
    return Verdict(majors, pins_first(pair for verdict in present for pair in verdict.declarations))


def shared_majors(verdicts: Sequence[Verdict]) -> FrozenSet[int]:
    """The Keras majors every verdict allows."""
    majors = BOTH
    for verdict in verdicts:
        majors = majors & verdict.majors
    return majors


def combine(verdicts: Sequence[Optional[Verdict]]) -> Optional[Evidence]:
    """One major when the verdicts together leave exactly one; the reason from the first that decides."""
    present = [verdict for verdict in verdicts if verdict is not None]
    if not present:
        return None
    majors = shared_majors(present)
    if len(majors) != 1:
        return None
    (major,) = majors
    # Each verdict's majors hold the one left, so one of them is that major alone.
    deciding = next(verdict for verdict in present if verdict.majors == majors)
    return evidence(major, deciding)


def evidence(major: int, verdict: Verdict) -> Evidence:
    """Named after the first declaration that allows only ``major`` on its own (a pin first);
    when only several together do, after the first two that narrow it."""
    alone = [d for d, majors in verdict.declarations if majors == {major}]
    if alone:
        return Evidence(major, alone[0].describe())
    narrowing = [d for d, majors in verdict.declarations if majors != BOTH] or \
        [d for d, _ in verdict.declarations]
    return Evidence(major, " and ".join(d.describe() for d in narrowing[:2]))
