"""Asking the system's scheduler to run ``glutetui remind`` at the planned times, and
taking it away again.

- Linux: a systemd user timer and its service (``glutetui-remind.timer`` and
  ``.service`` in the user's unit folder), one ``OnCalendar=`` line per planned time,
  enabled with ``systemctl --user``.
- macOS: a launchd agent (``~/Library/LaunchAgents/org.glutetui.remind.plist``) with a
  ``StartCalendarInterval`` per planned day, loaded with ``launchctl``.
- Windows: one Task Scheduler task (``glutetui remind``) with a weekly trigger per
  planned time, made with ``schtasks /Create /XML``.

What is written and run is built by pure functions (the files' text and the commands),
so each platform's output is tested on any machine; :func:`install` and
:func:`uninstall` write the files and run the commands through a ``Run`` given to them.
Nothing is installed unless asked for, and nothing runs in the background otherwise.
"""

from __future__ import annotations

import contextlib
import os
import plistlib
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from xml.sax.saxutils import escape

from glutetui.schedule.days import DAY_NAMES, DAY_SHORT
from glutetui.schedule.week import ProgramWeek

UNIT = "glutetui-remind"
LAUNCHD_LABEL = "org.glutetui.remind"
TASK_NAME = "glutetui remind"
TASK_NS = "http://schemas.microsoft.com/windows/2004/02/mit/task"

# Runs a command; returns its exit status and what it printed (a missing program is
# status 127).
Run = Callable[[Sequence[str]], tuple[int, str]]


def run_command(argv: Sequence[str]) -> tuple[int, str]:
    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, timeout=60, check=False)
    except FileNotFoundError:
        return 127, f"{argv[0]} not found"
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 1, str(exc)
    return done.returncode, (done.stderr or done.stdout).strip()


class NothingPlanned(Exception):
    """There is no planned session to schedule the reminder for."""


def planned_times(plan: Iterable[ProgramWeek]) -> list[tuple[tuple[int, ...], time]]:
    """The distinct times of the week, each with its weekdays (0 is Monday), in order."""
    days_at: dict[time, set[int]] = {}
    for week in plan:
        days_at.setdefault(week.at, set()).update(week.weekdays)
    times = [(tuple(sorted(days)), at) for at, days in sorted(days_at.items())]
    if not times:
        raise NothingPlanned("nothing is planned: choose days for a program in Settings first")
    return times


# --- systemd ---------------------------------------------------------------------------


