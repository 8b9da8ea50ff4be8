"""Running glutetui's Alembic migrations on a connection the caller already holds.

Both dialects use the same scripts; the caller decides the transaction around them
(SQLite turns foreign keys off first, PostgreSQL takes a lock so two copies never
migrate at once). Alembic is imported only here, and only when a migration runs.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def migrate(connection: Connection, revision: str = "head") -> None:
    """Upgrade the schema on ``connection`` to ``revision`` inside its transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # env.py runs the scripts on this connection instead of opening its own.
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
