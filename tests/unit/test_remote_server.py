"""The remote's server, running on loopback: what a paired phone can do, and everything
anyone else tries refused with a bare status code."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import aiohttp
import pytest

from glutetui.intents import (
    AddRest,
    Back,
    EndWorkout,
    FlagPain,
    Next,
    Pause,
    Rate,
    Resume,
    StartProgram,
)
from glutetui.remote.guard import BURST, PAIRING_TTL
from glutetui.remote.server import COOKIE, FORM_HEADER, FORM_QUERY, MAX_BODY, RemoteServer
from tests.clock import FakeClock
from tests.remote import Phone, Sink, new_client, pair, raw, request

SCAN_AGAIN = "Scan the code again"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sink() -> Sink:
    return Sink()


@pytest.fixture
async def server(sink: Sink, clock: FakeClock) -> AsyncIterator[RemoteServer]:
    remote = RemoteServer(sink, clock=clock, host="127.0.0.1", port=0)
    await remote.start()
    yield remote
    await remote.stop()


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with new_client() as session:
        yield session


# --- pairing ------------------------------------------------------------------------------


async def test_the_address_names_the_servers_own_host_and_port(server: RemoteServer) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", server.address)
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/P/[A-Z2-7]{32}", server.pairing_url())


async def test_a_pairing_url_sets_a_strict_httponly_cookie_and_opens_the_page(
    server: RemoteServer, client: aiohttp.ClientSession
) -> None:
    async with client.get(server.pairing_url(), allow_redirects=False) as response:
        assert response.status == 303 and response.headers["Location"] == "/"
        cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    async with client.get(server.address) as page:
        assert page.status == 200
        assert page.headers["Content-Type"] == "text/html; charset=utf-8"


async def test_a_pairing_url_works_once(server: RemoteServer) -> None:
    url = server.pairing_url()
    async with new_client() as first, new_client() as second:
        async with first.get(url) as response:
            assert response.status == 200
        async with second.get(url) as again:
            assert again.status == 403
            assert SCAN_AGAIN in await again.text()
        async with second.get(server.address) as page:
            assert page.status == 403


async def test_a_wrong_or_expired_code_pairs_nothing(
    server: RemoteServer, client: aiohttp.ClientSession, clock: FakeClock
) -> None:
    url = server.pairing_url()
    code = url.rsplit("/", 1)[1]
    wrong = url[: -len(code)] + ("A" if code[0] != "A" else "B") + code[1:]
    async with client.get(wrong) as response:
        assert response.status == 403
    clock.advance(PAIRING_TTL + 1)
    async with client.get(url) as response:
        assert response.status == 403
    async with client.get(server.address) as page:
        assert page.status == 403


async def refused_page(client: aiohttp.ClientSession, url: str) -> tuple[str, str]:
    """A refused link's page, with its nonces taken out, and its policy."""
    async with client.get(url) as response:
        assert response.status == 403
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        policy = response.headers["Content-Security-Policy"]
        return re.sub(r'nonce="[^"]*"', "", await response.text()), policy


async def test_a_refused_link_says_to_scan_the_code_again_whatever_was_wrong(
    server: RemoteServer, client: aiohttp.ClientSession, clock: FakeClock
) -> None:
    """A phone's browser shows a few words instead of its bare error page, and they are
    the same for a wrong, a used and an expired code, and for the page without a
    session: nothing tells a guesser which it was."""
    used = server.pairing_url()
    async with new_client() as phone, phone.get(used) as paired:
        assert paired.status == 200
    expired = server.pairing_url()
    clock.advance(PAIRING_TTL + 1)
    code = expired.rsplit("/", 1)[1]
    wrong = expired[: -len(code)] + "A" * 32
    pages = [await refused_page(client, url) for url in (used, expired, wrong, server.address)]
    body, policy = pages[0]
    assert SCAN_AGAIN in body and "<script" not in body
    assert all(other == body for other, _ in pages[1:])
    assert "script-src" not in policy and "default-src 'none'" in policy
    assert "form-action 'none'" in policy and "frame-ancestors 'none'" in policy
    for word in ("expired", "used", "wrong", "invalid", "token", code):
        assert word not in body.lower(), word


