"""The words glutetui's records are made of, each declared once.

Sides, kinds of exercise, bands (in order, lightest first), workout and suggestion
statuses: the catalogue, the engine, the store's constraints, the export format and
the screens all take them from here, so a word added in one place cannot be missing
in another (a home's own backup once failed to import for that reason).
"""

from __future__ import annotations

from typing import Literal, NamedTuple, get_args


class BlockRef(NamedTuple):
    """A program block: the program, and the block's exercise id (its slot).

    Doses are kept per block, and the progression rules read the log per block: a dose
    earned in one program never changes another's. (Two blocks of one program with the
    same exercise share their dose.)
    """

    program: str
    slot: str


Side = Literal["left", "right", "both"]
SIDES: tuple[Side, ...] = get_args(Side)

# The self-test stands on one leg at a time.
StanceSide = Literal["left", "right"]
STANCE_SIDES: tuple[StanceSide, ...] = get_args(StanceSide)

Kind = Literal["reps", "hold", "to-fatigue"]
KINDS: tuple[Kind, ...] = get_args(Kind)

# In order of load, lightest first: the order is what records and progression use.
Band = Literal["none", "light", "medium", "heavy"]
BANDS: tuple[Band, ...] = get_args(Band)

WorkoutStatus = Literal["in-progress", "completed", "ended-early", "partial"]
WORKOUT_STATUSES: tuple[WorkoutStatus, ...] = get_args(WorkoutStatus)
# How a status reads on screen and in the report (the files keep the names above).
STATUS_WORDS: dict[WorkoutStatus, str] = {
    "in-progress": "unfinished",
    "completed": "completed",
    "ended-early": "ended early",
    "partial": "partial",
}

# "expired": superseded by a newer suggestion before anyone answered it.
SuggestionStatus = Literal["pending", "accepted", "dismissed", "expired"]
SUGGESTION_STATUSES: tuple[SuggestionStatus, ...] = get_args(SuggestionStatus)


# What a progression suggestion proposes: move up, step back (after a hard session or
# after pain), come back lower after a break, or a note that one side trails.
SuggestionKind = Literal["progress", "step-back", "pain", "resume-lower", "asymmetry"]
SUGGESTION_KINDS: tuple[SuggestionKind, ...] = get_args(SuggestionKind)


# The effort check's scale, 1 to 5.
EFFORT_WORDS = {1: "far too easy", 2: "easy", 3: "solid", 4: "hard", 5: "could not finish"}


def plural(n: int, word: str) -> str:
    """The word for ``n`` of it: "set" for one, "sets" for any other count."""
    return word if n == 1 else word + "s"


def band_rank(band: str) -> int:
    """A band's place in the order (an unknown band counts as none)."""
    return BANDS.index(band) if band in BANDS else 0


def sql_in(column: str, values: tuple[str, ...]) -> str:
    """A CHECK constraint's text: ``column IN ('a', 'b')``."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"
