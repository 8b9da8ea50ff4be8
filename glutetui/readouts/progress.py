"""Each program block's progress over a period: the figures History, the report and
``glutetui progress`` all show, from one function.

For every block of the programs used in the period: the dose in force at the end of
it and over the period (each change with its reason and whether it asked for more or
less), what was done against what the same sets asked on each side, the first two
weeks against the last two (as a share of each side's target), the limb symmetry index
where it measures capacity (to-fatigue sets), the pain flags, and the last dose
change; for the period, adherence against the program in use each week, the program in
use, time trained, how the workouts ended, every pain flag with what followed it, every
missed week with what followed it, the single-leg stance self-test at both ends, the
weaker side where one is measurably weaker, and the suggestions pending. Every figure
comes from ``glutetui.measures``; this module only reads the rows and hands them over.
Skipped sets never reach here (the store's queries leave them out).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

from glutetui.catalog import Catalog
from glutetui.measures.adherence import Adherence, adherence, monday
from glutetui.measures.doses import (
    ARROWS,
    Direction,
    DoseHistory,
    DoseStep,
    dose_direction,
    prescription,
)
from glutetui.measures.first_last import FirstLast, first_and_last, windows
from glutetui.measures.in_use import WINDOW_DAYS, program_in_use
from glutetui.measures.sides import (
    WeakerSide,
    capacity_evidence,
    done_evidence,
    stance_evidence,
    weaker_side,
)
from glutetui.measures.symmetry import (
    WINDOW,
    Symmetry,
    measures_capacity,
    side_amounts,
    stance_symmetry,
)
from glutetui.measures.symmetry import symmetry_index as lsi
from glutetui.measures.words import dose_words, pain_sides_words
from glutetui.platform.settings import PlanEntry
from glutetui.records import (
    Dose,
    DoseChangeRecord,
    SelfTestRecord,
    SlotWorkout,
    SuggestionRecord,
)
from glutetui.schedule.week import weekly_target
from glutetui.store.queries.progress import BlockStretch
from glutetui.store.repos import Unit
from glutetui.vocab import SIDES, BlockRef

# A block of a program no longer in the catalogue sorts after every program's own.
GONE = 10_000
# Pain flags read for what followed them (the latest; a long period says how many).
PAIN_FLAGS = 30


def local_midnight(day: date) -> datetime:
    """A local day's first moment, as an aware UTC time the store compares with."""
    return datetime.combine(day, time()).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class DoseChange:
    """One change of a block's dose in the period, and whether it asked for more."""

    at: datetime
    before: Dose | None
    after: Dose | None
    direction: Direction
    reason: str
    after_text: str = ""  # the new dose in words

    @property
    def arrow(self) -> str:
        return ARROWS[self.direction]


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
    prescribed: dict[str, float]  # per side: what the same sets asked
    workouts: int
    symmetry_start: Symmetry | None  # capacity only: the period's first window
    symmetry_now: Symmetry | None  # capacity only: the period's last window
    pain_flags: int  # workouts in which pain was flagged on it
    last_change: DoseChangeRecord | None  # up to the end of the period
    first_last: FirstLast | None = None  # per side: the first two weeks, the last two
    dose_steps: tuple[DoseStep, ...] = ()  # the dose in force over the period
    kind: str = "reps"  # the exercise's kind: reps, hold or to-fatigue
    stretch: bool = False
    changes: tuple[DoseChange, ...] = ()  # in the period, oldest first

    @property
    def capacity(self) -> bool:
        """Whether left against right here measures what each side can do (to-fatigue
        sets): else each side is shown done-of-target."""
        return measures_capacity(self.kind) and self.sided and not self.stretch

    def done_share(self, side: str) -> float | None:
        """Done against prescribed on one side, as a share (1.0: all of it)."""
        asked = self.prescribed.get(side, 0.0)
        return None if asked <= 0 else self.done.get(side, 0.0) / asked

    def balance_words(self) -> str:
        """Left against right in words: the index where it measures capacity, else
        done-of-target per side; "not measured" where nothing was done."""
        if self.capacity:
            return self.symmetry_now.words() if self.symmetry_now else "not measured"
        shares = [(s, self.done_share(s)) for s in ("left", "right") if s in self.prescribed]
        if not shares or all(share is None or share <= 0 for _, share in shares):
            return "not measured"
        return ", ".join(f"{s} {_pct(share)} of target" for s, share in shares)


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f} %"


