"""Where the remote listens: the home network's address and a port.

The address is the one the machine would use to reach the home network, found
without sending anything: ``connect`` on a UDP socket only asks the kernel for a
route and fixes the source address, which ``getsockname`` then reads. Only a private
address is used (a laptop plugged straight into the internet must not serve its
workout to it); without one the remote listens on loopback and is reachable from
this machine only.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys
from collections.abc import Callable, Iterable

LOOPBACK = "127.0.0.1"
# The remote's port, the same every time so a phone's bookmark keeps working; when it
# is taken, the next few, then any the system offers.
DEFAULT_PORT = 8765
FALLBACK_PORTS = 9
# Connections the system may queue before they are accepted (they hold none of the
# app's files until then).
BACKLOG = 128
# Windows lets a second program bind a port already in use when both ask for
# SO_REUSEADDR, and even take it over; its own option for "this port is mine alone" is
# SO_EXCLUSIVEADDRUSE (winsock2.h defines it as ~SO_REUSEADDR, -5).
SO_EXCLUSIVEADDRUSE: int = getattr(socket, "SO_EXCLUSIVEADDRUSE", -5)
# What a port already taken (or refused to this user) looks like, on POSIX and Windows.
_TAKEN = frozenset(
    code
    for code in (
        errno.EADDRINUSE,
        errno.EACCES,
        getattr(errno, "WSAEADDRINUSE", None),
        getattr(errno, "WSAEACCES", None),
    )
    if code is not None
)

# Private addresses to ask the route for (not broadcast addresses, which connect
# refuses without SO_BROADCAST). Home routers mostly hand out 192.168.x.x, so that is
# asked first: a VPN that routes 10.0.0.0/8 must not win over the Wi-Fi.
_PROBES = ("192.168.254.254", "172.31.254.254", "10.254.254.254")


def lan_address(probes: Iterable[str] = _PROBES) -> str:
    """The machine's private IPv4 address on the home network, or loopback."""
    for probe in probes:
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                udp.connect((probe, 9))  # UDP: sets the route, sends no packet
                address = str(udp.getsockname()[0])
        except OSError:
            continue
        if _usable(address):
            return address
    return LOOPBACK


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.is_private and not ip.is_loopback and not ip.is_unspecified and not ip.is_link_local


MakeSocket = Callable[[int, int], socket.socket]


def listen_socket(
    host: str,
    port: int | None,
    *,
    platform: str = sys.platform,
    make: MakeSocket = socket.socket,
) -> socket.socket:
    """A socket bound to ``host`` and listening, ready to be handed to the server.

    ``port`` None: :data:`DEFAULT_PORT`, else the next :data:`FALLBACK_PORTS`, else any
    free one. A given port (0 for any) is tried alone and an OSError says why it failed.
    ``platform`` and ``make`` are the seams a test uses to see what Windows is asked.
    """
    if port is not None:
        return _bind(host, port, platform, make)
    for candidate in range(DEFAULT_PORT, DEFAULT_PORT + FALLBACK_PORTS + 1):
        try:
            return _bind(host, candidate, platform, make)
        except OSError as error:
            if error.errno not in _TAKEN:
                raise
    return _bind(host, 0, platform, make)


def _bind(host: str, port: int, platform: str, make: MakeSocket) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = make(family, socket.SOCK_STREAM)
    try:
        if platform == "win32":
            # The port is this server's alone: no other program may bind it too.
            sock.setsockopt(socket.SOL_SOCKET, SO_EXCLUSIVEADDRUSE, 1)
        else:
            # Lets the remote start again on its port at once after a restart (the old
            # connections' TIME_WAIT would block it). Two sockets that both ask for it
            # may both bind a port nobody listens on yet; only the first to listen
            # keeps it, so the port is only ours once listening.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        # Listening here, inside the try: a port taken between the bind and the listen
        # (two copies starting at once) moves on to the next, as one taken before.
        sock.listen(BACKLOG)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def authority(host: str, port: int) -> str:
    """``host:port`` as a browser writes it in Host and Origin (IPv6 in brackets, port
    80 left out)."""
    name = f"[{host}]" if ":" in host else host
    return name if port == 80 else f"{name}:{port}"
