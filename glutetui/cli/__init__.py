"""The ``glutetui`` command: the app itself, and subcommands that print and exit.

Subcommands never import Textual; only opening the app does. A user's mistake (an
unknown program, a bad file, a database that cannot be opened) is one line on stderr
and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from glutetui.cli.catalogue import _exercises, _open_app, _programs, _start
from glutetui.cli.common import PROG, UserError
from glutetui.cli.exports import _export, _import, _report
from glutetui.cli.parser import build_parser
from glutetui.cli.reading import _history, _progress, _suggest
from glutetui.cli.schedule import _plan, _remind
from glutetui.platform.locations import Locations, resolve
from glutetui.store.errors import StoreError

__all__ = ["COMMANDS", "PROG", "UserError", "build_parser", "main"]

COMMANDS: dict[str, Callable[[argparse.Namespace, Locations], int]] = {
    "start": _start,
    "suggest": _suggest,
    "history": _history,
    "exercises": _exercises,
    "programs": _programs,
    "export": _export,
    "import": _import,
    "report": _report,
    "progress": _progress,
    "plan": _plan,
    "remind": _remind,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        locations = resolve(args.home, db=args.db)
        command: Callable[[argparse.Namespace, Locations], int] = COMMANDS.get(
            args.command or "", _open_app
        )
        return command(args, locations)
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
