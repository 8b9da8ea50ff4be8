"""Pain today, asked once after a workout and never required: a score on the 0-10
numeric rating scale and a short note, as clinicians record pain.

The scale takes a digit (``1`` then ``0`` makes 10), ←/→ to step, ``x`` to clear; the
note is a one-line field kept with Enter (or when the focus leaves it). Each change
posts :class:`PainTodayPanel.Given` with the score and the note as they stand; the
screen sends them on as one intent. Nothing here waits for an answer.
"""

from __future__ import annotations

from time import monotonic

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Static

TOP = 10
# The usual reading of the scale's bands.
BANDS = ((0, "no pain"), (1, "mild"), (4, "moderate"), (7, "severe"))
# "1" then "0" within this long is 10, not 1 then 0.
TEN_WITHIN = 1.2
HINT = "0 none … 10 worst: 0–9 or ←/→, x clears, Tab: note"


def band(score: int) -> str:
    return next(word for low, word in reversed(BANDS) if score >= low)


class PainScale(Widget, can_focus=True):
    """Eleven steps, 0 to 10, the chosen one marked; None until one is chosen."""

    DEFAULT_CSS = """
    PainScale { height: 1; width: auto; padding: 0 1 0 0; }
    PainScale:focus { background: $accent 25%; text-style: bold; }
    """
    BINDINGS = [
        Binding("left", "step(-1)", "Less", show=False),
        Binding("right", "step(1)", "More", show=False),
        Binding("x,backspace,delete", "clear", "Clear", show=False),
    ]

    score: reactive[int | None] = reactive(None)

    class Chosen(Message):
        def __init__(self, score: int | None) -> None:
            super().__init__()
            self.score = score

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._last_one = -10.0  # when "1" was last typed: "1" then "0" is 10

    def render(self) -> Content:
        cells: list[str | tuple[str, str]] = []
        for n in range(TOP + 1):
            chosen = n == self.score
            cells.append((f" {n} ", "bold reverse" if chosen else "dim"))
        said = "not given" if self.score is None else f"{self.score}/10, {band(self.score)}"
        cells += ["   ", (said, "bold" if self.score is not None else "dim italic")]
        return Content.assemble(*cells)

    def choose(self, score: int | None) -> None:
        if score == self.score:
            return
        self.score = score
        self.post_message(self.Chosen(score))

    def action_step(self, by: int) -> None:
        start = -1 if self.score is None and by > 0 else (self.score or 0)
        self.choose(max(0, min(TOP, start + by)))

    def action_clear(self) -> None:
        self.choose(None)

    def on_key(self, event: events.Key) -> None:
        if event.character is None or not event.character.isdigit():
            return
        event.stop()
        digit = int(event.character)
        now = monotonic()
        if digit == 0 and self.score == 1 and now - self._last_one < TEN_WITHIN:
            self.choose(TOP)
        else:
            self.choose(digit)
        self._last_one = now if digit == 1 else -10.0


class PainTodayPanel(Vertical):
    """The heading with its keys, the scale and the note."""

    DEFAULT_CSS = """
    PainTodayPanel { height: auto; }
    PainTodayPanel #pain-note {
        border: none;
        height: 1;
        padding: 0 1;
        margin-top: 0;
    }
    """

    class Given(Message):
        """Pain today as it now stands (a score, a note, or neither)."""

        def __init__(self, score: int | None, note: str) -> None:
            super().__init__()
            self.score = score
            self.note = note

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._sent: tuple[int | None, str] = (None, "")
        self.filled = False  # set once from the workout, never over what was typed

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(("Pain today", "bold"), " (optional)  ", (HINT, "dim")),
            id="pain-title",
        )
        yield PainScale(id="pain-scale")
        yield Input(
            placeholder="a short note (optional); Enter keeps it", max_length=200, id="pain-note"
        )

    def fill(self, score: int | None, note: str) -> None:
        """Show what the workout already has, the first time only."""
        if self.filled:
            return
        self.filled = True
        self._sent = (score, note)
        scale = self.query_one(PainScale)
        with self.prevent(PainScale.Chosen):
            scale.score = score
        self.query_one(Input).value = note

    def on_pain_scale_chosen(self, event: PainScale.Chosen) -> None:
        event.stop()
        self._give()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._give()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, Input):
            self._give()

    def _give(self) -> None:
        now = (self.query_one(PainScale).score, self.query_one(Input).value.strip())
        if now != self._sent:
            self._sent = now
            self.post_message(self.Given(*now))
