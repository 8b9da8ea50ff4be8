"""The program in use: one rule for Home, History, ``glutetui progress`` and the report.

At a moment, the program in use is the one with the most completed workouts in the
:data:`WINDOW_DAYS` days up to it (ties: the one done last), so an extra short routine
now and then does not hide the main one, and a program left behind weeks ago is not
"in use" any more. With nothing completed in the window (a lapse), it is the program in
use before the lapse, when the caller says which (``before``); else None, and the
caller decides (Home falls back to the beginner program).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

WINDOW_DAYS = 28


def program_in_use(
    completed: Iterable[tuple[str, datetime]],
    at: datetime,
    *,
    before: str | None = None,
    window_days: int = WINDOW_DAYS,
) -> str | None:
    """The program in use at ``at``, from completed workouts as (program id, start);
    only those in the window ``(at - window_days, at]`` count."""
    since = at - timedelta(days=window_days)
    counts: dict[str, tuple[int, datetime]] = {}
    for program, started in completed:
        if since < started <= at:
            n, last = counts.get(program, (0, started))
            counts[program] = (n + 1, max(last, started))
    if not counts:
        return before
    return max(counts.items(), key=lambda item: (item[1][0], item[1][1], item[0]))[0]
