"""The ``glutetui`` command: the app itself, and subcommands that print and exit.

Subcommands never import Textual; only opening the app does. A user's mistake (an
unknown program, a bad file, a database that cannot be opened) is one line on stderr
and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Any

from glutetui.cli.app_args import app_only
from glutetui.cli.common import PROG, UserError
from glutetui.platform.locations import Locations, resolve
from glutetui.store.errors import StoreError

if TYPE_CHECKING:
    import argparse

__all__ = ["COMMANDS", "PROG", "UserError", "command_for", "main"]

Command = Callable[["argparse.Namespace", Locations], int]

# Each subcommand by the module it lives in, imported only when it runs: opening the
# app (no subcommand) loads none of them on its way to the first frame.
COMMANDS: dict[str, tuple[str, str]] = {
    "start": ("catalogue", "_start"),
    "suggest": ("reading", "_suggest"),
    "history": ("reading", "_history"),
    "exercises": ("catalogue", "_exercises"),
    "programs": ("catalogue", "_programs"),
    "export": ("exports", "_export"),
    "import": ("exports", "_import"),
    "report": ("exports", "_report"),
    "progress": ("reading", "_progress"),
    "plan": ("schedule", "_plan"),
    "remind": ("schedule", "_remind"),
}


def command_for(name: str | None) -> Command:
    """The function that runs subcommand ``name``; no name opens the app."""
    module, function = COMMANDS.get(name or "", ("catalogue", "_open_app"))
    found: Command = getattr(import_module(f"glutetui.cli.{module}"), function)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    args: Any = app_only(sys.argv[1:] if argv is None else argv)
    if args is None:  # anything but opening the app: argparse reads it
        from glutetui.cli.parser import build_parser

        args = build_parser().parse_args(argv)
    try:
        locations = resolve(args.home, db=args.db)
        return command_for(args.command)(args, locations)
    except (UserError, StoreError) as exc:
        # StoreError: the database went busy, full or read-only in the middle of a command.
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `glutetui history | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
