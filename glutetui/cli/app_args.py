"""The command line that only opens the app, read without argparse.

Opening the app is by far the most common command line: ``glutetui``, perhaps with
``--home DIR``, ``--db URL`` or ``--remote``. Reading it needs none of argparse, whose
import and the building of every subcommand's parser come to a few milliseconds on
the way to Home's first frame. :func:`app_only` reads exactly those options, in their
two spellings (``--home DIR`` and ``--home=DIR``), and answers None for anything else
(a subcommand, ``--help``, an abbreviation, a value that looks like an option, a
mistake): argparse then reads the line, with its help and its one-line errors. A
property test holds the two to the same result wherever this one answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

# The global options of ``build_parser`` (glutetui.cli.parser), by their dest.
VALUE_OPTIONS = {"--home": "home", "--db": "db"}
FLAG_OPTIONS = {"--remote": "remote"}


def app_only(argv: Sequence[str]) -> SimpleNamespace | None:
    """The arguments of a line that opens the app, as argparse would give them, or
    None when the line is anything else."""
    found: dict[str, object] = {"command": None, "home": None, "db": None, "remote": False}
    tokens = iter(argv)
    for token in tokens:
        if token in FLAG_OPTIONS:
            found[FLAG_OPTIONS[token]] = True
            continue
        name, equals, value = token.partition("=")
        if name not in VALUE_OPTIONS:
            return None
        if not equals:
            following = next(tokens, None)
            if following is None or following.startswith("-"):
                return None  # argparse decides (a missing value, or a negative number)
            value = following
        found[VALUE_OPTIONS[name]] = value
    return SimpleNamespace(**found)
