"""The suggestions' list, as Home and the summary show it: read again with the same
suggestions, it stays as it is."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.app import App, ComposeResult

from glutetui.widgets.suggestions import SuggestionList


@dataclass(frozen=True)
class Shown:
    id: int
    label: str
    exercise: str
    reason: str
    status: str = "pending"
    needs_answer: bool = True


FIRST = Shown(1, "Step back", "Wall push", "Short of the target twice in a row.")
SECOND = Shown(2, "Progress", "Clamshell", "Two easy workouts in a row.")


class Holder(App[None]):
    def compose(self) -> ComposeResult:
        yield SuggestionList(id="list")


async def test_the_same_suggestions_again_keep_the_list_and_its_highlight() -> None:
    app = Holder()
    async with app.run_test(size=(80, 20)) as pilot:
        listing = app.query_one(SuggestionList)
        listing.show([FIRST, SECOND])
        await pilot.pause()
        assert listing.display and listing.option_count == 2
        listing.highlighted = 1
        made = list(listing.options)

        listing.show([FIRST, SECOND])  # read again: nothing new
        await pilot.pause()
        assert all(a is b for a, b in zip(listing.options, made, strict=True))
        assert listing.highlighted == 1

        listing.show([FIRST, replace(SECOND, status="accepted", needs_answer=False)])
        await pilot.pause()
        assert not any(a is b for a, b in zip(listing.options, made, strict=True))
        assert "(done)" in listing.get_option_at_index(1).prompt.plain  # type: ignore[union-attr]
        assert listing.highlighted == 0  # the one still open

        listing.show([])
        await pilot.pause()
        assert not listing.display and listing.option_count == 0
