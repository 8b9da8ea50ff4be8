"""The phone remote's corner of a screen: the pairing code, the address, who is connected.

Data in, nothing else: the screen hands over the code's rows (``glutetui.remote.qr``),
the address as text and whether a phone is connected, and calls :meth:`RemoteCode.show`
again when any of them changes. While no phone is connected the widget draws the code
with the address under it; once one is, the code gives way to a single line saying so,
since a code on screen is only an invitation to pair another phone.

The code is painted white on black whatever the theme: a camera needs that contrast,
and the rows draw the light modules.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.style import Style
from textual.widget import Widget

QR_STYLE = Style.parse("#ffffff on #000000")
SCAN_HINT = "Scan with the phone's camera"
CONNECTED = "● Phone connected"


class RemoteCode(Widget):
    """The pairing code and the remote's address, or a line saying a phone is connected."""

    COMPONENT_CLASSES = {"remote-code--connected", "remote-code--hint"}
    DEFAULT_CSS = """
    RemoteCode {
        width: auto;
        height: auto;
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
        super().__init__(id=id, classes=classes)
        self.rows: tuple[str, ...] = tuple(rows)
        self.address = address
        self.connected = connected

    def show(self, rows: Sequence[str], address: str, connected: bool) -> None:
        """Draw this instead; nothing is redrawn when nothing changed."""
        state = (tuple(rows), address, connected)
        if state == (self.rows, self.address, self.connected):
            return
        self.rows, self.address, self.connected = state
        self.refresh(layout=True)

    def _lines(self) -> list[Content]:
        hint = self.get_visual_style("remote-code--hint", partial=True)
        if self.connected:
            status = self.get_visual_style("remote-code--connected", partial=True)
            line = Content.assemble((CONNECTED, status), (f"  {self.address}", hint))
            return [line]
        lines = [Content.styled(row, QR_STYLE) for row in self.rows]
        if self.address:
            lines.append(Content(self.address))
        if self.rows:
            lines.append(Content.styled(SCAN_HINT, hint))
        return lines

    def render(self) -> Content:
        return Content("\n").join(self._lines())

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((line.cell_length for line in self._lines()), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines())
