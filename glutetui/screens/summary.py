"""The summary after a workout: time, sets and reps (or seconds held) per side,
records beaten, the ratings still missing, pain today (0-10, optional), and what to
change next time.

What asks for an answer (the ratings, pain today, the suggestions) sits under the
table in a part of its own, as tall as it needs up to most of the screen; the table
takes the rows left over and scrolls within them, so on a small terminal the whole of
every suggestion stays in view."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from glutetui.coaching.progression import PAIN_ADVICE
from glutetui.intents import AnswerSuggestion, FlagPainLater, PainToday, RateLater
from glutetui.measures.words import duration_words
from glutetui.screens.styled import StyledOnMount
from glutetui.vocab import EFFORT_WORDS, plural
from glutetui.widgets.failures import ReportsFailures, deliver
from glutetui.widgets.keybar import KeyBar
from glutetui.widgets.messages import Changed, Navigate
from glutetui.widgets.pain_today import PainScale, PainTodayPanel
from glutetui.widgets.ratings import HINT, RatingList
from glutetui.widgets.suggestions import SuggestionList

if TYPE_CHECKING:
    from glutetui.readouts.summary import ExerciseDone, SideDone, SummaryFigures
    from glutetui.services import Services
    from glutetui.workout.run import WorkoutRun


class SummaryScreen(StyledOnMount, ReportsFailures, Screen[None]):
    CSS_PATH = Path(__file__).with_name("summary.tcss")
    BINDINGS = [
        Binding("enter,h", "home", "Home", id="summary-home", priority=True),
        Binding("escape", "leave", "Home", show=False, id="summary-leave", priority=True),
        Binding("a", "answer(True)", "Accept", id="summary-accept"),
        Binding("d", "answer(False)", "Dismiss", id="summary-dismiss"),
        Binding("q", "app.quit", "Quit", id="summary-quit"),
    ]

    def __init__(
        self, services: Services, workout_id: int, *, run: WorkoutRun | None = None
    ) -> None:
        super().__init__()
        self.services = services
        self.workout_id = workout_id
        self.run = run  # the workout just run here: its sets are known without the store
        self.report: SummaryFigures | None = None
        self._table_room = 0  # rows the table may take (see _fit)
        self._shown = False  # the focus is placed the first time only

    def compose(self) -> ComposeResult:
        yield Header(icon="◐")
        with Vertical(id="summary"):
            yield Static("Adding it up…", id="summary-title")
            yield DataTable(id="summary-table", cursor_type="none", zebra_stripes=True)
            with VerticalScroll(id="summary-actions"):
                yield Static("", id="summary-records")
                yield Static("", id="summary-rate-title")
                yield RatingList(id="summary-ratings")
                yield PainTodayPanel(id="summary-pain")
                yield Static("", id="summary-next-title")
                yield SuggestionList(id="summary-suggestions", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Give the table the rows the title and the answers leave (at least a few)."""
        box = self.query_one("#summary")
        used = sum(
            self.query_one(f"#summary-{part}").outer_size.height for part in ("title", "actions")
        )
        room = max(4, box.content_size.height - used)
        if room != self._table_room:
            self._table_room = room
            self.query_one("#summary-table", DataTable).styles.max_height = room

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        from glutetui.readouts.summary import summary_figures

        shown = self.report.suggestions if self.report is not None else ()
        ids = [s.record.id for s in shown]
        report = summary_figures(
            self.services.store, self.services.catalog, self.workout_id, self.run, ids
        )
        deliver(self, self.show, report)

    def show(self, report: SummaryFigures) -> None:
        self.report = report
        took = duration_words(report.active_seconds)
        if report.active_seconds is None and report.workout.span_seconds is not None:
            took = f"{duration_words(report.workout.span_seconds)} from start to end"
        heading = "Workout ended early" if report.ended_early else "Workout complete"
        took = f"{took} trained" if report.active_seconds is not None else took
        self.query_one("#summary-title", Static).update(
            Content.assemble(
                (heading, "bold"),
                f"  ·  {report.workout.program_name}  ·  {took}",
                f"\n{_sets_words(report)} — {_saved(report)}",
            )
        )
        table = self.query_one("#summary-table", DataTable)
        table.clear(columns=True)
        cells = [
            (
                exercise.name if i == 0 else "",
                side.side,
                _per_set(exercise, side.values),
                _total(exercise, side),
                _effort(exercise) if i == 0 else "",
            )
            for exercise in report.exercises
            for i, side in enumerate(exercise.sides)
        ]
        # The figures keep their width; the exercise's name gives way on a narrow screen.
        widths = [max((len(row[n]) for row in cells), default=0) for n in range(5)]
        widths = [
            max(w, len(h))
            for w, h in zip(widths, ("Exercise", "Side", "Per set", "Total", "Effort"), strict=True)
        ]
        room = self.size.width - 4 - 2 - 2 * 5  # padding, a scrollbar, the cells' padding
        name_width = max(10, min(widths[0], room - sum(widths[1:])))
        # Every width given, none left to the table's own measuring: that happens when it
        # is next idle, and a frame drawn before then would cut the figures short.
        table.add_column("Exercise", width=name_width)
        for heading, width in zip(("Side", "Per set", "Total", "Effort"), widths[1:], strict=True):
            table.add_column(heading, width=width)
        for name, *rest in cells:
            table.add_row(Text(name, overflow="ellipsis", no_wrap=True), *rest)
        # With no set logged the title says so, whole: an empty table has nothing to add.
        table.display = bool(report.exercises)
        records = self.query_one("#summary-records", Static)
        if report.records:
            lines = [
                Content.assemble(
                    "  ★ ",
                    (r.name, "bold"),
                    f" ({r.mark.side}): {r.mark.value}, up from {r.mark.previous}",
                )
                for r in report.records
            ]
            records.update(Content("\n").join([Content.assemble(("Records", "bold")), *lines]))
        else:
            records.update("")
        records.display = bool(report.records)
        ratings = self.query_one("#summary-ratings", RatingList)
        first_time, self._shown = not self._shown, True
        ratings.show((e.block, e.name) for e in report.unrated)
        self._title_ratings()
        pain = self.query_one("#summary-pain", PainTodayPanel)
        pain.fill(report.workout.pain_score, report.workout.pain_note)
        suggestions = self.query_one("#summary-suggestions", SuggestionList)
        suggestions.show(report.suggestions)
        title = self.query_one("#summary-next-title", Static)
        if ratings.waiting and first_time:
            ratings.focus(scroll_visible=False)  # the heading stays in view
        if report.suggestions:
            hint = " · a accepts, d dismisses" if suggestions.waiting else ""
            title.update(Content.assemble(("Next time", "bold"), hint))
        else:
            title.update(Content("No change to suggest yet: keep the doses as they are."))
        if first_time and not ratings.waiting:
            # Digits score pain today; a and d answer the suggestion highlighted below.
            pain.query_one(PainScale).focus(scroll_visible=False)
        if any(s.record.kind == "pain" for s in report.suggestions):
            self.notify(PAIN_ADVICE, title="Pain flagged", severity="warning", timeout=15)
        self.refresh_bindings()
        self.call_after_refresh(self._fit)

    def _title_ratings(self) -> None:
        ratings = self.query_one("#summary-ratings", RatingList)
        title = self.query_one("#summary-rate-title", Static)
        title.display = bool(ratings.entries)
        waiting = ratings.waiting
        if waiting:
            what = "exercise was" if waiting == 1 else "exercises were"
            title.update(
                Content.assemble(
                    ("How did it feel? ", "bold"), f"{waiting} {what} not rated.\n", HINT
                )
            )
        else:
            title.update(
                Content.assemble(("Rated", "bold"), " — thank you. Tab goes on to pain today.")
            )

    def on_rating_list_rated(self, event: RatingList.Rated) -> None:
        self._title_ratings()
        self.services.path.send(
            RateLater(workout=self.workout_id, block=event.block, effort=event.effort)
        )

    def on_pain_today_panel_given(self, event: PainTodayPanel.Given) -> None:
        self.services.path.send(
            PainToday(workout=self.workout_id, score=event.score, note=event.note)
        )

    def on_rating_list_pain_flagged(self, event: RatingList.PainFlagged) -> None:
        self.services.path.send(
            FlagPainLater(workout=self.workout_id, block=event.block, side=event.side)  # type: ignore[arg-type]
        )

    def on_changed(self, event: Changed) -> None:
        """A rating or an answer given here (or anywhere) is in: read again."""
        if event.change.topic in ("ratings", "suggestions"):
            self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            found = self.query("#summary-suggestions").results(SuggestionList)
            return any(s.waiting for s in found)  # none yet while the screen is built
        return True

    def action_answer(self, accept: bool) -> None:
        self.query_one("#summary-suggestions", SuggestionList).answer(accept)

    def on_suggestion_list_answered(self, event: SuggestionList.Answered) -> None:
        self.services.path.send(
            AnswerSuggestion(suggestion=event.suggestion_id, accept=event.accept)
        )

    def action_leave(self) -> None:
        """Escape: out of the note (it is kept), else Home."""
        if isinstance(self.focused, Input):
            self.query_one(PainScale).focus()
        else:
            self.action_home()

    def action_home(self) -> None:
        if isinstance(self.focused, Input):
            raise SkipAction()  # Enter keeps the note, and h is a letter of it
        self.post_message(Navigate("home"))


