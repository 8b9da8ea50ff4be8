"""The coach as the app drives it, for tests: a review is the writer's ``Review``
command, an answer its ``DecideSuggestion``; the reads are one unit of work each."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from glutetui.coaching import coach
from glutetui.store.commands import DecideSuggestion, Review

if TYPE_CHECKING:
    from glutetui.catalog import Program
    from glutetui.records import SuggestionRecord
    from glutetui.services import Services
    from glutetui.vocab import BlockRef, Side


def review(
    services: Services,
    blocks: Iterable[BlockRef] | None = None,
    workout_id: int | None = None,
    starting: str | None = None,
) -> list[SuggestionRecord]:
    """What the coach makes of the log now (it runs after every write queued before).
    ``starting``: as the start of that program reviews it (in the start's own unit of
    work, which a test opens here)."""
    if starting is not None:
        assert services.writer.drain(timeout=30)
        with services.store.write() as db:
            now = services.clock.now()
            return coach.review_in(db, services.catalog, now, blocks, starting)
    made: list[SuggestionRecord] = []
    wanted = None if blocks is None else tuple((b.program, b.slot) for b in blocks)
    command = Review(blocks=wanted, workout_id=workout_id, at=services.clock.now())
    services.writer.submit(command, made.extend)
    assert services.writer.drain(timeout=30)
    return made


def for_workout(services: Services, workout_id: int) -> list[SuggestionRecord]:
    """The review of a workout's blocks, then what concerns them (as the summary shows)."""
    review(services, workout_id=workout_id)
    with services.store.read() as db:
        return coach.for_workout(db, workout_id)


def pending(services: Services) -> list[SuggestionRecord]:
    with services.store.read() as db:
        return db.suggestions.listed("pending")


def _decide(services: Services, suggestion_id: int, accept: bool) -> SuggestionRecord:
    answers: list[SuggestionRecord] = []
    command = DecideSuggestion(suggestion_id=suggestion_id, accept=accept, at=services.clock.now())
    services.writer.submit(command, answers.append)
    assert services.writer.drain(timeout=30)
    return answers[0]


def accept(services: Services, suggestion_id: int) -> SuggestionRecord:
    return _decide(services, suggestion_id, True)


def dismiss(services: Services, suggestion_id: int) -> SuggestionRecord:
    return _decide(services, suggestion_id, False)


def weaker_sides(services: Services, program: Program) -> dict[str, Side]:
    with services.store.read() as db:
        return coach.weaker_sides_in(db, program)
