"""History on ten years of daily workouts on PostgreSQL, against the same on one month.

Target (docs/targets.md, issue 14): History opens — its workouts list, a trend
chart and the calendar, each until drawn — in at most 1.5x the time it takes on one
month, with the history in a PostgreSQL server. Measured as ``history_scale`` does
for the SQLite file: the real app in a fresh process (``postgres_probe``), the two
homes alternating after a warm-up, both databases on one local server.

Reported beside it, for information: the same panels' queries alone, in this
process (what ``glutetui.readouts.history`` and the list's page run through the services).
Most are bounded by a window or a page; the all-time longest streak reads every
training day, so that part grows with the years.
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.generate import generate_history
from benchmarks.harness import Result, alternate, child, median, versus
from benchmarks.history_scale import ONE_MONTH, TEN_YEARS
from benchmarks.pg_server import MISSING, local_server, new_database
from glutetui.catalog import Catalog, load_catalog
from glutetui.platform.clock import SystemClock
from glutetui.platform.locations import Locations
from glutetui.readouts import history
from glutetui.services import Services
from glutetui.store import Store

TARGET = 1.5
FIGURE = "history on PostgreSQL: list + trend + calendar, 10 years vs 1 month"
QUERIES = "history on PostgreSQL: the same panels' queries alone, 10 years vs 1 month"
PAGE = 100  # the workouts list's page (glutetui/widgets/workout_list.py)


def run(quick: bool) -> list[Result]:
    with local_server() as cluster:
        if cluster is None:
            return [Result(FIGURE, 0.0, None, "ms", "—", None, f"skipped: {MISSING}")]
        catalog = load_catalog()
        homes: dict[str, tuple[Path, str, int]] = {}
        for name, days in (("big", TEN_YEARS), ("small", ONE_MONTH)):
            url = new_database(cluster)
            store = Store.open(url)
            try:
                sets = generate_history(store, catalog, days).sets
            finally:
                store.close()
            settle(url)
            home = Path(cluster.root) / name
            home.mkdir()
            homes[name] = (home, url, sets)
        screen: dict[str, list[dict[str, float]]] = {"big": [], "small": []}

        def visit(name: str) -> float:
            home, url, _ = homes[name]
            figures = child("postgres_probe", str(home), url)
            screen[name].append(figures)
            return float(figures["total_ms"])

        runs = 1 if quick else 5
        big, small = alternate(
            lambda: visit("big"), lambda: visit("small"), runs, warmup=0 if quick else 1
        )
        queries = _queries(homes, catalog, quick)
    parts = ", ".join(
        f"{part} {median([s[part + '_ms'] for s in screen['big']]):.0f}"
        f"/{median([s[part + '_ms'] for s in screen['small']]):.0f} ms"
        for part in ("list", "trends", "calendar")
    )
    rows = f"{homes['big'][2]} vs {homes['small'][2]} set rows"
    return [
        versus(FIGURE, big, small, "ms", TARGET, f"{rows}; {parts} (10 years/1 month)"),
        queries,
    ]


def _queries(homes: dict[str, tuple[Path, str, int]], catalog: Catalog, quick: bool) -> Result:
    made = {
        name: Services(Locations(home, home, url), SystemClock(), catalog=catalog)
        for name, (home, url, _) in homes.items()
    }
    parts: dict[str, list[dict[str, float]]] = {"big": [], "small": []}

    def visit(name: str) -> float:
        figures = _visit(made[name])
        parts[name].append(figures)
        return figures["total_ms"]

    try:
        big, small = alternate(lambda: visit("big"), lambda: visit("small"), 3 if quick else 9)
    finally:
        for services in made.values():
            services.close()
    detail = ", ".join(
        f"{part} {median([p[part + '_ms'] for p in parts['big']]):.0f}"
        f"/{median([p[part + '_ms'] for p in parts['small']]):.0f} ms"
        for part in ("list", "trends", "calendar")
    )
    return Result(QUERIES, median(big), median(small), "ms", "—", None, f"{detail} (10y/1m)")


def _visit(services: Services) -> dict[str, float]:
    """What the History screen asks for when it opens its list, trends and calendar."""
    start = time.perf_counter()
    with services.store.read() as db:
        db.workouts.count()
        db.workouts.page(limit=PAGE, offset=0)
    listed = time.perf_counter()
    store, catalog = services.store, services.catalog
    today = services.clock.now().astimezone().date()
    choices = history.trend_choices(store, catalog)
    with services.store.read() as db:
        last = db.workouts.last()
        sets = db.workouts.sets_of(last.workout.id) if last is not None else []
    ids = [i for _, i in choices]
    exercise = next((s.exercise_id for s in sets if s.exercise_id in ids), ids[0])
    history.trend_series(store, catalog, today, exercise, "3m")
    trended = time.perf_counter()
    history.calendar(store, catalog, today, services.settings.plan)
    done = time.perf_counter()
    return {
        "list_ms": (listed - start) * 1000,
        "trends_ms": (trended - listed) * 1000,
        "calendar_ms": (done - trended) * 1000,
        "total_ms": (done - start) * 1000,
    }


def settle(url: str) -> None:
    """What the server's autovacuum does within a minute of a bulk load: count the new
    rows for the planner and mark the pages all-visible (so an index can answer alone).
    Measured before it, ten years would be planned as if they were a month."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
