"""The summary after a workout: time, sets and reps (or seconds held) per side,
records beaten, the ratings still missing, and what to change next time."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from glutetui.coaching.progression import PAIN_ADVICE
from glutetui.intents import AnswerSuggestion, FlagPainLater, RateLater
from glutetui.measures.words import duration_words
from glutetui.vocab import EFFORT_WORDS, plural
from glutetui.widgets.failures import ReportsFailures, deliver
from glutetui.widgets.keybar import KeyBar
from glutetui.widgets.messages import Changed
from glutetui.widgets.ratings import HINT, RatingList
from glutetui.widgets.suggestions import SuggestionList

if TYPE_CHECKING:
    from glutetui.services import Services
    from glutetui.workout.run import WorkoutRun
    from glutetui.workout.summary import ExerciseDone, SummaryFigures


class SummaryScreen(ReportsFailures, Screen[None]):
    CSS_PATH = Path(__file__).with_name("summary.tcss")
    BINDINGS = [
        Binding("enter,h,escape", "home", "Home", id="summary-home", priority=True),
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

    def compose(self) -> ComposeResult:
        yield Header(icon="◐")
        with VerticalScroll(id="summary"):
            yield Static("Adding it up…", id="summary-title")
            yield DataTable(id="summary-table", cursor_type="none", zebra_stripes=True)
            yield Static("", id="summary-records")
            yield Static("", id="summary-rate-title")
            yield RatingList(id="summary-ratings")
            yield Static("", id="summary-next-title")
            yield SuggestionList(id="summary-suggestions")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        from glutetui.workout.summary import summary_figures

        report = summary_figures(self.services, self.workout_id, self.run)
        deliver(self, self.show, report)

    def show(self, report: SummaryFigures) -> None:
        self.report = report
        took = duration_words(report.active_seconds)
        if report.active_seconds is None and report.workout.span_seconds is not None:
            took = f"{duration_words(report.workout.span_seconds)} from start to end"
        logged = sum(len(s.values) for e in report.exercises for s in e.sides)
        heading = "Workout ended early" if report.ended_early else "Workout complete"
        took = f"{took} trained" if report.active_seconds is not None else took
        self.query_one("#summary-title", Static).update(
            Content.assemble(
                (heading, "bold"),
                f"  ·  {report.workout.program_name}  ·  {took}",
                f"\n{logged} {plural(logged, 'set')} logged — {_saved(report)}",
            )
        )
        table = self.query_one("#summary-table", DataTable)
        table.clear(columns=True)
        table.add_columns("Exercise", "Side", "Per set", "Total", "Effort")
        for exercise in report.exercises:
            for i, side in enumerate(exercise.sides):
                table.add_row(
                    Text(exercise.name if i == 0 else ""),
                    side.side,
                    _per_set(exercise, side.values),
                    _total(exercise, side.total),
                    _effort(exercise) if i == 0 else "",
                )
        if not report.exercises:
            table.add_row(Text("No sets were finished."), "", "", "", "")
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
        first_time = not ratings.entries
        ratings.show((e.block, e.name) for e in report.unrated)
        self._title_ratings()
        suggestions = self.query_one("#summary-suggestions", SuggestionList)
        suggestions.show(report.suggestions)
        title = self.query_one("#summary-next-title", Static)
        if ratings.waiting and first_time:
            ratings.focus(scroll_visible=False)  # the heading stays in view
        if report.suggestions:
            hint = " · a accepts, d dismisses" if suggestions.waiting else ""
            title.update(Content.assemble(("Next time", "bold"), hint))
            if not ratings.waiting:
                suggestions.focus(scroll_visible=False)
        else:
            title.update(Content("No change to suggest yet: keep the doses as they are."))
        if any(s.record.kind == "pain" for s in report.suggestions):
            self.notify(PAIN_ADVICE, title="Pain flagged", severity="warning", timeout=15)
        self.refresh_bindings()

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
            title.update(Content.assemble(("Rated", "bold"), " — thank you."))

    def on_rating_list_rated(self, event: RatingList.Rated) -> None:
        self._title_ratings()
        self.services.path.send(
            RateLater(workout=self.workout_id, block=event.block, effort=event.effort)
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
            return self.query_one("#summary-suggestions", SuggestionList).waiting
        return True

    def action_answer(self, accept: bool) -> None:
        self.query_one("#summary-suggestions", SuggestionList).answer(accept)

    def on_suggestion_list_answered(self, event: SuggestionList.Answered) -> None:
        self.services.path.send(
            AnswerSuggestion(suggestion=event.suggestion_id, accept=event.accept)
        )

    def action_home(self) -> None:
        from glutetui.screens.home import HomeScreen

        while len(self.app.screen_stack) > 1 and not isinstance(self.app.screen, HomeScreen):
            self.app.pop_screen()
        if isinstance(self.app.screen, HomeScreen):
            self.app.screen.load()  # what this workout changed


def _saved(report: SummaryFigures) -> str:
    if not report.unsaved:
        return "everything is saved."
    return (
        "the database cannot be reached: what is not saved yet is kept and written as "
        "soon as it answers (or on the next start). Records and suggestions come then."
    )


def _per_set(exercise: ExerciseDone, values: tuple[float, ...]) -> str:
    unit = " s" if exercise.kind == "hold" else ""
    target = f" (target {exercise.target}{unit})" if exercise.target else ""
    return " · ".join(f"{v:.0f}{unit}" for v in values) + target


def _total(exercise: ExerciseDone, total: float) -> str:
    return f"{total:.0f} s held" if exercise.kind == "hold" else f"{total:.0f} reps"


def _effort(exercise: ExerciseDone) -> str:
    word = EFFORT_WORDS.get(exercise.effort or 0, "not rated")
    text = f"{exercise.effort} {word}" if exercise.effort else word
    return text + (" · pain" if exercise.pain else "")
