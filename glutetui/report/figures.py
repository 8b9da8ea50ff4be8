"""What a report says, as plain records: filled from SQL by ``data``, drawn by ``charts``
and written out by the template. Nothing here touches the database or the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from glutetui.report.period import Bucket, Period


@dataclass(frozen=True, slots=True)
class ProgramUse:
    program_id: str
    name: str  # as stored with the workouts: user text
    workouts: int
    days: int  # distinct local days it was done on
    first: date
    last: date
    days_per_week: int | None  # the program's target, if it is still in the catalogue


@dataclass(frozen=True, slots=True)
class PainFlag:
    day: date
    exercise: str
    side: str
    effort: int | None
    program: str


@dataclass(frozen=True, slots=True)
class WorkoutLine:
    started: datetime  # local
    program: str
    minutes: float | None
    status: str
    sets: int
    reps: int
    hold_seconds: float
    effort: float | None
    pain: int


@dataclass(frozen=True, slots=True)
class AdherenceRow:
    """Training days in one stretch (a week, a month or a year) against the target."""

    label: str
    days_trained: int
    weeks: float  # how many weeks of the period the stretch holds
    target_days: float | None  # the target for the whole stretch

    @property
    def per_week(self) -> float:
        return self.days_trained / self.weeks if self.weeks else 0.0

    @property
    def met(self) -> bool | None:
        if self.target_days is None:
            return None
        return self.days_trained >= self.target_days - 1e-9


@dataclass(frozen=True, slots=True)
class Adherence:
    target: int | None  # days a week
    target_program: str | None
    training_days: int
    weeks: float
    step: str  # "week", "month" or "year": what each row covers
    rows: tuple[AdherenceRow, ...]

    @property
    def per_week(self) -> float:
        return self.training_days / self.weeks if self.weeks else 0.0

    @property
    def weeks_met(self) -> tuple[int, int]:
        judged = [r for r in self.rows if r.met is not None]
        return sum(1 for r in judged if r.met), len(judged)


@dataclass(frozen=True, slots=True)
class Point:
    """One step of an exercise's chart on one side."""

    at: date
    side: str
    sets: int
    amount: float  # mean reps, or mean seconds held, per set
    band: str  # the heaviest band of the step
    effort: float | None
    pain_sets: int


@dataclass(frozen=True, slots=True)
class DoseChangeLine:
    day: date
    dose: str
    reason: str


@dataclass(frozen=True, slots=True)
class ExerciseFigures:
    slot: str
    name: str
    variants: tuple[str, ...]  # other exercises done under this slot in the period
    held: bool  # seconds held rather than reps
    dose: str
    dose_changed: bool  # False: still the starting dose
    points: tuple[Point, ...]
    efforts: dict[int | None, int]  # rating (None: unrated) -> workouts
    changes: tuple[DoseChangeLine, ...]
    changes_left_out: int = 0

    @property
    def unit(self) -> str:
        return "s" if self.held else "reps"

    @property
    def sides(self) -> list[str]:
        return sorted({p.side for p in self.points}, key=["left", "right", "both"].index)

    @property
    def pain_sets(self) -> int:
        return sum(p.pain_sets for p in self.points)

    @property
    def rated_workouts(self) -> int:
        return sum(n for effort, n in self.efforts.items() if effort is not None)

    @property
    def mean_effort(self) -> float | None:
        rated = self.rated_workouts
        if not rated:
            return None
        return sum(e * n for e, n in self.efforts.items() if e is not None) / rated


@dataclass(frozen=True, slots=True)
class BalanceLine:
    name: str
    unit: str
    left: float  # mean per set over the period
    right: float
    left_sets: int
    right_sets: int
    trailing: str | None  # the side behind by more than the progression threshold

    @property
    def gap(self) -> float:
        strong = max(self.left, self.right)
        return 0.0 if strong <= 0 else (strong - min(self.left, self.right)) / strong


@dataclass(frozen=True, slots=True)
class StancePoint:
    at: date
    side: str
    tests: int
    hold: float  # mean seconds
    level: int  # tests with the hips level


@dataclass(frozen=True, slots=True)
class StanceTest:
    taken: datetime  # local
    side: str
    stage: str
    target: int
    hold: float
    level: bool


@dataclass(frozen=True, slots=True)
class TensionStep:
    at: date  # Monday of the week, or first of the month
    weeks: float  # weeks of the period it covers, to give seconds per week
    left: float
    right: float
    both: float

    @property
    def total(self) -> float:
        return self.left + self.right + self.both


@dataclass(frozen=True, slots=True)
class ReportData:
    period: Period
    made: datetime  # local
    bucket: Bucket
    programs: tuple[ProgramUse, ...] = ()
    workouts: int = 0
    sets: int = 0
    pain: tuple[PainFlag, ...] = ()
    pain_total: int = 0
    adherence: Adherence | None = None
    calendar: dict[date, int] = field(default_factory=dict)
    log: tuple[WorkoutLine, ...] = ()
    exercises: tuple[ExerciseFigures, ...] = ()
    balance: tuple[BalanceLine, ...] = ()
    stance: tuple[StancePoint, ...] = ()
    stance_tests: tuple[StanceTest, ...] = ()
    stance_total: int = 0
    tension: tuple[TensionStep, ...] = ()

    @property
    def empty(self) -> bool:
        return self.workouts == 0

    @property
    def pain_days(self) -> set[date]:
        return {p.day for p in self.pain}
