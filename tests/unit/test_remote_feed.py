"""The live stream's slots: a publish never waits, a slow phone gets the latest view
only, a quiet stream sends heartbeats, and the end of a stream is heard."""

from __future__ import annotations

import asyncio

import msgspec

from glutetui.remote.feed import END, FAREWELL, HEARTBEAT, Feed, Listener, view_frame
from glutetui.remote.view import PhoneView, encode


def view(time: str) -> PhoneView:
    return PhoneView(screen="workout", phase="LIFT", tone="work", time=time)


def test_a_view_is_one_event_of_one_line() -> None:
    frame = view_frame(PhoneView(exercise="Clam\nshell <b>", phase="LIFT"))
    assert frame.startswith(b"event: view\ndata: ") and frame.endswith(b"\n\n")
    data = frame.removeprefix(b"event: view\ndata: ").removesuffix(b"\n\n")
    assert b"\n" not in data
    assert msgspec.json.decode(data, type=PhoneView).exercise == "Clam\nshell <b>"


def test_the_view_holds_only_the_workouts_words() -> None:
    fields = set(msgspec.json.decode(encode(PhoneView())))
    assert fields == {
        "screen",
        "phase",
        "tone",
        "exercise",
        "side",
        "time",
        "time_label",
        "reps",
        "reps_label",
        "paused",
        "two_legged",
        "effort",
        "pain",
        "program",
        "next_planned",
    }


async def test_a_slow_stream_gets_the_latest_view_only() -> None:
    feed = Feed()
    listener = feed.open()
    assert await listener.take() == view_frame(PhoneView())  # live before any publish
    for second in range(100):  # the writer is busy; publishing never waits for it
        feed.publish(view(str(second)))
    assert await listener.take() == view_frame(view("99"))
    assert await listener.take(timeout=0.01) == HEARTBEAT


async def test_a_new_stream_starts_with_the_current_view() -> None:
    feed = Feed()
    feed.publish(view("12"))
    assert await feed.open().take() == view_frame(view("12"))


async def test_an_unchanged_view_is_not_sent_again() -> None:
    feed = Feed()
    listener = feed.open()
    feed.publish(view("5"))
    assert await listener.take() == view_frame(view("5"))
    feed.publish(view("5"))
    assert await listener.take(timeout=0.01) == HEARTBEAT


async def test_a_quiet_stream_sends_heartbeats() -> None:
    listener = Listener()
    assert await listener.take(timeout=0.01) == HEARTBEAT
    assert await listener.take(timeout=0.01) == HEARTBEAT


async def test_a_waiting_stream_wakes_for_a_view() -> None:
    feed = Feed()
    listener = feed.open()
    await listener.take()
    waiting = asyncio.ensure_future(listener.take(timeout=30))
    await asyncio.sleep(0)
    feed.publish(view("3"))
    assert await asyncio.wait_for(waiting, 1) == view_frame(view("3"))


async def test_an_ended_stream_says_goodbye_then_ends() -> None:
    feed = Feed()
    listener = feed.open()
    feed.publish(view("1"))
    feed.end_all(FAREWELL)
    assert await listener.take() == FAREWELL, "the farewell replaces the unsent view"
    assert await listener.take() == END
    listener.offer(view_frame(view("2")))
    assert await listener.take() == END, "nothing is sent after the end"


async def test_a_stopped_stream_just_ends() -> None:
    feed = Feed()
    listener = feed.open()
    await listener.take()
    waiting = asyncio.ensure_future(listener.take(timeout=30))
    await asyncio.sleep(0)
    feed.end_all()
    assert await asyncio.wait_for(waiting, 1) == END


async def test_too_many_streams_end_the_oldest() -> None:
    feed = Feed(max_streams=2)
    first, second, third = feed.open(), feed.open(), feed.open()
    assert feed.open_streams == 2
    assert first.ended and not second.ended and not third.ended


def test_connected_is_heard_when_the_first_stream_opens_and_the_last_closes() -> None:
    heard: list[bool] = []
    feed = Feed(on_change=heard.append)
    first = feed.open()
    second = feed.open()
    feed.close(first)
    assert heard == [True]
    feed.close(second)
    feed.close(second)
    assert heard == [True, False]
    feed.open()
    feed.end_all(FAREWELL)
    assert heard == [True, False, True, False]
