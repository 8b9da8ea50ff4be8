"""Text that is drawn again only when it changes, in its words or in its looks.

The workout screen sets its lines on every tick, and the effort check its words on
every second of its countdown; most of them keep their text for many ticks. A
Static's update always repaints, and by default lays the whole screen out again.
``put`` skips an update that would show what is already shown, and ``Line`` is a
Static whose ``text`` goes through it, which keeps a running workout cheap on CPU.

Textual's ``Content`` compares equal on its words alone (so that sorting ignores
markup), so a rating that moves its highlight along the same words would look
unchanged to it: ``same_text`` compares the styles as well.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import var
from textual.visual import VisualType
from textual.widgets import Static


def same_text(shown: VisualType, new: VisualType) -> bool:
    """Whether ``new`` would draw exactly what ``shown`` draws: the same words, styled
    the same way."""
    if isinstance(shown, Content) and isinstance(new, Content):
        return shown.plain == new.plain and list(shown.spans) == list(new.spans)
    return type(shown) is type(new) and shown == new


def put(widget: Static, content: Content | str, *, layout: bool = True) -> None:
    """Show ``content`` in ``widget`` unless it is shown there already. ``layout=False``
    for a widget whose size cannot change with its text."""
    if not same_text(widget.content, content):
        widget.update(content, layout=layout)


class Line(Static):
    """A Static driven by ``text``, redrawn only when the text changes."""

    text: var[Content | str] = var("", init=False, always_update=True)

    def __init__(self, *, id: str | None = None, layout: bool = False) -> None:
        super().__init__("", id=id)
        # Fixed-size lines need no layout pass when their text changes; the cue's
        # height follows its text, so it asks for one.
        self.relayout = layout

    def watch_text(self, text: Content | str) -> None:
        put(self, text, layout=self.relayout)
