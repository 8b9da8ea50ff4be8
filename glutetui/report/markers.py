"""The marks of the report's charts, each told apart by its shape and line as well as
its colour, so a chart printed in greyscale reads as it does in colour.

pygal draws every point as a round dot in its series' colour. Once it has drawn a
chart, :func:`finish` gives each series the look its role asks for (a dashed line for
the right side, a broad pale step line for the target …) and swaps the dots for the
role's shape: a square for the right side, a triangle for pain, a diamond for a dose
change, a ring for a band, a cross for a hip that dropped. It also takes out what a
printed, self-contained page must not hold: the script, the comments naming web
addresses, the tooltips. :func:`swatch` draws the same mark small, for the legend the
page prints under each chart, so the legend always shows what the chart shows.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mark:
    words: str  # what the legend says
    colour: str
    shape: str = "none"  # the point's shape: circle, square, triangle, diamond, ring, cross
    line: str = "none"  # the line's look: solid, dashed, broad, stripe, bar, none
    size: float = 3.0  # the shape's half width, in the SVG's units
    width: float = 2.2  # the line's (or a ring's) stroke width
    fill: str | None = None  # the shape's fill (None: the colour)


MARKS: dict[str, Mark] = {
    "target": Mark("prescribed (dose in force)", "#9e9e9e", line="broad", width=7),
    "side-left": Mark("left", "#1f4e9c", "circle", "solid"),
    "side-right": Mark("right", "#c2570c", "square", "dashed"),
    "side-both": Mark("both legs", "#2e7d32", "circle", "solid"),
    "change": Mark("dose changed", "#111111", "diamond", size=5.5, width=1.6, fill="#ffffff"),
    "pain": Mark("pain flagged", "#d32f2f", "triangle", size=6.5, width=1.2),
    "band-light": Mark("light band", "#7cb342", "ring", size=7, width=1.4, fill="none"),
    "band-medium": Mark("medium band", "#00897b", "ring", size=7, width=2.4, fill="none"),
    "band-heavy": Mark("heavy band", "#6a1b9a", "ring", size=7, width=3.6, fill="none"),
    "band-line-light": Mark("light band", "#7cb342", line="stripe", width=10),
    "band-line-medium": Mark("medium band", "#00897b", line="stripe", width=13),
    "band-line-heavy": Mark("heavy band", "#6a1b9a", line="stripe", width=16),
    "score": Mark("pain today", "#37474f", "circle", "solid"),
    "drop": Mark("hip dropped", "#111111", "cross", size=5.5, width=2.2),
    # Bars stack left, right, both: dark, light and middle greys when printed in grey.
    "bar-left": Mark("left", "#1f4e9c", line="bar"),
    "bar-right": Mark("right", "#f5b27a", line="bar"),
    "bar-both": Mark("both legs", "#43a047", line="bar"),
}
OUTLINE = "#000000"  # around pain triangles and right-side squares: seen on any line
LINE_STYLES = {
    "solid": "",
    "dashed": "stroke-dasharray:7 4;",
    "broad": "stroke-opacity:0.5;stroke-linejoin:miter;",
    "stripe": "stroke-opacity:0.4;stroke-linecap:round;",
}


def finish(tree: ET.Element, roles: Sequence[str]) -> str:
    """pygal's SVG, with its script, comments, tooltips and namespace declarations
    taken out (inline SVG in HTML needs no namespace, and the page names no web
    address), each series given the look of its role (``roles``, in the order the
    series were added), as markup for the page."""
    for parent in list(tree.iter()):
        for child in list(parent):
            tag: object = child.tag  # a comment's tag is the Comment factory itself
            tooltip = "tooltip-overlay" in child.get("class", "")
            if tag is ET.Comment or tag in ("script", "desc") or tooltip:
                parent.remove(child)
    for key in [k for k in tree.attrib if k.startswith("xmlns")]:
        del tree.attrib[key]
    tree.set("role", "img")
    # Marks alone (a dose change, pain, a band) drawn as a path through them: the path's
    # points, to be marked over everything else, where pygal puts its dots.
    strewn: dict[int, list[tuple[float, float]]] = {}
    overlay: dict[int, ET.Element] = {}
    for layer in tree.iter("g"):
        kind = layer.get("class", "").split()
        if "plot" not in kind:
            continue
        for group in layer.findall("g"):
            classes = group.get("class", "").split()
            if "series" not in classes:
                continue
            index = next((int(c[6:]) for c in classes if c.startswith("serie-")), -1)
            if not 0 <= index < len(roles):
                continue
            role = roles[index]
            group.set("class", f"{' '.join(classes)} role-{role}")
            mark = MARKS.get(role)
            if mark is None:
                continue
            if "overlay" in kind:
                overlay[index] = group
            if mark.line == "none" and mark.shape != "none":
                strewn.setdefault(index, []).extend(_path_points(group))
            _dress(group, role, mark)
    for index, points in strewn.items():
        if points and index in overlay:
            role = roles[index]
            overlay[index].extend(shape(role, MARKS[role], x, y) for x, y in points)
    return ET.tostring(tree, encoding="unicode")


def _path_points(group: ET.Element) -> list[tuple[float, float]]:
    """The points of the lines drawn in a series' group, taking the lines out."""
    points: list[tuple[float, float]] = []
    for path in [p for p in group if p.tag == "path" and "line" in p.get("class", "").split()]:
        group.remove(path)
        numbers = [float(n) for n in path.get("d", "").translate(_PATH_WORDS).split()]
        points.extend(zip(numbers[::2], numbers[1::2], strict=True))
    return points