def _saved(report: SummaryFigures) -> str:
    if not report.unsaved:
        return "everything is saved."
    return (
        "the database cannot be reached: what is not saved yet is kept and written as "
        "soon as it answers (or on the next start). Records and suggestions come then."
    )


def _sets_words(report: SummaryFigures) -> str:
    """How many sets were done and skipped, said plainly when nothing was done."""
    done, skipped = report.sets_done, report.sets_skipped
    if not done and not skipped:
        return "No sets were finished"
    if not done:
        return f"Every set was skipped ({skipped}): nothing was trained this time"
    said = f"{done} {plural(done, 'set')} done"
    return said + (f", {skipped} skipped" if skipped else "")


def _per_set(exercise: ExerciseDone, values: tuple[float | None, ...]) -> str:
    unit = " s" if exercise.kind == "hold" else ""
    target = f" (target {exercise.target}{unit})" if exercise.target else ""
    shown = ("skipped" if v is None else f"{v:.0f}{unit}" for v in values)
    return " · ".join(shown) + target


def _total(exercise: ExerciseDone, side: SideDone) -> str:
    if not side.done:
        return "skipped"
    total = round(side.total)
    return f"{total} s held" if exercise.kind == "hold" else f"{total} {plural(total, 'rep')}"


def _effort(exercise: ExerciseDone) -> str:
    if exercise.skipped:
        return "skipped"
    word = EFFORT_WORDS.get(exercise.effort or 0, "not rated")
    text = f"{exercise.effort} {word}" if exercise.effort else word
    return text + (" · pain" if exercise.pain else "")
