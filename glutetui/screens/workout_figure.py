"""Where the workout shows its moving figure, what it shows and when it wakes for it.

The figure shows on get-ready, beside the countdown (the movement looping at the
exercise's tempo, with its name under it), and during work beside the numbers on a
large terminal, moving with the engine's LIFT / HOLD / LOWER. During work it grows
with the screen: it takes the width it needs to be drawn a third of the terminal's
rows tall, and the numbers beside it give up rows for that only down to their own
promise (a quarter of the terminal's rows from 100x30 up); whatever the numbers do
not need at full height goes to the figure too. A standing body is narrow and costs
the numbers nothing; a body lying on the floor is wide, and is the reason for the
trade.

The panel (and with it textual-canvas) is mounted the first time a figure is shown.
Its width is worked out while the screen is laid out (from the room the numbers' row
has then), so the numbers beside it are placed once, in the same frame as the figure,
even on a screen's very first frame.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

from textual.geometry import Size
from textual.widget import Widget

from glutetui.engine import StepKind
from glutetui.figure.film import Subject
from glutetui.figure.film import width_for as canvas_width
from glutetui.figure.pace import FRAME_SECONDS, Loop, Motion, in_set, next_frame
from glutetui.readouts.workout_face import clock_text
from glutetui.widgets.bigtext import width_for

if TYPE_CHECKING:
    from glutetui.engine import Snapshot
    from glutetui.figure.pose import Figure
    from glutetui.services import Services
    from glutetui.widgets.figure import FigurePanel

# During work the figure joins the numbers from about this size up.
WORK_SIZE = (120, 36)
# The smallest figure worth drawing, in cells: below it a body is a smudge.
MIN_WIDTH = 18
MIN_ROWS = 6
# The steps that show the figure.
SHOWN_IN = (StepKind.GET_READY, StepKind.WORK)
# The most of the numbers' row the figure takes on get-ready: only the countdown is
# beside it, so the figure is big there.
READY_SHARE = 0.62
NUMBER_PADDING = 2  # each number's box has a column of padding either side
# During work the figure is drawn at least this share of the terminal's rows tall
# where the numbers can make room for it, and the numbers keep at least this share
# (the big type's promise).
FIGURE_ROWS = 1 / 3
NUMBER_ROWS = 1 / 4


class WorkoutFigure:
    """The workout screen's figure: shown, sized, moved and woken for."""

    def __init__(self, screen: Widget, services: Services) -> None:
        self.screen = screen
        self.services = services
        self.panel: FigurePanel | None = None
        self._motion: Motion | None = None
        # Before a set: the preview loop, and how far into the get-ready it is.
        self._preview: tuple[Loop, float] | None = None
        # What the width depends on: the step's kind, the numbers' widest texts and the
        # figure itself (a lying body is wide).
        self._sizing: tuple[StepKind, tuple[str, ...], Figure | None] | None = None

    def update(self, snap: Snapshot, numbers: tuple[str, ...]) -> bool:
        """Show (or hide) the figure for this moment; ``numbers`` are the widest texts the
        numbers beside it will show in this step. True when the screen needs laying out
        again (the figure came, went, or will take another width)."""
        subject = self._subject(snap)
        self._motion = None
        if subject is None:
            if self.panel is not None and self.panel.display:
                self.panel.display = False
                return True
            return False
        panel = self._mounted()
        changed = not panel.display
        panel.display = True
        sizing = (snap.step.kind, numbers, subject.figure)
        if sizing != self._sizing:
            self._sizing = sizing
            panel.refresh(layout=True)
            changed = True
        caption = snap.block.name if snap.block is not None else ""
        panel.show(subject, caption if snap.step.kind is StepKind.GET_READY else "")
        motion = self._motion_at(snap)
        self._motion = motion
        panel.follow(motion)
        return changed

    def width_in(self, row: Size) -> int:
        """The figure's width in cells in a row of the numbers this big, or 0 when it
        does not fit beside them (the panel asks while the screen is laid out)."""
        if self._sizing is None:
            return 0
        kind, numbers, figure = self._sizing
        rows = row.height - 1  # the label under each number
        if rows < MIN_ROWS or figure is None:
            return 0
        if kind is StepKind.WORK:
            width = self._work_width(row, rows, numbers, figure)
        else:
            needed = _numbers_width(numbers, rows)
            width = min(row.width - needed, math.floor(row.width * READY_SHARE))
        return width if width >= MIN_WIDTH else 0

    def _work_width(self, row: Size, rows: int, numbers: tuple[str, ...], figure: Figure) -> int:
        """Beside a set's numbers: the largest numbers that leave the figure the width to
        be drawn its share of the terminal's rows tall, never smaller than their promise;
        the figure takes no more than it can fill."""
        screen = self.screen.app.size.height
        height = row.height * 2  # canvas pixels: two to a cell row, no caption in a set
        target = math.ceil(2 * screen * FIGURE_ROWS)
        wanted = canvas_width(figure, target, height)
        fill = canvas_width(figure, height, height)  # as tall as the row: no use wider
        least = min(rows, math.ceil(screen * NUMBER_ROWS))
        width = 0
        for tall in range(rows, least - 1, -1):
            width = min(row.width - _numbers_width(numbers, tall), fill)
            if width >= wanted:
                break
        return width

    def move(self, snap: Snapshot) -> None:
        """Follow the movement on, between the engine's changes (the frame may not change:
        the canvas then draws nothing)."""
        if self.panel is not None and self.panel.display and self._motion is not None:
            self._motion = self._motion_at(snap)
            self.panel.follow(self._motion)

    def next_change(self, woken: float | None = None) -> float | None:
        """Seconds until the figure is next redrawn, or None while it stands still or when
        the screen is woken anyway (``woken`` seconds from now) less than a frame after
        the figure's frame is due: that wake draws the figure too, and a redraw of its own
        so shortly before it costs the terminal a repaint the eye hardly sees."""
        panel, motion = self.panel, self._motion
        if panel is None or motion is None or not panel.display:
            return None
        if self._preview is not None and motion.moving:
            loop, t = self._preview
            film = panel.canvas.film
            due = None if film is None else next_frame(loop.next_change(t, film.next_change))
        else:
            due = next_frame(panel.next_change(motion))
        if due is not None and woken is not None and woken - due < FRAME_SECONDS:
            return None
        return due

    # --- internals ------------------------------------------------------------------

    def _subject(self, snap: Snapshot) -> Subject | None:
        block = snap.block
        if not self.services.settings.figure or block is None:
            return None
        kind = snap.step.kind
        if kind not in SHOWN_IN:
            return None
        screen = self.screen.app.size
        if kind is StepKind.WORK and (screen.width < WORK_SIZE[0] or screen.height < WORK_SIZE[1]):
            return None
        if kind is StepKind.GET_READY and self._inviting():
            return None  # the phone remote's code has the room beside the countdown
        exercise = self.services.catalog.exercises.get(block.exercise_id)
        if exercise is None or exercise.figure is None:
            return None  # a user's own exercise without poses: words only
        return Subject.of(
            exercise.figure,
            sided=exercise.sided,
            side=snap.step.side,
            band=block.band,
            band_at=block.band_at,
        )

    def _inviting(self) -> bool:
        from glutetui.widgets.remote_code import RemoteCode

        found = self.screen.query(RemoteCode)
        return bool(found) and found.first().inviting

    def _motion_at(self, snap: Snapshot) -> Motion:
        motion = in_set(snap)
        self._preview = None
        if motion is not None or snap.block is None:
            return motion or Motion(0.0)
        # Get-ready: the movement loops from the moment the step began (the engine's
        # clock, so a pause stops it and a test's fake clock drives it).
        loop = Loop(snap.block.tempo, snap.block.kind)
        found = loop.motion(snap.elapsed)
        if snap.paused:
            return Motion(found.at)
        self._preview = (loop, snap.elapsed)
        return found

    def _mounted(self) -> FigurePanel:
        if self.panel is None:
            from glutetui.widgets.figure import FigurePanel

            self.panel = FigurePanel(id="figure-box", width_in=self.width_in)
            self.screen.query_one("#numbers").mount(self.panel, after="#clock-box")
        return self.panel


def _numbers_width(numbers: tuple[str, ...], rows: int) -> int:
    """The columns the numbers need to be drawn ``rows`` tall: the boxes share the width
    left evenly, so each needs the widest one's width."""
    if not numbers:
        return 0
    return len(numbers) * (max(_text_width(text, rows) for text in numbers) + NUMBER_PADDING)


@lru_cache(maxsize=256)
def _text_width(text: str, rows: int) -> int:
    return width_for(text, rows)


def widest_numbers(snap: Snapshot) -> tuple[str, ...]:
    """The widest texts the numbers show in this step: the figure beside them is sized
    against them at that."""
    step, block = snap.step, snap.block
    seconds = max(step.seconds or 0.0, snap.remaining or 0.0)
    if step.kind is not StepKind.WORK or block is None:
        return (clock_text(math.ceil(seconds)),)
    if step.seconds is None:  # a to-fatigue set counts up, until its cap at the latest
        seconds = block.fatigue_cap * block.rep_seconds
    clock = clock_text(math.ceil(seconds))
    if block.kind == "hold":
        return (clock,)
    return (clock, str(block.reps if block.kind == "reps" else block.fatigue_cap))
