"""A period's workouts of one status are found in one index.

Revision 0007 (revises: 0006), made 2026-12-07.

* ``ix_workouts_status_started`` on ``workouts (status, started_at)`` replaces
  ``ix_workouts_status``. A query for the completed workouts of a period (``progress``,
  History, the report: the program in use, the last workout before the period) named
  both columns; SQLite, knowing nothing of how the statuses are spread, took the
  status index, and since nearly every workout is completed it visited every workout,
  plan and all. With both columns in one index it reads only the period's entries.
  Asking for one status alone (the unfinished workout) uses the same index.
* Indexes alone change: no table is copied, on SQLite or PostgreSQL.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_workouts_status_started", "workouts", ["status", "started_at"])
    op.drop_index("ix_workouts_status", table_name="workouts")


def downgrade() -> None:
    op.create_index("ix_workouts_status", "workouts", ["status"])
    op.drop_index("ix_workouts_status_started", table_name="workouts")
