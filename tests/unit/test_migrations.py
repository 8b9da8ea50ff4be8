"""Every released schema revision has a fixture database under tests/fixtures/, and
each one upgrades to the newest schema with every row intact, a copy kept beside it,
and nothing the models describe left out. (A model changed without a migration fails
tests/unit/test_store.py::test_the_models_need_no_migration_that_is_not_written.)
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from glutetui.store import Store
from glutetui.store.schema import HEAD, REVISIONS
from tests.fixtures.make_schema_fixture import fixture_path

Rows = dict[str, list[dict[str, Any]]]


def every_row(path: Path) -> Rows:
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.row_factory = sqlite3.Row
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version'"
            )
        ]
        return {
            table: [dict(row) for row in db.execute(f"SELECT * FROM {table} ORDER BY rowid")]
            for table in tables
        }


def test_every_released_revision_has_a_fixture() -> None:
    missing = [r for r in REVISIONS if not fixture_path(r).exists()]
    assert not missing, (
        f"no fixture for revision(s) {missing}: run "
        "`uv run python -m tests.fixtures.make_schema_fixture REVISION` and commit it"
    )


@pytest.mark.parametrize("revision", REVISIONS)
def test_a_fixture_upgrades_with_every_row_intact(tmp_path: Path, revision: str) -> None:
    db = tmp_path / "glutetui.db"
    shutil.copyfile(fixture_path(revision), db)
    before = every_row(db)
    assert before["workouts"] and before["set_logs"], "the fixture holds no training"
    assert all(before[t] for t in ("dose_changes", "suggestions", "self_tests"))

    store = Store.open(db)
    try:
        with store.read() as unit:
            assert len(unit.workouts.page(limit=1000)) == len(before["workouts"])
            statuses = {s.status for s in unit.suggestions.listed()}
            assert statuses == {"pending", "accepted", "dismissed"}
            assert len(unit.self_tests.listed()) == len(before["self_tests"])
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    finally:
        store.close()
    assert version == HEAD

    after = every_row(db)
    # Revision 0003 folds the doses into the dose changes: each old dose is now its
    # exercise's latest change, in the program it was earned in.
    kept = {table: list(rows) for table, rows in before.items()}
    doses = before.pop("doses", [])
    if doses:
        changes = sorted(after["dose_changes"], key=lambda c: (c["changed_at"], c["id"]))
        for dose in doses:
            latest = [c for c in changes if c["slot"] == dose["slot"]][-1]
            fields = ("exercise_id", "sets", "reps", "hold", "band")
            assert {f: latest[f] for f in fields} == {f: dose[f] for f in fields}
            assert latest["program_id"], "a dose kept with no program"
        added = len(after["dose_changes"]) - len(before["dose_changes"])
        before["dose_changes"] += after["dose_changes"][len(before["dose_changes"]) :]
        assert added <= len(doses)
    for table, rows in before.items():
        assert len(after[table]) == len(rows), f"{table}: rows lost or added"
        for old, new in zip(rows, after[table], strict=True):
            assert {k: new[k] for k in old} == old, f"{table}: a row changed"
    assert all(c["program_id"] for c in after["dose_changes"] + after["suggestions"])
    if revision != HEAD:
        assert every_row(db.with_name(f"glutetui.db.before-{revision}")) == kept


def test_the_upgraded_schema_is_exactly_what_the_models_describe(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from glutetui.store.models import Base

    for revision in REVISIONS:
        db = tmp_path / f"{revision}.db"
        shutil.copyfile(fixture_path(revision), db)
        store = Store.open(db)
        try:
            with store.engine.connect() as conn:
                differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        finally:
            store.close()
        assert differences == [], f"revision {revision} upgraded to a different schema"