@dataclass(frozen=True, slots=True)
class PainEvent:
    """Pain flagged on one exercise of one workout, and what followed it in the log."""

    at: datetime
    block: BlockRef
    exercise: str  # its name
    sides: str  # in words: "left", "both legs", "side not recorded"
    side_known: bool
    followed: str  # what the log shows after it, in words
    changed: DoseChange | None  # the block's next dose change after it, if any


@dataclass(frozen=True, slots=True)
class MissedWeek:
    monday: date
    followed: str  # "training resumed Mon 2 Feb", "no training since"


@dataclass(frozen=True, slots=True)
class StanceSide:
    side: str
    taken: datetime
    hold: float
    target: int
    level: bool


@dataclass(frozen=True, slots=True)
class StanceEnds:
    """The single-leg stance self-test at the start and at the end of the period."""

    start: dict[str, StanceSide]
    end: dict[str, StanceSide]
    tests: int  # sides tested in the period

    @property
    def once(self) -> bool:
        """Only one test in the period: its start and its end are the same test."""
        return all(self.start[side].taken == t.taken for side, t in self.end.items())

    @property
    def symmetry_start(self) -> Symmetry | None:
        return _stance_lsi(self.start)

    @property
    def symmetry_end(self) -> Symmetry | None:
        return _stance_lsi(self.end)


def _stance_lsi(ends: dict[str, StanceSide]) -> Symmetry | None:
    left, right = ends.get("left"), ends.get("right")
    return stance_symmetry(left.hold if left else None, right.hold if right else None)


@dataclass(frozen=True, slots=True)
class Pending:
    """A suggestion waiting for an answer, for the physiotherapist to review."""

    block: BlockRef
    exercise: str
    program: str
    label: str  # the kind in words
    before: str
    after: str
    direction: Direction
    reason: str
    created: datetime

    @property
    def arrow(self) -> str:
        return ARROWS[self.direction]


@dataclass(frozen=True, slots=True)
class ProgressFigures:
    since: date
    until: date
    adherence: Adherence
    target_program: str | None  # the program in use at the period's end (its name)
    workouts: int
    active_seconds: float
    unknown_active: int  # workouts logged before time trained was kept
    statuses: dict[str, int]
    blocks: tuple[BlockProgress, ...] = field(default=())
    program_in_use: str | None = None  # its id: see measures.in_use
    week_programs: dict[date, str | None] = field(default_factory=dict)  # in use per week
    pain: tuple[PainEvent, ...] = ()  # newest first, at most PAIN_FLAGS
    pain_total: int = 0  # exercises of a workout flagged with pain, in the period
    missed: tuple[MissedWeek, ...] = ()
    stance: StanceEnds | None = None
    weaker: WeakerSide = field(default_factory=lambda: WeakerSide(None, ()))
    pending: tuple[Pending, ...] = ()
    compare_windows: tuple[tuple[datetime, datetime], tuple[datetime, datetime]] | None = None
    too_short: bool = False  # the period cannot hold two windows that do not overlap

    def in_order(self) -> tuple[BlockProgress, ...]:
        """The program in use first, its blocks in program order; then the others."""
        return tuple(sorted(self.blocks, key=lambda b: b.block.program != self.program_in_use))

    def in_use(self) -> tuple[BlockProgress, ...]:
        """The blocks of the program in use, in program order."""
        return tuple(b for b in self.blocks if b.block.program == self.program_in_use)

    def changes(self) -> list[tuple[BlockProgress, DoseChange]]:
        """Every dose change of the period, oldest first, with its block."""
        found = [(b, c) for b in self.in_order() for c in b.changes]
        return sorted(found, key=lambda bc: bc[1].at)


