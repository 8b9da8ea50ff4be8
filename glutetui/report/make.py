"""Making the report: figures from the store, the page (``page``), the file.

``write_report`` is the one entry point, for the command line and the app alike.
Jinja2 and pygal are imported by ``page``, when a report is made, never when
glutetui starts.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING

from glutetui.report.period import Period, ReportError

REPORT_STEPS = 3  # reading the figures, drawing the page, writing the file
REPORT_CACHE_MB = 32  # SQLite's page cache while the figures are read (2 MB by default)

if TYPE_CHECKING:
    from glutetui.catalog import Catalog
    from glutetui.platform.settings import PlanEntry
    from glutetui.report.data import ReportData
    from glutetui.report.paper import Paper
    from glutetui.store import Store


def write_report(
    store: Store | None,
    catalog: Catalog,
    period: Period,
    path: Path,
    *,
    replace: bool = False,
    made: datetime | None = None,
    paper: Paper | None = None,
    name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    plans: Mapping[str, PlanEntry] | None = None,
) -> str:
    """Write the report for ``period`` to ``path`` (``store`` None: no history yet) and
    return one line saying where it went and what it holds. ``paper`` is the sheet it
    is laid out for (None: the locale's); ``name`` the person's, printed on every page.
    ``progress`` hears (steps done, steps in all) as it goes: the figures read, the
    page drawn, the file written.

    Raises ReportError, with one line for the user, when the file exists (and
    ``replace`` is false), is a folder, or cannot be written.
    """
    from glutetui.platform.files import CannotWrite, write_file

    _check_target(path, replace)
    from glutetui.report.page import render
    from glutetui.report.paper import default_paper

    told = progress or (lambda done, total: None)
    told(0, REPORT_STEPS)
    data = collect_figures(store, catalog, period, made, plans)
    told(1, REPORT_STEPS)
    html = render(data, paper or default_paper(), name)
    told(2, REPORT_STEPS)

    def write(out: IO[str]) -> None:
        out.write(html)

    try:
        # Health figures: readable by their owner only, like the database and exports.
        write_file(path, write, replace=replace, private=True)
    except CannotWrite as exc:
        raise ReportError(str(exc)) from exc
    told(REPORT_STEPS, REPORT_STEPS)
    held = "no workouts" if data.empty else f"{data.workouts} workout{'s' * (data.workouts != 1)}"
    return f"Wrote the report for {period.describe()} ({held}) to {path.absolute()}"


def collect_figures(
    store: Store | None,
    catalog: Catalog,
    period: Period,
    made: datetime | None = None,
    plans: Mapping[str, PlanEntry] | None = None,
) -> ReportData:
    """Every figure of the report, read in one session (none without a history)."""
    from glutetui.measures.adherence import adherence as measured
    from glutetui.report.assemble import collect
    from glutetui.report.calendar import adherence
    from glutetui.report.data import ReportData

    made = made or datetime.now().astimezone()
    today = made.date()
    if store is None:
        nothing = measured((), None, period.since, period.until, today, None)
        return ReportData(
            period=period,
            made=made,
            bucket=period.bucket,
            adherence=adherence(period, nothing, None),
        )
    # The report reads the block summaries several times over (the charts' steps, each
    # block's stretches of one dose, the long log …): a page cache that holds them
    # reads them from the disk once.
    # Read on two connections at once where the store can give two that see the same
    # history: the database's time on a long one is about halved on two cores.
    with store.read_together(cache_mb=REPORT_CACHE_MB) as (db, beside):
        return collect(db, catalog, period, made, today, plans, beside)


def report_html(
    store: Store | None,
    catalog: Catalog,
    period: Period,
    made: datetime | None = None,
    paper: Paper = "a4",
    name: str | None = None,
) -> str:
    """The whole report as one HTML page."""
    from glutetui.report.page import render

    return render(collect_figures(store, catalog, period, made), paper, name)


def _check_target(path: Path, replace: bool) -> None:
    """Fail before any work is done when the file could not be written anyway."""
    if path.is_dir():
        raise ReportError(f"{path} is a folder")
    if path.exists() and not replace:
        raise ReportError(f"{path} already exists; add --force to overwrite it")
    folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), None)
    if folder is not None and not folder.is_dir():
        raise ReportError(f"cannot write {path}: {folder} is not a folder")
    if folder is not None and not os.access(folder, os.W_OK | os.X_OK):
        raise ReportError(f"cannot write {path}: the folder {folder} is not writable")


def default_path(today: date, folder: Path | None = None) -> Path:
    """Where a report goes when no file is named: the current folder, dated."""
    from glutetui.report.period import default_file_name

    return (folder or Path.cwd()) / default_file_name(today)


def write_for_app(
    store: Store,
    catalog: Catalog,
    days: int | None,
    folder: Path,
    today: date,
    plans: Mapping[str, PlanEntry] | None = None,
) -> str:
    """The History screen's report: the last ``days`` days (None: since the first
    workout) into a dated file in ``folder``, under a name not taken yet, so a second
    report the same day never replaces the first."""
    if days is None:
        with store.read() as db:
            since = db.queries.first_day() or today
        period = Period(min(since, today), today)
    else:
        period = Period(today - timedelta(days=days - 1), today)
    first = default_path(today, folder)
    path, n = first, 1
    while path.exists():
        n += 1
        path = first.with_name(f"{first.stem}-{n}{first.suffix}")
    return write_report(store, catalog, period, path, plans=plans)
