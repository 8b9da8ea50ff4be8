"""The report's figures for one period, assembled from its queries (``queries``) and from
the figures History and ``glutetui progress`` share (``readouts.progress_figures``)."""

from __future__ import annotations

from datetime import date, datetime

from glutetui.catalog import Catalog
from glutetui.measures.adherence import adherence as measured_adherence
from glutetui.readouts.progress_figures import progress_figures
from glutetui.report.calendar import adherence
from glutetui.report.figures import BalanceLine, ReportData
from glutetui.report.period import Period
from glutetui.report.queries import Reader
from glutetui.store.repos import Unit


def collect(db: Unit, catalog: Catalog, period: Period, made: datetime, today: date) -> ReportData:
    """Every figure of the report for one period."""
    session = db.session
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
            adherence=adherence(
                period, measured_adherence((), None, period.since, period.until, today), None
            ),
        )
    progress = progress_figures(db, catalog, period.since, period.until, today)
    steps = reader.set_steps()
    # The steps count pain too: most periods have none, and then need no query for it.
    pain, pain_total = reader.pain() if any(row.pain for row in steps) else ((), 0)
    exercises = reader.exercises(steps, progress)
    balance = tuple(
        BalanceLine(b.name, b.program, b.unit, b.symmetry_start, b.symmetry_now)
        for b in progress.blocks
        if b.symmetry_now is not None
    )
    return ReportData(
        period=period,
        made=made,
        bucket=period.bucket,
        programs=programs,
        workouts=workouts,
        sets=sum(row.sets for row in steps),
        pain=pain,
        pain_total=pain_total,
        adherence=adherence(period, progress.adherence, progress.target_program),
        calendar=days,
        log=reader.log(),
        exercises=exercises,
        balance=balance,
        stance=stance,
        stance_tests=stance_tests,
        stance_total=stance_total,
        tension=tuple(reader.tension()),
    )
