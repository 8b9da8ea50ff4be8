"""A real-clock workout in a fresh headless process, for the CPU and timer benchmarks.

    python -m benchmarks.run_probe cpu SECONDS HOME WxH   # CPU used by a running workout
    python -m benchmarks.run_probe cpu-remote SECONDS HOME WxH  # the same, a phone watching
    python -m benchmarks.run_probe clock SECONDS WxH      # baseline: a Digits clock at 4 Hz
    python -m benchmarks.run_probe timer HOME PROGRAM     # lateness of every phase end

Both CPU figures are taken at the same terminal size: at 200x55 the workout draws its
numbers in big type that fills the screen, so that size is measured as well as 100x30.

CPU is the process's user + system time, from the operating system, counted from the
moment the workout (or the clock) starts, so start-up is left out of both. With the
remote, it counts from the moment a phone (another process, ``flood_client`` sending
nothing bad) is connected and reading every view: the server, the views built on each
change and the stream are all in the figure.
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
) -> dict[str, Any]:
    """Run a program; with ``seconds``, stop after that long and report CPU."""
    import subprocess

    from glutetui.app import GlutetuiApp
    from glutetui.engine import PhaseChanged
    from glutetui.platform.locations import Locations
    from glutetui.screens import workout as workout_module
    from glutetui.workout.run import EffortAnswer

    lateness: list[float] = []
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
                # A phone on the live stream that sends nothing bad (rate ~0).
                lasting = str((seconds or 60) + 30)
                argv = ["-m", "benchmarks.flood_client", link.pairing_url, lasting, "1e-9", "1"]
                phone.append(
                    subprocess.Popen(
                        [sys.executable, *argv],
                        stdin=subprocess.PIPE,
                        stdout=subprocess.DEVNULL,
                    )
                )
            elif link.server.connected:
                self._waiting.stop()
                self.cpu = cpu_seconds()
                if seconds is not None:
                    self.set_timer(seconds, self.finish)

        def wake(self) -> None:
            events = self.session.tick()
            now = time.monotonic()
            lateness.extend(
                now - e.at for e in events if isinstance(e, PhaseChanged) and e.new_step
            )
            self.apply(events)

        def _ask_effort(self) -> None:
            # Answer at once: nobody is on the floor in a benchmark.
            self.apply(self.session.submit_effort(EffortAnswer(3)))

        def _show_summary(self) -> None:
            self.finish()

        def finish(self) -> None:
            figures["cpu"] = cpu_seconds() - self.cpu
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
    finally:
        for process in phone:
            process.kill()
            process.wait()
    figures["lateness_ms"] = [x * 1000 for x in lateness]
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
    else:
        result = workout(Path(sys.argv[2]), sys.argv[3], None)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
