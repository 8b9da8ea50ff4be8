"""The guided workout, built to be read from the floor three metres away.

The screen only draws the session's state and passes keys on. It sleeps until the
engine's next change (a phase end, a rep, the next whole second on the clock) rather
than polling, so a running workout costs little CPU.

What is on screen is decided once per step, by the step itself (the clock and, in a
set of reps, the reps beside it; the side; the figure's width): a number never moves
because a value changed inside a step. When a step brings a new arrangement the
screen is laid out in the same frame as the numbers it shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from glutetui.engine import (
    CueShown,
    Event,
    PhaseChanged,
    Snapshot,
    StepKind,
    WorkoutFinished,
)
from glutetui.intents import (
    AddRest,
    Back,
    EndWorkout,
    Intent,
    Next,
    Pause,
    Resume,
    ToggleSounds,
    ToggleVoice,
)
from glutetui.measures.words import elapsed_text
from glutetui.readouts import workout_face as face
from glutetui.readouts.set_line import set_line
from glutetui.screens.styled import StyledOnMount, restyle_only
from glutetui.screens.workout_figure import WorkoutFigure, widest_numbers
from glutetui.widgets.bigtext import BigText
from glutetui.widgets.keybar import KeyBar
from glutetui.widgets.line import Line
from glutetui.widgets.remote_code import RemoteCode

if TYPE_CHECKING:
    from textual.layout import WidgetPlacement

    from glutetui.engine import PlannedBlock, Step
    from glutetui.platform.awake import KeepAwake
    from glutetui.screens.effort import EffortScreen
    from glutetui.services import Services
    from glutetui.workout.run import WorkoutRun

REST_STEP = 15
STATE_CLASSES = ("-ready", "-work", "-rest", "-switch", "-effort", "-done", "-paused")
# The parts whose styles read the screen's state class (workout.tcss): a change of state
# restyles the screen and these, not everything on it (tests/ui/test_workout.py holds
# the two to the same styles).
STATE_STYLED = "#phase, #workout-remote"
# Steps that show no clock: the effort check has its own countdown, the end has none.
NO_CLOCK = (StepKind.EFFORT, StepKind.DONE)
VOICE_OFFER = "Spoken cues? Press v to turn the voice on (v again turns it off)."


class WorkoutScreen(StyledOnMount, Screen[None]):
    """One workout, hands-free: it counts, switches, rests and moves on by itself."""

    CSS_PATH = Path(__file__).with_name("workout.tcss")

    # Space says what it will do: one binding shows while running, the other while
    # paused (check_action). The key bar drops keys from the end when it runs out of
    # room, so the order is the order of importance.
    BINDINGS = [
        Binding("space", "pause", "Pause", id="pause"),
        Binding("space", "resume", "Resume", id="resume"),
        Binding("n,pagedown,right", "next", "Next", id="next"),
        Binding("b,pageup,left", "back", "Back", id="back"),
        Binding("plus,equals_sign", "rest(15)", "+15s", id="rest-more"),
        Binding("minus,underscore", "rest(-15)", "-15s", id="rest-less"),
        Binding("q,escape", "end", "End", id="end"),
        Binding("v", "voice", "Voice on/off", id="voice"),
        Binding("m", "sounds", "Sounds on/off", id="sounds"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    # -tiny keeps only the big type and the cue; -short (from 80x24) has the set line
    # and what comes next too, without the gaps; -tall has room for the gaps.
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (24, "-short"), (26, "-tall")]

    def __init__(self, session: WorkoutRun, services: Services, keep_awake: KeepAwake) -> None:
        super().__init__()
        self.session = session
        self.services = services
        self.keep_awake = keep_awake
        self._timer: Timer | None = None
        self._asking: EffortScreen | None = None
        self._ending = False
        self._offering = False
        self._state = ""
        self._figure = WorkoutFigure(self, services)

    def send(self, intent: Intent) -> None:
        """What the person asked for, through the one path every sender uses."""
        self.services.path.send(intent)

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static("", id="program")
            yield Line(id="progress")
        yield BigText("GET READY", id="phase")
        yield Line(id="exercise")
        yield BigText("", id="side")
        with Horizontal(id="numbers"):
            with Vertical(id="clock-box"):
                yield BigText("", id="clock")
                yield Line(id="clock-label")
            with Vertical(id="reps-box"):
                yield BigText("", id="reps")
                yield Line(id="reps-label")
            # The phone remote's code, on get-ready only (hidden with the remote off).
            yield RemoteCode(id="workout-remote")
        yield Line(id="setline")
        yield Line(id="cue", layout=True)  # its height follows its text
        yield Line(id="offer")
        yield Line(id="next-up")
        yield KeyBar(compact=True)

    def on_mount(self) -> None:
        self.query_one("#program", Static).update(Content(self.session.engine.plan.program_name))
        settings = self.services.settings
        sound = self.session.sound
        self._offering = settings.speech is None and sound.speech_available
        if settings.keep_awake:
            self.keep_awake.hold()
        # Whoever commands the workout (a key, the phone, this screen's clock), its events
        # come here to be shown.
        self.session.watch(self.apply)
        self.services.path.attach(self.session)
        self.session.start()

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.session.unwatch(self.apply)
        # The summary, an early end, the app closing or this screen failing: all end here.
        self.keep_awake.release()

    # --- the clock ------------------------------------------------------------------------

    def wake(self) -> None:
        """Catch up with the clock (what it causes comes back to :meth:`apply`)."""
        self.session.tick()

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        engine = self.session.engine
        wake = engine.next_change()
        now = engine.clock.monotonic()
        # The figure wakes the screen only while it moves, when its next frame is due (and
        # not just before the screen wakes anyway).
        moving = self._figure.next_change(None if wake is None else wake - now)
        if moving is not None and (wake is None or now + moving < wake):
            self._timer = self.set_timer(moving + 0.003, self._move_figure, name="figure")
            return
        if wake is None:
            return
        delay = max(0.0, wake - now)
        # A hair after the deadline, so the tick finds it passed.
        self._timer = self.set_timer(delay + 0.003, self.wake, name="workout")

    def _move_figure(self) -> None:
        self._figure.move(self.session.engine.snapshot())
        self._schedule()

    def process_layout(self, placements: list[WidgetPlacement]) -> list[WidgetPlacement]:
        # During work a lying figure stands beside the phase word and the side, which TCSS
        # cannot say without changing how the rows are shared out: the figure decides.
        return self._figure.place(placements)

    def on_resize(self) -> None:
        # The figure takes the width the numbers leave, known once the new size is laid out.
        self.call_after_refresh(self._draw_resized)

    def _draw_resized(self) -> None:
        # A resize can land as a finished workout makes way for its summary: by the time
        # this runs, the screen may be taking its widgets away, with nothing left to draw.
        if self.is_attached and self.query("#phase"):
            self.draw()

    def apply(self, events: list[Event]) -> None:
        """React to what happened, then draw the current state."""
        if not self.is_attached:
            return
        finished = False
        for event in events:
            if isinstance(event, CueShown):
                self._put("#cue", Content(event.text))
            elif isinstance(event, PhaseChanged) and event.new_step:
                self._put("#cue", Content(self._between_text(event.step)))
            elif isinstance(event, WorkoutFinished):
                finished = True
        self.draw()
        if finished:
            self._show_summary()
            return
        if self.session.waiting_for_effort:
            if self._asking is None:
                self._ask_effort()
            else:
                self._asking.show(self.session.engine.snapshot().remaining)
        else:
            # Answered or lapsed (then unrated): the workout has gone on.
            self._close_effort()
        self._schedule()

    # --- drawing --------------------------------------------------------------------------

    def _put(self, selector: str, text: Content | str) -> None:
        self.query_one(selector, Line).text = text

    def draw(self) -> None:
        engine = self.session.engine
        snap = engine.snapshot()
        step = snap.step
        block = snap.block
        self._set_state(snap)
        self.query_one("#phase", BigText).update(face.phase_word(snap))
        side = self.query_one("#side", BigText)
        if block is None:
            self._put("#exercise", Content("Workout done" if engine.finished else ""))
            side.update("")
        else:
            band = "" if block.band == "none" else f" · {block.band} band at the {block.band_at}"
            self._put("#exercise", Content.assemble((block.name, "bold"), band))
            side.update(face.SIDE_WORDS.get(step.side or "", ""))
        self._draw_numbers(snap, block)
        self._draw_setline(snap, block)
        self._draw_progress(snap)
        self._put("#next-up", Content(self._next_text(step)))
        offer = self._offering and step.kind is StepKind.GET_READY
        self._put("#offer", VOICE_OFFER if offer else "")
        self._arrange(snap, offer)

    def _arrange(self, snap: Snapshot, offer: bool) -> None:
        """Show the parts this step has, decided by the step alone, and lay the screen
        out at once when that changed."""
        kind, block = snap.step.kind, snap.block
        shown = {
            "#clock-box": kind not in NO_CLOCK,
            # A set of reps shows its count beside the clock from its first frame.
            "#reps-box": face.counts_reps(snap, block),
            "#side": snap.step.side in face.SIDE_WORDS,
            "#offer": offer,
        }
        changed = False
        for selector, show in shown.items():
            widget = self.query_one(selector)
            if widget.display != show:
                widget.display = show
                changed = True
        changed = self._figure.update(snap, widest_numbers(snap)) or changed
        if changed:
            # The screen lays itself out in its next update, with the new numbers: left
            # to each widget, the layout could come a frame after the text it makes room for.
            self.refresh(layout=True)

    def _set_state(self, snap: Snapshot) -> None:
        kind = snap.step.kind
        state = {
            StepKind.GET_READY: "-ready",
            StepKind.WORK: "-work",
            StepKind.REST: "-rest",
            StepKind.SWITCH: "-switch",
            StepKind.EFFORT: "-effort",
            StepKind.DONE: "-done",
        }[kind]
        if snap.paused:
            state = "-paused"
        if state != self._state:
            self._show_state(state)
            self._state = state
            self.refresh_bindings()  # +15 s and -15 s only show while resting

    def _show_state(self, state: str) -> None:
        """The screen's colours for ``state``. A class changed on the screen restyles
        all it holds (each time a set begins or ends, about 10 ms on a slow laptop):
        only the screen and the parts whose rules read the state are restyled. The
        rest keep their rules; each forgets the colours it worked out from the screen's
        background, and is drawn again on the new one."""
        self.remove_class(*STATE_CLASSES, update=False)
        self.add_class(state, update=False)
        restyle_only(self, [self, *self.query(STATE_STYLED)])

    def _draw_numbers(self, snap: Snapshot, block: PlannedBlock | None) -> None:
        """The numbers in the words the phone shows too (``readouts.workout_face``)."""
        time, time_label = ("", "") if snap.step.kind in NO_CLOCK else face.clock(snap, block)
        self.query_one("#clock", BigText).update(time)
        self._put("#clock-label", time_label)
        if face.counts_reps(snap, block):
            count, count_label = face.reps(snap, block)
            self.query_one("#reps", BigText).update(count)
            self._put("#reps-label", count_label)

    def _draw_setline(self, snap: Snapshot, block: PlannedBlock | None) -> None:
        self._put("#setline", set_line(snap, block, self.size.width))

    def _draw_progress(self, snap: Snapshot) -> None:
        engine = self.session.engine
        blocks = len(engine.plan.blocks)
        current = min(max(snap.step.block, 0) + 1, blocks)
        # Time trained: it stands still while paused and leaves out any time the app
        # was not running (a resumed workout carries on from its count).
        trained = elapsed_text(engine.active_seconds())
        sound = "sound on" if self.session.sound.sounds else "sound off"
        voice = "voice on" if self.session.sound.speech else "voice off"
        self._put(
            "#progress",
            Content(f"exercise {current} of {blocks} · {trained} trained · {sound} · {voice}"),
        )

    def _between_text(self, step: Step) -> str:
        """What the cue card says outside the work itself."""
        engine = self.session.engine
        if step.kind is StepKind.GET_READY and step.block >= 0:
            block = engine.plan.blocks[step.block]
            exercise = self.services.catalog.exercises.get(block.exercise_id)
            if exercise is not None:
                return exercise.setup[0]
            return f"Get into position for {block.name}"
        if step.kind is StepKind.SWITCH:
            return f"Turn over: {step.side} side next"
        if step.kind is StepKind.REST:
            upcoming = engine.upcoming()
            if upcoming is not None:
                return "Breathe and shake it out. " + self._next_text(step)
            return "Breathe and shake it out."
        return ""

    def _next_text(self, step: Step) -> str:
        engine = self.session.engine
        if engine.finished:
            return ""
        upcoming = engine.upcoming()
        if upcoming is None:
            return "Next: the end of the workout"
        block = engine.plan.blocks[upcoming.block]
        side = "" if upcoming.side in (None, "both") else f", {upcoming.side} side"
        return f"Next: {block.name}, set {upcoming.set + 1}{side}"

    # --- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        engine = self.session.engine
        if action == "rest":
            return engine.step.kind in (StepKind.REST, StepKind.GET_READY)
        if action == "pause":
            return not engine.paused
        if action == "resume":
            return engine.paused
        return True

    def action_pause(self) -> None:
        self.send(Pause())

    def action_resume(self) -> None:
        self.send(Resume())

    def action_next(self) -> None:
        self.send(Next())

    def action_back(self) -> None:
        self.send(Back())

    def action_rest(self, seconds: int) -> None:
        self.send(AddRest(seconds=seconds))

    def action_voice(self) -> None:
        self._offering = False  # answered: the offer goes (the choice is remembered)
        self.send(ToggleVoice())

    def action_sounds(self) -> None:
        self.send(ToggleSounds())

    def action_end(self) -> None:
        from glutetui.screens.confirm import ConfirmScreen

        if self.session.engine.finished:
            self._show_summary()
            return
        was_paused = self.session.engine.paused
        self.send(Pause())

        def answered(end: bool | None) -> None:
            if end:
                self.send(EndWorkout())
            elif not was_paused:
                self.send(Resume())

        self.app.push_screen(
            ConfirmScreen("End this workout?", "Everything you have done so far is kept."),
            answered,
        )

    # --- effort and the end ---------------------------------------------------------------

    def _ask_effort(self) -> None:
        from glutetui.screens.effort import EffortScreen

        screen = EffortScreen(
            self.session, self.services, wait=self.session.engine.snapshot().remaining
        )
        self._asking = screen
        self.app.push_screen(screen)

    def _close_effort(self) -> None:
        asking, self._asking = self._asking, None
        if asking is None or not asking.is_attached:
            return
        if not asking.is_current:
            asking.pop_until_active()
        asking.dismiss(None)

    def _show_summary(self) -> None:
        """The summary asks for any exercise left unrated."""
        from glutetui.screens.summary import SummaryScreen

        if self._ending:
            return
        self._ending = True
        self._close_effort()
        self.app.switch_screen(
            SummaryScreen(self.services, self.session.workout.id, run=self.session)
        )
