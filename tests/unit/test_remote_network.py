"""Where the remote listens: a private address found without a packet, its own port or
the next free one."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest

from glutetui.remote import network


def test_the_lan_address_is_private_or_loopback() -> None:
    address = ipaddress.ip_address(network.lan_address())
    assert address.is_loopback or (address.is_private and not address.is_link_local)


def test_finding_the_address_sends_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[Any] = []
    for name in ("send", "sendto", "sendall"):
        monkeypatch.setattr(socket.socket, name, lambda *a, **k: sent.append(a))
    network.lan_address()
    assert sent == []


def test_without_a_route_the_remote_stays_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(*args: Any) -> None:
        raise OSError(101, "Network is unreachable")

    monkeypatch.setattr(socket.socket, "connect", unreachable)
    assert network.lan_address() == "127.0.0.1"


def test_a_public_address_is_never_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """A laptop plugged straight into the internet must not serve its workout to it."""
    monkeypatch.setattr(socket.socket, "connect", lambda *args: None)
    monkeypatch.setattr(socket.socket, "getsockname", lambda *args: ("81.2.69.142", 40000))
    assert network.lan_address() == "127.0.0.1"
    monkeypatch.setattr(socket.socket, "getsockname", lambda *args: ("192.168.1.20", 40000))
    assert network.lan_address() == "192.168.1.20"
    monkeypatch.setattr(socket.socket, "getsockname", lambda *args: ("169.254.3.4", 40000))
    assert network.lan_address() == "127.0.0.1"


def test_a_taken_port_falls_back_to_the_next_free_one(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setattr(network, "DEFAULT_PORT", port)
        with network.listen_socket("127.0.0.1", None) as sock:
            assert sock.getsockname()[1] != port


def test_a_port_taken_between_bind_and_listen_falls_back_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two copies starting at once may both bind the default port (both ask for
    SO_REUSEADDR and neither listens yet); the one that listens second must move on to
    the next port rather than fail to start."""
    with socket.socket() as rival:
        rival.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        rival.bind(("127.0.0.1", 0))
        port = rival.getsockname()[1]
        monkeypatch.setattr(network, "DEFAULT_PORT", port)

        class Racing(socket.socket):
            def bind(self, address: Any) -> None:
                super().bind(address)
                if address[1] == port:
                    rival.listen()  # the other copy listens first

        make: Any = Racing
        with network.listen_socket("127.0.0.1", None, make=make) as sock:
            assert sock.getsockname()[1] != port
            assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1


def test_the_default_port_is_tried_first(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    monkeypatch.setattr(network, "DEFAULT_PORT", free)
    with network.listen_socket("127.0.0.1", None) as sock:
        assert sock.getsockname()[1] == free


def test_a_given_port_that_is_taken_is_an_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(OSError):
            network.listen_socket("127.0.0.1", taken.getsockname()[1])


def test_the_authority_is_written_as_a_browser_writes_it() -> None:
    assert network.authority("192.168.1.20", 8765) == "192.168.1.20:8765"
    assert network.authority("192.168.1.20", 80) == "192.168.1.20"
    assert network.authority("fd00::5", 8765) == "[fd00::5]:8765"


class RecordingSocket:
    """A socket that only notes what it was asked to set and where to bind."""

    def __init__(self, family: int, kind: int) -> None:
        self.options: list[tuple[int, int, int]] = []
        self.bound: tuple[str, int] | None = None
        self.closed = False

    def setsockopt(self, level: int, option: int, value: int) -> None:
        self.options.append((level, option, value))

    def bind(self, address: tuple[str, int]) -> None:
        self.bound = address

    def listen(self, backlog: int) -> None:
        pass

    def setblocking(self, flag: bool) -> None:
        pass

    def close(self) -> None:
        self.closed = True


def test_on_windows_the_port_is_bound_exclusively() -> None:
    """Windows would let another program bind the remote's port too (and take its
    connections) unless it is asked for SO_EXCLUSIVEADDRUSE, which is what it gets
    instead of SO_REUSEADDR."""
    made: list[RecordingSocket] = []

    def make(family: int, kind: int) -> Any:
        made.append(RecordingSocket(family, kind))
        return made[-1]

    sock: Any = network.listen_socket("192.168.1.20", 8765, platform="win32", make=make)
    assert sock is made[0] and sock.bound == ("192.168.1.20", 8765)
    assert sock.options == [(socket.SOL_SOCKET, network.SO_EXCLUSIVEADDRUSE, 1)]
    assert getattr(socket, "SO_EXCLUSIVEADDRUSE", -5) == network.SO_EXCLUSIVEADDRUSE
    elsewhere: Any = network.listen_socket("192.168.1.20", 8765, platform="linux", make=make)
    assert elsewhere.options == [(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)]


def test_a_port_windows_says_is_taken_moves_on_to_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    tried: list[int] = []

    class Taken(RecordingSocket):
        def bind(self, address: tuple[str, int]) -> None:
            tried.append(address[1])
            if address[1] == network.DEFAULT_PORT:
                raise OSError(10048, "Only one usage of each socket address is normally permitted")
            self.bound = address

    monkeypatch.setattr(network, "_TAKEN", network._TAKEN | {10048})  # WSAEADDRINUSE
    make: Any = Taken
    sock: Any = network.listen_socket("192.168.1.20", None, platform="win32", make=make)
    assert tried == [network.DEFAULT_PORT, network.DEFAULT_PORT + 1]
    assert sock.bound == ("192.168.1.20", network.DEFAULT_PORT + 1)
