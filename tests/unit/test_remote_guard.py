"""The remote's rules: pairing codes, the paired phone, origins and the rate limit, on
a clock the tests move by hand."""

from __future__ import annotations

import re

import pytest

from glutetui.remote import guard
from glutetui.remote.guard import Pairing, RateLimit, matches, same_origin
from tests.clock import FakeClock

ORIGIN = "http://192.168.1.20:8765"


# --- secrets ------------------------------------------------------------------------------


def test_a_pairing_code_is_160_random_bits_in_capitals_and_digits() -> None:
    codes = {guard.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"[A-Z2-7]{32}", code)  # 32 base32 digits = 160 bits


def test_a_cookie_and_a_form_key_are_160_random_bits() -> None:
    secret = guard.new_secret()
    assert re.fullmatch(r"[A-Za-z0-9_-]{27}", secret)  # 160 bits of URL-safe base64
    assert secret != guard.new_secret()


def test_matches_compares_whole_values_of_any_text() -> None:
    assert matches("ABC", "ABC")
    assert not matches("ABC", "ABD")
    assert not matches("ABC", "AB")
    assert not matches("ABC", "")
    assert not matches("ABC", "ÀBC")  # not ASCII: compared as bytes, no TypeError


# --- pairing ------------------------------------------------------------------------------


def test_a_code_pairs_one_phone_once() -> None:
    pairing = Pairing(FakeClock())
    code = pairing.issue()
    phone = pairing.pair(code)
    assert phone is not None and pairing.phone == phone
    assert pairing.pair(code) is None, "a used code must not pair again"
    assert pairing.phone == phone, "a refused code leaves the paired phone alone"


def test_a_wrong_code_pairs_nothing() -> None:
    pairing = Pairing(FakeClock())
    code = pairing.issue()
    for wrong in ("", code[:-1], code + "A", code.lower(), "A" * 32, code[::-1]):
        assert pairing.pair(wrong) is None
    assert pairing.phone is None
    assert pairing.pair(code) is not None


def test_an_unused_code_expires() -> None:
    clock = FakeClock()
    pairing = Pairing(clock, ttl=300)
    code = pairing.issue()
    clock.advance(299.9)
    assert pairing.outstanding == 1
    clock.advance(0.2)
    assert pairing.outstanding == 0
    assert pairing.pair(code) is None


def test_asking_for_codes_keeps_only_the_newest_few() -> None:
    pairing = Pairing(FakeClock(), keep=4)
    codes = [pairing.issue() for _ in range(6)]
    assert pairing.outstanding == 4
    assert pairing.pair(codes[0]) is None and pairing.pair(codes[1]) is None
    assert pairing.pair(codes[2]) is not None


def test_a_single_code_kept_means_the_newest_only() -> None:
    pairing = Pairing(FakeClock(), keep=1)
    old, new = pairing.issue(), pairing.issue()
    assert pairing.outstanding == 1
    assert pairing.pair(old) is None and pairing.pair(new) is not None


def test_pairing_voids_every_other_code_and_ends_the_phone_before() -> None:
    pairing = Pairing(FakeClock())
    first, second = pairing.issue(), pairing.issue()
    phone = pairing.pair(first)
    assert phone is not None
    assert pairing.pair(second) is None, "a code shown before a pairing must not pair again"
    third = pairing.issue()
    other = pairing.pair(third)
    assert other is not None and other != phone
    assert pairing.recognise(phone.cookie) is None, "the first phone is let go"
    assert pairing.recognise(other.cookie) == other


def test_each_pairing_makes_new_secrets() -> None:
    pairing = Pairing(FakeClock())
    a = pairing.pair(pairing.issue())
    b = pairing.pair(pairing.issue())
    assert a is not None and b is not None
    assert len({a.cookie, a.form_key, b.cookie, b.form_key}) == 4


def test_only_the_paired_phones_cookie_is_recognised() -> None:
    pairing = Pairing(FakeClock())
    assert pairing.recognise("anything") is None
    phone = pairing.pair(pairing.issue())
    assert phone is not None
    assert pairing.recognise(phone.cookie) == phone
    for wrong in (None, "", phone.form_key, phone.cookie[:-1], phone.cookie + "x"):
        assert pairing.recognise(wrong) is None
    pairing.unpair()
    assert pairing.recognise(phone.cookie) is None


