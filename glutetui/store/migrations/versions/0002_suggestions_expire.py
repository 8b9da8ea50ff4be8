"""Suggestions can expire: a pending one is set aside when newer evidence replaces it.

Revision 0002 (revises: 0001), made 2026-11-21. SQLite cannot change a CHECK
constraint in place, so there the table is copied (Alembic's batch mode); PostgreSQL
alters it in place, and must: copying would drop the table that dose changes point at.
"""

from __future__ import annotations

from typing import Literal

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OLD = "status IN ('pending', 'accepted', 'dismissed')"
NEW = "status IN ('pending', 'accepted', 'dismissed', 'expired')"


def _recreate() -> Literal["always", "never"]:
    return "always" if op.get_context().dialect.name == "sqlite" else "never"


def upgrade() -> None:
    with op.batch_alter_table("suggestions", recreate=_recreate()) as batch:
        batch.drop_constraint(op.f("ck_suggestions_status"), type_="check")
        batch.create_check_constraint("status", NEW)


def downgrade() -> None:
    op.execute("UPDATE suggestions SET status = 'dismissed' WHERE status = 'expired'")
    with op.batch_alter_table("suggestions", recreate=_recreate()) as batch:
        batch.drop_constraint(op.f("ck_suggestions_status"), type_="check")
        batch.create_check_constraint("status", OLD)
