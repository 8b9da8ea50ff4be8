"""The rules that turn a log into at most one suggestion per exercise, with a reason.

Pure functions over plain records: no Textual, no database. The thresholds are the
named constants just below, each with where it comes from; change them here and
nowhere else. ``docs/coaching.md`` states the model these rules implement.

The ladder of an exercise family climbs one step at a time (double progression): reps
+2 up to the top of the range (holds +5 s); then one more set; then a band, or the next
band, where a band fits (the heavier band starts again at the exercise's starting sets
and reps); then the next harder exercise of the family at its starting dose. Every rung
asks for at least as much as the one below (:func:`asks_no_more`).

A step back never asks for more than the dose in force: no more sets, no more reps (or
seconds) a set, no heavier band. Within an exercise it is the rung below, capped by
the dose in force; from an exercise's starting dose it is the easier exercise of the
family at the dose this block last had there (else that exercise's starting dose),
capped the same way; at the bottom of a family it takes reps (or seconds), then sets,
away.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from glutetui.measures.symmetry import WINDOW as ASYMMETRY_WORKOUTS
from glutetui.measures.symmetry import Symmetry, symmetry_index
from glutetui.measures.words import dose_phrase
from glutetui.vocab import BANDS, BlockRef, band_rank, plural
from glutetui.vocab import SuggestionKind as Kind

# --- thresholds -----------------------------------------------------------------------------
# The sources are named in docs/coaching.md; each line says which one it rests on.

# The effort check's scale: 1 far too easy, 2 easy, 3 solid, 4 hard, 5 could not finish.
EASY_EFFORT_MAX = 2  # 1 or 2 with every target met: reps in reserve, ready for more (ACSM 2009)
WORKING_EFFORT_MAX = 3  # a miss within tolerance at 3 or easier is a dose that works
HARD_EFFORT = 4  # hard: together with any miss, the dose was too much that day
FAILED_EFFORT = 5  # "could not finish": too much, whatever the count says
# Two workouts in a row before any move, up or down: the "two-for-two" rule (NSCA;
# ACSM 2009: progress when the dose is exceeded in two consecutive sessions).
EASY_IN_A_ROW = 2
FAILED_IN_A_ROW = 2
# A miss within tolerance is no failure: one rep or 10 % of the target, whichever is
# more; two seconds or 10 % of a hold. Day-to-day variation in reps to fatigue and in
# hold times is of this size; a clinician reads such a shortfall as a working dose.
REP_TOLERANCE = 1
HOLD_TOLERANCE = 2
TOLERANCE_SHARE = 0.10
# More than two weeks off: resume one step lower (detraining, Mujika & Padilla 2000:
# strength and endurance gains begin to fade after two to four weeks without training).
BREAK_DAYS = 14
# The rep range (ACSM 2009: 10-15 reps for a novice's local muscular endurance, up to
# 20-25 for the trained; the top of 20 keeps a low-load home programme in that range).
REP_STEP, REP_MAX, REP_MIN = 2, 20, 4
# Holds: +5 s up to a minute (side-bridge endurance work, McGill), then a set, then
# the harder variant; never under 5 s.
HOLD_STEP, HOLD_MAX, HOLD_MIN = 5, 60, 5
SETS_MAX = 4  # ACSM 2009: one to three sets for a novice, more for the trained
# The pain-monitoring model (Silbernagel et al. 2007): pain up to 5 of 10 is acceptable;
# it must settle by the next morning and not rise from week to week.
PAIN_ACCEPTABLE = 5  # pain today over this, twice in a row: not acceptable
# A rise of 2 points on the 0-10 scale is the smallest change a patient feels as
# real (Farrar et al. 2001): pain today up by this much from one workout to the next.
PAIN_RISE = 2

PAIN_ADVICE = "Stop at once if the pain is sharp, and see a physiotherapist if it persists."

Verdict = Literal["met", "close", "missed"]


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
    stretch: bool = False  # a stretch or mobility hold: only pain acts on it
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
        if ex.takes_band and band_rank(rung.band) < len(BANDS) - 1:
            band = BANDS[band_rank(rung.band) + 1]
            return replace(rung, band=band, sets=ex.start.sets, amount=ex.start.amount)
        harder = self.harder(ex.id)
        return harder.start if harder is not None else None

    def harder(self, exercise_id: str) -> LadderExercise | None:
        found = self.exercises[exercise_id].harder
        return self.exercises.get(found) if found else None

    def easier(self, exercise_id: str) -> LadderExercise | None:
        found = self.exercises[exercise_id].easier
        return self.exercises.get(found) if found else None

    def family(self, exercise_id: str) -> list[str]:
        """The exercise's family, easiest first, as the easier/harder links chain it."""
        bottom = exercise_id
        seen = {bottom}
        while (lower := self.easier(bottom)) is not None and lower.id not in seen:
            bottom = lower.id
            seen.add(bottom)
        chain = [bottom]
        while (higher := self.harder(chain[-1])) is not None and higher.id not in chain:
            chain.append(higher.id)
        return chain

    def rungs(self, exercise_id: str) -> list[Rung]:
        """The whole ladder of a family, from its easiest exercise's starting dose up."""
        bottom = self.family(exercise_id)[0]
        if bottom in self._rungs:
            return self._rungs[bottom]
        rungs = [self.exercises[bottom].start]
        while len(rungs) < 1000:
            nxt = self.up(rungs[-1])
            if nxt is None or nxt in rungs:
                break
            rungs.append(nxt)
        self._rungs[bottom] = rungs
        return rungs

    def down(self, rung: Rung, earlier: Sequence[Rung] = ()) -> Rung | None:
        """One step easier, never asking for more than ``rung``; None at the very bottom.

        ``earlier`` is the doses this program block has had, oldest first: stepping back
        to an easier exercise returns to the last of them there (else its starting dose).
        """
        ex = self.exercises[rung.exercise_id]
        start = ex.start
        easier = self.easier(ex.id)
        at_start = (
            rung.sets <= start.sets
            and rung.amount <= start.amount
            and band_rank(rung.band) <= band_rank(start.band)
        )
        if easier is not None and at_start:
            there = next((r for r in reversed(earlier) if r.exercise_id == easier.id), None)
            return self.capped(there or easier.start, rung)
        rungs = self.rungs(rung.exercise_id)
        if rung in rungs:
            index = rungs.index(rung)
            if index > 0 and rungs[index - 1].exercise_id == rung.exercise_id:
                return self.capped(rungs[index - 1], rung)
        step, _, least = _limits(ex.kind)
        if rung.sets > start.sets:
            return replace(rung, sets=rung.sets - 1)
        if rung.amount - step >= least:
            return replace(rung, amount=rung.amount - step)
        if rung.sets > 1:
            return replace(rung, sets=rung.sets - 1)
        if band_rank(rung.band) > 0:
            return replace(rung, band=BANDS[band_rank(rung.band) - 1])
        return None

    def capped(self, rung: Rung, limit: Rung) -> Rung:
        """``rung``, asking for no more than ``limit``: no more sets, no heavier band, and
        no more reps (or seconds) a set where the two count the same thing."""
        ex = self.exercises[rung.exercise_id]
        same_unit = _unit(ex.kind) == _unit(self.exercises[limit.exercise_id].kind)
        band = rung.band if band_rank(rung.band) <= band_rank(limit.band) else limit.band
        return Rung(
            rung.exercise_id,
            min(rung.sets, limit.sets),
            min(rung.amount, limit.amount) if same_unit else rung.amount,
            band if ex.takes_band else "none",
        )

    def rank(self, exercise_id: str) -> int:
        """The exercise's place in its family, 0 for the easiest."""
        return self.family(exercise_id).index(exercise_id)


