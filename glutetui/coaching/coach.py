"""Between the log and the rules: reads sessions from the store, asks the progression
rules, keeps what they suggest, and applies the person's answer.

Plain Python over the store; the screens and the CLI call it from workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from glutetui.catalog import Catalog, Program
from glutetui.coaching.progression import (
    BREAK_DAYS,
    EASY_IN_A_ROW,
    Attempt,
    Ladder,
    LadderExercise,
    Proposal,
    Rung,
    SetDone,
    suggest,
    weaker_side,
)

# How a suggestion is shown lives apart, so that showing one loads no rules; the coach
# names it too, for the surfaces that take it from here.
from glutetui.coaching.shown import KIND_LABELS as KIND_LABELS  # noqa: PLC0414
from glutetui.coaching.shown import ShownSuggestion as ShownSuggestion  # noqa: PLC0414
from glutetui.coaching.shown import shown as shown  # noqa: PLC0414
from glutetui.engine.plan import plan_from_json
from glutetui.measures.doses import dose_in_force, prescription
from glutetui.measures.in_use import WINDOW_DAYS, program_in_use
from glutetui.measures.symmetry import WINDOW as SYMMETRY_WINDOW
from glutetui.records import Dose, SlotWorkout, SuggestionRecord
from glutetui.vocab import BANDS, BlockRef, Side

if TYPE_CHECKING:
    from glutetui.store.commands import Review
    from glutetui.store.repos import Unit

HISTORY_WORKOUTS = max(SYMMETRY_WINDOW, EASY_IN_A_ROW) + 2


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
    return [_session(w) for w in workouts if any(not s.partial and not s.skipped for s in w.sets)]


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
            s.skipped,
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
        pain_today=w.workout.pain_score,
        kind=first.kind,
    )


def _in_use(db: Unit, sessions: Mapping[BlockRef, Sequence[Attempt]], today: date) -> str | None:
    """The program in use when the person last trained; asked of the store only when a
    block has been away long enough for a welcome back."""
    days = [attempts[0].day for attempts in sessions.values() if attempts]
    if not days or (today - min(days)).days <= BREAK_DAYS:
        return None
    # The program in use when the person last trained (``glutetui.measures.in_use``).
    end = datetime.combine(max(days) + timedelta(days=1), time()).astimezone()
    return program_in_use(db.workouts.recent_programs(end - timedelta(days=WINDOW_DAYS)), end)


def review_in(
    db: Unit,
    catalog: Catalog,
    now: datetime,
    blocks: Iterable[BlockRef] | None = None,
    starting: str | None = None,
) -> list[SuggestionRecord]:
    """Ask the rules about each program block; keep and return what is new, in the
    caller's unit of work (the one writer's: ``Review`` is its command).

    After a long break a welcome back (one step lower) is offered for the program in use
    (:func:`program_in_use`) and for ``starting``, a program being started again; never
    for a program left behind.

    Everything the rules need (dose changes, recent attempts per block, the evidence
    already answered) is read in a fixed number of queries. A suggestion whose evidence
    was already seen (accepted, dismissed or pending) is not made again, also when
    another device reviews at the same moment (it is asked again under the progression
    lock); a step back after pain is applied at once.
    """
    wanted = sorted(set(blocks if blocks is not None else db.workouts.blocks()))
    proposals = _proposals(db, catalog, now, wanted, starting)
    seen = db.suggestions.known(p.evidence for p in proposals)
    return _keep(db, catalog, now, [p for p in proposals if p.evidence not in seen])


def reviewing(catalog: Callable[[], Catalog]) -> Callable[[Unit, Review], list[SuggestionRecord]]:
    """The handler of the writer's :class:`Review` command."""

    def handle(db: Unit, command: Review) -> list[SuggestionRecord]:
        blocks: list[BlockRef] | None = None
        if command.blocks is not None:
            blocks = [BlockRef(*b) for b in command.blocks]
        elif command.workout_id is not None:
            blocks = _blocks_of(db, command.workout_id)
        return review_in(db, catalog(), command.at, blocks)

    return handle


