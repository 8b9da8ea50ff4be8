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
"""

from __future__ import annotations

import gc
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


def begun() -> bool:
    """Whether start-up's settings are in force."""
    return bool(_before)
