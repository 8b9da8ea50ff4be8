"""The interpreter tuned for the app's start, and set back once Home has its figures.

Two settings of the interpreter are changed between :func:`begin` (the command line,
before Textual is imported) and :func:`end` (Home has its full figures, or start-up
failed):

- **No garbage collections.** They cost a fifth of start-up's work and find nothing to
  free. At the end, what start-up made is frozen out of later sweeps.
- **A short switch interval.** Textual writes each frame to the terminal on its own
  output thread, which needs the interpreter's lock to do it. Right after Home's first
  frame the main thread goes on handling the layout's events for a few milliseconds,
  and a thread waiting for the lock only asks for it after the switch interval (5 ms by
  default): the finished frame sat unwritten for most of that time. With a fifth of a
  millisecond, it is written while those events are handled.

Both are process-wide and set back exactly as they were; :func:`end` is safe to call
more than once, or without :func:`begin`.

:func:`safe_path` is for the app's whole life, not only its start: the module path as
``python -P`` leaves it.
"""

from __future__ import annotations

import gc
import os
import sys

SWITCH_SECONDS = 0.0002  # how long a waiting thread waits before asking for the lock

_before: list[float] = []  # the switch interval to set back, while begun


def begin() -> None:
    """Tune the interpreter for start-up (no effect if already begun)."""
    if _before:
        return
    _before.append(sys.getswitchinterval())
    gc.disable()
    sys.setswitchinterval(SWITCH_SECONDS)


def end() -> None:
    """Start-up is over: the switch interval as it was, and the garbage collector on
    again, leaving what start-up made out of its sweeps."""
    if not _before:
        return
    sys.setswitchinterval(_before.pop())
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def safe_path() -> None:
    """Take off the module path the folder Python put first for this run, as ``python
    -P`` would not have put it there: the folder of the script (``glutetui``, in the
    environment's ``bin``) or, for ``python -m glutetui``, the current folder.

    Nothing the app imports lives there, but a file in it named like a module (a
    ``rich.py`` in the folder someone starts from) would be imported in place of the
    real one. And every top-level import looks in the first folder first: taking it
    off spares each of the hundreds of imports on the way to the first frame a look.
    Any other first entry (someone's own, or none at all with ``-P``) stays.
    """
    if sys.flags.safe_path or not sys.path:
        return
    started_from = {"", os.getcwd()}
    if sys.argv and sys.argv[0]:
        started_from.add(os.path.dirname(os.path.realpath(sys.argv[0])))
    if sys.path[0] in started_from:
        del sys.path[0]


def begun() -> bool:
    """Whether start-up's settings are in force."""
    return bool(_before)
