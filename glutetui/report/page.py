"""The report's page: the figures, drawn and written out through the template.

Jinja2 and pygal are imported here, when a report is made, never when glutetui
starts. The template escapes every value (autoescape is on), so a program called
``<script>…`` shows as text; only the charts and the legend's samples, which hold no
user text, go in as markup. The running head printed on every page (the person's
name, the period) is CSS text, escaped for CSS by :func:`css_string`.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glutetui.report.paper import SHEETS, Paper
from glutetui.vocab import STATUS_WORDS

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

    from glutetui.report.data import ReportData

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
# Page one lists this many pain flags (the latest); the appendix lists the rest.
FIRST_PAGE_FLAGS = 8
# Page one lists this many dose changes of the period (the latest); the charts mark all.
FIRST_PAGE_CHANGES = 8
# Page one lists this many missed weeks (the latest); the calendar shows every one.
FIRST_PAGE_MISSED = 3
# Content-Security-Policy: nothing is loaded from anywhere and nothing runs; only the
# page's own styles apply.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def render(data: ReportData, paper: Paper = "a4", name: str | None = None) -> str:
    from markupsafe import Markup

    from glutetui import __version__
    from glutetui.measures.sides import DONE_GAP
    from glutetui.measures.symmetry import BALANCED, TRAILING, WINDOW
    from glutetui.measures.words import trained_words
    from glutetui.report import calendar, charts
    from glutetui.report.fold import tension_step
    from glutetui.vocab import EFFORT_WORDS

    period = data.period
    exercise_charts = {}
    for e in data.exercises:
        svg, roles = charts.exercise_chart(e, period)
        exercise_charts[e.block] = (Markup(svg), roles)
    stance = charts.stance_chart(data.stance, period) if data.stance else None
    tension = charts.tension_chart(data.tension, tension_step(period)) if data.tension else None
    flagged = [f.day for f in data.pain]
    pain = charts.pain_chart(data.pain_today, flagged, period) if data.scores else None
    grids = calendar.month_grids(period, data.calendar, data.pain_days)
    strips = [] if calendar.use_month_grids(period) else calendar.year_strips(period, data.calendar)
    name = (name or "").strip() or None
    head = f"Hip exercise report · {period.describe()}"
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            data=data,
            period=period,
            made=data.made,
            name=name,
            sheet=SHEETS[paper],
            sheet_id=paper,
            policy=Markup(POLICY),  # a constant: its quotes stay quotes
            running_head=css_string(head),
            running_name=css_string(name or ""),
            charts=exercise_charts,
            # In the order assembled: the program in use first, each in its block order.
            exercise_groups=[(k, list(g)) for k, g in groupby(data.exercises, lambda e: e.program)],
            stance_chart=_markup(stance),
            tension_chart=_markup(tension),
            pain_chart=_markup(pain),
            first_page_flags=FIRST_PAGE_FLAGS,
            first_page_changes=FIRST_PAGE_CHANGES,
            first_page_missed=FIRST_PAGE_MISSED,
            tension_step=tension_step(period),
            grids=grids if calendar.use_month_grids(period) else [],
            strips=strips,
            step_words=STEP_WORDS[data.bucket],
            bucket_word=data.bucket,
            effort_words=EFFORT_WORDS,
            balanced_index=BALANCED,
            trailing_index=TRAILING,
            symmetry_window=WINDOW,
            done_gap=round(DONE_GAP * 100),
            trained=(
                trained_words(data.progress.active_seconds, data.progress.unknown_active)
                if data.progress is not None
                else ""
            ),
            safety=SAFETY,
            version=__version__,
        )
    )


def _markup(drawn: tuple[str, list[str]] | None) -> tuple[Markup, list[str]] | None:
    from markupsafe import Markup

    return None if drawn is None else (Markup(drawn[0]), drawn[1])


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string: every character but letters, digits and spaces
    written as a hexadecimal escape, so nothing in it can end the string, the rule or
    the style element."""
    from markupsafe import Markup

    # Six hex digits and a space: the space ends the escape and is not shown, so a space
    # that follows in the text stays.
    spelled = "".join(
        c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):06x} " for c in text
    )
    return Markup(f'"{spelled}"')


def legend(roles: list[str]) -> list[tuple[Markup, str]]:
    """Each mark a chart shows: its sample (drawn by ``marks``) and its words."""
    from markupsafe import Markup

    from glutetui.report.markers import MARKS, swatch

    return [(Markup(swatch(role)), MARKS[role].words) for role in roles]


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
        short=_short,
        when=_when,
        compact=lambda value: f"{value:%a} {value.day} {value:%b %Y} {value:%H:%M}",
        compact_day=lambda value: f"{value:%a} {value.day} {value:%b %Y}",
        one=lambda value: f"{float(value):.1f}",
        whole=lambda value: f"{float(value):.0f}",
        percent=lambda value: "—" if value is None else f"{float(value) * 100:.0f} %",
        side=lambda side: "both legs" if side == "both" else side,
        effort=_effort,
        status=lambda status: STATUS_WORDS.get(status, status),
        stage=_stage,
        plural=_plural,
    )
    env.globals.update(legend=legend)
    return env


def _day(value: date | datetime) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}"


def _short(value: date | datetime) -> str:
    return f"{value.day} {value:%b}"


def _when(value: datetime) -> str:
    return f"{_day(value)}, {value:%H:%M}"


def _effort(value: Any) -> str:
    from glutetui.vocab import EFFORT_WORDS

    if value is None:
        return "unrated"
    return f"{value} ({EFFORT_WORDS.get(int(value), '?')})"


def _stage(test: Any) -> str:
    from glutetui.coaching.stance import stage_words

    return stage_words(test.stage, test.target)


def _plural(n: int, word: str) -> str:
    from glutetui.vocab import plural

    return f"{n} {plural(n, word)}"
