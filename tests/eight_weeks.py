"""A realistic eight-week home, written through the store's own repositories: what a
physiotherapist sees at a follow-up, and what the report's tests and the README's
page-one picture are made from.

Weeks 1 to 8 run from Monday 5 January to Sunday 1 March 2026. The floor routine for
the TV three days a week; from week 5 the short daily activation on two more days
(a second program sharing the clamshell and the bridge). Week 4 is missed. The left
side trails on the clamshell and the side-lying abduction. Doses change: suggestions
accepted (move ups), two steps back after pain, one suggestion dismissed and one left
pending. Three pain flags: an old one whose side was not recorded (a history kept
before pain was kept per side), then two on the left side. From week 5 most workouts
carry pain today on the 0-10 scale, some with a note. Single-leg stance self-tests
every other week, the left hip dropping at first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from glutetui.catalog import Catalog
from glutetui.engine.plan import plan_to_json
from glutetui.measures.doses import prescription
from glutetui.platform.settings import Settings
from glutetui.records import Dose, LoggedSet
from glutetui.store import Store
from glutetui.store.repos import Unit
from glutetui.vocab import BlockRef, SuggestionKind
from glutetui.workout.planning import build_plan

FIRST = date(2026, 1, 5)  # a Monday
LAST = FIRST + timedelta(weeks=8, days=-1)  # Sunday 1 March 2026
TODAY = LAST + timedelta(days=1)
MISSED_WEEK = 3  # the fourth week: nothing at all
FLOOR = "tv-floor"
ACTIVATION = "daily-activation"


@dataclass(frozen=True, slots=True)
class Session:
    week: int
    weekday: int  # 0 Monday
    program: str
    hour: int = 18


def sessions() -> list[Session]:
    out = []
    for week in range(8):
        if week == MISSED_WEEK:
            continue
        days = (0, 4) if week == 5 else (0, 2, 4)  # week 6 is short a day
        out += [Session(week, d, FLOOR) for d in days]
        if week >= 4:
            out += [Session(week, d, ACTIVATION, hour=8) for d in (1, 5)]
    return sorted(out, key=lambda s: (s.week, s.weekday, s.hour))


# Left-side reps behind the right, per exercise, early and late in the eight weeks.
LAG = {"clamshell": (3, 1), "side-lying-hip-abduction": (2, 1)}
# (week, weekday, program, slot): effort 2, the evidence of a move up.
EASY = {
    (0, 2, FLOOR, "glute-bridge"),
    (0, 4, FLOOR, "glute-bridge"),
    (1, 2, FLOOR, "clamshell"),
    (1, 4, FLOOR, "clamshell"),
    (4, 2, FLOOR, "clamshell"),
    (4, 4, FLOOR, "clamshell"),
    (5, 0, FLOOR, "glute-bridge"),
    (5, 4, FLOOR, "glute-bridge"),
    (6, 2, FLOOR, "knee-side-plank"),
    (6, 4, FLOOR, "knee-side-plank"),
    (7, 2, FLOOR, "fire-hydrant"),
    (7, 4, FLOOR, "fire-hydrant"),
}
# Pain flags: (week, weekday, slot) -> the sides named (None: not recorded).
PAIN: dict[tuple[int, int, str], tuple[str, ...] | None] = {
    (0, 2, "fire-hydrant"): None,
    (2, 2, "side-lying-hip-abduction"): ("left",),
    (6, 2, "clamshell"): ("left",),
}
# Pain today, 0-10, on each floor workout and Saturday's activation from week 5 (when
# the summary began to ask), in order; some with a note.
PAIN_TODAY = [3, 3, 2, 3, 2, 3, 2, 2, 4, 3, 2, 2, 1, 1, 1]
NOTES = {
    0: "stiff after a long drive",
    8: "a twinge in the left hip during the clamshells",
    12: "no pain on the stairs this week",
}
# Self-tests: (week, left held, left level, right held)
STANCE = [
    (0, 14.0, False, 28.0),
    (2, 19.0, False, 30.0),
    (5, 26.0, True, 30.0),
    (7, 30.0, True, 30.0),
]


def moment(week: int, weekday: int, hour: int) -> datetime:
    day = FIRST + timedelta(weeks=week, days=weekday)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


class Builder:
    def __init__(self, store: Store, catalog: Catalog) -> None:
        self.store = store
        self.catalog = catalog
        self.doses: dict[BlockRef, Dose] = {}
        self.scored = 0  # workouts given a pain score so far

    def dose(self, program: str, slot: str) -> Dose:
        ref = BlockRef(program, slot)
        if ref not in self.doses:
            found = prescription(self.catalog.programs[program], slot, self.catalog)
            assert found is not None
            self.doses[ref] = found
        return self.doses[ref]

    def workout(self, session: Session) -> None:
        program = self.catalog.programs[session.program]
        mine = {b.exercise: self.dose(program.id, b.exercise) for b in program.blocks}
        plan = build_plan(program, self.catalog, Settings(), mine)
        at = moment(session.week, session.weekday, session.hour)
        clock = at + timedelta(seconds=plan.get_ready)
        with self.store.write() as db:
            workout = db.workouts.start(program.id, program.name, plan_to_json(plan), at)
            for b, block in enumerate(plan.blocks):
                key = (session.week, session.weekday, program.id, block.slot)
                effort = 2 if key in EASY else (4 if block.kind == "hold" else 3)
                early, late = LAG.get(block.slot, (0, 0))
                lag = early if session.week < 4 else late
                for s in range(block.sets):
                    for side in block.sides:
                        behind = lag if side == "left" else 0
                        if block.kind == "hold":
                            reps, hold = None, float(max(5, (block.hold or 20) - behind))
                            seconds = hold
                        else:
                            goal = block.reps or 10
                            reps, hold = max(1, goal - behind), None
                            seconds = reps * block.rep_seconds
                        ended = clock + timedelta(seconds=seconds)
                        db.workouts.log_set(
                            workout.id,
                            LoggedSet(
                                block=b,
                                set_index=s,
                                side=side,
                                exercise_id=block.exercise_id,
                                slot=block.slot,
                                kind=block.kind,
                                target_reps=block.reps if block.kind != "hold" else None,
                                target_hold=block.hold if block.kind == "hold" else None,
                                reps=reps,
                                hold_seconds=hold,
                                rep_seconds=block.rep_seconds,
                                band=block.band,  # type: ignore[arg-type]
                                effort=None,
                                pain=False,
                                partial=False,
                                started_at=clock,
                                ended_at=ended,
                            ),
                        )
                        clock = ended + timedelta(seconds=plan.switch)
                    clock += timedelta(seconds=block.rest)
                sides = PAIN.get((session.week, session.weekday, block.slot), ())
                db.workouts.rate_block(workout.id, b, effort, sides or None)
                if (session.week, session.weekday, block.slot) in PAIN:
                    self._pain(db, workout.id, b, sides, program.id, block.slot, clock)
            db.workouts.finish(
                workout.id, "completed", clock, active_seconds=(clock - at).total_seconds()
            )
            if session.week >= 4 and (session.program == FLOOR or session.weekday == 5):
                n, self.scored = self.scored, self.scored + 1
                db.workouts.set_pain_today(workout.id, PAIN_TODAY[n], NOTES.get(n, ""))
        self._suggestions(session, clock)

    def _pain(
        self,
        db: Unit,
        workout_id: int,
        block: int,
        sides: tuple[str, ...] | None,
        program: str,
        slot: str,
        at: datetime,
    ) -> None:
        if sides is None:
            # A flag from before pain was kept per side: put on every side, side unknown.
            from sqlalchemy import update

            from glutetui.store.models import SetRow
            from glutetui.store.sums import refresh

            db.session.execute(
                update(SetRow)
                .where(SetRow.workout_id == workout_id, SetRow.block == block)
                .values(pain=True, pain_side_known=False)
            )
            refresh(db.session, (workout_id,), block)  # as every write of sets does
            return
        before = self.dose(program, slot)
        after = _changed(before, -2)
        where = " and ".join(sides)
        self._suggest(
            db,
            BlockRef(program, slot),
            "pain",
            f"Pain flagged on the {where} side: step back to {after.sets} × {after.amount}.",
            after,
            at,
            "accept",
        )

    def _suggestions(self, session: Session, at: datetime) -> None:
        week, weekday = session.week, session.weekday
        moves = {
            (0, 4): ("glute-bridge", "accept"),
            (1, 4): ("clamshell", "accept"),
            (4, 4): ("clamshell", "accept"),
            (5, 4): ("glute-bridge", "dismiss"),
            (6, 4): ("knee-side-plank", "accept"),
            (7, 4): ("fire-hydrant", "pending"),
        }
        if session.program != FLOOR or (week, weekday) not in moves:
            return
        slot, answer = moves[(week, weekday)]
        before = self.dose(FLOOR, slot)
        after = _changed(before, 5 if before.hold is not None else 2)
        reason = (
            f"Two easy workouts in a row at {before.sets} × {before.amount}: "
            f"move up to {after.sets} × {after.amount}."
        )
        with self.store.write() as db:
            self._suggest(db, BlockRef(FLOOR, slot), "progress", reason, after, at, answer)

    def _suggest(
        self,
        db: Unit,
        block: BlockRef,
        kind: SuggestionKind,
        reason: str,
        after: Dose,
        at: datetime,
        answer: str,
    ) -> None:
        before = self.dose(*block)
        added = db.suggestions.add(
            block, kind, reason, f"{block.program}:{block.slot}:{at:%Y%m%d%H%M}", before, after, at
        )
        decided = at + timedelta(minutes=2)
        if answer == "accept":
            db.suggestions.accept(added.id, decided)
            self.doses[block] = after
        elif answer == "dismiss":
            db.suggestions.dismiss(added.id, decided)

    def self_tests(self) -> None:
        with self.store.write() as db:
            for week, left, level, right in STANCE:
                at = moment(week, 5, 10)
                db.self_tests.add("left", "eyes-open", 30, left, level, at)
                db.self_tests.add("right", "eyes-open", 30, right, True, at + timedelta(minutes=2))


def _changed(dose: Dose, step: int) -> Dose:
    if dose.hold is not None:
        return Dose(
            exercise_id=dose.exercise_id, sets=dose.sets, reps=None, hold=dose.hold + step,
            band=dose.band,
        )  # fmt: skip
    return Dose(
        exercise_id=dose.exercise_id,
        sets=dose.sets,
        reps=max(4, (dose.reps or 10) + step),
        hold=None,
        band=dose.band,
    )


def home_in(folder: Path) -> Path:
    """``folder`` holding the eight weeks in its database (written once per test process,
    copied after that: ``tests.homes``). Returns ``folder``."""
    from glutetui.catalog import load_catalog
    from tests.homes import prepared

    prepared("eight-weeks", lambda store: build(store, load_catalog()), folder / "glutetui.db")
    return folder


def build(store: Store, catalog: Catalog) -> None:
    """Fill an empty store with the eight weeks."""
    builder = Builder(store, catalog)
    for session in sessions():
        builder.workout(session)
    builder.self_tests()
