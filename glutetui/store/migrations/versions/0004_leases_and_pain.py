"""A running workout holds a lease; pain is kept per side, with a score and a note.

Revision 0004 (revises: 0003), made 2026-12-04.

* ``workouts.device``, ``lease`` and ``heartbeat_at``: which device runs a workout,
  and when it last said so; another device leaves it alone while that is fresh.
* ``workouts.pain_score`` (0-10) and ``pain_note``: pain today, asked on the summary.
* ``set_logs.pain_side_known``: a pain flag from before was put on every side of the
  exercise; those say "side not recorded" from now on, never "left and right".
"""

from __future__ import annotations

from typing import Literal

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "workouts", sa.Column("device", sa.String(length=100), nullable=False, server_default="")
    )
    op.add_column(
        "workouts", sa.Column("lease", sa.String(length=32), nullable=False, server_default="")
    )
    op.add_column("workouts", sa.Column("heartbeat_at", sa.DateTime(), nullable=True))
    op.add_column("workouts", sa.Column("pain_score", sa.Integer(), nullable=True))
    op.add_column("workouts", sa.Column("pain_note", sa.Text(), nullable=False, server_default=""))
    op.add_column(
        "set_logs",
        sa.Column("pain_side_known", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    # Every earlier flag was put on all the exercise's sides: which one hurt is unknown.
    op.execute(sa.text("UPDATE set_logs SET pain_side_known = :no WHERE pain").bindparams(no=False))


def downgrade() -> None:
    recreate: Literal["always", "never"] = (
        "always" if op.get_bind().dialect.name == "sqlite" else "never"
    )
    with op.batch_alter_table("set_logs", recreate=recreate) as batch:
        batch.drop_column("pain_side_known")
    with op.batch_alter_table("workouts", recreate=recreate) as batch:
        for column in ("pain_note", "pain_score", "heartbeat_at", "lease", "device"):
            batch.drop_column(column)
