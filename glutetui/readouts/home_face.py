"""What Home draws, in words: its figures (:class:`~glutetui.readouts.home.HomeData`)
made into the lines, marks and ids its cards and keys need, and nothing else.

Home draws only a :class:`HomeFace`, so its first frame can come from a face made
anywhere: in this process after the quick read, or in a helper process that made the
read while this one was still loading Textual (``glutetui.cli.home_face``). A face is
plain values, cheap to send down a pipe and to decode, and loads nothing the first
frame does not need. :func:`home_face` is the one way to make one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from glutetui.coaching.shown import ShownSuggestion

if TYPE_CHECKING:
    from glutetui.readouts.home import HomeData


class DayShown(msgspec.Struct, frozen=True, array_like=True):
    """A day of this week on Home's strip: its short name, how it stands, and whether
    anything is planned on it."""

    name: str  # "Mon"
    state: str  # a DayState's value
    planned: bool


class LastShown(msgspec.Struct, frozen=True, array_like=True):
    """The last workout, in Home's words."""

    workout_id: int
    program_name: str
    when: str  # "Mon 07 Dec, 18:05"
    day: str  # "Mon 07 Dec"
    how_long: str  # "25 min", "unfinished", "12 min · ended early"
    amount: str  # "6 sets, 84 reps, 60 s held"
    unrated: int  # exercises still to rate (0 while it is unfinished)


class ResumeShown(msgspec.Struct, frozen=True, array_like=True):
    """An unfinished workout, in Home's words, and what may be done with it here."""

    workout_id: int
    program_name: str
    when: str
    stopped: str  # where it stopped, or why it cannot be resumed
    elsewhere: str | None  # the device running it now: hands off
    resumable: bool


class HomeFace(msgspec.Struct, frozen=True, array_like=True):
    """Everything Home shows and the ids its keys act on."""

    suggested_id: str
    suggested_name: str
    suggested_length: str  # "20 min"
    done_today: bool
    programs: tuple[tuple[str, str], ...]  # (id, "Name · 20 min  (yours)")
    last: LastShown | None
    streak: int
    longest: int
    status_line: str  # the last workout and the streak in one line, for narrow screens
    week: tuple[DayShown, ...]
    next_planned: str | None
    resume: ResumeShown | None
    suggestions: tuple[ShownSuggestion, ...]
    problems: tuple[str, ...]
    complete: bool  # False: read before the coach's review (suggestions may follow)


_ENCODER = msgspec.msgpack.Encoder()


def encode(face: HomeFace | None) -> bytes:
    return _ENCODER.encode(face)


def decode(payload: bytes) -> HomeFace | None:
    """A face sent by :func:`encode`; ValueError when the bytes are not one."""
    try:
        return msgspec.msgpack.decode(payload, type=HomeFace | None)
    except msgspec.MsgspecError as exc:
        raise ValueError(f"not Home's face: {exc}") from exc


def home_face(data: HomeData) -> HomeFace:
    """Home's figures in Home's words."""
    from glutetui.measures.words import minutes_text, time_trained_words
    from glutetui.schedule.days import DAY_SHORT
    from glutetui.vocab import STATUS_WORDS, plural

    last = None
    if data.last is not None:
        w = data.last.workout
        started = w.started_at.astimezone()
        how_long = (
            "unfinished"
            if w.status == "in-progress"
            else time_trained_words(w.active_seconds, w.span_seconds)
        )
        if w.status not in ("completed", "in-progress"):
            how_long += f" · {STATUS_WORDS[w.status]}"  # ended early, or closed unfinished
        sets, reps = data.last.sets, data.last.reps
        amount = f"{sets} {plural(sets, 'set')}, {reps} {plural(reps, 'rep')}"
        if data.last.hold_seconds:
            amount += f", {data.last.hold_seconds:.0f} s held"
        last = LastShown(
            workout_id=w.id,
            program_name=w.program_name,
            when=started.strftime("%a %d %b, %H:%M"),
            day=started.strftime("%a %d %b"),
            how_long=how_long,
            amount=amount,
            unrated=0 if w.status == "in-progress" else data.last.unrated,
        )
    resume = None
    if data.unfinished is not None:
        w = data.unfinished.workout
        resume = ResumeShown(
            workout_id=w.id,
            program_name=w.program_name,
            when=w.started_at.astimezone().strftime("%a %d %b, %H:%M"),
            stopped=data.unfinished_at or "",
            elsewhere=data.running_elsewhere,
            resumable=data.resumable,
        )
    programs = tuple(
        (
            program.id,
            f"{program.name} · {minutes_text(minutes)}"
            + ("  (yours)" if program.source != "bundled" else ""),
        )
        for program, minutes in data.programs
    )
    return HomeFace(
        suggested_id=data.suggested.id,
        suggested_name=data.suggested.name,
        suggested_length=minutes_text(data.suggested_minutes),
        done_today=data.streak.done_today,
        programs=programs,
        last=last,
        streak=data.streak.current,
        longest=data.streak.longest,
        status_line=_status_line(last, data.streak.current),
        week=tuple(
            DayShown(DAY_SHORT[d.day.weekday()], d.state.value, bool(d.planned)) for d in data.week
        ),
        next_planned=data.next_planned,
        resume=resume,
        suggestions=data.suggestions,
        problems=data.problems,
        complete=data.complete,
    )


def _status_line(last: LastShown | None, streak: int) -> str:
    if last is None:
        return "No workouts yet."
    days = f"{streak} day{'s' if streak != 1 else ''}"
    line = f"Last: {last.program_name}, {last.day} · streak {days}"
    return line + (f" · {last.unrated} not rated: e" if last.unrated else "")
