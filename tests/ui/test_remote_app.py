"""The phone remote inside the app: the code on Home and on get-ready, a phone that scans
it, and its taps going the one way every intent goes. What the phone is shown is what
the workout screen draws, at every step."""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from glutetui.app import GlutetuiApp
from glutetui.engine import StepKind
from glutetui.readouts.workout_face import face
from glutetui.remote.view import PhoneView
from glutetui.widgets.bigtext import BigText
from glutetui.widgets.remote_code import RemoteCode
from tests.clock import FakeClock
from tests.remote import Phone, new_client, next_view
from tests.ui.conftest import advance, loaded, make_app, started, stored_sets, wait_until

Events = AsyncGenerator[tuple[str, bytes]]


@pytest.fixture(autouse=True)
def on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' remote listens on this machine only, on any free port."""
    from glutetui.remote import network

    monkeypatch.setattr(network, "lan_address", lambda probes=(): "127.0.0.1")


def remote_app(home: Path, clock: FakeClock | None = None) -> GlutetuiApp:
    app = make_app(home, clock)
    app._remote_asked = True  # as `glutetui --remote` builds it
    return app


async def shown_code(app: GlutetuiApp, pilot: Pilot[None]) -> RemoteCode:
    """The pairing code, once the server (started on a thread) has an address."""

    def codes() -> list[RemoteCode]:
        return [c for c in app.screen.query(RemoteCode) if c.display and c.address]

    await wait_until(pilot, codes, "a pairing code on the screen")
    return codes()[0]


async def scan(app: GlutetuiApp, code: RemoteCode) -> tuple[Phone, Events]:
    """What a phone does with the code on the screen: open its address, then listen."""
    assert app.remote is not None
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/P/[A-Z2-7]{32}", code.address)
    client = new_client()
    async with client.get(code.address) as response:
        assert response.status == 200
        page = await response.text()
    found = re.search(r'<meta name="form-key" content="([A-Za-z0-9_-]+)">', page)
    assert found is not None
    phone = Phone(app.remote.server, client, found.group(1))
    return phone, phone.views()


async def view_where(events: Events, pilot: Pilot[None], wanted: object) -> PhoneView:
    """The first view on the stream for which ``wanted(view)`` holds."""
    for _ in range(50):
        view = await next_view(events)
        if wanted(view):  # type: ignore[operator]
            return view
        await pilot.pause()
    raise AssertionError("the phone never showed it")


async def test_home_shows_the_code_and_the_phones_start_begins_todays_program(
    home: Path,
) -> None:
    app = remote_app(home)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        code = await shown_code(app, pilot)
        assert code.rows and not code.connected
        home_screen = app.home_screen()
        assert home_screen is not None and home_screen.face is not None
        today = home_screen.face
        phone, events = await scan(app, code)
        async with phone.client:
            view = await next_view(events)
            assert view.screen == "home" and view.program == today.suggested_name
            # The next planned session, in Home's own words (the default plan here).
            assert view.next_planned == home_screen.face.next_planned
            assert "Floor routine for the TV" in view.next_planned
            await pilot.pause()
            assert code.connected  # the code gives way to "Phone connected"
            assert await phone.tap({"intent": "start"}) == 204
            screen = await started(pilot, app)
            assert screen.session.engine.plan.program_id == today.suggested_id
            view = await view_where(events, pilot, lambda v: v.screen == "workout")
            assert view.phase == "GET READY" and view.exercise
            await events.aclose()


async def test_the_phone_shows_what_the_screen_draws_and_its_taps_are_the_keys(
    home: Path,
) -> None:
    clock = FakeClock()
    app = remote_app(home, clock)
    app.start_program = "tiny"
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        screen = await started(pilot, app)
        run = screen.session
        code = await shown_code(app, pilot)  # on get-ready, beside the countdown
        assert app.screen is screen and code.rows
        phone, events = await scan(app, code)
        async with phone.client:
            await next_view(events)
            # Pause from the phone: the laptop pauses, and both say so.
            assert await phone.tap({"intent": "pause"}) == 204
            await pilot.pause()
            assert run.engine.paused and screen.has_class("-paused")
            view = await view_where(events, pilot, lambda v: v.paused)
            assert view.phase == "PAUSED" == screen.query_one("#phase", BigText).word
            assert await phone.tap({"intent": "resume"}) == 204
            await pilot.pause()
            assert not run.engine.paused

            # Into the set: the phone's numbers are the screen's, second by second.
            await advance(pilot, app, 10.5)
            assert run.engine.step.kind is StepKind.WORK
            for _ in range(6):
                await advance(pilot, app, 1)
                shown = face(run.engine)
                view = await view_where(events, pilot, lambda v, s=shown: v.time == s.time)
                assert (view.phase, view.side, view.time, view.reps) == (
                    screen.query_one("#phase", BigText).word,
                    screen.query_one("#side", BigText).word,
                    screen.query_one("#clock", BigText).word,
                    shown.reps,
                )

            # The effort check: rated and flagged from the phone, confirmed with Next.
            await advance(pilot, app, 20, step=1)
            assert run.waiting_for_effort
            view = await view_where(events, pilot, lambda v: v.screen == "effort")
            assert view.two_legged is False
            assert await phone.tap({"intent": "rate", "effort": 2}) == 204
            assert await phone.tap({"intent": "pain", "side": "left"}) == 204
            await pilot.pause()
            view = await view_where(events, pilot, lambda v: v.effort == 2 and v.pain)
            assert view.pain == ("left",)
            assert await phone.tap({"intent": "next"}) == 204
            await pilot.pause()
            workout_id = run.workout.id
            sets = stored_sets(app, workout_id)
            assert [(s.side, s.effort, s.pain) for s in sets] == [
                ("left", 2, True),
                ("right", 2, False),
            ]
            await events.aclose()


async def test_u_lets_the_phone_go_and_a_new_code_shows(home: Path) -> None:
    app = remote_app(home)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        code = await shown_code(app, pilot)
        first = code.address
        phone, events = await scan(app, code)
        async with phone.client:
            await next_view(events)
            await pilot.pause()
            assert code.connected
            assert app.screen.active_bindings["u"].binding.description == "Let the phone go"
            await pilot.press("u")
            await pilot.pause()
            assert not code.connected and code.rows and code.address != first
            # The phone's cookie opens nothing any more.
            assert await phone.tap({"intent": "pause"}) == 403
            await events.aclose()


async def test_without_the_remote_nothing_is_shown_and_u_does_nothing(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        assert app.remote is None
        assert not [c for c in app.screen.query(RemoteCode) if c.display]
        assert "u" not in app.screen.active_bindings or not app.check_action("let_phone_go", ())


async def test_the_setting_turns_the_remote_on_and_off(home: Path) -> None:
    from glutetui.intents import ChangeSetting

    app = make_app(home)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        app.intents.send(ChangeSetting(key="remote", value=True))
        code = await shown_code(app, pilot)
        assert app.remote is not None and app.remote.server.running and code.rows
        app.intents.send(ChangeSetting(key="remote", value=False))
        await wait_until(pilot, lambda: app.remote is None, "the remote stopped")
        assert app.remote is None and not code.display
