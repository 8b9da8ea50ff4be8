"""What the History screen shows, computed off the UI thread from the store.

Each function returns plain records ready to draw: a trend's series per side, the
calendar of training days with streaks and weekly adherence, left/right balance,
weekly time under tension and records. The work happens in SQL (see
``store/insights.py``), bounded by time windows, so it does not grow with the
length of the history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from glutetui.measures.adherence import Adherence
from glutetui.measures.symmetry import (
    NOT_MEASURED,
    WINDOW,
    Symmetry,
    measures_capacity,
    side_amounts,
    symmetry_index,
)
from glutetui.measures.tension import TensionRow, tension_rows
from glutetui.measures.words import dose_words
from glutetui.readouts.home import suggest_program
from glutetui.store.queries import insights
from glutetui.vocab import BANDS, BlockRef

if TYPE_CHECKING:
    from glutetui.catalog import Catalog
    from glutetui.platform.settings import PlanEntry
    from glutetui.records import (
        DoseChangeRecord,
        SelfTestRecord,
        SetRecord,
        SlotWorkout,
        WorkoutRecord,
        WorkoutSummary,
    )
    from glutetui.store import Store

Window = Literal["3m", "1y", "all"]
WINDOWS: dict[Window, tuple[int | None, insights.Bucket, str]] = {
    "3m": (91, "workout", "3 months"),
    "1y": (365, "week", "1 year"),
    "all": (None, "month", "all time"),
}
PER = {"workout": "per workout", "day": "per day", "week": "per week", "month": "per month"}
CALENDAR_WEEKS = 26
TENSION_WEEKS = 12


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _start_of(day: date) -> datetime:
    """Local midnight of a day, as an aware time the store can compare."""
    return datetime(day.year, day.month, day.day).astimezone(UTC)


# --- trends ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DoseMark:
    day: date
    text: str


@dataclass(frozen=True, slots=True)
class TrendSeries:
    exercise_id: str
    name: str
    unit: str  # "reps per set" or "seconds per set"
    window: Window
    caption: str
    sides: dict[str, list[tuple[datetime, float]]]
    bands: dict[str, list[tuple[datetime, int]]]  # 0 none .. 3 heavy
    marks: tuple[DoseMark, ...]

    @property
    def empty(self) -> bool:
        return not any(self.sides.values())


@dataclass(frozen=True, slots=True)
class TrendView:
    """What the Trends tab shows: the exercises to pick from, the one picked, its chart."""

    choices: list[tuple[str, str]]
    exercise: str | None
    series: TrendSeries | None


def trend_view(
    store: Store, catalog: Catalog, today: date, exercise: str | None, window: Window
) -> TrendView:
    """The Trends tab for an exercise (by default one of the last workout's, a sided
    one first: its chart has a left and a right line to compare)."""
    choices = trend_choices(store, catalog)
    if exercise is None and choices:
        with store.read() as db:
            last = db.workouts.last()
            sets = db.workouts.sets_of(last.workout.id) if last else []
        ids = [i for _, i in choices]
        recent = [s.exercise_id for s in sets if s.side != "both"]
        recent += [s.exercise_id for s in sets]
        exercise = next((e for e in recent if e in ids), ids[0])
    series = trend_series(store, catalog, today, exercise, window) if exercise else None
    return TrendView(choices, exercise, series)


def workouts_page(store: Store, offset: int, limit: int) -> tuple[int, list[WorkoutSummary]]:
    """How many workouts there are, and one page of them, newest first."""
    with store.read() as db:
        return db.workouts.count(), db.workouts.page(limit=limit, offset=offset)


def trend_choices(store: Store, catalog: Catalog) -> list[tuple[str, str]]:
    """(name, id) of every exercise with a logged set, by name."""
    with store.read() as db:
        ids = db.queries.logged_exercises()
    return sorted((catalog.name_of(i), i) for i in ids)


def trend_series(
    store: Store, catalog: Catalog, today: date, exercise_id: str, window: Window
) -> TrendSeries:
    days, bucket, caption = WINDOWS[window]
    since = _start_of(today - timedelta(days=days)) if days else datetime(1970, 1, 1, tzinfo=UTC)
    with store.read() as db:
        points = db.queries.trend(exercise_id, since, bucket)
        changes = db.doses.changes()
    exercise = catalog.exercises.get(exercise_id)
    held = exercise.kind == "hold" if exercise else any(p.hold is not None for p in points)
    sides: dict[str, list[tuple[datetime, float]]] = {}
    bands: dict[str, list[tuple[datetime, int]]] = {}
    for p in points:
        value = p.hold if held else p.reps
        if value is None:
            continue
        sides.setdefault(p.side, []).append((p.period, round(value, 1)))
        bands.setdefault(p.side, []).append((p.period, BANDS.index(p.band)))
    marks = tuple(
        DoseMark(
            c.changed_at.astimezone().date(),
            f"{c.changed_at.astimezone():%d %b %Y}: {dose_words(c, catalog)} "
            f"({_program_name(catalog, c.program_id)}) — {c.reason}",
        )
        for c in changes
        if exercise_id in (c.exercise_id, c.slot) and c.changed_at >= since
    )
    return TrendSeries(
        exercise_id=exercise_id,
        name=catalog.name_of(exercise_id),
        unit="seconds per set" if held else "reps per set",
        window=window,
        caption=f"{caption}, {PER[bucket]}",
        sides=sides,
        bands=bands,
        marks=marks,
    )


def _program_name(catalog: Catalog, program_id: str) -> str:
    program = catalog.programs.get(program_id)
    return program.name if program is not None else program_id or "no program"


# --- calendar -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CalendarModel:
    first_monday: date
    weeks: int
    today: date
    counts: dict[date, int]
    current_streak: int
    longest_streak: int
    target_program: str
    adherence: Adherence  # over the weeks shown, counted from the first workout

    @property
    def target(self) -> int | None:
        return self.adherence.target

    @property
    def days_trained(self) -> int:
        return len(self.counts)


def calendar(
    store: Store,
    catalog: Catalog,
    today: date,
    plans: Mapping[str, PlanEntry],
    weeks: int = CALENDAR_WEEKS,
) -> CalendarModel:
    """The weeks shown, with adherence counted as ``glutetui progress`` and the report
    count it: from the later of the first week shown and the first workout ever, each
    week against the program in use that week (``measures.in_use``)."""
    from glutetui.readouts.progress import adherence_over

    first_monday = _monday(today) - timedelta(weeks=weeks - 1)
    with store.read() as db:
        counts = {
            c.day: c.workouts for c in db.queries.training_day_counts(_start_of(first_monday))
        }
        current, longest = db.queries.streaks(today)
        adhered, _, in_use = adherence_over(db, catalog, first_monday, today, today, plans)
    program = catalog.programs.get(in_use or "") or suggest_program(catalog, [])
    return CalendarModel(
        first_monday=first_monday,
        weeks=weeks,
        today=today,
        counts=counts,
        current_streak=current,
        longest_streak=longest,
        target_program=program.name,
        adherence=adhered,
    )


# --- balance, tension, records --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BalanceRow:
    """Left against right for one program block over its last WINDOW workouts done on
    both sides: the limb symmetry index where the sets measure capacity (to-fatigue),
    else each side's done of target (a prescription caps both sides)."""

    block: BlockRef
    name: str
    program: str
    unit: str
    symmetry: Symmetry | None  # capacity only
    left: float  # reps (or seconds) done over the window
    right: float
    left_share: float | None = None  # done of target, capped sets
    right_share: float | None = None

    @property
    def capacity(self) -> bool:
        return self.left_share is None and self.right_share is None

    @property
    def words(self) -> str:
        """``80 % (left a little behind)``, ``left 84 %, right 100 % of target`` or
        ``not measured``."""
        if self.capacity:
            return self.symmetry.words() if self.symmetry is not None else NOT_MEASURED
        if not self.left and not self.right:
            return NOT_MEASURED
        return f"left {_pct(self.left_share)}, right {_pct(self.right_share)} of target"

    @property
    def order(self) -> float:
        """Most behind first: the index, or the lower side's done of target."""
        if self.capacity:
            return self.symmetry.index if self.symmetry is not None else 100.0
        return 100.0 * min(self.left_share or 0.0, self.right_share or 0.0)


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f} %"