def systemd_folder(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def _systemd_quote(arg: str) -> str:
    """One word of an ``ExecStart=`` line: quoted, with systemd's specifiers and
    variables (``%``, ``$``) taken literally."""
    text = arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    return f'"{text}"'


def systemd_units(plan: Iterable[ProgramWeek], argv: Sequence[str]) -> dict[str, str]:
    """The service and timer files, by name."""
    calendars = [
        f"OnCalendar={','.join(DAY_SHORT[d] for d in days)} *-*-* {at:%H:%M}:00"
        for days, at in planned_times(plan)
    ]
    service = "\n".join(
        [
            "[Unit]",
            "Description=glutetui: a nudge on a planned day with no workout done",
            "",
            "[Service]",
            "Type=oneshot",
            "ExecStart=" + " ".join(_systemd_quote(a) for a in argv),
            "",
        ]
    )
    timer = "\n".join(
        [
            "[Unit]",
            "Description=glutetui: check the weekly plan at its planned times",
            "",
            "[Timer]",
            *calendars,
            # Asleep or off at the time: check once when back (the check itself looks
            # at today only, so a missed day does not nudge the next).
            "Persistent=true",
            "",
            "[Install]",
            "WantedBy=timers.target",
            "",
        ]
    )
    return {f"{UNIT}.service": service, f"{UNIT}.timer": timer}


# --- launchd ---------------------------------------------------------------------------


def launchd_path(home: Path | None = None) -> Path:
    return (home or Path.home()) / "Library" / "LaunchAgents" / f"{LAUNCHD_LABEL}.plist"


def launchd_plist(plan: Iterable[ProgramWeek], argv: Sequence[str]) -> bytes:
    intervals = [
        # launchd counts weekdays from Sunday (0); glutetui from Monday.
        {"Weekday": (day + 1) % 7, "Hour": at.hour, "Minute": at.minute}
        for days, at in planned_times(plan)
        for day in days
    ]
    agent = {
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": list(argv),
        "StartCalendarInterval": intervals,
        "ProcessType": "Interactive",
    }
    return plistlib.dumps(agent, sort_keys=False)


def launchd_commands(path: Path, uid: int) -> tuple[list[str], list[str]]:
    """(unload the old one, load the new one)."""
    return (
        ["launchctl", "bootout", f"gui/{uid}/{LAUNCHD_LABEL}"],
        ["launchctl", "bootstrap", f"gui/{uid}", str(path)],
    )


# --- Windows ---------------------------------------------------------------------------


def task_xml(plan: Iterable[ProgramWeek], argv: Sequence[str], today: date) -> str:
    """The Task Scheduler task: a weekly trigger per planned time, run as the signed-in
    person (a notification needs their desktop)."""
    triggers = []
    for days, at in planned_times(plan):
        names = "".join(f"<{DAY_NAMES[d]} />" for d in days)
        triggers.append(
            "    <CalendarTrigger>\n"
            f"      <StartBoundary>{today.isoformat()}T{at:%H:%M}:00</StartBoundary>\n"
            "      <Enabled>true</Enabled>\n"
            "      <ScheduleByWeek>\n"
            f"        <DaysOfWeek>{names}</DaysOfWeek>\n"
            "        <WeeksInterval>1</WeeksInterval>\n"
            "      </ScheduleByWeek>\n"
            "    </CalendarTrigger>"
        )
    command, arguments = argv[0], subprocess.list2cmdline(list(argv[1:]))
    return (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        f'<Task version="1.2" xmlns="{TASK_NS}">\n'
        "  <RegistrationInfo>\n"
        "    <Description>glutetui: a nudge on a planned day with no workout done</Description>\n"
        "  </RegistrationInfo>\n"
        "  <Triggers>\n" + "\n".join(triggers) + "\n  </Triggers>\n"
        "  <Settings>\n"
        "    <StartWhenAvailable>true</StartWhenAvailable>\n"
        "    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>\n"
        "    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>\n"
        "    <ExecutionTimeLimit>PT5M</ExecutionTimeLimit>\n"
        "    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>\n"
        "  </Settings>\n"
        '  <Actions Context="Author">\n'
        "    <Exec>\n"
        f"      <Command>{escape(command)}</Command>\n"
        f"      <Arguments>{escape(arguments)}</Arguments>\n"
        "    </Exec>\n"
        "  </Actions>\n"
        "</Task>\n"
    )


def task_commands(xml_path: Path) -> tuple[list[str], list[str]]:
    """(create or replace the task, delete it)."""
    return (
        ["schtasks", "/Create", "/TN", TASK_NAME, "/XML", str(xml_path), "/F"],
        ["schtasks", "/Delete", "/TN", TASK_NAME, "/F"],
    )


# --- doing it --------------------------------------------------------------------------


@dataclass
class Scheduler:
    """Where and how this machine's scheduler is asked."""

    platform: str = sys.platform
    run: Run = run_command
    systemd_dir: Path | None = None  # default: the user's unit folder
    home: Path | None = None  # macOS: the user's home (for ~/Library/LaunchAgents)
    task_dir: Path | None = None  # Windows: where the task's XML is kept
    uid: int = field(default_factory=lambda: os.getuid() if hasattr(os, "getuid") else 0)


def install(
    scheduler: Scheduler, plan: Sequence[ProgramWeek], argv: Sequence[str], today: date
) -> tuple[bool, list[str]]:
    """Write and load the scheduler's entry; (all went well, lines to print)."""
    times = planned_times(plan)
    when = "; ".join(f"{', '.join(DAY_SHORT[d] for d in days)} {at:%H:%M}" for days, at in times)
    if scheduler.platform == "darwin":
        path = launchd_path(scheduler.home)
        _write(path, launchd_plist(plan, argv))
        unload, load = launchd_commands(path, scheduler.uid)
        scheduler.run(unload)  # not loaded before: nothing to unload
        return _ran(scheduler.run, [load], [f"Wrote {path}"], when)
    if scheduler.platform == "win32":
        folder = scheduler.task_dir or Path.home()
        path = folder / "glutetui-remind.xml"
        _write(path, task_xml(plan, argv, today).encode("utf-16"))
        create, _ = task_commands(path)
        return _ran(scheduler.run, [create], [f"Wrote {path}"], when)
    folder = scheduler.systemd_dir or systemd_folder()
    written = []
    for name, text in systemd_units(plan, argv).items():
        _write(folder / name, text.encode("utf-8"))
        written.append(f"Wrote {folder / name}")
    commands = [
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", f"{UNIT}.timer"],
    ]
    return _ran(scheduler.run, commands, written, when)


def uninstall(scheduler: Scheduler) -> tuple[bool, list[str]]:
    """Take the scheduler's entry away; (all went well, lines to print)."""
    if scheduler.platform == "darwin":
        path = launchd_path(scheduler.home)
        unload, _ = launchd_commands(path, scheduler.uid)
        scheduler.run(unload)
        return True, [_removed(path)]
    if scheduler.platform == "win32":
        path = (scheduler.task_dir or Path.home()) / "glutetui-remind.xml"
        _, delete = task_commands(path)
        status, said = scheduler.run(delete)
        lines = [_removed(path)]
        if status != 0:
            lines.append(f"schtasks found no task to delete ({said or status})")
        return True, lines
    folder = scheduler.systemd_dir or systemd_folder()
    scheduler.run(["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"])
    lines = [_removed(folder / f"{UNIT}.{kind}") for kind in ("timer", "service")]
    scheduler.run(["systemctl", "--user", "daemon-reload"])
    return True, lines


def _write(path: Path, data: bytes) -> None:
    """Replace a file with ``data`` through a temporary file beside it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # The command line may carry a --db URL with a password: owner only.
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _removed(path: Path) -> str:
    try:
        path.unlink()
    except FileNotFoundError:
        return f"Nothing at {path}"
    return f"Removed {path}"


def _ran(
    run: Run, commands: list[list[str]], lines: list[str], when: str
) -> tuple[bool, list[str]]:
    for command in commands:
        status, said = run(command)
        if status != 0:
            lines.append(
                f"{' '.join(command[:3])} failed ({said or f'status {status}'}): the entry is "
                "written but not active; run the command yourself once the scheduler is there"
            )
            return False, lines
    lines.append(f"The reminder checks at: {when} (run --install again after changing the plan)")
    return True, lines
