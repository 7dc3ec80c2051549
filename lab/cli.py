"""The ``toeslagenlab`` command line: discovers the sub-commands in :mod:`lab.commands`."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from typing import NoReturn

import lab.commands
from lab import __version__
from lab.errors import Interrupted, LabError

EXIT_USAGE = 2
#: Exit code after the reader of our output went away (``| head``): 128 + SIGPIPE, as the shell
#: reports for a Unix tool that SIGPIPE ended.
EXIT_BROKEN_PIPE = 141
#: Exit code after a Ctrl-C: 128 + SIGINT, as the shell reports for a Unix tool it interrupted.
EXIT_INTERRUPTED = 130


class OneLineParser(argparse.ArgumentParser):
    """Argument parser that reports bad input as a single line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        """Print ``<prog>: error: <message>`` on stderr and exit with code 2."""
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the parser with every sub-command found in :mod:`lab.commands`."""
    parser = OneLineParser(
        prog="toeslagenlab",
        description="Agent-based simulator of Dutch toeslagen under the Awir.",
    )
    parser.add_argument("--version", action="version", version=f"toeslagenlab {__version__}")
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=OneLineParser
    )
    for info in sorted(pkgutil.iter_modules(lab.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"lab.commands.{info.name}")
        module.register(subparsers)
    for command in subparsers.choices.values():
        # What a Ctrl-C leaves behind; a command that keeps work says so in its own defaults.
        if command.get_default("on_interrupt") is None:
            command.set_defaults(on_interrupt="nothing was written")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    try:
        # Finding the sub-commands imports the model (numpy, numba, mesa): a Ctrl-C then stops
        # the command before it has read its input or written anything.
        parser = build_parser()
        args = parser.parse_args(argv)
    except KeyboardInterrupt:
        print(
            "toeslagenlab: interrupted before the command started; nothing was written",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    if getattr(args, "func", None) is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except LabError as exc:
        print(f"toeslagenlab: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # a path the user gave that cannot be read or written
        where = f"{exc.filename}: " if exc.filename else ""
        reason = exc.strerror or str(exc)
        print(f"toeslagenlab: error: {where}{reason}; check the path", file=sys.stderr)
        return EXIT_USAGE
    except Interrupted as exc:  # the command kept what it could and says what
        print(f"toeslagenlab: interrupted; {exc}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        print(f"toeslagenlab: interrupted; {args.on_interrupt}", file=sys.stderr)
        return EXIT_INTERRUPTED


def _silence_stdout() -> None:
    """Point stdout at /dev/null after the reader left, so the exit's flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file descriptor (captured output): nothing to flush
        pass


if __name__ == "__main__":
    raise SystemExit(main())
