"""The report's figures for one period, assembled from the store's report queries
(``glutetui.store.queries.report``) and from the figures History and ``glutetui
progress`` share (``readouts.progress``): page one's rows, each exercise's dose
over time, the charts' points. No SQL here: the rows come in, the page's records go
out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from datetime import date, datetime

from glutetui.catalog import Catalog
from glutetui.coaching.coach import KIND_LABELS
from glutetui.measures.adherence import adherence as measured_adherence
from glutetui.measures.tension import TensionRow, tension_rows
from glutetui.measures.words import dose_words, pain_sides_words, time_trained_words
from glutetui.platform.settings import PlanEntry
from glutetui.readouts.progress import BlockProgress, ProgressFigures, progress_figures
from glutetui.report.calendar import adherence
from glutetui.report.data import (
    BalanceLine,
    DoseChangeLine,
    ExerciseFigures,
    FollowUpRow,
    LogStep,
    PainFlag,
    PainTodayPoint,
    ProgramUse,
    ReportData,
    StancePoint,
    StanceTest,
    SuggestionLine,
    TargetStep,
    WorkoutLine,
)
from glutetui.report.fold import efforts_of, log_step, points_of, step_label, tension_step
from glutetui.report.period import Period, days_in, step_after, step_start
from glutetui.store.queries.report import ReportRows, SetStep
from glutetui.store.repos import Unit
from glutetui.vocab import BlockRef

# Lists that could grow with the period are capped; the report says how many were left out.
PAIN_LIMIT = 30
LOG_LIMIT = 40
# Dose changes listed under each chart (the latest; the chart marks them all): fewer
# on a long period, so a decade's exercises still fit a few pages.
CHANGES_LIMIT = 8
CHANGES_LIMIT_LONG = 3
STANCE_LIMIT = 12
SUGGESTIONS_LIMIT = 12


def collect(
    db: Unit,
    catalog: Catalog,
    period: Period,
    made: datetime,
    today: date,
    plans: Mapping[str, PlanEntry] | None = None,
    beside: Unit | None = None,
) -> ReportData:
    """Every figure of the report for one period (``plans``: the weekly plan).

    With ``beside``, a second unit of work that reads the same state as ``db``
    (``Store.read_together``), the progress figures are read there on a thread of their
    own while this one reads the rest: the same figures, and on a long history sooner,
    for most of that time is the database's, which lets go of Python's lock."""
    rows = db.queries.report(period.start, period.end, period.sql_bucket)
    days = rows.training_days()
    workouts = sum(days.values())
    stance, stance_tests, stance_total = _stance(rows, period)
    suggestions, suggestions_total = _suggestions(rows, catalog)
    if workouts == 0:
        return ReportData(
            period=period,
            made=made,
            bucket=period.bucket,
            stance=stance,
            stance_tests=stance_tests,
            stance_total=stance_total,
            adherence=adherence(
                period, measured_adherence((), None, period.since, period.until, today, None), None
            ),
            suggestions=suggestions,
            suggestions_total=suggestions_total,
        )
    with ExitStack() as stack:
        reading = (catalog, period.since, period.until, today, plans)
        later: Future[ProgressFigures] | None = None
        if beside is not None:
            pool = stack.enter_context(ThreadPoolExecutor(1, thread_name_prefix="report"))
            later = pool.submit(progress_figures, beside, *reading)
        steps = _steps(rows, period)
        # The steps count pain too: most periods have none, and then need no query for it.
        pain, pain_total = _pain(rows, catalog) if any(s.pain for s in steps) else ((), 0)
        step = log_step(period)
        programs = _programs(rows, catalog)
        log = _log(rows) if step == "workout" else ()
        log_steps = _log_steps(rows, step) if step != "workout" else ()
        pain_today = tuple(
            PainTodayPoint(at.astimezone().replace(tzinfo=None), score, note)
            for at, score, note in rows.pain_scores()
        )
        tension = tuple(_tension(db, period))
        progress = later.result() if later is not None else progress_figures(db, *reading)
    # The program in use, by its catalogue name, else as its workouts kept it.
    in_use = catalog.programs.get(progress.program_in_use or "")
    # A program gone from the catalogue is named as its workouts kept it.
    named = {p.program_id: p.name for p in programs if p.program_id not in catalog.programs}
    in_use_name = in_use.name if in_use is not None else named.get(progress.program_in_use or "")
    return ReportData(
        period=period,
        made=made,
        bucket=period.bucket,
        programs=programs,
        workouts=workouts,
        sets=sum(s.sets for s in steps),
        pain=pain,
        pain_total=pain_total,
        pain_today=pain_today,
        adherence=adherence(period, progress.adherence, progress.target_program),
        calendar=days,
        log=log,
        log_steps=log_steps,
        log_step=step,
        exercises=_exercises(
            steps,
            progress,
            catalog,
            CHANGES_LIMIT if step == "workout" else CHANGES_LIMIT_LONG,
            named,
        ),
        balance=tuple(
            BalanceLine(
                b.name,
                named.get(b.block.program, b.program),
                b.unit,
                b.symmetry_start,
                b.symmetry_now,
                capacity=b.capacity,
                left=b.done_share("left"),
                right=b.done_share("right"),
                words=b.balance_words(),
            )
            for b in progress.in_order()
            if b.sided and not b.stretch and b.workouts
        ),
        stance=stance,
        stance_tests=stance_tests,
        stance_total=stance_total,
        tension=tension,
        progress=progress,
        in_use=in_use_name,
        follow_up=tuple(_follow_up(b, catalog) for b in progress.in_use()),
        suggestions=suggestions,
        suggestions_total=suggestions_total,
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
            trained=time_trained_words(r.active_seconds, r.span_seconds),
            status=r.status,
            sets=r.sets,
            reps=r.reps,
            hold_seconds=r.hold_seconds,
            effort=r.effort,
            pain=r.pain,
            pain_score=r.pain_score,
            pain_note=r.pain_note,
        )
        for r in rows.log(LOG_LIMIT)
    )


def _log_steps(rows: ReportRows, step: str) -> tuple[LogStep, ...]:
    return tuple(
        LogStep(
            label=step_label(r.at, step),
            workouts=r.workouts,
            minutes=r.active_seconds / 60,
            sets=r.sets,
            reps=r.reps,
            hold_seconds=r.hold_seconds,
            effort=r.effort,
            pain_workouts=r.pain_workouts,
            pain_score=r.pain_score,
        )
        for r in rows.log_steps(step)  # type: ignore[arg-type]
    )


def _pain(rows: ReportRows, catalog: Catalog) -> tuple[tuple[PainFlag, ...], int]:
    found, total = rows.pain(PAIN_LIMIT)
    flags = tuple(
        PainFlag(
            r.started.astimezone().date(),
            catalog.name_of(r.exercise_id),
            pain_sides_words(r.sides, r.side_known),
            r.effort,
            r.program,
            r.side_known,
        )
        for r in found
    )
    return flags, total


def _suggestions(rows: ReportRows, catalog: Catalog) -> tuple[tuple[SuggestionLine, ...], int]:
    found, total = rows.suggestions_not_taken(SUGGESTIONS_LIMIT)
    lines = []
    for r in found:
        program = catalog.programs.get(r.program_id)
        lines.append(
            SuggestionLine(
                day=r.created_at.astimezone().date(),
                exercise=catalog.name_of(r.slot),
                program=program.name if program is not None else r.program_id,
                label=KIND_LABELS.get(r.kind, r.kind),
                reason=r.reason,
                status=r.status,
                decided=r.decided_at.astimezone().date() if r.decided_at else None,
            )
        )
    return tuple(lines), total


def _follow_up(b: BlockProgress, catalog: Catalog) -> FollowUpRow:
    """Page one's row for one block of the program in use."""
    named = b.dose is not None and b.dose.exercise_id != b.block.slot
    compared = b.first_last
    return FollowUpRow(
        name=b.name,
        dose=dose_words(b.dose, catalog, named=named) if b.dose is not None else "not known",
        dose_changed=b.dose_changed,
        workouts=b.workouts,
        done=tuple((side, b.done_share(side)) for side in b.prescribed or b.done),
        first_last=(
            tuple((side, compared.short_words(side)) for side in compared.sides)
            if compared is not None and compared.compared
            else ()
        ),
        first_last_status=compared.status if compared is not None else "not done",
        capacity=b.capacity,
        symmetry_now=b.symmetry_now,
        pain_flags=b.pain_flags,
    )


