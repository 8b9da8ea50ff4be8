"""Named read-only queries over the history, aggregated in SQL: what the readouts and the
report need beyond the repositories.

Use cases reach them through their unit of work, ``db.queries``, bound to its session:
nothing outside the store touches a session or the ORM models. By module:
``insights`` (History: trends, training days, streaks, time under tension),
``progress`` (each program block's sets in a period), ``report`` (the report's rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from glutetui.records import SelfTestRecord
    from glutetui.store.queries.insights import Bucket, DayCount, TensionAt, TrendPoint
    from glutetui.store.queries.progress import (
        BlockAfter,
        BlockSide,
        BlockStretch,
        PeriodWorkouts,
    )
    from glutetui.store.queries.report import ReportRows
    from glutetui.store.sqltime import Bucket as TimeBucket


class Queries:
    """The named queries, bound to one unit of work's session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # --- History -------------------------------------------------------------------------

    def logged_exercises(self) -> list[str]:
        from glutetui.store.queries import insights

        return insights.logged_exercises(self._session)

    def trend(self, exercise_id: str, since: datetime, bucket: Bucket) -> list[TrendPoint]:
        from glutetui.store.queries import insights

        return insights.trend(self._session, exercise_id, since, bucket)

    def training_day_counts(self, since: datetime) -> list[DayCount]:
        from glutetui.store.queries import insights

        return insights.training_day_counts(self._session, since)

    def streaks(self, today: date) -> tuple[int, int]:
        from glutetui.store.queries import insights

        return insights.streaks(self._session, today)

    def tension(
        self, since: datetime, until: datetime | None, bucket: TimeBucket
    ) -> list[TensionAt]:
        from glutetui.store.queries import insights

        return insights.tension(self._session, since, until, bucket)

    # --- progress, the report ------------------------------------------------------------

    def block_sides(
        self,
        start: datetime,
        end: datetime,
        ranges: Sequence[tuple[datetime, datetime]] | None = None,
    ) -> list[BlockSide]:
        from glutetui.store.queries import progress

        return progress.block_sides(self._session, start, end, ranges)

    def block_stretches(self, start: datetime, end: datetime) -> list[BlockStretch]:
        from glutetui.store.queries import progress

        return progress.block_stretches(self._session, start, end)

    def period_workouts(self, start: datetime, end: datetime) -> PeriodWorkouts:
        from glutetui.store.queries import progress

        return progress.period_workouts(self._session, start, end)

    def completed_programs(self, start: datetime, end: datetime) -> list[tuple[str, datetime]]:
        from glutetui.store.queries import progress

        return progress.completed_programs(self._session, start, end)

    def last_completed_before(self, before: datetime) -> datetime | None:
        from glutetui.store.queries import progress

        return progress.last_completed_before(self._session, before)

    def stance_tests(self, start: datetime, end: datetime) -> list[SelfTestRecord]:
        from glutetui.store.queries import progress

        return progress.stance_tests(self._session, start, end)

    def block_after(self, program_id: str, slot: str, after: datetime, end: datetime) -> BlockAfter:
        from glutetui.store.queries import progress

        return progress.block_after(self._session, program_id, slot, after, end)

    def report(self, start: datetime, end: datetime, bucket: TimeBucket) -> ReportRows:
        from glutetui.store.queries.report import ReportRows

        return ReportRows(self._session, start, end, bucket)

    def first_day(self) -> date | None:
        from glutetui.store.queries.report import first_day

        return first_day(self._session)