def asks_no_more(rung: Rung, than: Rung, ladder: Ladder) -> bool:
    """True when ``rung`` asks for no more than ``than``: an easier exercise of the same
    family (at no more sets and no heavier band), or the same exercise with no more sets,
    no more reps (or seconds) a set and no heavier band. The ladder climbs by this order
    (each rung up: a harder exercise, a heavier band, or more of the same) and every
    step back is held to it."""
    if rung.exercise_id == than.exercise_id:
        return (
            rung.sets <= than.sets
            and rung.amount <= than.amount
            and band_rank(rung.band) <= band_rank(than.band)
        )
    family = ladder.family(than.exercise_id)
    if rung.exercise_id not in family:
        return False
    return (
        family.index(rung.exercise_id) < family.index(than.exercise_id)
        and rung.sets <= than.sets
        and band_rank(rung.band) <= band_rank(than.band)
    )


def asks_at_least(rung: Rung, than: Rung, ladder: Ladder) -> bool:
    """True when ``rung`` is a step up from ``than`` or the same: a harder exercise of
    the family, the same exercise with a heavier band, or the same exercise and band with
    no fewer sets and no less a set."""
    if rung.exercise_id != than.exercise_id:
        family = ladder.family(than.exercise_id)
        return rung.exercise_id in family and family.index(rung.exercise_id) > family.index(
            than.exercise_id
        )
    if band_rank(rung.band) != band_rank(than.band):
        return band_rank(rung.band) > band_rank(than.band)
    return rung.sets >= than.sets and rung.amount >= than.amount


