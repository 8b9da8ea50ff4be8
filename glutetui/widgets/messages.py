"""The messages that cross screens: the only ones shared, so no screen or widget needs
the app's class to ask it for something.

A screen posts :class:`Navigate` to open another, :class:`HomeLoaded` and
:class:`Fatal` travel from Home to the app, and the app posts :class:`Changed` to
every screen on the stack when an intent has changed what they show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from glutetui.readouts.home import HomeData
    from glutetui.usecases.path import Change


class Navigate(Message):
    """Open one of the screens by name: history, programs, exercises, selftest,
    settings, help; or go back to home."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class HomeLoaded(Message):
    """Home has its full figures: the services are up."""

    def __init__(self, data: HomeData) -> None:
        super().__init__()
        self.data = data


class Fatal(Message):
    """Something the app cannot work without failed (the catalogue, the database)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class Changed(Message, bubble=False):
    """An intent changed the history or the settings: a screen showing them reads again."""

    def __init__(self, change: Change) -> None:
        super().__init__()
        self.change = change
