"""What a person can ask glutetui to do, each intent declared once.

A key, a command-palette entry, a click, the phone remote or a script all say what
the person wants as one of these records; one path of the core (``glutetui.usecases.path``)
checks it against the state it finds and carries it out, so the screen, the speech and
the database follow in the same way whoever sent it. Each is a msgspec ``Struct``
tagged by its name, so the same record crosses a network as JSON:
``{"intent": "rate", "effort": 2}``.

Importing this module loads msgspec only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

# The side a pain is felt on: one side of a sided exercise, or both legs of a
# two-legged one (the same words as a logged set's side).
PainSide = Literal["left", "right", "both"]
Effort = Annotated[int, msgspec.Meta(ge=1, le=5)]
RestChange = Annotated[int, msgspec.Meta(ge=-600, le=600)]
RowId = Annotated[int, msgspec.Meta(ge=1)]
ProgramId = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
PainScore = Annotated[int, msgspec.Meta(ge=0, le=10)]
Note = Annotated[str, msgspec.Meta(max_length=500)]


class Intent(
    msgspec.Struct, frozen=True, kw_only=True, tag_field="intent", forbid_unknown_fields=True
):
    """Something a person asked for."""


# --- the running workout -----------------------------------------------------------------


class TogglePause(Intent, frozen=True, kw_only=True, tag="toggle-pause"):
    """Pause a running workout, or resume a paused one."""


class Pause(Intent, frozen=True, kw_only=True, tag="pause"):
    """Pause the workout (nothing happens when it is already paused)."""


class Resume(Intent, frozen=True, kw_only=True, tag="resume"):
    """Resume a paused workout (nothing happens when it is running)."""


class Next(Intent, frozen=True, kw_only=True, tag="next"):
    """Skip to the next phase; in the effort check, confirm the answer given so far."""


class Back(Intent, frozen=True, kw_only=True, tag="back"):
    """Back to the start of the previous phase."""


class AddRest(Intent, frozen=True, kw_only=True, tag="add-rest"):
    """Lengthen (or, negative, shorten) the rest or get-ready under way."""

    seconds: RestChange = 15


class EndWorkout(Intent, frozen=True, kw_only=True, tag="end"):
    """End the workout now; everything done so far is kept. Whoever sends it has
    already asked the person to confirm."""


class ToggleVoice(Intent, frozen=True, kw_only=True, tag="toggle-voice"):
    """Spoken cues on or off."""


class ToggleSounds(Intent, frozen=True, kw_only=True, tag="toggle-sounds"):
    """Beeps on or off."""


# --- the effort check (about the exercise just finished) ---------------------------------


class Attend(Intent, frozen=True, kw_only=True, tag="attend"):
    """Someone is at the effort check: it stops counting down and waits for them."""


class Rate(Intent, frozen=True, kw_only=True, tag="rate"):
    """How the exercise felt, 1 (far too easy) to 5 (could not finish)."""

    effort: Effort


class FlagPain(Intent, frozen=True, kw_only=True, tag="pain"):
    """Pain felt on one side (or in both legs of a two-legged exercise); sent again,
    it takes the flag back."""

    side: PainSide


class Correct(Intent, frozen=True, kw_only=True, tag="correct"):
    """Correct what one set achieved (by its place in the check's list): reps, or
    seconds held."""

    index: Annotated[int, msgspec.Meta(ge=0, le=200)]
    amount: Annotated[float, msgspec.Meta(ge=0, le=999)]


# --- Home and after the workout ----------------------------------------------------------


class StartProgram(Intent, frozen=True, kw_only=True, tag="start"):
    """Start a program's workout; without a program, today's suggestion."""

    program: ProgramId | None = None


class AnswerSuggestion(Intent, frozen=True, kw_only=True, tag="answer-suggestion"):
    """Accept a progression suggestion (its dose changes where it was earned) or
    dismiss it."""

    suggestion: RowId
    accept: bool


class CloseUnfinished(Intent, frozen=True, kw_only=True, tag="close-unfinished"):
    """Close a workout left unfinished, keeping its sets (not while another device runs
    it)."""

    workout: RowId


class ResumeUnfinished(Intent, frozen=True, kw_only=True, tag="resume-unfinished"):
    """Carry on a workout left unfinished where it stopped (not while another device
    runs it)."""

    workout: RowId


class RateLater(Intent, frozen=True, kw_only=True, tag="rate-later"):
    """Rate an exercise of a finished workout whose effort check lapsed."""

    workout: RowId
    block: Annotated[int, msgspec.Meta(ge=0)]
    effort: Effort


class FlagPainLater(Intent, frozen=True, kw_only=True, tag="pain-later"):
    """Flag (or take back) pain on one side of an exercise of a finished workout."""

    workout: RowId
    block: Annotated[int, msgspec.Meta(ge=0)]
    side: PainSide


class PainToday(Intent, frozen=True, kw_only=True, tag="pain-today"):
    """The workout's pain today on the 0-10 numeric rating scale, with a short note."""

    workout: RowId
    score: PainScore | None
    note: Note = ""


class ChangeSetting(Intent, frozen=True, kw_only=True, tag="setting"):
    """Change one setting; it takes effect at once and is saved (checked against the
    settings' own limits: a value out of range changes nothing)."""

    key: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    value: int | bool | str | None


class PlanProgram(Intent, frozen=True, kw_only=True, tag="plan"):
    """Set one program's days of the week and time in the weekly plan (no days: not
    planned); saved with the settings. Checked as settings.toml's ``[plan.ID]`` is."""

    program: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    days: Annotated[tuple[str, ...], msgspec.Meta(max_length=7)]
    time: Annotated[str, msgspec.Meta(min_length=1, max_length=5)]


class RecordSelfTest(Intent, frozen=True, kw_only=True, tag="self-test"):
    """One side of a single-leg stance self-test, kept the moment it is answered."""

    side: Literal["left", "right"]
    stage: Annotated[str, msgspec.Meta(min_length=1, max_length=20)]
    target: Annotated[int, msgspec.Meta(ge=1, le=600)]
    held: Annotated[float, msgspec.Meta(ge=0, le=3600)]
    level: bool
    taken_at: datetime


class ImportHistory(Intent, frozen=True, kw_only=True, tag="import"):
    """Read an export file back into the history, skipping what is already there."""

    file: Annotated[str, msgspec.Meta(min_length=1, max_length=4096)]


class WriteReport(Intent, frozen=True, kw_only=True, tag="report"):
    """Write the physiotherapist's report for the last ``days`` days (None: since the
    first workout) to a new file in the home folder, and say where it went."""

    # Six weeks, as the command line's report.
    days: Annotated[int, msgspec.Meta(ge=1, le=36_600)] | None = 42


WorkoutIntent = (
    TogglePause | Pause | Resume | Next | Back | AddRest | EndWorkout | ToggleVoice | ToggleSounds
)
EffortIntent = Rate | FlagPain | Correct | Attend
AnyIntent = (
    WorkoutIntent
    | EffortIntent
    | StartProgram
    | AnswerSuggestion
    | CloseUnfinished
    | ResumeUnfinished
    | RateLater
    | FlagPainLater
    | PainToday
    | ChangeSetting
    | PlanProgram
    | ImportHistory
    | RecordSelfTest
    | WriteReport
)
# What the phone remote may send: the running workout, the effort check and starting
# today's program. Never anything that reads or changes the history.
PhoneIntent = Pause | Resume | Next | Back | AddRest | EndWorkout | Rate | FlagPain | StartProgram


def decode_phone(body: bytes) -> PhoneIntent:
    """A phone's request body as an intent; raises msgspec.ValidationError or
    msgspec.DecodeError for anything else."""
    intent: PhoneIntent = msgspec.json.decode(body, type=PhoneIntent)
    return intent
