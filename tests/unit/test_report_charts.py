"""The report's charts: what a clinician can trust, in colour and printed in greyscale.

Each chart runs over the whole period; a missed week breaks the line; the prescribed
target steps at each dose change, which is marked; left and right, pain, a band, a
dose change and a hip that dropped are told apart by shape and line, not colour alone.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta

import pytest

from glutetui.measures.tension import TensionRow
from glutetui.report import charts
from glutetui.report.data import ExerciseFigures, PainTodayPoint, Point, StancePoint, TargetStep
from glutetui.report.markers import MARKS, swatch
from glutetui.report.period import Period
from glutetui.vocab import BlockRef

PERIOD = Period(date(2026, 1, 5), date(2026, 3, 1))  # eight weeks, charted by day


def clamshell() -> ExerciseFigures:
    """Three weeks, a missed one, three more; the dose up once; pain on the left once;
    a band from the fifth week."""
    points = []
    days = [date(2026, 1, 5) + timedelta(days=d) for d in (0, 2, 4, 7, 9, 11, 14, 16)]
    days += [date(2026, 2, 2) + timedelta(days=d) for d in (0, 2, 4, 7, 9)]
    for n, day in enumerate(days):
        band = "light" if day >= date(2026, 2, 2) else "none"
        for side, amount in (("left", 8.0 + n * 0.2), ("right", 10.0 + n * 0.1)):
            pain = 2 if (side, day) == ("left", date(2026, 2, 9)) else 0
            points.append(Point(day, side, 2, amount, band, 3.0, pain))
    return ExerciseFigures(
        block=BlockRef("tv-floor", "clamshell"),
        program="Floor routine for the TV",
        name="Clamshell",
        variants=(),
        held=False,
        dose="Clamshell 2 × 12 reps each side",
        dose_changed=True,
        points=tuple(points),
        efforts={3: 13},
        changes=(),
        targets=(TargetStep(PERIOD.since, 10.0), TargetStep(date(2026, 1, 16), 12.0)),
        in_use=True,
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def marks(tree: ET.Element, role: str) -> list[ET.Element]:
    return [e for e in tree.iter() if f"mark-{role}" in e.get("class", "").split()]


def style(element: ET.Element) -> dict[str, str]:
    pairs = (p.split(":", 1) for p in element.get("style", "").split(";") if ":" in p)
    return {k.strip(): v.strip() for k, v in pairs}


def grey(colour: str) -> int:
    """A colour as it prints in greyscale (0 black, 255 white; "none" as the paper)."""
    if colour in ("none", ""):
        return 255
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return round(0.2126 * r + 0.7152 * g + 0.0722 * b)


def signature(element: ET.Element) -> tuple[str, int, bool]:
    """What is left of a mark in greyscale: its shape (tag and corners), whether it is
    hollow, and how dark its outline is, coarsely."""
    corners = len(element.get("points", "").split()) if element.tag == "polygon" else 0
    look = style(element)
    hollow = look.get("fill") in ("none", "#ffffff")
    return (f"{element.tag}{corners}", grey(look.get("stroke", "none")) // 64, hollow)


def test_every_mark_keeps_its_own_shape_in_greyscale() -> None:
    svg, roles = charts.exercise_chart(clamshell(), PERIOD)
    tree = parse(svg)
    shown = {role: marks(tree, role) for role in ("side-left", "side-right", "pain", "change")}
    shown["band-light"] = marks(tree, "band-light")
    assert all(shown.values()), {k: len(v) for k, v in shown.items()}
    assert len(shown["pain"]) == 1 and len(shown["change"]) == 1
    # Pain is a triangle, a dose change a diamond, a band a ring, left a round dot and
    # right a square: no two alike, whatever their colours become.
    signatures = {role: {signature(e) for e in found} for role, found in shown.items()}
    assert all(len(s) == 1 for s in signatures.values()), signatures
    alike = [s.pop() for s in signatures.values()]
    assert len(set(alike)) == len(alike), alike
    assert marks(tree, "pain")[0].tag == "polygon"
    assert len(marks(tree, "pain")[0].get("points", "").split()) == 3
    assert len(marks(tree, "change")[0].get("points", "").split()) == 4
    assert marks(tree, "side-right")[0].tag == "rect"
    assert style(marks(tree, "band-light")[0])["fill"] == "none"
    # The pain triangle, filled red, stands out from the orange right-hand line even
    # printed in grey: a black outline, and a shape of its own.
    assert style(marks(tree, "pain")[0])["stroke"] == "#000000"
    # The legend lists each mark the chart shows, drawn as the chart draws it.
    assert roles == ["target", "band-light", "side-left", "side-right", "change", "pain"]
    for role in roles:
        assert f"mark-{role}" in swatch(role) or MARKS[role].shape == "none"


def test_left_is_solid_right_dashed_the_target_broad_and_pale() -> None:
    tree = parse(charts.exercise_chart(clamshell(), PERIOD)[0])

    def lines(role: str) -> list[dict[str, str]]:
        return [
            style(path)
            for group in tree.iter("g")
            if f"role-{role}" in group.get("class", "").split()
            for path in group.iter("path")
            if "line" in path.get("class", "").split()
        ]

    assert lines("side-left") and all("stroke-dasharray" not in s for s in lines("side-left"))
    assert lines("side-right") and all("stroke-dasharray" in s for s in lines("side-right"))
    (target,) = lines("target")
    assert float(target["stroke-width"]) >= 6 and grey(target["stroke"]) > 128


def test_a_missed_week_breaks_the_line() -> None:
    """Points more than a week apart are not joined: each side's line is in two pieces
    (before and after the missed week), and the target's step line runs on."""
    tree = parse(charts.exercise_chart(clamshell(), PERIOD)[0])
    for side in ("left", "right"):
        pieces = [
            path.get("d", "").count("M")
            for group in tree.iter("g")
            if f"role-side-{side}" in group.get("class", "").split()
            for path in group.iter("path")
            if "line" in path.get("class", "").split()
        ]
        assert sum(pieces) == 2, side


