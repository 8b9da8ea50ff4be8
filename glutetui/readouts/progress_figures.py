"""Each program block's progress over a period: the figures History, the report and
``glutetui progress`` all show, from one function.

For every block of the programs used in the period: the dose in force at the end of
it and over the period (each change with its reason), what was done against what was
prescribed on each side, the first two weeks against the last two, the limb symmetry
index at the start of the period and now, the pain flags, and the last dose change
with its reason; for the period, adherence, the program in use, time trained and how
the workouts ended. Every figure comes from ``glutetui.measures``; this module only
reads the rows and hands them over.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from glutetui.catalog import Catalog
from glutetui.coaching.coach import HISTORY_WORKOUTS, sessions_from
from glutetui.coaching.progression import on_both_sides
from glutetui.measures.adherence import Adherence, adherence
from glutetui.measures.doses import DoseHistory, DoseStep, prescription
from glutetui.measures.first_last import WEEKS as FIRST_LAST_WEEKS
from glutetui.measures.first_last import FirstLast, first_and_last
from glutetui.measures.symmetry import Symmetry, symmetry_index
from glutetui.measures.words import dose_words
from glutetui.records import Dose, DoseChangeRecord, SlotWorkout
from glutetui.store.queries.progress import BlockStretch
from glutetui.store.repos import Unit
from glutetui.vocab import SIDES, BlockRef

# A block of a program no longer in the catalogue sorts after every program's own.
GONE = 10_000
# The program in use is the one done most over the period's last days (ties: the one
# done last), so an extra short routine now and then does not hide the main one.
IN_USE_DAYS = 14


def local_midnight(day: date) -> datetime:
    """A local day's first moment, as an aware UTC time the store compares with."""
    return datetime.combine(day, time()).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class BlockProgress:
    block: BlockRef
    program: str  # the program's name
    position: int  # the block's place in its program
    name: str  # the block's exercise
    unit: str  # "reps" or "s"
    sided: bool
    dose: Dose | None  # in force at the end of the period
    dose_text: str
    dose_changed: bool  # changed from the program's prescription
    done: dict[str, float]  # per side: reps, or seconds held, over the period
    prescribed: dict[str, float]  # per side: what the doses in force asked of the same sets
    workouts: int
    symmetry_start: Symmetry | None  # over the first workouts of the period
    symmetry_now: Symmetry | None  # over the last workouts up to the period's end
    pain_flags: int  # workouts in which pain was flagged on it
    last_change: DoseChangeRecord | None  # up to the end of the period
    first_last: FirstLast | None = None  # per set: the first two weeks, the last two
    dose_steps: tuple[DoseStep, ...] = ()  # the dose in force over the period

    def done_share(self, side: str) -> float | None:
        """Done against prescribed on one side, as a share (1.0: all of it)."""
        asked = self.prescribed.get(side, 0.0)
        return None if asked <= 0 else self.done.get(side, 0.0) / asked


@dataclass(frozen=True, slots=True)
class ProgressFigures:
    since: date
    until: date
    adherence: Adherence
    target_program: str | None  # the program adherence is measured against
    workouts: int
    active_seconds: float
    unknown_active: int  # workouts logged before time trained was kept
    statuses: dict[str, int]
    blocks: tuple[BlockProgress, ...] = field(default=())
    program_in_use: str | None = None  # its id: see IN_USE_DAYS

    def in_order(self) -> tuple[BlockProgress, ...]:
        """The program in use first, its blocks in program order; then the others."""
        return tuple(sorted(self.blocks, key=lambda b: b.block.program != self.program_in_use))

    def in_use(self) -> tuple[BlockProgress, ...]:
        """The blocks of the program in use, in program order."""
        return tuple(b for b in self.blocks if b.block.program == self.program_in_use)


