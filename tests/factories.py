"""Records for tests: a logged set, a dose, an engine result made ready to log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from glutetui.engine import SetResult
from glutetui.store.records import Dose, LoggedSet
from glutetui.store.rows import to_with
from glutetui.vocab import Band, Side

T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def logged_set(
    block: int = 0,
    set_index: int = 0,
    side: Side = "left",
    reps: int | None = 10,
    hold: float | None = None,
    at: datetime = T0,
    exercise: str = "clamshell",
    rep_seconds: int = 0,
    band: Band = "none",
) -> LoggedSet:
    """One finished set of 30 s: reps against a target of 10, or a hold against 30 s."""
    is_hold = hold is not None
    return LoggedSet(
        block=block,
        set_index=set_index,
        side=side,
        exercise_id=exercise,
        slot=exercise,
        kind="hold" if is_hold else "reps",
        target_reps=None if is_hold else 10,
        target_hold=30 if is_hold else None,
        reps=None if is_hold else reps,
        hold_seconds=hold,
        rep_seconds=rep_seconds,
        band=band,
        effort=None,
        pain=False,
        partial=False,
        started_at=at,
        ended_at=at + timedelta(seconds=30),
    )


def from_result(result: SetResult, rep_seconds: int = 0) -> LoggedSet:
    """An engine's finished set as the store logs it, not yet rated."""
    return to_with(LoggedSet, result, rep_seconds=rep_seconds, effort=None, pain=False)


def dose(
    exercise: str, sets: int, reps: int | None, hold: int | None = None, band: Band = "none"
) -> Dose:
    return Dose(exercise_id=exercise, sets=sets, reps=reps, hold=hold, band=band)
