"""Between the log and the rules: reads sessions from the store, asks the progression
rules, keeps what they suggest, and applies the person's answer.

Plain Python over the store; the screens and the CLI call it from workers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glutetui.catalog import Catalog, Program
from glutetui.coaching.progression import (
    EASY_IN_A_ROW,
    Attempt,
    Ladder,
    LadderExercise,
    Rung,
    SetDone,
    suggest,
    weaker_side,
)
from glutetui.engine.plan import plan_from_json
from glutetui.measures.doses import dose_in_force, prescription
from glutetui.measures.symmetry import WINDOW as SYMMETRY_WINDOW
from glutetui.records import Dose, SlotWorkout, SuggestionRecord
from glutetui.vocab import BANDS, BlockRef, Side

if TYPE_CHECKING:
    from glutetui.services import Services
    from glutetui.store.repos import Unit

HISTORY_WORKOUTS = max(SYMMETRY_WINDOW, EASY_IN_A_ROW) + 2

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
            stretch=ex.stretch,
            band_at=ex.band_at,
        )
    return Ladder(exercises)


def rung_of(dose: Dose | None) -> Rung | None:
    """A stored dose as the progression rules read it."""
    if dose is None:
        return None
    return Rung(dose.exercise_id, dose.sets, dose.amount or 1, dose.band)


def sessions_from(workouts: Iterable[SlotWorkout]) -> list[Attempt]:
    """A block's workouts, newest first, as the progression rules read them."""
    return [_session(w) for w in workouts if w.sets and any(not s.partial for s in w.sets)]


def sessions_of(db: Unit, blocks: Iterable[BlockRef]) -> dict[BlockRef, list[Attempt]]:
    """Each block's recent attempts, newest first, read in a bounded number of queries."""
    histories = db.workouts.block_histories(sorted(set(blocks)), HISTORY_WORKOUTS)
    return {block: sessions_from(workouts) for block, workouts in histories.items()}


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


def review(services: Services, blocks: Iterable[BlockRef] | None = None) -> list[SuggestionRecord]:
    """Ask the rules about each program block; keep and return what is new.

    One session reads everything the rules need (dose changes, recent attempts per
    block, the evidence already answered) in a fixed number of queries; one write keeps
    what they suggest. A suggestion whose evidence was already seen (accepted,
    dismissed or pending) is not made again, also when another device reviews at the
    same moment (the write asks again under the progression lock); a step back after
    pain is applied at once.
    """
    catalog = services.catalog
    ladder = ladder_of(catalog)
    now = services.clock.now()
    today = now.astimezone().date()
    with services.store.read() as db:
        wanted = sorted(set(blocks if blocks is not None else db.workouts.blocks()))
        changes = db.doses.changes(wanted)
        sessions = sessions_of(db, wanted)
        proposals = []
        for block in wanted:
            program = catalog.programs.get(block.program)
            current = rung_of(
                dose_in_force(
                    block,
                    prescription(program, block.slot, catalog) if program else None,
                    changes,
                )
            )
            name = program.name if program is not None else ""
            found = suggest(block, ladder, current, sessions.get(block, []), today, name)
            if found is not None:
                proposals.append(found)
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
                p.block,
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


def weaker_sides(services: Services, program: Program) -> dict[str, Side]:
    """The trailing side of each block of a program that has one, so the workout can
    start with it."""
    with services.store.read() as db:
        return weaker_sides_in(db, program)


def weaker_sides_in(db: Unit, program: Program) -> dict[str, Side]:
    """:func:`weaker_sides` in the caller's unit of work."""
    blocks = {BlockRef(program.id, b.exercise) for b in program.blocks}
    found: dict[str, Side] = {}
    sessions = sessions_of(db, blocks)
    for block, done in sessions.items():
        result = weaker_side(done)
        if result is not None and result[0].trailing is not None:
            found[block.slot] = result[0].trailing
    return found


@dataclass(frozen=True, slots=True)
class ShownSuggestion:
    """A suggestion as the screens and the CLI show it."""

    record: SuggestionRecord
    label: str
    exercise: str
    program: str  # the program whose block it changes

    @property
    def needs_answer(self) -> bool:
        return self.record.status == "pending"


def shown(services: Services, records: Iterable[SuggestionRecord]) -> list[ShownSuggestion]:
    catalog = services.catalog
    out = []
    for r in records:
        program = catalog.programs.get(r.program_id)
        out.append(
            ShownSuggestion(
                r,
                KIND_LABELS.get(r.kind, r.kind),
                catalog.name_of(r.slot),
                program.name if program is not None else r.program_id,
            )
        )
    return out


def for_workout(services: Services, workout_id: int) -> list[SuggestionRecord]:
    """Review the blocks a workout used; return what concerns them now (new or pending)."""
    with services.store.read() as db:
        workout = db.workouts.get(workout_id)
        program = workout.program_id if workout is not None else ""
        blocks = {BlockRef(program, s.slot) for s in db.workouts.sets_of(workout_id)}
    made = review(services, blocks)
    ids = {r.id for r in made}
    with services.store.read() as db:
        still = [
            r for r in db.suggestions.listed("pending") if r.block in blocks and r.id not in ids
        ]
    return [*made, *still]
