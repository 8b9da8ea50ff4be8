"""The exercise library: search and filter, and everything about one exercise —
setup, movement, cues, mistakes, its easier and harder neighbours, the user's dose
and recent history."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from glutetui.catalog.library import (
    LEVELS,
    Filters,
    equipment,
    families,
    filter_exercises,
)
from glutetui.figure.film import Subject
from glutetui.measures.doses import dose_lines
from glutetui.screens.styled import StyledOnMount
from glutetui.widgets.failures import ReportsFailures
from glutetui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from glutetui.catalog import Exercise
    from glutetui.services import Services
    from glutetui.widgets.figure import FigurePanel

ANY = "any"
VIEW_WORDS = {
    "side": "seen from the side",
    "front": "seen from the front",
    "back": "seen from behind",
}


class ExercisesScreen(StyledOnMount, ReportsFailures, Screen[None]):
    CSS_PATH = Path(__file__).with_name("exercises.tcss")
    BINDINGS = [
        Binding("escape", "back", "Back", id="exercises-back"),
        Binding("left_square_bracket", "neighbour('easier')", "Easier", id="exercises-easier"),
        Binding("right_square_bracket", "neighbour('harder')", "Harder", id="exercises-harder"),
        Binding("slash", "search", "Search", id="exercises-search"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-middle"), (90, "-wide")]
    SHORT = 30  # rows: under it the search and the filters drop their borders
    AUTO_FOCUS = "#library-options"

    def __init__(self, services: Services, select: str | None = None) -> None:
        super().__init__()
        self.services = services
        self.selected: str | None = select
        self.filters = Filters()
        self.figure: FigurePanel | None = None  # mounted when a figure is first shown

    def compose(self) -> ComposeResult:
        catalog = self.services.catalog
        yield Header(icon="◐")
        with Horizontal(id="library"):
            with Vertical(id="library-list"):
                yield Input(
                    placeholder="search, e.g. clamshell", id="library-search", select_on_focus=False
                )
                with Vertical(id="library-filter-rows"):
                    with Horizontal(id="library-filters"):
                        yield Select[str](
                            [(f, f) for f in families(catalog)], prompt="family", id="filter-family"
                        )
                        levels = [
                            (f"{name} ({low}–{high if high < 99 else '+'})", name)
                            for name, (low, high) in LEVELS.items()
                        ]
                        yield Select[str](levels, prompt="level", id="filter-level")
                    with Horizontal(id="library-filters-2"):
                        yield Select[str](
                            [("no equipment", "none"), *((e, e) for e in equipment(catalog))],
                            prompt="equipment",
                            id="filter-equipment",
                        )
                        yield Select[str](
                            [("floor", "floor"), ("standing", "standing")],
                            prompt="position",
                            id="filter-position",
                        )
                yield OptionList(id="library-options")
            # The figure (mounted when first shown) stays above the words, which scroll
            # under it: inside the scrolling part, a scrollbar would take from its width.
            with Vertical(id="library-detail"), VerticalScroll(id="library-text"):
                yield Static("", id="exercise-detail")
        yield KeyBar()

    def on_resize(self, event: events.Resize) -> None:
        """A short terminal keeps its rows for the list: one row for the search, one per
        filter (Textual's compact style, which a stylesheet cannot switch)."""
        short = event.size.height < self.SHORT
        self.set_class(short, "-short")
        fields = self.query_one("#library-list")
        fields.query_one("#library-search", Input).compact = short
        for select in fields.query(Select):
            select.compact = short

    def on_mount(self) -> None:
        self.sub_title = "Exercises"
        self.refresh_list()

    def refresh_list(self) -> None:
        found = filter_exercises(self.services.catalog, self.filters)
        options = self.query_one("#library-options", OptionList)
        options.clear_options()
        for exercise in found:
            label = Content.assemble(exercise.name, (f" · level {exercise.level}", "dim"))
            options.add_option(Option(label, id=exercise.id))
        ids = [e.id for e in found]
        if not ids:
            self.show(None)
            return
        if self.selected not in ids:
            self.selected = ids[0]
        options.highlighted = ids.index(self.selected) if self.selected else 0
        self.show(self.selected)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.filters = Filters(event.value, *self._selects())
        self.refresh_list()

    def on_select_changed(self, event: Select.Changed) -> None:
        text = self.query_one("#library-search", Input).value
        self.filters = Filters(text, *self._selects())
        self.refresh_list()

    def _selects(self) -> tuple[str | None, str | None, str | None, str | None]:
        def value(id: str) -> str | None:
            v = self.query_one(f"#{id}", Select).value
            return v if isinstance(v, str) else None

        return (
            value("filter-family"),
            value("filter-level"),
            value("filter-equipment"),
            value("filter-position"),
        )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and event.option.id != self.selected:
            self.selected = event.option.id
            self.show(self.selected)

    def show(self, exercise_id: str | None) -> None:
        detail = self.query_one("#exercise-detail", Static)
        if exercise_id is None:
            detail.update("No exercise matches. Clear the search or the filters.")
            if self.figure is not None:
                self.figure.stop()
                self.figure.add_class("-none")
            return
        exercise = self.services.catalog.exercises[exercise_id]
        detail.update(self._describe(exercise, None, []))
        self._show_figure(exercise)
        self.refresh_bindings()
        self.load_history(exercise_id)

    def _show_figure(self, exercise: Exercise) -> None:
        """The exercise's movement, looping at its own tempo above its description."""
        figure = exercise.figure if self.services.settings.figure else None
        if figure is None:
            if self.figure is not None:
                self.figure.stop()
                self.figure.add_class("-none")
            return
        if self.figure is None:
            from glutetui.widgets.figure import FigurePanel

            self.figure = FigurePanel(id="library-figure")
            self.query_one("#library-detail").mount(self.figure, before="#library-text")
        self.figure.remove_class("-none")
        subject = Subject.of(
            figure,
            sided=exercise.sided,
            side="left",
            band=exercise.dose.band,
            band_at=exercise.band_at,
        )
        caption = VIEW_WORDS[figure.view] + (", left side" if exercise.sided else "")
        self.figure.show(subject, caption)
        self.figure.loop(exercise.dose.tempo, exercise.kind, self.services.clock.monotonic)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load_history(self, exercise_id: str) -> None:
        """The user's dose and last few sessions come from the store, off the UI thread."""
        from glutetui.coaching import coach
        from glutetui.measures.doses import starting_dose
        from glutetui.measures.words import dose_words
        from glutetui.readouts.history import exercise_history

        services = self.services
        histories, changes = exercise_history(services.store, exercise_id)
        sessions = sorted(
            (a for history in histories for a in coach.sessions_from(history)),
            key=lambda a: (a.day, a.clock),
            reverse=True,
        )[:5]
        lines = []
        for s in sessions:
            by_side: dict[str, list[str]] = {}
            for done in s.sets:
                by_side.setdefault(done.side, []).append(f"{done.amount:.0f}")
            sides = "; ".join(
                (f"{side} " if side != "both" else "") + ", ".join(v) for side, v in by_side.items()
            )
            effort = f", effort {s.effort}" if s.effort else ""
            pain = ", pain" if s.pain else ""
            lines.append(f"{s.day:%d %b %Y}: {sides}{effort}{pain}")
        changed = [f"{c.changed_at.astimezone():%d %b %Y}: {c.reason}" for c in changes[-3:]]
        exercise = services.catalog.exercises[exercise_id]
        doses = dose_lines(exercise, services.catalog, changes)
        start = dose_words(starting_dose(exercise), services.catalog, named=False)
        dose_line = "\n".join(doses) if doses else f"In none of your programs: it starts at {start}"
        content = self._describe(exercise, dose_line, lines, changed)
        self.call_later(self._update_if_current, exercise_id, content)

    def _update_if_current(self, exercise_id: str, content: Content) -> None:
        if exercise_id == self.selected:
            self.query_one("#exercise-detail", Static).update(content)

    def _describe(
        self,
        exercise: Exercise,
        dose: str | None,
        history: list[str],
        changes: list[str] | None = None,
    ) -> Content:
        catalog = self.services.catalog
        parts: list[Content] = [
            Content.assemble(
                (exercise.name, "bold"), f"  ·  level {exercise.level} · {exercise.family}"
            ),
            Content(exercise.summary),
            Content(""),
            Content.assemble(("Setup", "bold")),
            *(Content(f"  {n}. {step}") for n, step in enumerate(exercise.setup, start=1)),
            Content.assemble(("Movement", "bold")),
            Content(f"  {exercise.movement}"),
            Content.assemble(("Form cues", "bold")),
            *(Content(f"  • {cue}") for cue in exercise.cues),
            Content.assemble(("Common mistakes", "bold")),
            *(Content(f"  • {m}") for m in exercise.mistakes),
        ]
        kind = {"reps": "reps", "hold": "a hold", "to-fatigue": "reps until the leg tires"}
        position = f"{exercise.position}, {exercise.posture.replace('-', ' ')}"
        gear = ", ".join(exercise.equipment) or "none"
        band = f"yes, at the {exercise.band_at}" if exercise.band else "no"
        parts += [
            Content.assemble(("Details", "bold")),
            Content(
                f"  {kind[exercise.kind]}; {'each side' if exercise.sided else 'both legs'}; "
                f"{position}; equipment: {gear}; band: {band}"
            ),
        ]
        neighbours = []
        for key, word, label in (("easier", "Easier", "["), ("harder", "Harder", "]")):
            other = getattr(exercise, key)
            if other and other in catalog.exercises:
                neighbours.append(f"  {word}: {catalog.exercises[other].name}  (press {label})")
        if not neighbours:
            neighbours.append("  The only exercise of its family.")
        parts += [Content.assemble(("Easier and harder", "bold")), *map(Content, neighbours)]
        shown = (dose or "Loading…").split("\n")
        parts += [Content.assemble(("You", "bold")), *(Content(f"  {line}") for line in shown)]
        if history:
            parts += [Content("  Recent:"), *(Content(f"    {line}") for line in history)]
        elif dose is not None:
            parts.append(Content("  Not done yet."))
        if changes:
            parts += [Content("  Dose changes:"), *(Content(f"    {line}") for line in changes)]
        return Content("\n").join(parts)

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "neighbour" and self.selected is not None:
            exercise = self.services.catalog.exercises.get(self.selected)
            return exercise is not None and getattr(exercise, str(parameters[0])) is not None
        return True

    def action_neighbour(self, which: str) -> None:
        if self.selected is None:
            return
        other = getattr(self.services.catalog.exercises[self.selected], which)
        if other is None:
            return
        # Clear filters that would hide the neighbour, then go to it.
        self.query_one("#library-search", Input).value = ""
        for id in ("filter-family", "filter-level", "filter-equipment", "filter-position"):
            self.query_one(f"#{id}", Select).clear()
        self.filters = Filters()
        self.selected = other
        self.refresh_list()

    def action_search(self) -> None:
        self.query_one("#library-search", Input).focus()

    def on_key(self, event: events.Key) -> None:
        """Typing a letter in the list searches: it goes to the search box."""
        if (
            isinstance(self.focused, OptionList)
            and event.is_printable
            and event.character is not None
            and event.character not in "[]/"
        ):
            search = self.query_one("#library-search", Input)
            search.focus()
            search.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#library-options", OptionList).focus()

    def action_back(self) -> None:
        # From the search box, escape goes back to the list; from the list, back home.
        if isinstance(self.focused, Input):
            self.query_one("#library-options", OptionList).focus()
        else:
            self.app.pop_screen()
