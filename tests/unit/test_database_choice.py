"""Choosing the database: ``--db`` and ``GLUTETUI_DB`` name a URL, and without them the
history is the SQLite file in the home folder, opened exactly as it always was."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sqlalchemy import Engine

from glutetui.cli.parser import build_parser
from glutetui.platform.locations import DB_ENV, HOME_ENV, resolve
from glutetui.store.database import open_target
from glutetui.store.schema import HEAD


def revision_of(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


# --- choosing the database ------------------------------------------------------------


def test_without_db_the_history_is_the_file_in_the_home_folder(tmp_path: Path) -> None:
    where = resolve(tmp_path / "home", environ={})
    assert where.database_url is None
    assert where.database_target == where.database == tmp_path / "home" / "glutetui.db"


def test_db_and_its_variable_choose_the_database_and_keep_the_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {HOME_ENV: str(home), DB_ENV: "postgresql://from-env/h"}

    from_env = resolve(None, env)
    assert from_env.database_target == "postgresql://from-env/h"
    assert from_env.settings == home / "settings.toml" and from_env.programs == home / "programs"

    flag = resolve(None, env, db="postgresql://from-flag/h")
    assert flag.database_target == "postgresql://from-flag/h"
    assert resolve(None, {**env, DB_ENV: ""}).database_target == home / "glutetui.db"
    assert resolve(None, {}, db="postgresql://x/h").config != home  # platform folders


def test_the_command_line_takes_db_before_the_command() -> None:
    args = build_parser().parse_args(["--db", "postgresql://me@h/d", "history"])
    assert args.db == "postgresql://me@h/d" and args.command == "history"
    assert build_parser().parse_args(["history"]).db is None


# --- the file, as before --------------------------------------------------------------


def test_a_file_by_path_or_by_url_opens_as_it_always_has(tmp_path: Path) -> None:
    by_path = tmp_path / "a" / "glutetui.db"
    by_url = tmp_path / "b" / "glutetui.db"

    for engine in (open_target(by_path), open_target(f"sqlite:///{by_url}")):
        try:
            assert revision_of(engine) == HEAD
            with engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        finally:
            engine.dispose()
    for file in (by_path, by_url):
        assert stat.S_IMODE(os.stat(file).st_mode) == 0o600