def _blocks_of(db: Unit, workout_id: int) -> list[BlockRef]:
    """The program blocks a workout used."""
    workout = db.workouts.get(workout_id)
    if workout is None:
        return []
    return sorted({BlockRef(workout.program_id, s.slot) for s in db.workouts.sets_of(workout_id)})


def welcome_back_in(
    db: Unit, catalog: Catalog, program: Program, now: datetime
) -> list[SuggestionRecord]:
    """A program started again after a long break: the welcome back its blocks are owed
    (one step lower, pending the person's answer), kept in the caller's unit of work.
    A program left behind gets its offer here, not as cards on Home before."""
    blocks = sorted({BlockRef(program.id, b.exercise) for b in program.blocks})
    found = _proposals(db, catalog, now, blocks, starting=program.id)
    return _keep(db, catalog, now, [p for p in found if p.kind == "resume-lower"])


def welcome_note(offers: Sequence[SuggestionRecord], catalog: Catalog) -> str:
    """The line the get-ready screen shows when a program started again owes a welcome
    back: the workout goes on at the dose in force; the offer waits on the summary."""
    names = [catalog.name_of(r.slot) for r in offers]
    what = names[0] if len(names) == 1 else f"{len(names)} exercises"
    return f"Welcome back: one step lower is offered for {what}; answer it on the summary."


def _proposals(
    db: Unit, catalog: Catalog, now: datetime, wanted: Sequence[BlockRef], starting: str | None
) -> list[Proposal]:
    """What the rules say about each block, read in a fixed number of queries."""
    ladder = ladder_of(catalog)
    today = now.astimezone().date()
    changes = db.doses.changes(wanted)
    sessions = sessions_of(db, wanted)
    in_use = _in_use(db, sessions, today)
    proposals = []
    for block in wanted:
        program = catalog.programs.get(block.program)
        prescribed = prescription(program, block.slot, catalog) if program else None
        current = rung_of(dose_in_force(block, prescribed, changes))
        earlier = [prescribed, *(c.dose for c in changes if c.block == block)]
        found = suggest(
            block,
            ladder,
            current,
            sessions.get(block, []),
            today,
            program.name if program is not None else "",
            earlier=[r for r in map(rung_of, earlier) if r is not None],
            welcome=block.program in (in_use, starting),
        )
        if found is not None:
            proposals.append(found)
    return proposals


def _keep(
    db: Unit, catalog: Catalog, now: datetime, proposals: Sequence[Proposal]
) -> list[SuggestionRecord]:
    """Keep what is new; a step back after pain is applied at once."""
    if not proposals:
        return []
    ladder = ladder_of(catalog)
    # Another device may have made them since a read: ask again, holding the lock.
    db.suggestions.hold()
    seen = db.suggestions.known(p.evidence for p in proposals)
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
        for p in proposals
        if p.evidence not in seen
    ]


def dose_of(rung: Rung, ladder: Ladder) -> Dose:
    """A rung of the ladder as a dose: its amount is reps or seconds held by kind."""
    kind = ladder.exercises[rung.exercise_id].kind
    hold = rung.amount if kind == "hold" else None
    reps = None if kind == "hold" else rung.amount
    band = rung.band if rung.band in BANDS else "none"
    return Dose(exercise_id=rung.exercise_id, sets=rung.sets, reps=reps, hold=hold, band=band)


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


def for_workout(db: Unit, workout_id: int) -> list[SuggestionRecord]:
    """What concerns the blocks a workout used now: made since it started, or still
    pending (read only: the review that makes them is the writer's ``Review``)."""
    workout = db.workouts.get(workout_id)
    if workout is None:
        return []
    blocks = set(_blocks_of(db, workout_id))
    return [
        r
        for r in db.suggestions.listed()
        if r.block in blocks and (r.status == "pending" or r.created_at >= workout.started_at)
    ]
