"""Making the report: figures from the store, charts, the page, the file.

``write_report`` is the one entry point, for the command line and the app alike.
Jinja2 and pygal are imported here, when a report is made, never when glutetui
starts. The template escapes every value (autoescape is on), so a program called
``<script>…`` shows as text; only the charts, which hold no user text, go in as
markup.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from glutetui.report.period import Period, ReportError
from glutetui.vocab import STATUS_WORDS

if TYPE_CHECKING:
    import jinja2

    from glutetui.catalog import Catalog
    from glutetui.report.figures import ReportData
    from glutetui.store import Store

TEMPLATES = Path(__file__).with_name("templates")

# Said in the app on first run and in Help; the same advice, put for the reader here.
SAFETY = (
    "glutetui is an exercise coach for education; it gives no medical advice, and this "
    "report is no diagnosis. The person using it is told to stop at once on sharp pain "
    "and to see a physiotherapist if pain keeps coming back. Every figure here is "
    "self-recorded at home: sets as they were done, effort and pain as the person rated them."
)
STEP_WORDS = {
    "day": "per day",
    "week": "per week",
    "month": "per month",
    "quarter": "per quarter",
    "year": "per year",
}


def write_report(
    store: Store | None,
    catalog: Catalog,
    period: Period,
    path: Path,
    *,
    replace: bool = False,
    made: datetime | None = None,
) -> str:
    """Write the report for ``period`` to ``path`` (``store`` None: no history yet) and
    return one line saying where it went and what it holds.

    Raises ReportError, with one line for the user, when the file exists (and
    ``replace`` is false), is a folder, or cannot be written.
    """
    from glutetui.platform.files import write_atomically

    _check_target(path, replace)
    data = collect_figures(store, catalog, period, made)
    html = render(data)

    def write(out: IO[str]) -> None:
        out.write(html)

    try:
        # Health figures: readable by their owner only, like the database and exports.
        write_atomically(path, write, replace=replace, private=True)
    except FileExistsError:
        raise ReportError(f"{path} already exists; add --force to overwrite it") from None
    except IsADirectoryError:
        raise ReportError(f"{path} is a folder") from None
    except OSError as exc:
        raise ReportError(f"cannot write {path}: {_why(exc)}") from exc
    held = "no workouts" if data.empty else f"{data.workouts} workout{'s' * (data.workouts != 1)}"
    return f"Wrote the report for {period.describe()} ({held}) to {path.absolute()}"


def collect_figures(
    store: Store | None, catalog: Catalog, period: Period, made: datetime | None = None
) -> ReportData:
    """Every figure of the report, read in one session (none without a history)."""
    from glutetui.measures.adherence import adherence as measured
    from glutetui.report.assemble import collect
    from glutetui.report.calendar import adherence
    from glutetui.report.figures import ReportData

    made = made or datetime.now().astimezone()
    today = made.date()
    if store is None:
        nothing = measured((), None, period.since, period.until, today)
        return ReportData(
            period=period,
            made=made,
            bucket=period.bucket,
            adherence=adherence(period, nothing, None),
        )
    with store.read() as db:
        return collect(db, catalog, period, made, today)


def report_html(
    store: Store | None, catalog: Catalog, period: Period, made: datetime | None = None
) -> str:
    """The whole report as one HTML page."""
    return render(collect_figures(store, catalog, period, made))


def render(data: ReportData) -> str:
    from markupsafe import Markup

    from glutetui import __version__
    from glutetui.measures.symmetry import BALANCED, TRAILING, WINDOW
    from glutetui.report import calendar, charts
    from glutetui.report.fold import tension_step
    from glutetui.vocab import EFFORT_WORDS

    period, bucket = data.period, data.bucket
    exercise_charts = {e.block: Markup(charts.exercise_chart(e, bucket)) for e in data.exercises}
    stance = Markup(charts.stance_chart(data.stance, bucket)) if data.stance else None
    tension = (
        Markup(charts.tension_chart(data.tension, tension_step(period))) if data.tension else None
    )
    grids = calendar.month_grids(period, data.calendar, data.pain_days)
    strips = [] if calendar.use_month_grids(period) else calendar.year_strips(period, data.calendar)
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            data=data,
            period=period,
            made=data.made,
            charts=exercise_charts,
            stance_chart=stance,
            tension_chart=tension,
            tension_step=tension_step(period),
            grids=grids if calendar.use_month_grids(period) else [],
            strips=strips,
            step_words=STEP_WORDS[bucket],
            bucket_word=bucket,
            effort_words=EFFORT_WORDS,
            balanced_index=BALANCED,
            trailing_index=TRAILING,
            symmetry_window=WINDOW,
            safety=SAFETY,
            version=__version__,
        )
    )


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every value is escaped unless marked safe (the charts only)
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        day=_day,
        when=_when,
        one=lambda value: f"{float(value):.1f}",
        whole=lambda value: f"{float(value):.0f}",
        side=lambda side: "both legs" if side == "both" else side,
        effort=_effort,
        status=lambda status: STATUS_WORDS.get(status, status),
    )
    return env


def _day(value: date | datetime) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}"


def _when(value: datetime) -> str:
    return f"{_day(value)}, {value:%H:%M}"


def _effort(value: Any) -> str:
    from glutetui.vocab import EFFORT_WORDS

    if value is None:
        return "unrated"
    return f"{value} ({EFFORT_WORDS.get(int(value), '?')})"


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


def _why(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def default_path(today: date, folder: Path | None = None) -> Path:
    """Where a report goes when no file is named: the current folder, dated."""
    from glutetui.report.period import default_file_name

    return (folder or Path.cwd()) / default_file_name(today)


def write_for_app(
    store: Store, catalog: Catalog, days: int | None, folder: Path, today: date
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
    return write_report(store, catalog, period, path)
