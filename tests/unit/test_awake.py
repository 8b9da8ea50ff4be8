"""Keeping the screen awake: taken on a real (private) session bus or through a stand-in
systemd-inhibit, released every way the app lets go, and never in the caller's way."""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from glutetui.platform.awake import (
    SYSTEMD_INHIBIT_ARGS,
    Hold,
    Inhibitor,
    KeepAwake,
    NoFacility,
    Status,
    SystemdInhibitBackend,
    spawn_with_lifeline,
)
from tests.imports import packages_loaded

if TYPE_CHECKING:
    from tests.awake_bus import Call, FakeScreenSaver

FAST = 0.05  # seconds: what "returns at once" means for hold(), release() and close()
PATIENCE = 5.0  # seconds: the most any test waits for the worker or a child
NO_BUS: dict[str, str] = {}  # an environment with no session bus and no SSH


def no_commands(name: str) -> str | None:
    return None


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def eventually(check: Callable[[], bool], timeout: float = PATIENCE) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


@dataclass
class FakeHold:
    method: str
    released: threading.Event = field(default_factory=threading.Event)
    fail_release: bool = False

    def release(self) -> None:
        self.released.set()
        if self.fail_release:
            raise OSError("the bus went away")


@dataclass
class FakeBackend:
    """Takes a hold named ``method``; can refuse, raise, or wait on ``gate`` first."""

    method: str = "fake"
    refuse: str | None = None
    error: Exception | None = None
    gate: threading.Event | None = None
    fail_release: bool = False
    holds: list[FakeHold] = field(default_factory=list)
    entered: threading.Event = field(default_factory=threading.Event)

    def __call__(self) -> Hold:
        self.entered.set()
        if self.gate is not None:
            self.gate.wait(PATIENCE)
        if self.error is not None:
            raise self.error
        if self.refuse is not None:
            raise NoFacility(self.refuse)
        hold = FakeHold(self.method, fail_release=self.fail_release)
        self.holds.append(hold)
        return hold


@pytest.fixture(autouse=True)
def no_faked_wakepy(monkeypatch: pytest.MonkeyPatch) -> None:
    # wakepy's own switches would make it succeed or fail regardless of the system.
    monkeypatch.delenv("WAKEPY_FAKE_SUCCESS", raising=False)
    monkeypatch.delenv("WAKEPY_FORCE_FAILURE", raising=False)


def test_importing_it_loads_neither_wakepy_nor_the_ui() -> None:
    loaded = packages_loaded(["glutetui.platform.awake"], ["wakepy", "jeepney", "textual", "rich"])
    assert loaded == []


# --- the contract, with stand-in backends --------------------------------------------------


def test_disabled_it_never_starts_a_thread_or_asks_anything() -> None:
    backend = FakeBackend()
    keep = KeepAwake(enabled=False, backends=[backend])
    keep.hold()
    keep.release()
    keep.hold()
    keep.close()
    assert keep.thread is None
    assert not backend.entered.is_set()
    assert keep.state.status is Status.DISABLED


def test_release_before_any_hold_starts_nothing() -> None:
    backend = FakeBackend()
    keep = KeepAwake(backends=[backend])
    keep.release()
    keep.close()
    assert keep.thread is None
    assert keep.state.status is Status.OFF


def test_hold_is_taken_once_released_once_and_taken_again() -> None:
    backend = FakeBackend(method="org.example.Inhibit")
    keep = KeepAwake(backends=[backend])
    keep.hold()
    keep.hold()  # already held: nothing more
    assert keep.wait(PATIENCE)
    assert keep.state.held
    assert keep.state.method == "org.example.Inhibit"
    assert len(backend.holds) == 1

    keep.release()
    keep.release()  # not held: nothing more
    assert keep.wait(PATIENCE)
    assert backend.holds[0].released.is_set()
    assert keep.state.status is Status.OFF
    assert keep.state.method is None

    keep.hold()
    assert keep.wait(PATIENCE)
    assert len(backend.holds) == 2
    assert keep.state.held
    keep.close()
    assert backend.holds[1].released.is_set()
    assert keep.thread is not None and not keep.thread.is_alive()


def test_the_first_backend_that_works_holds_and_the_rest_are_not_asked() -> None:
    refuses = FakeBackend(refuse="no session bus")
    works = FakeBackend(method="second")
    never = FakeBackend(method="third")
    keep = KeepAwake(backends=[refuses, works, never])
    keep.hold()
    assert keep.wait(PATIENCE)
    assert keep.state.method == "second"
    assert not never.entered.is_set()
    keep.close()


