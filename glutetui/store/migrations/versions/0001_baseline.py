"""Baseline schema: workouts, set logs, doses, suggestions, dose changes, self-tests

Revision 0001, the first; made 2026-11-21. Times are stored as naive UTC.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
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
    op.create_table(
        "self_tests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("side", sa.String(length=5), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("target_seconds", sa.Integer(), nullable=False),
        sa.Column("hold_seconds", sa.Float(), nullable=False),
        sa.Column("level", sa.Boolean(), nullable=False),
        sa.CheckConstraint("side IN ('left', 'right')", name=op.f("ck_self_tests_side")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_tests")),
        sa.UniqueConstraint("uid", name=op.f("uq_self_tests_uid")),
    )
    with op.batch_alter_table("self_tests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_self_tests_taken_at"), ["taken_at"], unique=False)

    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("slot", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence", sa.String(length=200), nullable=False),
        sa.Column("from_exercise", sa.String(length=60), nullable=False),
        sa.Column("from_sets", sa.Integer(), nullable=False),
        sa.Column("from_reps", sa.Integer(), nullable=True),
        sa.Column("from_hold", sa.Integer(), nullable=True),
        sa.Column("from_band", sa.String(length=10), nullable=False),
        sa.Column("to_exercise", sa.String(length=60), nullable=False),
        sa.Column("to_sets", sa.Integer(), nullable=False),
        sa.Column("to_reps", sa.Integer(), nullable=True),
        sa.Column("to_hold", sa.Integer(), nullable=True),
        sa.Column("to_band", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'accepted', 'dismissed')", name=op.f("ck_suggestions_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestions")),
        sa.UniqueConstraint("uid", name=op.f("uq_suggestions_uid")),
    )
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suggestions_slot"), ["slot"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestions_status"), ["status"], unique=False)

    op.create_table(
        "workouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("program_id", sa.String(length=80), nullable=False),
        sa.Column("program_name", sa.String(length=200), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status IN ('in-progress', 'completed', 'ended-early', 'partial')",
            name=op.f("ck_workouts_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workouts")),
        sa.UniqueConstraint("uid", name=op.f("uq_workouts_uid")),
    )
    with op.batch_alter_table("workouts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workouts_started_at"), ["started_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_workouts_status"), ["status"], unique=False)

    op.create_table(
        "dose_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("slot", sa.String(length=60), nullable=False),
        sa.Column("exercise_id", sa.String(length=60), nullable=False),
        sa.Column("sets", sa.Integer(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=True),
        sa.Column("hold", sa.Integer(), nullable=True),
        sa.Column("band", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["suggestion_id"],
            ["suggestions.id"],
            name=op.f("fk_dose_changes_suggestion_id_suggestions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dose_changes")),
        sa.UniqueConstraint("uid", name=op.f("uq_dose_changes_uid")),
    )
    with op.batch_alter_table("dose_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dose_changes_slot"), ["slot"], unique=False)

    op.create_table(
        "set_logs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workout_id", sa.Integer(), nullable=False),
        sa.Column("block", sa.Integer(), nullable=False),
        sa.Column("set_index", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=5), nullable=False),
        sa.Column("exercise_id", sa.String(length=60), nullable=False),
        sa.Column("slot", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("target_reps", sa.Integer(), nullable=True),
        sa.Column("target_hold", sa.Integer(), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=True),
        sa.Column("hold_seconds", sa.Float(), nullable=True),
        sa.Column("rep_seconds", sa.Integer(), nullable=False),
        sa.Column("band", sa.String(length=10), nullable=False),
        sa.Column("effort", sa.Integer(), nullable=True),
        sa.Column("pain", sa.Boolean(), nullable=False),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "band IN ('none', 'light', 'medium', 'heavy')", name=op.f("ck_set_logs_band")
        ),
        sa.CheckConstraint("side IN ('left', 'right', 'both')", name=op.f("ck_set_logs_side")),
        sa.CheckConstraint(
            "effort IS NULL OR effort BETWEEN 1 AND 5", name=op.f("ck_set_logs_effort")
        ),
        sa.ForeignKeyConstraint(
            ["workout_id"],
            ["workouts.id"],
            name=op.f("fk_set_logs_workout_id_workouts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_set_logs")),
        sa.UniqueConstraint(
            "workout_id",
            "block",
            "set_index",
            "side",
            name=op.f("uq_set_logs_workout_id_block_set_index_side"),
        ),
    )
    with op.batch_alter_table("set_logs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_set_logs_exercise_ended", ["exercise_id", "ended_at"], unique=False
        )
        batch_op.create_index("ix_set_logs_slot_ended", ["slot", "ended_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("set_logs", schema=None) as batch_op:
        batch_op.drop_index("ix_set_logs_slot_ended")
        batch_op.drop_index("ix_set_logs_exercise_ended")

    op.drop_table("set_logs")
    with op.batch_alter_table("dose_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dose_changes_slot"))

    op.drop_table("dose_changes")
    with op.batch_alter_table("workouts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workouts_status"))
        batch_op.drop_index(batch_op.f("ix_workouts_started_at"))

    op.drop_table("workouts")
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestions_status"))
        batch_op.drop_index(batch_op.f("ix_suggestions_slot"))

    op.drop_table("suggestions")
    with op.batch_alter_table("self_tests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_self_tests_taken_at"))

    op.drop_table("self_tests")
    op.drop_table("doses")