def progress_figures(
    db: Unit,
    catalog: Catalog,
    since: date,
    until: date,
    today: date,
    plans: Mapping[str, PlanEntry] | None = None,
) -> ProgressFigures:
    """Every block's progress over the days from ``since`` to ``until`` (included);
    ``plans`` the person's weekly plan (a planned program's weeks are held to its
    planned days)."""
    start, end = local_midnight(since), local_midnight(until + timedelta(days=1))
    # Summed in SQL per block and stretch of one dose in force: a few hundred rows for
    # ten years, and the prescribed amount is exact (the sets' own targets).
    stretches = db.queries.block_stretches(start, end)
    period = db.queries.period_workouts(start, end)
    adhered, week_programs, in_use = adherence_over(db, catalog, since, until, today, plans)
    # Every block of the program in use, done in the period or not (page one lists each).
    using = catalog.programs.get(in_use or "")
    listed = {BlockRef(using.id, b.exercise) for b in using.blocks} if using else set()
    by_block: dict[BlockRef, list[BlockStretch]] = defaultdict(list)
    for part in stretches:
        by_block[BlockRef(part.program_id, part.slot)].append(part)
    blocks = sorted(set(by_block) | listed)
    changes = db.doses.changes_for_period(blocks, start, end)
    doses = DoseHistory(changes)
    capacity = [
        b
        for b in blocks
        if b in by_block
        and (e := catalog.exercises.get(b.slot)) is not None
        and measures_capacity(e.kind)
        and e.sided
        and not e.stretch
    ]
    starts, nows = _symmetry_windows(db, capacity, start, end)
    first_window, last_window, too_short = windows(start, end)
    compared = _compare_rows(db, by_block, start, end, (first_window, last_window), too_short)
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
            for side, amount in (part.asked or {}).items():
                asked[side] += amount
        dose = doses.at(block, prescribed_dose, end)
        last_change = doses.latest(block, end)
        stretch = exercise is not None and exercise.stretch
        position = (
            next(i for i, b in enumerate(program.blocks) if b.exercise == block.slot)
            if program is not None and prescribed_dose is not None
            else GONE
        )
        steps = tuple(doses.steps(block, prescribed_dose, start, end))
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
                symmetry_start=starts.get(block),
                symmetry_now=nows.get(block),
                pain_flags=sum(p.pain_workouts for p in by_block.get(block, [])),
                last_change=last_change,
                first_last=(
                    first_and_last(compared.get(block, []), start, end)
                    if block in by_block
                    else None
                ),
                dose_steps=steps,
                kind=exercise.kind if exercise is not None else "reps",
                stretch=stretch,
                changes=_changes(steps, catalog),
            )
        )
    blocks_out = tuple(sorted(out, key=lambda b: (b.program, b.position, b.name)))
    pain, pain_total = _pain(db, catalog, blocks_out, start, end)
    stance = _stance(db.queries.stance_tests(start, end))
    return ProgressFigures(
        since=since,
        until=until,
        adherence=adhered,
        target_program=using.name if using is not None else in_use,
        workouts=period.workouts,
        active_seconds=period.active_seconds,
        unknown_active=period.unknown_active,
        statuses=period.statuses,
        blocks=blocks_out,
        program_in_use=in_use,
        week_programs=week_programs,
        pain=pain,
        pain_total=pain_total,
        missed=_missed(db, adhered, end),
        stance=stance,
        weaker=_weaker(blocks_out, in_use, stance),
        pending=_pending(db, catalog, end),
        compare_windows=(first_window, last_window),
        too_short=too_short,
    )


def adherence_over(
    db: Unit,
    catalog: Catalog,
    since: date,
    until: date,
    today: date,
    plans: Mapping[str, PlanEntry] | None = None,
) -> tuple[Adherence, dict[date, str | None], str | None]:
    """Adherence over whole weeks from the later of the start and the first workout
    ever, each week held to the target of the program in use that week; the program in
    use each week; and the program in use at the period's end (History's calendar, the
    report and ``glutetui progress`` all count it here)."""
    first_ever = db.queries.first_day()
    end = local_midnight(until + timedelta(days=1))
    first = monday(max(since, first_ever)) if first_ever is not None else monday(since)
    reach = local_midnight(first) - timedelta(days=WINDOW_DAYS)
    completed = db.queries.completed_programs(reach, end)
    # The program in use before the first week counted: through a lapse, the one in use
    # when the person last trained, not merely the last one done.
    before = None
    last = db.queries.last_completed_before(reach)
    if last is not None:
        then = db.queries.completed_programs(last - timedelta(days=WINDOW_DAYS), reach)
        before = program_in_use(then, last)
    week_programs: dict[date, str | None] = {}
    # Oldest first: each week hands the rule only the workouts of its window (the same
    # answer, without reading every workout of a long period once a week).
    starts = [started for _, started in completed]
    week = first
    while week <= until:
        at = local_midnight(week + timedelta(days=7))
        window = completed[
            bisect_right(starts, at - timedelta(days=WINDOW_DAYS)) : bisect_right(starts, at)
        ]
        before = program_in_use(window, at, before=before)
        week_programs[week] = before
        week += timedelta(days=7)
    in_use = program_in_use(completed, end, before=before)

    # A week whose program is not in the catalogue (or none was completed yet) is held
    # to the program Home would offer: the target the person was shown.
    from glutetui.readouts.home import suggest_program

    fallback = suggest_program(catalog, []) if catalog.programs else None

    def target(week: date) -> int | None:
        program = catalog.programs.get(week_programs.get(week) or "") or fallback
        return weekly_target(program, plans or {}) if program is not None else None

    # A training day is a local day with at least one logged set: the calendar's query.
    training_days = {
        d.day for d in db.queries.training_day_counts(local_midnight(first)) if d.day <= until
    }
    return (
        adherence(training_days, target, since, until, today, first_ever),
        week_programs,
        in_use,
    )


