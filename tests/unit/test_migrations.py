"""Every released schema revision has a fixture database under tests/fixtures/, and
each one upgrades to the newest schema with every row intact, a copy kept beside it,
and nothing the models describe left out. (A model changed without a migration fails
tests/unit/test_store.py::test_the_models_need_no_migration_that_is_not_written.)

A new file is built from the models, not by the migrations: SQLite's own catalogue of
it must be the same as that of a file the migrations brought up from the first
revision, table by table, column by column.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from glutetui.store import Store
from glutetui.store.database import make_engine, upgrade
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


# SQL's quoted words and names, read whole so that nothing inside them counts.
QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|`[^`]*`|\[[^\]]*\]")
NAMED = re.compile(r"CONSTRAINT\s+(\"[^\"]+\"|\w+)\s+(PRIMARY KEY|UNIQUE|CHECK|FOREIGN KEY)", re.I)
CHECK = re.compile(r"(?:CONSTRAINT\s+(\"[^\"]+\"|\w+)\s+)?CHECK\s*\(", re.I)


def _bracketed(sql: str, start: int) -> str:
    """The text inside the parenthesis that opens at ``start``, up to the one closing it."""
    depth, at = 0, start
    while at < len(sql):
        quoted = QUOTED.match(sql, at)
        if quoted:
            at = quoted.end()
            continue
        depth += {"(": 1, ")": -1}.get(sql[at], 0)
        if depth == 0:
            return sql[start + 1 : at]
        at += 1
    raise AssertionError(f"unbalanced parentheses in {sql!r}")


def _words(sql: str) -> str:
    return " ".join(sql.split())


def checks(sql: str) -> dict[str, str]:
    """A table's CHECK constraints by name (an unnamed one by its own text), each
    expression with its spacing made even."""
    found: dict[str, str] = {}
    at = 0
    while match := CHECK.search(sql, at):
        quoted = QUOTED.search(sql, at)
        if quoted and quoted.start() < match.start():  # the word CHECK in a string
            at = quoted.end()
            continue
        expression = _words(_bracketed(sql, match.end() - 1))
        found[(match.group(1) or expression).strip('"')] = expression
        at = match.end()
    return found


def catalogue(path: Path) -> dict[str, Any]:
    """What SQLite itself says about the schema of the file at ``path``: per table its
    columns, indexes, foreign keys, named constraints and CHECK expressions, in a form
    two files share whenever they hold the same schema, however their CREATE statements
    are spelled or ordered."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        master = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        # Views and triggers (none yet) by their SQL; tables below, by what SQLite says.
        found: dict[str, Any] = {
            f"{kind} {name}": _words(sql or "")
            for kind, name, _, sql in master
            if kind not in ("table", "index")
        }
        for kind, table, _, sql in master:
            if kind != "table":
                continue
            indexes = {}
            for _, name, unique, origin, partial in db.execute(f"PRAGMA index_list('{table}')"):
                columns = tuple(
                    (column, descending, collation)
                    for _, _, column, descending, collation, key in db.execute(
                        f"PRAGMA index_xinfo('{name}')"
                    )
                    if key
                )
                # SQLite names the indexes behind UNIQUE and PRIMARY KEY by their order.
                shown = f"auto {columns}" if name.startswith("sqlite_autoindex_") else name
                indexes[shown] = (unique, origin, partial, columns)
            keys: dict[int, list[tuple[Any, ...]]] = {}
            for key, _, target, own, other, on_update, on_delete, match in db.execute(
                f"PRAGMA foreign_key_list('{table}')"
            ):
                keys.setdefault(key, []).append((target, own, other, on_update, on_delete, match))
            found[table] = {
                # Its kind, width, WITHOUT ROWID and STRICT (SQLite 3.37 on; before, nothing).
                "kind": db.execute(f"PRAGMA table_list('{table}')").fetchall(),
                "columns": db.execute(f"PRAGMA table_xinfo('{table}')").fetchall(),
                "indexes": indexes,
                "foreign keys": sorted(
                    (
                        rows[0][0],
                        tuple(r[1] for r in rows),
                        tuple(r[2] for r in rows),
                        *rows[0][3:],
                    )
                    for rows in keys.values()
                ),
                "constraints": {name.strip('"'): what.upper() for name, what in NAMED.findall(sql)},
                "checks": checks(sql),
            }
    return found


