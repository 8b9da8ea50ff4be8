"""Between the log and the rules: reads sessions from the store, asks the progression
rules, keeps what they suggest, and applies the person's answer.

Plain Python over the store; the screens and the CLI call it from workers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glutetui.catalog import Catalog
from glutetui.coaching.progression import (
    ASYMMETRY_WORKOUTS,
    EASY_IN_A_ROW,
    Attempt,
    Ladder,
    LadderExercise,
    Rung,
    SetDone,
    suggest,
    weaker_side,
)
from glutetui.store.records import Dose, SlotWorkout, SuggestionRecord
from glutetui.vocab import BANDS, Side
from glutetui.workout.planning import plan_from_json

if TYPE_CHECKING:
    from glutetui.services import Services
    from glutetui.store.repos import Unit

HISTORY_WORKOUTS = max(ASYMMETRY_WORKOUTS, EASY_IN_A_ROW) + 2

KIND_LABELS = {
    "progress": "Move up",
    "step-back": "Step back",
    "pain": "Pain flagged",
    "resume-lower": "Welcome back",
    "asymmetry": "One side is weaker",
}


def ladder_of(catalog: Catalog) -> Ladder:
    exercises = {}
    for ex in catalog.exercises.values():
        amount = ex.dose.hold if ex.kind == "hold" else ex.dose.reps
        exercises[ex.id] = LadderExercise(
            id=ex.id,
            name=ex.name,
            kind=ex.kind,
            sided=ex.sided,
            takes_band=ex.band,
            start=Rung(ex.id, ex.dose.sets, amount or 1, ex.dose.band),
            easier=ex.easier,
            harder=ex.harder,
        )
    return Ladder(exercises)


def rung_of(dose: Dose | None) -> Rung | None:
    """A stored dose as the progression rules read it."""
    if dose is None:
        return None
    return Rung(dose.exercise_id, dose.sets, dose.amount or 1, dose.band)


def sessions_from(workouts: Iterable[SlotWorkout]) -> list[Attempt]:
    """A slot's workouts, newest first, as the progression rules read them."""
    return [_session(w) for w in workouts if w.sets and any(not s.partial for s in w.sets)]


def sessions_of(db: Unit, slots: Iterable[str]) -> dict[str, list[Attempt]]:
    """Each slot's recent sessions, newest first, read in a bounded number of queries."""
    histories = db.workouts.slot_histories(sorted(set(slots)), HISTORY_WORKOUTS)
    return {slot: sessions_from(workouts) for slot, workouts in histories.items()}


def _session(w: SlotWorkout) -> Attempt:
    first = w.sets[0]
    effort = next((s.effort for s in w.sets if s.effort is not None), None)
    pain = any(s.pain for s in w.sets)
    done = tuple(
        SetDone(
            s.set_index,
            s.side,
            float(s.hold_seconds or 0) if s.kind == "hold" else float(s.reps or 0),
            s.partial,
        )
        for s in w.sets
    )
    target = (first.target_hold if first.kind == "hold" else first.target_reps) or 1
    sets = max(s.set_index for s in w.sets) + 1
    sides: tuple[str, ...] = tuple(dict.fromkeys(s.side for s in w.sets))
    band: str = first.band
    try:
        plan = plan_from_json(w.plan)
        block = plan.blocks[first.block]
        sets, sides, band = block.sets, block.sides, block.band
        target = (block.hold if block.kind == "hold" else block.reps) or target
    except (ValueError, IndexError):
        pass  # an old or damaged plan: what the sets say is enough
    local = w.workout.started_at.astimezone()
    return Attempt(
        workout_uid=w.workout.uid,
        day=local.date(),
        clock=f"{local:%H:%M}",
        rung=Rung(first.exercise_id, sets, target, band),
        sides=sides,
        sets=done,
        effort=effort,
        pain=pain,
    )