def test_no_facility_is_a_state_with_a_reason_never_an_error(
    capfd: pytest.CaptureFixture[str],
) -> None:
    keep = KeepAwake(
        backends=[
            FakeBackend(refuse="no session bus"),
            FakeBackend(error=RuntimeError("boom")),
            FakeBackend(refuse="no systemd-inhibit"),
        ]
    )
    keep.hold()
    assert keep.wait(PATIENCE)
    state = keep.state
    assert state.status is Status.UNAVAILABLE
    assert state.method is None
    assert state.reason is not None
    assert "no session bus" in state.reason
    assert "boom" in state.reason
    assert "no systemd-inhibit" in state.reason
    keep.release()
    keep.close()
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_a_failed_release_is_recorded_not_raised() -> None:
    backend = FakeBackend(fail_release=True)
    keep = KeepAwake(backends=[backend])
    keep.hold()
    keep.release()
    assert keep.wait(PATIENCE)
    assert keep.state.status is Status.OFF
    assert keep.state.reason is not None and "the bus went away" in keep.state.reason
    keep.hold()  # the worker lives on
    assert keep.wait(PATIENCE)
    assert keep.state.held
    keep.close()


def test_an_ssh_session_asks_nothing_the_screen_is_at_the_other_end() -> None:
    backend = FakeBackend()
    keep = KeepAwake(backends=[backend], environ={"SSH_CONNECTION": "10.0.0.2 5 10.0.0.1 22"})
    keep.hold()
    assert keep.wait(PATIENCE)
    assert keep.state.status is Status.UNAVAILABLE
    assert keep.state.reason == "remote session (SSH)"
    assert not backend.entered.is_set()
    keep.close()


def test_the_caller_never_waits_even_when_the_backend_hangs() -> None:
    gate = threading.Event()
    backend = FakeBackend(method="slow", gate=gate)
    keep = KeepAwake(backends=[backend], close_timeout=0.2)
    try:
        assert timed(keep.hold) < FAST
        assert backend.entered.wait(PATIENCE)  # the worker is now stuck in the backend
        assert timed(keep.release) < FAST
        assert timed(keep.hold) < FAST
        assert not keep.wait(0.01)
        # close() gives up on a stuck worker after its bounded wait.
        assert timed(keep.close) < 0.2 + 0.3
        assert timed(keep.hold) < FAST  # closed: a no-op
    finally:
        gate.set()
    # Once unstuck, the worker still lets go of what it took, and stops.
    assert keep.thread is not None
    keep.thread.join(PATIENCE)
    assert not keep.thread.is_alive()
    assert backend.holds and all(h.released.is_set() for h in backend.holds)
    assert keep.state.status is Status.OFF


def test_without_any_facility_the_real_chain_answers_fast_and_says_why(
    capfd: pytest.CaptureFixture[str],
) -> None:
    keep = KeepAwake(environ=NO_BUS, which=no_commands)
    assert timed(keep.hold) < FAST
    assert keep.wait(PATIENCE)
    state = keep.state
    if state.status is Status.HELD:  # pragma: no cover - macOS and Windows always have one
        assert state.method in ("caffeinate", "SetThreadExecutionState")
    else:
        assert state.status is Status.UNAVAILABLE
        assert state.reason
        if sys.platform.startswith("linux"):
            assert "no session bus" in state.reason
            assert "no systemd-inhibit" in state.reason
    assert timed(keep.release) < FAST
    assert timed(keep.close) < 1.0
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


# --- a real session bus with a stand-in screensaver ----------------------------------------

needs_dbus = pytest.mark.skipif(
    shutil.which("dbus-daemon") is None or importlib.util.find_spec("jeepney") is None,
    reason="a private session bus needs dbus-daemon (and jeepney, which wakepy brings on Linux)",
)


def named(calls: Sequence[Call], member: str) -> list[Call]:
    return [c for c in calls if c.member == member]


def vanished(calls: Sequence[Call], sender: str) -> bool:
    return any(c.sender == sender for c in named(calls, "Vanished"))


@pytest.fixture
def screensaver() -> Iterator[FakeScreenSaver]:
    from tests.awake_bus import FakeScreenSaver
    from tests.fake_bus import private_bus

    with private_bus() as address:
        fake = FakeScreenSaver(address)
        try:
            yield fake
        finally:
            fake.close()


