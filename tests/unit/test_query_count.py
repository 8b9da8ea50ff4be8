"""One Home refresh and one progression review cost a bounded number of queries.

On a home with 30 exercises logged, the count of SQL statements is measured with
SQLAlchemy's own cursor events, then measured again after three times as many
workouts: it must not grow with the length of the history.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

from glutetui.platform.locations import resolve
from glutetui.services import Services
from tests import coaching
from tests.clock import FakeClock
from tests.factories import logged_set
from tests.unit.test_catalog import USER_EXERCISE, write

EXERCISES = 30


@contextmanager
def counted(services: Services) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    engine = services.store.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def home_with(tmp_path: Path) -> tuple[Services, list[str]]:
    home = tmp_path / "home"
    # The library has 28 exercises; two of the person's own make 30.
    for name in ("my-clam", "my-other-clam"):
        write(home / "exercises", f"{name}.toml", USER_EXERCISE)
    services = Services(resolve(home), FakeClock())
    ids = sorted(services.catalog.exercises)
    assert len(ids) == EXERCISES
    return services, ids


def log_workouts(services: Services, ids: list[str], count: int) -> None:
    """``count`` workouts, each logging one set of every exercise, rated."""
    clock = services.clock
    assert isinstance(clock, FakeClock)
    for _ in range(count):
        now = clock.now()
        with services.store.write() as db:
            workout = db.workouts.start("mine", "Everything", "", now)
            for block, exercise in enumerate(ids):
                db.workouts.log_set(
                    workout.id,
                    logged_set(block, 0, "both", at=now, exercise=exercise, rep_seconds=3),
                )
                db.workouts.rate_block(workout.id, block, effort=3, pain=False)
            db.workouts.finish(workout.id, "completed", now + timedelta(minutes=40))
        clock.advance(timedelta(days=1).total_seconds())


def measure(services: Services) -> tuple[int, int]:
    with counted(services) as review:
        coaching.review(services)
    with counted(services) as refresh:
        services.home_data()
    return len(review), len(refresh)


def test_home_and_review_queries_do_not_grow_with_the_history(tmp_path: Path) -> None:
    services, ids = home_with(tmp_path)
    try:
        log_workouts(services, ids, 2)
        coaching.review(services)  # settle: what the history suggests is made once
        few = measure(services)
        log_workouts(services, ids, 5)
        coaching.review(services)
        many = measure(services)
    finally:
        services.close()
    assert many == few, f"review, Home refresh: {few} queries, then {many}"
    review, refresh = few
    assert review <= 8 and refresh <= review + 12, few