def review(services: Services, slots: Iterable[str] | None = None) -> list[SuggestionRecord]:
    """Ask the rules about each slot; keep and return what is new.

    One session reads everything the rules need (doses, recent sessions per slot,
    the evidence already answered) in a fixed number of queries; one write keeps what
    they suggest. A suggestion whose evidence was already seen (accepted, dismissed
    or pending) is not made again, also when another device reviews at the same
    moment (the write asks again under the progression lock); a step back after pain
    is applied at once.
    """
    ladder = ladder_of(services.catalog)
    now = services.clock.now()
    today = now.astimezone().date()
    with services.store.read() as db:
        wanted = sorted(set(slots if slots is not None else db.workouts.slots()))
        doses = db.doses.current()
        sessions = sessions_of(db, wanted)
        proposals = [
            s
            for slot in wanted
            if (s := suggest(slot, ladder, rung_of(doses.get(slot)), sessions.get(slot, []), today))
            is not None
        ]
        seen = db.suggestions.known(p.evidence for p in proposals)
    fresh = [p for p in proposals if p.evidence not in seen]
    if not fresh:
        return []
    with services.store.write() as db:
        # Another device may have made them since the read: ask again, holding the lock.
        db.suggestions.hold()
        seen = db.suggestions.known(p.evidence for p in fresh)
        return [
            db.suggestions.add(
                p.slot,
                p.kind,
                p.reason,
                p.evidence,
                dose_of(p.before, ladder),
                dose_of(p.after, ladder),
                now,
                apply=p.automatic,
            )
            for p in fresh
            if p.evidence not in seen
        ]


def dose_of(rung: Rung, ladder: Ladder) -> Dose:
    """A rung of the ladder as a dose: its amount is reps or seconds held by kind."""
    kind = ladder.exercises[rung.exercise_id].kind
    hold = rung.amount if kind == "hold" else None
    reps = None if kind == "hold" else rung.amount
    band = rung.band if rung.band in BANDS else "none"
    return Dose(exercise_id=rung.exercise_id, sets=rung.sets, reps=reps, hold=hold, band=band)


def pending(services: Services) -> list[SuggestionRecord]:
    with services.store.read() as db:
        return db.suggestions.listed("pending")


def accept(services: Services, suggestion_id: int) -> SuggestionRecord:
    with services.store.write() as db:
        return db.suggestions.accept(suggestion_id, services.clock.now())


def dismiss(services: Services, suggestion_id: int) -> SuggestionRecord:
    with services.store.write() as db:
        return db.suggestions.dismiss(suggestion_id, services.clock.now())


def weaker_sides(services: Services, slots: Iterable[str]) -> dict[str, Side]:
    """The weaker side of each slot that has one, so the workout can start with it."""
    found: dict[str, Side] = {}
    with services.store.read() as db:
        sessions = sessions_of(db, slots)
    for slot, done in sessions.items():
        result = weaker_side(done)
        if result is not None:
            found[slot] = "left" if result[0] == "left" else "right"
    return found


@dataclass(frozen=True, slots=True)
class ShownSuggestion:
    """A suggestion as the screens and the CLI show it."""

    record: SuggestionRecord
    label: str
    exercise: str

    @property
    def needs_answer(self) -> bool:
        return self.record.status == "pending"


def shown(services: Services, records: Iterable[SuggestionRecord]) -> list[ShownSuggestion]:
    out = []
    for r in records:
        ex = services.catalog.exercises.get(r.slot)
        out.append(ShownSuggestion(r, KIND_LABELS.get(r.kind, r.kind), ex.name if ex else r.slot))
    return out


def for_workout(services: Services, workout_id: int) -> list[SuggestionRecord]:
    """Review the slots a workout used; return what concerns them now (new or pending)."""
    with services.store.read() as db:
        slots = {s.slot for s in db.workouts.sets_of(workout_id)}
    made = review(services, slots)
    ids = {r.id for r in made}
    with services.store.read() as db:
        still = [r for r in db.suggestions.listed("pending") if r.slot in slots and r.id not in ids]
    return [*made, *still]
