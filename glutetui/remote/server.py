"""The phone remote's web server: four routes in the app's own asyncio loop.

``GET /P/<code>`` pairs the phone that scanned the code and sends it to ``GET /``, the
page; the page listens on ``GET /events?key=<anti-forgery value>`` (Server-Sent Events:
the current :class:`PhoneView` and every change, a heartbeat in between) and sends each
tap as ``POST /intent``, one intent record as JSON, which reaches ``on_intent`` as it
is. Nothing else exists: every other path is a bare 404.

Before any of that, a connection has to be let in: :mod:`glutetui.remote.connections`
accepts them, caps how many are open (per address and in all) and cuts any that sends
its request too slowly or sits idle, so idle and slow connections cannot pile up.

Every request passes one guard, in order: an address that failed too often is refused
at once (429) without a byte of its request read; the Host header must name this
server (a page elsewhere that rebinds its own name to this address gets nothing); then
the route checks the phone's cookie, the request's origin and, for the live stream
and a command, the anti-forgery value (a command also the body's size). A refusal is
a bare status code (403, 404, 413; 400 or 415 for a malformed command) that never
says which check failed, and counts against the client's address; only a pairing link
or the page opened in a browser without a session gets a few words with its 403 (scan
the code on the laptop again), the same whatever the reason.

The server runs inside the event loop that calls :meth:`RemoteServer.start` (Textual's)
and never makes the workout wait: publishing a view is a few assignments, and each
phone's stream sends the latest view when it can.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Awaitable, Callable

import msgspec
from aiohttp import web

from glutetui.intents import PhoneIntent, decode_phone
from glutetui.platform.clock import Clock, SystemClock
from glutetui.remote import guard, network, page
from glutetui.remote.connections import Door, Limits, State
from glutetui.remote.feed import END, FAREWELL, OPENING, Feed
from glutetui.remote.view import PhoneView

log = logging.getLogger(__name__)

# The largest command is a start with an 80-character program id, about 120 bytes.
MAX_BODY = 2048
COOKIE = "glutetui-remote"
FORM_HEADER = "X-Form-Key"
# The live stream carries the anti-forgery value in its address (a browser's
# EventSource cannot send a header): /events?key=...
FORM_QUERY = "key"
# A write to a phone that takes longer than this ends its stream (its Wi-Fi went).
WRITE_TIMEOUT = 10.0
REFUSALS = frozenset({400, 403, 404, 405, 413, 415})


def _refusal(status: int) -> web.Response:
    return web.Response(status=status)


def _scan_again() -> web.Response:
    """A refused pairing link, or the page without a session, in a browser: still 403,
    with a few words on what to do (the same whatever was wrong)."""
    body, policy = page.refused()
    response = web.Response(status=403, body=body, content_type="text/html", charset="utf-8")
    response.headers["Content-Security-Policy"] = policy
    return response


class RemoteServer:
    """The phone remote, off until :meth:`start`.

    ``on_intent`` gets each tap as an intent record, in the event loop's thread; it should
    hand the intent on and return (a Textual app posts a message). ``on_connected`` hears
    when a phone's live stream opens or closes (what :attr:`connected` says).
    """

    def __init__(
        self,
        on_intent: Callable[[PhoneIntent], None],
        *,
        clock: Clock | None = None,
        host: str | None = None,
        port: int | None = None,
        on_connected: Callable[[bool], None] | None = None,
        limits: Limits | None = None,
    ) -> None:
        self._on_intent = on_intent
        self._limits = limits or Limits()
        clock = clock or SystemClock()
        self._host = host
        self._port = port
        self._clock = clock
        self.pairing = guard.Pairing(clock)
        self.limit = guard.RateLimit(clock)
        self._on_connected = on_connected
        self._feed = Feed(on_change=self._stream_changed)
        self._runner: web.AppRunner | None = None
        self._door: Door | None = None
        self._socket: socket.socket | None = None
        self._authority: str | None = None
        self._bound_port: int | None = None

    # --- what the app uses ----------------------------------------------------------------

    async def start(self) -> None:
        """Listen on the home network (or ``host``); the port is kept across a stop and
        start, so a phone's page finds the server again."""
        if self._runner is not None:
            return
        host = self._host or network.lan_address()
        sock = None
        if self._bound_port is not None:
            try:
                sock = network.listen_socket(host, self._bound_port)
            except OSError:
                sock = None
        if sock is None:
            sock = network.listen_socket(host, self._port)
        self._bound_port = int(sock.getsockname()[1])
        self._authority = network.authority(host, self._bound_port)
        limits = self._limits
        runner = web.AppRunner(
            self._application(),
            access_log=None,
            handle_signals=False,
            shutdown_timeout=1.0,
            # A phone that goes away ends its stream at once, not at the next heartbeat.
            handler_cancellation=True,
            # The door's deadlines come first; the web server's own idle limit (an hour
            # unless told) only backs them up.
            keepalive_timeout=limits.keepalive_timeout + limits.header_timeout,
        )
        try:
            await runner.setup()
            server = runner.server
            assert server is not None
            # The socket is bound here rather than by a site, to try the usual port and
            # its fallbacks in turn, and connections are accepted by the door, which
            # counts them, rather than straight by the web server.
            door = Door(server, limits, clock=self._clock)
            door.open(sock)
        except BaseException:
            sock.close()
            await runner.cleanup()
            raise
        self._runner, self._door, self._socket = runner, door, sock

    async def stop(self) -> None:
        """Stop listening and close every stream. The paired phone stays paired: after
        :meth:`start` its page reconnects by itself."""
        runner, self._runner = self._runner, None
        door, self._door = self._door, None
        sock, self._socket = self._socket, None
        if runner is None:
            return
        self._feed.end_all()
        if door is not None:
            await door.stop_accepting()
        if sock is not None:
            sock.close()
        await runner.cleanup()  # ends each request and stream in order
        if door is not None:
            await door.close()  # and cuts whatever is left (a connection never begun)

    @property
    def running(self) -> bool:
        return self._runner is not None

    @property
    def door(self) -> Door:
        """Who is connected and what became of connections (for tests and benchmarks)."""
        if self._door is None:
            raise RuntimeError("the remote has no connections until it has started")
        return self._door

    @property
    def address(self) -> str:
        """The server's address, e.g. ``http://192.168.1.20:8765/``."""
        return f"http://{self._require_authority()}/"

    @property
    def origin(self) -> str:
        return f"http://{self._require_authority()}"

    def pairing_url(self) -> str:
        """A new pairing URL for the QR code: it pairs one phone, once, within
        ``guard.PAIRING_TTL`` seconds. Ask again for each code shown, and again after a
        phone pairs (that voids every code shown before)."""
        return f"{self.origin}/P/{self.pairing.issue()}"

    def publish(self, view: PhoneView) -> None:
        """Make ``view`` what the phone shows. Never blocks; call it from the loop's
        thread as often as the screen changes (an unchanged view is not sent again)."""
        self._feed.publish(view)

    @property
    def connected(self) -> bool:
        """Whether a paired phone has its live view open."""
        return self.pairing.phone is not None and self._feed.open_streams > 0

    def disconnect(self) -> None:
        """Let the paired phone go: its cookie opens nothing any more, and its page says
        so. Pairing again needs a new code."""
        self.pairing.unpair()
        self._feed.end_all(FAREWELL)

    # --- the web application -----------------------------------------------------------

    def _application(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=MAX_BODY)
        app.router.add_get("/", self._page, allow_head=False)
        app.router.add_get("/P/{code:[A-Z2-7]{32}}", self._pair, allow_head=False)
        app.router.add_get("/events", self._events, allow_head=False)
        app.router.add_post("/intent", self._command)
        app.on_response_prepare.append(_common_headers)
        return app

    def _require_authority(self) -> str:
        if self._authority is None:
            raise RuntimeError("the remote has no address until it has started")
        return self._authority

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        client = request.remote or ""
        connection = self._door.connection(request.protocol) if self._door else None
        if connection is not None:
            connection.enter(State.BUSY)
        try:
            return await self._checked(request, handler, client)
        finally:
            if connection is not None:
                connection.enter(State.IDLE)

    async def _checked(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
        client: str,
    ) -> web.StreamResponse:
        if not self.limit.allows(client):
            response: web.StreamResponse = _refusal(429)
            if request.can_read_body:
                response.force_close()  # its body is never read
            return response
        if request.headers.get("Host", "").lower() != (self._authority or "").lower():
            response = _refusal(403)
        else:
            try:
                response = await handler(request)
            except web.HTTPException as refused:
                # Unknown paths and methods look alike: 404, so the routes stay unlisted.
                response = _refusal(404 if refused.status == 405 else refused.status)
        if response.status in REFUSALS:
            self.limit.failed(client)
            if request.can_read_body:
                response.force_close()  # no lingering to read a body nobody wants
        return response

    def _phone(self, request: web.Request) -> guard.PairedPhone | None:
        phone = self.pairing.recognise(request.cookies.get(COOKIE))
        if phone is not None:
            self._trust(request)
        return phone

    def _trust(self, request: web.Request) -> None:
        """The paired phone's connection: the last to give way to a newcomer."""
        connection = self._door.connection(request.protocol) if self._door else None
        if connection is not None:
            connection.trusted = True

    async def _page(self, request: web.Request) -> web.StreamResponse:
        phone = self._phone(request)
        if phone is None or not guard.same_origin(self.origin, request.headers, kind="navigate"):
            return _scan_again()
        body, policy = page.render(phone.form_key)
        response = web.Response(body=body, content_type="text/html", charset="utf-8")
        response.headers["Content-Security-Policy"] = policy
        return response

    async def _pair(self, request: web.Request) -> web.StreamResponse:
        if not guard.same_origin(self.origin, request.headers, kind="navigate"):
            return _scan_again()
        phone = self.pairing.pair(request.match_info["code"])
        if phone is None:
            return _scan_again()
        self._trust(request)
        # The phone paired before (if any) hears it was let go and stops reconnecting.
        self._feed.end_all(FAREWELL)
        # Sent on to the page, so the code leaves the address bar and a reload works.
        response = web.Response(status=303, headers={"Location": "/"})
        response.set_cookie(COOKIE, phone.cookie, httponly=True, samesite="Strict", path="/")
        return response

    async def _events(self, request: web.Request) -> web.StreamResponse:
        # A page elsewhere (another port of this laptop shares its cookies) could
        # otherwise hold the stream's few places: it has neither this origin nor the key.
        phone = self._phone(request)
        if (
            phone is None
            or not guard.same_origin(self.origin, request.headers, kind="read")
            or not guard.matches(phone.form_key, request.query.get(FORM_QUERY, ""))
        ):
            return _refusal(403)
        connection = self._door.connection(request.protocol) if self._door else None
        if connection is not None:
            connection.enter(State.STREAM)  # no deadline: it lasts while the phone looks
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "X-Accel-Buffering": "no"}
        )
        await response.prepare(request)
        listener = self._feed.open()
        try:
            await response.write(OPENING)
            while (frame := await listener.take()) != END:
                async with asyncio.timeout(WRITE_TIMEOUT):
                    await response.write(frame)
        except (ConnectionError, TimeoutError):
            pass  # the phone went away; its page reconnects when it can
        finally:
            self._feed.close(listener)
        return response

    async def _command(self, request: web.Request) -> web.StreamResponse:
        length = request.content_length
        if length is not None and length > MAX_BODY:
            return _refusal(413)
        phone = self._phone(request)
        if (
            phone is None
            or not guard.same_origin(self.origin, request.headers, kind="command")
            or not guard.matches(phone.form_key, request.headers.get(FORM_HEADER, ""))
        ):
            return _refusal(403)
        if request.content_type != "application/json":
            return _refusal(415)
        body = await request.read()  # past MAX_BODY (a chunked body): HTTP 413
        try:
            intent = decode_phone(body)
        except (msgspec.ValidationError, msgspec.DecodeError):
            return _refusal(400)
        try:
            self._on_intent(intent)
        except Exception:
            log.exception("the app failed to take the phone's %s", type(intent).__name__)
            return _refusal(500)
        return web.Response(status=204)

    def _stream_changed(self, streaming: bool) -> None:
        if self._on_connected is not None:
            self._on_connected(streaming and self.pairing.phone is not None)


async def _common_headers(request: web.Request, response: web.StreamResponse) -> None:
    """What every response says: nothing may be cached, sniffed, framed or sent on."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", page.LOCKED_POLICY)
    headers["Cache-Control"] = "no-store"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["Server"] = "glutetui"
