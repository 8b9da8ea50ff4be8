"""A set passed over is kept as skipped, not as a set of nothing.

Revision 0005 (revises: 0004), made 2026-12-07.

* ``set_logs.skipped``: the set was passed over with Next before anything was done.
  It still shows where it fell in the workout, but is no evidence for progression,
  symmetry, records or done-of-target.
* Sets logged before this revision that the log shows were passed over become
  skipped: nothing done (no rep, under a second held) and over before one rep's time
  (or a second of a hold) had gone by. A set that ran its time and still shows nothing
  was corrected to nothing by the person, and stays as they said.
"""

from __future__ import annotations

from typing import Any, Literal

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "set_logs",
        sa.Column("skipped", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    sets = sa.table(
        "set_logs",
        sa.column("id", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("reps", sa.Integer),
        sa.column("hold_seconds", sa.Float),
        sa.column("rep_seconds", sa.Integer),
        sa.column("partial", sa.Boolean),
        sa.column("started_at", sa.DateTime),
        sa.column("ended_at", sa.DateTime),
        sa.column("skipped", sa.Boolean),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            sets.c.id,
            sets.c.kind,
            sets.c.reps,
            sets.c.hold_seconds,
            sets.c.rep_seconds,
            sets.c.started_at,
            sets.c.ended_at,
        ).where(
            sa.or_(
                sa.and_(sets.c.kind != "hold", sa.func.coalesce(sets.c.reps, 0) == 0),
                sa.and_(sets.c.kind == "hold", sa.func.coalesce(sets.c.hold_seconds, 0) < 1),
            )
        )
    ).all()
    passed_over = [row.id for row in rows if _passed_over(row)]
    for start in range(0, len(passed_over), 500):
        chunk = passed_over[start : start + 500]
        bind.execute(sets.update().where(sets.c.id.in_(chunk)).values(skipped=True))


def _passed_over(row: Any) -> bool:
    """Nothing done, and over before one rep (or one second held) could have been."""
    started, ended = row.started_at, row.ended_at
    if isinstance(started, str):  # SQLite without type information hands back text
        from datetime import datetime

        started, ended = datetime.fromisoformat(started), datetime.fromisoformat(str(ended))
    lasted = (ended - started).total_seconds()
    one = 1.0 if row.kind == "hold" else float(max(1, row.rep_seconds or 0))
    return bool(lasted < one)


def downgrade() -> None:
    recreate: Literal["always", "never"] = (
        "always" if op.get_bind().dialect.name == "sqlite" else "never"
    )
    with op.batch_alter_table("set_logs", recreate=recreate) as batch:
        batch.drop_column("skipped")
