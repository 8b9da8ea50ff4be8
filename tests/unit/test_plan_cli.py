"""``glutetui plan`` and ``glutetui remind`` as a person runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from glutetui.schedule.calendar_file import event_uid
from tests.unit.test_cli import run
from tests.unit.test_schedule import components, prop, unfolded


def plan_file(home: Path, text: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.toml").write_text(text, encoding="utf-8")


def test_a_new_home_plans_the_beginner_program_on_its_default_days(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    code, out, err = run(capsys, "plan", "--weeks", "1")
    assert code == 0 and err == ""
    assert "Floor routine for the TV: Mon, Wed, Fri at 18:00" in out
    assert "the default for 3 days a week" in out
    assert sum(1 for line in out.splitlines() if line.endswith("min") and "18:00 " in line) == 3
    assert not (isolated_home / "glutetui.db").exists()  # reading creates nothing


def test_plan_json_lists_programs_and_sessions(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    plan_file(isolated_home, '[plan.tv-floor]\ndays = ["mon", "thu"]\ntime = "07:30"\n')
    code, out, _ = run(capsys, "plan", "--json", "--weeks", "3")
    data = json.loads(out)
    assert code == 0 and data["time_zone"] == "UTC"
    (program,) = data["programs"]
    assert program | {"minutes": 0} == {
        "program": "tv-floor",
        "name": "Floor routine for the TV",
        "days": ["mon", "thu"],
        "time": "07:30",
        "minutes": 0,
        "chosen": True,
    }
    assert len(data["sessions"]) == 6
    assert {s["start"][11:16] for s in data["sessions"]} == {"07:30"}


def test_plan_ics_writes_a_calendar_and_a_second_one_keeps_the_identifiers(
    capsys: pytest.CaptureFixture[str], isolated_home: Path, tmp_path: Path
) -> None:
    plan_file(
        isolated_home,
        '[plan.tv-floor]\ndays = ["mon", "thu"]\ntime = "07:30"\n'
        '[plan.desk-break]\ndays = ["tue"]\ntime = "12:00"\n',
    )
    target = tmp_path / "plan.ics"
    code, out, _ = run(capsys, "plan", "--ics", str(target))
    assert code == 0 and "2 weekly events" in out
    first = unfolded(target.read_bytes().decode("utf-8"))
    code, _, _ = run(capsys, "plan", "--ics", str(target))  # a newer export replaces it
    again = unfolded(target.read_bytes().decode("utf-8"))
    uids = sorted(prop(e, "UID")[1] for e in components(first, "VEVENT"))
    assert uids == sorted([event_uid("tv-floor"), event_uid("desk-break")])
    assert uids == sorted(prop(e, "UID")[1] for e in components(again, "VEVENT"))


def test_nothing_planned_is_one_line(
    capsys: pytest.CaptureFixture[str], isolated_home: Path, tmp_path: Path
) -> None:
    plan_file(isolated_home, "[plan.tv-floor]\ndays = []\n")
    code, out, _ = run(capsys, "plan")
    assert code == 0 and out.startswith("Nothing is planned")
    code, _, err = run(capsys, "plan", "--ics", str(tmp_path / "x.ics"))
    assert code == 1 and err.count("\n") == 1 and "nothing is planned" in err
    assert not (tmp_path / "x.ics").exists()
    code, _, err = run(capsys, "remind", "--install")
    assert code == 1 and err.count("\n") == 1 and "nothing is planned" in err


def test_a_wrong_time_in_the_plan_is_named_in_one_line(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    plan_file(isolated_home, '[plan.tv-floor]\ndays = ["mon"]\ntime = "7.30"\n')
    code, out, err = run(capsys, "plan")
    assert code == 0 and err.count("\n") == 1
    assert "plan.tv-floor: time: expected a time of day as HH:MM" in err
    assert "Mon, Wed, Fri at 18:00" in out  # that program falls back to its default


def test_remind_in_its_own_process_shows_one_notification(isolated_home: Path) -> None:
    from tests.fake_bus import dbus_daemon, private_bus
    from tests.notify_bus import FakeNotifications

    if dbus_daemon() is None:
        pytest.skip("dbus-daemon is not installed (apt package dbus)")
    # Every day at midnight: whenever this runs, a session is due and nothing is done.
    everyday = '["mon", "tue", "wed", "thu", "fri", "sat", "sun"]'
    plan_file(isolated_home, f'[plan.tv-floor]\ndays = {everyday}\ntime = "00:00"\n')
    with private_bus() as address:
        service = FakeNotifications(address)
        try:
            env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address)
            done = subprocess.run(
                [sys.executable, "-m", "glutetui", "remind"],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert done.returncode == 0, done.stderr
            assert service.wait_for(lambda shown: len(shown) == 1)
            (shown,) = service.shown
            assert shown.summary.startswith("Floor routine for the TV · ")
            assert f"glutetui --home {isolated_home} start tv-floor" in shown.body
        finally:
            service.close()