def _missed(db: Unit, adhered: Adherence, end: datetime) -> tuple[MissedWeek, ...]:
    """Every judged week without a training day, and when training resumed after it."""
    trained = sorted(w.monday for w in adhered.weeks if w.days)
    found = []
    for week in adhered.judged:
        if week.days:
            continue
        later = [m for m in trained if m > week.monday]
        followed = (
            f"training resumed the week of {later[0].day} {later[0]:%b}"
            if later
            else "no training since, in the period"
        )
        found.append(MissedWeek(week.monday, followed))
    return tuple(found)


def _symmetry_windows(
    db: Unit, blocks: Sequence[BlockRef], start: datetime, end: datetime
) -> tuple[dict[BlockRef, Symmetry], dict[BlockRef, Symmetry]]:
    """The limb symmetry index of to-fatigue blocks over one window, the same size at
    both ends, both inside the period: the first WINDOW workouts done on both sides and
    the last WINDOW. The start is given only where the two windows share no workout."""
    if not blocks:
        return {}, {}
    many = 2 * WINDOW  # a workout done on one side only does not fill the window
    earliest = db.workouts.block_attempts(blocks, many, after=start, before=end)
    latest = db.workouts.block_attempts(blocks, many, before=end)
    starts, nows = {}, {}
    for block in blocks:
        first = _both_sides(earliest.get(block, []))[:WINDOW]
        last = _both_sides([w for w in latest.get(block, []) if w.workout.started_at >= start])
        last = last[:WINDOW]
        now = lsi([sides for _, sides in last])
        if now is not None:
            nows[block] = now
        used_now = {wid for wid, _ in last}
        if len(first) == WINDOW and not used_now & {wid for wid, _ in first}:
            then = lsi([sides for _, sides in first])
            if then is not None:
                starts[block] = then
    return starts, nows


def _both_sides(workouts: list[SlotWorkout]) -> list[tuple[int, dict[str, float]]]:
    """Per workout done on both sides, its total per side (skipped sets left out)."""
    found = []
    for w in workouts:
        sides = {side: done for side, (done, _) in side_amounts(w.sets).items()}
        if "left" in sides and "right" in sides:
            found.append((w.workout.id, sides))
    return found


def _ordered(per_side: dict[str, float]) -> dict[str, float]:
    return {side: round(per_side[side], 1) for side in SIDES if side in per_side}


def _compare_rows(
    db: Unit,
    by_block: dict[BlockRef, list[BlockStretch]],
    start: datetime,
    end: datetime,
    ranges: tuple[tuple[datetime, datetime], tuple[datetime, datetime]],
    too_short: bool,
) -> dict[BlockRef, list[tuple[datetime, str, int, float, float]]]:
    """Per block, its sides in the period's first and last windows (all first_and_last
    reads), fetched for those windows alone."""
    found: dict[BlockRef, list[tuple[datetime, str, int, float, float]]] = defaultdict(list)
    if too_short or not by_block:
        return found
    for r in db.queries.block_sides(start, end, list(ranges)):
        found[BlockRef(r.program_id, r.slot)].append(
            (r.started_at, r.side, r.sets, r.done, r.target)
        )
    return found


def _changes(steps: tuple[DoseStep, ...], catalog: Catalog) -> tuple[DoseChange, ...]:
    found = []
    for before, after in pairwise(steps):
        direction = (
            dose_direction(before.dose, after.dose, catalog) if after.dose is not None else "same"
        )
        found.append(
            DoseChange(
                after.since,
                before.dose,
                after.dose,
                direction,
                after.reason or "",
                _dose_text(after.dose, before.dose, catalog),
            )
        )
    return tuple(found)


