"""Screens styled once as they open.

Textual restyles every widget on a screen each time the screen is resumed, the first
time included. That first resume comes straight after the screen's widgets were
composed, each styled as it was mounted, with the screen's own sheet already read:
only the screen itself was styled before its sheet (Textual registers a screen, then
reads its ``CSS_PATH`` the first time it is shown). So the first resume restyles the
screen alone, and its widgets forget the colours they worked out from its background
before that. Restyling everything again was a quarter of the time History takes to
open. Every later resume restyles it all, as Textual does: the theme may have changed
while the screen was covered.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget


class StyledOnMount:
    """Mixed into a Screen: its first resume restyles the screen alone, or nothing
    where its sheet was read before it was made (tests/ui/test_screen_styles.py and,
    for Home, tests/ui/test_home_first_frame.py hold each to a full restyle)."""

    # True where the app reads the screen's sheet before making it (Home's, on the way
    # to the first frame): then the screen was styled with it too, and nothing is.
    SHEET_READ_FIRST: ClassVar[bool] = False
    _resumed_before = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if self._resumed_before:
            return
        self._resumed_before = True
        event.refresh_styles = False
        if self.SHEET_READ_FIRST:
            return
        assert isinstance(self, Screen)
        restyle_only(self, [self], animate=False)


def restyle_only(screen: Screen[Any], nodes: list[DOMNode], animate: bool = True) -> None:
    """Restyle ``nodes`` of ``screen`` (the screen among them), where Textual would
    restyle all it holds: every widget on it then drops the colours it worked out from
    the screen's background, and is drawn on the new one. The caller knows that no
    other widget's rules changed."""
    screen.app.stylesheet.update_nodes(nodes, animate=animate)
    for widget in screen.walk_children(Widget):
        widget.notify_style_update()
