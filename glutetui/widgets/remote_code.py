"""The phone remote's corner of a screen: the pairing code, the address, who is connected.

Data in, nothing else: the screen hands over the code's rows (``glutetui.remote.qr``),
the address as text and whether a phone is connected, and calls :meth:`RemoteCode.show`
again when any of them changes. While no phone is connected the widget draws the code
with the address under it; once one is, the code gives way to two short lines saying
so, since a code on screen is only an invitation to pair another phone. Every line is
at most as wide as the pairing code (32 columns), so the corner leaves the rest of a
narrow screen to what is beside it; :class:`RemoteCode.Shown` tells the screen when
the corner appears or goes.

The code is painted white on black whatever the theme: a camera needs that contrast,
and the rows draw the light modules.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.style import Style
from textual.widget import Widget

QR_STYLE = Style.parse("#ffffff on #000000")
SCAN_HINT = "Scan, or open in its browser:"
TOO_SMALL = "Open in the phone's browser:"
CONNECTED = "● Phone connected"


class RemoteCode(Widget):
    """The pairing code and the remote's address, or a line saying a phone is connected."""

    COMPONENT_CLASSES = {"remote-code--connected", "remote-code--hint"}
    DEFAULT_CSS = """
    RemoteCode {
        width: auto;
        height: auto;
        &.-off { display: none; }
        .remote-code--connected { color: $text-success; text-style: bold; }
        .remote-code--hint { color: $text-muted; }
    }
    """

    def __init__(
        self,
        rows: Sequence[str] = (),
        address: str = "",
        connected: bool = False,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        # Hidden from the start when there is no address: a class set after construction
        # costs a restyle, on the way to Home's first frame.
        off = "" if address else "-off"
        super().__init__(id=id, classes=" ".join(c for c in (classes, off) if c))
        self.rows: tuple[str, ...] = tuple(rows)
        self.address = address
        self.connected = connected
        self._room = 10_000  # rows the parent can give: the code shows only whole

    class Shown(Message):
        """The corner appeared (the remote is on) or went; a screen may lay out its
        neighbours differently."""

        def __init__(self, widget: RemoteCode, showing: bool) -> None:
            super().__init__()
            self.widget = widget
            self.showing = showing

    class Wanted(Message):
        """A code's corner has mounted: whoever runs the remote (the app) shows it with
        :meth:`RemoteCode.show`; with the remote off nobody does, and it stays hidden."""

        def __init__(self, widget: RemoteCode) -> None:
            super().__init__()
            self.widget = widget

    def on_mount(self) -> None:
        self.post_message(self.Wanted(self))
        if self.address:
            self.post_message(self.Shown(self, True))

    def show(self, rows: Sequence[str], address: str, connected: bool) -> None:
        """Draw this instead; nothing is redrawn when nothing changed."""
        state = (tuple(rows), address, connected)
        if state == (self.rows, self.address, self.connected):
            return
        was_showing = bool(self.address)
        self.rows, self.address, self.connected = state
        self.set_class(not address, "-off")  # the remote off: nothing, not even a border
        self.refresh(layout=True)
        if bool(address) != was_showing:
            self.post_message(self.Shown(self, bool(address)))

    def _lines(self) -> list[Content]:
        hint = self.get_visual_style("remote-code--hint", partial=True)
        if self.connected:
            status = self.get_visual_style("remote-code--connected", partial=True)
            return [Content.styled(CONNECTED, status), Content.styled(self.address, hint)]
        if not self.address:
            return []
        # The code only whole: where it does not fit, the address alone, to type in
        # (broken where the pairing code begins, so the corner stays narrow).
        if not self.rows or len(self.rows) + 3 > self._room:
            parts = address_lines(self.address, len(self.address))
            return [Content.styled(TOO_SMALL, "bold"), *(Content(part) for part in parts)]
        width = max(len(row) for row in self.rows)
        lines = [Content.styled(row, QR_STYLE) for row in self.rows]
        lines.append(Content.styled(SCAN_HINT, hint))
        lines += [Content(part) for part in address_lines(self.address, width)]
        return lines

    @property
    def inviting(self) -> bool:
        """Whether a code (or the address to pair with) is on show."""
        return bool(self.address) and not self.connected

    def render(self) -> Content:
        return Content("\n").join(self._lines())

    def get_content_width(self, container: Size, viewport: Size) -> int:
        self._room = container.height
        return max((line.cell_length for line in self._lines()), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._room = container.height
        return len(self._lines())


def address_lines(address: str, width: int) -> list[str]:
    """The address in lines of at most ``width``, broken after the server's part (the
    pairing code then reads as one word), and in pieces only when that is too long."""
    head, mark, code = address.partition("/P/")
    parts = [head + mark, code] if mark else [address]
    lines: list[str] = []
    for part in parts:
        lines += [part[i : i + width] for i in range(0, len(part), width)] or [""]
    return [line for line in lines if line]