def _exercises(
    steps: list[SetStep],
    progress: ProgressFigures,
    catalog: Catalog,
    listed: int,
    named: dict[str, str],
) -> tuple[ExerciseFigures, ...]:
    """One section per program block done in the period: the program in use first, each
    program's blocks in its order, with the dose in force over the period (the chart's
    target) and its changes in the period."""
    by_block: dict[BlockRef, list[SetStep]] = defaultdict(list)
    for step in steps:
        by_block[BlockRef(step.program, step.slot)].append(step)
    out = []
    for figures in progress.in_order():
        done = by_block.get(figures.block, [])
        if not done:
            continue
        slot = figures.block.slot
        known = catalog.exercises.get(slot)
        held = known.kind == "hold" if known else not any(r.reps for r in done)
        targets = tuple(
            TargetStep(
                max(progress.since, s.since.astimezone().date()),
                None if s.dose is None else float(s.dose.amount),
            )
            for s in figures.dose_steps
        )
        changes = [
            DoseChangeLine(
                s.since.astimezone().date(),
                dose_words(s.dose, catalog) if s.dose is not None else "not known",
                s.reason or "",
            )
            for s in figures.dose_steps[1:]
        ]
        out.append(
            ExerciseFigures(
                block=figures.block,
                program=named.get(figures.block.program, figures.program),
                name=figures.name,
                variants=tuple(
                    sorted({catalog.name_of(r.exercise) for r in done if r.exercise != slot})
                ),
                held=held,
                dose=figures.dose_text,
                dose_changed=figures.dose_changed,
                points=points_of(done, held),
                efforts=efforts_of(done),
                changes=tuple(changes[-listed:]),
                changes_left_out=max(0, len(changes) - listed),
                targets=targets,
                in_use=figures.block.program == progress.program_in_use,
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
    # Tests, seconds held, tests level and the longest target, per step and side.
    folded: dict[tuple[date, str], list[float]] = defaultdict(lambda: [0, 0.0, 0, 0])
    for r in rows.stance_steps():
        totals = folded[(step_start(r.at, period.bucket), r.side)]
        totals[0] += r.tests
        totals[1] += r.hold * r.tests
        totals[2] += r.level
        totals[3] = max(totals[3], r.target)
    points = tuple(
        StancePoint(day, side, int(n), held / n, int(level), int(target))
        for (day, side), (n, held, level, target) in sorted(folded.items())
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
