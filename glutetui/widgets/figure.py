"""The moving figure on screen: frames drawn with lines on a textual-canvas canvas.

:class:`FigureCanvas` draws one :class:`~glutetui.figure.film.Frame` at a time in
half-block pixels, in the theme's colours (its component classes), and only when
the frame or the colours changed: a held pose costs nothing. :class:`FigurePanel`
puts a caption under it and plays it, either where a caller says the movement is
(the workout, in step with the engine) or as a preview loop on its own timer (the
exercise library).

This module imports textual-canvas, so screens import it only when a figure is first
shown: a start that shows no figure never loads it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static
from textual_canvas import Canvas

from glutetui.figure.film import Film, Frame, Role, Subject
from glutetui.figure.pace import Loop, Motion

if TYPE_CHECKING:
    from glutetui.vocab import Kind

ROLES: tuple[Role, ...] = ("body", "work", "band", "floor")
# A hair past the moment a frame changes, so the wake-up finds it changed.
LATE = 0.003


class FigureCanvas(Canvas, can_focus=False):
    """One frame of a film at a time, redrawn only when what it shows changes."""

    COMPONENT_CLASSES = {f"figure--{role}" for role in ROLES}
    DEFAULT_CSS = """
    FigureCanvas {
        width: 1fr;
        height: 1fr;
        overflow: hidden hidden;
        scrollbar-size: 0 0;
        & > .figure--body { color: $foreground; }
        & > .figure--work { color: $accent; }
        & > .figure--band { color: $error; }
        & > .figure--floor { color: $foreground 45%; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(1, 1, id=id)
        self.subject: Subject | None = None
        self.film: Film | None = None
        self.at = 0.0  # where in the movement the figure is (0 start, 1 end)
        self.drawn = 0  # frames drawn so far: what a test counts
        self._shown: tuple[object, ...] | None = None

    @property
    def pixels(self) -> tuple[int, int]:
        """The canvas in pixels: one per column, two per row."""
        region = self.content_region
        return region.width, region.height * 2

    def show(self, subject: Subject | None) -> None:
        if subject != self.subject:
            self.subject = subject
            self._film()

    def move_to(self, at: float) -> None:
        """Show the movement ``at`` of the way from the start pose to the end pose."""
        self.at = at
        self._draw()

    def frame(self) -> Frame | None:
        return None if self.film is None else self.film.frame_at(self.at)

    def on_resize(self, event: events.Resize) -> None:
        self._film()

    def _film(self) -> None:
        width, height = self.pixels
        subject = self.subject
        self.film = subject.film(width, height) if subject and width and height else None
        self._draw()

    def _colours(self) -> tuple[Color, dict[Role, Color]]:
        background = self.background_colors[1]
        pens = {r: background + self.get_component_styles(f"figure--{r}").color for r in ROLES}
        return background, pens

    def _draw(self) -> None:
        frame = self.frame()
        if frame is None or not self.is_mounted:
            return
        background, pens = self._colours()
        width, height = self.pixels
        shown = (frame, background, tuple(pens.values()), width, height)
        if shown == self._shown:
            return  # the same pixels in the same colours: nothing to do
        self._shown = shown
        self.drawn += 1
        with self.batch_refresh():
            self.clear(background, width, height)
            for role, x0, y0, x1, y1 in frame.lines:
                # A thick line is the line again beside itself, across its run.
                across = (0, 1) if abs(x1 - x0) >= abs(y1 - y0) else (1, 0)
                for k in range(frame.weight):
                    dx, dy = across[0] * k, across[1] * k
                    self.draw_line(x0 + dx, y0 + dy, x1 + dx, y1 + dy, pens[role])
            # The head is a filled disc, one line of pixels per row.
            cx, cy, r = frame.head
            for dy in range(-r, r + 1):
                dx = math.isqrt(r * r + r - dy * dy)
                self.draw_line(cx - dx, cy + dy, cx + dx, cy + dy, pens["body"])

    def notify_style_update(self) -> None:
        # A new theme or a screen changing colour: the pixels are painted with colours,
        # so they are painted again.
        super().notify_style_update()
        self._draw()


class FigurePanel(Vertical):
    """A figure with its caption; it follows a movement it is told of, or loops one."""

    DEFAULT_CSS = """
    FigurePanel {
        width: 1fr;
        height: 100%;
        & > #figure-caption {
            width: 100%;
            height: 1;
            text-align: center;
            text-style: bold;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._loop: Loop | None = None
        self._clock: Callable[[], float] | None = None
        self._began = 0.0
        self._timer: Timer | None = None
        # Made here, not in compose, so a panel just mounted can be told what to show.
        self.canvas = FigureCanvas(id="figure-canvas")
        self._caption = Static("", id="figure-caption")

    def compose(self) -> ComposeResult:
        yield self.canvas
        yield self._caption

    def show(self, subject: Subject | None, caption: str = "") -> None:
        self.canvas.show(subject)
        # A name from a user's file is plain text, never markup.
        self._caption.update(Content(caption))
        self._caption.display = bool(caption)

    def follow(self, motion: Motion) -> None:
        """Stand where a movement paced elsewhere has got to (the workout's engine)."""
        self.stop()
        self.canvas.move_to(motion.at)

    def next_change(self, motion: Motion) -> float | None:
        """Seconds until the frame changes while moving as ``motion`` says."""
        film = self.canvas.film
        return None if film is None else film.next_change(motion)

    def loop(self, tempo: tuple[int, int, int], kind: Kind, clock: Callable[[], float]) -> None:
        """Play the movement over and over at ``tempo``, waking only when a frame changes."""
        self.stop()
        self._loop = Loop(tempo, kind)
        self._clock = clock
        self._began = clock()
        self._tick()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._loop = None

    def on_unmount(self) -> None:
        self.stop()

    def _tick(self) -> None:
        self._timer = None
        loop, clock, film = self._loop, self._clock, self.canvas.film
        if loop is None or clock is None:
            return
        t = clock() - self._began
        self.canvas.move_to(loop.motion(t).at)
        # Without a film yet (no size), look again shortly: the first layout is near.
        wait = 0.25 if film is None else loop.next_change(t, film.next_change)
        if wait is not None:
            self._timer = self.set_timer(wait + LATE, self._tick, name="figure")
