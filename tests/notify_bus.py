"""A stand-in desktop notification service on a private session bus, for the
reminder's tests.

:class:`FakeNotifications` owns ``org.freedesktop.Notifications`` on a bus started by
:func:`tests.fake_bus.private_bus` and answers the freedesktop notification
interface as a desktop does (introspection, server information, capabilities,
``Notify``), writing down every notification it is sent.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from jeepney import HeaderFields, new_error, new_method_return  # type: ignore[import-untyped]

from tests.fake_bus import FakeService

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"

INTROSPECTION = f"""<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<node>
  <interface name="org.freedesktop.DBus.Introspectable">
    <method name="Introspect"><arg direction="out" type="s"/></method>
  </interface>
  <interface name="{INTERFACE}">
    <method name="GetCapabilities"><arg direction="out" type="as"/></method>
    <method name="Notify">
      <arg name="app_name" direction="in" type="s"/>
      <arg name="replaces_id" direction="in" type="u"/>
      <arg name="app_icon" direction="in" type="s"/>
      <arg name="summary" direction="in" type="s"/>
      <arg name="body" direction="in" type="s"/>
      <arg name="actions" direction="in" type="as"/>
      <arg name="hints" direction="in" type="a{{sv}}"/>
      <arg name="expire_timeout" direction="in" type="i"/>
      <arg direction="out" type="u"/>
    </method>
    <method name="CloseNotification"><arg name="id" direction="in" type="u"/></method>
    <method name="GetServerInformation">
      <arg direction="out" type="s"/><arg direction="out" type="s"/>
      <arg direction="out" type="s"/><arg direction="out" type="s"/>
    </method>
    <signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
    <signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
  </interface>
</node>
"""


@dataclass(frozen=True)
class Shown:
    app_name: str
    summary: str
    body: str


class FakeNotifications(FakeService[Shown]):
    """Serves the freedesktop notification interface on a thread of its own."""

    def __init__(self, address: str) -> None:
        self._ids = itertools.count(1)
        super().__init__(address, NAME)

    @property
    def shown(self) -> list[Shown]:
        return self.seen

    def answer(self, msg: Any) -> Any:
        fields = msg.header.fields
        member = fields.get(HeaderFields.member)
        if fields.get(HeaderFields.path) != PATH:
            return new_error(msg, "org.freedesktop.DBus.Error.UnknownObject", "s", ("no",))
        if member == "Introspect":
            return new_method_return(msg, "s", (INTROSPECTION,))
        if member == "GetServerInformation":
            return new_method_return(msg, "ssss", ("stand-in", "glutetui tests", "1", "1.2"))
        if member == "GetCapabilities":
            return new_method_return(msg, "as", (["body"],))
        if member == "Notify":
            app_name, _replaces, _icon, summary, body = msg.body[:5]
            self.note(Shown(app_name, summary, body))
            return new_method_return(msg, "u", (next(self._ids),))
        if member == "CloseNotification":
            return new_method_return(msg)
        return new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no {member}",))
