"""Export and import from the History screen, the same as the command line's, each with a
progress bar while it runs: the export's worker posts how far it is, the import (the
writer's job, through the intent path) reports it as ``progress`` changes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    ProgressBar,
    RadioButton,
    RadioSet,
    Static,
)

from glutetui.intents import ImportHistory
from glutetui.screens.styled import StyledOnMount
from glutetui.widgets.failures import ReportsFailures
from glutetui.widgets.messages import Changed

if TYPE_CHECKING:
    from collections.abc import Callable

    from glutetui.services import Services

FORMATS = {
    "json": ("JSON — everything, can be imported again", "json"),
    "csv": ("CSV — one row per set", "csv"),
    "strong-csv": ("Strong CSV — for trackers that import Strong's export", "csv"),
}


def default_path(fmt: str, today: date) -> Path:
    suffix = "-strong" if fmt == "strong-csv" else ""
    return Path.home() / f"glutetui-export-{today:%Y-%m-%d}{suffix}.{FORMATS[fmt][1]}"


def export_to(
    services: Services,
    fmt: str,
    path: Path,
    replace: bool,
    progress: Callable[[int, int], None] | None = None,
) -> str:
    """Write an export; returns a line saying what was written. Raises OSError.
    ``progress`` hears (workouts written, workouts in all) as it goes."""
    from glutetui.platform.files import write_atomically
    from glutetui.store import exchange

    def name_of(exercise_id: str) -> str:
        exercise = services.catalog.exercises.get(exercise_id)
        return exercise.name if exercise else exercise_id

    # An export is the whole training log: readable by its owner only, like the database.
    exporter = exchange.exporter(fmt, services.store, name_of, progress)
    write_atomically(path, exporter, replace=replace, private=True)
    return f"Wrote {path}"


class ExportProgress(Message):
    """How far an export is: ``done`` workouts of ``total``."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


def _show_progress(bar: ProgressBar, done: int, total: int) -> None:
    bar.display = True
    bar.update(total=total or None, progress=done)


class ExportScreen(StyledOnMount, ReportsFailures, ModalScreen[None]):
    CSS_PATH = Path(__file__).with_name("transfer.tcss")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export-cancel")]
    AUTO_FOCUS = "#export-path"

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.fmt = "json"
        self.edited = False

    def compose(self) -> ComposeResult:
        today = self.services.clock.now().date()
        with Vertical(id="export-dialog", classes="dialog"):
            yield Static("Export your history", classes="dialog-title")
            with RadioSet(id="export-format"):
                for key, (label, _) in FORMATS.items():
                    yield RadioButton(label, value=key == "json", name=key)
            yield Input(str(default_path("json", today)), id="export-path")
            yield Checkbox("Replace the file if it already exists", id="export-replace")
            yield Static("", id="export-status", classes="dialog-status")
            yield _bar("export-progress")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="export-go", variant="primary")
                yield Button("Cancel", id="export-close")

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.fmt = event.pressed.name or "json"
        if not self.edited:
            today = self.services.clock.now().date()
            field = self.query_one("#export-path", Input)
            with self.prevent(Input.Changed):
                field.value = str(default_path(self.fmt, today))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.edited = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-go":
            self.start()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def start(self) -> None:
        path = Path(self.query_one("#export-path", Input).value).expanduser()
        replace = self.query_one("#export-replace", Checkbox).value
        self.query_one("#export-status", Static).update("Writing…")
        self.run_export(self.fmt, path, replace)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def run_export(self, fmt: str, path: Path, replace: bool) -> None:
        shown = [-1]

        def progress(done: int, total: int) -> None:
            percent = done * 100 // total if total else 0
            if percent != shown[0]:  # a message per percent, not per workout
                shown[0] = percent
                self.post_message(ExportProgress(done, total))

        try:
            message = export_to(self.services, fmt, path, replace, progress)
        except FileExistsError:
            self.call_later(self._status, f"{path} already exists: tick Replace to overwrite it.")
            return
        except OSError as exc:
            self.call_later(self._status, f"Cannot write {path}: {exc.strerror or exc}")
            return
        self.call_later(self._done, message)

    def on_export_progress(self, message: ExportProgress) -> None:
        _show_progress(self.query_one("#export-progress", ProgressBar), message.done, message.total)

    def _status(self, text: str) -> None:
        self.query_one("#export-status", Static).update(Content(text))

    def _done(self, message: str) -> None:
        self.app.notify(message, title="Exported")
        self.dismiss(None)


class ImportScreen(StyledOnMount, ReportsFailures, ModalScreen[bool]):
    """Read a JSON export back; returns whether anything was added."""

    CSS_PATH = Path(__file__).with_name("transfer.tcss")

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="import-cancel")]
    AUTO_FOCUS = "#import-path"

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog", classes="dialog"):
            yield Static("Import a glutetui JSON export", classes="dialog-title")
            yield Static(
                Content("Anything already here is recognised and skipped, so nothing doubles."),
                classes="dialog-note",
            )
            yield Input(placeholder="path to the .json file", id="import-path")
            yield Static("", id="import-status", classes="dialog-status")
            yield _bar("import-progress")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import", id="import-go", variant="primary")
                yield Button("Cancel", id="import-close")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "import-go":
            self.start()
        else:
            self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(False)

    def start(self) -> None:
        text = self.query_one("#import-path", Input).value.strip()
        if not text:
            self.query_one("#import-status", Static).update("Give the path of an export file.")
            return
        self.query_one("#import-status", Static).update("Reading…")
        self.run_import(Path(text).expanduser())

    def run_import(self, path: Path) -> None:
        """Through the one path: the writer reads it in, in order with everything else."""
        self.services.path.send(ImportHistory(file=str(path)))

    def on_changed(self, event: Changed) -> None:
        change = event.change
        if change.topic == "imported":
            self.dismiss(True)
        elif change.topic == "progress" and change.progress is not None:
            done, total = change.progress
            self._status(
                f"Reading {done >> 20} of {total >> 20} MB…" if total >> 20 else "Reading…"
            )
            _show_progress(self.query_one("#import-progress", ProgressBar), done, total)
        elif change.topic == "problem" and change.message:
            self.query_one("#import-progress", ProgressBar).display = False
            self._status(change.message)

    def _status(self, text: str) -> None:
        self.query_one("#import-status", Static).update(Content(text))


def _bar(bar_id: str) -> ProgressBar:
    """A progress bar, hidden until the work reports how far it is."""
    bar = ProgressBar(id=bar_id, show_eta=False)
    bar.display = False
    return bar
