"""A home's backup always restores: export → import into an empty home → export is the
identity, and importing again adds nothing — for any home the store can hold.

Hypothesis builds the homes through the store's own repositories: workouts of every
status, partial and unrated sets, every suggestion status (superseded ones included),
dose changes, self-tests, and names in any script or shaped like markup.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glutetui.records import Dose, LoggedSet
from glutetui.store import Store, exchange
from glutetui.vocab import (
    BANDS,
    SIDES,
    STANCE_SIDES,
    SUGGESTION_KINDS,
    WORKOUT_STATUSES,
    BlockRef,
)

T0 = datetime(2026, 1, 5, 17, 30, 0, 250000, tzinfo=UTC)
EXPORTED = datetime(2026, 11, 1, tzinfo=UTC)
SLOTS = ("clamshell", "side-lying-leg-raise", "side-plank", "glute-bridge")

# Names as people type them: any script, emoji, and text that looks like markup.
names = st.one_of(
    st.text(min_size=1, max_size=40),
    st.sampled_from(["Clam [band]", "[b]bold[/b]", "<script>x</script>", "Brücke 🍑", "臀中肌"]),
)


@dataclass(frozen=True)
class SetPlan:
    block: int
    set_index: int
    side: str
    kind: str
    amount: int
    band: str
    partial: bool
    effort: int | None
    pain: bool


sets = st.builds(
    SetPlan,
    block=st.integers(0, 2),
    set_index=st.integers(0, 3),
    side=st.sampled_from(SIDES),
    kind=st.sampled_from(["reps", "hold", "to-fatigue"]),
    amount=st.integers(0, 60),
    band=st.sampled_from(BANDS),
    partial=st.booleans(),
    effort=st.none() | st.integers(1, 5),
    pain=st.booleans(),
)


@dataclass(frozen=True)
class WorkoutPlan:
    name: str
    status: str
    note: str
    sets: list[SetPlan]


workouts = st.builds(
    WorkoutPlan,
    name=names,
    status=st.sampled_from(WORKOUT_STATUSES),
    note=st.text(max_size=30),
    sets=st.lists(sets, max_size=5),
)

doses = st.builds(
    Dose,
    exercise_id=st.sampled_from(SLOTS),
    sets=st.integers(1, 5),
    reps=st.none() | st.integers(1, 40),
    hold=st.none() | st.integers(5, 120),
    band=st.sampled_from(BANDS),
)

# What happens to each suggestion once made: nothing, accepted, dismissed, or a newer
# one for the same slot comes along (the older becomes "expired").
answers = st.sampled_from(["leave", "accept", "dismiss", "supersede"])
suggestions = st.tuples(
    st.sampled_from(SLOTS), st.sampled_from(SUGGESTION_KINDS), names, doses, doses, answers
)
self_tests = st.tuples(
    st.sampled_from(STANCE_SIDES), st.floats(0, 60, allow_nan=False), st.booleans()
)
changes = st.tuples(st.sampled_from(SLOTS), doses, names)


def build(
    store: Store,
    plans: list[WorkoutPlan],
    made: list[tuple[str, str, str, Dose, Dose, str]],
    tests: list[tuple[str, float, bool]],
    dose_changes: list[tuple[str, Dose, str]],
) -> None:
    at = T0
    with store.write() as db:
        for plan in plans:
            workout = db.workouts.start("tiny", plan.name, "", at)
            for s in plan.sets:
                hold = s.kind == "hold"
                db.workouts.log_set(
                    workout.id,
                    LoggedSet(
                        block=s.block,
                        set_index=s.set_index,
                        side=s.side,  # type: ignore[arg-type]
                        exercise_id=SLOTS[s.block],
                        slot=SLOTS[s.block],
                        kind=s.kind,  # type: ignore[arg-type]
                        target_reps=None if hold else 10,
                        target_hold=30 if hold else None,
                        reps=None if hold else s.amount,
                        hold_seconds=float(s.amount) + 0.5 if hold else None,
                        rep_seconds=0 if hold else 3,
                        band=s.band,  # type: ignore[arg-type]
                        effort=None,
                        pain=False,
                        partial=s.partial,
                        started_at=at,
                        ended_at=at + timedelta(seconds=40),
                    ),
                )
                if s.effort is not None:
                    db.workouts.rate_block(workout.id, s.block, s.effort, s.pain)
            if plan.status == "partial":
                db.workouts.close_as_partial(workout.id)
            elif plan.status != "in-progress":
                db.workouts.finish(workout.id, plan.status, at + timedelta(minutes=9))  # type: ignore[arg-type]
            at += timedelta(hours=20)
        for n, (slot, kind, reason, before, after, answer) in enumerate(made):
            block = BlockRef("tv-floor", slot)
            record = db.suggestions.add(block, kind, reason, f"evidence {n}", before, after, at)  # type: ignore[arg-type]
            if answer == "accept":
                db.suggestions.accept(record.id, at)
            elif answer == "dismiss":
                db.suggestions.dismiss(record.id, at)
            elif answer == "supersede":
                db.suggestions.add(block, kind, reason, f"newer {n}", after, before, at)  # type: ignore[arg-type]
            at += timedelta(minutes=5)
        for side, held, level in tests:
            db.self_tests.add(side, "eyes-open", 30, held, level, at)  # type: ignore[arg-type]
        for slot, dose, reason in dose_changes:
            db.doses.change(BlockRef("tv-floor", slot), dose, reason, at)
            at += timedelta(minutes=1)


def export(store: Store) -> str:
    out = io.StringIO()
    exchange.export_json(store, out, now=EXPORTED)
    return out.getvalue()


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    plans=st.lists(workouts, max_size=4),
    made=st.lists(suggestions, max_size=5),
    tests=st.lists(self_tests, max_size=3),
    dose_changes=st.lists(changes, max_size=3),
)
def test_export_import_export_is_the_identity(
    plans: list[WorkoutPlan],
    made: list[tuple[str, str, str, Dose, Dose, str]],
    tests: list[tuple[str, float, bool]],
    dose_changes: list[tuple[str, Dose, str]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Store.open(Path(folder) / "home.db")
        fresh = Store.open(Path(folder) / "fresh.db")
        try:
            build(source, plans, made, tests, dose_changes)
            backup = export(source)
            first = exchange.import_json(fresh, backup.encode())
            assert export(fresh) == backup
            again = exchange.import_json(fresh, backup.encode())
            added = (again.workouts, again.sets, again.doses, again.dose_changes)
            assert added == (0, 0, 0, 0)
            assert (again.suggestions, again.self_tests) == (0, 0)
            assert again.skipped >= first.workouts + first.suggestions + first.self_tests
            assert export(fresh) == backup
        finally:
            source.close()
            fresh.close()