def _limits(kind: str) -> tuple[int, int, int]:
    if kind == "hold":
        return HOLD_STEP, HOLD_MAX, HOLD_MIN
    return REP_STEP, REP_MAX, REP_MIN


def _unit(kind: str) -> str:
    return "seconds" if kind == "hold" else "reps"


def tolerance(kind: str, target: int) -> float:
    """How far short of a target still counts as a working dose."""
    least = HOLD_TOLERANCE if kind == "hold" else REP_TOLERANCE
    return max(float(least), TOLERANCE_SHARE * target)


@dataclass(frozen=True, slots=True)
class SetDone:
    set_index: int
    side: str
    amount: float  # reps, or seconds held
    partial: bool = False  # stopped part-way: a set not done
    skipped: bool = False  # passed over before anything was done: no evidence


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
    pain_today: int | None = None  # the workout's pain today, 0-10, when given
    kind: str = "reps"  # reps, hold or to-fatigue: what a set's amount counts

    @property
    def evidence(self) -> bool:
        """Anything done that the rules may read: not every set passed over."""
        return any(not s.skipped for s in self.sets)

    @property
    def judged(self) -> bool:
        """Evidence for the rules: a pain flag, or sets done and rated."""
        return self.pain or (self.effort is not None and self.evidence)

    @property
    def complete(self) -> bool:
        """Every planned set done, on every side (a skipped or partial set is not done)."""
        done = {(s.set_index, s.side) for s in self.sets if not s.partial and not s.skipped}
        planned = {(i, side) for i in range(self.rung.sets) for side in self.sides}
        return planned <= done

    @property
    def met_targets(self) -> bool:
        return self.complete and all(
            s.amount + 0.5 >= self.rung.amount for s in self.sets if not s.skipped
        )

    @property
    def easy(self) -> bool:
        return (
            self.met_targets
            and self.effort is not None
            and self.effort <= EASY_EFFORT_MAX
            and not self.pain
        )

    def verdict(self, side: str) -> Verdict | None:
        """How one side did against its target, judged on its own: every target met,
        short within the tolerance, or missed (beyond it, or a planned set not done).
        None when every one of its sets was passed over (no evidence)."""
        target = self.rung.amount
        allowed = tolerance(self.kind, target)
        found: Verdict | None = None
        for index in range(self.rung.sets):
            done = [s for s in self.sets if s.set_index == index and s.side == side]
            if done and all(s.skipped for s in done):
                continue  # passed over: no evidence either way
            kept = [s for s in done if not s.skipped]
            if not kept or any(s.partial for s in kept):
                return "missed"  # not done (the workout ended, or stopped part-way)
            amount = max(s.amount for s in kept)
            if amount + 0.5 >= target:
                found = found or "met"
            elif target - amount <= allowed + 1e-9:
                found = "close"
            else:
                return "missed"
        return found

    def failing_sides(self) -> set[str]:
        """The sides this workout failed on: effort 5 fails every side; a miss beyond
        the tolerance, or effort 4 with any miss, fails the side it is on. An unrated
        workout fails nothing (it is no evidence either way)."""
        if self.effort is None:
            return set()
        if self.effort >= FAILED_EFFORT:
            return set(self.sides)
        failing = set()
        for side in self.sides:
            verdict = self.verdict(side)
            if verdict == "missed" or (verdict == "close" and self.effort >= HARD_EFFORT):
                failing.add(side)
        return failing

    def per_side(self) -> dict[str, float]:
        """Reps (or seconds) per side, summed over the sets done (skips left out)."""
        totals: dict[str, float] = {}
        for s in self.sets:
            if not s.skipped:
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
    earlier: Sequence[Rung] = (),
    welcome: bool = True,
) -> Proposal | None:
    """At most one suggestion for one program block, from its attempts (newest first).

    In order: a pain flag, a long break, pain today, two failed workouts, two easy
    ones, then a weaker side. Unrated attempts and skipped sets are no evidence either
    way; an unrated attempt still counts as a day trained and for balance. ``earlier``
    is the block's doses over time, oldest first (where a step back to an easier
    exercise returns to). ``welcome``: whether a long break is judged here (the program
    is in use, or being started again); a program left behind is left alone. The
    reason names the program whose dose would change (``program_name``).
    """
    where = f" in {program_name}" if program_name else ""
    if not sessions:
        return None
    latest = sessions[0]
    dose = current or latest.rung
    if dose.exercise_id not in ladder.exercises:
        return None
    exercise = ladder.exercises[dose.exercise_id]
    judged = [s for s in sessions if s.judged]

    # Pain and a long break speak of the dose they were felt or left at: once that dose
    # has changed (the step back taken), the same workout is no evidence again.
    if judged and judged[0].pain:
        pained = judged[0]
        if pained.rung != dose:
            return None  # stepped back for this pain already; never a move up after it
        lower = ladder.down(dose, earlier)
        if lower is None:
            lower = dose
            change = "this is already the easiest dose, so give it a rest"
        else:
            change = f"stepped back to {lower.describe(ladder)}{where}"
        reason = f"Pain flagged on {_day(pained.day)}: {change}. {PAIN_ADVICE}"
        return Proposal(block, "pain", reason, _evidence("pain", dose, [pained]), dose, lower)

    gap = (today - latest.day).days
    if gap > BREAK_DAYS and not welcome:
        return None  # a program left behind: its welcome back waits for its start
    lower = ladder.down(dose, earlier)
    if gap > BREAK_DAYS and not exercise.stretch and latest.rung == dose and lower is not None:
        reason = (
            f"Last done {gap} days ago, on {_day(latest.day)} (more than {BREAK_DAYS} days "
            f"away): resume one step lower, at {lower.describe(ladder)}{where}."
        )
        evidence = _evidence("break", dose, [latest])
        return Proposal(block, "resume-lower", reason, evidence, dose, lower)

    sore = pain_today_rule(sessions)
    if sore is not None:
        rule, pair = sore
        flagged = [s for s in pair if s.pain]
        if flagged and pair[0].rung == dose and lower is not None:
            flags = ", ".join(_day(s.day) for s in reversed(flagged))
            reason = (
                f"{rule}, with a pain flag here on {flags}: step back to "
                f"{lower.describe(ladder)}{where}. {PAIN_ADVICE}"
            )
            evidence = _evidence("sore", dose, pair)
            return Proposal(block, "step-back", reason, evidence, dose, lower)
        # Otherwise hold: nothing moves up while pain today is not acceptable.

    if exercise.stretch:
        return None  # a stretch is not tested: only pain acts on it

    recent = judged[: max(EASY_IN_A_ROW, FAILED_IN_A_ROW)]
    at_dose = [s for s in recent if s.rung == dose]
    weaker = weaker_side(sessions)

    if len(at_dose) >= FAILED_IN_A_ROW:
        pair = at_dose[:FAILED_IN_A_ROW]
        failing = set.intersection(*(s.failing_sides() for s in pair))
        if failing and lower is not None:
            reason = (
                f"{_failure_words(pair, failing, exercise)} twice in a row, "
                f"{_evidence_text(pair, ladder)}: step back to {lower.describe(ladder)}{where}."
            )
            side = None
            if weaker is not None:
                # One suggestion per exercise: a weaker side is named in the same line.
                reason += " " + _asymmetry_text(weaker, ladder, dose)
                side = weaker[0].trailing
            evidence = _evidence("back", dose, pair)
            return Proposal(block, "step-back", reason, evidence, dose, lower, weaker_side=side)

    if (
        sore is None
        and len(at_dose) >= EASY_IN_A_ROW
        and all(s.easy for s in at_dose[:EASY_IN_A_ROW])
    ):
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


