"""Doses belong to program blocks; workouts keep their active time.

Revision 0003 (revises: 0002), made 2026-12-04.

* ``dose_changes`` and ``suggestions`` name the program they are about
  (``program_id``), found from the workouts each suggestion rested on
  (``glutetui.store.earned``): a dose earned in one program no longer changes another.
* The ``doses`` table goes: the dose in force for a block is its program's
  prescription changed by the block's latest dose change. A stored dose that no change
  records (none should exist) becomes a change of its own first, so none is lost.
* ``workouts.active_seconds``: time trained, pauses and time the app was not running
  left out; unknown (NULL) for the workouts logged before.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any, Literal

import sqlalchemy as sa
from alembic import op

from glutetui.store.earned import Candidate, earned_in

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

KEPT_REASON = "Your dose from before doses were kept per program"


def _candidates(conn: Any) -> dict[str, list[Candidate]]:
    """Per exercise id (slot), the workouts that logged a set under it."""
    rows = conn.execute(
        sa.text(
            "SELECT DISTINCT s.slot, w.uid, w.program_id, w.started_at "
            "FROM set_logs AS s JOIN workouts AS w ON w.id = s.workout_id"
        )
    )
    found: dict[str, list[Candidate]] = defaultdict(list)
    for slot, uid, program_id, started in rows:
        found[slot].append(Candidate(uid, program_id, _aware(started)))
    return found


def _aware(value: Any) -> datetime:
    moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def upgrade() -> None:
    conn = op.get_bind()
    op.add_column("workouts", sa.Column("active_seconds", sa.Float(), nullable=True))
    for table in ("suggestions", "dose_changes"):
        op.add_column(
            table,
            sa.Column("program_id", sa.String(length=80), nullable=False, server_default=""),
        )
    candidates = _candidates(conn)

    evidence_of: dict[int, str] = {}
    for sid, slot, evidence, created in conn.execute(
        sa.text("SELECT id, slot, evidence, created_at FROM suggestions")
    ).all():
        evidence_of[sid] = evidence
        program = earned_in(evidence, _aware(created), candidates.get(slot, []))
        conn.execute(
            sa.text("UPDATE suggestions SET program_id = :p WHERE id = :id"),
            {"p": program, "id": sid},
        )
    for cid, slot, suggestion_id, changed in conn.execute(
        sa.text("SELECT id, slot, suggestion_id, changed_at FROM dose_changes")
    ).all():
        evidence = evidence_of.get(suggestion_id, "") if suggestion_id is not None else ""
        program = earned_in(evidence, _aware(changed), candidates.get(slot, []))
        conn.execute(
            sa.text("UPDATE dose_changes SET program_id = :p WHERE id = :id"),
            {"p": program, "id": cid},
        )

    # A stored dose that its latest change does not account for becomes a change.
    fields = ("exercise_id", "sets", "reps", "hold", "band")
    for dose in conn.execute(sa.text("SELECT * FROM doses")).mappings().all():
        latest = (
            conn.execute(
                sa.text(
                    "SELECT * FROM dose_changes WHERE slot = :slot "
                    "ORDER BY changed_at DESC, id DESC LIMIT 1"
                ),
                {"slot": dose["slot"]},
            )
            .mappings()
            .first()
        )
        if latest is not None and all(latest[f] == dose[f] for f in fields):
            continue
        at = _aware(dose["updated_at"])
        conn.execute(
            sa.text(
                "INSERT INTO dose_changes (uid, program_id, slot, exercise_id, sets, reps, "
                "hold, band, reason, suggestion_id, changed_at) VALUES (:uid, :program, "
                ":slot, :exercise_id, :sets, :reps, :hold, :band, :reason, NULL, :at)"
            ),
            {
                **{f: dose[f] for f in fields},
                "uid": uuid.uuid4().hex,
                "program": earned_in("", at, candidates.get(dose["slot"], [])),
                "slot": dose["slot"],
                "reason": KEPT_REASON,
                "at": dose["updated_at"],
            },
        )
    op.drop_table("doses")
    op.create_index(
        "ix_dose_changes_block", "dose_changes", ["program_id", "slot", "changed_at"], unique=False
    )


def downgrade() -> None:
    conn = op.get_bind()
    op.drop_index("ix_dose_changes_block", table_name="dose_changes")
    op.create_table(
        "doses",
        sa.Column("slot", sa.String(length=60), nullable=False),
        sa.Column("exercise_id", sa.String(length=60), nullable=False),
        sa.Column("sets", sa.Integer(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=True),
        sa.Column("hold", sa.Integer(), nullable=True),
        sa.Column("band", sa.String(length=10), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("slot", name=op.f("pk_doses")),
    )
    # Back to one dose per exercise: the latest change of each, whichever program.
    latest: dict[str, Any] = {}
    for change in conn.execute(
        sa.text("SELECT * FROM dose_changes ORDER BY changed_at, id")
    ).mappings():
        latest[change["slot"]] = change
    for slot, c in latest.items():
        conn.execute(
            sa.text(
                "INSERT INTO doses (slot, exercise_id, sets, reps, hold, band, updated_at) "
                "VALUES (:slot, :exercise_id, :sets, :reps, :hold, :band, :at)"
            ),
            {
                **{k: c[k] for k in ("exercise_id", "sets", "reps", "hold", "band")},
                "slot": slot,
                "at": c["changed_at"],
            },
        )
    recreate: Literal["always", "never"] = "always" if conn.dialect.name == "sqlite" else "never"
    for table in ("dose_changes", "suggestions"):
        with op.batch_alter_table(table, recreate=recreate) as batch:
            batch.drop_column("program_id")
    with op.batch_alter_table("workouts", recreate=recreate) as batch:
        batch.drop_column("active_seconds")