def balance(store: Store, catalog: Catalog) -> list[BalanceRow]:
    """Left against right for each program block of a sided exercise (stretches left
    out), over its last WINDOW workouts done on both sides."""
    with store.read() as db:
        blocks = db.workouts.blocks()
        histories = db.workouts.block_histories(blocks, 2 * WINDOW)
    rows = []
    for block, workouts in sorted(histories.items()):
        exercise = catalog.exercises.get(block.slot)
        if exercise is None or exercise.stretch or not exercise.sided:
            continue
        sides = [side_amounts(w.sets) for w in workouts]  # newest first
        used = [s for s in sides if "left" in s and "right" in s][:WINDOW]
        if not used:
            continue
        done = {side: sum(s[side][0] for s in used) for side in ("left", "right")}
        asked = {side: sum(s[side][1] for s in used) for side in ("left", "right")}
        capacity = measures_capacity(exercise.kind)
        program = catalog.programs.get(block.program)
        rows.append(
            BalanceRow(
                block=block,
                name=catalog.name_of(block.slot),
                program=program.name if program is not None else block.program,
                unit="s" if exercise.kind == "hold" else "reps",
                symmetry=symmetry_index([{k: v[0] for k, v in s.items()} for s in used])
                if capacity
                else None,
                left=done["left"],
                right=done["right"],
                left_share=None if capacity else _share(done["left"], asked["left"]),
                right_share=None if capacity else _share(done["right"], asked["right"]),
            )
        )
    return sorted(rows, key=lambda r: (r.order, r.name))