async def test_the_page_and_the_stream_need_the_cookie(
    server: RemoteServer, client: aiohttp.ClientSession
) -> None:
    for path in ("", "events"):
        async with client.get(server.address + path) as response:
            assert response.status == 403
    client.cookie_jar.update_cookies({COOKIE: "a guess"})
    async with client.get(server.address + "events") as response:
        assert response.status == 403


async def stream_status(phone: Phone, query: str, **headers: str) -> int:
    async with phone.client.get(f"{phone.server.address}events{query}", headers=headers) as r:
        return r.status


async def test_the_stream_needs_the_form_key_as_a_command_does(server: RemoteServer) -> None:
    phone = await pair(server)
    async with phone.client:
        assert await stream_status(phone, "") == 403
        assert await stream_status(phone, f"?{FORM_QUERY}=") == 403
        assert await stream_status(phone, f"?{FORM_QUERY}={phone.form_key}x") == 403
        assert await stream_status(phone, f"?{FORM_QUERY}={phone.cookie}") == 403
        assert await stream_status(phone, f"?other={phone.form_key}") == 403
        assert await stream_status(phone, f"?{FORM_QUERY}={phone.form_key}") == 200


async def test_the_stream_refuses_another_origin(server: RemoteServer) -> None:
    """A page on another port of the same laptop is the same site (the browser sends
    it the phone's cookie) but another origin: it may not hold the stream's places."""
    phone = await pair(server)
    key = f"?{FORM_QUERY}={phone.form_key}"
    other_port = server.origin.rsplit(":", 1)[0] + ":3000"
    async with phone.client:
        assert await stream_status(phone, key, Origin=other_port) == 403
        assert await stream_status(phone, key, Origin="http://evil.example") == 403
        assert await stream_status(phone, key, Origin="null") == 403
        assert await stream_status(phone, key, **{"Sec-Fetch-Site": "same-site"}) == 403
        assert await stream_status(phone, key, **{"Sec-Fetch-Site": "cross-site"}) == 403
        assert await stream_status(phone, key, Origin=server.origin) == 200
        assert await stream_status(phone, key, **{"Sec-Fetch-Site": "same-origin"}) == 200


# --- commands -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "record"),
    [
        ({"intent": "pause"}, Pause()),
        ({"intent": "resume"}, Resume()),
        ({"intent": "next"}, Next()),
        ({"intent": "back"}, Back()),
        ({"intent": "add-rest", "seconds": 15}, AddRest(seconds=15)),
        ({"intent": "end"}, EndWorkout()),
        ({"intent": "rate", "effort": 2}, Rate(effort=2)),
        ({"intent": "pain", "side": "left"}, FlagPain(side="left")),
        ({"intent": "pain", "side": "both"}, FlagPain(side="both")),
        ({"intent": "start"}, StartProgram()),
    ],
)
async def test_a_tap_reaches_the_app_as_its_intent(
    server: RemoteServer, sink: Sink, sent: dict[str, object], record: object
) -> None:
    phone = await pair(server)
    async with phone.client:
        assert await phone.tap(sent) == 204
    assert sink.intents == [record]


async def test_a_command_from_another_origin_is_refused(server: RemoteServer, sink: Sink) -> None:
    phone = await pair(server)
    async with phone.client:
        assert await phone.tap({"intent": "end"}, Origin="http://evil.example") == 403
        assert await phone.tap({"intent": "end"}, Origin="null") == 403
        assert await phone.tap({"intent": "end"}, **{"Sec-Fetch-Site": "cross-site"}) == 403
        assert await phone.tap({"intent": "pause"}) == 204
    assert sink.intents == [Pause()]


