"""The rules that turn a log into at most one suggestion per exercise, with a reason.

Pure functions over plain records: no Textual, no database. The thresholds are the
named constants just below; change them here and nowhere else.

The ladder of an exercise family climbs one step at a time: reps +2 up to 20 (holds
+5 s up to 60 s); then one more set, up to 4; then a band, or the next band, where a
band fits (the new band starts again at the exercise's starting sets and reps); then
the next harder exercise of the family at its starting dose. Stepping back walks the
same ladder down, one rung; below the bottom rung it takes reps (or seconds), then
sets, away.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from glutetui.measures.symmetry import WINDOW as ASYMMETRY_WORKOUTS
from glutetui.measures.symmetry import Symmetry, symmetry_index
from glutetui.measures.words import dose_phrase
from glutetui.vocab import BANDS, BlockRef
from glutetui.vocab import SuggestionKind as Kind

# --- thresholds -----------------------------------------------------------------------------

EASY_EFFORT_MAX = 2  # effort 1 (far too easy) or 2 (easy) makes a workout easy
FAILED_EFFORT = 5  # "could not finish"
EASY_IN_A_ROW = 2  # easy workouts in a row before progressing
FAILED_IN_A_ROW = 2  # missed workouts in a row before stepping back
BREAK_DAYS = 14  # longer than this without the exercise: resume one step lower
# A side trailing the other (a limb symmetry index under 80 % over the last three
# workouts done on both sides) is named: glutetui.measures.symmetry holds both figures.
REP_STEP, REP_MAX, REP_MIN = 2, 20, 4
HOLD_STEP, HOLD_MAX, HOLD_MIN = 5, 60, 5
SETS_MAX = 4

PAIN_ADVICE = "Stop at once if the pain is sharp, and see a physiotherapist if it persists."


# --- records ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rung:
    """A dose: which exercise, how many sets, reps (or seconds held) per set, which band."""

    exercise_id: str
    sets: int
    amount: int
    band: str = "none"

    def describe(self, ladder: Ladder) -> str:
        ex = ladder.exercises[self.exercise_id]
        held = ex.kind == "hold"
        return dose_phrase(
            ex.name,
            self.sets,
            ex.kind,
            None if held else self.amount,
            self.amount if held else None,
            sided=ex.sided,
            band=self.band,
            band_at=ex.band_at,
        )


@dataclass(frozen=True, slots=True)
class LadderExercise:
    """What the ladder needs to know of one exercise."""

    id: str
    name: str
    kind: str  # reps, hold or to-fatigue
    sided: bool
    takes_band: bool
    start: Rung
    stretch: bool = False  # held for comfort: no left/right note
    band_at: str | None = None
    easier: str | None = None
    harder: str | None = None


@dataclass(frozen=True, slots=True)
class Ladder:
    exercises: Mapping[str, LadderExercise]
    _rungs: dict[str, list[Rung]] = field(default_factory=dict, compare=False, repr=False)

    def up(self, rung: Rung) -> Rung | None:
        """One step harder, or None at the top of the family."""
        ex = self.exercises[rung.exercise_id]
        step, top = _limits(ex.kind)[:2]
        if rung.amount < top:
            return replace(rung, amount=min(top, rung.amount + step))
        if rung.sets < SETS_MAX:
            return replace(rung, sets=rung.sets + 1)
        if ex.takes_band and rung.band != BANDS[-1]:
            band = BANDS[BANDS.index(rung.band) + 1]
            return replace(rung, band=band, sets=ex.start.sets, amount=ex.start.amount)
        if ex.harder and ex.harder in self.exercises:
            return self.exercises[ex.harder].start
        return None

    def rungs(self, exercise_id: str) -> list[Rung]:
        """The whole ladder of a family, from its easiest exercise's starting dose up."""
        bottom = self.exercises[exercise_id]
        seen = {bottom.id}
        while bottom.easier and bottom.easier in self.exercises and bottom.easier not in seen:
            bottom = self.exercises[bottom.easier]
            seen.add(bottom.id)
        if bottom.id in self._rungs:
            return self._rungs[bottom.id]
        rungs = [bottom.start]
        while len(rungs) < 1000:
            nxt = self.up(rungs[-1])
            if nxt is None or nxt in rungs:
                break
            rungs.append(nxt)
        self._rungs[bottom.id] = rungs
        return rungs

    def down(self, rung: Rung) -> Rung | None:
        """One step easier: the rung below on the ladder, or less of the same below it."""
        rungs = self.rungs(rung.exercise_id)
        if rung in rungs:
            index = rungs.index(rung)
            if index > 0:
                return rungs[index - 1]
        ex = self.exercises[rung.exercise_id]
        step, _, least = _limits(ex.kind)
        if rung.sets > ex.start.sets:
            return replace(rung, sets=rung.sets - 1)
        if rung.amount - step >= least:
            return replace(rung, amount=rung.amount - step)
        if rung.sets > 1:
            return replace(rung, sets=rung.sets - 1)
        if rung.band != "none":
            return replace(rung, band=BANDS[BANDS.index(rung.band) - 1])
        return None


