"""``glutetui progress`` in plain text and JSON: the figures of
``glutetui.readouts.progress_figures``, spelled for a terminal or a script."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from glutetui.measures.words import duration_words
from glutetui.readouts.progress_figures import BlockProgress, ProgressFigures
from glutetui.vocab import STATUS_WORDS, WORKOUT_STATUSES, plural


def progress_json(figures: ProgressFigures | None, since: date, until: date) -> dict[str, Any]:
    """The figures as JSON: keys in the export's spelling, shares as fractions."""
    if figures is None:
        return {
            "since": since.isoformat(),
            "until": until.isoformat(),
            "workouts": 0,
            "active_seconds": 0.0,
            "statuses": {},
            "adherence": None,
            "blocks": [],
        }
    a = figures.adherence
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "workouts": figures.workouts,
        "active_seconds": round(figures.active_seconds, 1),
        "workouts_without_active_time": figures.unknown_active,
        "statuses": figures.statuses,
        "program_in_use": figures.program_in_use,
        "adherence": {
            "program": figures.target_program,
            "target_days_per_week": a.target,
            "first_day": a.first.isoformat() if a.first else None,
            "percent": None if a.percent is None else round(a.percent, 1),
            "days_per_week": None if a.per_week is None else round(a.per_week, 2),
            "weeks": [
                {
                    "monday": w.monday.isoformat(),
                    "days": w.days,
                    "judged": w.judged,
                    "met": w.met,
                }
                for w in a.weeks
            ],
        },
        "blocks": [_block_json(b) for b in figures.blocks],
    }


def _block_json(b: BlockProgress) -> dict[str, Any]:
    def symmetry(s: Any) -> dict[str, Any] | None:
        if s is None:
            return None
        return {
            "left": round(s.left, 1),
            "right": round(s.right, 1),
            "workouts": s.workouts,
            "index": round(s.index, 1),
            "weaker": s.weaker,
            "trailing": s.trailing,
            "balanced": s.balanced,
        }

    change = b.last_change
    return {
        "program": b.block.program,
        "program_name": b.program,
        "exercise": b.block.slot,
        "exercise_name": b.name,
        "position": b.position,
        "unit": b.unit,
        "dose": None if b.dose is None else msgspec.to_builtins(b.dose),
        "dose_text": b.dose_text,
        "dose_changed": b.dose_changed,
        "workouts": b.workouts,
        "done": b.done,
        "prescribed": b.prescribed,
        "symmetry_start": symmetry(b.symmetry_start),
        "symmetry_now": symmetry(b.symmetry_now),
        "pain_flags": b.pain_flags,
        "first_last": None
        if b.first_last is None
        else {
            "first": round(b.first_last.first, 2),
            "last": round(b.first_last.last, 2),
            "first_sets": b.first_last.first_sets,
            "last_sets": b.first_last.last_sets,
            "overlap": b.first_last.overlap,
        },
        "last_change": None
        if change is None
        else {
            "changed_at": change.changed_at.isoformat(),
            "dose": msgspec.to_builtins(change.dose),
            "reason": change.reason,
        },
    }


def progress_lines(figures: ProgressFigures | None, since: date, until: date) -> list[str]:
    """The figures as lines of plain text."""
    head = f"Progress {since:%Y-%m-%d} to {until:%Y-%m-%d}"
    if figures is None or not figures.workouts:
        return [head, "No workouts in this period."]
    ended = ", ".join(
        f"{figures.statuses[s]} {STATUS_WORDS[s]}"
        for s in WORKOUT_STATUSES
        if s in figures.statuses
    )
    trained = duration_words(figures.active_seconds)
    if figures.unknown_active:
        trained += f" (and {figures.unknown_active} from before time trained was kept)"
    target = f" ({figures.target_program})" if figures.target_program else ""
    lines = [
        head,
        f"{figures.workouts} {plural(figures.workouts, 'workout')} ({ended}); {trained} trained",
        f"Adherence{target}: {figures.adherence.words()}",
    ]
    program = None
    for b in figures.in_order():
        if b.program != program:
            program = b.program
            in_use = " (in use)" if b.block.program == figures.program_in_use else ""
            lines += ["", program + in_use]
        lines.append(f"  {b.name}: {b.dose_text}{' (your dose)' if b.dose_changed else ''}")
        if not b.workouts:
            lines.append("    not done in this period")
        else:
            done = "; ".join(
                f"{'' if side == 'both' else side + ' '}{b.done.get(side, 0):.0f} of "
                f"{b.prescribed.get(side, 0):.0f} {b.unit}"
                for side in b.done
            )
            lines.append(f"    done: {done} over {b.workouts} {plural(b.workouts, 'workout')}")
        if b.first_last is not None:
            lines.append(f"    per set, first 2 weeks → last 2: {b.first_last.words(b.unit)}")
        if b.symmetry_now is not None:
            start = b.symmetry_start.words() if b.symmetry_start is not None else "—"
            lines.append(f"    left/right: {b.symmetry_now.words()} now, {start} at the start")
        if b.pain_flags:
            lines.append(f"    pain flagged in {b.pain_flags} {plural(b.pain_flags, 'workout')}")
        if b.last_change is not None:
            when = b.last_change.changed_at.astimezone()
            lines.append(f"    last dose change {when:%d %b %Y}: {b.last_change.reason}")
    return lines
