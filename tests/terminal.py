"""A real terminal for the end-to-end tests and benchmarks: tmux on its own server
socket, running glutetui as a person would."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from pathlib import Path

CONFIG = Path(__file__).with_name("tmux.conf")


class Terminal:
    """One tmux session on its own server socket."""

    def __init__(self, width: int, height: int, home: Path) -> None:
        self.socket = f"glutetui-e2e-{uuid.uuid4().hex[:8]}"
        self.width, self.height, self.home = width, height, home
        self.session = "t"

    def tmux(self, *args: str) -> str:
        # The configuration is read when the first command starts the server: a user's
        # own stays out, and an ended program's pane stays on screen (tests/tmux.conf).
        out = subprocess.run(
            ["tmux", "-f", str(CONFIG), "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout

    def run(self, *argv: str) -> None:
        # COLUMNS/LINES from the test runner would override the real window size.
        env = f"-u COLUMNS -u LINES GLUTETUI_HOME={self.home} TERM=xterm-256color"
        command = " ".join([sys.executable, "-m", "glutetui", *argv])
        shell = f"cd {self.home} && exec env {env} {command}"
        self.tmux(
            "new-session",
            "-d",
            "-s",
            self.session,
            "-x",
            str(self.width),
            "-y",
            str(self.height),
            shell,
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def wait_for(self, text: str, timeout: float = 60) -> str:
        end = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def wait_for_exit(self, timeout: float = 60) -> None:
        """Wait until the program in the pane has ended (tmux's own word for it, not the
        text a dead pane may or may not be showing yet)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                dead = self.tmux("display-message", "-p", "-t", self.session, "#{pane_dead}")
            except subprocess.CalledProcessError:
                return  # the session is gone with its program
            if dead.strip() == "1":
                return
            time.sleep(0.2)
        raise AssertionError(f"the program never ended; the screen was:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.session, key)
            time.sleep(0.3)

    def pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", self.session, "#{pane_pid}"))

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], check=False, capture_output=True)
