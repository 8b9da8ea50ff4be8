"""One workout, every set of it, per side; exercises left unrated can be rated here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from glutetui.intents import FlagPainLater, RateLater
from glutetui.measures.words import minutes_text
from glutetui.vocab import EFFORT_WORDS, STATUS_WORDS
from glutetui.widgets.failures import ReportsFailures, deliver
from glutetui.widgets.keybar import KeyBar
from glutetui.widgets.messages import Changed
from glutetui.widgets.ratings import HINT, RatingList

if TYPE_CHECKING:
    from glutetui.services import Services
    from glutetui.store import SetRecord, WorkoutRecord


class WorkoutDetailScreen(ReportsFailures, Screen[None]):
    CSS_PATH = Path(__file__).with_name("workout_detail.tcss")
    BINDINGS = [Binding("escape,backspace,q", "app.pop_screen", "Back", id="detail-back")]

    def __init__(self, services: Services, workout_id: int) -> None:
        super().__init__()
        self.services = services
        self.workout_id = workout_id
        self.workout_uid: str | None = None  # known once the workout is read

    def compose(self) -> ComposeResult:
        yield Header(icon="◐")
        yield Static("", id="detail-title")
        yield Static("", id="detail-rate-title")
        yield RatingList(id="detail-ratings")
        yield DataTable[Any](id="detail-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Workout"
        self.query_one("#detail-table").loading = True
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        from glutetui.readouts.history_figures import workout_detail

        workout, sets = workout_detail(self.services, self.workout_id)
        names = {s.exercise_id: self.services.catalog.name_of(s.exercise_id) for s in sets}
        deliver(self, self.show, workout, sets, names)

    def show(
        self, workout: WorkoutRecord | None, sets: list[SetRecord], names: dict[str, str]
    ) -> None:
        self.workout_uid = workout.uid if workout is not None else None
        table = self.query_one("#detail-table", DataTable)
        table.loading = False
        title = self.query_one("#detail-title", Static)
        if workout is None:
            title.update("This workout no longer exists.")
            return
        started = workout.started_at.astimezone()
        parts = [f"{started:%A %d %B %Y, %H:%M}"]
        if workout.active_seconds is not None:
            parts.append(f"{minutes_text(workout.active_seconds / 60)} trained")
        if workout.span_seconds is not None:
            parts.append(f"{minutes_text(workout.span_seconds / 60)} from start to end")
        parts.append(STATUS_WORDS[workout.status])
        title.update(Content.assemble((workout.program_name, "bold"), "  ·  ", "  ·  ".join(parts)))
        table.clear(columns=True)
        table.add_columns("Exercise", "Set", "Side", "Done", "Target", "Band", "Effort", "Pain")
        for s in sets:
            if s.kind == "hold":
                done, target = f"{s.hold_seconds or 0:.0f} s", f"{s.target_hold} s"
            else:
                done, target = str(s.reps), str(s.target_reps)
            effort = f"{s.effort} {EFFORT_WORDS[s.effort]}" if s.effort else "—"
            table.add_row(
                Text(names[s.exercise_id]),
                str(s.set_index + 1),
                s.side,
                done + (" (cut short)" if s.partial else ""),
                target,
                s.band,
                effort,
                Text("pain", style="bold") if s.pain else "",
            )
        if not sets:
            table.add_row(Text("No sets were finished."), "", "", "", "", "", "", "")
        ratings = self.query_one("#detail-ratings", RatingList)
        first_time = not ratings.entries
        if workout.status != "in-progress":
            unrated = {s.block: names[s.exercise_id] for s in sets if s.effort is None}
            ratings.show(sorted(unrated.items()))
        rate_title = self.query_one("#detail-rate-title", Static)
        rate_title.display = bool(ratings.entries)
        rate_title.update(Content.assemble(("Not rated yet: ", "bold"), HINT))
        if first_time:
            (ratings if ratings.waiting else table).focus()

    def on_rating_list_rated(self, event: RatingList.Rated) -> None:
        self.services.path.send(
            RateLater(workout=self.workout_id, block=event.block, effort=event.effort)
        )

    def on_rating_list_pain_flagged(self, event: RatingList.PainFlagged) -> None:
        self.services.path.send(
            FlagPainLater(workout=self.workout_id, block=event.block, side=event.side)  # type: ignore[arg-type]
        )

    def on_changed(self, event: Changed) -> None:
        if event.change.topic == "ratings" and event.change.workout_id == self.workout_id:
            self.load()
