"""What a file's code says about the Keras it was written for.

Only the code counts: imports, names, attributes and keyword arguments, read
from the tree.  A comment or a string that names a Keras-2-only layer says
nothing (the text of a tutorial often mentions both versions).

Every marker below was checked against the real packages: Keras 3.15 rejects
each Keras-2 marker (an unknown keyword, a missing module or attribute) and
accepts each Keras-3 marker, which tf_keras 2.21 lacks.  The Keras 1 keyword
arguments (``nb_epoch=``, ``output_dim=``, ``init=``, ...) were read by
standalone Keras up to 2.3; they mean "not Keras 3", which for this linter is
Keras 2.  ``keras.Input(batch_shape=...)`` is no marker: Keras 2 accepts it
too; nor is ``KERAS_BACKEND`` as such, which multi-backend Keras 1/2 read.
"""

from __future__ import annotations

import ast
import bisect
from collections import deque
from typing import Dict, FrozenSet, Iterator, Optional

from ..core.names import dotted_name, import_statements, keras_path
from ..core.records import Record

# Keras 2 that lives under its own name, whatever else the file imports.
KERAS2_ROOTS = ("tensorflow.compat.v1.keras", "tensorflow.python.keras", "tf_keras")

# Module paths that exist only in Keras 1/2 (Keras 3 removed them).
KERAS2_MODULES = (
    "layers.recurrent", "layers.core", "layers.wrappers", "layers.convolutional",
    "layers.convolutional_recurrent", "layers.cudnn_recurrent", "layers.embeddings",
    "layers.normalization", "layers.merge", "layers.pooling", "layers.noise",
    "layers.advanced_activations", "utils.np_utils", "engine.sequential", "engine.training",
    "engine.topology", "backend.tensorflow_backend", "legacy",
)
KERAS2_ONLY_NAMES = ("CuDNNLSTM", "CuDNNGRU", "Merge")
# Keras 3 keeps these only in the copy TensorFlow 2.16+ serves as ``tf.keras``
# (``keras._tf_keras``): imported from standalone ``keras`` they are Keras 2.
STANDALONE_KERAS2_PATHS = ("preprocessing.text", "preprocessing.sequence.TimeseriesGenerator",
                           "preprocessing.image.ImageDataGenerator")
STANDALONE_KERAS2_NAMES = ("TimeseriesGenerator", "ImageDataGenerator")
KERAS2_BACKEND_ATTRIBUTES = ("set_session", "get_session", "tensorflow_backend")
KERAS3_MODULES = ("ops", "random", "tree")

# Model methods Keras 3 removed.  predict_proba only where no other library
# that has one (scikit-learn and friends) is imported.
KERAS2_MODEL_METHODS = ("fit_generator", "evaluate_generator", "predict_generator",
                        "predict_classes", "predict_proba")
PREDICT_PROBA_OWNERS = ("sklearn", "xgboost", "lightgbm", "catboost", "imblearn", "scikeras")

# Keyword arguments of Keras 1 layers that Keras 3 rejects ("Unrecognized
# keyword arguments").  output_dim stays a real argument of Embedding.
KERAS1_LAYER_KEYWORDS = ("output_dim", "init", "W_regularizer", "U_regularizer", "b_regularizer",
                         "dropout_W", "dropout_U", "border_mode", "consume_less")
NOT_KERAS1_LAYERS = ("Embedding", "Layer", "Wrapper")
DATA_CALL_KEYWORDS = ("nb_epoch",)
DATA_METHODS = ("fit", "fit_generator", "evaluate", "evaluate_generator")
OPTIMIZERS = ("SGD", "RMSprop", "Adam", "Adagrad", "Adadelta", "Adamax", "Nadam", "AdamW", "Ftrl")
KERAS3_BACKENDS = ("jax", "torch")


