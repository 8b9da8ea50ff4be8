"""Where the workout shows its moving figure, what it shows and when it wakes for it.

The figure shows on get-ready, beside the countdown (the movement looping at the
exercise's tempo, with its name under it), and during work on a large terminal, moving
with the engine's LIFT / HOLD / LOWER. During work the numbers never give up a row for
it: it goes where it is drawn tallest beside what is there at full size. A standing
body is narrow and stands beside the numbers; a body lying on the floor is wide and
would be a smudge there, so it takes the right-hand part of the band above the
numbers, beside the phase word, the exercise and the side (the *head*), drawn a third
of the terminal's rows tall where the head is that tall, and those words are drawn in
the rest of its width.

The panels (and with them textual-canvas) are mounted the first time a figure is shown.
Where the figure goes and how wide it is are worked out while the screen is laid out
(the head's rows and the numbers' row are known then), so the words and the numbers
beside it are placed once, in the same frame as the figure, even on a screen's very
first frame.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

from textual.geometry import Region, Size
from textual.widget import Widget

from glutetui.engine import StepKind
from glutetui.figure.film import Subject, drawn_height
from glutetui.figure.film import width_for as canvas_width
from glutetui.figure.pace import FRAME_SECONDS, Loop, Motion, in_set, next_frame
from glutetui.readouts.workout_face import clock_text
from glutetui.widgets.bigtext import width_for

if TYPE_CHECKING:
    from textual.layout import WidgetPlacement

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
# In the head during work, the figure takes the width to be drawn this share of the
# terminal's rows tall (or as tall as the head, if that is less), and leaves the words
# at least this share of the width: the phase word and the side stay big.
FIGURE_ROWS = 1 / 3
WORDS_SHARE = 0.45
# The parts of the head, by id: the figure stands to their right, and they are drawn in
# what is left of the width.
HEAD = ("phase", "exercise", "side")


class WorkoutFigure:
    """The workout screen's figure: shown, placed, sized, moved and woken for."""

    def __init__(self, screen: Widget, services: Services) -> None:
        self.screen = screen
        self.services = services
        self.panel: FigurePanel | None = None  # in the numbers' row
        self.band: FigurePanel | None = None  # in the head, during work
        self._motion: Motion | None = None
        # Before a set: the preview loop, and how far into the get-ready it is.
        self._preview: tuple[Loop, float] | None = None
        # What the placing depends on: the step's kind, the numbers' widest texts and the
        # figure itself (a lying body is wide).
        self._sizing: tuple[StepKind, tuple[str, ...], Figure | None] | None = None
        # Decided while the screen is laid out: during work, whether the figure stands
        # beside the numbers (else in the head).
        self._beside = True

    def update(self, snap: Snapshot, numbers: tuple[str, ...]) -> bool:
        """Show (or hide) the figure for this moment; ``numbers`` are the widest texts the
        numbers beside it will show in this step. True when the screen needs laying out
        again (the figure came, went, or may take another place or width)."""
        subject = self._subject(snap)
        self._motion = None
        if subject is None:
            changed = False
            for panel in self._panels():
                if panel.display:
                    panel.display = False
                    changed = True
            return changed
        panel = self._mounted()
        band = self._band() if snap.step.kind is StepKind.WORK else self.band
        changed = not panel.display
        panel.display = True
        if band is not None:
            working = snap.step.kind is StepKind.WORK
            changed = changed or band.display != working
            band.display = working
        sizing = (snap.step.kind, numbers, subject.figure)
        if sizing != self._sizing:
            self._sizing = sizing
            # Both the screen (the head) and the numbers' row arrange again.
            for each in self._panels():
                each.refresh(layout=True)
            changed = True
        caption = snap.block.name if snap.block is not None else ""
        panel.show(subject, caption if snap.step.kind is StepKind.GET_READY else "")
        if band is not None and band.display:
            band.show(subject)
        motion = self._motion_at(snap)
        self._motion = motion
        self._follow(motion)
        return changed

    def place(self, placements: list[WidgetPlacement]) -> list[WidgetPlacement]:
        """During work, decide where the figure goes (asked while the screen is laid out,
        before the numbers' row is): in the head, the figure takes its right-hand part and
        the words are drawn in the rest; beside the numbers, the head's panel is empty."""
        band = self.band
        if band is None or not band.display or self._sizing is None:
            return placements
        _, numbers, figure = self._sizing
        head = [p.region for p in placements if p.widget.id in HEAD]
        row = next((p.region for p in placements if p.widget.id == "numbers"), None)
        if figure is None or not head or row is None:
            return placements
        box = Region.from_union(head)
        width = self._head_width(box.size, figure)
        beside = self._beside_width(row.size, numbers, figure)
        tall_head = drawn_height(figure, width, 2 * box.height) if width else 0.0
        tall_beside = drawn_height(figure, beside, 2 * row.height) if beside else 0.0
        self._beside = tall_beside >= tall_head
        if self._beside:
            width = 0
        return [self._placed(p, box, width) for p in placements]

    def _placed(self, placement: WidgetPlacement, head: Region, width: int) -> WidgetPlacement:
        """One part of the screen with the head's figure ``width`` columns wide (0: none)."""
        region = placement.region
        if placement.widget is self.band:
            region = Region(head.right - width, head.y, width, head.height if width else 0)
        elif width and placement.widget.id in HEAD:
            region = Region(region.x, region.y, max(0, region.width - width), region.height)
        else:
            return placement
        return placement._replace(region=region)

    def width_in(self, row: Size) -> int:
        """The figure's width in cells in a row of the numbers this big, or 0 when it
        does not stand there (the panel asks while the screen is laid out)."""
        if self._sizing is None:
            return 0
        kind, numbers, figure = self._sizing
        if figure is None or row.height - 1 < MIN_ROWS:
            return 0
        if kind is StepKind.WORK:
            return self._beside_width(row, numbers, figure) if self._beside else 0
        needed = _numbers_width(numbers, row.height - 1)  # a label under each number
        width = min(row.width - needed, math.floor(row.width * READY_SHARE))
        return width if width >= MIN_WIDTH else 0

    def _beside_width(self, row: Size, numbers: tuple[str, ...], figure: Figure) -> int:
        """Beside a set's numbers drawn as tall as their row allows: the room they leave,
        no more than the figure can fill."""
        rows = row.height - 1  # the label under each number
        if rows < MIN_ROWS:
            return 0
        height = row.height * 2  # canvas pixels: two to a cell row, no caption in a set
        fill = canvas_width(figure, height, height)  # as tall as the row: no use wider
        width = min(row.width - _numbers_width(numbers, rows), fill)
        return width if width >= MIN_WIDTH else 0

    def _head_width(self, head: Size, figure: Figure) -> int:
        """In the head: the width to be drawn a third of the terminal's rows tall (as tall
        as the head allows, if less), leaving the words their share."""
        if head.height < MIN_ROWS:
            return 0
        height = head.height * 2
        # In pixels, two to a row, and the floor line's row under the body.
        target = math.ceil(2 * self.screen.app.size.height * FIGURE_ROWS) + 1
        words = math.ceil(head.width * WORDS_SHARE)
        width = min(canvas_width(figure, target, height), head.width - words)
        return width if width >= MIN_WIDTH else 0

    def move(self, snap: Snapshot) -> None:
        """Follow the movement on, between the engine's changes (the frame may not change:
        the canvas then draws nothing)."""
        if self._motion is not None and self._drawing() is not None:
            self._motion = self._motion_at(snap)
            self._follow(self._motion)

    def next_change(self, woken: float | None = None) -> float | None:
        """Seconds until the figure is next redrawn, or None while it stands still or when
        the screen is woken anyway (``woken`` seconds from now) less than a frame after
        the figure's frame is due: that wake draws the figure too, and a redraw of its own
        so shortly before it costs the terminal a repaint the eye hardly sees."""
        panel, motion = self._drawing(), self._motion
        if panel is None or motion is None:
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

    def _panels(self) -> list[FigurePanel]:
        return [p for p in (self.panel, self.band) if p is not None]

    def _drawing(self) -> FigurePanel | None:
        """The panel the figure is drawn in now (the other one, if shown, has no room)."""
        for panel in self._panels():
            if panel.display and panel.canvas.film is not None:
                return panel
        return None

    def _follow(self, motion: Motion) -> None:
        for panel in self._panels():
            if panel.display:
                panel.follow(motion)

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

    def _band(self) -> FigurePanel:
        if self.band is None:
            from glutetui.widgets.figure import FigurePanel

            # Out of the screen's flow (it takes no rows): placed over the head's right
            # part by :meth:`place`.
            self.band = FigurePanel(id="figure-band")
            self.screen.mount(self.band, after="#side")
        return self.band


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
