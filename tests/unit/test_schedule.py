"""The weekly plan: its defaults and settings, the calendar file read back by an
independent parser, the reminder through a stand-in notification service, and the
scheduler entries (checked by systemd's own checker where it is installed)."""

from __future__ import annotations

import io
import plistlib
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr  # type: ignore[import-untyped]
from dateutil.tz import tzical  # type: ignore[import-untyped]

from glutetui.catalog import load_catalog
from glutetui.cli.schedule import read_plan, remind_now
from glutetui.platform.locations import Locations
from glutetui.platform.settings import PlanEntry, Settings, load_settings, save_settings
from glutetui.schedule.calendar_file import event_uid, plan_calendar, session_length
from glutetui.schedule.days import DayState
from glutetui.schedule.install import (
    LAUNCHD_LABEL,
    TASK_NAME,
    NothingPlanned,
    Scheduler,
    install,
    launchd_plist,
    systemd_units,
    task_xml,
    uninstall,
)
from glutetui.schedule.notify import Notice, desktop_notify
from glutetui.schedule.remind import reminder
from glutetui.schedule.week import (
    ProgramWeek,
    default_weekdays,
    next_session,
    planned_weekdays,
    sessions,
    this_week,
    week_plan,
)
from glutetui.store import Store
from tests.factories import logged_set

TV = ProgramWeek("tv-floor", "Floor routine for the TV", (0, 3), time(7, 30), 19.6, True)
DESK = ProgramWeek("desk-break", "Desk break", (1, 2, 4), time(12, 15), 6.2, True)
MONDAY = date(2027, 3, 1)  # a Monday, four weeks before the clocks go forward in Europe


def test_default_spread_from_days_per_week() -> None:
    assert default_weekdays(2) == (0, 3)
    assert default_weekdays(3) == (0, 2, 4)
    assert all(len(default_weekdays(n)) == n for n in range(1, 8))


def test_the_plan_is_the_settings_table_else_the_default_for_the_program_in_use() -> None:
    catalog = load_catalog(Path("/nonexistent-exercises"), Path("/nonexistent-programs"))
    programs = list(catalog.programs.values())
    tv = catalog.programs["tv-floor"]
    assert planned_weekdays(tv, {}) == (0, 2, 4)
    assert planned_weekdays(tv, {"tv-floor": PlanEntry(days=("thu", "mon"))}) == (0, 3)
    minutes = {p.id: 10.0 for p in programs}
    # Nothing chosen: only the program in use, at its default days and 18:00.
    (only,) = week_plan(programs, {}, "tv-floor", minutes)
    assert (only.program, only.weekdays, only.at, only.chosen) == (
        "tv-floor",
        (0, 2, 4),
        time(18),
        False,
    )
    plans = {
        "tv-floor": PlanEntry(days=()),  # not planned
        "desk-break": PlanEntry(days=("tue",), time="12:15"),
    }
    (desk,) = week_plan(programs, plans, "tv-floor", minutes)
    assert (desk.program, desk.weekdays, desk.at, desk.chosen) == (
        "desk-break",
        (1,),
        time(12, 15),
        True,
    )


def test_a_bad_plan_is_one_line_naming_its_key_and_the_rest_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        "sounds = false\n"
        '[plan.tv-floor]\ndays = ["mon", "thu"]\ntime = "07:30"\n'
        '[plan.desk-break]\ndays = ["monday"]\n'
        '[plan.intermediate]\ndays = ["tue"]\ntime = "25:00"\n',
        encoding="utf-8",
    )
    loaded = load_settings(path)
    assert loaded.settings.sounds is False
    assert loaded.settings.plan == {"tv-floor": PlanEntry(days=("mon", "thu"), time="07:30")}
    assert loaded.problem is not None and "\n" not in loaded.problem
    assert "plan.desk-break" in loaded.problem and "'monday' is not a day" in loaded.problem
    assert "(and 1 more)" in loaded.problem