@needs_dbus
def test_on_a_session_bus_the_freedesktop_inhibit_is_taken_and_given_back(
    screensaver: FakeScreenSaver,
) -> None:
    env = {"DBUS_SESSION_BUS_ADDRESS": screensaver.address}
    keep = KeepAwake(environ=env, which=no_commands)
    assert timed(keep.hold) < FAST
    assert screensaver.wait_for(lambda calls: len(calls) >= 1)
    assert keep.wait(PATIENCE)
    assert keep.state.held
    assert keep.state.method == "org.freedesktop.ScreenSaver"
    inhibit = screensaver.calls[0]
    assert inhibit.member == "Inhibit"
    assert len(inhibit.args) == 2 and all(isinstance(a, str) for a in inhibit.args)

    assert timed(keep.release) < FAST
    assert screensaver.wait_for(lambda calls: len(calls) >= 2)
    uninhibit = screensaver.calls[1]
    assert uninhibit.member == "UnInhibit"
    assert uninhibit.cookie == inhibit.cookie
    assert uninhibit.sender == inhibit.sender
    assert keep.wait(PATIENCE)
    assert keep.state.status is Status.OFF

    # wakepy opened its connection for the hold and closes it with the release.
    assert screensaver.wait_for(lambda calls: vanished(calls, inhibit.sender))

    keep.hold()  # a second workout
    assert screensaver.wait_for(lambda calls: len(named(calls, "Inhibit")) == 2)
    second = named(screensaver.calls, "Inhibit")[1]
    assert second.cookie != inhibit.cookie
    keep.close()
    assert screensaver.wait_for(
        lambda calls: any(c.cookie == second.cookie for c in named(calls, "UnInhibit"))
    )
    assert keep.thread is not None and not keep.thread.is_alive()


@needs_dbus
def test_closing_while_held_gives_the_inhibit_back(screensaver: FakeScreenSaver) -> None:
    keep = KeepAwake(environ={"DBUS_SESSION_BUS_ADDRESS": screensaver.address})
    keep.hold()
    assert screensaver.wait_for(lambda calls: [c.member for c in calls] == ["Inhibit"])
    assert timed(keep.close) < 1.0
    assert screensaver.wait_for(lambda calls: len(named(calls, "UnInhibit")) == 1)
    (inhibit,) = named(screensaver.calls, "Inhibit")
    (uninhibit,) = named(screensaver.calls, "UnInhibit")
    assert uninhibit.cookie == inhibit.cookie


@needs_dbus
def test_a_bus_with_no_screensaver_on_it_means_no_facility() -> None:
    from tests.fake_bus import private_bus

    with private_bus() as address:
        keep = KeepAwake(environ={"DBUS_SESSION_BUS_ADDRESS": address}, which=no_commands)
        keep.hold()
        assert keep.wait(PATIENCE)
        state = keep.state
        keep.close()
    assert state.status is Status.UNAVAILABLE
    assert state.reason is not None
    assert "tried org.freedesktop.ScreenSaver, org.gnome.SessionManager" in state.reason