def _dose_text(dose: Dose | None, before: Dose | None, catalog: Catalog) -> str:
    """A new dose in words, named only when it moved to another exercise."""
    if dose is None:
        return "not known"
    named = before is None or before.exercise_id != dose.exercise_id
    return dose_words(dose, catalog, named=named)


def _pain(
    db: Unit,
    catalog: Catalog,
    blocks: tuple[BlockProgress, ...],
    start: datetime,
    end: datetime,
) -> tuple[tuple[PainEvent, ...], int]:
    """Every pain flag of the period (the latest PAIN_FLAGS) and what followed it: the
    block's next dose change in the period, and its workouts after the flag."""
    rows, total = db.queries.report(start, end, "day").pain(PAIN_FLAGS)
    by_block = {b.block: b for b in blocks}
    found = []
    for r in rows:
        block = BlockRef(r.program_id, r.slot)
        progress = by_block.get(block)
        change = next((c for c in (progress.changes if progress else ()) if c.at > r.started), None)
        after = db.queries.block_after(block.program, block.slot, r.started, end)
        found.append(
            PainEvent(
                at=r.started,
                block=block,
                exercise=catalog.name_of(r.exercise_id),
                sides=pain_sides_words(r.sides, r.side_known),
                side_known=r.side_known,
                followed=_followed(change, r.started, after.workouts, after.pain_workouts),
                changed=change,
            )
        )
    return tuple(found), total


def _followed(change: DoseChange | None, flagged: datetime, workouts: int, again: int) -> str:
    """What the log shows after a pain flag, in words: every clause computed."""
    if change is None:
        said = "no dose change followed"
    else:
        to = change.after_text
        verb = {"down": "stepped back", "up": "moved up", "same": "dose changed"}[change.direction]
        when = change.at.astimezone()
        said = f"{verb} {when.day} {when:%b} to {to}"
        days = (change.at - flagged).days
        if days > 1:  # said, so a change months later does not read as the answer to it
            said += f", {days} days later"
    if not workouts:
        return f"{said}; not done again in the period"
    done = "1 workout" if workouts == 1 else f"{workouts} workouts"
    pain = "no pain flagged" if not again else f"pain flagged again in {again}"
    return f"{said}; then {done}, {pain}"


def _stance(tests: list[SelfTestRecord]) -> StanceEnds | None:
    if not tests:
        return None
    start: dict[str, StanceSide] = {}
    end: dict[str, StanceSide] = {}
    for t in tests:  # oldest first
        side = StanceSide(t.side, t.taken_at, t.hold_seconds, t.target_seconds, t.level)
        start.setdefault(t.side, side)
        end[t.side] = side
    return StanceEnds(start, end, len(tests))


def _weaker(
    blocks: tuple[BlockProgress, ...], in_use: str | None, stance: StanceEnds | None
) -> WeakerSide:
    """The weaker side, from the program in use's blocks and the last self-test."""
    evidence = []
    for b in blocks:
        if b.block.program != in_use or b.stretch or not b.sided or not b.workouts:
            continue
        if b.capacity:
            evidence += capacity_evidence(b.name, b.symmetry_now)
        else:
            evidence += done_evidence(b.name, b.done_share("left"), b.done_share("right"))
    if stance is not None:
        left, right = stance.end.get("left"), stance.end.get("right")
        evidence += stance_evidence(
            (left.hold, left.level) if left else None, (right.hold, right.level) if right else None
        )
    return weaker_side(evidence)


def _pending(db: Unit, catalog: Catalog, end: datetime) -> tuple[Pending, ...]:
    from glutetui.coaching.coach import KIND_LABELS

    found = []
    for s in db.suggestions.listed("pending"):
        if s.created_at >= end:
            continue
        found.append(_pending_one(s, catalog, KIND_LABELS.get(s.kind, s.kind)))
    return tuple(sorted(found, key=lambda p: p.created))


def _pending_one(s: SuggestionRecord, catalog: Catalog, label: str) -> Pending:
    program = catalog.programs.get(s.program_id)
    return Pending(
        block=s.block,
        exercise=catalog.name_of(s.slot),
        program=program.name if program is not None else s.program_id,
        label=label,
        before=dose_words(s.before, catalog),
        after=dose_words(s.after, catalog),
        direction=dose_direction(s.before, s.after, catalog),
        reason=s.reason,
        created=s.created_at,
    )
