"""Programs: the bundled ones and the user's own, each block at the user's current
dose with the program's length; start one, make an editable copy, reload files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from glutetui.catalog.library import make_copy
from glutetui.intents import StartProgram
from glutetui.measures.doses import changed_doses
from glutetui.measures.words import dose_phrase, minutes_text
from glutetui.screens.styled import StyledOnMount
from glutetui.vocab import plural
from glutetui.widgets.failures import ReportsFailures, deliver
from glutetui.widgets.keybar import KeyBar
from glutetui.workout.planning import build_plan, program_minutes

if TYPE_CHECKING:
    from glutetui.catalog import Program
    from glutetui.records import DoseChangeRecord
    from glutetui.services import Services


class ProgramsScreen(StyledOnMount, ReportsFailures, Screen[None]):
    CSS_PATH = Path(__file__).with_name("programs.tcss")
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="programs-back"),
        Binding("s", "start", "Start", id="programs-start"),
        Binding("c", "copy", "Make my own copy", id="programs-copy"),
        Binding("r", "reload", "Reload files", id="programs-reload"),
    ]
    AUTO_FOCUS = "#program-options"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.selected: str | None = None
        self.changes: list[DoseChangeRecord] = []

    def compose(self) -> ComposeResult:
        yield Header(icon="◐")
        yield Static("", id="programs-problems", classes="-hidden")
        with Horizontal(id="programs"):
            with Vertical(id="programs-list"):
                yield OptionList(id="program-options")
            with Vertical(id="program-detail"):
                yield Static("", id="program-title")
                yield DataTable[Any](id="program-blocks", cursor_type="none", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Programs"
        self.fill()

    def fill(self, select: str | None = None) -> None:
        services = self.services
        catalog = services.catalog
        self.changes = services.dose_changes()
        options = self.query_one("#program-options", OptionList)
        options.clear_options()
        programs = sorted(catalog.programs.values(), key=lambda p: (p.source != "bundled", p.name))
        for program in programs:
            doses = changed_doses(program, self.changes)
            minutes = program_minutes(program, catalog, services.settings, doses)
            mine = "  (yours)" if program.source != "bundled" else ""
            options.add_option(
                Option(Content(f"{program.name} · {minutes_text(minutes)}{mine}"), id=program.id)
            )
        ids = [p.id for p in programs]
        self.selected = (
            select if select in ids else (self.selected if self.selected in ids else None)
        )
        if self.selected is None and ids:
            self.selected = ids[0]
        if self.selected is not None:
            options.highlighted = ids.index(self.selected)
            self.show(catalog.programs[self.selected])
        problems = self.query_one("#programs-problems", Static)
        problems.set_class(not catalog.problems, "-hidden")
        problems.update(Content("\n").join(Content(f"Could not use {p}") for p in catalog.problems))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.selected = event.option.id
            self.show(self.services.catalog.programs[event.option.id])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_start()

    def show(self, program: Program) -> None:
        services = self.services
        catalog = services.catalog
        doses = changed_doses(program, self.changes)
        plan = build_plan(program, catalog, services.settings, doses)
        minutes = program_minutes(program, catalog, services.settings, doses)
        where = "bundled" if program.source == "bundled" else f"your file {program.source}"
        self.query_one("#program-title", Static).update(
            Content.assemble(
                (program.name, "bold"),
                f"  ·  {minutes_text(minutes)}  ·  {program.days_per_week} "
                f"{plural(program.days_per_week, 'day')} a week"
                f"  ·  {where}\n",
                program.description,
            )
        )
        table = self.query_one("#program-blocks", DataTable)
        table.clear(columns=True)
        table.add_columns("Exercise", "Dose", "Tempo", "Rest", "Sides")
        for block, planned in zip(program.blocks, plan.blocks, strict=True):
            exercise = catalog.exercises[planned.exercise_id]
            dose = dose_phrase(
                exercise.name if exercise.id != block.exercise else None,
                planned.sets,
                planned.kind,
                planned.reps,
                planned.hold,
                band=planned.band,
                band_at=exercise.band_at,
            )
            if block.exercise in doses:
                dose += " (your dose)"
            tempo = "—" if planned.kind == "hold" else "-".join(map(str, planned.tempo))
            sides = {"each": "left, right", "left": "left only", "right": "right only"}
            table.add_row(
                Text(exercise.name),
                dose,
                tempo,
                f"{planned.rest} s",
                sides.get(block.sides, block.sides) if exercise.sided else "both legs",
            )

    # --- actions -------------------------------------------------------------------------

    def action_start(self) -> None:
        if self.selected is not None:
            self.services.path.send(StartProgram(program=self.selected))

    def action_copy(self) -> None:
        if self.selected is None:
            return
        program = self.services.catalog.programs[self.selected]
        try:
            path = make_copy(program, self.services.catalog, self.services.locations.programs)
        except OSError as exc:
            self.notify(f"Could not write the copy: {exc.strerror or exc}", severity="error")
            return
        self.notify(f"Wrote {path}: edit it, then press r to reload.", title="Copied", timeout=8)
        self.reload(select=path.stem)

    def action_reload(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def reload(self, select: str | None = None) -> None:
        """Read the user's program and exercise files again."""
        from glutetui.catalog import CatalogError

        try:
            catalog = self.services.reload_catalog()
        except CatalogError as exc:
            self.call_later(self.notify, str(exc), severity="error")
            return
        problems = len(catalog.problems)
        note = (
            f"{problems} file{'s' if problems != 1 else ''} with problems"
            if problems
            else "all good"
        )
        deliver(self, self.notify, f"Reloaded your files: {note}.")
        deliver(self, self.fill, select)
        deliver(self, self._home_again)

    def _home_again(self) -> None:
        """Home shows the programs too: it reads them again."""
        from glutetui.screens.home import HomeScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.load()