class CodeMarkers(Record):
    """The first marker of each version found (a phrase for a message), and
    which Keras the file imports."""

    __slots__ = FIELDS = ("keras2", "keras3", "standalone", "through_tensorflow", "tf_keras")

    def __init__(self, keras2: Optional[str] = None, keras3: Optional[str] = None,
                 standalone: bool = False, through_tensorflow: bool = False,
                 tf_keras: bool = False):
        self.keras2 = keras2
        self.keras3 = keras3
        self.standalone = standalone                    # import keras / from keras ... import ...
        self.through_tensorflow = through_tensorflow    # tensorflow.keras, tf.keras
        self.tf_keras = tf_keras        # import tf_keras: Keras 2 whatever the project declares

    def version(self) -> Optional[int]:
        """2 or 3 when the code shows one version only."""
        if self.keras2 and not self.keras3:
            return 2
        if self.keras3 and not self.keras2:
            return 3
        return None

    def reason(self) -> str:
        return self.keras2 if self.version() == 2 else (self.keras3 or "")


# What a marker needs in the file's text (see marker_lines).
KEYWORD_WORDS = ("lr", "init", "output_dim")            # short or common: only as ``word=``
DISTINCT_WORDS = tuple(word for word in KERAS1_LAYER_KEYWORDS + DATA_CALL_KEYWORDS + KERAS2_ONLY_NAMES
                       + KERAS2_BACKEND_ATTRIBUTES + KERAS2_MODEL_METHODS + ("KERAS_BACKEND",)
                       + STANDALONE_KERAS2_NAMES
                       if word not in KEYWORD_WORDS)
NOT_KERAS_OWNERS = ("np", "numpy", "tf", "random")      # np.random, tf.random: not Keras 3's


def marker_lines(text: str) -> FrozenSet[int]:
    """The lines whose text has a word that some marker of the code needs.

    Walking the whole tree costs about 2 ms a file, and most files name none
    of these words.  Substring searches find the candidate lines far cheaper
    (plain ``str.find``: a regular expression would cost every start its
    compilation); the walk then enters only the statements and expressions
    that span one.  A line may be a candidate without a marker, never the
    other way round.
    """
    positions = []
    for word in DISTINCT_WORDS:
        positions.extend(occurrences(text, word))
    for word in KEYWORD_WORDS:          # ``lr=``, not ``lr == 0`` nor ``clr=``
        positions.extend(at for at in occurrences(text, word)
                         if starts_word(text, at) and assigned(text, at + len(word)))
    for word in KERAS3_MODULES:         # ``keras.ops``, ``K . random``, not ``np.random``
        for at in occurrences(text, word):
            dot = skip_spaces_back(text, at)
            if dot > 0 and text[dot - 1] == "." and ends_word(text, at + len(word)) and \
                    owner_before(text, dot - 1) not in NOT_KERAS_OWNERS:
                positions.append(at)
    return frozenset(text.count("\n", 0, at) + 1 for at in positions)


def occurrences(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + len(word))


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def starts_word(text: str, at: int) -> bool:
    return at == 0 or not is_word_char(text[at - 1])


def ends_word(text: str, end: int) -> bool:
    return end == len(text) or not is_word_char(text[end])


def assigned(text: str, end: int) -> bool:
    """``=`` after optional white space, and not ``==``."""
    at = end
    while at < len(text) and text[at].isspace():
        at += 1
    return text.startswith("=", at) and not text.startswith("==", at)


def skip_spaces_back(text: str, at: int) -> int:
    """The position after the last character before ``at`` that is not white
    space (nor the backslash of a continued line: ``keras.\\`` then ``ops``)."""
    while at > 0 and (text[at - 1].isspace() or text[at - 1] == "\\"):
        at -= 1
    return at


def owner_before(text: str, dot: int) -> str:
    """The name just before the ``.`` at ``dot`` (spaces allowed): ``np`` in ``np.random``."""
    end = skip_spaces_back(text, dot)
    start = end
    while start > 0 and is_word_char(text[start - 1]) and end - start < 16:
        start -= 1
    return text[start:end]


def nodes_on(tree: ast.AST, lines: FrozenSet[int]) -> Iterator[ast.AST]:
    """The nodes of the tree whose lines include one of ``lines`` (a node
    without a position, such as the module, is always entered)."""
    if not lines:
        return
    ordered = sorted(lines)
    queue = deque([tree])       # breadth first, as ast.walk: the same first marker
    while queue:
        node = queue.popleft()
        start = getattr(node, "lineno", None)
        if start is not None:
            end = getattr(node, "end_lineno", None) or start
            at = bisect.bisect_left(ordered, start)
            if at == len(ordered) or ordered[at] > end:
                continue        # no candidate line in start..end
        yield node
        queue.extend(ast.iter_child_nodes(node))


