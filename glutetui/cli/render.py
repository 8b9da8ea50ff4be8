"""``glutetui progress`` in plain text and JSON: the figures of
``glutetui.readouts.progress``, spelled for a terminal or a script. The report's
page one shows the same figures, in the same order."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import msgspec

from glutetui.measures.first_last import FirstLast
from glutetui.measures.symmetry import Symmetry
from glutetui.measures.words import trained_words
from glutetui.readouts.progress import BlockProgress, ProgressFigures, StanceEnds
from glutetui.vocab import STATUS_WORDS, WORKOUT_STATUSES, plural


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


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
        "time_trained": trained_words(figures.active_seconds, figures.unknown_active),
        "statuses": figures.statuses,
        "program_in_use": figures.program_in_use,
        "adherence": {
            "program": figures.target_program,
            "target_days_per_week": a.target,
            "first_day": a.first.isoformat() if a.first else None,
            "percent": None if a.percent is None else round(a.percent, 1),
            "days_counted": a.days_counted,
            "days_planned": a.days_planned,
            "days_per_week": None if a.per_week is None else round(a.per_week, 2),
            "words": a.words(),
            "weeks": [
                {
                    "monday": w.monday.isoformat(),
                    "days": w.days,
                    "target": w.target,
                    "program": figures.week_programs.get(w.monday),
                    "judged": w.judged,
                    "met": w.met,
                }
                for w in a.weeks
            ],
            "missed": [
                {"monday": m.monday.isoformat(), "followed": m.followed} for m in figures.missed
            ],
        },
        "pain": {
            "flags": figures.pain_total,
            "listed": [
                {
                    "at": p.at.isoformat(),
                    "program": p.block.program,
                    "exercise": p.block.slot,
                    "exercise_name": p.exercise,
                    "sides": p.sides,
                    "side_known": p.side_known,
                    "followed": p.followed,
                }
                for p in figures.pain
            ],
        },
        "self_test": _stance_json(figures.stance),
        "weaker_side": {
            "side": figures.weaker.side,
            "words": figures.weaker.words(),
            "evidence": [{"side": e.side, "what": e.what} for e in figures.weaker.evidence],
        },
        "first_last_windows": None
        if figures.compare_windows is None
        else {
            "first": [t.isoformat() for t in figures.compare_windows[0]],
            "last": [t.isoformat() for t in figures.compare_windows[1]],
            "too_short": figures.too_short,
        },
        "dose_changes": [
            {
                "at": c.at.isoformat(),
                "program": b.block.program,
                "exercise": b.block.slot,
                "exercise_name": b.name,
                "direction": c.direction,
                "arrow": c.arrow,
                "before": None if c.before is None else msgspec.to_builtins(c.before),
                "after": None if c.after is None else msgspec.to_builtins(c.after),
                "reason": c.reason,
            }
            for b, c in figures.changes()
        ],
        "pending": [
            {
                "created_at": p.created.isoformat(),
                "program": p.block.program,
                "exercise": p.block.slot,
                "exercise_name": p.exercise,
                "label": p.label,
                "before": p.before,
                "after": p.after,
                "direction": p.direction,
                "reason": p.reason,
            }
            for p in figures.pending
        ],
        "blocks": [_block_json(b) for b in figures.blocks],
    }


def _symmetry_json(s: Symmetry | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "left": round(s.left, 1),
        "right": round(s.right, 1),
        "workouts": s.workouts,
        "index": round(s.index, 1),
        "weaker": s.weaker,
        "band": s.band,
    }


def _stance_json(stance: StanceEnds | None) -> dict[str, Any] | None:
    if stance is None:
        return None

    def ends(found: dict[str, Any]) -> dict[str, Any]:
        return {
            side: {
                "taken_at": t.taken.isoformat(),
                "hold_seconds": round(t.hold, 1),
                "target_seconds": t.target,
                "level": t.level,
                "hip_dropped": not t.level,
            }
            for side, t in found.items()
        }

    return {
        "tests": stance.tests,
        "once": stance.once,
        "start": ends(stance.start),
        "end": ends(stance.end),
        "symmetry_start": _symmetry_json(stance.symmetry_start),
        "symmetry_end": _symmetry_json(stance.symmetry_end),
    }


def _first_last_json(f: FirstLast | None) -> dict[str, Any] | None:
    if f is None:
        return None
    return {
        "status": f.status,
        "compared": f.compared,
        "sides": {
            side: {
                "first_per_set": round(f.first[side].per_set, 2),
                "first_target_per_set": round(f.first[side].target_per_set, 2),
                "first_share": _share(f.first[side].share),
                "last_per_set": round(f.last[side].per_set, 2),
                "last_target_per_set": round(f.last[side].target_per_set, 2),
                "last_share": _share(f.last[side].share),
            }
            for side in f.sides
        }
        if f.compared
        else {},
    }


def _block_json(b: BlockProgress) -> dict[str, Any]:
    change = b.last_change
    return {
        "program": b.block.program,
        "program_name": b.program,
        "exercise": b.block.slot,
        "exercise_name": b.name,
        "position": b.position,
        "kind": b.kind,
        "unit": b.unit,
        "dose": None if b.dose is None else msgspec.to_builtins(b.dose),
        "dose_text": b.dose_text,
        "dose_changed": b.dose_changed,
        "workouts": b.workouts,
        "done": b.done,
        "prescribed": b.prescribed,
        "done_of_target": {side: _share(b.done_share(side)) for side in b.prescribed},
        "symmetry_measured": b.capacity,
        "symmetry_start": _symmetry_json(b.symmetry_start),
        "symmetry_now": _symmetry_json(b.symmetry_now),
        "balance": b.balance_words() if b.sided and not b.stretch else None,
        "pain_flags": b.pain_flags,
        "first_last": _first_last_json(b.first_last),
        "last_change": None
        if change is None
        else {
            "changed_at": change.changed_at.isoformat(),
            "dose": msgspec.to_builtins(change.dose),
            "reason": change.reason,
        },
    }


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f} %"


def _day(at: datetime | date) -> str:
    local = at.astimezone() if isinstance(at, datetime) else at
    return f"{local:%a} {local.day} {local:%b %Y}"


def progress_lines(figures: ProgressFigures | None, since: date, until: date) -> list[str]:
    """The figures as lines of plain text, in page one's order."""
    head = f"Progress {since:%Y-%m-%d} to {until:%Y-%m-%d}"
    if figures is None or not figures.workouts:
        return [head, "No workouts in this period."]
    ended = ", ".join(
        f"{figures.statuses[s]} {STATUS_WORDS[s]}"
        for s in WORKOUT_STATUSES
        if s in figures.statuses
    )
    trained = trained_words(figures.active_seconds, figures.unknown_active)
    target = f" ({figures.target_program} in use)" if figures.target_program else ""
    lines = [
        head,
        f"{figures.workouts} {plural(figures.workouts, 'workout')} ({ended}); {trained}",
        f"Adherence{target}: {figures.adherence.words()}",
    ]
    for m in figures.missed:
        lines.append(f"  missed the week of {_day(m.monday)}: {m.followed}")
    lines += ["", f"Pain flags: {figures.pain_total}"]
    for flag in figures.pain:
        lines.append(f"  {_day(flag.at)} {flag.exercise} ({flag.sides}): {flag.followed}")
    if figures.pain_total > len(figures.pain):
        lines.append(f"  (the latest {len(figures.pain)} of {figures.pain_total})")
    stance = figures.stance
    lines.append("")
    if stance is None:
        lines.append("Single-leg stance self-test: none in this period")
    else:
        once = " (one test in the period: start and end are the same)" if stance.once else ""
        lines.append(f"Single-leg stance self-test, start → end{once}:")
        for side in ("left", "right"):
            first, last = stance.start.get(side), stance.end.get(side)
            if first is None or last is None:
                continue
            lines.append(
                f"  {side}: {first.hold:.0f} of {first.target} s, hip "
                f"{'level' if first.level else 'dropped'} ({_day(first.taken)}) → "
                f"{last.hold:.0f} of {last.target} s, hip "
                f"{'level' if last.level else 'dropped'} ({_day(last.taken)})"
            )
        for when, lsi in (("start", stance.symmetry_start), ("end", stance.symmetry_end)):
            lines.append(f"  hold symmetry at the {when}: {lsi.words() if lsi else 'not measured'}")
    lines.append(f"Weaker side: {figures.weaker.words()}")
    for e in figures.weaker.evidence:
        lines.append(f"  {e.what}")
    if figures.too_short:
        lines.append("First two weeks against the last two: too short to compare")
    program = None
    for b in figures.in_order():
        if b.program != program:
            program = b.program
            in_use = " (in use)" if b.block.program == figures.program_in_use else ""
            lines += ["", program + in_use]
        lines.append(f"  {b.name}: {b.dose_text}{' (your dose)' if b.dose_changed else ''}")
        if not b.workouts:
            lines.append("    not done in this period")
            continue
        done = "; ".join(
            f"{'' if side == 'both' else side + ' '}{b.done.get(side, 0):.0f} of "
            f"{b.prescribed.get(side, 0):.0f} {b.unit} ({_percent(b.done_share(side))})"
            for side in b.prescribed
        )
        lines.append(
            f"    done of target: {done} over {b.workouts} {plural(b.workouts, 'workout')}"
        )
        if b.first_last is not None and not figures.too_short:
            lines.append(f"    first 2 weeks → last 2: {b.first_last.words(b.unit)}")
        if b.capacity:
            now = b.symmetry_now.words() if b.symmetry_now else "not measured"
            start = b.symmetry_start.words() if b.symmetry_start else "not measured"
            lines.append(f"    left/right (until the leg tires): {start} at the start, {now} now")
        if b.pain_flags:
            lines.append(f"    pain flagged in {b.pain_flags} {plural(b.pain_flags, 'workout')}")
        for c in b.changes:
            lines.append(f"    {c.arrow} {_day(c.at)}: {c.reason}")
    if figures.pending:
        lines += ["", "For review (pending suggestions):"]
        for pending in figures.pending:
            lines.append(
                f"  {pending.arrow} {pending.exercise}: {pending.before} → {pending.after}. "
                f"{pending.reason}"
            )
    return lines
