"""One device's copy of glutetui, in a process of its own, for the lease tests to kill.

    python -m tests.reliability.lease_child HOME URL DEVICE WALL SETS

It is what the app is below its screens: services on the history at ``URL`` with a
lease named ``DEVICE``, and the intent path. It starts the program ``two`` by sending
``StartProgram``, runs the workout on a fake clock whose wall time starts at ``WALL``
(ISO 8601), answers each effort check with ``Rate`` and ``Next``, and stops driving once
``SETS`` sets are logged, in the middle of the workout, the way a laptop is closed. It
renews the lease (the app's heartbeat), then waits to be killed, or for a line
``wake`` on its input: then, as a laptop opened again after the workout was taken over
elsewhere, it catches up with the clock (the sets due in the meantime end and are
written, or refused) and renews its lease. Every fact is printed after it is true, one
line each, flushed at once:

    logged BLOCK SET SIDE        the writer has committed the set
    ready WORKOUT_ID HEARTBEAT   everything is written; HEARTBEAT is the last renewal
    woke LOST TAKEN              after waking: whether the run found its lease gone,
                                 and whether the path said the workout was taken over
"""

from __future__ import annotations

import sys
import threading
from datetime import datetime
from pathlib import Path

from glutetui.intents import Next, Rate, StartProgram
from glutetui.platform.locations import Locations
from glutetui.services import Services
from glutetui.store import SetRecord
from glutetui.store.lease import Lease
from glutetui.usecases.path import Change
from glutetui.workout.run import WorkoutRun
from tests.clock import FakeClock
from tests.fakes import Recorder

_SAYING = threading.Lock()  # the writer's thread and the main one both speak


def say(line: str) -> None:
    with _SAYING:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def main() -> None:
    home, url, device = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    wall, sets = datetime.fromisoformat(sys.argv[4]), int(sys.argv[5])
    clock = FakeClock(wall=wall)

    def logged(self: WorkoutRun, record: SetRecord) -> None:
        say(f"logged {record.block} {record.set_index} {record.side}")

    WorkoutRun.saved = logged  # type: ignore[method-assign]
    services = Services(Locations(home, home, url), clock, lease=Lease.here(device))
    started = threading.Event()
    problems: list[str] = []
    taken: list[Change] = []

    def heard(change: Change) -> None:
        if change.topic == "started":
            started.set()
        elif change.topic == "taken":
            taken.append(change)
        elif change.topic == "problem" and change.message:
            problems.append(change.message)

    sound = Recorder().layer(sounds=False)
    path = services.path_for(lambda: sound, heard)
    services.intents = path
    path.send(StartProgram(program="two"))
    if not started.wait(timeout=30):
        raise SystemExit(f"the workout did not start: {problems}")
    run = path.run
    assert run is not None
    run.start()
    while len(run.logged) < sets:
        clock.advance(0.5)
        run.tick()
        if run.waiting_for_effort:
            path.send(Rate(effort=3))
            path.send(Next())
    clock.advance(0.5)  # a moment into the next step
    run.tick()
    path.heartbeat()
    if not services.writer.drain(timeout=30):
        raise SystemExit("the writer did not catch up")
    say(f"ready {run.workout.id} {clock.now().isoformat()}")
    if sys.stdin.readline().strip() == "wake":
        # Asleep for as long as the test kept this process stopped: catch up.
        for _ in range(40):
            clock.advance(0.5)
            run.tick()
        path.heartbeat()
        if not services.writer.drain(timeout=30):
            raise SystemExit("the writer did not catch up")
        say(f"woke {run.lost} {bool(taken)}")
    threading.Event().wait()  # until killed


if __name__ == "__main__":
    main()
