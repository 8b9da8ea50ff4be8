"""Privacy and safety: files only their owner can read, no network at all, speech
text never near a shell, and exports that never overwrite unasked."""

from __future__ import annotations

import socket
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from glutetui.cli import main
from glutetui.platform.sound import Speaker, SpeechCommand
from glutetui.screens.effort import EffortScreen
from glutetui.screens.history import HistoryScreen
from glutetui.screens.summary import SummaryScreen
from tests.clock import FakeClock
from tests.imports import packages_loaded
from tests.ui.conftest import loaded, make_app, workout
from tests.unit.test_catalog import TINY


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every way out to the network raises, and is recorded."""
    attempts: list[str] = []

    def refuse(what: str) -> Any:
        def blocked(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{what}{args[1:2]}")
            raise OSError(f"network blocked by the test: {what}")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    yield attempts


async def test_a_whole_session_opens_no_network_connection(
    isolated_home: Path, no_network: list[str]
) -> None:
    (isolated_home / "programs").mkdir(parents=True)
    (isolated_home / "programs" / "tiny.toml").write_text(TINY)
    clock = FakeClock()
    app = make_app(isolated_home, clock, start="tiny")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        for _ in range(200):
            if isinstance(app.screen, EffortScreen):
                await pilot.press("2", "enter")
            if isinstance(app.screen, SummaryScreen):
                break
            clock.advance(1)
            workout(app).wake()
            await pilot.pause()
        await pilot.press("escape", "h")
        assert isinstance(app.screen, HistoryScreen)
        for tab in "123456":
            await pilot.press(tab)
            await app.workers.wait_for_complete()
            await pilot.pause()
    for argv in (["history"], ["suggest"], ["export", "-o", str(isolated_home / "x.json")]):
        assert main(argv) == 0
    assert no_network == []


def test_the_home_database_settings_and_exports_are_private(isolated_home: Path) -> None:
    from glutetui.platform.locations import Locations
    from glutetui.platform.settings import Settings, save_settings
    from glutetui.services import Services

    services = Services(Locations(isolated_home, isolated_home), FakeClock())
    with services.store.read() as db:  # opening the store makes the home and the database
        assert db.workouts.count() == 0
    services.close()
    save_settings(isolated_home / "settings.toml", Settings(get_ready=5))
    assert main(["export", "-o", str(isolated_home / "mine.json")]) == 0
    assert main(["export", "-o", str(isolated_home / "mine.csv")]) == 0
    for path in ("", "glutetui.db", "settings.toml", "mine.json", "mine.csv"):
        assert private(isolated_home / path), f"{path or 'the home folder'} is readable by others"


def test_an_export_never_overwrites_unasked(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    isolated_home.mkdir(parents=True)
    target = isolated_home / "keep.json"
    target.write_text("precious")
    assert main(["export", "-o", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "precious"
    assert main(["export", "-o", str(target), "--force"]) == 0
    assert target.read_text() != "precious"


def test_speech_text_reaches_the_speech_command_untouched_by_a_shell(tmp_path: Path) -> None:
    """A real child: a phrase full of shell syntax arrives as one argument and runs nothing."""
    record = tmp_path / "argv.txt"
    script = tmp_path / "fake-speak"
    script.write_text(
        f"#!{sys.executable}\nimport sys\nopen({str(record)!r}, 'w').write(sys.argv[-1])\n"
    )
    script.chmod(0o700)
    trap = tmp_path / "pwned"
    phrase = f"Clamshell; touch {trap} && $(touch {trap}) `touch {trap}` | cat > {trap}"
    speaker = Speaker(SpeechCommand("espeak-ng", str(script)))
    speaker.say(phrase)
    speaker.children[0].wait(timeout=10)
    assert record.read_text() == phrase
    assert not trap.exists()
    speaker.close()


def test_no_module_of_the_app_imports_a_network_library() -> None:
    app = [
        "glutetui.cli",
        "glutetui.app",
        "glutetui.services",
        "glutetui.store.writer",
        "glutetui.store.store",
        "glutetui.store.repos",
    ]
    network = ["urllib3", "requests", "httpx", "aiohttp", "http", "ftplib", "smtplib"]
    assert packages_loaded(app, network) == []
