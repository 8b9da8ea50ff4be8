"""BigText: a word or number drawn as large as its box allows, to be read from the floor.

The letters come from FIGlet fonts (through pyfiglet). FIGlet fonts come in fixed
heights, so for anything four rows or taller the solid ``ansi_regular`` font is
scaled to the rows the widget has: each font cell becomes a block of cells, with
half-block characters giving two steps per row, so the digits grow smoothly with
the terminal instead of jumping between a few sizes; scaled down, every gap between
letters is kept. Three rows use the half-block ``pagga`` font; below that, or when
even that is too wide, the text is plain bold capitals (a word's letters spaced out
when there is room), wrapped rather than clipped.
"""

from __future__ import annotations

import textwrap
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from pyfiglet import Figlet

SCALED_FONT = "ansi_regular"  # solid blocks: readable across a room at any size
SCALED_ROWS = 5  # its height
SMALL_FONT = "pagga"  # three rows of half blocks, a column between letters
SMALL_ROWS = 3
INK = frozenset("█▀▄")  # what is kept of a font's drawing (pagga shades its background)
MIN_SCALED = 4  # below this the scaled font loses its shapes
# Half-block characters by (top filled, bottom filled).
HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


@lru_cache(maxsize=4)
def _figlet(font: str) -> Figlet:
    from pyfiglet import Figlet

    return Figlet(font=font, width=10_000)


@lru_cache(maxsize=512)
def figlet_rows(font: str, text: str) -> tuple[str, ...]:
    """The rows pyfiglet draws for a text, blank rows above and below trimmed."""
    drawn = _figlet(font).renderText(text)
    rows = ["".join(ch if ch in INK else " " for ch in row) for row in drawn.split("\n")]
    while rows and not rows[-1].strip():
        rows.pop()
    while rows and not rows[0].strip():
        rows.pop(0)
    width = max((len(r) for r in rows), default=0)
    return tuple(r.ljust(width) for r in rows)


def _columns(bitmap: tuple[str, ...], factor: float) -> list[int]:
    """For each column drawn at ``factor``, the column of the original it shows.

    Larger than the font, the nearest column. Smaller, columns are taken evenly from
    each run of ink and each run of blank columns, at least one from every run: left to
    the nearest column, the one blank column between two letters is often left out and
    the letters run together ("SIDE" read as "SDE").
    """
    source_cols = len(bitmap[0])
    if factor >= 1:
        cols = round(source_cols * factor)
        return [min(source_cols - 1, int(x / factor)) for x in range(cols)]
    blank = [all(row[c] == " " for row in bitmap) for c in range(source_cols)]
    out: list[int] = []
    start = 0
    for c in range(1, source_cols + 1):
        if c == source_cols or blank[c] != blank[start]:
            length = c - start
            keep = max(1, round(length * factor))
            # The middle of each share: a letter keeps both its edges ("R" its leg).
            out += [start + (2 * i + 1) * length // (2 * keep) for i in range(keep)]
            start = c
    return out


def scale(bitmap: tuple[str, ...], rows: int) -> tuple[str, ...]:
    """A bitmap of filled and blank cells redrawn ``rows`` tall, keeping its proportions.

    Each output row holds two pixel rows (upper and lower half-block); every pixel is
    taken from the nearest cell of the original.
    """
    source_rows = len(bitmap)
    source_cols = len(bitmap[0]) if bitmap else 0
    if not source_rows or not source_cols:
        return ()
    column_of = _columns(bitmap, rows / source_rows)
    pixel_rows = 2 * rows
    row_of = [min(source_rows - 1, p * source_rows // pixel_rows) for p in range(pixel_rows)]
    out: list[str] = []
    for r in range(rows):
        top, bottom = bitmap[row_of[2 * r]], bitmap[row_of[2 * r + 1]]
        out.append("".join(HALVES[top[c] != " ", bottom[c] != " "] for c in column_of))
    return tuple(out)


@lru_cache(maxsize=256)
def render(text: str, width: int, height: int) -> tuple[str, ...]:
    """The largest drawing of ``text`` that fits ``width`` x ``height`` cells."""
    if not text or width <= 0 or height <= 0:
        return ()
    if height >= MIN_SCALED:
        bitmap = figlet_rows(SCALED_FONT, text)
        source_cols = len(bitmap[0]) if bitmap else 0
        if source_cols:
            # Tallest first: the width is what usually stops it.
            best = min(height, (width * SCALED_ROWS) // source_cols + 1)
            for rows in range(best, MIN_SCALED - 1, -1):
                if len(_columns(bitmap, rows / SCALED_ROWS)) <= width:
                    return scale(bitmap, rows)
    if height >= SMALL_ROWS:
        small = figlet_rows(SMALL_FONT, text)
        if small and len(small[0]) <= width:
            return small
    words = text.upper()
    spaced = spaced_out(words)
    if len(spaced) <= width:
        return (spaced,)
    if len(words) <= width:
        return (words,)
    return tuple(textwrap.wrap(words, width, break_long_words=True)) or (words[:width],)


def spaced_out(words: str) -> str:
    """Capitals with a space between letters and three between words ("L E F T   S I D E"),
    easier to read from across a room than letters set close; numbers stay as they are
    (spaced digits would read as separate numbers)."""
    if not any(ch.isalpha() for ch in words):
        return words
    return "   ".join(" ".join(word) for word in words.split())


def drawn_rows(text: str, width: int, height: int) -> int:
    """How many rows tall ``text`` is drawn in a box (1 when it falls back to plain text)."""
    return len(render(text, width, height))


class BigText(Widget):
    """A word or number as large as the widget's box, centred; plain text when tiny."""

    DEFAULT_CSS = """
    BigText {
        height: 3;
        width: 1fr;
        text-style: bold;
    }
    """

    def __init__(self, word: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._word = word

    @property
    def word(self) -> str:
        return self._word

    @property
    def drawn_height(self) -> int:
        """Rows the text takes on screen now."""
        region = self.content_region
        return drawn_rows(self._word, region.width, region.height)

    def update(self, word: str) -> None:
        if word != self._word:
            self._word = word
            self.refresh()

    def render_line(self, y: int) -> Strip:
        region = self.content_region
        width, height = region.width or self.size.width, region.height or self.size.height
        style = self.rich_style
        rows = render(self._word, width, height)
        top = max(0, (height - len(rows)) // 2)
        line = y - top
        if not 0 <= line < len(rows):
            return Strip.blank(width, style)
        text = rows[line][:width]
        left = max(0, (width - len(text)) // 2)
        right = max(0, width - left - len(text))
        return Strip([Segment(" " * left + text + " " * right, style)], width)


@lru_cache(maxsize=256)
def width_for(text: str, height: int) -> int:
    """The fewest columns in which ``text`` is drawn as tall as ``height`` rows allow it:
    a box any narrower would draw it smaller."""
    tallest = drawn_rows(text, 10_000, height)
    width = max((len(row) for row in render(text, 10_000, height)), default=0)
    # The drawing's own width is a good first guess; the fit test decides.
    while drawn_rows(text, width, height) < tallest:
        width += 1
    while width > 1 and drawn_rows(text, width - 1, height) >= tallest:
        width -= 1
    return width