TABLE = (
    "CREATE TABLE t (id INTEGER NOT NULL, p_id INTEGER, s VARCHAR(5) DEFAULT 'a', "
    "CONSTRAINT pk_t PRIMARY KEY (id), CONSTRAINT ck_t_s CHECK (s IN ('a', 'b')), "
    "CONSTRAINT fk_t FOREIGN KEY(p_id) REFERENCES p (id) ON DELETE CASCADE, "
    "CONSTRAINT uq_t UNIQUE (p_id, s))"
)


def test_the_catalogue_sees_every_difference_and_no_spelling(tmp_path: Path) -> None:
    def made(name: str, table: str, index: str = "CREATE INDEX ix_t_s ON t (s)") -> Any:
        with contextlib.closing(sqlite3.connect(tmp_path / name)) as db:
            db.execute("CREATE TABLE p (id INTEGER PRIMARY KEY)")
            db.execute(table)
            db.execute(index)
        return catalogue(tmp_path / name)

    base = made("base.db", TABLE)
    assert base["t"]["checks"] == {"ck_t_s": "s IN ('a', 'b')"}
    assert base["t"]["constraints"] == {
        "pk_t": "PRIMARY KEY",
        "ck_t_s": "CHECK",
        "fk_t": "FOREIGN KEY",
        "uq_t": "UNIQUE",
    }
    respelled = (
        "CREATE TABLE \"t\" (id INTEGER NOT NULL, p_id INTEGER, s VARCHAR(5) DEFAULT 'a',\n"
        "  CONSTRAINT uq_t UNIQUE (p_id, s), CONSTRAINT pk_t PRIMARY KEY (id),\n"
        "  CONSTRAINT fk_t FOREIGN KEY(p_id) REFERENCES p (id) ON DELETE CASCADE,\n"
        "  CONSTRAINT ck_t_s CHECK (s  IN ('a',  'b')))"
    )
    assert made("respelled.db", respelled) == base
    changes = {
        "a column's place": (
            "p_id INTEGER, s VARCHAR(5) DEFAULT 'a'",
            "s VARCHAR(5) DEFAULT 'a', p_id INTEGER",
        ),
        "a type": ("VARCHAR(5)", "VARCHAR(6)"),
        "a default": ("DEFAULT 'a'", "DEFAULT 'b'"),
        "a NOT NULL": ("p_id INTEGER", "p_id INTEGER NOT NULL"),
        "a check": ("IN ('a', 'b')", "IN ('a', 'c')"),
        "a check's name": ("ck_t_s", "ck_t_x"),
        "a delete rule": ("ON DELETE CASCADE", "ON DELETE SET NULL"),
        "a unique constraint": ("UNIQUE (p_id, s)", "UNIQUE (s, p_id)"),
    }
    for n, (what, (old, new)) in enumerate(changes.items()):
        assert made(f"{n}.db", TABLE.replace(old, new)) != base, f"the catalogue misses {what}"
    for n, index in enumerate(
        ["CREATE INDEX ix_t_s ON t (s, id)", "CREATE UNIQUE INDEX ix_t_s ON t (s)"]
    ):
        assert made(f"index-{n}.db", TABLE, index) != base, f"the catalogue misses {index}"


def test_a_new_database_has_the_schema_the_migrations_build(tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    Store.open(new).close()
    # The first released revision, brought up by every migration since.
    upgraded = tmp_path / "upgraded.db"
    shutil.copyfile(fixture_path(REVISIONS[0]), upgraded)
    Store.open(upgraded).close()
    # An empty file taken through every migration, as new files once were.
    migrated = tmp_path / "migrated.db"
    engine = make_engine(migrated)
    try:
        upgrade(engine)
    finally:
        engine.dispose()

    built = catalogue(new)
    assert {"workouts", "set_logs", "block_sums", "alembic_version"} <= set(built)
    assert len(built["set_logs"]["checks"]) == 3, "the catalogue found no CHECK constraints"
    for other in (catalogue(upgraded), catalogue(migrated)):
        assert set(other) == set(built)
        for table in built:
            assert other[table] == built[table], f"{table} differs from the migrated one"
    with contextlib.closing(sqlite3.connect(new)) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
