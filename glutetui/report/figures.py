"""What a report says, as plain records: filled from SQL by ``data``, drawn by ``charts``
and written out by the template. Nothing here touches the database or the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from glutetui.measures.adherence import Adherence as MeasuredAdherence
from glutetui.measures.symmetry import Symmetry
from glutetui.measures.tension import TensionRow
from glutetui.readouts.progress_figures import ProgressFigures
from glutetui.report.period import Bucket, Period
from glutetui.vocab import BlockRef


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
    """Training days in one stretch (a week, a month or a year) against the target of
    its judged weeks."""

    label: str
    days_trained: int
    judged_weeks: int
    target_days: int | None  # the target over the stretch's judged weeks

    @property
    def met(self) -> bool | None:
        if self.target_days is None:
            return None
        return self.days_trained >= self.target_days


@dataclass(frozen=True, slots=True)
class Adherence:
    """``glutetui.measures.adherence``'s figure, with rows laid out for the page."""

    measured: MeasuredAdherence
    target_program: str | None
    step: str  # "week", "month" or "year": what each row covers
    rows: tuple[AdherenceRow, ...]

    @property
    def target(self) -> int | None:
        return self.measured.target

    @property
    def training_days(self) -> int:
        return self.measured.days_trained

    @property
    def per_week(self) -> float:
        return self.measured.per_week or 0.0

    @property
    def percent(self) -> float | None:
        return self.measured.percent

    @property
    def weeks_met(self) -> tuple[int, int]:
        return self.measured.weeks_met


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
    block: BlockRef
    program: str  # the program's name
    name: str
    variants: tuple[str, ...]  # other exercises done under this block in the period
    held: bool  # seconds held rather than reps
    dose: str  # in force at the end of the period
    dose_changed: bool  # False: still the program's prescription
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
    """Left against right for one program block: the limb symmetry index at the start
    of the period and at its end."""

    name: str
    program: str
    unit: str
    start: Symmetry | None
    now: Symmetry


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
    tension: tuple[TensionRow, ...] = ()
    pain_scores: tuple[tuple[date, int], ...] = ()  # pain today, 0-10, per workout
    progress: ProgressFigures | None = None  # each block's figures (readouts)

    @property
    def empty(self) -> bool:
        return self.workouts == 0

    @property
    def pain_days(self) -> set[date]:
        return {p.day for p in self.pain}
