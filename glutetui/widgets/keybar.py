"""The key bar at the foot of every screen: the screen's keys on one line."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen

PALETTE_DESCRIPTION = "palette"


HELP_ACTIONS = ("app.help", "help")  # the key to Help, which lists all the others


class Key(NamedTuple):
    key: str | None  # what a click presses (None: a group of keys, e.g. 1-5)
    display: str
    description: str
    enabled: bool
    action: str = ""


def label_width(key: Key, compact: bool) -> int:
    """The cells ``key``'s label takes: " s Start " as a rule, "s Start " compact."""
    return cell_len(key.display) + cell_len(key.description) + (2 if compact else 3)


def key_run(displays: list[str]) -> str:
    """The keys of a group as one label: a run of digits as "1–5", others "a/b"."""
    if len(displays) > 1 and all(d.isdigit() and len(d) == 1 for d in displays):
        numbers = [int(d) for d in displays]
        if numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            return f"{displays[0]}–{displays[-1]}"
    return "/".join(displays)


class KeyBar(Widget):
    """The screen's keys, in the look of Textual's Footer, drawn by one widget.

    Textual's Footer makes a widget for every key. It composes them a frame after it
    is mounted (Home's keys came about 60 ms after its data), and composes them all
    again every time the screen's bindings are refreshed (every change of focus) even
    when nothing it shows has changed. This bar renders the keys as one line, as they
    stand when it is mounted, and redraws only when a key, its description or whether
    it is enabled changes. A click on a key presses it; a disabled key is dimmed.

    Bindings that share a ``Binding.Group`` are one entry ("1–5 rate"). When the keys
    do not fit the width, they are drawn compact (no padding round the key), and then
    the last ones are left out whole rather than cut off: a screen lists its keys in
    order of importance, and Help has them all (so its key is the last to go).
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
        # The keys are read when next drawn: a screen's bindings change several times
        # between the bar's mount and its first frame (focus, the screen filling in),
        # and reading them (the screen's active bindings) is the bar's dearest work.
        self._stale = True

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self._stale:
            return  # read when drawn, which is still to come
        shown = self._read(screen)
        if shown != (self._keys, self._palette):
            self._keys, self._palette = shown
            self.refresh()

    def _fresh(self) -> None:
        if self._stale and self.is_attached:
            self._keys, self._palette = self._read(self.screen)
            self._stale = False

    @property
    def keys(self) -> tuple[Key, ...]:
        """The keys as read from the screen (some may not fit the bar's width)."""
        self._fresh()
        return self._keys

    def _read(self, screen: Screen[object]) -> tuple[tuple[Key, ...], Key | None]:
        """The keys the bar shows (the first key of each action, one entry per group of
        keys), and the palette's."""
        app = self.app
        order: list[str | Binding.Group] = []
        singles: dict[str, Key] = {}
        groups: dict[Binding.Group, list[tuple[str, bool]]] = {}
        palette = None
        # A key's display is worked out only for the keys shown (most bindings are not).
        display = app.get_key_display
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = Key(binding.key, display(binding), binding.description, active.enabled)
            elif not binding.show:
                continue
            elif binding.group is not None:
                if binding.group not in groups:
                    groups[binding.group] = []
                    order.append(binding.group)
                groups[binding.group].append((display(binding), active.enabled))
            elif binding.action not in singles:
                singles[binding.action] = Key(
                    binding.key,
                    display(binding),
                    binding.description,
                    active.enabled,
                    binding.action,
                )
                order.append(binding.action)
        keys = []
        for entry in order:
            if isinstance(entry, str):
                keys.append(singles[entry])
                continue
            members = groups[entry]
            displays = [display for display, _ in members]
            enabled = any(on for _, on in members)
            keys.append(Key(None, key_run(displays), entry.description, enabled))
        return tuple(keys), palette

    def _labels(self, keys: list[Key], compact: bool) -> list[tuple[Key, Content]]:
        """Each key with its label: ``label_width`` cells each."""
        key_style = self.get_visual_style("keybar--key", partial=True)
        text_style = self.get_visual_style("keybar--description", partial=True)
        # Compact: the key unpadded, the description after a space.
        key_pad, text_pad = ("", " ") if compact else (" ", "")
        labels: list[tuple[Key, Content]] = []
        for key in keys:
            label = Content.assemble(
                (f"{key_pad}{key.display}{key_pad}", key_style),
                (f"{text_pad}{key.description} ", text_style),
            )
            labels.append((key, label if key.enabled else label.stylize(Style(dim=True))))
        return labels

    def _fitted(self, width: int) -> list[tuple[Key, Content]]:
        """The labels that fit ``width``: compact if need be, then without the least
        important keys (the last, but Help's key last of all). Measured before they
        are made, and only those that fit are made."""
        keys = list(self._keys)
        compact = self.compact
        if not compact and sum(label_width(key, False) for key in keys) > width:
            compact = True
        while keys and sum(label_width(key, compact) for key in keys) > width:
            others = [i for i, key in enumerate(keys) if key.action not in HELP_ACTIONS]
            keys.pop(others[-1] if others else -1)
        return self._labels(keys, compact)

    def render(self) -> Content:
        self._fresh()
        width = self.size.width
        parts: list[tuple[str | None, Content]] = [
            (key.key, label) for key, label in self._fitted(width)
        ]
        if self._palette is not None:
            key_style = self.get_visual_style("keybar--key", partial=True)
            text_style = self.get_visual_style("keybar--description", partial=True)
            palette = Content.assemble(
                ("▏", self.get_visual_style("keybar--palette", partial=True)),
                (f"{self._palette.display} ", key_style),
                (f"{self._palette.description or PALETTE_DESCRIPTION} ", text_style),
            )
            used = sum(label.cell_length for _, label in parts) + palette.cell_length
            if used < width:
                parts.append((None, Content(" " * (width - used))))
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
