"""The single-leg stance self-test, and its results per side over time.

It is read standing on one leg in front of a mirror, a few metres from the screen:
the countdown and the hold are drawn in the workout's big type, sharing out the rows
the way the workout does, so they are at least as large as its clock.
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Header, Static

from glutetui.coaching.stance import (
    SelfTestRun,
    Stage,
    StancePhase,
    advice,
    current_stage,
    past_tests,
    seconds_axis,
)
from glutetui.intents import RecordSelfTest
from glutetui.readouts.workout_face import clock_text
from glutetui.screens.styled import StyledOnMount
from glutetui.widgets.bigtext import BigText
from glutetui.widgets.failures import ReportsFailures, deliver
from glutetui.widgets.keybar import KeyBar
from glutetui.widgets.line import Line
from glutetui.widgets.messages import Changed

if TYPE_CHECKING:
    from glutetui.coaching.stance import PastTest
    from glutetui.services import Services


# The run's colour by phase, as in the workout: get ready, hold, answer.
PHASE_CLASSES = {StancePhase.READY: "-ready", StancePhase.HOLD: "-hold", StancePhase.ASK: "-ask"}


class SelfTestScreen(StyledOnMount, ReportsFailures, Screen[None]):
    """Before a run: the results so far. During it: big words and digits, keys only."""

    CSS_PATH = Path(__file__).with_name("selftest.tcss")

    BINDINGS = [
        Binding("s", "begin", "Start the test", id="selftest-start"),
        # The same keys end the countdown early, then end the hold: the key bar says which.
        Binding("space,enter,pagedown,right", "skip", "Start now", id="selftest-skip"),
        Binding("space,enter,pagedown,right", "lost", "Foot down", id="selftest-lost"),
        Binding("y", "level(True)", "Level", id="selftest-yes"),
        Binding("n", "level(False)", "Dropped", id="selftest-no", show=True),
        Binding("escape", "leave", "Back", id="selftest-back"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.run: SelfTestRun | None = None
        self.history: list[PastTest] = []
        self.stage: Stage | None = None
        self._timer: Timer | None = None
        self.taken_at: datetime | None = None

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        yield Header(icon="◐")
        with Vertical(id="selftest"):
            yield Static("", id="selftest-intro")
            with Vertical(id="selftest-run", classes="-hidden"):
                yield BigText("", id="selftest-phase")
                yield BigText("", id="selftest-side")
                yield BigText("", id="selftest-clock")
                yield Line(id="selftest-clock-label")
                yield Line(id="selftest-prompt")
            with Horizontal(id="selftest-results"):
                yield PlotextPlot(id="selftest-plot")
                yield DataTable[Any](id="selftest-table", cursor_type="none", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Single-leg stance self-test"
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        from glutetui.readouts.history import self_tests

        deliver(self, self.show_history, past_tests(self_tests(self.services.store)))

    def show_history(self, history: list[PastTest]) -> None:
        from textual_plotext import PlotextPlot

        self.history = history
        self.stage = current_stage(history)
        intro = self.query_one("#selftest-intro", Static)
        intro.update(
            Content.assemble(
                ("Stand on one leg in front of a mirror. ", "bold"),
                "Lift the other foot, arms relaxed, and watch the hip of the lifted leg: "
                "it should stay level, not drop. Press space when the foot comes down; "
                f"the hold stops by itself at {self.stage.target} s. Then answer y if the "
                "hips stayed level, n if one dropped.\n",
                ("Next test: ", "bold"),
                f"{self.stage.label}, left then right. Press s to start.\n",
                advice(history),
            )
        )
        table = self.query_one("#selftest-table", DataTable)
        table.clear(columns=True)
        table.add_columns("Stage", "Left", "Right")
        for test in reversed(history[-12:]):
            cells = {
                r.side: f"{r.held:.0f} s {'level' if r.level else 'dropped'}" for r in test.results
            }
            table.add_row(test.stage.label, cells.get("left", "—"), cells.get("right", "—"))
        plot = self.query_one("#selftest-plot", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        if history:
            for side, colour in (("left", "cyan"), ("right", "orange")):
                values = [next((r.held for r in t.results if r.side == side), 0.0) for t in history]
                xs = list(range(1, len(values) + 1))
                plt.plot(xs, values, label=side, color=colour, marker="braille")
            plt.xticks(list(range(1, len(history) + 1)))
            # Whole seconds, from zero: "10 s", not "6.58".
            ticks = seconds_axis(history)
            plt.ylim(ticks[0], ticks[-1])
            plt.yticks([float(t) for t in ticks], [f"{t} s" for t in ticks])
            plt.title("Seconds held, test by test")
            plt.xlabel("test")
        else:
            plt.title("No tests yet")
        plot.refresh()
        self.refresh_bindings()

    # --- the run ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        running = self.run is not None and self.run.phase is not StancePhase.DONE
        phase = self.run.phase if self.run is not None else None
        if action == "begin":
            return not running and self.stage is not None
        if action == "skip":
            return phase is StancePhase.READY
        if action == "lost":
            return phase is StancePhase.HOLD
        if action == "level":
            return phase is StancePhase.ASK
        return True

    def action_begin(self) -> None:
        if self.stage is None:
            return
        clock = self.services.clock
        self.run = SelfTestRun(
            clock, self.stage, ready_seconds=max(3, min(10, self.services.settings.get_ready))
        )
        self.taken_at = clock.now()
        self.run.start()
        self.query_one("#selftest-run").remove_class("-hidden")
        self.query_one("#selftest-results").add_class("-hidden")
        self.query_one("#selftest-intro").add_class("-hidden")
        self.wake()

    def wake(self) -> None:
        """Catch up with the clock, draw, and sleep until the next change."""
        run = self.run
        if run is None:
            return
        before = run.phase
        run.tick()
        if run.phase is not before:
            self._phase_sound()
        self.draw()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        wake = run.next_change()
        if wake is not None:
            delay = max(0.0, wake - run.clock.monotonic())
            self._timer = self.set_timer(delay + 0.003, self.wake, name="selftest")

    def _phase_sound(self) -> None:
        sound = self.services.path.sound()
        if sound.sounds:
            sound.bell()

    def draw(self) -> None:
        run = self.run
        if run is None:
            return
        words = {
            StancePhase.READY: "GET READY",
            StancePhase.HOLD: "HOLD",
            StancePhase.ASK: "LEVEL?",
            StancePhase.DONE: "DONE",
        }
        box = self.query_one("#selftest-run")
        for phase, state in PHASE_CLASSES.items():
            box.set_class(run.phase is phase, state)
        self.query_one("#selftest-phase", BigText).update(words[run.phase])
        self.query_one("#selftest-side", BigText).update(
            "" if run.phase is StancePhase.DONE else f"{run.side.upper()} LEG"
        )
        clock = self.query_one("#selftest-clock", BigText)
        label = self.query_one("#selftest-clock-label", Line)
        prompt = self.query_one("#selftest-prompt", Line)
        if run.phase is StancePhase.READY:
            clock.update(clock_text(math.ceil((run.remaining or 0) - 1e-9)))
            label.text = "seconds to get ready"
            prompt.text = f"Stand on your {run.side} leg. The hold starts at zero."
        elif run.phase is StancePhase.HOLD:
            clock.update(clock_text(int(run.elapsed)))
            label.text = f"seconds held, of {run.stage.target}"
            prompt.text = "Space when the foot comes down"
        elif run.phase is StancePhase.ASK:
            clock.update(clock_text(round(run.elapsed)))
            label.text = "seconds held"
            prompt.text = "Did your hips stay level?  y  yes  ·  n  no, one dropped"
        else:
            clock.update("")
            label.text = ""
            prompt.text = ""
        self.refresh_bindings()

    def action_skip(self) -> None:
        self.action_lost()  # the hold starts now

    def action_lost(self) -> None:
        if self.run is not None:
            self.run.lost_balance()
            self._phase_sound()
            self.wake()

    def action_level(self, level: bool) -> None:
        run = self.run
        if run is None or self.taken_at is None:
            return
        result = run.answer(level)
        if result is not None:
            # Each side is kept the moment it is answered.
            self.services.path.send(
                RecordSelfTest(
                    side=result.side,
                    stage=run.stage.eyes,
                    target=run.stage.target,
                    held=result.held,
                    level=result.level,
                    taken_at=self.taken_at,
                )
            )
        if run.phase is StancePhase.DONE:
            self._finish()
        else:
            self.wake()

    def _finish(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.run = None
        self.query_one("#selftest-run").add_class("-hidden")
        self.query_one("#selftest-results").remove_class("-hidden")
        self.query_one("#selftest-intro").remove_class("-hidden")
        self.notify("Self-test saved.")  # the history shows it when its write is in

    def on_changed(self, event: Changed) -> None:
        if event.change.topic == "self-test":
            self.load()

    def action_leave(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.app.pop_screen()
