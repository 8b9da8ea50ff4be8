"""What a report says, as plain records: filled from SQL by ``assemble``, drawn by
``charts`` and written out by the template. Nothing here touches the database or the
page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from glutetui.measures.adherence import Adherence as MeasuredAdherence
from glutetui.measures.symmetry import Symmetry
from glutetui.measures.tension import TensionRow
from glutetui.readouts.progress import ProgressFigures
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
    side: str  # in words: "left", "both legs", "side not recorded" …
    effort: int | None
    program: str
    side_known: bool = True


@dataclass(frozen=True, slots=True)
class PainTodayPoint:
    """Pain today on the 0-10 numeric rating scale, given on a workout's summary."""

    at: datetime  # local
    score: int | None
    note: str


@dataclass(frozen=True, slots=True)
class WorkoutLine:
    started: datetime  # local
    program: str
    minutes: float | None
    status: str
    sets: int
    reps: int
    hold_seconds: float
    effort: float | None  # the mean of its exercises' ratings
    pain: int  # exercises flagged with pain
    pain_score: int | None = None
    pain_note: str = ""
    trained: str = ""  # time trained, spelled as everywhere ("25 min", "25 min span")


@dataclass(frozen=True, slots=True)
class LogStep:
    """The workouts of one week, month or year, summed (the log of a long period)."""

    label: str
    workouts: int
    minutes: float
    sets: int
    reps: int
    hold_seconds: float
    effort: float | None
    pain_workouts: int
    pain_score: float | None


@dataclass(frozen=True, slots=True)
class AdherenceRow:
    """Training days in one stretch (a week, a month or a year) against the target of
    its judged weeks."""

    label: str
    days_trained: int
    judged_weeks: int
    target_days: int | None  # the target over the stretch's judged weeks
    percent: float | None = None  # of the target (measures.adherence.percent_of)

    @property
    def met(self) -> bool | None:
        if self.target_days is None:
            return None
        return self.days_trained >= self.target_days


@dataclass(frozen=True, slots=True)
class AdherenceTable:
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
class TargetStep:
    """The prescribed amount per set from a day on (measures.doses' dose in force)."""

    at: date
    amount: float | None  # reps, or seconds held, per set (None: not known)


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
    targets: tuple[TargetStep, ...] = ()  # the first one is in force at the start
    in_use: bool = False  # a block of the program in use

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
    """Left against right for one program block: where the sets measure capacity
    (to-fatigue), the limb symmetry index over one window at the start of the period and
    at its end; where a prescription caps them, done-of-target per side."""

    name: str
    program: str
    unit: str
    start: Symmetry | None
    now: Symmetry | None
    capacity: bool = False
    left: float | None = None  # done-of-target share (capped sets)
    right: float | None = None
    words: str = ""  # the band, or "not measured"


@dataclass(frozen=True, slots=True)
class StancePoint:
    at: date
    side: str
    tests: int
    hold: float  # mean seconds
    level: int  # tests with the hips level
    target: int = 30  # seconds asked of the step's tests (the longest)

    @property
    def dropped(self) -> int:
        """Tests in which the opposite hip dropped."""
        return self.tests - self.level


@dataclass(frozen=True, slots=True)
class StanceTest:
    taken: datetime  # local
    side: str
    stage: str
    target: int
    hold: float
    level: bool


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    """One exercise of the program in use, as page one lists it: every figure from
    ``readouts.progress`` (and so from ``glutetui.measures``)."""

    name: str
    dose: str  # in force at the end of the period
    dose_changed: bool
    workouts: int
    done: tuple[tuple[str, float | None], ...]  # per side: done as a share of prescribed
    first_last: tuple[tuple[str, str], ...]  # per side: "75 % → 92 % of target (…)"
    first_last_status: str  # "compared", "too short to compare", "not done in both windows"
    capacity: bool  # left/right measured as the limb symmetry index (to-fatigue)
    symmetry_now: Symmetry | None
    pain_flags: int


@dataclass(frozen=True, slots=True)
class SuggestionLine:
    """A suggestion not taken: still pending, or dismissed."""

    day: date
    exercise: str
    program: str
    label: str
    reason: str
    status: str  # "pending" or "dismissed"
    decided: date | None


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
    adherence: AdherenceTable | None = None
    calendar: dict[date, int] = field(default_factory=dict)
    log: tuple[WorkoutLine, ...] = ()
    exercises: tuple[ExerciseFigures, ...] = ()
    balance: tuple[BalanceLine, ...] = ()
    stance: tuple[StancePoint, ...] = ()
    stance_tests: tuple[StanceTest, ...] = ()
    stance_total: int = 0
    tension: tuple[TensionRow, ...] = ()
    pain_today: tuple[PainTodayPoint, ...] = ()
    progress: ProgressFigures | None = None  # each block's figures (readouts)
    in_use: str | None = None  # the program in use (its name)
    follow_up: tuple[FollowUpRow, ...] = ()  # page one: the program in use, in order
    log_steps: tuple[LogStep, ...] = ()  # a long period's log, summed per step
    log_step: str = "workout"  # what a row of the log is: a workout, week, month, year
    suggestions: tuple[SuggestionLine, ...] = ()
    suggestions_total: int = 0

    @property
    def empty(self) -> bool:
        return self.workouts == 0

    @property
    def pain_days(self) -> set[date]:
        return {p.day for p in self.pain}

    @property
    def scores(self) -> tuple[PainTodayPoint, ...]:
        """Pain today where a score was given."""
        return tuple(p for p in self.pain_today if p.score is not None)