# --- origins ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "allowed"),
    [
        ({"Origin": ORIGIN}, True),
        ({"Origin": ORIGIN, "Sec-Fetch-Site": "same-origin"}, True),
        ({"Referer": ORIGIN + "/"}, True),
        ({"Referer": ORIGIN}, True),
        ({}, False),  # a browser always says where a POST comes from
        ({"Origin": "http://evil.example"}, False),
        ({"Origin": "null"}, False),
        ({"Origin": ORIGIN + ".evil.example"}, False),
        ({"Origin": "https://192.168.1.20:8765"}, False),
        ({"Origin": "http://192.168.1.20:8766"}, False),
        ({"Referer": ORIGIN + ".evil.example/"}, False),
        ({"Referer": "http://evil.example/?" + ORIGIN}, False),
        ({"Origin": ORIGIN, "Sec-Fetch-Site": "cross-site"}, False),
        ({"Origin": ORIGIN, "Sec-Fetch-Site": "same-site"}, False),
        ({"Origin": "http://evil.example", "Referer": ORIGIN + "/"}, False),
    ],
)
def test_a_command_must_come_from_the_servers_own_page(
    headers: dict[str, str], allowed: bool
) -> None:
    assert same_origin(ORIGIN, headers, kind="command") is allowed


def test_a_page_load_may_come_from_nowhere_but_not_from_another_site() -> None:
    for site in (None, "none", "same-origin"):
        headers = {} if site is None else {"Sec-Fetch-Site": site}
        assert same_origin(ORIGIN, headers, kind="navigate")
    for site in ("cross-site", "same-site"):
        assert not same_origin(ORIGIN, {"Sec-Fetch-Site": site}, kind="navigate")


def test_the_live_stream_is_read_by_the_page_only() -> None:
    assert same_origin(ORIGIN, {}, kind="read")
    assert same_origin(ORIGIN, {"Sec-Fetch-Site": "same-origin"}, kind="read")
    for site in ("none", "cross-site", "same-site"):
        assert not same_origin(ORIGIN, {"Sec-Fetch-Site": site}, kind="read")


# --- the rate limit -----------------------------------------------------------------------


def test_failures_drain_a_bucket_that_refills_with_time() -> None:
    clock = FakeClock()
    limit = RateLimit(clock, burst=5, refill_seconds=2.0)
    for _ in range(5):
        assert limit.allows("10.0.0.9")
        limit.failed("10.0.0.9")
    assert not limit.allows("10.0.0.9")
    clock.advance(1.9)
    assert not limit.allows("10.0.0.9")
    clock.advance(0.1)
    assert limit.allows("10.0.0.9"), "one failure's worth back after refill_seconds"
    limit.failed("10.0.0.9")
    assert not limit.allows("10.0.0.9")
    clock.advance(60)
    for _ in range(5):  # refilled to the burst, never past it
        assert limit.allows("10.0.0.9")
        limit.failed("10.0.0.9")
    assert not limit.allows("10.0.0.9")


def test_the_limit_is_per_address() -> None:
    limit = RateLimit(FakeClock(), burst=3)
    for _ in range(3):
        limit.failed("10.0.0.9")
    assert not limit.allows("10.0.0.9")
    assert limit.allows("10.0.0.10")
    assert limit.allows("192.168.1.31")


def test_the_table_of_addresses_stays_bounded() -> None:
    clock = FakeClock()
    limit = RateLimit(clock, burst=2, max_clients=100)
    for n in range(1000):
        limit.failed(f"10.1.{n // 256}.{n % 256}")
        limit.failed(f"10.1.{n // 256}.{n % 256}")
        clock.advance(0.001)
    assert len(limit) <= 100
    assert not limit.allows("10.1.3.231"), "the most recent addresses are kept"


def test_forgetting_drops_refilled_addresses_before_recent_ones() -> None:
    clock = FakeClock()
    limit = RateLimit(clock, burst=2, refill_seconds=1.0, max_clients=3)
    limit.failed("old")
    clock.advance(10)  # old has refilled
    limit.failed("a")
    limit.failed("a")
    limit.failed("b")
    limit.failed("c")  # the table is full: old goes, a (drained, recent) stays
    assert not limit.allows("a")
    assert len(limit) == 3


def test_a_phone_retrying_a_stale_cookie_every_few_seconds_is_never_blocked() -> None:
    clock = FakeClock()
    limit = RateLimit(clock)  # the server's own figures
    for _ in range(1000):
        assert limit.allows("192.168.1.31")
        limit.failed("192.168.1.31")
        clock.advance(2.0)
