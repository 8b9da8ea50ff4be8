"""Settings: every option takes effect at once and is saved to settings.toml,
keeping the user's own comments in that file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.validation import Integer
from textual.widgets import Header, Input, Label, Select, Static, Switch

from glutetui.settings import Settings
from glutetui.widgets.failures import ReportsFailures
from glutetui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from glutetui.app import GlutetuiApp
    from glutetui.services import Services

SWITCHES = (
    ("sounds", "Sounds: bell at each phase, beeps before a rest ends"),
    ("rep_ticks", "A tick on every rep"),
    ("speech", "Spoken cues (needs espeak-ng, espeak, spd-say or say)"),
    ("weaker_side_first", "Start with the weaker side when one trails"),
    ("keep_awake", "Keep the screen awake during a workout"),
    ("figure", "A moving figure shows each exercise"),
)
NUMBERS = (
    ("speech_rate", "Speech rate, words per minute", 80, 400),
    ("get_ready", "Get-ready countdown, seconds", 0, 120),
    ("effort_wait", "Effort check waits this long, seconds (0: until a key)", 0, 600),
    ("default_rest", "Rest between sets, seconds (blank: each exercise's own)", 0, 600),
    ("switch_pause", "Pause to switch sides, seconds", 0, 60),
)


class SettingsScreen(ReportsFailures, Screen[None]):
    CSS_PATH = Path(__file__).with_name("settings.tcss")
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="settings-back")]
    AUTO_FOCUS = "#set-sounds"

    @property
    def gt_app(self) -> GlutetuiApp:
        return cast("GlutetuiApp", self.app)

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    @property
    def current(self) -> Settings:
        return self.services.settings

    def compose(self) -> ComposeResult:
        s = self.current
        yield Header(icon="◐")
        with VerticalScroll(id="settings"):
            yield Static("", id="settings-problem", classes="-hidden")
            for key, label in SWITCHES:
                with Horizontal(classes="setting"):
                    yield Switch(bool(getattr(s, key)), id=f"set-{key}")
                    yield Label(label)
            for key, label, low, high in NUMBERS:
                value = getattr(s, key)
                with Horizontal(classes="setting"):
                    yield Input(
                        "" if value is None else str(value),
                        id=f"set-{key}",
                        type="integer",
                        validators=[Integer(minimum=low, maximum=high)],
                        valid_empty=key == "default_rest",
                        placeholder="auto" if key == "default_rest" else "",
                    )
                    yield Label(f"{label} ({low}–{high})")
            with Horizontal(classes="setting"):
                themes = sorted(self.app.available_themes)
                yield Select[str](
                    [(t, t) for t in themes],
                    value=s.theme if s.theme in themes else self.app.theme,
                    allow_blank=False,
                    id="set-theme",
                )
                yield Label("Theme")
            yield Static("", id="settings-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Settings"
        problem = self.services.settings_problem
        note = self.query_one("#settings-problem", Static)
        note.set_class(not problem, "-hidden")
        if problem:
            keep = (
                "Changing a setting here writes good values; a file that is not valid TOML "
                "is first kept as settings.toml.broken."
            )
            note.update(Content(f"{problem}. {keep}"))
        # The file name only: a full path would make the screen differ from home to home.
        self.query_one("#settings-status", Static).update(
            Content("Saved to settings.toml as you change them; your own comments stay.")
        )

    def on_switch_changed(self, event: Switch.Changed) -> None:
        key = (event.switch.id or "").removeprefix("set-")
        self.change(key, event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        key = (event.input.id or "").removeprefix("set-")
        if event.validation_result is not None and not event.validation_result.is_valid:
            return
        if event.value.strip() == "":
            if key == "default_rest":
                self.change(key, None)
            return
        self.change(key, int(event.value))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "set-theme" and isinstance(event.value, str):
            self.change("theme", event.value)

    def change(self, key: str, value: Any) -> None:
        if key not in set(Settings.__struct_fields__) or getattr(self.current, key) == value:
            return
        self.gt_app.apply_settings(self.current.with_(**{key: value}))
        self.save()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def save(self) -> None:
        message = self.gt_app.save_settings()
        self.app.call_from_thread(
            self.query_one("#settings-status", Static).update, Content(message)
        )
