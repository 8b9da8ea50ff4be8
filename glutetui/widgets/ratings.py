"""Rating the exercises whose effort check lapsed: one line each, a digit to rate.

The summary, Home's "rate the last workout" and History's workout detail all use it.
The list posts :class:`RatingList.Rated`; the screen saves the answer, which lands on
the exercise's sets exactly as an answer given during the workout would.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from glutetui.vocab import EFFORT_WORDS

HINT = (
    " · ".join(f"{n} {word}" for n, word in EFFORT_WORDS.items())
    + " — ↑/↓ choose the exercise, l / r / p flag pain on the left / right / both"
)
# One key per rating, each calling ``rate(n)``: the effort check and this list share them.
RATE_BINDINGS = [
    Binding(str(n), f"rate({n})", word.capitalize(), show=False) for n, word in EFFORT_WORDS.items()
]
# The same keys shown in a key bar as one entry, "1–5 rate" (the effort check's).
RATE_GROUP = Binding.Group("rate")
SHOWN_RATE_BINDINGS = [
    Binding(str(n), f"rate({n})", word.capitalize(), group=RATE_GROUP)
    for n, word in EFFORT_WORDS.items()
]


@dataclass
class _Entry:
    block: int
    name: str
    effort: int | None = None
    pain: set[str] = field(default_factory=set)


class RatingList(OptionList):
    """Unrated exercises of one workout; digits 1-5 rate the highlighted one."""

    BINDINGS = [
        *RATE_BINDINGS,
        Binding("l", "pain('left')", "Pain left", id="rating-pain-left"),
        Binding("r", "pain('right')", "Pain right", id="rating-pain-right"),
        Binding("p", "pain('both')", "Pain", id="rating-pain"),
    ]

    class Rated(Message):
        """An exercise was rated."""

        def __init__(self, block: int, effort: int) -> None:
            super().__init__()
            self.block = block
            self.effort = effort

    class PainFlagged(Message):
        """Pain was flagged (or taken back) on a side of an exercise."""

        def __init__(self, block: int, side: str) -> None:
            super().__init__()
            self.block = block
            self.side = side

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.entries: dict[int, _Entry] = {}
        self.display = False  # until there is something to rate

    def show(self, unrated: Iterable[tuple[int, str]]) -> None:
        """Add the exercises still unrated; ones rated here stay, showing their answer."""
        for block, name in unrated:
            self.entries.setdefault(block, _Entry(block, name))
        keep = self.highlighted
        self._redraw()
        if keep is None:
            self._highlight_next(-1)
        self.display = bool(self.entries)

    @property
    def waiting(self) -> int:
        """How many exercises are still unrated."""
        return sum(1 for e in self.entries.values() if e.effort is None)

    def _redraw(self) -> None:
        keep = self.highlighted
        self.clear_options()
        width = max((len(e.name) for e in self.entries.values()), default=0)
        for entry in self.entries.values():
            self.add_option(Option(_prompt(entry, width), id=str(entry.block)))
        if keep is not None and self.option_count:
            self.highlighted = min(keep, self.option_count - 1)

    def _current(self) -> _Entry | None:
        if self.highlighted is None:
            return None
        key = self.get_option_at_index(self.highlighted).id
        return self.entries.get(int(key)) if key is not None else None

    def _highlight_next(self, after: int) -> None:
        order = list(self.entries.values())
        for i in [*range(after + 1, len(order)), *range(0, after + 1)]:
            if order[i].effort is None:
                self.highlighted = i
                return
        if order and self.highlighted is None:
            self.highlighted = 0

    def action_rate(self, effort: int) -> None:
        entry = self._current()
        if entry is None:
            return
        entry.effort = effort
        self.post_message(self.Rated(entry.block, effort))
        at = self.highlighted if self.highlighted is not None else -1
        self._redraw()
        self._highlight_next(at)

    def action_pain(self, side: str) -> None:
        entry = self._current()
        if entry is None:
            return
        entry.pain ^= {side}
        self.post_message(self.PainFlagged(entry.block, side))
        self._redraw()


def _prompt(entry: _Entry, width: int) -> Content:
    cells: list[Content | str | tuple[str, str]] = [(entry.name.ljust(width), "bold"), "   "]
    for n in range(1, 6):
        cells += [(f" {n} ", "bold reverse" if n == entry.effort else "dim"), " "]
    if entry.effort is None:
        cells.append("  not rated yet")
    else:
        cells.append(f"  {EFFORT_WORDS[entry.effort]}")
    if entry.pain:
        where = " and ".join(sorted(entry.pain)).replace("both", "both legs")
        cells += ["  ·  ", (f"pain: {where}", "bold underline")]
    return Content.assemble(*cells)