def read_markers(tree: ast.AST, text: Optional[str] = None) -> CodeMarkers:
    """The markers of the file's code; ``text``, when given, lets the walk
    skip the parts of the tree whose lines name no marker word."""
    imports = ImportFacts.of(tree)
    keras2 = imports.keras2
    keras3 = imports.keras3
    nodes = ast.walk(tree) if text is None else nodes_on(tree, marker_lines(text))
    for node in nodes:
        if keras2 is None:
            keras2 = keras2_marker(node, imports)
        if keras3 is None:
            keras3 = keras3_marker(node, imports)
        if keras2 is not None and keras3 is not None:
            break
    return CodeMarkers(keras2, keras3, imports.standalone, imports.through_tensorflow,
                       imports.tf_keras)


class ImportFacts:
    """What the import statements alone say."""

    __slots__ = ("aliases", "keras2", "keras3", "standalone", "through_tensorflow", "tf_keras",
                 "first_keras_line", "other_predict_proba")

    def __init__(self, aliases: Dict[str, str]):
        self.aliases = aliases          # local name -> the module or object it is bound to
        self.keras2: Optional[str] = None
        self.keras3: Optional[str] = None
        self.standalone = False
        self.through_tensorflow = False
        self.tf_keras = False
        self.first_keras_line: Optional[int] = None
        self.other_predict_proba = False

    @classmethod
    def of(cls, tree: ast.AST) -> "ImportFacts":
        facts = cls(aliases={})
        for node in import_statements(tree):
            for qualname, local in imported_names(node):
                facts.aliases[local] = qualname
                facts.note(qualname, node.lineno)
        return facts

    def note(self, qualname: str, line: int) -> None:
        root = qualname.split(".", 1)[0]
        if root in PREDICT_PROBA_OWNERS:
            self.other_predict_proba = True
        if any(qualname == r or qualname.startswith(r + ".") for r in KERAS2_ROOTS):
            self.tf_keras = self.tf_keras or root == "tf_keras"
            self.keras2 = self.keras2 or f"the file imports {qualname}"
            self.keep_first_keras_line(line)
            return
        if root == "keras_core":     # Keras 3 before its release, whatever is installed
            self.keras3 = self.keras3 or f"the file imports {qualname}"
        if root == "tensorflow":     # tf.keras needs no import of its own
            self.through_tensorflow = True
        path = keras_path(qualname)
        if path is None:
            return
        self.keep_first_keras_line(line)
        self.standalone = self.standalone or root == "keras"
        if path and self.keras2 is None and (keras2_path(path) or (
                root == "keras" and standalone_keras2_path(path))):
            self.keras2 = f"the file imports {qualname}"
        if path and self.keras3 is None and keras3_path(path):
            self.keras3 = f"the file imports {qualname}"

    def keep_first_keras_line(self, line: int) -> None:
        if self.first_keras_line is None or line < self.first_keras_line:
            self.first_keras_line = line


