"""The moving figure on screen: frames of a filled body on a textual-canvas canvas.

:class:`FigureCanvas` draws one :class:`~glutetui.figure.film.Frame` at a time in
half-block pixels, in the theme's colours (its component classes), and only when
the frame or the colours changed (then only the rows of pixels that differ): a held
pose costs nothing. :class:`FigurePanel` puts a caption under it and plays it, either
where a caller says the movement is (the workout, in step with the engine) or as a
preview loop on its own timer (the exercise library).

This module imports textual-canvas, so screens import it only when a figure is first
shown: a start that shows no figure never loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Static
from textual_canvas import Canvas

from glutetui.figure.film import Film, Frame, Role, Span, Subject
from glutetui.figure.pace import Loop, Motion, next_frame

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
        self._filmed: tuple[object, ...] | None = None  # the subject and size filmed for
        self._pens: tuple[tuple[Color, str], dict[Role, Color]] | None = None

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

    def redraw(self) -> None:
        """Draw the whole frame again, whatever was on the canvas."""
        self._shown = None
        self._draw()

    def frame(self) -> Frame | None:
        return None if self.film is None else self.film.frame_at(self.at)

    def on_resize(self, event: events.Resize) -> None:
        self._film()

    def render_line(self, y: int) -> Strip:
        # Laid out at a new size but its Resize not handled yet (a frame can be drawn
        # in between): the film for this size is made now, so no frame shows it empty.
        if self._filmed != (self.subject, *self.pixels):
            self._film()
        return super().render_line(y)

    def _film(self) -> None:
        width, height = self.pixels
        subject = self.subject
        self._filmed = (subject, width, height)
        self.film = subject.film(width, height) if subject and width and height else None
        self._draw()

    def _colours(self) -> tuple[Color, dict[Role, Color]]:
        """The background under the canvas and a pen per role (the theme's colours, made
        opaque over that background). The pens are worked out again only when the
        background or the theme changes."""
        background = self.background_colors[1]
        key = (background, self.app.theme)
        if self._pens is None or self._pens[0] != key:
            styles = self.get_component_styles
            pens = {r: background + styles(f"figure--{r}").color for r in ROLES}
            self._pens = (key, pens)
        return background, self._pens[1]

    def _draw(self) -> None:
        frame = self.frame()
        if frame is None or not self.is_mounted:
            return
        background, pens = self._colours()
        width, height = self.pixels
        shown = (frame, background, tuple(pens.values()), width, height)
        if shown == self._shown:
            return  # the same pixels in the same colours: nothing to do
        before, self._shown = self._shown, shown
        self.drawn += 1
        if before is not None and before[1:] == shown[1:] and isinstance(before[0], Frame):
            self._repaint(before[0], frame, background, pens)
            return
        self.clear(background, width, height)
        for role, y, first, last in frame.spans:
            self._run(y, first, last, pens[role])
        self.refresh()

    def _repaint(self, old: Frame, new: Frame, background: Color, pens: dict[Role, Color]) -> None:
        """Only the pose changed: on each row of pixels that differs, paint again just the
        run from its first to its last changed pixel, and repaint just the cells those
        runs fall in. A leg lifting is a few short runs on a few rows."""
        was, now = old.rows(), new.rows()
        changed: dict[int, tuple[int, int]] = {}
        for y in was.keys() | now.keys():
            before, after = was.get(y, ()), now.get(y, ())
            if before != after and (found := _difference(before, after)) is not None:
                changed[y] = found
        if not changed:
            return
        for y, (first, last) in changed.items():
            self._run(y, first, last, background)
            for role, _, a, b in now.get(y, ()):  # in the frame's order: the working leg on top
                if a <= last and b >= first:
                    self._run(y, max(a, first), min(b, last), pens[role])
        self.refresh(*_cells(changed))

    def _run(self, y: int, first: int, last: int, pen: Color) -> None:
        """Set a run of pixels on row ``y``, without asking for a repaint."""
        if not 0 <= y < self.height:
            return  # a frame made for another size, drawn while the canvas is resized
        last = min(last, self.width - 1)
        self.set_pixels(((x, y) for x in range(first, last + 1)), pen, refresh=False)

    def notify_style_update(self) -> None:
        # A new theme or a screen changing colour: the pixels are painted with colours,
        # so they are painted again.
        super().notify_style_update()
        self._pens = None
        self._draw()


def _painted(spans: tuple[Span, ...], left: int, right: int) -> list[str | None]:
    """What each pixel of a row shows from column ``left`` to ``right``."""
    row: list[str | None] = [None] * (right - left + 1)
    for role, _, first, last in spans:
        row[first - left : last - left + 1] = [role] * (last - first + 1)
    return row


def _difference(old: tuple[Span, ...], new: tuple[Span, ...]) -> tuple[int, int] | None:
    """The first and last column where two rows of runs differ, or None if they show the
    same pixels."""
    both = old + new
    left, right = min(s[2] for s in both), max(s[3] for s in both)
    before, after = _painted(old, left, right), _painted(new, left, right)
    differ = [x for x, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    return (left + differ[0], left + differ[-1]) if differ else None


def _cells(changed: dict[int, tuple[int, int]]) -> list[Region]:
    """The cells the changed runs fall in: two pixel rows to a cell, one region per cell
    row, as wide as both its pixel rows' changes."""
    rows: dict[int, tuple[int, int]] = {}
    for y, (first, last) in changed.items():
        top = y // 2
        was = rows.get(top)
        rows[top] = (first, last) if was is None else (min(was[0], first), max(was[1], last))
    return [Region(first, top, last - first + 1, 1) for top, (first, last) in sorted(rows.items())]


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

    def __init__(
        self,
        *,
        width_in: Callable[[Size], int] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        # With ``width: auto``, the panel's width in a container of a given size: worked
        # out while the screen is laid out, so whatever sits beside it is placed once.
        self.width_in = width_in
        self._loop: Loop | None = None
        self._clock: Callable[[], float] | None = None
        self._began = 0.0
        self._timer: Timer | None = None
        # Made here, not in compose, so a panel just mounted can be told what to show.
        self.canvas = FigureCanvas(id="figure-canvas")
        self._caption = Static("", id="figure-caption")
        self._captioned = ""

    def compose(self) -> ComposeResult:
        yield self.canvas
        yield self._caption

    def get_content_width(self, container: Size, viewport: Size) -> int:
        if self.width_in is not None:
            return self.width_in(container)
        return super().get_content_width(container, viewport)

    def show(self, subject: Subject | None, caption: str = "") -> None:
        self.canvas.show(subject)
        if caption != self._captioned:
            # A name from a user's file is plain text, never markup. Set only on a change:
            # a Static's update lays the screen out again.
            self._captioned = caption
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
        # Without a film (not laid out yet, or hidden) there is nothing to wake for: a
        # resize starts the loop again.
        wait = None if film is None else next_frame(loop.next_change(t, film.next_change))
        if wait is not None:
            self._timer = self.set_timer(wait + LATE, self._tick, name="figure")

    def on_resize(self, event: events.Resize) -> None:
        if self._loop is not None and self._timer is None:
            # After the canvas has made its film for the new size.
            self.call_after_refresh(self._tick)