def test_the_plan_saves_as_a_table_per_program_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("# mine\n[plan.tv-floor] # my mornings\ndays = []\n", encoding="utf-8")
    settings = Settings(plan={"tv-floor": PlanEntry(days=("mon", "thu"), time="07:30")})
    save_settings(path, settings)
    text = path.read_text(encoding="utf-8")
    assert "# mine" in text and "# my mornings" in text
    assert "[plan.tv-floor]" in text and 'days = ["mon", "thu"]' in text
    assert load_settings(path) == load_settings(path).__class__(settings)
    save_settings(path, Settings())
    assert "tv-floor" not in path.read_text(encoding="utf-8")


def test_this_week_marks_done_today_to_come_and_missed() -> None:
    wednesday = MONDAY + timedelta(days=2)
    plan = [TV, ProgramWeek("x", "Sundays", (6,), time(9), 5.0, True)]
    days = this_week(plan, wednesday + timedelta(days=1), [MONDAY + timedelta(days=1)])
    assert [d.state for d in days] == [
        DayState.MISSED,  # Monday planned, nothing done
        DayState.DONE,  # Tuesday: not planned, a workout done
        DayState.FREE,
        DayState.TODAY,  # Thursday
        DayState.FREE,
        DayState.FREE,
        DayState.TO_COME,
    ]
    assert days[3].planned == ("Floor routine for the TV",)


def test_the_next_session_and_what_is_due_today() -> None:
    zone = ZoneInfo("Europe/London")
    now = datetime.combine(MONDAY, time(8), tzinfo=zone)
    found = next_session([TV, DESK], now)
    assert found is not None and found.start == datetime.combine(
        MONDAY + timedelta(days=1), time(12, 15), tzinfo=zone
    )
    at_seven = datetime.combine(MONDAY, time(7), tzinfo=zone)
    after_done = next_session([TV], at_seven, done_today=True)
    assert after_done is not None and after_done.start.date() == MONDAY + timedelta(days=3)
    assert next_session([TV], at_seven) is not None
    assert next_session([TV], at_seven).start.time() == time(7, 30)  # type: ignore[union-attr]


# --- the calendar file, read back without icalendar ---------------------------------------


def unfolded(text: str) -> list[str]:
    """RFC 5545 lines: CRLF-separated, a line starting with a space continues the last."""
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    lines: list[str] = []
    for raw in text.split("\r\n"):
        if raw.startswith((" ", "\t")):
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def components(lines: list[str], name: str) -> list[list[str]]:
    found: list[list[str]] = []
    current: list[str] | None = None
    depth = 0
    for line in lines:
        if line == f"BEGIN:{name}" and current is None:
            current, depth = [], 0
            continue
        if current is not None:
            if line.startswith("BEGIN:"):
                depth += 1
            if line == f"END:{name}" and depth == 0:
                found.append(current)
                current = None
                continue
            if line.startswith("END:"):
                depth -= 1
            current.append(line)
    return found


def prop(event: list[str], name: str) -> tuple[dict[str, str], str]:
    for line in event:
        head, _, value = line.partition(":")
        key, *params = head.split(";")
        if key == name:
            return dict(p.split("=", 1) for p in params), value
    raise KeyError(name)


def expand(text: str, until: datetime) -> dict[str, list[datetime]]:
    """Every event's occurrences up to ``until``, as UTC instants: the recurrence by
    dateutil's rrule, the zone by dateutil's reading of the file's own VTIMEZONE."""
    zones = tzical(io.StringIO(text))
    lines = unfolded(text)
    out = {}
    for event in components(lines, "VEVENT"):
        params, value = prop(event, "DTSTART")
        zone = zones.get(params["TZID"])
        start = datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=zone)
        _, rule = prop(event, "RRULE")
        occurrences = rrulestr(f"RRULE:{rule}", dtstart=start).between(
            start - timedelta(seconds=1), until
        )
        out[prop(event, "UID")[1]] = [o.astimezone(UTC) for o in occurrences]
    return out


