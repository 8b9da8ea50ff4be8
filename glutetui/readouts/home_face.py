"""What Home draws, in words: its figures (:class:`~glutetui.readouts.home.HomeData`)
made into the lines, marks and ids its cards and keys need, and nothing else.

Home draws only a :class:`HomeFace`, so its first frame can come from a face made
anywhere: in this process after the quick read, or in a helper process that made the
read while this one was still loading Textual (``glutetui.cli.home_face``). A face is
plain values, cheap to send down a pipe and to decode, and loads nothing the first
frame does not need. :func:`home_face` is the one way to make one.
"""

# No ``from __future__ import annotations`` here: with it, a NamedTuple compiles each
# field's annotation from a string as the class is made, a cost on the way to Home's
# first frame (the names only checked by mypy are quoted instead).
import marshal
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from glutetui.coaching.shown import ShownSuggestion
    from glutetui.readouts.home import HomeData

# When a workout started, as Home says it ("Mon 07 Dec, 18:05"), and its day alone.
WHEN = "%a %d %b, %H:%M"
DAY = "%a %d %b"

# Named tuples: made at import for next to nothing, and sent as plain tuples with
# ``marshal``, so the app decodes a face with neither msgspec nor the records loaded.


class DayShown(NamedTuple):
    """A day of this week on Home's strip: its short name, how it stands, and whether
    anything is planned on it."""

    name: str  # "Mon"
    state: str  # a DayState's value
    planned: bool


class LastShown(NamedTuple):
    """The last workout, in Home's words."""

    workout_id: int
    program_name: str
    when: str  # "Mon 07 Dec, 18:05"
    day: str  # "Mon 07 Dec"
    how_long: str  # "25 min", "unfinished", "12 min · ended early"
    amount: str  # "6 sets, 84 reps, 60 s held"
    unrated: int  # exercises still to rate (0 while it is unfinished)
    rate_line: str  # "2 exercises not rated yet: press e", or ""


class ResumeShown(NamedTuple):
    """An unfinished workout, in Home's words, and what may be done with it here."""

    workout_id: int
    program_name: str
    when: str
    stopped: str  # where it stopped, or why it cannot be resumed
    elsewhere: str | None  # the device running it now: hands off
    resumable: bool


class SuggestionShown(NamedTuple):
    """A suggestion as its list shows it (``widgets.suggestions``)."""

    id: int
    label: str  # "Move up"
    exercise: str
    reason: str
    status: str  # a SuggestionStatus

    @property
    def needs_answer(self) -> bool:
        return self.status == "pending"


class HomeFace(NamedTuple):
    """Everything Home shows and the ids its keys act on."""

    suggested_id: str
    suggested_name: str
    suggested_length: str  # "20 min"
    done_today: bool
    programs: tuple[tuple[str, str], ...]  # (id, "Name · 20 min  (yours)")
    last: LastShown | None
    streak_line: str  # "12 days in a row · longest 20"
    status_line: str  # the last workout and the streak in one line, for narrow screens
    week: tuple[DayShown, ...]
    next_planned: str | None
    resume: ResumeShown | None
    suggestions: tuple[SuggestionShown, ...]
    problems: tuple[str, ...]
    complete: bool  # False: read before the coach's review (suggestions may follow)


def encode(face: HomeFace | None) -> bytes:
    return marshal.dumps(face if face is None else _plain(face))


def decode(payload: bytes) -> HomeFace | None:
    """A face sent by :func:`encode`; ValueError when the bytes are not one."""
    try:
        raw = marshal.loads(payload)
        return None if raw is None else _face(raw)
    except (EOFError, ValueError, TypeError) as exc:
        raise ValueError(f"not Home's face: {exc}") from exc


def shown_suggestion(s: "ShownSuggestion") -> SuggestionShown:
    """A suggestion as the coach labels it, as its list shows it."""
    r = s.record
    return SuggestionShown(r.id, s.label, s.exercise, r.reason, r.status)


def _plain(value: Any) -> Any:
    """Named tuples as plain ones, all the way down (what marshal takes)."""
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


def _face(raw: tuple[Any, ...]) -> HomeFace:
    """A face from its plain tuples; TypeError when they are not one's shape."""
    face = HomeFace(*raw)
    last, resume = face.last, face.resume
    return face._replace(
        programs=tuple((str(id_), str(label)) for id_, label in face.programs),
        last=None if last is None else LastShown(*last),
        week=tuple(DayShown(*day) for day in face.week),
        resume=None if resume is None else ResumeShown(*resume),
        suggestions=tuple(SuggestionShown(*s) for s in face.suggestions),
    )


def home_face(data: "HomeData") -> HomeFace:
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
        unrated = 0 if w.status == "in-progress" else data.last.unrated
        sets, reps = data.last.sets, data.last.reps
        amount = f"{sets} {plural(sets, 'set')}, {reps} {plural(reps, 'rep')}"
        if data.last.hold_seconds:
            amount += f", {data.last.hold_seconds:.0f} s held"
        last = LastShown(
            workout_id=w.id,
            program_name=w.program_name,
            when=started.strftime(WHEN),
            day=started.strftime(DAY),
            how_long=how_long,
            amount=amount,
            unrated=unrated,
            rate_line=(
                f"{unrated} {plural(unrated, 'exercise')} not rated yet: press e" if unrated else ""
            ),
        )
    resume = None
    if data.unfinished is not None:
        w = data.unfinished.workout
        resume = ResumeShown(
            workout_id=w.id,
            program_name=w.program_name,
            when=w.started_at.astimezone().strftime(WHEN),
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
    current = data.streak.current
    return HomeFace(
        suggested_id=data.suggested.id,
        suggested_name=data.suggested.name,
        suggested_length=minutes_text(data.suggested_minutes),
        done_today=data.streak.done_today,
        programs=programs,
        last=last,
        streak_line=(
            f"{current} {plural(current, 'day')} in a row · longest {data.streak.longest}"
        ),
        status_line=_status_line(last, data.streak.current),
        week=tuple(
            DayShown(DAY_SHORT[d.day.weekday()], d.state.value, bool(d.planned)) for d in data.week
        ),
        next_planned=data.next_planned,
        resume=resume,
        suggestions=tuple(shown_suggestion(s) for s in data.suggestions),
        problems=data.problems,
        complete=data.complete,
    )


def _status_line(last: LastShown | None, streak: int) -> str:
    if last is None:
        return "No workouts yet."
    days = f"{streak} day{'s' if streak != 1 else ''}"
    line = f"Last: {last.program_name}, {last.day} · streak {days}"
    return line + (f" · {last.unrated} not rated: e" if last.unrated else "")
