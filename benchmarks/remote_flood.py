"""The phone remote under attack: does a flood of bad requests make the workout late?

Target (docs/targets.md): 1,000 bad requests a second leave phase-end lateness p99
under 50 ms. One asyncio loop runs the remote's server together with a real
:class:`~glutetui.engine.Engine` on the real clock, driven the way the workout screen
drives it (sleep until ``next_change()``, ``tick()``, publish the view to the phone);
another process (``benchmarks.flood_client``) holds a paired phone on the live stream
and sends the bad requests. Three conditions, each for ``SECONDS`` per round:

- no flood: the phone only, the baseline;
- 1,000 bad requests a second from one address (the rate limit answers almost all of
  them with a cheap 429);
- the same spread over 50 addresses (each gets its burst of full checks first, then
  one a second).

Besides the engine's phase ends (one or two a second), a probe in the same loop asks
to be woken every 20 ms on a deadline, which gives hundreds of samples of how late the
loop wakes anything at all.
"""

from __future__ import annotations

import asyncio
import json
import math
import resource
import sys
import time
from typing import Any

from benchmarks.harness import Result

P99_TARGET_MS = 50.0
RATE = 1000.0
SECONDS = 10.0
CONDITIONS = (("no flood", 0.0, 1), ("one address", RATE, 1), ("50 addresses", RATE, 50))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def bench_plan() -> Any:
    from glutetui.engine import Plan, PlannedBlock

    block = PlannedBlock(
        exercise_id="clamshell",
        name="Clamshell",
        kind="reps",
        sides=("left", "right"),
        sets=60,
        reps=5,
        hold=None,
        tempo=(1, 0, 1),
        rest=2,
        cues=("Keep the hips stacked", "Feet together"),
    )
    return Plan("bench", "Remote benchmark", (block,), get_ready=1, switch=1, effort_wait=1)


def view_of(snapshot: Any) -> Any:
    """What the app would publish: the phase, side, time and reps of the snapshot."""
    from glutetui.remote.view import PhoneView

    step = snapshot.step
    sides = {"left": "LEFT SIDE", "right": "RIGHT SIDE", "both": "BOTH LEGS"}
    block = snapshot.block
    return PhoneView(
        screen="workout",
        phase=snapshot.phase.value,
        tone="work" if step.kind == "work" else "rest",
        exercise=block.name if block else "",
        side=sides.get(step.side or ""),  # type: ignore[arg-type]
        time=str(math.ceil(snapshot.remaining or 0)),
        time_label="seconds to go",
        reps=str(snapshot.reps_done),
        reps_label=f"reps of {block.reps}" if block else "",
    )


async def drive(server: Any, seconds: float) -> tuple[list[float], list[float]]:
    """Run a workout for ``seconds`` as the screen would; the lateness of every phase end
    and of every 20 ms probe wake-up, in ms."""
    from glutetui.engine import Engine, PhaseChanged
    from glutetui.platform.clock import SystemClock

    engine = Engine(bench_plan(), SystemClock())
    phase_ends: list[float] = []
    probe: list[float] = []
    end = time.monotonic() + seconds

    async def workout() -> None:
        engine.start()
        while time.monotonic() < end and not engine.finished:
            target = engine.next_change()
            if target is None:
                break
            await asyncio.sleep(max(0.0, target - time.monotonic()))
            events = engine.tick()
            now = time.monotonic()
            phase_ends.extend((now - e.at) * 1000 for e in events if isinstance(e, PhaseChanged))
            server.publish(view_of(engine.snapshot()))

    async def wake_probe() -> None:
        due = time.monotonic()
        while due < end:
            due += 0.02
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            probe.append((time.monotonic() - due) * 1000)

    await asyncio.gather(workout(), wake_probe())
    return phase_ends, probe


async def one_round(rate: float, sources: int, seconds: float) -> dict[str, Any]:
    from glutetui.remote.server import RemoteServer

    server = RemoteServer(lambda intent: None, host="127.0.0.1", port=0)
    await server.start()
    try:
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "benchmarks.flood_client",
            server.pairing_url(),
            str(seconds),
            str(max(rate, 1e-9)),
            str(sources),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert child.stdin is not None and child.stdout is not None
        line = await asyncio.wait_for(child.stdout.readline(), 30)
        if line.strip() != b"ready":
            raise RuntimeError(f"the flood client did not start: {line!r}")
        cpu = cpu_seconds()
        child.stdin.write(b"go\n")
        await child.stdin.drain()
        phase_ends, probe = await drive(server, seconds)
        used = cpu_seconds() - cpu
        out, _ = await asyncio.wait_for(child.communicate(), 60)
        flood = json.loads(out.decode().strip().splitlines()[-1])
    finally:
        await server.stop()
    return {"phase_ends": phase_ends, "probe": probe, "cpu": used, "flood": flood}


def run(quick: bool, seconds: float | None = None, rounds: int | None = None) -> list[Result]:
    seconds = seconds or (3.0 if quick else SECONDS)
    rounds = rounds or (1 if quick else 3)
    results: list[Result] = []
    for name, rate, sources in CONDITIONS:
        phase_ends: list[float] = []
        probe: list[float] = []
        cpu = 0.0
        statuses: dict[str, int] = {}
        sent = 0.0
        took = 0.0
        views = 0
        for _ in range(rounds):
            got = asyncio.run(one_round(rate, sources, seconds))
            phase_ends += got["phase_ends"]
            probe += got["probe"]
            cpu += got["cpu"]
            sent += got["flood"]["sent"] if rate else 0
            took += got["flood"]["seconds"]
            views += got["flood"]["phone_events"].get("view", 0)
            for status, count in got["flood"]["statuses"].items():
                statuses[status] = statuses.get(status, 0) + count
        p99 = percentile(phase_ends, 0.99)
        flood_note = (
            f"{sent / took:.0f} requests/s achieved, replies {statuses}; "
            if rate
            else "the phone only; "
        )
        results.append(
            Result(
                f"remote, {name}: phase-end lateness p99",
                p99,
                None,
                "ms",
                f"<= {P99_TARGET_MS:.0f} ms",
                p99 <= P99_TARGET_MS,
                note=f"{len(phase_ends)} phase ends over {rounds} x {seconds:.0f} s, "
                f"max {max(phase_ends, default=0):.1f} ms; 20 ms probe: p50 "
                f"{percentile(probe, 0.5):.1f}, p99 {percentile(probe, 0.99):.1f}, max "
                f"{max(probe, default=0):.1f} ms ({len(probe)} wake-ups); {flood_note}"
                f"server+engine process CPU {cpu / (rounds * seconds) * 100:.0f} %; "
                f"{views} views reached the phone",
            )
        )
    return results


if __name__ == "__main__":
    from benchmarks.harness import table

    found = run("--quick" in sys.argv)
    print(table(found))
    for r in found:
        print(f"  {r.figure}: {r.note}")