def test_every_chart_runs_over_the_whole_period() -> None:
    """The axis is the period's, not the exercise's own dates: labels from the first week
    to the last, the same for an exercise done only in the last fortnight."""
    late = clamshell()
    from dataclasses import replace

    late = replace(late, points=tuple(p for p in late.points if p.at >= date(2026, 2, 4)))
    for figures in (clamshell(), late):
        svg = charts.exercise_chart(figures, PERIOD)[0]
        labels = list(dict.fromkeys(re.findall(r">(\d{1,2} (?:Jan|Feb|Mar))<", svg)))
        assert labels == ["5 Jan", "19 Jan", "2 Feb", "16 Feb"]


def test_the_target_steps_at_each_dose_change() -> None:
    steps = [(date(2026, 1, 5), 10.0), (date(2026, 1, 16), 12.0), (date(2026, 2, 20), 10.0)]
    assert charts.step_line(steps, date(2026, 3, 1)) == [
        (date(2026, 1, 5), 10.0),
        (date(2026, 1, 16), 10.0),
        (date(2026, 1, 16), 12.0),
        (date(2026, 2, 20), 12.0),
        (date(2026, 2, 20), 10.0),
        (date(2026, 3, 1), 10.0),
    ]


def test_gaps_are_left_where_a_week_or_more_was_missed() -> None:
    days = [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 23)]
    found = charts.with_gaps([(d, 1.0) for d in days], timedelta(days=7))
    assert found == [
        (date(2026, 1, 5), 1.0),
        (date(2026, 1, 12), 1.0),
        (date(2026, 1, 13), None),
        (date(2026, 1, 23), 1.0),
    ]


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (date(2026, 1, 5), date(2026, 3, 1), ["5 Jan", "19 Jan", "2 Feb", "16 Feb"]),
        (
            date(2025, 3, 1),
            date(2026, 3, 1),
            ["Mar 2025", "Jun 2025", "Sep 2025", "Dec 2025", "Mar 2026"],
        ),
        (date(2016, 1, 1), date(2026, 3, 1), ["2016", "2018", "2020", "2022", "2024", "2026"]),
    ],
)
def test_date_labels_are_round_and_few(first: date, last: date, expected: list[str]) -> None:
    labels = [charts._label(d, first, last) for d in charts.date_labels(first, last)]
    assert labels == expected


def test_the_self_test_has_its_target_and_a_cross_where_the_hip_dropped() -> None:
    points = [
        StancePoint(date(2026, 1, 10), "left", 1, 14.0, 0, 30),
        StancePoint(date(2026, 1, 10), "right", 1, 28.0, 1, 30),
        StancePoint(date(2026, 2, 28), "left", 1, 30.0, 1, 30),
    ]
    svg, roles = charts.stance_chart(points, PERIOD)
    tree = parse(svg)
    assert roles == ["target", "side-left", "side-right", "drop"]
    (cross,) = marks(tree, "drop")
    assert cross.tag == "path" and cross.get("d", "").count("M") == 2


def test_pain_today_is_charted_with_the_flags_on_its_axis() -> None:
    today = [
        PainTodayPoint(datetime(2026, 2, 2, 18), 3, ""),
        PainTodayPoint(datetime(2026, 2, 4, 18), 4, "stiff"),
        PainTodayPoint(datetime(2026, 2, 6, 18), None, "a note alone"),
    ]
    svg, roles = charts.pain_chart(today, [date(2026, 2, 4)], PERIOD)
    tree = parse(svg)
    assert roles == ["score", "pain"]
    assert len(marks(tree, "score")) == 2 and len(marks(tree, "pain")) == 1


def test_time_under_tension_labels_every_week_readably() -> None:
    monday = date(2026, 1, 5)
    steps = [TensionRow(monday + timedelta(weeks=w), 1.0, 60.0 * w, 50.0, 0.0) for w in range(8)]
    svg, roles = charts.tension_chart(steps, "week")
    assert roles == ["bar-left", "bar-right"]
    labels = re.findall(r">(\d{1,2} (?:Jan|Feb))<", svg)
    assert labels[:2] == ["5 Jan", "12 Jan"] and len(set(labels)) == 8  # the empty week too


def test_charts_hold_no_script_and_no_address() -> None:
    svg = charts.exercise_chart(clamshell(), PERIOD)[0]
    for banned in ("<script", "http", "<desc", "tooltip-overlay"):
        assert banned not in svg, banned
