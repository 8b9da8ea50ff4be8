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
from collections.abc import Iterable

LOOPBACK = "127.0.0.1"
# The remote's port, the same every time so a phone's bookmark keeps working; when it
# is taken, the next few, then any the system offers.
DEFAULT_PORT = 8765
FALLBACK_PORTS = 9

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


def listen_socket(host: str, port: int | None) -> socket.socket:
    """A socket bound to ``host``, ready to be handed to the server.

    ``port`` None: :data:`DEFAULT_PORT`, else the next :data:`FALLBACK_PORTS`, else any
    free one. A given port (0 for any) is tried alone and an OSError says why it failed.
    """
    if port is not None:
        return _bind(host, port)
    for candidate in range(DEFAULT_PORT, DEFAULT_PORT + FALLBACK_PORTS + 1):
        try:
            return _bind(host, candidate)
        except OSError as error:
            if error.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise
    return _bind(host, 0)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        # Lets the remote start again on its port at once after a restart (the old
        # connections' TIME_WAIT would block it); it never lets two servers share it.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
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
