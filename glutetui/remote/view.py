"""What the phone is shown: the one record that crosses the network.

The app builds a :class:`PhoneView` from the screen it shows and hands it to
``RemoteServer.publish``; the page draws it as it comes. It holds the words and numbers
of the current workout, and on Home today's program and the next planned session, and
nothing else: no history, no settings, no file names. Every
field is plain text the page puts on screen as text (never as markup), so a program or
exercise named ``<b>`` shows its brackets.

Importing this module loads msgspec and the workout's words (``glutetui.readouts.workout_face``).
"""

from __future__ import annotations

from typing import Literal

import msgspec

from glutetui.intents import PainSide
from glutetui.readouts.workout_face import SideWords, Tone

# Which set of buttons the page shows: Start on Home; Pause/Resume, Next, Back, +15 s
# and End in a workout; the ratings and pain in the effort check; none elsewhere.
PhoneScreen = Literal["home", "workout", "effort", "other"]


class PhoneView(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The current state, as the phone shows it."""

    screen: PhoneScreen = "other"
    # The phase word in big letters: "GET READY", "LIFT", "REST", "PAUSED", ...
    phase: str = ""
    tone: Tone | None = None
    exercise: str = ""
    side: SideWords | None = None
    # The main number as the laptop shows it ("0:45", "12") and what it counts
    # ("seconds to go"); empty when nothing is counted.
    time: str = ""
    time_label: str = ""
    # The rep count ("3") and what it counts against ("reps of 10").
    reps: str = ""
    reps_label: str = ""
    paused: bool = False
    # One Pain button for a two-legged exercise; Pain left / Pain right otherwise.
    two_legged: bool = False
    # The effort check so far: the rating chosen (None: none yet) and the sides flagged.
    effort: int | None = None
    pain: tuple[PainSide, ...] = ()
    # On Home: the name of today's program, which Start begins, and the next planned
    # session in words ("Thu 07:30 · Floor routine for the TV · 20 min"; empty: none).
    program: str = ""
    next_planned: str = ""


def encode(view: PhoneView) -> bytes:
    """The view as one line of JSON (msgspec escapes newlines inside strings, so the line
    can go into one event of the stream as it is)."""
    return msgspec.json.encode(view)
