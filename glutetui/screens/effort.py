"""The effort check after each exercise: one key from 1 to 5, and it goes on by itself.

It never holds the workout up: a big countdown runs, and when it ends the workout
goes on with the exercise unrated (the summary asks later). A key or tap in it (a
digit, a pain flag, a correction) starts a short confirm countdown instead, started
again by each key, after which the answer as it stands is kept and the workout goes
on; Enter, PageDown, ``n`` and → (the clicker's "next") keep it at once. Nothing is
chosen in advance: without a digit the exercise stays unrated, exactly as when the
countdown lapses. The amounts done per set can be corrected (skipped sets are not
offered: nothing was done), and pain flagged for a side.

The answer itself lives in the workout (``WorkoutRun.check``), so a key here and a tap
on the phone change the same answer; this screen draws it and sends what was pressed
down the one intent path. It closes when the workout goes on.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Digits, Static

from glutetui.intents import Attend, Correct, FlagPain, Intent, Next, Rate
from glutetui.screens.styled import StyledOnMount
from glutetui.vocab import EFFORT_WORDS, plural
from glutetui.widgets.bigtext import BigText
from glutetui.widgets.keybar import KeyBar
from glutetui.widgets.line import put
from glutetui.widgets.ratings import SHOWN_RATE_BINDINGS

if TYPE_CHECKING:
    from glutetui.services import Services
    from glutetui.workout.effort import EffortCheck
    from glutetui.workout.run import WorkoutRun

HOLD_STEP = 5
PAIN_ADVICE = (
    "This exercise steps back next time. Stop if the pain is sharp, "
    "and see a physiotherapist if it persists."
)
SIDE_NAMES = {"left": "left side", "right": "right side", "both": "both legs"}
# The same on every draw: set once, as the screen is made.
HELP = (
    "Press 1–5: it is kept a few seconds later, or now with Enter, n or →. "
    "↑/↓ correct the highlighted set, Tab chooses it."
)


class EffortScreen(StyledOnMount, ModalScreen[None]):
    """How did that exercise feel?"""

    CSS_PATH = Path(__file__).with_name("effort.tcss")

    # In order of importance: the key bar leaves out the last ones when it is narrow.
    BINDINGS = [
        *SHOWN_RATE_BINDINGS,
        Binding("enter,pagedown,n,right", "confirm", "Keep", id="effort-confirm", priority=True),
        Binding("l", "pain('left')", "Pain left", id="effort-pain-left"),
        Binding("r", "pain('right')", "Pain right", id="effort-pain-right"),
        Binding("p", "pain('both')", "Pain", id="effort-pain"),
        Binding("up", "adjust(1)", "More", id="effort-more"),
        Binding("down", "adjust(-1)", "Fewer", id="effort-fewer"),
        Binding("shift+tab", "select(-1)", "Prev set", id="effort-prev", show=False),
        Binding("tab", "select(1)", "Next set", id="effort-next", show=False),
    ]

    VERTICAL_BREAKPOINTS = [(0, "-short"), (26, "-tall")]

    def __init__(self, run: WorkoutRun, services: Services, *, wait: float | None = None) -> None:
        super().__init__()
        self.run = run
        self.services = services
        self.wait = wait
        check = run.check
        self.block = run.engine.plan.blocks[run.engine.step.block]
        self.selected = max(0, len(check.sets) - 1) if check is not None else 0

    @property
    def check(self) -> EffortCheck | None:
        return self.run.check

    # Read by tests and the key storms: the answer as it stands.
    @property
    def rating(self) -> int | None:
        check = self.check
        return check.rating if check is not None else None

    @property
    def pain(self) -> bool:
        check = self.check
        return bool(check.pain) if check is not None else False

    def send(self, intent: Intent) -> None:
        self.services.path.send(intent)

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
            yield Static(Content(HELP), id="effort-help")
            with Vertical(id="effort-wait"):
                yield BigText("", id="effort-countdown")
                yield Static("", id="effort-wait-label")
        yield KeyBar(compact=True)

    def on_mount(self) -> None:
        if self not in self.app.screen_stack:
            return  # it lapsed and was closed before it was ever shown
        self.show(self.wait)

    def show(self, seconds: float | None) -> None:
        """Draw the answer as it stands and the seconds until the workout goes on by
        itself (None: it waits for a key, ``effort_wait = 0``); after a key, the seconds
        until the answer is kept."""
        if self.run.engine.deadline is None:
            seconds = None  # waiting for a key
        self.wait = seconds
        boxes = self.query("#effort-wait")
        if not boxes:
            return  # not composed yet: on_mount draws it
        box = boxes.first()
        box.display = seconds is not None
        confirming = self.run.engine.confirming
        box.set_class(confirming, "-confirming")
        if seconds is not None:
            left = max(0, math.ceil(seconds - 1e-9))
            self.query_one("#effort-countdown", BigText).update(str(left))
            put(self.query_one("#effort-wait-label", Static), self._wait_words(left, confirming))
        self.draw()

    def _wait_words(self, left: int, confirming: bool) -> Content:
        # The number itself is the big one above: the words say what it counts.
        seconds = plural(left, "second")
        if not confirming:
            return Content(f"{seconds} until it goes on by itself, unrated · 1–5 rates")
        rating = self.rating
        kept = "no rating" if rating is None else f"{rating}, {EFFORT_WORDS[rating]}"
        return Content.assemble(
            f"{seconds} until ", (kept, "bold"), " is kept · Enter or n keeps it now"
        )

    def on_key(self, event: events.Key) -> None:
        self.send(Attend())

    def on_screen_suspend(self) -> None:
        # Something opened on top (the command palette, help): someone is there.
        self.send(Attend())

    def draw(self) -> None:
        check = self.check
        if check is None:
            return
        rating = check.rating
        # Drawn again on every second of the countdown: only what changed is updated.
        digit = self.query_one("#effort-digit", Digits)
        if digit.value != (shown := "-" if rating is None else str(rating)):
            digit.update(shown)
        put(
            self.query_one("#effort-word", Static),
            Content.assemble((EFFORT_WORDS[rating], "bold"))
            if rating is not None
            else Content("no rating yet"),
        )

        def choice(n: int) -> Content:
            style = "bold reverse" if n == rating else "bold"
            return Content.assemble((f" {n} ", style), f" {EFFORT_WORDS[n]}")

        gap = Content("   ")
        scale = Content("\n").join(
            [gap.join(choice(n) for n in (1, 2, 3)), gap.join(choice(n) for n in (4, 5))]
        )
        put(self.query_one("#effort-scale", Static), scale)
        put(self.query_one("#effort-sets", Static), self._sets_text(check))
        pain = self.query_one("#effort-pain", Static)
        pain.set_class(bool(check.pain), "-pain")
        keys = "p flags pain" if check.two_legged else "l / r flag pain on the left / right"
        if check.pain:
            sides = [SIDE_NAMES[s] for s in ("left", "right", "both") if s in check.pain]
            where = " and ".join(sides)
            put(pain, Content(f"Pain flagged: {where}. {PAIN_ADVICE}"))
        else:
            put(pain, Content(keys))

    def _sets_text(self, check: EffortCheck) -> Content:
        skipped = self._skipped()
        if not check.sets:
            return Content("No sets were finished.")
        unit = " s" if self.block.kind == "hold" else ""
        target = self.block.hold if self.block.kind == "hold" else self.block.reps
        lines: list[Content] = [Content("Done per set:" if unit else "Reps per set:")]
        by_set: dict[int, list[int]] = {}
        for i, s in enumerate(check.sets):
            by_set.setdefault(s.set_index, []).append(i)
        for set_index, indexes in sorted(by_set.items()):
            cells: list[Content | str | tuple[str, str]] = [f"  Set {set_index + 1}: "]
            for i in indexes:
                side = check.sets[i].side
                label = "" if side == "both" else f"{side} "
                value = f"{check.amounts[i]:.0f}{unit}"
                style = "bold reverse" if i == self.selected else "bold"
                cells += [label, (f" {value} ", style), f" of {target}{unit}   "]
            lines.append(Content.assemble(*cells))
        if skipped:
            lines.append(Content(f"  {skipped} skipped: not rated"))
        return Content("\n").join(lines)

    def _skipped(self) -> str:
        """The sets of this exercise that were skipped, in words ("1 set", "2 sets")."""
        block = self.run.engine.step.block
        count = sum(1 for k, s in self.run.logged.items() if k[0] == block and s.skipped)
        return f"{count} {plural(count, 'set')}" if count else ""

    # --- actions: what was pressed goes down the intent path -----------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A two-legged exercise has no left or right: p flags pain in both legs.
        check = self.check
        if action == "pain" and parameters != ("both",):
            return check is None or not check.two_legged
        return True

    def action_rate(self, rating: int) -> None:
        self.send(Rate(effort=rating))

    def action_adjust(self, direction: int) -> None:
        check = self.check
        if check is None or not check.sets:
            return
        step = HOLD_STEP if self.block.kind == "hold" else 1
        amount = max(0.0, min(check.amounts[self.selected] + direction * step, 999.0))
        self.send(Correct(index=self.selected, amount=amount))

    def action_select(self, direction: int) -> None:
        check = self.check
        if check is not None and check.sets:
            self.selected = (self.selected + direction) % len(check.sets)
            self.draw()

    def action_pain(self, side: str) -> None:
        self.send(FlagPain(side=side))  # type: ignore[arg-type]

    def action_confirm(self) -> None:
        self.send(Next())
