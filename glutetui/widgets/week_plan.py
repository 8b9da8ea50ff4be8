"""This week's plan on Home: Monday to Sunday, each planned day done, today, to come
or missed. Data in: :meth:`WeekStrip.show` takes the days as Home's face has them
(``glutetui.readouts.home_face``) and the next session."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from glutetui.readouts.home_face import DayShown

# What each state looks like: a mark, its word, and its style, by the state's value as
# Home's face has it (schedule.days.DayState's values: a test holds them together; the
# enum itself is not loaded on the way to Home's first frame).
LOOK: dict[str, tuple[str, str, str]] = {
    "done": ("✓", "done", "bold $text-success"),
    "today": ("●", "today", "bold $text-accent"),
    "to come": ("○", "to come", ""),
    "missed": ("✗", "missed", "$text-warning"),
    "free": ("·", "", "dim"),
}


class WeekStrip(Static):
    """One line for the week; the next session in the card's lower border. Each planned
    day says its state in a word where the whole week fits one line that way, else by
    its mark alone."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self._days: tuple[DayShown, ...] = ()
        self._in_words = 0  # the width the week takes in words
        self._wide: bool | None = None  # whether it was drawn in words

    def show(self, days: Sequence[DayShown], next_planned: str | None) -> None:
        """The week's days, and the next planned session in words (None: none)."""
        self._days = tuple(days)
        self.border_subtitle = Content(f"next: {next_planned}") if next_planned else None
        self._draw()

    def on_resize(self) -> None:
        # Drawn again only when the words start or stop fitting: a redraw lays the
        # screen out again, and Home's first layout would otherwise do it twice.
        if (self.size.width >= self._in_words) != self._wide:
            self._draw()

    def _content_width(self) -> int:
        """Its width: once laid out, its own; before that (Home fills it before its first
        frame), what the terminal's width leaves it, the strip spanning the screen as on
        Home. Guessing wide there drew the week in words over two lines in the first
        frame and then in one, moving everything under it."""
        return self.size.width or self.width_before_layout()

    def width_before_layout(self) -> int:
        """The width the terminal's leaves it, spanning the screen as on Home."""
        styles = self.styles
        return self.app.size.width - styles.margin.width - styles.gutter.width

    def _draw(self) -> None:
        if (
            self._days
            and all(not d.planned for d in self._days)
            and not any(d.state == "done" for d in self._days)
        ):
            self._in_words, self._wide = 0, True
            self.update(Content("Nothing planned this week: o opens Settings to plan your days."))
            return
        in_words = self._line(words=True)
        self._in_words = in_words.cell_length
        self._wide = self._in_words <= self._content_width()
        self.update(in_words if self._wide else self._line(words=False))

    def _line(self, words: bool) -> Content:
        parts: list[Content | str | tuple[str, str]] = []
        for day in self._days:
            mark, word, style = LOOK[day.state]
            shown = f"{day.name} {mark}" + (f" {word}" if words and word else "")
            parts.append((shown, style) if style else shown)
            parts.append("  ")
        return Content.assemble(*parts[:-1]) if parts else Content("")
