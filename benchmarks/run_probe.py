"""A real-clock workout in a fresh headless process, for the CPU and timer benchmarks.

    python -m benchmarks.run_probe cpu SECONDS HOME WxH   # CPU used by a running workout
    python -m benchmarks.run_probe cpu-remote SECONDS HOME WxH  # the same, a phone watching
    python -m benchmarks.run_probe flood SECONDS HOME WxH RATE SOURCES [IDLE SLOW]
    python -m benchmarks.run_probe clock SECONDS WxH      # baseline: a Digits clock at 4 Hz
    python -m benchmarks.run_probe timer HOME PROGRAM     # lateness of every phase end

Both CPU figures are taken at the same terminal size: at 200x55 the workout draws its
numbers in big type that fills the screen, so that size is measured as well as 100x30.

CPU is the process's user + system time, from the operating system, counted from the
moment the workout (or the clock) starts, so start-up is left out of both. With the
remote, it counts from the moment a phone (another process, ``flood_client`` sending
nothing bad) is connected and reading every view: the server, the views built on each
change and the stream are all in the figure. The flood is the same with the other
process also sending RATE bad requests a second from SOURCES addresses (and holding
IDLE idle and SLOW slow connections open): the figures are
then the lateness of every phase end while it lasts, how late a 20 ms wake-up in the
app's own loop comes, and what the attacker got back; the app finishing its timed run
and exiting on its own is the proof it kept running.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def parse_size(text: str) -> tuple[int, int]:
    width, height = text.lower().split("x")
    return int(width), int(height)


def baseline_clock(seconds: float, size: tuple[int, int]) -> dict[str, float]:
    from textual.app import App, ComposeResult
    from textual.widgets import Digits

    figures: dict[str, float] = {}

    class Clock(App[None]):
        def compose(self) -> ComposeResult:
            yield Digits("00:00")

        def on_mount(self) -> None:
            self.started = time.monotonic()
            self.cpu = cpu_seconds()
            self.set_interval(0.25, self.tick)
            self.set_timer(seconds, self.finish)

        def tick(self) -> None:
            left = max(0.0, 600 - (time.monotonic() - self.started))
            minutes, secs = divmod(int(left), 60)
            self.query_one(Digits).update(f"{minutes:02d}:{secs:02d}")

        def finish(self) -> None:
            figures["cpu"] = cpu_seconds() - self.cpu
            self.exit()

    Clock().run(headless=True, size=size)
    return figures


def workout(
    home: Path,
    program: str,
    seconds: float | None,
    size: tuple[int, int] = (100, 30),
    remote: bool = False,
    flood: tuple[float, int, int, int] | None = None,
) -> dict[str, Any]:
    """Run a program; with ``seconds``, stop after that long and report CPU. With the
    remote, a phone pairs first and counting starts once it watches; ``flood`` is the
    rate and number of addresses of the bad requests sent meanwhile (and the idle and
    slow connections held open), watched by a probe
    that wakes every 20 ms (left out of the CPU figure's runs: it costs CPU itself)."""
    import asyncio
    import subprocess

    from glutetui.app import GlutetuiApp
    from glutetui.engine import PhaseChanged
    from glutetui.platform.locations import Locations
    from glutetui.screens import workout as workout_module
    from glutetui.workout.run import EffortAnswer

    lateness: list[float] = []
    wakeups: list[float] = []
    figures: dict[str, Any] = {}

    phone: list[subprocess.Popen[bytes]] = []

    class Screen(workout_module.WorkoutScreen):
        def on_mount(self) -> None:
            self.cpu = cpu_seconds()
            super().on_mount()
            if remote:
                self._waiting = self.set_interval(0.05, self._phone)
            elif seconds is not None:
                self.set_timer(seconds, self.finish)

        def _phone(self) -> None:
            """Pair a phone once the server is up; count from the moment it watches."""
            link = getattr(self.app, "remote", None)
            if link is None:
                return
            if not phone:
                rate, sources, idle, slow = flood or (1e-9, 1, 0, 0)
                argv = ["-m", "benchmarks.flood_client", link.pairing_url]
                argv += [str(seconds or 60), str(rate), str(sources), str(idle), str(slow)]
                phone.append(
                    subprocess.Popen(
                        [sys.executable, *argv],
                        stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE,
                    )
                )
            elif link.server.connected:
                self._waiting.stop()
                stdin = phone[0].stdin
                assert stdin is not None
                stdin.write(b"go\n")  # the phone is live: the attack (if any) starts now
                stdin.flush()
                lateness.clear()
                self.cpu = cpu_seconds()
                if flood is not None:
                    self._probe = asyncio.get_running_loop().create_task(self._wake_probe())
                if seconds is not None:
                    self.set_timer(seconds, self.finish)

        async def _wake_probe(self) -> None:
            """How late the app's own loop wakes anything: a deadline every 20 ms."""
            due = time.monotonic()
            while True:
                due += 0.02
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                wakeups.append((time.monotonic() - due) * 1000)

        def wake(self) -> None:
            events = self.session.tick()
            now = time.monotonic()
            # Every phase end: a step's, and the lift/hold/lower changes inside a set.
            lateness.extend(now - e.at for e in events if isinstance(e, PhaseChanged))
            self.apply(events)

        def _ask_effort(self) -> None:
            # Answer at once: nobody is on the floor in a benchmark.
            self.apply(self.session.submit_effort(EffortAnswer(3)))

        def _show_summary(self) -> None:
            self.finish()

        def finish(self) -> None:
            figures["cpu"] = cpu_seconds() - self.cpu
            probe = getattr(self, "_probe", None)
            if probe is not None:
                probe.cancel()
            self.app.exit()

    workout_module.WorkoutScreen = Screen  # type: ignore[misc]
    if remote:
        from glutetui.remote import network

        def loopback(probes: object = ()) -> str:
            return "127.0.0.1"  # the phone is on this machine

        network.lan_address = loopback
    app = GlutetuiApp(Locations(home, home), start_program=program, remote=remote)
    try:
        app.run(headless=True, size=size)
        if phone:
            out, _ = phone[0].communicate(timeout=60)
            figures["phone"] = json.loads(out.decode().strip().splitlines()[-1])
    finally:
        for process in phone:
            process.kill()
            process.wait()
    figures["lateness_ms"] = [x * 1000 for x in lateness]
    figures["wakeups_ms"] = wakeups
    return figures


def main() -> None:
    mode = sys.argv[1]
    if mode == "clock":
        result: dict[str, Any] = baseline_clock(float(sys.argv[2]), parse_size(sys.argv[3]))
    elif mode in ("cpu", "cpu-remote"):
        size = parse_size(sys.argv[4])
        result = workout(
            Path(sys.argv[3]), "cpu-bench", float(sys.argv[2]), size, mode == "cpu-remote"
        )
    elif mode == "flood":
        size = parse_size(sys.argv[4])
        held = [int(n) for n in sys.argv[7:9]] or [0, 0]
        attack = (float(sys.argv[5]), int(sys.argv[6]), held[0], held[1])
        result = workout(Path(sys.argv[3]), "flood-bench", float(sys.argv[2]), size, True, attack)
    else:
        result = workout(Path(sys.argv[2]), sys.argv[3], None)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