async def test_a_command_without_the_form_key_is_refused(server: RemoteServer, sink: Sink) -> None:
    phone = await pair(server)
    async with phone.client:
        assert await phone.tap({"intent": "end"}, **{FORM_HEADER: ""}) == 403
        assert await phone.tap({"intent": "end"}, **{FORM_HEADER: phone.form_key + "x"}) == 403
        assert await phone.tap({"intent": "end"}, **{FORM_HEADER: phone.cookie}) == 403
        body = b'{"intent":"end"}'
        headers = {"Content-Type": "application/json", "Origin": server.origin}
        async with phone.client.post(server.address + "intent", data=body, headers=headers) as r:
            assert r.status == 403
    assert sink.intents == []


async def test_a_command_without_the_cookie_is_refused(server: RemoteServer, sink: Sink) -> None:
    phone = await pair(server)
    async with phone.client:
        phone.client.cookie_jar.clear()
        assert await phone.tap({"intent": "end"}) == 403
    assert sink.intents == []


async def test_anything_but_a_phone_intent_is_refused(server: RemoteServer, sink: Sink) -> None:
    phone = await pair(server)
    async with phone.client:
        wrongs: list[dict[str, object]] = [
            {"intent": "toggle-voice"},  # an intent, but not one a phone may send
            {"intent": "answer-suggestion", "suggestion": 1, "accept": True},
            {"intent": "rate", "effort": 9},
            {"intent": "pain", "side": "middle"},
            {"intent": "pause", "extra": 1},
            {"nothing": "here"},
        ]
        for wrong in wrongs:
            assert await phone.tap(wrong) == 400, wrong
        not_json = {"Content-Type": "text/plain", FORM_HEADER: phone.form_key}
        url = server.address + "intent"
        async with phone.client.post(url, data=b"{}", headers=not_json) as r:
            assert r.status in (403, 415)
    assert sink.intents == []


async def test_a_big_body_is_refused_unread(server: RemoteServer, sink: Sink) -> None:
    phone = await pair(server)
    ten_mb = b'{"intent":"pause","pad":"' + b"x" * 10_000_000 + b'"}'
    headers = {
        "Content-Type": "application/json",
        FORM_HEADER: phone.form_key,
        "Origin": server.origin,
    }
    async with phone.client:
        url = server.address + "intent"
        async with phone.client.post(url, data=ten_mb, headers=headers) as r:
            assert r.status == 413
            assert await r.read() == b""

        async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: read, then cut off
            for _ in range(10):
                yield b"x" * 1_000_000

        try:
            async with phone.client.post(url, data=chunks(), headers=headers) as r:
                assert r.status == 413
        except aiohttp.ClientError:
            pass  # the server may close the connection while the rest is still being sent
        just_over = b'{"intent":"pause","x":"' + b"x" * MAX_BODY + b'"}'
        async with phone.client.post(url, data=just_over, headers=headers) as r:
            assert r.status == 413
    assert sink.intents == []


# --- paths --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/../",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/P/../events/../../",
        "//etc/passwd",
        "/static/page.js",
        "/page.js",
        "/page.css",
        "/favicon.ico",
        "/robots.txt",
        "/.git/config",
        "/P/",
        "/P/short",
        "/P/abcdefghijklmnopqrstuvwxyzabcdef",
        "/intent/",
        "/events/x",
        "/index.html",
        "/history",
        "/settings",
    ],
)
async def test_unknown_paths_are_404_with_no_detail(server: RemoteServer, path: str) -> None:
    phone = await pair(server)
    async with phone.client:
        reply = await raw(server, request(server, "GET", path, f"Cookie: {COOKIE}={phone.cookie}"))
    assert reply.status in (403, 404), (path, reply.status)
    assert reply.body == b""


async def test_other_methods_look_like_unknown_paths(server: RemoteServer) -> None:
    for method, path in (("POST", "/"), ("GET", "/intent"), ("POST", "/events"), ("PUT", "/")):
        reply = await raw(server, request(server, method, path))
        assert reply.status == 404 and reply.body == b"", (method, path)
        assert "allow" not in reply.headers
    for method in ("HEAD", "OPTIONS", "DELETE", "TRACE"):
        reply = await raw(server, request(server, method, "/"))
        assert reply.status == 404, method


