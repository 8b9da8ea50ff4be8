"""The schema revisions this version of glutetui knows, oldest first.

Kept apart from the database code so that reading them costs no SQLAlchemy import;
a test checks the list against the Alembic migration scripts.
"""

from __future__ import annotations

REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
HEAD = REVISIONS[-1]
