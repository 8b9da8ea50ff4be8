"""Home's figures, read by a second process while the app starts.

Starting the app is mostly importing Textual, which keeps one core busy for a few
hundred milliseconds. On a machine with another core, the app first starts a small
child process that reads Home's figures the way the quick read does (the standard
library and the catalogue; no SQLAlchemy, nothing written to the history) and
sends them back pickled through a pipe. Home takes them right after its first
frame, so its data frame waits only for drawing, not for reading and importing.

Whenever this cannot help, Home reads the figures itself, as it always could: on
one core (the child would slow the start it is meant to speed up), with the
history on a database server, or when the child fails or is slow.

    python -m glutetui.prefetch DATA CONFIG    # the child: pickled HomeData on stdout

Plain Python; the core never imports Textual.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

    from glutetui.locations import Locations
    from glutetui.overview import HomeData

WAIT_SECONDS = 0.5  # after the first frame; the child is usually done long before


class HomePrefetch:
    """The child reading Home's figures; :meth:`take` collects them once, and
    :meth:`close` ends it if nobody did (from any thread)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process: subprocess.Popen[bytes] | None = process
        self._lock = threading.Lock()

    def _claim(self) -> subprocess.Popen[bytes] | None:
        with self._lock:
            process, self._process = self._process, None
            return process

    @classmethod
    def start(cls, locations: Locations) -> HomePrefetch | None:
        """Start the child, or None when it would not help (or cannot start)."""
        if locations.database_url is not None or _cores() < 2:
            return None
        import subprocess  # here: the child itself never needs it

        try:
            process = subprocess.Popen(
                # -P: nothing in the folder the app was started from shadows a module.
                [sys.executable, "-P", "-m", __name__, str(locations.data), str(locations.config)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # never a word on the app's terminal
            )
        except OSError:
            return None
        return cls(process)

    def take(self, timeout: float = WAIT_SECONDS) -> HomeData | None:
        """The figures the child read, or None if it had none, failed or took longer
        than ``timeout`` seconds. The child is gone afterwards."""
        import subprocess

        process = self._claim()
        if process is None:
            return None
        try:
            out, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _end(process)
            return None
        if process.returncode != 0 or not out:
            return None
        from glutetui.overview import HomeData

        try:
            data = pickle.loads(out)
        except Exception:  # a child of another version, or cut short: read it here instead
            return None
        return data if isinstance(data, HomeData) else None

    def close(self) -> None:
        """End the child if nobody took its figures (the app closed first)."""
        process = self._claim()
        if process is not None:
            _end(process)


def _end(process: subprocess.Popen[bytes]) -> None:
    process.kill()
    process.communicate()


def _cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def main(argv: list[str]) -> int:
    """The child: read Home's figures and write them, pickled, to standard output."""
    from glutetui.clock import SystemClock
    from glutetui.locations import Locations
    from glutetui.overview import quick_home
    from glutetui.services import Services

    data, config = argv
    figures = quick_home(Services(Locations(Path(data), Path(config)), SystemClock()))
    sys.stdout.buffer.write(pickle.dumps(figures, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
