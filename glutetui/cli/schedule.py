"""``glutetui plan`` (the planned sessions, or the calendar file) and ``glutetui
remind`` (the nudge on the day, and asking the system to run it)."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Any
from zoneinfo import ZoneInfo

from glutetui.cli.common import PROG, UserError, load_catalogue, load_settings_quietly, open_store
from glutetui.platform.locations import Locations
from glutetui.schedule.notify import Notify
from glutetui.schedule.week import ProgramWeek

DEFAULT_WEEKS = 2
RECENT_DAYS = 28  # as Home: the program in use is the one done most in four weeks


@dataclass(frozen=True)
class PlanNow:
    plan: tuple[ProgramWeek, ...]
    done_today: bool  # a workout was completed today


def read_plan(locations: Locations, now: datetime, warn: bool = True) -> PlanNow:
    """The week plan as Home shows it, and whether today's workout is done."""
    from glutetui.measures.doses import changed_doses
    from glutetui.readouts.home import suggest_program
    from glutetui.schedule.week import week_plan
    from glutetui.workout.planning import program_minutes

    catalog = load_catalogue(locations, warn=warn)
    settings = load_settings_quietly(locations)
    recent: list[tuple[str, datetime]] = []
    changes: tuple[Any, ...] = ()
    done = False
    if locations.database_url is not None or locations.database.exists():
        midnight = datetime.combine(now.date(), datetime.min.time(), tzinfo=now.tzinfo)
        store = open_store(locations)
        try:
            with store.read() as db:
                recent = db.workouts.recent_programs(now - timedelta(days=RECENT_DAYS))
                changes = tuple(db.doses.changes())
                done = db.workouts.done_since(midnight)
        finally:
            store.close()
    programs = sorted(catalog.programs.values(), key=lambda p: (p.source != "bundled", p.name))
    minutes = {
        p.id: program_minutes(p, catalog, settings, changed_doses(p, changes)) for p in programs
    }
    in_use = suggest_program(catalog, recent, now).id
    return PlanNow(week_plan(programs, settings.plan, in_use, minutes), done)


def _now() -> datetime:
    from glutetui.schedule.zone import local_zone

    return datetime.now(local_zone())


def _plan(args: argparse.Namespace, locations: Locations) -> int:
    from glutetui.schedule.week import sessions

    now = _now()
    zone = now.tzinfo
    assert isinstance(zone, ZoneInfo)
    found = read_plan(locations, now)
    if args.ics:
        return _write_ics(args.ics, found.plan, now, args.weeks)
    weeks = args.weeks or DEFAULT_WEEKS
    planned = sessions(found.plan, now.date(), weeks * 7, zone)
    if args.json:
        from glutetui.cli.common import print_json

        print_json(plan_json(found.plan, planned, zone))
        return 0
    for line in plan_lines(found.plan, planned, weeks):
        print(line)
    return 0


def plan_json(plan: Sequence[ProgramWeek], planned: Sequence[Any], zone: ZoneInfo) -> Any:
    from glutetui.platform.settings import WEEKDAY_KEYS
    from glutetui.schedule.calendar_file import session_length

    return {
        "time_zone": zone.key,
        "programs": [
            {
                "program": w.program,
                "name": w.name,
                "days": [WEEKDAY_KEYS[d] for d in w.weekdays],
                "time": f"{w.at:%H:%M}",
                "minutes": round(w.minutes, 1),
                "chosen": w.chosen,
            }
            for w in plan
        ],
        "sessions": [
            {
                "program": s.program,
                "name": s.name,
                "start": s.start.isoformat(),
                "end": (s.start + session_length(s.minutes)).isoformat(),
            }
            for s in planned
        ],
    }


