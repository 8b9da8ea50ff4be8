"""BigWord: a word drawn three rows tall, to be read from across the room.

Textual's ``Digits`` draws numbers in a 3x3 box-drawing font; this widget does the
same for the capital letters the workout screen needs (phase and side names).
When the widget is too narrow for the big letters, it falls back to plain bold text.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

# Heavy-line glyphs, three columns by three rows each.
GLYPHS: dict[str, tuple[str, str, str]] = {
    "A": ("┏━┓", "┣━┫", "╹ ╹"),
    "B": ("┏┓ ", "┣┻┓", "┗━┛"),
    "C": ("┏━╸", "┃  ", "┗━╸"),
    "D": ("┳━┓", "┃ ┃", "┻━┛"),
    "E": ("┏━╸", "┣━ ", "┗━╸"),
    "F": ("┏━╸", "┣━ ", "╹  "),
    "G": ("┏━╸", "┃╺┓", "┗━┛"),
    "H": ("╻ ╻", "┣━┫", "╹ ╹"),
    "I": ("╺┳╸", " ┃ ", "╺┻╸"),
    "K": ("╻ ╻", "┣┳┛", "╹┗╸"),
    "L": ("╻  ", "┃  ", "┗━╸"),
    "M": ("┏┳┓", "┃┃┃", "╹ ╹"),
    "N": ("┏┓╻", "┃┃┃", "╹┗┛"),
    "O": ("┏━┓", "┃ ┃", "┗━┛"),
    "P": ("┏━┓", "┣━┛", "╹  "),
    "R": ("┏━┓", "┣┳┛", "╹┗╸"),
    "S": ("┏━╸", "┗━┓", "╺━┛"),
    "T": ("╺┳╸", " ┃ ", " ╹ "),
    "U": ("╻ ╻", "┃ ┃", "┗━┛"),
    "V": ("╻ ╻", "┃ ┃", "┗┳┛"),
    "W": ("╻ ╻", "┃┃┃", "┗┻┛"),
    "Y": ("╻ ╻", "┗┳┛", " ╹ "),
    " ": ("  ", "  ", "  "),
    "?": ("╺━┓", " ┏┛", " ╹ "),
    "!": ("╻", "┃", "╹"),
}


def big_lines(word: str) -> tuple[str, str, str] | None:
    """The three rows of a word, or None if a letter has no big glyph."""
    rows = ["", "", ""]
    for i, char in enumerate(word.upper()):
        glyph = GLYPHS.get(char)
        if glyph is None:
            return None
        gap = " " if i and char != " " and word[i - 1] != " " else ""
        for r in range(3):
            rows[r] += gap + glyph[r]
    return rows[0], rows[1], rows[2]


class BigWord(Widget):
    """A word in three-row capitals, centred; plain bold text when space is short."""

    DEFAULT_CSS = """
    BigWord {
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

    def update(self, word: str) -> None:
        if word != self._word:
            self._word = word
            self.refresh()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 3

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width or self.size.width
        style = self.rich_style
        if y > 2:
            return Strip.blank(width, style)
        lines = big_lines(self._word)
        if lines is None or len(lines[0]) > width:
            # Too narrow (or an unknown letter): the word in plain capitals, middle row.
            text = self._word.upper() if y == 1 else ""
            return self._centred(text[:width], width, style)
        return self._centred(lines[y], width, style)

    @staticmethod
    def _centred(text: str, width: int, style: Style) -> Strip:
        left = max(0, (width - len(text)) // 2)
        right = max(0, width - left - len(text))
        return Strip([Segment(" " * left + text + " " * right, style)], width)
