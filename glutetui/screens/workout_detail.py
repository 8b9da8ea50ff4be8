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
from glutetui.measures.words import pain_score_words, pain_sides_words, time_trained_words
from glutetui.screens.styled import StyledOnMount
from glutetui.vocab import EFFORT_WORDS, STATUS_WORDS
from glutetui.widgets.failures import ReportsFailures, deliver
from glutetui.widgets.keybar import KeyBar
from glutetui.widgets.messages import Changed
from glutetui.widgets.ratings import HINT, RatingList

if TYPE_CHECKING:
    from glutetui.services import Services
    from glutetui.store import SetRecord, WorkoutRecord

COLUMNS = ("Exercise", "Set", "Side", "Done", "Band", "Effort", "Pain")
WIDE = 100  # from this many columns, the effort in words


def _cells(s: SetRecord, name: str, wide: bool) -> tuple[str, ...]:
    """One set's row. An old pain flag, put on every side when pain was not kept per
    side, says so rather than reading as pain on this side."""
    if s.skipped:
        done = "skipped"  # passed over before anything was done: not a zero
    elif s.kind == "hold":
        done = f"{s.hold_seconds or 0:.0f}/{s.target_hold} s"
    else:
        done = f"{s.reps}/{s.target_reps}"
    if s.effort:
        effort = f"{s.effort} {EFFORT_WORDS[s.effort]}" if wide else str(s.effort)
    else:
        effort = "—"
    pain = ("pain" if s.pain_side_known else "side not recorded") if s.pain else ""
    return (
        name,
        str(s.set_index + 1),
        s.side,
        done + (" cut short" if s.partial else ""),
        "—" if s.band == "none" else s.band,
        effort,
        pain,
    )


def _flags(sets: list[SetRecord], names: dict[str, str]) -> str:
    """Each exercise pain was flagged on, with its sides: ``Clamshell (left)``."""
    flagged: dict[int, list[SetRecord]] = {}
    for s in sets:
        if s.pain:
            flagged.setdefault(s.block, []).append(s)
    return ", ".join(
        f"{names[hurt[0].exercise_id]} "
        f"({pain_sides_words((s.side for s in hurt), all(s.pain_side_known for s in hurt))})"
        for hurt in flagged.values()
    )


class WorkoutDetailScreen(StyledOnMount, ReportsFailures, Screen[None]):
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
        from glutetui.readouts.history import workout_detail

        workout, sets = workout_detail(self.services.store, self.workout_id)
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
        # Time trained, spelled as everywhere (a workout from before active time was kept
        # shows its span, labelled).
        trained = time_trained_words(workout.active_seconds, workout.span_seconds)
        parts.append(f"{trained} trained" if trained != "not recorded" else "time not recorded")
        parts.append(STATUS_WORDS[workout.status])
        lines = [Content.assemble((workout.program_name, "bold"), "  ·  ", "  ·  ".join(parts))]
        if workout.pain_score is not None or workout.pain_note:
            said = pain_score_words(workout.pain_score, workout.pain_note)
            lines.append(Content.assemble(("Pain today ", "bold"), said))
        flagged = _flags(sets, names)
        if flagged:
            lines.append(Content.assemble(("Pain flagged ", "bold"), flagged))
        if not sets:
            lines.append(Content("No sets were finished."))  # whole, not in a narrow cell
        title.update(Content("\n").join(lines))
        rows = [_cells(s, names[s.exercise_id], self.size.width >= WIDE) for s in sets]
        table.clear(columns=True)
        # The figures keep their width; the exercise's name gives way on a narrow screen.
        widths = [max([len(h), *(len(r[n]) for r in rows)]) for n, h in enumerate(COLUMNS)]
        room = self.size.width - 4 - 2 - 2 * len(COLUMNS)  # margins, scrollbar, padding
        widths[0] = max(10, min(widths[0], room - sum(widths[1:])))
        for header, width in zip(COLUMNS, widths, strict=True):
            table.add_column(header, width=width)
        for s, (name, *cells, pain) in zip(sets, rows, strict=True):
            table.add_row(
                Text(name, overflow="ellipsis", no_wrap=True),
                *cells,
                Text(pain, style="bold" if s.pain_side_known else "italic"),
            )
        table.display = bool(sets)
        ratings = self.query_one("#detail-ratings", RatingList)
        first_time = not ratings.entries
        if workout.status != "in-progress":
            unrated = {
                s.block: names[s.exercise_id] for s in sets if s.effort is None and not s.skipped
            }
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
        changed = event.change.topic in ("ratings", "pain-today")
        if changed and event.change.workout_id == self.workout_id:
            self.load()