def _share(done: float, asked: float) -> float | None:
    return done / asked if asked > 0 else None


def tension(store: Store, today: date, weeks: int = TENSION_WEEKS) -> list[TensionRow]:
    """Seconds under tension per week and side, oldest week first, empty weeks included."""
    first = _monday(today) - timedelta(weeks=weeks - 1)
    with store.read() as db:
        found = db.queries.tension(_start_of(first), None, "week")
    steps = [(first + timedelta(weeks=w), 1.0) for w in range(weeks)]
    return tension_rows(((t.at, t.side, t.seconds) for t in found), steps)


@dataclass(frozen=True, slots=True)
class RecordLine:
    name: str
    side: str
    reps: int | None
    hold: float | None
    band: str


def records(store: Store, catalog: Catalog) -> list[RecordLine]:
    with store.read() as db:
        found = db.workouts.marks()
    rows = [
        RecordLine(catalog.name_of(ex), side, m.reps, m.hold, m.band)
        for (ex, side), m in found.items()
    ]
    return sorted(rows, key=lambda r: (r.name, r.side))


def workout_detail(store: Store, workout_id: int) -> tuple[WorkoutRecord | None, list[SetRecord]]:
    """One workout and its sets (a rating still on its way is shown when its change
    arrives: the screen reads again)."""
    with store.read() as db:
        return db.workouts.get(workout_id), db.workouts.sets_of(workout_id)


def self_tests(store: Store) -> list[SelfTestRecord]:
    """Every self-test side kept, oldest first."""
    with store.read() as db:
        return db.self_tests.listed()


def exercise_history(
    store: Store, exercise_id: str, workouts: int = 5
) -> tuple[list[list[SlotWorkout]], list[DoseChangeRecord]]:
    """For the library: an exercise's latest workouts in each program that has it, and
    every dose change of it (all programs)."""
    with store.read() as db:
        changes = [c for c in db.doses.changes() if c.slot == exercise_id]
        blocks = [b for b in db.workouts.blocks() if b.slot == exercise_id]
        histories = db.workouts.block_histories(blocks, workouts)
    return list(histories.values()), changes