def pain_today_rule(sessions: Sequence[Attempt]) -> tuple[str, list[Attempt]] | None:
    """Whether pain today (0-10) says the load is not acceptable, over the last two
    workouts that gave it: both over :data:`PAIN_ACCEPTABLE`, or a rise of at least
    :data:`PAIN_RISE`. The rule that fired, in words, and the two workouts (newest first)."""
    scored = [s for s in sessions if s.pain_today is not None][:2]
    if len(scored) < 2:
        return None
    newer, older = scored
    now, before = newer.pain_today or 0, older.pain_today or 0
    days = f"{before} on {_day(older.day)}, {now} on {_day(newer.day)}"
    if now > PAIN_ACCEPTABLE and before > PAIN_ACCEPTABLE:
        return f"Pain today over {PAIN_ACCEPTABLE} of 10 twice in a row ({days})", scored
    if now - before >= PAIN_RISE:
        return f"Pain today rising by {now - before} points ({days})", scored
    return None


def _failure_words(pair: Sequence[Attempt], failing: set[str], exercise: LadderExercise) -> str:
    """What failed, as the reason opens: the rule that fired and the side it fired on."""
    sides = sorted(failing - {"both"})
    where = (
        "" if not sides else (" on both sides" if len(sides) > 1 else f" on the {sides[0]} side")
    )
    causes = set()
    for s in pair:
        if s.effort == FAILED_EFFORT:
            causes.add("could not finish")
        elif any(s.verdict(side) == "missed" for side in failing):
            causes.add("beyond")
        else:
            causes.add("hard")
    if causes == {"could not finish"}:
        return "Could not finish (effort 5)"
    if causes == {"beyond"}:
        held = exercise.kind == "hold"
        least = f"{HOLD_TOLERANCE} s" if held else f"{REP_TOLERANCE} rep"
        if not held and REP_TOLERANCE != 1:
            least += "s"
        return f"Short of the target by more than {least} or {TOLERANCE_SHARE * 100:.0f} %{where}"
    if causes == {"hard"}:
        return f"Hard (effort 4) and short of the target{where}"
    return f"Short of the target, or too hard to finish,{where}"


def _asymmetry_text(weaker: tuple[Symmetry, list[Attempt]], ladder: Ladder, dose: Rung) -> str:
    symmetry, used = weaker
    side = symmetry.trailing
    other = "right" if side == "left" else "left"
    weak, strong = sorted((symmetry.left, symmetry.right))
    held = ladder.exercises[dose.exercise_id].kind == "hold"
    unit = " s" if held else " " + plural(round(strong), "rep")
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
            shown = "skipped" if done.skipped else f"{done.amount:.0f}"
            by_side.setdefault(done.side, []).append(shown)
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