def imported_names(node: ast.AST):
    """(qualified name, local name) for each name an import binds."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name, alias.asname or alias.name.split(".", 1)[0]
            if alias.asname is None and "." in alias.name:
                yield alias.name, alias.name    # import keras.layers.recurrent
    elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
        yield node.module, ""
        for alias in node.names:
            if alias.name != "*":
                yield f"{node.module}.{alias.name}", alias.asname or alias.name


def within(path: str, modules) -> bool:
    """Is ``path`` one of ``modules`` or inside one of them?"""
    return any(path == m or path.startswith(m + ".") for m in modules)


def keras2_path(path: str) -> bool:
    return within(path, KERAS2_MODULES) or path.rsplit(".", 1)[-1] in KERAS2_ONLY_NAMES


def standalone_keras2_path(path: str) -> bool:
    return within(path, STANDALONE_KERAS2_PATHS)


def keras3_path(path: str) -> bool:
    return within(path, KERAS3_MODULES)


def dotted(node: ast.AST, aliases: Dict[str, str]) -> Optional[str]:
    """``tf.keras.ops.sum`` with ``import tensorflow as tf`` ->
    ``tensorflow.keras.ops.sum``; None for anything but a dotted name."""
    name = dotted_name(node)
    if name is None:
        return None
    head, dot, rest = name.partition(".")
    return aliases.get(head, head) + dot + rest


def keras2_marker(node: ast.AST, imports: ImportFacts) -> Optional[str]:
    if isinstance(node, ast.Call):
        return keras2_call(node, imports)
    if isinstance(node, ast.Name) and node.id in KERAS2_ONLY_NAMES[:2]:
        return f"the file uses {node.id}"
    if isinstance(node, ast.Attribute):
        if node.attr in KERAS2_ONLY_NAMES or node.attr in KERAS2_BACKEND_ATTRIBUTES:
            name = dotted(node, imports.aliases)
            path = keras_path(name) if name else None
            if path is not None and (node.attr in KERAS2_ONLY_NAMES or path.startswith("backend.")):
                return f"the file uses {ast.unparse(node)}"
        if node.attr in STANDALONE_KERAS2_NAMES:       # sequence.TimeseriesGenerator(...)
            name = dotted(node, imports.aliases)
            path = keras_path(name) if name and name.startswith("keras.") else None
            if path is not None and standalone_keras2_path(path):
                return f"the file uses {ast.unparse(node)}"
    return None


def keras2_call(call: ast.Call, imports: ImportFacts) -> Optional[str]:
    callee = call.func
    name = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", None)
    if name is None:
        return None
    keywords = {k.arg for k in call.keywords if k.arg}
    if isinstance(callee, ast.Attribute) and name in KERAS2_MODEL_METHODS:
        if name != "predict_proba" or not imports.other_predict_proba:
            return f"the file calls {name}"
    if name in DATA_METHODS and keywords & set(DATA_CALL_KEYWORDS):
        return "the file uses nb_epoch="
    if name in OPTIMIZERS and "lr" in keywords:
        return f"the file uses {name}(lr=...)"
    if name in NOT_KERAS1_LAYERS or not keras_layer_name(name):
        return None
    for keyword in KERAS1_LAYER_KEYWORDS:
        if keyword in keywords:
            return f"the file uses {keyword}= on {name}"
    return None


def keras_layer_name(name: str) -> bool:
    from .layers import LAYER_NAMES
    return name in LAYER_NAMES


def keras3_marker(node: ast.AST, imports: ImportFacts) -> Optional[str]:
    if isinstance(node, ast.Attribute) and node.attr in KERAS3_MODULES:
        name = dotted(node, imports.aliases)
        path = keras_path(name) if name else None
        if path in KERAS3_MODULES and not name.startswith(KERAS2_ROOTS):
            return f"the file uses {ast.unparse(node)}"
        return None
    backend = keras3_backend_set(node)
    if backend is not None and (imports.first_keras_line is None
                                or node.lineno < imports.first_keras_line):
        return f"the file sets KERAS_BACKEND to {backend!r}"
    return None


def keras3_backend_set(node: ast.AST) -> Optional[str]:
    """``os.environ["KERAS_BACKEND"] = "jax"``, ``os.environ.setdefault(...)``,
    ``os.putenv(...)`` with a backend only Keras 3 has: the backend's name."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        if isinstance(target, ast.Subscript) and is_environ(target.value) \
                and constant(target.slice) == "KERAS_BACKEND":
            value = constant(node.value)
            return value if value in KERAS3_BACKENDS else None
        return None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and len(node.args) >= 2:
        func = node.func
        environ_call = func.attr == "setdefault" and is_environ(func.value)
        putenv = func.attr == "putenv" and isinstance(func.value, ast.Name) and func.value.id == "os"
        if (environ_call or putenv) and constant(node.args[0]) == "KERAS_BACKEND":
            value = constant(node.args[1])
            return value if value in KERAS3_BACKENDS else None
    return None


def is_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or \
        (isinstance(node, ast.Name) and node.id == "environ")


def constant(node: ast.AST):
    return node.value if isinstance(node, ast.Constant) else None
