"""The app's side of the phone remote: what the phone is shown, and the code that pairs it.

:class:`RemoteLink` owns the :class:`~glutetui.remote.server.RemoteServer`. The app
tells it where the person is — a running workout (:meth:`follow`), Home with today's
program (:meth:`at_home`), or another screen (:meth:`elsewhere`) — and it publishes the
matching :class:`~glutetui.remote.view.PhoneView`: a workout's view is built from the
same :mod:`glutetui.readouts.workout_face` the workout screen draws, again on every
change of the run (each tick, key, tap). Taps come back through ``send``, the app's one
intent path.

The pairing code on the laptop's screen is good for one phone, once, for a few minutes;
:meth:`renew_code` makes a new one (the app asks before the old one lapses and after a
phone pairs or is let go). :attr:`status` is what the screen's corner shows.

Nothing here imports Textual; aiohttp and segno load with this module, which only the
app imports, and only with the remote on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glutetui.intents import PainSide, PhoneIntent
from glutetui.readouts.workout_face import face
from glutetui.remote import guard
from glutetui.remote.qr import qr_rows
from glutetui.remote.server import RemoteServer
from glutetui.remote.view import PhoneView

if TYPE_CHECKING:
    from glutetui.engine import Event
    from glutetui.platform.clock import Clock
    from glutetui.workout.run import WorkoutRun

# A code is renewed this long before it would lapse, so the one on screen always works.
RENEW_EARLY = 30.0
RENEW_EVERY = guard.PAIRING_TTL - RENEW_EARLY


@dataclass(frozen=True, slots=True)
class RemoteStatus:
    """What the screen shows of the remote: the code's rows and the address it stands
    for, or that a phone is connected."""

    rows: tuple[str, ...]
    address: str
    connected: bool


class RemoteLink:
    """The phone remote while the app runs."""

    def __init__(
        self,
        send: Callable[[PhoneIntent], None],
        on_status: Callable[[RemoteStatus], None],
        *,
        clock: Clock | None = None,
        host: str | None = None,
        port: int | None = None,
    ) -> None:
        self._on_status = on_status
        self.server = RemoteServer(
            send, clock=clock, host=host, port=port, on_connected=self._connected
        )
        self._run: WorkoutRun | None = None
        self._program: str | None = None  # today's program, while Home is showing
        self._next_planned = ""  # the next planned session, in words
        self._where = ""
        self._rows: tuple[str, ...] = ()
        self._url = ""
        self._was_connected = False

    async def start(self) -> None:
        """Listen (raises OSError when no address can be had) and show a first code."""
        await self.server.start()
        self.renew_code()

    async def stop(self) -> None:
        """Stop serving; the screen hears nothing more from the link."""
        self.follow(None)
        self._on_status = _nobody
        await self.server.stop()

    # --- the pairing code ---------------------------------------------------------------

    @property
    def pairing_url(self) -> str:
        """The address the code on screen stands for."""
        return self._url

    @property
    def status(self) -> RemoteStatus:
        """The code and its address while no phone is connected; the server's address
        once one is."""
        if self.server.connected:
            return RemoteStatus((), self.server.address, True)
        return RemoteStatus(self._rows, self._url, False)

    def renew_code(self) -> None:
        """A fresh code on screen (the old one stops working)."""
        self._url = self.server.pairing_url()
        self._rows = tuple(qr_rows(self._url))
        self._on_status(self.status)

    def disconnect(self) -> None:
        """Let the phone go; a new code shows for pairing again."""
        self.server.disconnect()
        self.renew_code()

    def _connected(self, connected: bool) -> None:
        if connected == self._was_connected:
            return
        self._was_connected = connected
        if not connected:
            self.renew_code()  # the last code was used or voided: offer a new one
        else:
            self._on_status(self.status)

    # --- where the person is ------------------------------------------------------------

    def follow(self, run: WorkoutRun | None) -> None:
        """Show ``run`` on the phone from now on, as it changes (None: stop following)."""
        if self._run is not None:
            self._run.unwatch(self._changed)
        self._run = run
        if run is not None:
            run.watch(self._changed)
        self.publish()

    def at_home(self, program: str | None, next_planned: str | None = None) -> None:
        """Home is showing; ``program`` is the name of today's program (None: not known
        yet), which the phone's Start begins; ``next_planned`` the next planned session."""
        self._program = program
        self._next_planned = next_planned or ""
        self._where = ""
        self.publish()

    def elsewhere(self, where: str) -> None:
        """Another screen is showing (its name, e.g. "History")."""
        self._program = None
        self._where = where
        self.publish()

    def _changed(self, events: list[Event]) -> None:
        self.publish()

    def publish(self) -> None:
        if self.server.running:
            self.server.publish(self.view())

    def view(self) -> PhoneView:
        """What the phone should show now."""
        run = self._run
        if run is not None and not run.engine.finished:
            return workout_view(run)
        if run is not None:
            return PhoneView(
                phase="DONE", tone="done", exercise="The summary is on the laptop's screen"
            )
        if self._program is not None:
            return PhoneView(screen="home", program=self._program, next_planned=self._next_planned)
        where = f"The laptop shows {self._where}" if self._where else ""
        return PhoneView(exercise=where)


def _nobody(status: RemoteStatus) -> None:
    pass


def workout_view(run: WorkoutRun) -> PhoneView:
    """A running workout as the phone shows it: the workout screen's words and numbers,
    and in the effort check the answer so far."""
    shown = face(run.engine)
    check = run.check
    return PhoneView(
        screen="effort" if check is not None else "workout",
        phase=shown.phase,
        tone=shown.tone,
        exercise=shown.exercise,
        side=None if check is not None else shown.side,
        time=shown.time,
        time_label=shown.time_label,
        reps=shown.reps,
        reps_label=shown.reps_label,
        paused=shown.paused,
        two_legged=check.two_legged if check is not None else False,
        effort=check.rating if check is not None else None,
        pain=_pain(check.pain) if check is not None else (),
    )


def _pain(sides: set[str]) -> tuple[PainSide, ...]:
    """The flagged sides in a steady order (left, right, both legs)."""
    order: tuple[PainSide, ...] = ("left", "right", "both")
    return tuple(s for s in order if s in sides)
