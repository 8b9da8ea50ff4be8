"""A stand-in screensaver on a private session bus, for the keep-awake tests.

:class:`FakeScreenSaver` owns ``org.freedesktop.ScreenSaver`` on a bus started by
:func:`private_bus` (from :mod:`tests.fake_bus`) and answers ``Inhibit(s, s) -> u``
and ``UnInhibit(u)`` on ``/org/freedesktop/ScreenSaver`` the way a desktop does,
writing down every call, and also notes when a client that inhibited leaves the bus
(its process ended): that is when a real screensaver drops the client's inhibits.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from jeepney import (  # type: ignore[import-untyped]
    HeaderFields,
    MatchRule,
    new_error,
    new_method_return,
)
from jeepney.bus_messages import message_bus  # type: ignore[import-untyped]

from tests.fake_bus import FakeService

NAME = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"
INTERFACE = "org.freedesktop.ScreenSaver"


@dataclass(frozen=True)
class Call:
    member: str  # "Inhibit", "UnInhibit", or "Vanished" when a client left the bus
    args: tuple[Any, ...]
    sender: str
    cookie: int = 0


class FakeScreenSaver(FakeService[Call]):
    """Serves the freedesktop screensaver inhibit interface on a thread of its own."""

    def __init__(self, address: str) -> None:
        self._cookies = itertools.count(7001)
        super().__init__(address, NAME)

    @property
    def calls(self) -> list[Call]:
        return self.seen

    def subscribe(self) -> None:
        owners = MatchRule(
            type="signal",
            sender="org.freedesktop.DBus",
            interface="org.freedesktop.DBus",
            member="NameOwnerChanged",
        )
        self.send_and_get_reply(message_bus.AddMatch(owners))

    def listen(self, msg: Any) -> None:
        if msg.header.fields.get(HeaderFields.member) != "NameOwnerChanged":
            return
        name, _old, new = msg.body
        # Only this thread writes calls down, so reading them here needs no lock.
        if not new and any(c.sender == name for c in self.calls):
            self.note(Call("Vanished", (), name))

    def answer(self, msg: Any) -> Any:
        fields = msg.header.fields
        path = fields.get(HeaderFields.path)
        interface = fields.get(HeaderFields.interface)
        member = fields.get(HeaderFields.member)
        sender = str(fields.get(HeaderFields.sender, ""))
        if path != PATH or interface != INTERFACE or member not in ("Inhibit", "UnInhibit"):
            return new_error(
                msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no {member}",)
            )
        if member == "Inhibit":
            cookie = next(self._cookies)
            reply = new_method_return(msg, "u", (cookie,))
        else:
            cookie = int(msg.body[0])
            reply = new_method_return(msg)
        self.note(Call(member, tuple(msg.body), sender, cookie))
        return reply
