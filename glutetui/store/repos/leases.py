"""Which copy of the app runs an unfinished workout: its lease claimed, renewed, taken
over, and workouts no copy holds any more closed as partial (``glutetui.store.lease``
says what a lease is).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from glutetui.store.models import SetRow, WorkoutRow
from glutetui.store.repos.workout_log import OPEN_STATUS


def _free(mine: str, lapsed: datetime) -> Any:
    """A workout no other copy of the app holds: no lease, ours, or not renewed since
    ``lapsed``."""
    return (
        (WorkoutRow.lease == "")
        | (WorkoutRow.lease == mine)
        | WorkoutRow.heartbeat_at.is_(None)
        | (WorkoutRow.heartbeat_at < lapsed)
    )


class WorkoutLeases:
    """The leases on workouts, read and written under the caller's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def claim(self, uid: str, lease: str, active_seconds: float | None = None) -> int | None:
        """The id of the workout ``uid`` names, if the copy with ``lease`` still holds it
        ("" holds any), with its time trained set to ``active_seconds`` in the same
        statement; None when it is not there or another copy took it over."""
        held = [WorkoutRow.uid == uid]
        if lease:
            held.append(WorkoutRow.lease == lease)
        if active_seconds is None:
            found = self.session.execute(select(WorkoutRow.id).where(*held))
        else:
            found = self.session.execute(
                update(WorkoutRow)
                .where(*held)
                .values(active_seconds=active_seconds)
                .returning(WorkoutRow.id)
                .execution_options(synchronize_session=False)
            )
        workout_id = found.scalar_one_or_none()
        return None if workout_id is None else int(workout_id)

    def heartbeat(self, workout_id: int, lease: str, at: datetime) -> bool:
        """Renew a running workout's lease; False when another copy took it over."""
        done = self.session.execute(
            update(WorkoutRow)
            .where(WorkoutRow.id == workout_id, WorkoutRow.lease == lease)
            .where(WorkoutRow.status == OPEN_STATUS)
            .values(heartbeat_at=at)
            .execution_options(synchronize_session=False)
        )
        return bool(cast(Any, done).rowcount)

    def take_over(
        self, workout_id: int, device: str, lease: str, at: datetime, lapsed: datetime
    ) -> bool:
        """Take the lease of an unfinished workout to resume it, only if no other copy
        holds it (its heartbeat is older than ``lapsed``, or the lease is ours)."""
        done = self.session.execute(
            update(WorkoutRow)
            .where(WorkoutRow.id == workout_id, WorkoutRow.status == OPEN_STATUS)
            .where(_free(lease, lapsed))
            .values(device=device, lease=lease, heartbeat_at=at)
            .execution_options(synchronize_session=False)
        )
        return bool(cast(Any, done).rowcount)

    def close_lapsed(self, lapsed: datetime, mine: str = "") -> None:
        """Close as partial every unfinished workout no copy of the app holds any more
        (never one another device is running now)."""
        for workout_id in self.session.scalars(
            select(WorkoutRow.id).where(WorkoutRow.status == OPEN_STATUS, _free(mine, lapsed))
        ).all():
            self.close_as_partial(workout_id, lapsed, mine)

    def close_as_partial(
        self, workout_id: int, lapsed: datetime | None = None, mine: str = ""
    ) -> bool:
        """Close an abandoned workout, ending it at its last logged set.

        Only while it is still in progress: another device sharing the history may
        have just finished it, and its own end is the one to keep. With ``lapsed``,
        only when no other copy of the app holds it. False when it was not closed."""
        last = (
            select(func.max(SetRow.ended_at))
            .where(SetRow.workout_id == workout_id)
            .scalar_subquery()
        )
        query = update(WorkoutRow).where(
            WorkoutRow.id == workout_id, WorkoutRow.status == OPEN_STATUS
        )
        if lapsed is not None:
            query = query.where(_free(mine, lapsed))
        done = self.session.execute(
            query.values(
                status="partial", ended_at=func.coalesce(last, WorkoutRow.started_at)
            ).execution_options(synchronize_session=False)
        )
        return bool(cast(Any, done).rowcount)
