"""Start-up's interpreter settings (platform/startup.py) are set back exactly as they
were, whatever order begin and end come in."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest

from glutetui.platform import startup


@pytest.fixture(autouse=True)
def _interpreter_as_it_was() -> Iterator[None]:
    interval, collecting = sys.getswitchinterval(), gc.isenabled()
    yield
    startup.end()
    sys.setswitchinterval(interval)
    if collecting:
        gc.enable()
    else:
        gc.disable()


def test_begin_quickens_the_switch_and_stops_collections_until_end() -> None:
    sys.setswitchinterval(0.004)
    gc.enable()

    startup.begin()
    assert startup.begun()
    assert sys.getswitchinterval() == pytest.approx(startup.SWITCH_SECONDS)
    assert not gc.isenabled()

    startup.end()
    assert not startup.begun()
    assert sys.getswitchinterval() == pytest.approx(0.004)
    assert gc.isenabled()


def test_a_second_begin_keeps_the_first_interval_to_set_back() -> None:
    sys.setswitchinterval(0.003)
    startup.begin()
    startup.begin()
    startup.end()
    assert sys.getswitchinterval() == pytest.approx(0.003)


def test_end_without_begin_changes_nothing() -> None:
    sys.setswitchinterval(0.004)
    gc.disable()  # someone else's choice, not start-up's
    startup.end()
    startup.end()
    assert sys.getswitchinterval() == pytest.approx(0.004)
    assert not gc.isenabled()
