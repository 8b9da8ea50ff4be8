"""The report's figures for one period, assembled from the store's report queries
(``glutetui.store.queries.report``) and from the figures History and ``glutetui
progress`` share (``readouts.progress_figures``). No SQL here: the rows come in, the
page's records go out."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from glutetui.catalog import Catalog
from glutetui.measures.adherence import adherence as measured_adherence
from glutetui.measures.tension import TensionRow, tension_rows
from glutetui.measures.words import dose_words
from glutetui.readouts.progress_figures import ProgressFigures, progress_figures
from glutetui.report.calendar import adherence
from glutetui.report.figures import (
    BalanceLine,
    DoseChangeLine,
    ExerciseFigures,
    PainFlag,
    ProgramUse,
    ReportData,
    StancePoint,
    StanceTest,
    WorkoutLine,
)
from glutetui.report.fold import efforts_of, points_of, tension_step
from glutetui.report.period import Period, days_in, step_after, step_start
from glutetui.store.queries.report import ReportRows, SetStep
from glutetui.store.records import Dose
from glutetui.store.repos import Unit
from glutetui.vocab import BlockRef

# Lists that could grow with the period are capped; the report says how many were left out.
PAIN_LIMIT = 30
LOG_LIMIT = 30
CHANGES_LIMIT = 12
STANCE_LIMIT = 12


def collect(db: Unit, catalog: Catalog, period: Period, made: datetime, today: date) -> ReportData:
    """Every figure of the report for one period."""
    rows = db.queries.report(period.start, period.end, period.sql_bucket)
    days = rows.training_days()
    workouts = sum(days.values())
    stance, stance_tests, stance_total = _stance(rows, period)
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
    steps = _steps(rows, period)
    # The steps count pain too: most periods have none, and then need no query for it.
    pain, pain_total = _pain(rows, catalog) if any(s.pain for s in steps) else ((), 0)
    return ReportData(
        period=period,
        made=made,
        bucket=period.bucket,
        programs=_programs(rows, catalog),
        workouts=workouts,
        sets=sum(s.sets for s in steps),
        pain=pain,
        pain_total=pain_total,
        pain_scores=tuple((at.astimezone().date(), score) for at, score in rows.pain_scores()),
        adherence=adherence(period, progress.adherence, progress.target_program),
        calendar=days,
        log=_log(rows),
        exercises=_exercises(rows, steps, progress, catalog),
        balance=tuple(
            BalanceLine(b.name, b.program, b.unit, b.symmetry_start, b.symmetry_now)
            for b in progress.blocks
            if b.symmetry_now is not None
        ),
        stance=stance,
        stance_tests=stance_tests,
        stance_total=stance_total,
        tension=tuple(_tension(db, period)),
        progress=progress,
    )


def _steps(rows: ReportRows, period: Period) -> list[SetStep]:
    steps = rows.set_steps()
    if period.bucket != period.sql_bucket:
        for step in steps:  # months into quarters: the points add them up
            step.at = step_start(step.at, period.bucket)
    return steps


def _programs(rows: ReportRows, catalog: Catalog) -> tuple[ProgramUse, ...]:
    found = []
    for p in rows.programs():
        program = catalog.programs.get(p.program_id)
        found.append(
            ProgramUse(
                program_id=p.program_id,
                name=p.name,
                workouts=p.workouts,
                days=p.days,
                first=p.first.astimezone().date(),
                last=p.last.astimezone().date(),
                days_per_week=program.days_per_week if program is not None else None,
            )
        )
    return tuple(sorted(found, key=lambda p: (-p.workouts, p.name)))


def _log(rows: ReportRows) -> tuple[WorkoutLine, ...]:
    return tuple(
        WorkoutLine(
            started=r.started.astimezone().replace(tzinfo=None),
            program=r.program,
            # Time trained; unknown (a dash) for workouts from before it was kept.
            minutes=None if r.active_seconds is None else r.active_seconds / 60,
            status=r.status,
            sets=r.sets,
            reps=r.reps,
            hold_seconds=r.hold_seconds,
            effort=r.effort,
            pain=r.pain,
        )
        for r in rows.log(LOG_LIMIT)
    )


def _pain(rows: ReportRows, catalog: Catalog) -> tuple[tuple[PainFlag, ...], int]:
    found, total = rows.pain(PAIN_LIMIT)
    flags = tuple(
        PainFlag(
            r.started.astimezone().date(),
            catalog.name_of(r.exercise_id),
            _sides(r.sides) if r.side_known else "side not recorded",
            r.effort,
            r.program,
        )
        for r in found
    )
    return flags, total


def _sides(sides: tuple[str, ...]) -> str:
    if sides == ("both",):
        return "both legs"
    return " and ".join(s for s in ("left", "right") if s in sides)


def _exercises(
    rows: ReportRows, steps: list[SetStep], progress: ProgressFigures, catalog: Catalog
) -> tuple[ExerciseFigures, ...]:
    """One section per program block used in the period, in program order, with the
    dose in force at the end of the period and the block's dose changes in it."""
    by_block: dict[BlockRef, list[SetStep]] = defaultdict(list)
    for step in steps:
        by_block[BlockRef(step.program, step.slot)].append(step)
    changes: dict[BlockRef, list[DoseChangeLine]] = defaultdict(list)
    for c in rows.dose_changes():
        dose = Dose(exercise_id=c.exercise_id, sets=c.sets, reps=c.reps, hold=c.hold, band=c.band)  # type: ignore[arg-type]
        changes[BlockRef(c.program_id, c.slot)].append(
            DoseChangeLine(c.changed_at.astimezone().date(), dose_words(dose, catalog), c.reason)
        )
    out = []
    for figures in progress.blocks:
        done = by_block.get(figures.block, [])
        if not done:
            continue
        slot = figures.block.slot
        known = catalog.exercises.get(slot)
        held = known.kind == "hold" if known else not any(r.reps for r in done)
        kept = changes.get(figures.block, [])
        out.append(
            ExerciseFigures(
                block=figures.block,
                program=figures.program,
                name=figures.name,
                variants=tuple(
                    sorted({catalog.name_of(r.exercise) for r in done if r.exercise != slot})
                ),
                held=held,
                dose=figures.dose_text,
                dose_changed=figures.dose_changed,
                points=points_of(done, held),
                efforts=efforts_of(done),
                changes=tuple(kept[-CHANGES_LIMIT:]),
                changes_left_out=max(0, len(kept) - CHANGES_LIMIT),
            )
        )
    return tuple(out)


