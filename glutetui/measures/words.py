"""Figures in words, each spelled one way on every screen, command and report: a dose,
a length in minutes, a time trained, where pain was felt and how much."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glutetui.catalog import Catalog, Exercise
    from glutetui.records import Dose


def amount_words(kind: str | None, reps: int | None, hold: int | None) -> str:
    """``10 reps``, ``30 s hold`` or ``10 reps (until the leg tires)``."""
    if hold is not None and kind in (None, "hold"):
        return f"{hold} s hold"
    goal = " (until the leg tires)" if kind == "to-fatigue" else ""
    return f"{reps or 0} reps{goal}"


def dose_phrase(
    name: str | None,
    sets: int,
    kind: str | None,
    reps: int | None,
    hold: int | None,
    *,
    sided: bool = False,
    band: str = "none",
    band_at: str | None = None,
) -> str:
    """The one spelling of a dose: ``Clamshell 2 × 10 reps each side, light band at the
    knees`` (no name when ``name`` is None)."""
    each = " each side" if sided else ""
    where = f" at the {band_at}" if band_at else ""
    worn = "" if band == "none" else f", {band} band{where}"
    text = f"{sets} × {amount_words(kind, reps, hold)}{each}{worn}"
    return text if name is None else f"{name} {text}"


def dose_words(dose: Dose, catalog: Catalog, *, named: bool = True) -> str:
    """A stored dose in words, with the exercise's name unless ``named`` is False."""
    exercise: Exercise | None = catalog.exercises.get(dose.exercise_id)
    return dose_phrase(
        catalog.name_of(dose.exercise_id) if named else None,
        dose.sets,
        exercise.kind if exercise is not None else None,
        dose.reps,
        dose.hold,
        sided=exercise is not None and exercise.sided,
        band=dose.band,
        band_at=exercise.band_at if exercise is not None else None,
    )


def minutes_text(minutes: float) -> str:
    """A length in whole minutes: shorter than a minute is "<1 min", never "0 min"."""
    return f"{minutes:.0f} min" if minutes >= 1 else "<1 min"


def elapsed_text(seconds: float) -> str:
    """Time trained as a clock: ``4:39``, ``1:02:05``."""
    whole = int(max(0.0, seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def duration_words(seconds: float | None) -> str:
    """Time trained in words: ``12 min 05 s``, ``28 s``; "not recorded" when unknown."""
    if seconds is None:
        return "not recorded"
    minutes, secs = divmod(int(max(0.0, seconds)), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def time_trained_words(active_seconds: float | None, span_seconds: float | None) -> str:
    """A workout's time trained in minutes, as lists and cards show it. A workout logged
    before active time was kept shows its wall-clock span, labelled as such."""
    if active_seconds is not None:
        return minutes_text(active_seconds / 60)
    if span_seconds is not None:
        return f"{minutes_text(span_seconds / 60)} span"
    return "—"


def pain_sides_words(sides: Iterable[str], known: bool = True) -> str:
    """Where pain was flagged on one exercise: ``left``, ``left and right``, ``both legs``.
    A flag kept before pain was kept per side was put on every side, so which one hurt
    is not known: it reads "side not recorded", never "left and right"."""
    if not known:
        return "side not recorded"
    named = set(sides)
    if named == {"both"}:
        return "both legs"
    return " and ".join(s for s in ("left", "right") if s in named) or "side not recorded"


def pain_score_words(score: int | None, note: str = "") -> str:
    """Pain today on the 0-10 numeric rating scale, with its note: ``3/10 (stiff)``."""
    if score is None:
        return "not asked" if not note else f"no score ({note})"
    return f"{score}/10" + (f" ({note})" if note else "")
