"""Start programs in a real terminal (tmux) and time what a person sees.

One tmux server on a private socket, driven through a single control-mode client
(``tmux -C``): launching a program and reading its screen are then one line written
to a pipe and a few read back, instead of a new ``tmux`` process per look, so
polling every couple of milliseconds costs the measured program almost nothing.

The control client sits in a session of its own; every program gets a fresh
detached session of a fixed size, so the client never resizes what is measured.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

POLL_SECONDS = 0.002  # between two looks at the screen
TIMEOUT_SECONDS = 30.0
SETTLE_CHECK_EVERY = 50  # looks between two checks that the program still runs


class ScreenTimeout(RuntimeError):
    """A marker never showed: the message holds the last screen seen."""


@dataclass(frozen=True, slots=True)
class Marker:
    """A frame to wait for: every one of ``texts`` is on the screen at once."""

    name: str
    texts: tuple[str, ...]

    def seen_in(self, screen: str) -> bool:
        return all(text in screen for text in self.texts)


def tmux_missing() -> str | None:
    """Why tmux cannot be used here, or None when it can."""
    if shutil.which("tmux") is None:
        return "tmux is not installed"
    return None


def child_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment every measured program starts with.

    Bytecode caching stays on, as in a user's install (this machine's environment
    turns it off); size hints and a surrounding tmux are dropped so the programs
    read the size of the pane they run in.
    """
    env = dict(os.environ)
    for name in ("PYTHONDONTWRITEBYTECODE", "COLUMNS", "LINES", "TMUX", "TMUX_PANE"):
        env.pop(name, None)
    env.setdefault("COLORTERM", "truecolor")
    env.update(extra or {})
    return env


class Terminal:
    """A private tmux server and its control-mode client."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self.socket = f"glutetui-bench-{os.getpid()}-{time.monotonic_ns()}"
        self._count = 0
        # The server takes its environment from this first client: the children's.
        self._client = subprocess.Popen(
            [
                "tmux",
                "-L",
                self.socket,
                "-f",
                os.devnull,
                "-C",
                "new-session",
                "-s",
                "control",
                "sleep 86400",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=dict(env or child_environment()),
        )
        self._read_block()  # the reply to new-session itself
        self._socket_path = Path(self.command("display-message -p '#{socket_path}'")[0])
        # A program that dies early leaves its last screen to read, not a vanished pane.
        self.command("set-option -g remain-on-exit on")

    def command(self, line: str) -> list[str]:
        """Run one tmux command; return the lines it printed."""
        assert self._client.stdin is not None
        self._client.stdin.write(line.encode() + b"\n")
        self._client.stdin.flush()
        ok, lines = self._read_block()
        if not ok:
            raise RuntimeError(f"tmux {line!r}: {' '.join(lines)}")
        return lines

    def _read_block(self) -> tuple[bool, list[str]]:
        """The next %begin … %end (or %error) block; notifications between are skipped."""
        assert self._client.stdout is not None
        lines: list[str] = []
        inside = False
        while True:
            raw = self._client.stdout.readline()
            if not raw:
                raise RuntimeError("the tmux control client ended")
            text = raw.decode("utf-8", "replace").rstrip("\n")
            if not inside:
                inside = text.startswith("%begin ")
                continue
            if text.startswith(("%end ", "%error ")):
                return text.startswith("%end "), lines
            lines.append(text)

    def launch(self, argv: Sequence[str], size: tuple[int, int], cwd: str) -> Run:
        """Start ``argv`` in a fresh detached session; the clock starts just before."""
        self._count += 1
        name = f"run{self._count}"
        width, height = size
        command = shlex.join(argv)
        line = (
            f"new-session -d -s {name} -x {width} -y {height} -c {shlex.quote(cwd)} "
            f"{shlex.quote(command)}"
        )
        started = time.perf_counter()
        started_wall = time.time()
        self.command(line)
        return Run(self, name, started, started_wall)

    def close(self) -> None:
        # The server may end before it answers: that is the point.
        with contextlib.suppress(RuntimeError):
            self.command("kill-server")
        if self._client.stdin is not None:
            self._client.stdin.close()
        try:
            self._client.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._client.kill()
            self._client.wait()
        self._socket_path.unlink(missing_ok=True)  # tmux leaves it behind

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class Run:
    """One program started in its own session."""

    terminal: Terminal
    session: str
    started: float  # time.perf_counter() when the launch command was sent
    started_wall: float  # time.time() at the same moment, for logs written by the child
    # Processor time the program had used when each marker was seen (Linux only): far
    # steadier than wall time on a busy machine, so it shows where the time goes.
    cpu: dict[str, float] = field(default_factory=dict)
    # Milliseconds from launch to the last look without each marker: whatever the
    # program did before then surely came before the frame.
    missed: dict[str, float] = field(default_factory=dict)
    _pid: int | None = None

    def screen(self) -> str:
        return "\n".join(self.terminal.command(f"capture-pane -p -t {self.session}"))

    def dead(self) -> bool:
        shown = self.terminal.command(f"display-message -p -t {self.session} '#{{pane_dead}}'")
        return shown == ["1"]

    def wait_for(self, *markers: Marker, timeout: float = TIMEOUT_SECONDS) -> dict[str, float]:
        """Milliseconds from launch until each marker first showed on the screen.

        A marker counts from the middle of the gap between the last look without it
        and the first look with it.
        """
        found: dict[str, float] = {}
        self.pid()  # asked now, not in the middle of timing a frame
        previous = self.started
        looks = 0
        screen = ""
        while len(found) < len(markers):
            screen = self.screen()
            now = time.perf_counter()
            for marker in markers:
                if marker.name not in found and marker.seen_in(screen):
                    found[marker.name] = ((previous + now) / 2 - self.started) * 1000
                    self.missed[marker.name] = (previous - self.started) * 1000
                    cpu = self.cpu_ms()
                    if cpu is not None:
                        self.cpu[marker.name] = cpu
            previous = now
            looks += 1
            if now - self.started > timeout or (looks % SETTLE_CHECK_EVERY == 0 and self.dead()):
                missing = [m.name for m in markers if m.name not in found]
                raise ScreenTimeout(
                    f"{', '.join(missing)} never showed in {self.session}; its screen:\n{screen}"
                )
            time.sleep(POLL_SECONDS)
        return found

    def pid(self) -> int:
        if self._pid is None:
            line = self.terminal.command(f"display-message -p -t {self.session} '#{{pane_pid}}'")
            self._pid = int(line[0])
        return self._pid

    def cpu_ms(self) -> float | None:
        """Processor time used so far by the program's live threads, or None where the
        system does not say (the per-thread scheduler statistics are Linux's)."""
        total = 0
        tasks = Path(f"/proc/{self.pid()}/task")
        if not tasks.is_dir():
            return None
        for task in tasks.iterdir():
            with contextlib.suppress(OSError, ValueError, IndexError):
                total += int((task / "schedstat").read_text().split()[0])
        return total / 1e6

    def end(self) -> None:
        """Close the session and wait for its program to be gone, so it does not
        compete with the next one for the processor."""
        pid = self.pid()
        self.terminal.command(f"kill-session -t {self.session}")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.005)
