"""Where a dose was earned: the program whose workouts a suggestion rested on.

Doses were once kept per exercise and used by every program; now each belongs to the
program block it was earned in. A dose change made before that (kept in an older
database, or in an older export) says which workouts it rested on only through its
suggestion's evidence, which ends with the first twelve characters of each workout's
uid. This module finds the program from that, for the schema upgrade and for reading
an old export alike. Plain Python: no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple


class Candidate(NamedTuple):
    """A workout that logged sets under the block's exercise id."""

    uid: str
    program_id: str
    started_at: datetime


def evidence_uids(evidence: str) -> list[str]:
    """The workout uid prefixes a suggestion's evidence names (its last field)."""
    last = evidence.rsplit(":", 1)[-1]
    return [part for part in last.split(",") if len(part) >= 8 and part.isalnum()]


def earned_in(evidence: str, at: datetime, candidates: Sequence[Candidate]) -> str:
    """The program a change was earned in.

    The workouts the evidence names decide (the latest of them); without evidence, the
    latest workout with the exercise up to the moment of the change, else the first one
    after it. An empty id when no workout ever logged the exercise: the dose is kept,
    and applies to no program.
    """
    prefixes = evidence_uids(evidence)
    named = [c for c in candidates if any(c.uid.startswith(p) for p in prefixes)]
    if named:
        return max(named, key=lambda c: c.started_at).program_id
    before = [c for c in candidates if c.started_at <= at]
    if before:
        return max(before, key=lambda c: c.started_at).program_id
    if candidates:
        return min(candidates, key=lambda c: c.started_at).program_id
    return ""
