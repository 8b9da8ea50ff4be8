"""The helper process: its bytes back whole, or None, and never a process left behind."""

from __future__ import annotations

import os
import sys

import pytest

from glutetui.platform.spawned import another_core, spawn


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def gone(pid: int) -> bool:
    """Whether the process has ended and been reaped (no zombie left)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_helpers_output_comes_back_whole() -> None:
    """More than a pipe holds at once: read as it comes, in order."""
    helper = spawn(python("import sys; sys.stdout.buffer.write(bytes(range(256)) * 1000)"))
    assert helper is not None
    assert helper.result(timeout=60) == bytes(range(256)) * 1000
    assert gone(helper.pid)


def test_a_helper_that_fails_gives_nothing_even_what_it_wrote() -> None:
    helper = spawn(python("import sys; sys.stdout.write('half'); sys.exit(1)"))
    assert helper is not None
    assert helper.result(timeout=60) is None
    assert gone(helper.pid)


def test_a_helper_too_slow_is_stopped_and_gives_nothing() -> None:
    helper = spawn(
        python("import sys, time; sys.stdout.write('x'); sys.stdout.flush(); time.sleep(60)")
    )
    assert helper is not None
    assert helper.result(timeout=0.5) is None
    assert gone(helper.pid)


def test_a_helper_reads_nothing_and_says_nothing_on_our_terminal(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """Its input is empty and its errors go nowhere: the terminal is the app's."""
    code = "import sys; print('oops', file=sys.stderr); sys.stdout.write(repr(sys.stdin.read()))"
    helper = spawn(python(code))
    assert helper is not None
    assert helper.result(timeout=60) == b"''"
    assert capfd.readouterr().err == ""


def test_a_result_is_taken_once() -> None:
    helper = spawn(python("pass"))
    assert helper is not None
    assert helper.result(timeout=60) == b""
    with pytest.raises(RuntimeError):
        helper.result(timeout=60)


def test_a_program_that_is_not_there_starts_no_helper() -> None:
    assert spawn(["/nonexistent/python", "-c", "pass"]) is None


def test_where_helpers_cannot_be_spawned_the_caller_does_the_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As on Windows: no posix_spawn, no helper."""
    monkeypatch.delattr(os, "posix_spawn")
    assert spawn(python("pass")) is None


def test_with_one_core_a_helper_would_gain_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cores this process may run on decide, where the system says (Linux), else
    the machine's count."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert not another_core()
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert another_core()
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not another_core()
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert not another_core()
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert another_core()
