"""Who may use the remote: pairing codes, the paired phone, origins and a rate limit.

Everything here is plain Python over an injected clock (only ``monotonic`` is read), so
the rules are tested by moving a fake clock rather than by waiting:

- :class:`Pairing` hands out single-use pairing codes (160 random bits from
  ``secrets``) that expire unused after :data:`PAIRING_TTL` seconds; redeeming one makes
  a :class:`PairedPhone` with a fresh cookie and anti-forgery value and ends any phone
  paired before. Every secret is compared with ``hmac.compare_digest``.
- :func:`same_origin` tells a request the page itself sent from one another site made
  the browser send.
- :class:`RateLimit` is a token bucket per client address that only failures drain:
  a phone that uses the remote normally never meets it, a guesser soon does.
"""

from __future__ import annotations

import base64
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

# Unused pairing codes expire after this many seconds: long enough to find the phone
# and open its camera, short enough that an old photo of the screen is worthless.
PAIRING_TTL = 300.0
# At most this many unused codes are valid at once (Home and get-ready each ask for
# one); asking for another drops the oldest.
MAX_CODES = 4
# 160 random bits per secret. Pairing codes are base32 (A-Z, 2-7), so a pairing URL
# fits the QR code's compact alphanumeric mode.
SECRET_BYTES = 20

# The rate limit: a burst of this many failed requests per address, then one more
# every REFILL_SECONDS. A guesser gets about one expensive try a second; a phone
# retrying with a stale cookie every few seconds never runs dry.
BURST = 20
REFILL_SECONDS = 1.0
# Addresses remembered at most; past it the quietest are forgotten, so a flood from
# many addresses cannot grow the table without bound.
MAX_CLIENTS = 1024


class Monotonic(Protocol):
    def monotonic(self) -> float: ...


def new_code() -> str:
    """A pairing code: 160 random bits in base32 without padding (32 characters)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def new_secret() -> str:
    """A cookie or anti-forgery value: 160 random bits, URL-safe base64."""
    return secrets.token_urlsafe(SECRET_BYTES)


def matches(secret: str, offered: str) -> bool:
    """Whether ``offered`` is ``secret``, in time that does not depend on where they
    differ. Text from a request may hold any character, so both are compared as UTF-8
    bytes (compare_digest takes ASCII-only strings)."""
    return hmac.compare_digest(
        secret.encode("utf-8", "replace"), offered.encode("utf-8", "replace")
    )


@dataclass(frozen=True)
class PairedPhone:
    """The one phone that may use the remote: the cookie it holds and the anti-forgery
    value its page sends with every command."""

    cookie: str
    form_key: str


class Pairing:
    """Pairing codes and the phone they paired."""

    def __init__(
        self, clock: Monotonic, *, ttl: float = PAIRING_TTL, keep: int = MAX_CODES
    ) -> None:
        self._clock = clock
        self._ttl = ttl
        self._keep = keep
        self._codes: list[tuple[str, float]] = []  # (code, expires at), oldest first
        self.phone: PairedPhone | None = None

    def issue(self) -> str:
        """A new pairing code, valid once, for ``ttl`` seconds."""
        now = self._clock.monotonic()
        live = [(c, t) for c, t in self._codes if t > now]
        del live[: max(0, len(live) - (self._keep - 1))]
        self._codes = live
        code = new_code()
        self._codes.append((code, now + self._ttl))
        return code

    @property
    def outstanding(self) -> int:
        """How many codes could still pair a phone."""
        now = self._clock.monotonic()
        return sum(1 for _, t in self._codes if t > now)

    def pair(self, offered: str) -> PairedPhone | None:
        """Redeem a code: a newly paired phone, or None for a wrong, used or expired code.

        Success voids every other code too (pairing another phone needs a code shown
        after this one) and ends the phone paired before."""
        now = self._clock.monotonic()
        found = False
        for code, expires in self._codes:
            # Every code is compared, so the time taken says nothing about which matched.
            found |= matches(code, offered) and expires > now
        if not found:
            return None
        self._codes.clear()
        self.phone = PairedPhone(new_secret(), new_secret())
        return self.phone

    def recognise(self, cookie: str | None) -> PairedPhone | None:
        """The paired phone, when ``cookie`` is its cookie."""
        phone = self.phone
        if phone is None or cookie is None or not matches(phone.cookie, cookie):
            return None
        return phone

    def unpair(self) -> None:
        """Forget the phone: its cookie opens nothing any more."""
        self.phone = None


RequestKind = Literal["navigate", "read", "command"]


def same_origin(origin: str, headers: Mapping[str, str], *, kind: RequestKind) -> bool:
    """Whether the browser says this request came from the server's own page.

    ``origin`` is the server's, e.g. ``http://192.168.1.20:8765``. Browsers send
    Sec-Fetch-Site only to secure origins (loopback, not plain HTTP on a home network),
    so it is checked when present. A page load (``navigate``) may come from nowhere (a
    typed address, the camera app); the live stream (``read``) only from the page: a
    browser sends no Origin with the page's own stream and this server's with another
    page's (another port of the same laptop is another origin, though it shares the
    cookie); a ``command`` must also carry an Origin from this server (every browser
    sends one with a POST) or, failing that, a Referer from it.
    """
    site = headers.get("Sec-Fetch-Site")
    if kind == "navigate":
        return site in (None, "none", "same-origin")
    if site not in (None, "same-origin"):
        return False
    sent = headers.get("Origin")
    if kind == "read":
        return sent is None or sent == origin
    if sent is not None:
        return sent == origin
    referer = headers.get("Referer")
    return referer is not None and (referer == origin or referer.startswith(origin + "/"))


class RateLimit:
    """A token bucket per client address, drained by failed requests only."""

    def __init__(
        self,
        clock: Monotonic,
        *,
        burst: int = BURST,
        refill_seconds: float = REFILL_SECONDS,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        self._clock = clock
        self._burst = float(burst)
        self._rate = 1.0 / refill_seconds
        self._max = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}  # address: (tokens, as of)

    def _tokens(self, client: str, now: float) -> float:
        tokens, since = self._buckets.get(client, (self._burst, now))
        return min(self._burst, tokens + (now - since) * self._rate)

    def allows(self, client: str) -> bool:
        """Whether a request from ``client`` may be looked at; a blocked one is refused
        before anything is read or compared."""
        if client not in self._buckets:
            return True
        return self._tokens(client, self._clock.monotonic()) >= 1.0

    def failed(self, client: str) -> None:
        """``client`` made a request that was refused."""
        now = self._clock.monotonic()
        tokens = max(0.0, self._tokens(client, now) - 1.0)
        self._buckets.pop(client, None)  # re-inserted last: the dict keeps recent order
        if len(self._buckets) >= self._max:
            self._forget(now)
        self._buckets[client] = (tokens, now)

    def _forget(self, now: float) -> None:
        """Make room: drop addresses whose bucket has refilled, then the oldest."""
        full = [c for c in self._buckets if self._tokens(c, now) >= self._burst]
        for client in full:
            del self._buckets[client]
        while len(self._buckets) >= self._max:
            del self._buckets[next(iter(self._buckets))]

    def __len__(self) -> int:
        return len(self._buckets)
