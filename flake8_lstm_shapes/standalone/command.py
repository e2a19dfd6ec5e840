"""``lstm-shapes check PATH...``: its options, and the run from arguments to exit status.

Exit status: 0 when nothing is found, 1 when something is, 2 for a usage
or configuration error or an input that cannot be read (one line on stderr
naming it; the other inputs are still linted and reported).
"""

from __future__ import annotations

import argparse
import os
from typing import List, Sequence, Tuple

from . import config, files, formats
from .linting import InputError, Options, lint_input
from .selection import Selection

OK, FOUND, ERROR = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", default=["."],
                        help="files and directories to lint ('-' for stdin; default: .)")
    parser.add_argument("--lstm-keras-version", "--keras-version", dest="keras_version",
                        metavar="{auto,2,3}",
                        help="Keras version the code targets (config: lstm-keras-version; "
                             "default: auto)")
    for option, what in (("select", "report only codes starting with these prefixes"),
                         ("ignore", "do not report codes starting with these prefixes"),
                         ("extend-select", "add prefixes to the selected codes"),
                         ("extend-ignore", "add prefixes to the ignored codes"),
                         ("exclude", "comma-separated globs of files and folders not to walk "
                                     f"into (default: {','.join(files.DEFAULT_EXCLUDE)})"),
                         ("extend-exclude", "globs to exclude besides those of --exclude")):
        parser.add_argument(f"--{option}", metavar="LIST", help=what)
    parser.add_argument("--output-format", "--format", dest="output_format", metavar="FORMAT",
                        help=f"{', '.join(config.FORMATS)} (default: text)")
    parser.add_argument("--stdin-filename", metavar="NAME",
                        help="the name of the file read from stdin ('-'), for its messages "
                             "and its project's configuration and dependencies")
    parser.add_argument("--isolated", action="store_true",
                        help="read no configuration file")


def command_line_values(args: argparse.Namespace) -> dict:
    return {"lstm-keras-version": args.keras_version, "output-format": args.output_format,
            **{key: getattr(args, key.replace("-", "_"))
               for key in config.CODE_LISTS + config.PATH_LISTS}}


def settings_for(args: argparse.Namespace) -> config.Settings:
    """The configuration files' settings with the command line over them; raises ConfigError."""
    settings = config.Settings() if args.isolated else config.from_files(os.getcwd())
    return config.apply(settings, command_line_values(args), os.getcwd(), "")


def exclusions(settings: config.Settings) -> Tuple[str, ...]:
    base = settings.exclude if settings.exclude is not None else files.DEFAULT_EXCLUDE
    return tuple(base) + tuple(settings.extend_exclude)


def lint_all(paths: Sequence[str], options: Options, stdin_name: str,
             errors: List[str]) -> List[formats.Located]:
    found: List[formats.Located] = []
    for path in paths:
        try:
            found.extend(lint_input(path, options, stdin_name))
        except InputError as error:
            errors.append(str(error))
    return found


def run(args: argparse.Namespace, parser: argparse.ArgumentParser, out, err) -> int:
    try:
        settings = settings_for(args)
    except config.ConfigError as error:
        parser.error(str(error))            # usage and the message on stderr, exit status 2
    stdin_name = args.stdin_filename or "stdin"
    if args.stdin_filename and "-" not in args.paths:
        parser.error("--stdin-filename names the file read from stdin: pass '-' as the path")
    paths, missing = files.discover(args.paths, exclusions(settings))
    errors = [f"{path}: No such file or directory" for path in missing]
    selection = Selection(settings.select, settings.ignore, settings.extend_select,
                          settings.extend_ignore)
    options = Options(settings.keras_version, selection)
    found = lint_all(paths, options, stdin_name, errors)
    out.write(formats.RENDERERS[settings.output_format](found))
    out.flush()
    for line in errors:
        print(f"lstm-shapes: {line}", file=err)
    if errors:
        return ERROR
    return FOUND if found else OK
