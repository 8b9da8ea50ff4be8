"""A list of progression suggestions, answered with one key each: a accepts, d dismisses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from typing import Protocol

    class Suggestion(Protocol):
        """What the list shows of a suggestion: ``readouts.home_face.SuggestionShown``
        (Home's), or ``coaching.shown.ShownSuggestion`` (the summary's)."""

        @property
        def id(self) -> int: ...
        @property
        def label(self) -> str: ...
        @property
        def exercise(self) -> str: ...
        @property
        def reason(self) -> str: ...
        @property
        def status(self) -> str: ...
        @property
        def needs_answer(self) -> bool: ...


class SuggestionList(OptionList):
    """Suggestions with their reasons; the screen acts on the answers it posts.

    The screen holding the list binds the keys (a accepts, d dismisses), so they
    work wherever the focus is, and calls :meth:`answer`.
    """

    class Answered(Message):
        """The person accepted or dismissed a suggestion."""

        def __init__(self, suggestion_id: int, accept: bool) -> None:
            super().__init__()
            self.suggestion_id = suggestion_id
            self.accept = accept

    def __init__(
        self, *, id: str | None = None, classes: str | None = None, compact: bool = False
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.shown: dict[str, Suggestion] = {}
        self.display = False  # until there is something to show
        # One paragraph a suggestion (its label runs into its reason): a line less each,
        # where the rows are few.
        self.compact = compact

    def show(self, suggestions: Iterable[Suggestion]) -> None:
        """``suggestions`` in the list. The same ones as shown already (a screen reads
        its figures again after most things) leave it as it is: nothing is wrapped and
        laid out again, and the highlighted one stays highlighted."""
        shown = {str(s.id): s for s in suggestions}
        unchanged = _looks(shown) == _looks(self.shown)
        self.shown = shown
        if unchanged:
            return
        options = []
        for key, s in self.shown.items():
            if s.needs_answer:
                state = ""
            else:
                state = "  (done)" if s.status == "accepted" else f"  ({s.status})"
            prompt = Content.assemble(
                (f"{s.label}: {s.exercise}", "bold"),
                state,
                " — " if self.compact else "\n",
                s.reason,
            )
            options.append(Option(prompt, id=key, disabled=not s.needs_answer))
        # All at once: each option added alone lays out every option again.
        self.set_options(options)
        open_ones = [i for i, s in enumerate(self.shown.values()) if s.needs_answer]
        if open_ones:
            self.highlighted = open_ones[0]
        self.display = bool(self.shown)

    @property
    def waiting(self) -> bool:
        return any(s.needs_answer for s in self.shown.values())

    def answer(self, accept: bool) -> None:
        if self.highlighted is None:
            return
        key = self.get_option_at_index(self.highlighted).id
        if key is not None and key in self.shown and self.shown[key].needs_answer:
            self.post_message(self.Answered(self.shown[key].id, accept))


def _looks(shown: dict[str, Suggestion]) -> list[tuple[object, ...]]:
    """What the list shows of each suggestion, in order."""
    return [
        (key, s.label, s.exercise, s.reason, s.status, s.needs_answer) for key, s in shown.items()
    ]
