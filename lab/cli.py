"""The ``toeslagenlab`` command line: discovers the sub-commands in :mod:`lab.commands`."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

import lab.commands
from lab import __version__
from lab.errors import LabError

EXIT_USAGE = 2


class OneLineParser(argparse.ArgumentParser):
    """Argument parser that reports bad input as a single line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args) or 0)
    except LabError as exc:
        print(f"toeslagenlab: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("toeslagenlab: interrupted; finished work has been kept", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
