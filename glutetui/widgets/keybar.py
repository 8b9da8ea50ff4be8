"""The key bar at the foot of every screen: the screen's keys on one line."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from textual import events
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

PALETTE_DESCRIPTION = "palette"


class Key(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool


class KeyBar(Widget):
    """The screen's keys, in the look of Textual's Footer, drawn by one widget.

    Textual's Footer makes a widget for every key. It composes them a frame after it
    is mounted (Home's keys came about 60 ms after its data), and composes them all
    again every time the screen's bindings are refreshed (every change of focus) even
    when nothing it shows has changed. This bar renders the keys as one line, as they
    stand when it is mounted, and redraws only when a key, its description or whether
    it is enabled changes. A click on a key presses it; a disabled key is dimmed.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--palette"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        text-wrap: nowrap;
        color: $footer-foreground;
        background: $footer-background;
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keybar--palette {
            color: $foreground 20%;
        }
    }
    """

    def __init__(
        self, *, compact: bool = False, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.compact = compact
        self._keys: tuple[Key, ...] = ()
        self._palette: Key | None = None
        self._spans: list[tuple[int, int, str]] = []  # cells each key takes, as last drawn

    def on_mount(self) -> None:
        self._keys, self._palette = self._read(self.screen)
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        shown = self._read(screen)
        if shown != (self._keys, self._palette):
            self._keys, self._palette = shown
            self.refresh()

    def _read(self, screen: Screen[object]) -> tuple[tuple[Key, ...], Key | None]:
        """The keys the bar shows (the first key of each action), and the palette's."""
        app = self.app
        keys: dict[str, Key] = {}
        palette = None
        for key, active in screen.active_bindings.items():
            binding = active.binding
            shown = Key(
                binding.key, app.get_key_display(binding), binding.description, active.enabled
            )
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = shown
            elif binding.show:
                keys.setdefault(binding.action, shown)
        return tuple(keys.values()), palette

    def render(self) -> Content:
        key_style = self.get_visual_style("keybar--key", partial=True)
        text_style = self.get_visual_style("keybar--description", partial=True)
        # Compact: the key unpadded, the description after a space.
        key_pad, text_pad = ("", " ") if self.compact else (" ", "")
        parts: list[tuple[str | None, Content]] = []  # (key pressed by a click, label)
        for key in self._keys:
            label = Content.assemble(
                (f"{key_pad}{key.display}{key_pad}", key_style),
                (f"{text_pad}{key.description} ", text_style),
            )
            parts.append((key.key, label if key.enabled else label.stylize(Style(dim=True))))
        if self._palette is not None:
            palette = Content.assemble(
                ("▏", self.get_visual_style("keybar--palette", partial=True)),
                (f"{self._palette.display} ", key_style),
                (f"{self._palette.description or PALETTE_DESCRIPTION} ", text_style),
            )
            used = sum(label.cell_length for _, label in parts) + palette.cell_length
            if used < self.size.width:
                parts.append((None, Content(" " * (self.size.width - used))))
                parts.append((self._palette.key, palette))
        self._spans = []
        at = 0
        for pressed, label in parts:
            if pressed is not None:
                self._spans.append((at, at + label.cell_length, pressed))
            at += label.cell_length
        return Content("").join(label for _, label in parts)

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