_PATH_WORDS = str.maketrans("MLZ", "   ")


def _dress(group: ET.Element, role: str, mark: Mark) -> None:
    for path in group.iter("path"):
        if "line" in path.get("class", "").split() and mark.line in LINE_STYLES:
            path.set(
                "style",
                f"fill:none;stroke:{mark.colour};stroke-width:{mark.width};"
                + LINE_STYLES[mark.line],
            )
    for rect in group.iter("rect"):
        if mark.line == "bar":
            rect.set("style", f"fill:{mark.colour};stroke:#ffffff;stroke-width:1")
    for dots in group.iter("g"):
        for circle in [c for c in dots if c.tag == "circle"]:
            x, y = float(circle.get("cx", 0)), float(circle.get("cy", 0))
            index = list(dots).index(circle)
            dots.remove(circle)
            dots.insert(index, shape(role, mark, x, y))


def shape(role: str, mark: Mark, x: float, y: float) -> ET.Element:
    """One mark at (x, y): its element, class ``mark mark-ROLE``, with its look inline
    (so the page's stylesheet cannot change it)."""
    r = mark.size
    fill = mark.colour if mark.fill is None else mark.fill
    # Filled shapes laid on a line get a black outline, so they stand out from it.
    outline = OUTLINE if mark.shape in ("square", "triangle") else mark.colour
    stroked = mark.shape in ("ring", "cross", "diamond")  # drawn by their outline
    style = f"fill:{fill};stroke:{outline};stroke-width:{mark.width if stroked else 1}"
    attrs = {"class": f"mark mark-{role}", "style": style}
    if mark.shape == "square":
        side = 2 * r * 0.9
        return ET.Element(
            "rect",
            {
                **attrs,
                "x": _n(x - side / 2),
                "y": _n(y - side / 2),
                "width": _n(side),
                "height": _n(side),
            },
        )
    if mark.shape == "triangle":
        points = [(x, y - r * 1.15), (x + r, y + r * 0.75), (x - r, y + r * 0.75)]
        return ET.Element("polygon", {**attrs, "points": _points(points)})
    if mark.shape == "diamond":
        points = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
        return ET.Element("polygon", {**attrs, "points": _points(points)})
    if mark.shape == "cross":
        left, right, top, bottom = _n(x - r), _n(x + r), _n(y - r), _n(y + r)
        d = f"M{left} {top} L{right} {bottom} M{left} {bottom} L{right} {top}"
        return ET.Element("path", {**attrs, "d": d})
    return ET.Element("circle", {**attrs, "cx": _n(x), "cy": _n(y), "r": _n(r)})


def swatch(role: str) -> str:
    """A small sample of one mark, with its line where it has one, for the legend."""
    mark = MARKS[role]
    svg = ET.Element(
        "svg",
        {
            "class": "swatch",
            "viewBox": "0 0 34 14",
            "width": "34",
            "height": "14",
            "aria-hidden": "true",
        },
    )
    if mark.line == "bar":
        ET.SubElement(
            svg,
            "rect",
            {"x": "10", "y": "2", "width": "14", "height": "10", "style": f"fill:{mark.colour}"},
        )
    elif mark.line in LINE_STYLES:
        width = min(mark.width, 9)
        style = f"fill:none;stroke:{mark.colour};stroke-width:{width};" + LINE_STYLES[mark.line]
        ET.SubElement(svg, "path", {"d": "M2 7 L32 7", "style": style})
    if mark.shape != "none":
        small = Mark(
            mark.words,
            mark.colour,
            mark.shape,
            mark.line,
            min(mark.size, 5.5),
            mark.width,
            mark.fill,
        )
        svg.append(shape(role, small, 17, 7))
    return ET.tostring(svg, encoding="unicode")


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
