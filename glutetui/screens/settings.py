"""Settings: every option takes effect at once and is saved to settings.toml,
keeping the user's own comments in that file.

Switches and the theme are saved as they change. A number is saved when it is
confirmed — Enter, or leaving the field — and only when it is allowed: while it is
being typed nothing is saved (not the prefix of what is being typed either), and a
number out of range is never written nor reported as saved; the field says what is
allowed and goes back to the value that is kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.validation import Integer
from textual.widgets import Checkbox, Header, Input, Label, Select, Static, Switch

from glutetui.intents import ChangeSetting, PlanProgram
from glutetui.platform.settings import WEEKDAY_KEYS, PlanEntry, Settings
from glutetui.schedule.days import DAY_SHORT
from glutetui.schedule.week import DEFAULT_TIME, default_weekdays
from glutetui.screens.styled import StyledOnMount
from glutetui.widgets.failures import ReportsFailures
from glutetui.widgets.keybar import KeyBar
from glutetui.widgets.messages import Changed

if TYPE_CHECKING:
    from glutetui.services import Services

SWITCHES = (
    ("sounds", "Sounds: bell at each phase, beeps before a rest ends"),
    ("rep_ticks", "A tick on every rep"),
    ("speech", "Spoken cues (needs espeak-ng, espeak, spd-say or say)"),
    ("weaker_side_first", "Start with the weaker side when one trails"),
    ("keep_awake", "Keep the screen awake during a workout"),
    ("figure", "A moving figure shows each exercise"),
    ("remote", "Phone remote: a page on the home network (see the README)"),
)
NUMBERS = (
    ("speech_rate", "Speech rate, words per minute", 80, 400),
    ("get_ready", "Get-ready countdown, seconds", 0, 120),
    ("effort_wait", "Effort check waits this long, seconds (0: until a key)", 0, 600),
    ("default_rest", "Rest between sets, seconds (empty: each exercise's own)", 0, 600),
    ("switch_pause", "Pause to switch sides, seconds", 0, 60),
)
# What an empty field means, shown in it as a placeholder (only the rest may be empty).
EMPTY_MEANS = {"default_rest": "each exercise's own"}


class SettingsScreen(StyledOnMount, ReportsFailures, Screen[None]):
    CSS_PATH = Path(__file__).with_name("settings.tcss")
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="settings-back")]
    AUTO_FOCUS = "#set-sounds"

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
                        valid_empty=key in EMPTY_MEANS,
                        placeholder=EMPTY_MEANS.get(key, ""),
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
            yield from self._plan_rows(s)
            yield Static("", id="settings-status")
        yield KeyBar()

    def _plan_rows(self, s: Settings) -> ComposeResult:
        """The weekly plan: for each program its days (tick boxes) and a time."""
        yield Static(
            Content.assemble(
                ("Weekly plan", "bold"),
                " · the days and time for each program: Home shows the week, "
                "glutetui plan --ics puts it in your calendar",
            ),
            classes="plan-head",
        )
        self._programs = sorted(
            self.services.catalog.programs.values(), key=lambda p: (p.source != "bundled", p.name)
        )
        for index, program in enumerate(self._programs):
            entry = s.plan.get(program.id)
            if entry is None:
                spread = ", ".join(DAY_SHORT[d] for d in default_weekdays(program.days_per_week))
                hint = f"not chosen: while it is your program, {spread} at {DEFAULT_TIME:%H:%M}"
            else:
                hint = _plan_words(entry)
            yield Label(
                Content.assemble((program.name, "bold"), "  ", (hint, "dim")),
                id=f"plan-{index}-name",
                classes="plan-name",
            )
            with Horizontal(classes="setting plan-row"):
                for day, key in enumerate(WEEKDAY_KEYS):
                    yield Checkbox(
                        DAY_SHORT[day],
                        entry is not None and key in entry.days,
                        id=f"plan-{index}-{key}",
                        compact=True,
                    )
                yield Input(
                    entry.time if entry is not None else "",
                    id=f"plan-{index}-time",
                    placeholder=f"{DEFAULT_TIME:%H:%M}",
                    max_length=5,
                    classes="plan-time",
                )
                yield Label("time, HH:MM")

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

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        index = _plan_index(event.checkbox.id)
        if index is not None:
            self._send_plan(index)

    def _send_plan(self, index: int) -> None:
        """The program's days as ticked and its time as typed (if it is a time)."""
        program = self._programs[index]
        days = tuple(
            key for key in WEEKDAY_KEYS if self.query_one(f"#plan-{index}-{key}", Checkbox).value
        )
        field = self.query_one(f"#plan-{index}-time", Input)
        if not days and program.id not in self.current.plan:
            return  # nothing chosen yet for this program: leaving its time changes nothing
        time = field.value.strip() or f"{DEFAULT_TIME:%H:%M}"
        try:
            wanted = PlanEntry(days=days, time=time)
        except ValueError as exc:
            kept = self.current.plan.get(program.id)
            field.value = kept.time if kept is not None else ""
            self._status(f"{program.name}: {exc}; nothing saved.")
            return
        if self.current.plan.get(program.id) == wanted:
            return
        self.services.path.send(PlanProgram(program=program.id, days=days, time=wanted.time))
        self.query_one(f"#plan-{index}-name", Label).update(
            Content.assemble((program.name, "bold"), "  ", (_plan_words(wanted), "dim"))
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        """While a number is typed, say whether it would be allowed; save nothing yet."""
        if _plan_index(event.input.id) is not None:
            return
        key = (event.input.id or "").removeprefix("set-")
        if event.validation_result is not None and not event.validation_result.is_valid:
            self._status(f"{self._allowed(key)}: not saved.")
        elif self._value_of(event.input) != getattr(self.current, key):
            self._status("Enter (or leaving the field) saves it.")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._confirm(event.input)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        self._confirm(event.input)

    def _confirm(self, field: Input) -> None:
        """Save a confirmed number if it is allowed; otherwise keep the saved one."""
        index = _plan_index(field.id)
        if index is not None:
            self._send_plan(index)
            return
        key = (field.id or "").removeprefix("set-")
        kept = getattr(self.current, key)
        result = field.validate(field.value)
        if result is not None and not result.is_valid:
            field.value = "" if kept is None else str(kept)
            shown = "empty" if kept is None else str(kept)
            self._status(f"{self._allowed(key)}: kept {shown}, nothing saved.")
            return
        self.change(key, self._value_of(field))

    @staticmethod
    def _value_of(field: Input) -> int | None:
        text = field.value.strip()
        return int(text) if text else None

    @staticmethod
    def _allowed(key: str) -> str:
        label, low, high = next((text, lo, hi) for k, text, lo, hi in NUMBERS if k == key)
        empty = f", or empty for {EMPTY_MEANS[key]}" if key in EMPTY_MEANS else ""
        return f"{label.split(',')[0]} must be a whole number from {low} to {high}{empty}"

    def _status(self, text: str) -> None:
        self.query_one("#settings-status", Static).update(Content(text))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "set-theme" and isinstance(event.value, str):
            self.change("theme", event.value)

    def change(self, key: str, value: Any) -> None:
        if key not in set(Settings.__struct_fields__) or getattr(self.current, key) == value:
            return
        if value is None and key not in EMPTY_MEANS:
            return
        self.services.path.send(ChangeSetting(key=key, value=value))

    def on_changed(self, event: Changed) -> None:
        """The path reports the file written (or why not)."""
        if event.change.topic in ("saved", "problem") and event.change.message:
            self._status(event.change.message)


def _plan_index(widget_id: str | None) -> int | None:
    """The program's row for a plan field's id (``plan-3-mon``, ``plan-3-time``)."""
    parts = (widget_id or "").split("-")
    if len(parts) == 3 and parts[0] == "plan" and parts[1].isdigit():
        return int(parts[1])
    return None


def _plan_words(entry: PlanEntry) -> str:
    """ "Mon, Thu at 07:30", or "not planned"."""
    if not entry.days:
        return "not planned"
    days = sorted(WEEKDAY_KEYS.index(d) for d in entry.days)
    return ", ".join(DAY_SHORT[d] for d in days) + f" at {entry.time}"