def plan_lines(plan: Sequence[ProgramWeek], planned: Sequence[Any], weeks: int) -> list[str]:
    from glutetui.measures.words import minutes_text
    from glutetui.schedule.days import DAY_SHORT

    if not plan:
        return ["Nothing is planned. Choose days for a program in Settings (o on Home)."]
    lines = ["The plan (Settings, or [plan.PROGRAM] in settings.toml):"]
    for w in plan:
        n = len(w.weekdays)
        how = "chosen" if w.chosen else f"the default for {n} {'day' if n == 1 else 'days'} a week"
        lines.append(
            f"  {w.name}: {w.days_text} at {w.at:%H:%M} · {minutes_text(w.minutes)} ({how})"
        )
    lines.append(f"The next {weeks} {'week' if weeks == 1 else 'weeks'}:")
    for s in planned:
        day = DAY_SHORT[s.start.weekday()]
        lines.append(f"  {day} {s.start:%d %b %H:%M}  {s.name} · {minutes_text(s.minutes)}")
    return lines


def _write_ics(target: str, plan: Sequence[ProgramWeek], now: datetime, weeks: int | None) -> int:
    from pathlib import Path

    from glutetui.measures.words import minutes_text
    from glutetui.platform.files import write_atomically
    from glutetui.schedule.calendar_file import REMIND_BEFORE, plan_calendar

    if not plan:
        raise UserError("nothing is planned: choose days for a program in Settings first")
    zone = now.tzinfo
    assert isinstance(zone, ZoneInfo)
    data = plan_calendar(plan, now.date(), zone, now, weeks).decode("utf-8")
    path = Path(target).expanduser()
    try:
        # A newer export replaces the last one: the calendar updates the same events.
        def write(handle: IO[str]) -> None:
            handle.write(data)

        write_atomically(path, write)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from exc
    print(
        f"Wrote {path}: {len(plan)} weekly {'event' if len(plan) == 1 else 'events'} "
        f"({zone.key}), each with a reminder {minutes_text(REMIND_BEFORE.seconds / 60)} "
        "before. Import it into your calendar; "
        "importing a newer one updates the same events."
    )
    return 0


def own_command(args: argparse.Namespace, locations: Locations) -> list[str]:
    """How the scheduler runs glutetui as this person does: the same interpreter, the
    same home folder and database."""
    argv = [sys.executable, "-m", "glutetui"]
    if args.home or os.environ.get("GLUTETUI_HOME"):
        argv += ["--home", str(locations.config)]
    if locations.database_url is not None:
        argv += ["--db", locations.database_url]
    return argv


def start_words(args: argparse.Namespace, locations: Locations) -> str:
    """What the person types to start glutetui, as the notification says it."""
    if args.home or os.environ.get("GLUTETUI_HOME"):
        return f"{PROG} --home {shlex.quote(str(locations.config))}"
    return PROG


def _remind(args: argparse.Namespace, locations: Locations) -> int:
    from glutetui.schedule.notify import desktop_notify

    if args.install or args.uninstall:
        return _install(args, locations)
    return remind_now(locations, _now(), desktop_notify, start_words(args, locations))


def remind_now(locations: Locations, now: datetime, notify: Notify, start: str) -> int:
    """One check at ``now``: a notification when a session is due and none is done."""
    from glutetui.schedule.remind import reminder

    found = read_plan(locations, now, warn=False)
    notice = reminder(found.plan, now, found.done_today, start)
    if notice is None:
        why = "a workout is done today" if found.done_today else "no session due yet today"
        print(f"No reminder: {why}.")
        return 0
    problem = notify(notice)
    if problem is not None:
        print(f"{PROG}: {problem}; it would have said: {notice.title}", file=sys.stderr)
        return 1
    print(f"Reminded: {notice.title}")
    return 0


def _install(args: argparse.Namespace, locations: Locations) -> int:
    from glutetui.schedule.install import NothingPlanned, Scheduler, install, uninstall

    scheduler = Scheduler()
    if args.uninstall:
        ok, lines = uninstall(scheduler)
    else:
        now = _now()
        found = read_plan(locations, now)
        try:
            ok, lines = install(
                scheduler, found.plan, [*own_command(args, locations), "remind"], now.date()
            )
        except NothingPlanned as exc:
            raise UserError(str(exc)) from exc
        except OSError as exc:
            raise UserError(f"cannot write the scheduler's entry: {exc.strerror or exc}") from exc
    for line in lines:
        print(line, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1