async def test_only_four_routes_exist(server: RemoteServer) -> None:
    runner = server._runner
    assert runner is not None
    routes = {(r.method, r.resource.canonical) for r in runner.app.router.routes()}  # type: ignore[union-attr]
    assert routes == {
        ("GET", "/"),
        ("GET", "/P/{code}"),
        ("GET", "/events"),
        ("POST", "/intent"),
    }


async def test_a_request_for_another_host_is_refused(server: RemoteServer) -> None:
    """A page elsewhere that points its own name at this address (DNS rebinding) sends
    its own name as Host."""
    url = server.pairing_url()
    path = url.removeprefix(server.origin)
    port = server.origin.rsplit(":", 1)[1]
    for host in (f"evil.example:{port}", "127.0.0.1", f"localhost:{port}", ""):
        line = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
        assert (await raw(server, line)).status == 403, host
    no_host = f"GET {path} HTTP/1.0\r\n\r\n".encode()
    assert (await raw(server, no_host)).status == 403
    async with new_client() as client, client.get(url) as response:
        assert response.status == 200, "the refusals did not use up the code"


# --- refusals and the rate limit ----------------------------------------------------------


async def test_failures_from_one_address_are_refused_cheaply_after_the_burst(
    server: RemoteServer, clock: FakeClock
) -> None:
    for _ in range(BURST):
        assert (await raw(server, request(server, "GET", "/P/" + "A" * 32))).status == 403
    url = server.pairing_url()
    path = url.removeprefix(server.origin)
    reply = await raw(server, request(server, "GET", path))
    assert reply.status == 429 and reply.body == b"", "even a good code waits"
    clock.advance(1.0)
    async with new_client() as client, client.get(url) as response:
        assert response.status == 200, "the bucket refills"


async def test_a_paired_phone_never_meets_the_limit(server: RemoteServer, sink: Sink) -> None:
    phone = await pair(server)
    async with phone.client:
        for _ in range(BURST * 3):
            assert await phone.tap({"intent": "next"}) == 204
    assert len(sink.intents) == BURST * 3


async def test_every_response_forbids_caching_sniffing_and_framing(server: RemoteServer) -> None:
    for path in ("/", "/nowhere"):
        reply = await raw(server, request(server, "GET", path))
        assert reply.headers["cache-control"] == "no-store"
        assert reply.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'none'" in reply.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in reply.headers["content-security-policy"]


async def test_the_page_runs_only_its_own_inline_script_and_style(
    server: RemoteServer, client: aiohttp.ClientSession
) -> None:
    async with client.get(server.pairing_url()) as first:
        page = await first.text()
        policy = first.headers["Content-Security-Policy"]
    nonce = re.search(r"script-src 'nonce-([A-Za-z0-9_-]+)'", policy)
    assert nonce is not None
    assert f"style-src 'nonce-{nonce.group(1)}'" in policy
    assert "connect-src 'self'" in policy and "default-src 'none'" in policy
    assert "unsafe" not in policy and "http" not in policy
    assert page.count(f'nonce="{nonce.group(1)}"') == 2
    assert re.findall(r"<(script|style|link)\b[^>]*>", page) == ["link", "style", "script"]
    assert not re.search(r"\b(src|href)=\"(?!data:,\")", page), "nothing loads from anywhere"
    async with client.get(server.address) as second:
        again = second.headers["Content-Security-Policy"]
    assert again != policy, "a fresh nonce for every response"


async def test_a_failing_app_is_a_bare_500(sink: Sink) -> None:
    def broken(intent: object) -> None:
        raise RuntimeError("the app broke")

    server = RemoteServer(broken, host="127.0.0.1", port=0)
    await server.start()
    try:
        phone = await pair(server)
        async with phone.client:
            assert await phone.tap({"intent": "pause"}) == 500
    finally:
        await server.stop()
