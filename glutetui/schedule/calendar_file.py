"""The plan as an iCalendar file (RFC 5545), written with the ``icalendar`` library.

One recurring event per planned program: it starts at the program's time on its first
planned day from today, repeats weekly on its days (``RRULE:FREQ=WEEKLY;BYDAY=…``),
lasts the program's estimated length, and reminds a quarter of an hour before. Times
carry the person's zone by name with its ``VTIMEZONE`` defined in the file, which is
what Google Calendar, Apple Calendar, Outlook and Thunderbird need to keep the time
across clock changes. Each event's ``UID`` comes from the program's id alone, so
importing a newer file updates the events instead of adding a second copy; ``DTSTAMP``
and ``LAST-MODIFIED`` say when it was written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from glutetui.measures.words import minutes_text
from glutetui.platform.settings import WEEKDAY_KEYS
from glutetui.schedule.week import ProgramWeek, local_start, sessions

REMIND_BEFORE = timedelta(minutes=15)
PRODID = "-//glutetui//weekly plan//EN"
UID_DOMAIN = "plan.glutetui"


def event_uid(program: str) -> str:
    """The same for every export of the program's plan."""
    return f"{program}@{UID_DOMAIN}"


def plan_calendar(
    plan: Iterable[ProgramWeek],
    today: date,
    zone: ZoneInfo,
    written: datetime,
    weeks: int | None = None,
) -> bytes:
    """The calendar file's bytes. ``weeks``: the recurrence stops after that many weeks
    from today; None: it goes on."""
    from icalendar import Alarm, Calendar, Event, vRecur

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "glutetui plan")
    calendar.add("x-wr-timezone", zone.key)
    stamp = written.astimezone(UTC).replace(microsecond=0)
    first_start: datetime | None = None
    for week in plan:
        first = next(
            today + timedelta(days=n)
            for n in range(7)
            if (today + timedelta(days=n)).weekday() in week.weekdays
        )
        start = local_start(first, week.at, zone)
        first_start = start if first_start is None else min(first_start, start)
        length = session_length(week.minutes)
        event = Event()
        event.add("uid", event_uid(week.program))
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("summary", week.name)
        event.add(
            "description",
            f"{minutes_text(week.minutes)} on the floor. "
            f"Start it with: glutetui start {week.program}",
        )
        event.add("dtstart", start)
        event.add("dtend", start + length)
        rule: dict[str, object] = {
            "freq": "weekly",
            "byday": [WEEKDAY_KEYS[d][:2].upper() for d in week.weekdays],
            "wkst": "MO",
        }
        if weeks is not None:
            rule["count"] = len(
                [s for s in sessions([week], today, weeks * 7, zone) if s.start >= start]
            )
        event.add("rrule", vRecur(rule))
        event.add("categories", ["Exercise"])
        event.add("transp", "OPAQUE")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{week.name} in {minutes_text(REMIND_BEFORE.seconds / 60)}")
        alarm.add("trigger", -REMIND_BEFORE)
        event.add_component(alarm)
        calendar.add_component(event)
    if first_start is not None:
        # The zone's rules from a year before the first session to well past any export.
        calendar.add_missing_timezones(
            first_date=first_start.date() - timedelta(days=366),
            last_date=first_start.date() + timedelta(days=366 * 20),
        )
    return bytes(calendar.to_ical())


def session_length(minutes: float) -> timedelta:
    """An event's length: the program's estimate in whole minutes as Home says it
    (rounded), at least one."""
    return timedelta(minutes=max(1, round(minutes)))