@needs_dbus
def test_if_the_app_dies_holding_it_leaves_the_bus_and_the_inhibit_with_it(
    screensaver: FakeScreenSaver,
) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        from glutetui.platform.awake import KeepAwake
        keep = KeepAwake(environ={{"DBUS_SESSION_BUS_ADDRESS": {screensaver.address!r}}})
        keep.hold()
        keep.wait({PATIENCE})
        print(keep.state.status.value, flush=True)
        sys.stdin.read()
        """
    )
    app = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert app.stdout is not None
        assert app.stdout.readline().strip() == "held"
        assert [c.member for c in screensaver.calls] == ["Inhibit"]
        app.send_signal(signal.SIGKILL)  # no release, no close: the process is just gone
        app.wait(PATIENCE)
        sender = screensaver.calls[0].sender
        assert screensaver.wait_for(lambda calls: vanished(calls, sender))
        assert named(screensaver.calls, "UnInhibit") == []
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(PATIENCE)
        for stream in (app.stdin, app.stdout):
            if stream is not None:
                stream.close()


# --- a stand-in systemd-inhibit on PATH -----------------------------------------------------

needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="the stand-in is a shell script")


@dataclass
class StandIn:
    folder: Path
    argv_file: Path
    pid_file: Path

    def argv(self) -> list[str]:
        return self.argv_file.read_text(encoding="utf-8").splitlines()

    def pid(self) -> int:
        return int(self.pid_file.read_text(encoding="utf-8"))


def write_stand_in(folder: Path, *, exit_at_once: bool = False) -> StandIn:
    """A systemd-inhibit that notes its arguments and pid, then runs its command (the
    last argument) in its place as the real one does, or fails like one with no logind."""
    folder.mkdir(parents=True, exist_ok=True)
    argv_file, pid_file = folder / "argv", folder / "pid"
    tail = (
        'echo "Failed to connect to bus: No such file or directory" >&2\nexit 1'
        if exit_at_once
        else 'for last; do :; done\nexec "$last"'
    )
    script = folder / "systemd-inhibit"
    script.write_text(
        "#!/bin/sh\n"
        f"printf '%s\\n' \"$0\" \"$@\" > '{argv_file}.part'\n"
        f"mv '{argv_file}.part' '{argv_file}'\n"
        f"echo $$ > '{pid_file}.part'\n"
        f"mv '{pid_file}.part' '{pid_file}'\n"
        f"{tail}\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return StandIn(folder, argv_file, pid_file)


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> StandIn:
    fake = write_stand_in(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{fake.folder}{os.pathsep}{os.environ.get('PATH', '')}")
    return fake


@needs_posix
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="wakepy would use caffeinate")
def test_with_no_bus_systemd_inhibit_is_started_and_ended(stand_in: StandIn) -> None:
    keep = KeepAwake(environ=NO_BUS, platform="linux", settle=0.2)
    assert timed(keep.hold) < FAST
    assert keep.wait(PATIENCE)
    assert keep.state.held
    assert keep.state.method == "systemd-inhibit"
    assert eventually(stand_in.pid_file.exists)
    assert stand_in.argv() == [str(stand_in.folder / "systemd-inhibit"), *SYSTEMD_INHIBIT_ARGS]
    assert stand_in.argv()[1:] == [
        "--what=idle:sleep",
        "--who=glutetui",
        "--why=Workout in progress",
        "--mode=block",
        "cat",
    ]
    pid = stand_in.pid()
    assert not gone(pid)

    assert timed(keep.release) < FAST
    assert keep.wait(PATIENCE)
    assert gone(pid)
    assert keep.state.status is Status.OFF

    stand_in.pid_file.unlink()
    keep.hold()
    assert keep.wait(PATIENCE)
    assert eventually(stand_in.pid_file.exists)
    pid = stand_in.pid()
    assert timed(keep.close) < 1.0
    assert gone(pid)


@needs_posix
def test_the_fallback_child_ends_by_itself_when_the_app_goes(stand_in: StandIn) -> None:
    children: list[Inhibitor] = []

    def spawn(argv: Sequence[str]) -> Inhibitor:
        child = spawn_with_lifeline(argv)
        children.append(child)
        return child

    keep = KeepAwake(backends=[SystemdInhibitBackend(spawn=spawn, settle=0.2)])
    keep.hold()
    assert keep.wait(PATIENCE)
    assert keep.state.method == "systemd-inhibit"
    (child,) = children
    # What the kernel does when the app dies: our end of the lifeline closes.
    assert child.stdin is not None
    child.stdin.close()
    assert child.wait(PATIENCE) == 0
    keep.close()


@needs_posix
def test_a_systemd_inhibit_that_fails_at_once_means_no_facility(tmp_path: Path) -> None:
    fake = write_stand_in(tmp_path / "bin", exit_at_once=True)
    path = str(fake.folder / "systemd-inhibit")
    children: list[Inhibitor] = []

    def spawn(argv: Sequence[str]) -> Inhibitor:
        child = spawn_with_lifeline(argv)
        children.append(child)
        return child

    backend = SystemdInhibitBackend(
        which=lambda name: path if name == "systemd-inhibit" else None, spawn=spawn
    )
    keep = KeepAwake(backends=[backend])
    assert timed(keep.hold) < FAST
    assert keep.wait(PATIENCE)
    assert keep.state.status is Status.UNAVAILABLE
    assert keep.state.reason == "systemd-inhibit ended at once (status 1)"
    assert children[0].poll() == 1
    keep.close()


def test_without_systemd_inhibit_the_fallback_says_so() -> None:
    keep = KeepAwake(backends=[SystemdInhibitBackend(which=no_commands)])
    keep.hold()
    assert keep.wait(PATIENCE)
    assert keep.state.reason == "no systemd-inhibit"
    keep.close()


def test_systemd_inhibit_is_a_fallback_on_linux_only() -> None:
    from glutetui.platform.awake import WakepyBackend, default_backends

    def kinds(platform: str) -> list[type]:
        return [type(b) for b in default_backends(platform=platform)]

    assert kinds("linux") == [WakepyBackend, SystemdInhibitBackend]
    assert kinds("darwin") == [WakepyBackend]
    assert kinds("win32") == [WakepyBackend]