@pytest.mark.parametrize("zone_name", ["Europe/London", "America/New_York"])
def test_the_calendar_gives_exactly_the_planned_sessions_over_a_year(
    zone_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", zone_name)
    zone = ZoneInfo(zone_name)
    written = datetime(2027, 3, 1, 6, tzinfo=UTC)
    text = plan_calendar([TV, DESK], MONDAY, zone, written).decode("utf-8")
    until = datetime.combine(MONDAY + timedelta(days=365), time(), tzinfo=zone)
    expanded = expand(text, until)
    planned = sessions([TV, DESK], MONDAY, 365, zone)
    for week in (TV, DESK):
        want = [s.start.astimezone(UTC) for s in planned if s.program == week.program]
        got = expanded[event_uid(week.program)]
        assert got == want
        # Across both clock changes the wall-clock time stays the planned one.
        assert {g.astimezone(zone).time() for g in got} == {week.at}
        assert {g.utcoffset() for g in (w.astimezone(zone) for w in got)} == {
            zone.utcoffset(datetime(2027, 1, 1)),
            zone.utcoffset(datetime(2027, 7, 1)),
        }
    events = components(unfolded(text), "VEVENT")
    assert len(events) == 2
    for event in events:
        start = datetime.strptime(prop(event, "DTSTART")[1], "%Y%m%dT%H%M%S")
        end = datetime.strptime(prop(event, "DTEND")[1], "%Y%m%dT%H%M%S")
        assert prop(event, "DTEND")[0]["TZID"] == zone_name
        minutes = TV.minutes if prop(event, "UID")[1] == event_uid("tv-floor") else DESK.minutes
        assert end - start == session_length(minutes) == timedelta(minutes=round(minutes))
        (alarm,) = components(event, "VALARM")
        assert prop(alarm, "ACTION")[1] == "DISPLAY"
        assert prop(alarm, "TRIGGER")[1] == "-PT15M"
        assert prop(alarm, "DESCRIPTION")[1]
    (vtimezone,) = components(unfolded(text), "VTIMEZONE")
    assert prop(vtimezone, "TZID")[1] == zone_name


def test_a_newer_export_keeps_the_identifiers_and_a_limited_one_stops() -> None:
    zone = ZoneInfo("Europe/London")
    first = plan_calendar([TV], MONDAY, zone, datetime(2027, 3, 1, 6, tzinfo=UTC))
    later = plan_calendar([TV], MONDAY, zone, datetime(2027, 3, 2, 9, tzinfo=UTC))
    uids = [prop(e, "UID")[1] for e in components(unfolded(first.decode()), "VEVENT")]
    assert uids == [prop(e, "UID")[1] for e in components(unfolded(later.decode()), "VEVENT")]
    assert (
        prop(components(unfolded(first.decode()), "VEVENT")[0], "DTSTAMP")[1]
        != prop(components(unfolded(later.decode()), "VEVENT")[0], "DTSTAMP")[1]
    )
    four = plan_calendar([TV], MONDAY, zone, datetime(2027, 3, 1, tzinfo=UTC), weeks=4).decode()
    far = datetime(2030, 1, 1, tzinfo=UTC)
    assert expand(four, far)[event_uid("tv-floor")] == [
        s.start.astimezone(UTC) for s in sessions([TV], MONDAY, 28, zone)
    ]


# --- the reminder ---------------------------------------------------------------------------


def test_the_reminder_says_the_program_its_length_and_how_to_start_it() -> None:
    zone = ZoneInfo("Europe/London")
    at_eight = datetime.combine(MONDAY, time(8), tzinfo=zone)
    notice = reminder([TV], at_eight, False, "glutetui")
    assert notice is not None
    assert notice.title == "Floor routine for the TV · 20 min"
    assert "glutetui start tv-floor" in notice.body
    assert reminder([TV], at_eight, True, "glutetui") is None  # done today
    assert reminder([TV], at_eight.replace(hour=7), False, "glutetui") is None  # not yet
    assert reminder([TV], at_eight + timedelta(days=1), False, "glutetui") is None  # Tuesday


@pytest.fixture
def notifications(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    from tests.fake_bus import dbus_daemon, private_bus

    if dbus_daemon() is None:
        pytest.skip("dbus-daemon is not installed (apt package dbus)")
    from tests.notify_bus import FakeNotifications

    with private_bus() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        service = FakeNotifications(address)
        try:
            yield service
        finally:
            service.close()


def planned_home(locations: Locations) -> None:
    locations.config.mkdir(parents=True, exist_ok=True)
    save_settings(
        locations.settings,
        Settings(plan={"tv-floor": PlanEntry(days=("mon", "thu"), time="07:30")}),
    )


def complete_workout(locations: Locations, at: datetime, status: str = "completed") -> None:
    store = Store.open(locations.database)
    with store.write() as db:
        w = db.workouts.start("tv-floor", "Floor routine for the TV", "{}", at)
        db.workouts.log_set(w.id, logged_set(0, 0, "left", reps=3))
        db.workouts.finish(w.id, status, at + timedelta(minutes=20))  # type: ignore[arg-type]
    store.close()


def test_remind_notifies_once_on_a_planned_day_with_nothing_done(
    notifications: object,
    locations: Locations,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.notify_bus import FakeNotifications

    assert isinstance(notifications, FakeNotifications)
    monkeypatch.setenv("TZ", "Europe/London")
    zone = ZoneInfo("Europe/London")
    planned_home(locations)
    monday_eight = datetime.combine(MONDAY, time(8), tzinfo=zone)
    # Before the planned time, and on a day that is not planned: nothing.
    assert remind_now(locations, monday_eight.replace(hour=7), desktop_notify, "glutetui") == 0
    assert remind_now(locations, monday_eight + timedelta(days=1), desktop_notify, "glutetui") == 0
    assert notifications.shown == []
    # Planned, due, nothing done: one notification.
    assert remind_now(locations, monday_eight, desktop_notify, "glutetui") == 0
    assert notifications.wait_for(lambda shown: len(shown) == 1)
    (shown,) = notifications.shown
    minutes = round(read_plan(locations, monday_eight).plan[0].minutes)
    assert shown.app_name == "glutetui"
    assert shown.summary == f"Floor routine for the TV · {minutes} min"
    assert "glutetui start tv-floor" in shown.body
    # A workout ended early does not count; a completed one does, and stops the nudge.
    complete_workout(locations, monday_eight - timedelta(minutes=20), status="ended-early")
    assert remind_now(locations, monday_eight, desktop_notify, "glutetui") == 0
    assert notifications.wait_for(lambda shown: len(shown) == 2)
    complete_workout(locations, monday_eight - timedelta(minutes=10))
    assert remind_now(locations, monday_eight, desktop_notify, "glutetui") == 0
    assert "a workout is done today" in capsys.readouterr().out
    assert len(notifications.shown) == 2  # the completed one sent nothing (it returned first)


def test_the_quick_read_and_the_store_agree_on_the_weeks_completed_workouts(
    locations: Locations,
) -> None:
    from glutetui.store.peek import home_figures
    from glutetui.store.schema import HEAD

    monday = datetime.combine(MONDAY, time(), tzinfo=UTC)
    complete_workout(locations, monday - timedelta(hours=2))  # last week: Sunday night
    complete_workout(locations, monday + timedelta(hours=8))
    complete_workout(locations, monday + timedelta(days=2, hours=8), status="ended-early")
    complete_workout(locations, monday + timedelta(days=3, hours=7))
    now = monday + timedelta(days=3, hours=12)
    quick = home_figures(locations.database, HEAD, now.date(), now, now, monday)
    store = Store.open(locations.database)
    with store.read() as db:
        full = db.workouts.completed_starts(monday)
    store.close()
    assert quick is not None
    assert (
        list(quick.completed_this_week)
        == full
        == [
            monday + timedelta(hours=8),
            monday + timedelta(days=3, hours=7),
        ]
    )


def test_remind_without_a_notification_service_is_one_line(
    locations: Locations, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={locations.config}/no-bus")
    planned_home(locations)
    monday_eight = datetime.combine(MONDAY, time(8), tzinfo=UTC)
    assert remind_now(locations, monday_eight, desktop_notify, "glutetui") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "no desktop notification service" in err and "Floor routine for the TV" in err


def test_the_notifier_reports_rather_than_raises_with_no_bus(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    if sys.platform == "darwin":
        pytest.skip("macOS shows it through osascript")
    assert desktop_notify(Notice("a", "b")) is not None


# --- the scheduler ------------------------------------------------------------------------------


class Recorder:
    def __init__(self, status: int = 0) -> None:
        self.commands: list[list[str]] = []
        self.status = status

    def __call__(self, argv: Sequence[str]) -> tuple[int, str]:
        self.commands.append(list(argv))
        return self.status, ""


ARGV = [sys.executable, "-m", "glutetui", "--home", "/srv/a home%1", "remind"]


def test_systemd_units_are_written_checked_and_removed(tmp_path: Path) -> None:
    folder = tmp_path / "systemd" / "user"
    run = Recorder()
    scheduler = Scheduler(platform="linux", run=run, systemd_dir=folder)
    ok, lines = install(scheduler, [TV, DESK], ARGV, MONDAY)
    assert ok and any("Mon, Thu 07:30" in line for line in lines)
    timer = (folder / "glutetui-remind.timer").read_text(encoding="utf-8")
    service = (folder / "glutetui-remind.service").read_text(encoding="utf-8")
    assert "OnCalendar=Mon,Thu *-*-* 07:30:00" in timer
    assert "OnCalendar=Tue,Wed,Fri *-*-* 12:15:00" in timer
    assert '"/srv/a home%%1"' in service and "Type=oneshot" in service
    assert run.commands[-1] == [
        "systemctl",
        "--user",
        "enable",
        "--now",
        "glutetui-remind.timer",
    ]
    verify = shutil.which("systemd-analyze")
    if verify is not None:
        checked = subprocess.run(
            [verify, "verify", str(folder / "glutetui-remind.timer")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0 and not checked.stderr.strip(), checked.stderr
        # The checker does check: a bad calendar line is reported (as a warning).
        bad = tmp_path / "broken" / "glutetui-remind.timer"
        bad.parent.mkdir()
        bad.write_text(timer.replace("Mon,Thu", "Mon,Thursdai"), encoding="utf-8")
        (bad.parent / "glutetui-remind.service").write_text(service, encoding="utf-8")
        refused = subprocess.run(
            [verify, "verify", str(bad)], capture_output=True, text=True, check=False
        )
        assert "Failed to parse calendar" in refused.stderr
        for line in timer.splitlines():
            if line.startswith("OnCalendar="):
                spec = line.removeprefix("OnCalendar=")
                parsed = subprocess.run(
                    [verify, "calendar", spec], capture_output=True, text=True, check=False
                )
                assert parsed.returncode == 0 and f"Normalized form: {spec}" in parsed.stdout
    ok, lines = uninstall(scheduler)
    assert ok and not list(folder.iterdir())
    assert ["systemctl", "--user", "disable", "--now", "glutetui-remind.timer"] in run.commands
    ok, lines = uninstall(scheduler)
    assert all(line.startswith("Nothing at") for line in lines)


def test_systemd_analyze_is_there_or_the_check_above_was_skipped() -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (apt package systemd): units not verified")


def test_a_scheduler_that_is_not_running_leaves_the_files_and_says_so(tmp_path: Path) -> None:
    scheduler = Scheduler(platform="linux", run=Recorder(status=1), systemd_dir=tmp_path)
    ok, lines = install(scheduler, [TV], ARGV, MONDAY)
    assert not ok and "written but not active" in lines[-1]
    with pytest.raises(NothingPlanned):
        install(scheduler, [], ARGV, MONDAY)


def test_the_launchd_agent_runs_at_each_planned_day(tmp_path: Path) -> None:
    agent = plistlib.loads(launchd_plist([TV], ARGV))
    assert agent["Label"] == LAUNCHD_LABEL and agent["ProgramArguments"] == ARGV
    # launchd counts from Sunday: Monday is 1, Thursday 4.
    assert agent["StartCalendarInterval"] == [
        {"Weekday": 1, "Hour": 7, "Minute": 30},
        {"Weekday": 4, "Hour": 7, "Minute": 30},
    ]
    run = Recorder()
    scheduler = Scheduler(platform="darwin", run=run, home=tmp_path, uid=501)
    assert install(scheduler, [TV], ARGV, MONDAY)[0]
    path = tmp_path / "Library" / "LaunchAgents" / f"{LAUNCHD_LABEL}.plist"
    assert plistlib.loads(path.read_bytes()) == agent
    assert run.commands[-1] == ["launchctl", "bootstrap", "gui/501", str(path)]
    uninstall(scheduler)
    assert not path.exists() and run.commands[-1][:2] == ["launchctl", "bootout"]


def test_the_windows_task_has_a_weekly_trigger_per_planned_time(tmp_path: Path) -> None:
    text = task_xml([TV, DESK], ["C:\\Python\\python.exe", "-m", "glutetui", "remind"], MONDAY)
    ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
    root = ET.fromstring(text.encode("utf-16"))
    triggers = root.findall("t:Triggers/t:CalendarTrigger", ns)
    found = [
        (
            t.findtext("t:StartBoundary", namespaces=ns),
            [d.tag.split("}")[1] for d in t.find("t:ScheduleByWeek/t:DaysOfWeek", ns) or []],
        )
        for t in triggers
    ]
    assert found == [
        ("2027-03-01T07:30:00", ["Monday", "Thursday"]),
        ("2027-03-01T12:15:00", ["Tuesday", "Wednesday", "Friday"]),
    ]
    assert root.findtext("t:Actions/t:Exec/t:Arguments", namespaces=ns) == "-m glutetui remind"
    run = Recorder()
    scheduler = Scheduler(platform="win32", run=run, task_dir=tmp_path)
    assert install(scheduler, [TV], ["python.exe", "-m", "glutetui", "remind"], MONDAY)[0]
    xml_path = tmp_path / "glutetui-remind.xml"
    assert xml_path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")  # UTF-16, as schtasks reads
    assert run.commands == [["schtasks", "/Create", "/TN", TASK_NAME, "/XML", str(xml_path), "/F"]]
    uninstall(scheduler)
    assert run.commands[-1] == ["schtasks", "/Delete", "/TN", TASK_NAME, "/F"]
    assert not xml_path.exists()


def test_systemd_units_name_each_planned_time_once() -> None:
    both = ProgramWeek("b", "B", (0, 5), time(7, 30), 5.0, True)
    timer = systemd_units([TV, both], ARGV)["glutetui-remind.timer"]
    assert timer.count("OnCalendar=") == 1 and "OnCalendar=Mon,Thu,Sat *-*-* 07:30:00" in timer


def test_a_planned_programs_weeks_are_held_to_its_planned_days(tmp_path: Path) -> None:
    """Adherence keeps its definition; where the person planned a program, the days
    they planned are what a week is judged against (not the program's days per week)."""
    from glutetui.readouts.progress import progress_figures

    catalog = load_catalog()
    program = catalog.programs["tv-floor"]
    assert program.days_per_week == 3
    store = Store.open(tmp_path / "glutetui.db")
    first_monday = date(2026, 11, 2)
    with store.write() as db:
        for week in range(2):
            for weekday in (0, 3):  # Monday and Thursday
                day = first_monday + timedelta(weeks=week, days=weekday)
                at = datetime.combine(day, time(18, 0)).astimezone()
                w = db.workouts.start(program.id, program.name, "{}", at)
                db.workouts.log_set(w.id, logged_set(0, 0, "left", at=at))
                db.workouts.finish(w.id, "completed", at + timedelta(minutes=20))
    until = first_monday + timedelta(days=13)
    today = until + timedelta(days=1)
    planned = {program.id: PlanEntry(days=("mon", "thu"), time="18:00")}
    with store.read() as db:
        as_planned = progress_figures(db, catalog, first_monday, until, today, planned)
        unplanned = progress_figures(db, catalog, first_monday, until, today)
    store.close()
    assert (as_planned.adherence.days_counted, as_planned.adherence.days_planned) == (4, 4)
    assert all(w.met for w in as_planned.adherence.judged)
    assert (unplanned.adherence.days_counted, unplanned.adherence.days_planned) == (4, 6)