def _limits(kind: str) -> tuple[int, int, int]:
    if kind == "hold":
        return HOLD_STEP, HOLD_MAX, HOLD_MIN
    return REP_STEP, REP_MAX, REP_MIN


@dataclass(frozen=True, slots=True)
class SetDone:
    set_index: int
    side: str
    amount: float  # reps, or seconds held
    partial: bool = False


@dataclass(frozen=True, slots=True)
class Attempt:
    """One exercise within one workout: what was planned and what was done."""

    workout_uid: str
    day: date
    rung: Rung  # the dose it was done at
    sides: tuple[str, ...]  # the sides planned, e.g. ("left", "right") or ("both",)
    sets: tuple[SetDone, ...]
    effort: int | None
    pain: bool
    clock: str = ""  # local time of day, to tell apart two workouts on one day

    @property
    def complete(self) -> bool:
        done = {(s.set_index, s.side) for s in self.sets if not s.partial}
        planned = {(i, side) for i in range(self.rung.sets) for side in self.sides}
        return planned <= done

    @property
    def met_targets(self) -> bool:
        return self.complete and all(
            s.amount + 0.5 >= self.rung.amount for s in self.sets if not s.partial
        )

    @property
    def easy(self) -> bool:
        return (
            self.met_targets
            and self.effort is not None
            and self.effort <= EASY_EFFORT_MAX
            and not self.pain
        )

    @property
    def failed(self) -> bool:
        return not self.met_targets or self.effort == FAILED_EFFORT

    def per_side(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for s in self.sets:
            totals[s.side] = totals.get(s.side, 0.0) + s.amount
        return totals


@dataclass(frozen=True, slots=True)
class Proposal:
    """What the rules propose for one program block: only that block's dose changes."""

    block: BlockRef
    kind: Kind
    reason: str
    evidence: str  # identifies the log it rests on: the same evidence is never re-suggested
    before: Rung
    after: Rung
    weaker_side: str | None = None

    @property
    def automatic(self) -> bool:
        """Pain steps back at once; everything else waits for the person."""
        return self.kind == "pain"

    @property
    def advice(self) -> str | None:
        return PAIN_ADVICE if self.kind == "pain" else None


# --- the rules ---------------------------------------------------------------------------------


def suggest(
    block: BlockRef,
    ladder: Ladder,
    current: Rung | None,
    sessions: Sequence[Attempt],
    today: date,
    program_name: str = "",
) -> Proposal | None:
    """At most one suggestion for one program block, from its attempts (newest first).

    Priority: pain, a long break, two missed workouts, two easy ones, then asymmetry.
    An unrated attempt (the effort check lapsed and was never answered) is no evidence
    for moving up or stepping back; it still counts as a day trained and for balance.
    The reason names the program whose dose would change (``program_name``).
    """
    where = f" in {program_name}" if program_name else ""
    if not sessions:
        return None
    latest = sessions[0]
    dose = current or latest.rung
    if dose.exercise_id not in ladder.exercises:
        return None
    rated = [s for s in sessions if s.effort is not None or s.pain]

    # Pain and a long break speak of the dose they were felt or left at: once that dose
    # has changed (the step back taken), the same workout is no evidence again.
    if rated and rated[0].pain:
        pained = rated[0]
        if pained.rung != dose:
            return None  # stepped back for this pain already; never a move up after it
        lower = ladder.down(dose)
        if lower is None:
            lower = dose
            change = "this is already the easiest dose, so give it a rest"
        else:
            change = f"stepped back to {lower.describe(ladder)}{where}"
        reason = f"Pain flagged on {_day(pained.day)}: {change}. {PAIN_ADVICE}"
        return Proposal(block, "pain", reason, _evidence("pain", dose, [pained]), dose, lower)

    gap = (today - latest.day).days
    if gap > BREAK_DAYS and latest.rung == dose:
        lower = ladder.down(dose)
        if lower is not None:
            reason = (
                f"Last done {gap} days ago, on {_day(latest.day)}: resume one step lower, "
                f"at {lower.describe(ladder)}{where}."
            )
            evidence = _evidence("break", dose, [latest])
            return Proposal(block, "resume-lower", reason, evidence, dose, lower)

    recent = rated[: max(EASY_IN_A_ROW, FAILED_IN_A_ROW)]
    at_dose = [s for s in recent if s.rung == dose]
    weaker = None if ladder.exercises[dose.exercise_id].stretch else weaker_side(sessions)

    if len(at_dose) >= FAILED_IN_A_ROW and all(s.failed for s in at_dose[:FAILED_IN_A_ROW]):
        pair = at_dose[:FAILED_IN_A_ROW]
        lower = ladder.down(dose)
        if lower is not None:
            reason = (
                f"Targets missed twice in a row, {_evidence_text(pair, ladder)}: "
                f"step back to {lower.describe(ladder)}{where}."
            )
            side = None
            if weaker is not None:
                # One suggestion per exercise: a weaker side is named in the same line.
                reason += " " + _asymmetry_text(weaker, ladder, dose)
                side = weaker[0].trailing
            evidence = _evidence("back", dose, pair)
            return Proposal(block, "step-back", reason, evidence, dose, lower, weaker_side=side)

    if len(at_dose) >= EASY_IN_A_ROW and all(s.easy for s in at_dose[:EASY_IN_A_ROW]):
        pair = at_dose[:EASY_IN_A_ROW]
        higher = ladder.up(dose)
        if higher is not None:
            reason = (
                f"Two easy workouts in a row, {_evidence_text(pair, ladder)}: "
                f"move up to {higher.describe(ladder)}{where}."
            )
            return Proposal(block, "progress", reason, _evidence("up", dose, pair), dose, higher)

    if weaker is not None:
        symmetry, used = weaker
        side = symmetry.trailing
        evidence = _evidence(f"asym-{side}", dose, used)
        reason = _asymmetry_text(weaker, ladder, dose)
        return Proposal(block, "asymmetry", reason, evidence, dose, dose, weaker_side=side)
    return None


def _asymmetry_text(weaker: tuple[Symmetry, list[Attempt]], ladder: Ladder, dose: Rung) -> str:
    symmetry, used = weaker
    side = symmetry.trailing
    unit = " s" if ladder.exercises[dose.exercise_id].kind == "hold" else " reps"
    other = "right" if side == "left" else "left"
    weak, strong = sorted((symmetry.left, symmetry.right))
    return (
        f"Your {side} side trails the {other} over the last {len(used)} workouts "
        f"({weak:.0f} vs {strong:.0f}{unit}, {_days(used)}; limb symmetry "
        f"{round(symmetry.index)} %): the {side} side goes first."
    )


def on_both_sides(attempts: Sequence[Attempt]) -> list[Attempt]:
    """The attempts the symmetry window is made of: done on both sides, newest first."""
    return [a for a in attempts if {"left", "right"} <= set(a.per_side())][:ASYMMETRY_WORKOUTS]


def weaker_side(attempts: Sequence[Attempt]) -> tuple[Symmetry, list[Attempt]] | None:
    """The side trailing over the symmetry window, with the attempts it rests on."""
    used = on_both_sides(attempts)
    symmetry = symmetry_index([a.per_side() for a in used])
    if symmetry is None or symmetry.trailing is None:
        return None
    return symmetry, used


def _evidence(tag: str, dose: Rung, sessions: Sequence[Attempt]) -> str:
    uids = ",".join(s.workout_uid[:12] for s in sessions)
    return f"{tag}:{dose.exercise_id}:{dose.sets}x{dose.amount}:{dose.band}:{uids}"[:200]


def _day(day: date) -> str:
    return f"{day.day} {day:%b}"


def _days(sessions: Sequence[Attempt]) -> str:
    return ", ".join(_day(s.day) for s in reversed(sessions))


def _evidence_text(sessions: Sequence[Attempt], ladder: Ladder) -> str:
    """What each workout achieved, oldest first: 12 Mar (12, 12 each side; effort 2)."""
    parts = []
    unit = " s" if ladder.exercises[sessions[0].rung.exercise_id].kind == "hold" else ""
    same_day = len({s.day for s in sessions}) < len(sessions)
    for s in reversed(sessions):
        when = f"{_day(s.day)} {s.clock}".strip() if same_day else _day(s.day)
        by_side: dict[str, list[str]] = {}
        for done in sorted(s.sets, key=lambda d: d.set_index):
            by_side.setdefault(done.side, []).append(f"{done.amount:.0f}")
        values = list(by_side.values())
        if len(by_side) > 1 and all(v == values[0] for v in values):
            did = f"{', '.join(values[0])}{unit} each side"
        else:
            did = "; ".join(
                (f"{side} " if side != "both" else "") + ", ".join(v) + unit
                for side, v in by_side.items()
            )
        missing = ", sets missing" if not s.complete else ""
        effort = f"effort {s.effort}" if s.effort is not None else "not rated"
        parts.append(f"{when} ({did}, target {s.rung.amount}{unit}{missing}; {effort})")
    return " and ".join(parts)
