"""Alembic environment for glutetui's schema.

At run time the app hands Alembic an open connection in ``config.attributes``; a
developer making a new revision runs Alembic against a scratch database URL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from glutetui.store.models import Base

config = context.config


def _run(connection: Connection) -> None:
    # SQLite cannot ALTER most things in place: batch mode copies the table instead.
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


given = config.attributes.get("connection")
if given is not None:
    _run(given)
else:
    url = config.get_main_option("sqlalchemy.url") or "sqlite:///scratch.db"
    with create_engine(url).connect() as conn:
        _run(conn)
