"""The effort check's answer while it is being given: a rating, pain by side, and any
corrected amounts. It lives in the core, so a key, a click and a phone all change the
same answer; the screen only draws it.

Nothing is chosen in advance: the rating is None until a digit is pressed (or tapped),
and an answer confirmed without one leaves the exercise unrated.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from glutetui.records import LoggedSet
from glutetui.vocab import Side


@dataclass(frozen=True, slots=True)
class EffortAnswer:
    """An effort check's answer: a 1-5 rating (None: answered without one, so the
    exercise stays unrated), the sides pain was felt on, and corrected amounts.

    ``pain`` may also be a plain yes or no: yes means every side the exercise was done
    on (what a key that does not name a side says)."""

    effort: int | None
    pain: bool | Collection[str] = False
    corrections: Mapping[tuple[int, str], float] = field(default_factory=dict)

    def pain_sides(self, done: Collection[str]) -> frozenset[str]:
        """The sides with pain, of the sides ``done``."""
        if isinstance(self.pain, bool):
            return frozenset(done) if self.pain else frozenset()
        return frozenset(self.pain) & frozenset(done)


@dataclass
class EffortCheck:
    """The answer being given for one exercise of a running workout."""

    block: int
    sets: list[LoggedSet]  # the exercise's sets, in order
    rating: int | None = None
    pain: set[str] = field(default_factory=set)
    amounts: list[float] = field(default_factory=list)  # per set, as shown and corrected

    def __post_init__(self) -> None:
        if not self.amounts:
            self.amounts = [done(s) for s in self.sets]

    @property
    def sides(self) -> tuple[Side, ...]:
        """The sides the exercise was done on, in order (``both`` for two legs)."""
        return tuple(dict.fromkeys(s.side for s in self.sets))

    @property
    def two_legged(self) -> bool:
        return self.sides == ("both",)

    def rate(self, effort: int) -> None:
        self.rating = effort

    def flag_pain(self, side: str) -> None:
        """Flag pain on a side, or take the flag back. On a two-legged exercise any side
        means both legs; on a sided one, ``both`` flags each side."""
        if self.two_legged:
            wanted = {"both"}
        elif side == "both":
            wanted = {s for s in self.sides if s != "both"}
        else:
            wanted = {side} & set(self.sides)
        if not wanted:
            return
        if wanted <= self.pain:
            self.pain -= wanted
        else:
            self.pain |= wanted

    def correct(self, index: int, amount: float) -> None:
        """Set the amount done of one set (by its place in :attr:`sets`)."""
        if 0 <= index < len(self.amounts):
            self.amounts[index] = max(0.0, min(float(amount), 999.0))

    def answer(self) -> EffortAnswer:
        corrections: dict[tuple[int, str], float] = {
            (s.set_index, s.side): self.amounts[i]
            for i, s in enumerate(self.sets)
            if self.amounts[i] != done(s)
        }
        return EffortAnswer(self.rating, frozenset(self.pain), corrections)


def done(logged: LoggedSet) -> float:
    """What a set achieved: its reps, or the seconds it was held."""
    return float(logged.hold_seconds or 0) if logged.kind == "hold" else float(logged.reps or 0)
