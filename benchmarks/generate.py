"""A realistic training history of any length, for the benchmarks and the tests.

Daily workouts from the bundled programs, a few days skipped, doses that climb
over the weeks (with a rest now and then), a left side that often lags a little,
efforts spread around "solid", a rare pain flag, and the suggestions and dose
changes that such a log leads to. Written straight into the store in large
transactions, so ten years take seconds.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy import insert

from glutetui.catalog import Catalog
from glutetui.engine.plan import plan_to_json
from glutetui.platform.settings import Settings
from glutetui.records import Dose
from glutetui.store import Store
from glutetui.store.models import DoseChangeRow, SetRow, WorkoutRow
from glutetui.store.sums import refresh as refresh_sums
from glutetui.vocab import Band
from glutetui.workout.planning import build_plan

ROTATION = ("tv-floor", "intermediate", "standing-single-leg", "intermediate")
MORNING = "daily-activation"  # a short extra session on most days
MORNING_CHANCE = 0.85
BATCH_DAYS = 120


@dataclass(frozen=True, slots=True)
class Generated:
    workouts: int
    sets: int
    first: datetime
    last: datetime


def generate_history(
    store: Store,
    catalog: Catalog,
    days: int,
    end: datetime | None = None,
    seed: int = 7,
    skip_chance: float = 0.05,
) -> Generated:
    """Add ``days`` days of training ending at ``end`` (default: now) to the store."""
    rng = random.Random(seed)
    end = end or datetime.now(UTC).replace(hour=18, minute=0, second=0, microsecond=0)
    start = end - timedelta(days=days - 1)
    settings = Settings()
    doses: dict[tuple[str, str], Dose] = {}  # by program and slot
    workouts = sets = 0
    first = last = start
    pending_workouts: list[dict[str, object]] = []
    pending_sets: list[list[dict[str, object]]] = []
    changes: list[dict[str, object]] = []

    def flush() -> None:
        if not pending_workouts:
            return
        with store.writing() as session:
            added = []
            for workout, rows in zip(pending_workouts, pending_sets, strict=True):
                record = WorkoutRow(**workout)
                session.add(record)
                session.flush()
                wid = record.id
                added.append(wid)
                for row in rows:
                    row["workout_id"] = wid
                if rows:
                    session.execute(insert(SetRow), rows)
            refresh_sums(session, added)  # as every write of sets does
            if changes:
                session.execute(insert(DoseChangeRow), changes)
        pending_workouts.clear()
        pending_sets.clear()
        changes.clear()

    sessions: list[tuple[datetime, str]] = []
    for n in range(days):
        day = start + timedelta(days=n)
        if rng.random() < skip_chance:
            continue
        if rng.random() < MORNING_CHANCE:
            sessions.append((day - timedelta(hours=10, minutes=rng.randint(0, 60)), MORNING))
        evening = day + timedelta(minutes=rng.randint(-90, 120))
        sessions.append((evening, ROTATION[n % len(ROTATION)]))
    for at, program_id in sessions:
        program = catalog.programs.get(program_id) or next(iter(catalog.programs.values()))
        mine = {slot: d for (p, slot), d in doses.items() if p == program.id}
        plan = build_plan(program, catalog, settings, mine)
        rows: list[dict[str, object]] = []
        clock = at
        for b, block in enumerate(plan.blocks):
            effort = rng.choices([1, 2, 3, 4, 5], weights=[1, 4, 8, 3, 1])[0]
            pain = rng.random() < 0.004
            clock += timedelta(seconds=plan.get_ready)
            for s in range(block.sets):
                for side in block.sides:
                    lag = 1 if side == "left" and rng.random() < 0.3 else 0
                    if block.kind == "hold":
                        target = block.hold or 20
                        amount = max(1.0, target - lag * 3 - (rng.random() < 0.1) * 5)
                        seconds = amount
                        reps, hold = None, float(amount)
                    else:
                        target = block.reps or 10
                        done = max(1, target - lag - (rng.random() < 0.1) * 2)
                        seconds = done * block.rep_seconds
                        reps, hold = done, None
                    ended = clock + timedelta(seconds=seconds)
                    rows.append(
                        {
                            "block": b,
                            "set_index": s,
                            "side": side,
                            "exercise_id": block.exercise_id,
                            "slot": block.slot,
                            "kind": block.kind,
                            "target_reps": block.reps if block.kind != "hold" else None,
                            "target_hold": block.hold if block.kind == "hold" else None,
                            "reps": reps,
                            "hold_seconds": hold,
                            "rep_seconds": block.rep_seconds,
                            "band": block.band,
                            "effort": effort,
                            "pain": pain,
                            "partial": False,
                            "started_at": clock,
                            "ended_at": ended,
                        }
                    )
                    clock = ended + timedelta(seconds=plan.switch)
                clock += timedelta(seconds=block.rest)
            if effort <= 2 and rng.random() < 0.05:
                _climb(doses, (program.id, block.slot), block, catalog, changes, clock, rng)
        pending_workouts.append(
            {
                "uid": uuid.UUID(int=rng.getrandbits(128)).hex,
                "program_id": program.id,
                "program_name": program.name,
                "started_at": at,
                "ended_at": clock,
                "status": "completed",
                "active_seconds": (clock - at).total_seconds(),
                "plan": plan_to_json(plan),
                "note": "",
            }
        )
        pending_sets.append(rows)
        workouts += 1
        sets += len(rows)
        first = min(first, at) if workouts > 1 else at
        last = at
        if len(pending_workouts) >= BATCH_DAYS:
            flush()
    flush()
    return Generated(workouts, sets, first, last)


def _climb(
    doses: dict[tuple[str, str], Dose],
    block_ref: tuple[str, str],
    block: object,
    catalog: Catalog,
    changes: list[dict[str, object]],
    at: datetime,
    rng: random.Random,
) -> None:
    """Nudge a dose up the way accepted suggestions would; now and then back down."""
    from glutetui.engine import PlannedBlock

    assert isinstance(block, PlannedBlock)
    hold = block.hold
    reps = block.reps
    sets = block.sets
    if rng.random() < 0.1:
        reps = max(4, reps - 2) if reps else None
        hold = max(5, hold - 5) if hold else None
        reason = "Targets missed twice in a row: step back."
    elif hold is not None:
        hold, sets = (hold + 5, sets) if hold < 45 else (20, 2)  # a harder variant, say
        reason = "Two easy workouts in a row: move up."
    else:
        assert reps is not None
        reps, sets = (reps + 2, sets) if reps < 16 else (10, 2)
        reason = "Two easy workouts in a row: move up."
    band = cast("Band", block.band)  # a planned block's band comes from the catalogue
    doses[block_ref] = Dose(
        exercise_id=block.exercise_id, sets=sets, reps=reps, hold=hold, band=band
    )
    changes.append(
        {
            "uid": uuid.UUID(int=rng.getrandbits(128)).hex,
            "program_id": block_ref[0],
            "slot": block_ref[1],
            "exercise_id": block.exercise_id,
            "sets": sets,
            "reps": reps,
            "hold": hold,
            "band": block.band,
            "reason": reason,
            "suggestion_id": None,
            "changed_at": at,
        }
    )
