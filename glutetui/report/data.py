"""The report's figures for one period, assembled from its queries (``queries``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from glutetui.catalog import Catalog
from glutetui.report.calendar import adherence
from glutetui.report.figures import ReportData
from glutetui.report.fold import balance_of, tension_of
from glutetui.report.period import Period
from glutetui.report.queries import Reader


def collect(session: Session, catalog: Catalog, period: Period, made: datetime) -> ReportData:
    """Every figure of the report for one period."""
    dialect = session.get_bind().dialect.name
    reader = Reader(session, catalog, period, dialect)
    days = reader.training_days()
    workouts = sum(days.values())
    programs = reader.programs()
    stance, stance_tests, stance_total = reader.stance()
    if workouts == 0:
        return ReportData(
            period=period,
            made=made,
            bucket=period.bucket,
            stance=stance,
            stance_tests=stance_tests,
            stance_total=stance_total,
            adherence=adherence(period, {}, None, None),
        )
    main = max(programs, key=lambda p: (p.workouts, p.last), default=None)
    target = main.days_per_week if main is not None else None
    steps = reader.set_steps()
    # The steps count pain too: most periods have none, and then need no query for it.
    pain, pain_total = reader.pain() if any(row.pain for row in steps) else ((), 0)
    exercises = reader.exercises(steps)
    return ReportData(
        period=period,
        made=made,
        bucket=period.bucket,
        programs=programs,
        workouts=workouts,
        sets=sum(row.sets for row in steps),
        pain=pain,
        pain_total=pain_total,
        adherence=adherence(
            period, days, target, main.name if main and target is not None else None
        ),
        calendar=days,
        log=reader.log(),
        exercises=exercises,
        balance=balance_of(exercises),
        stance=stance,
        stance_tests=stance_tests,
        stance_total=stance_total,
        tension=tension_of(steps, period),
    )