def progress_figures(
    db: Unit, catalog: Catalog, since: date, until: date, today: date
) -> ProgressFigures:
    """Every block's progress over the days from ``since`` to ``until`` (included)."""
    start, end = local_midnight(since), local_midnight(until + timedelta(days=1))
    # Summed in SQL per block and stretch of one dose in force: a few hundred rows for
    # ten years, and the prescribed amount is exact (each stretch has one dose).
    stretches = db.queries.block_stretches(start, end)
    period = db.queries.period_workouts(start, end)
    in_use = _in_use(db, period.programs, until, end)
    # Every block of the program in use, done in the period or not (page one lists each).
    using = catalog.programs.get(in_use or "")
    listed = {BlockRef(using.id, b.exercise) for b in using.blocks} if using else set()
    by_block: dict[BlockRef, list[BlockStretch]] = defaultdict(list)
    for part in stretches:
        by_block[BlockRef(part.program_id, part.slot)].append(part)
    blocks = sorted(set(by_block) | listed)
    changes = db.doses.changes_for_period(blocks, start, end)
    # The symmetry windows: the block's last workouts up to the end, and its first ones
    # from the start, read exactly as the progression rules read them.
    latest = db.workouts.block_attempts(blocks, HISTORY_WORKOUTS, before=end)
    earliest = db.workouts.block_attempts(blocks, HISTORY_WORKOUTS, after=start, before=end)
    doses = DoseHistory(changes)
    early_late = _first_and_last_weeks(db, by_block, start, end)
    out = []
    for block in blocks:
        program = catalog.programs.get(block.program)
        exercise = catalog.exercises.get(block.slot)
        prescribed_dose = prescription(program, block.slot, catalog) if program else None
        done: dict[str, float] = defaultdict(float)
        asked: dict[str, float] = defaultdict(float)
        for part in by_block.get(block, []):
            for side, amount in part.done.items():
                done[side] += amount
            then = doses.at(block, prescribed_dose, part.first)  # the stretch's one dose
            if then is not None:
                for side, workouts in part.sided.items():
                    asked[side] += workouts * then.sets * then.amount
        dose = doses.at(block, prescribed_dose, end)
        last_change = doses.latest(block, end)
        stretch = exercise is not None and exercise.stretch
        position = (
            next(i for i, b in enumerate(program.blocks) if b.exercise == block.slot)
            if program is not None and prescribed_dose is not None
            else GONE
        )
        out.append(
            BlockProgress(
                block=block,
                program=program.name if program is not None else block.program,
                position=position,
                name=catalog.name_of(block.slot),
                unit="s" if exercise is not None and exercise.kind == "hold" else "reps",
                sided=exercise.sided if exercise is not None else "left" in done,
                dose=dose,
                dose_text=dose_words(dose, catalog) if dose is not None else "not known",
                dose_changed=last_change is not None,
                done=_ordered(done),
                prescribed=_ordered(asked),
                workouts=sum(p.workouts for p in by_block.get(block, [])),
                symmetry_start=None if stretch else _symmetry(earliest.get(block, [])),
                symmetry_now=None if stretch else _symmetry(latest.get(block, [])),
                pain_flags=sum(p.pain_workouts for p in by_block.get(block, [])),
                last_change=last_change,
                first_last=first_and_last(early_late.get(block, [])),
                dose_steps=tuple(doses.steps(block, prescribed_dose, start, end)),
            )
        )
    main = _main_program(period.programs)
    program = catalog.programs.get(main) if main is not None else None
    # A training day is a local day with at least one logged set: the calendar's query.
    training_days = {
        d.day for d in db.queries.training_day_counts(start) if since <= d.day <= until
    }
    return ProgressFigures(
        since=since,
        until=until,
        adherence=adherence(
            training_days, program.days_per_week if program else None, since, until, today
        ),
        target_program=program.name if program is not None else None,
        workouts=period.workouts,
        active_seconds=period.active_seconds,
        unknown_active=period.unknown_active,
        statuses=period.statuses,
        blocks=tuple(sorted(out, key=lambda b: (b.program, b.position, b.name))),
        program_in_use=in_use,
    )


def _symmetry(history: list[SlotWorkout]) -> Symmetry | None:
    attempts = sessions_from(history)
    return symmetry_index([a.per_side() for a in on_both_sides(attempts)])


def _ordered(per_side: dict[str, float]) -> dict[str, float]:
    return {side: round(per_side[side], 1) for side in SIDES if side in per_side}


def _in_use(
    db: Unit, programs: dict[str, tuple[int, datetime]], until: date, end: datetime
) -> str | None:
    """The program done most over the period's last IN_USE_DAYS days (ties: the one done
    last); over the whole period when nothing was done in those days."""
    recent = local_midnight(until + timedelta(days=1 - IN_USE_DAYS))
    lately = db.queries.period_workouts(recent, end).programs
    return _main_program(lately) or _main_program(programs)


def _first_and_last_weeks(
    db: Unit, by_block: dict[BlockRef, list[BlockStretch]], start: datetime, end: datetime
) -> dict[BlockRef, list[tuple[datetime, int, float]]]:
    """Per block, its workouts in the two weeks from its first and up to its last (all
    first_and_last reads). Fetched for those weeks alone: blocks mostly share them, so
    their stretches of time are merged into a few, and each block keeps its own."""
    window = timedelta(weeks=FIRST_LAST_WEEKS)
    wanted: dict[BlockRef, list[tuple[datetime, datetime]]] = {}
    for block, parts in by_block.items():
        first, last = min(p.first for p in parts), max(p.last for p in parts)
        wanted[block] = [(first, first + window), (last - window, last + timedelta(seconds=1))]
    merged: list[tuple[datetime, datetime]] = []
    for since, until in sorted(r for ranges in wanted.values() for r in ranges):
        if merged and since <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], until))
        else:
            merged.append((since, until))
    found: dict[BlockRef, list[tuple[datetime, int, float]]] = defaultdict(list)
    for r in db.queries.block_sides(start, end, merged):
        block = BlockRef(r.program_id, r.slot)
        if any(since <= r.started_at < until for since, until in wanted.get(block, ())):
            found[block].append((r.started_at, r.sets, r.done))
    return found


def _main_program(programs: dict[str, tuple[int, datetime]]) -> str | None:
    """The program done most in the period (the latest of equals): adherence is
    measured against its target."""
    if not programs:
        return None
    return max(programs.items(), key=lambda item: (item[1][0], item[1][1]))[0]
