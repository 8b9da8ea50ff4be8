"""A summary per workout, block and exercise, kept as sets are written.

Revision 0006 (revises: 0005), made 2026-12-07.

* ``block_sums``: per workout, block and exercise, what its sets add up to on each side
  (the evidence: every set but a skipped one; and the whole sets: neither skipped nor
  stopped part-way), with the workout's start and program copied in. The report,
  History and ``progress`` sum these rows instead of every set; every write of sets
  sums its block again in the same transaction (``glutetui.store.sums``).
* Built here from the sets already kept. This script spells the sums out itself, as
  they stand at this revision, so a later change to the live code cannot change what
  it builds; a test holds both to the sets they sum.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SIDES = ("left", "right", "both")
BANDS = ("none", "light", "medium", "heavy")
SIDE_SUMS: tuple[tuple[str, Any], ...] = (
    ("sets", sa.Integer),
    ("done", sa.Float),
    ("asked", sa.Float),
    ("pain", sa.Integer),
    ("tension", sa.Float),
    ("whole", sa.Integer),
    ("reps", sa.Integer),
    ("hold", sa.Float),
    ("band", sa.Integer),
    ("pain_sets", sa.Integer),
    ("first", sa.Integer),
)


def upgrade() -> None:
    op.create_table(
        "block_sums",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workout_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("program_id", sa.String(length=80), nullable=False),
        sa.Column("block", sa.Integer(), nullable=False),
        sa.Column("slot", sa.String(length=60), nullable=False),
        sa.Column("exercise_id", sa.String(length=60), nullable=False),
        sa.Column("effort", sa.Integer(), nullable=True),
        sa.Column("pain_any", sa.Integer(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("hold", sa.Float(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.Column("first_end", sa.DateTime(), nullable=True),
        sa.Column("last_end", sa.DateTime(), nullable=True),
        *(
            sa.Column(f"{side}_{name}", kind(), nullable=name == "first")
            for side in SIDES
            for name, kind in SIDE_SUMS
        ),
        sa.ForeignKeyConstraint(
            ["workout_id"],
            ["workouts.id"],
            name="fk_block_sums_workout_id_workouts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_block_sums"),
        sa.UniqueConstraint(
            "workout_id",
            "block",
            "slot",
            "exercise_id",
            name="uq_block_sums_workout_id_block_slot_exercise_id",
        ),
    )
    op.create_index("ix_block_sums_started_at", "block_sums", ["started_at"])
    op.create_index("ix_block_sums_block", "block_sums", ["program_id", "slot", "started_at"])
    op.create_index("ix_block_sums_block_ended", "block_sums", ["program_id", "slot", "ended_at"])
    _fill()


def _fill() -> None:
    """Every workout's sets, summed as the live code sums them at this revision."""
    sets = sa.table(
        "set_logs",
        *(
            sa.column(name, kind)
            for name, kind in (
                ("id", sa.Integer),
                ("workout_id", sa.Integer),
                ("block", sa.Integer),
                ("set_index", sa.Integer),
                ("side", sa.String),
                ("exercise_id", sa.String),
                ("slot", sa.String),
                ("kind", sa.String),
                ("target_reps", sa.Integer),
                ("target_hold", sa.Integer),
                ("reps", sa.Integer),
                ("hold_seconds", sa.Float),
                ("rep_seconds", sa.Integer),
                ("band", sa.String),
                ("effort", sa.Integer),
                ("pain", sa.Boolean),
                ("partial", sa.Boolean),
                ("skipped", sa.Boolean),
                ("ended_at", sa.DateTime),
            )
        ),
    )
    workouts = sa.table(
        "workouts",
        sa.column("id", sa.Integer),
        sa.column("started_at", sa.DateTime),
        sa.column("program_id", sa.String),
    )
    s = sets.c
    evidence = s.skipped.is_(False)
    whole = sa.and_(s.skipped.is_(False), s.partial.is_(False))
    pain = sa.cast(s.pain, sa.Integer)
    done = sa.case(
        (s.kind == "hold", sa.func.coalesce(s.hold_seconds, 0.0)),
        else_=sa.func.coalesce(s.reps, 0),
    )
    asked = sa.case(
        (s.kind == "hold", sa.func.coalesce(s.target_hold, 0)),
        else_=sa.func.coalesce(s.target_reps, 0),
    )
    tension = sa.func.coalesce(s.reps, 0) * s.rep_seconds + sa.func.coalesce(s.hold_seconds, 0)
    band = sa.case({b: rank for rank, b in enumerate(BANDS)}, value=s.band, else_=0)
    columns: dict[str, Any] = {
        "workout_id": s.workout_id,
        "started_at": sa.func.max(workouts.c.started_at),
        "program_id": sa.func.max(workouts.c.program_id),
        "block": s.block,
        "slot": s.slot,
        "exercise_id": s.exercise_id,
        "effort": sa.func.max(s.effort),
        "pain_any": sa.func.coalesce(sa.func.max(pain), 0),
        "reps": sa.func.coalesce(sa.func.sum(sa.case((evidence, s.reps))), 0),
        "hold": sa.func.coalesce(sa.func.sum(sa.case((evidence, s.hold_seconds))), 0.0),
        "ended_at": sa.func.max(s.ended_at),
        "first_end": sa.func.min(sa.case((whole, s.ended_at))),
        "last_end": sa.func.max(sa.case((whole, s.ended_at))),
    }
    for side in SIDES:
        on = sa.and_(s.side == side, evidence)
        full = sa.and_(s.side == side, whole)
        columns |= {
            f"{side}_sets": sa.func.count(sa.case((on, s.id))),
            f"{side}_done": sa.func.coalesce(sa.func.sum(sa.case((on, done))), 0.0),
            f"{side}_asked": sa.func.coalesce(sa.func.sum(sa.case((on, asked))), 0.0),
            f"{side}_pain": sa.func.coalesce(sa.func.max(sa.case((on, pain))), 0),
            f"{side}_tension": sa.func.coalesce(sa.func.sum(sa.case((on, tension))), 0.0),
            f"{side}_whole": sa.func.count(sa.case((full, s.id))),
            f"{side}_reps": sa.func.coalesce(sa.func.sum(sa.case((full, s.reps))), 0),
            f"{side}_hold": sa.func.coalesce(sa.func.sum(sa.case((full, s.hold_seconds))), 0.0),
            f"{side}_band": sa.func.coalesce(sa.func.max(sa.case((full, band))), 0),
            f"{side}_pain_sets": sa.func.coalesce(sa.func.sum(sa.case((full, pain))), 0),
            f"{side}_first": sa.func.max(
                sa.case((sa.and_(full, s.set_index == 0), sa.func.coalesce(s.effort, 0)))
            ),
        }
    query = (
        sa.select(*(column.label(name) for name, column in columns.items()))
        .join(workouts, workouts.c.id == s.workout_id)
        .group_by(s.workout_id, s.block, s.slot, s.exercise_id)
    )
    target = sa.table("block_sums", *(sa.column(name) for name in columns))
    op.get_bind().execute(target.insert().from_select(list(columns), query))


def downgrade() -> None:
    op.drop_index("ix_block_sums_block_ended", table_name="block_sums")
    op.drop_index("ix_block_sums_block", table_name="block_sums")
    op.drop_index("ix_block_sums_started_at", table_name="block_sums")
    op.drop_table("block_sums")