def _tension(db: Unit, period: Period) -> list[TensionRow]:
    """Time under tension per step of the chart (weeks for short periods), every step of
    the period shown, empty ones too."""
    step = tension_step(period)
    grouped = "month" if step == "quarter" else step
    found = db.queries.tension(period.start, period.end, grouped)
    steps = []
    at = step_start(period.since, step)
    while at <= period.until:
        # A week's own total for weekly steps (a part week at an edge is not scaled up).
        weeks = 1.0 if step == "week" else max(1, days_in(at, step, period)) / 7
        steps.append((at, weeks))
        at = step_after(at, step)
    return tension_rows(((step_start(t.at, step), t.side, t.seconds) for t in found), steps)


def _stance(
    rows: ReportRows, period: Period
) -> tuple[tuple[StancePoint, ...], tuple[StanceTest, ...], int]:
    folded: dict[tuple[date, str], list[float]] = defaultdict(lambda: [0, 0.0, 0])
    for r in rows.stance_steps():
        totals = folded[(step_start(r.at, period.bucket), r.side)]
        totals[0] += r.tests
        totals[1] += r.hold * r.tests
        totals[2] += r.level
    points = tuple(
        StancePoint(day, side, int(n), held / n, int(level))
        for (day, side), (n, held, level) in sorted(folded.items())
    )
    tests = tuple(
        StanceTest(
            t.taken_at.astimezone().replace(tzinfo=None),
            t.side,
            t.stage,
            t.target_seconds,
            t.hold_seconds,
            t.level,
        )
        for t in rows.stance_tests(STANCE_LIMIT)
    )
    return points, tests, sum(p.tests for p in points)
