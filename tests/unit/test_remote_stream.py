"""The remote's live view on a running server: a published view reaches the paired
phone and nothing else does, a slow phone skips to the latest, and the phone's session
ends when the laptop lets it go, when another phone pairs, but not when the server
restarts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from glutetui.intents import StartProgram
from glutetui.remote import feed
from glutetui.remote.server import RemoteServer
from glutetui.remote.view import PhoneView, encode
from tests.remote import Sink, next_view, pair

EFFORT = PhoneView(screen="effort", phase="HOW DID IT FEEL?", tone="effort", effort=2)


@pytest.fixture
def sink() -> Sink:
    return Sink()


@pytest.fixture
async def server(sink: Sink) -> AsyncIterator[RemoteServer]:
    remote = RemoteServer(sink, host="127.0.0.1", port=0)
    await remote.start()
    yield remote
    await remote.stop()


async def test_a_published_view_reaches_the_phone(server: RemoteServer) -> None:
    phone = await pair(server)
    async with phone.client:
        events = phone.views()
        assert await next_view(events) == PhoneView(), "live at once, before any publish"
        workout = PhoneView(screen="workout", phase="LIFT", tone="work", time="12", reps="3")
        server.publish(workout)
        assert await next_view(events) == workout
        server.publish(EFFORT)
        assert await next_view(events) == EFFORT
        await events.aclose()


async def test_only_the_view_crosses(server: RemoteServer) -> None:
    phone = await pair(server)
    async with phone.client:
        server.publish(EFFORT)
        events = phone.views()
        name, data = await anext(events)
        assert name == "view"
        assert data == encode(EFFORT), "the view, byte for byte, and nothing else"
        await events.aclose()


async def test_a_quiet_stream_has_a_heartbeat(
    server: RemoteServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed, "HEARTBEAT_SECONDS", 0.3)  # the stream's wait, made short
    phone = await pair(server)
    async with phone.client:
        events = phone.views()
        await next_view(events)
        name, _ = await asyncio.wait_for(anext(events), feed.HEARTBEAT_SECONDS + 2)
        assert name == "beat"
        await events.aclose()


async def test_a_phone_that_cannot_keep_up_gets_the_latest_view(server: RemoteServer) -> None:
    phone = await pair(server)
    async with phone.client:
        events = phone.views()
        await next_view(events)
        for second in range(5000):  # the phone reads nothing meanwhile
            server.publish(PhoneView(screen="workout", time=str(second), exercise="x" * 200))
        seen = [await next_view(events)]
        while seen[-1].time != "4999":
            seen.append(await next_view(events))
        assert len(seen) < 5000, "old views were dropped, not queued"
        await events.aclose()


async def test_connected_follows_the_phones_stream(server: RemoteServer) -> None:
    heard: list[bool] = []
    server._on_connected = heard.append
    assert not server.connected
    phone = await pair(server)
    async with phone.client:
        events = phone.views()
        await next_view(events)
        assert server.connected
        await events.aclose()
    for _ in range(100):
        if not server.connected:
            break
        await asyncio.sleep(0.02)
    assert not server.connected and heard == [True, False]


async def test_disconnect_lets_the_phone_go(server: RemoteServer, sink: Sink) -> None:
    phone = await pair(server)
    async with phone.client:
        events = phone.views()
        await next_view(events)
        server.disconnect()
        assert await anext(events) == ("bye", b"")
        assert await phone.tap({"intent": "pause"}) == 403
        async with phone.client.get(server.address) as page:
            assert page.status == 403
        await events.aclose()
    assert sink.intents == [] and not server.connected


async def test_pairing_a_new_phone_ends_the_old_ones_session(server: RemoteServer) -> None:
    old = await pair(server)
    async with old.client:
        events = old.views()
        await next_view(events)
        new = await pair(server)
        async with new.client:
            assert await anext(events) == ("bye", b"")
            assert await old.tap({"intent": "pause"}) == 403
            assert await new.tap({"intent": "pause"}) == 204
        await events.aclose()


async def test_a_restarted_server_keeps_its_port_and_its_phone(
    server: RemoteServer, sink: Sink
) -> None:
    address = server.address
    phone = await pair(server)
    async with phone.client:
        events = phone.views()
        await next_view(events)
        await server.stop()
        with pytest.raises(StopAsyncIteration):
            await anext(events)  # the stream ends, without a farewell
        assert not server.running
        await server.start()
        assert server.address == address
        server.publish(PhoneView(screen="home", program="Floor basics"))
        assert (await next_view(phone.views())).program == "Floor basics"
        assert await phone.tap({"intent": "start"}) == 204
    assert sink.intents == [StartProgram()]
