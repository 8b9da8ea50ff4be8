"""The remote is core and costs nothing when it is off: no Textual in it, no aiohttp or
segno loaded by the app's start-up, and no socket until it is started."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from glutetui.remote.view import PhoneView
from tests.imports import packages_loaded
from tests.remote import Sink

REMOTE = [
    "glutetui.remote",
    "glutetui.remote.view",
    "glutetui.remote.guard",
    "glutetui.remote.connections",
    "glutetui.remote.feed",
    "glutetui.remote.network",
    "glutetui.remote.page",
    "glutetui.remote.server",
    "glutetui.remote.qr",
    "glutetui.remote.link",
]
WEB = ["aiohttp", "segno", "yarl", "multidict"]


def test_the_remote_never_imports_textual() -> None:
    assert packages_loaded(REMOTE, ["textual", "rich"]) == []


def test_the_apps_start_up_loads_no_web_server_or_qr_code() -> None:
    start_up = [
        "glutetui.app",
        "glutetui.cli",
        "glutetui.services",
        "glutetui.intents",
        # What a screen needs to show the remote, without the remote itself.
        "glutetui.remote",
        "glutetui.remote.view",
        "glutetui.widgets.remote_code",
    ]
    assert packages_loaded(start_up, WEB) == []


def test_building_the_app_loads_no_web_server(isolated_home: Path) -> None:
    code = (
        "import sys\n"
        "from glutetui.app import GlutetuiApp\n"
        "GlutetuiApp()\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {WEB!r}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    assert out.stdout.strip() == "[]"


def sockets_open() -> int:
    fds = Path("/proc/self/fd")
    count = 0
    for fd in fds.iterdir():
        with contextlib.suppress(OSError):
            count += os.readlink(fd).startswith("socket:")
    return count


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts sockets in /proc")
def test_a_server_not_started_opens_no_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    from glutetui.remote.server import RemoteServer

    made: list[Any] = []
    real_init = socket.socket.__init__

    def recording_init(self: socket.socket, *args: Any, **kwargs: Any) -> None:
        made.append(args)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "__init__", recording_init)
    before = sockets_open()
    server = RemoteServer(Sink(), host="127.0.0.1")
    server.publish(PhoneView(screen="workout", phase="LIFT"))
    server.disconnect()
    assert not server.running and not server.connected
    assert made == [] and sockets_open() == before
    with pytest.raises(RuntimeError):
        server.pairing_url()  # no address to give until it listens
