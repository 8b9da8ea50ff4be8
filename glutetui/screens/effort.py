"""The effort check after each exercise: one key from 1 to 5, then Enter.

It never holds the workout up: a big countdown runs, and when it ends the workout
goes on with the exercise unrated (the summary asks later). Any key stops the
countdown, since someone is there to answer. Nothing is chosen in advance: Enter or
the clicker's "next" accepts the digit pressed, and without one the exercise stays
unrated, exactly as when the countdown lapses. The reps counted per set can be
corrected, and pain flagged.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Digits, Static

from glutetui.engine import PlannedBlock
from glutetui.store.records import LoggedSet
from glutetui.vocab import EFFORT_WORDS, plural
from glutetui.widgets.bigtext import BigText
from glutetui.widgets.keybar import KeyBar
from glutetui.widgets.ratings import RATE_BINDINGS
from glutetui.workout.run import EffortAnswer

HOLD_STEP = 5
PAIN_ADVICE = (
    "Pain flagged: this exercise steps back next time. Stop if the pain is sharp, "
    "and see a physiotherapist if it persists."
)


class EffortScreen(ModalScreen[EffortAnswer | None]):
    """How did that exercise feel? Returns an EffortAnswer (None when it lapsed)."""

    CSS_PATH = Path(__file__).with_name("effort.tcss")

    BINDINGS = [
        *RATE_BINDINGS,
        Binding("up", "adjust(1)", "More", id="effort-more"),
        Binding("down", "adjust(-1)", "Fewer", id="effort-fewer"),
        Binding("left,shift+tab", "select(-1)", "Prev set", id="effort-prev", show=False),
        Binding("right,tab", "select(1)", "Next set", id="effort-next", show=False),
        Binding("p", "pain", "Pain", id="effort-pain"),
        Binding("enter,pagedown", "confirm", "Confirm", id="effort-confirm", priority=True),
    ]

    VERTICAL_BREAKPOINTS = [(0, "-short"), (26, "-tall")]

    def __init__(
        self,
        block: PlannedBlock,
        sets: list[LoggedSet],
        *,
        wait: float | None = None,
        on_attended: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.wait = wait
        self.on_attended = on_attended
        self.block = block
        self.sets = sets
        self.rating: int | None = None  # only a digit the person pressed is a rating
        self.pain = False
        self.values = [self._value(s) for s in sets]
        self.selected = len(sets) - 1

    @staticmethod
    def _value(s: LoggedSet) -> float:
        return float(s.hold_seconds or 0) if s.kind == "hold" else float(s.reps or 0)

    def compose(self) -> ComposeResult:
        with Vertical(id="effort-dialog"):
            yield Static(
                Content.assemble("How did ", (self.block.name, "bold"), " feel?"), id="effort-title"
            )
            with Horizontal(id="effort-rating"):
                yield Digits("-", id="effort-digit")
                yield Static("", id="effort-word")
            yield Static("", id="effort-scale")
            yield Static("", id="effort-sets")
            yield Static("", id="effort-pain")
            yield Static(
                Content(
                    "Press 1–5, then Enter (Enter alone leaves it unrated). "
                    "↑/↓ correct the highlighted set, ←/→ choose it."
                ),
                id="effort-help",
            )
            with Vertical(id="effort-wait"):
                yield BigText("", id="effort-countdown")
                yield Static("", id="effort-wait-label")
        yield KeyBar(compact=True)

    def on_mount(self) -> None:
        if self not in self.app.screen_stack:
            return  # it lapsed and was closed before it was ever shown
        self.show_countdown(self.wait)
        self.draw()

    def show_countdown(self, seconds: float | None) -> None:
        """Seconds until the workout goes on by itself; None once someone answers."""
        self.wait = seconds
        boxes = self.query("#effort-wait")
        if not boxes:
            return  # not composed yet: on_mount draws it
        box = boxes.first()
        box.display = seconds is not None
        if seconds is not None:
            left = max(0, math.ceil(seconds - 1e-9))
            self.query_one("#effort-countdown", BigText).update(str(left))
            self.query_one("#effort-wait-label", Static).update(
                f"{plural(left, 'second')} until it goes on by itself · any key to wait"
            )

    def attended(self) -> None:
        """Someone pressed a key: stop the countdown and wait for their answer."""
        if self.wait is None:
            return
        self.show_countdown(None)
        if self.on_attended is not None:
            self.on_attended()

    def on_key(self, event: events.Key) -> None:
        self.attended()

    def on_screen_suspend(self) -> None:
        # Something opened on top (the command palette, help): someone is there.
        self.attended()

    def draw(self) -> None:
        rating = self.rating
        self.query_one("#effort-digit", Digits).update("-" if rating is None else str(rating))
        self.query_one("#effort-word", Static).update(
            Content.assemble((EFFORT_WORDS[rating], "bold"))
            if rating is not None
            else Content("no rating yet")
        )

        def choice(n: int) -> Content:
            style = "bold reverse" if n == self.rating else "bold"
            return Content.assemble((f" {n} ", style), f" {EFFORT_WORDS[n]}")

        gap = Content("   ")
        scale = Content("\n").join(
            [gap.join(choice(n) for n in (1, 2, 3)), gap.join(choice(n) for n in (4, 5))]
        )
        self.query_one("#effort-scale", Static).update(scale)
        self.query_one("#effort-sets", Static).update(self._sets_text())
        pain = self.query_one("#effort-pain", Static)
        pain.set_class(self.pain, "-pain")
        pain.update(Content(PAIN_ADVICE if self.pain else "p flags pain"))

    def _sets_text(self) -> Content:
        if not self.sets:
            return Content("No sets were finished.")
        unit = " s" if self.block.kind == "hold" else ""
        target = self.block.hold if self.block.kind == "hold" else self.block.reps
        lines: list[Content] = [Content("Done per set:" if unit else "Reps per set:")]
        by_set: dict[int, list[int]] = {}
        for i, s in enumerate(self.sets):
            by_set.setdefault(s.set_index, []).append(i)
        for set_index, indexes in sorted(by_set.items()):
            cells: list[Content | str | tuple[str, str]] = [f"  Set {set_index + 1}: "]
            for i in indexes:
                side = self.sets[i].side
                label = "" if side == "both" else f"{side} "
                value = f"{self.values[i]:.0f}{unit}"
                style = "bold reverse" if i == self.selected else "bold"
                cells += [label, (f" {value} ", style), f" of {target}{unit}   "]
            lines.append(Content.assemble(*cells))
        return Content("\n").join(lines)

    # --- actions ------------------------------------------------------------------------

    def action_rate(self, rating: int) -> None:
        self.attended()
        self.rating = rating
        self.draw()

    def action_adjust(self, direction: int) -> None:
        self.attended()
        if not self.sets:
            return
        step = HOLD_STEP if self.block.kind == "hold" else 1
        value = self.values[self.selected] + direction * step
        self.values[self.selected] = max(0.0, min(value, 999.0))
        self.draw()

    def action_select(self, direction: int) -> None:
        self.attended()
        if self.sets:
            self.selected = (self.selected + direction) % len(self.sets)
            self.draw()

    def action_pain(self) -> None:
        self.attended()
        self.pain = not self.pain
        self.draw()

    def action_confirm(self) -> None:
        corrections: dict[tuple[int, str], float] = {
            (s.set_index, s.side): self.values[i]
            for i, s in enumerate(self.sets)
            if self.values[i] != self._value(s)
        }
        self.dismiss(EffortAnswer(self.rating, self.pain, corrections))
