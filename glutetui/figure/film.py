"""From poses to frames: the movement as the pixel grid can show it, computed once.

A :class:`Film` is one exercise's movement at one canvas size, for one side: the
body scaled to fit the canvas over the whole movement, standing on a floor line at
its bottom, every joint rounded to a whole pixel. Two moments whose joints round to
the same pixels are the same :class:`Frame`, so a film holds only the frames that
differ, each with the share of the movement where it begins; a screen redraws when
the frame changes and can sleep until the next one begins.

The body is drawn filled, as a pictogram is: each part (a limb segment, the trunk, the
neck, the head) is the band of its own thickness around its joints, and a frame's
pixels are those bands filled row by row, in runs. A frame is filled the first time it
is shown, and a part that stays put while a leg moves is filled once.

Films are cached per figure, size, side and band: a workout computes each one once.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from functools import lru_cache
from typing import Literal

import msgspec

from glutetui.figure.pace import Motion
from glutetui.figure.pose import Figure
from glutetui.figure.skeleton import THICK_THIGH, Point, parts, placed, sweep

Role = Literal["body", "work", "band", "floor"]
# A run of pixels on one row: what it shows, the row, its first and last column (y down).
Span = tuple[Role, int, int, int]
# One shape to fill: what it shows, its corners in pixels and its radius in pixels.
Shape = tuple[Role, tuple[tuple[int, int], ...], float]
# Which legs are drawn in the accent colour: the working one, or both.
Accent = Literal["a", "both"]

# A wall is drawn this high (body heights): enough to lean a knee on.
WALL_HEIGHT = 0.75
# Pixels kept clear around the figure, and above its head.
MARGIN = 1
# The thinnest a part is drawn, in pixels of radius: a line one pixel wide and unbroken.
THINNEST = 0.6
# The band is a cord: this thick (body heights), at least THINNEST.
BAND_RADIUS = 0.01
# From this many pixels per body height the floor is two pixels thick.
THICK_FLOOR = 60
# Samples per pixel of the longest joint's travel: enough to catch every frame a
# movement passes through, since no joint crosses a pixel between two samples.
SAMPLES_PER_PIXEL = 3
MAX_SAMPLES = 600
# Where on each leg a band goes, by the exercise's band_at.
BAND_POINTS = {
    "knees": ("knee", 1.0),
    "ankles": ("ankle", 1.0),
    "feet": ("toe", 0.5),
    "thighs": ("knee", 0.6),
}


def ease(u: float) -> float:
    """Time into movement: slow out of the start, slow into the end (smoothstep)."""
    u = min(1.0, max(0.0, u))
    return u * u * (3.0 - 2.0 * u)


class Frame(msgspec.Struct, frozen=True):
    """What one moment looks like: the body's parts as shapes on the pixel grid, and the
    floor's row. Its pixels (:attr:`spans`) are filled the first time they are asked for,
    so a film costs little to make and each frame is filled when it is first shown."""

    shapes: tuple[Shape, ...]
    width: int
    height: int
    floor: int
    floor_rows: int = 1  # how many pixels thick the floor line is

    @property
    def spans(self) -> tuple[Span, ...]:
        """Runs of pixels, row by row, in the order they are painted (a later run covers
        an earlier one where they meet)."""
        return _spans(self)

    def rows(self) -> dict[int, tuple[Span, ...]]:
        """The runs of each row, in painting order."""
        found: dict[int, list[Span]] = {}
        for span in self.spans:
            found.setdefault(span[1], []).append(span)
        return {y: tuple(runs) for y, runs in found.items()}

    def extent(self, role: Role | None = None) -> tuple[int, int, int, int] | None:
        """The box the frame's pixels (of one role, or all but the floor) cover: left,
        top, right, bottom, inclusive; None when there are none."""
        chosen = [s for s in self.spans if (s[0] == role if role else s[0] != "floor")]
        if not chosen:
            return None
        return (
            min(s[2] for s in chosen),
            min(s[1] for s in chosen),
            max(s[3] for s in chosen),
            max(s[1] for s in chosen),
        )


class Film(msgspec.Struct, frozen=True):
    """The distinct frames of a movement from its start pose to its end pose.

    ``starts[i]`` is the share of the movement's time (0 at the start pose, 1 at the
    end pose) from which ``frames[i]`` is shown.
    """

    frames: tuple[Frame, ...]
    starts: tuple[float, ...]

    def index_at(self, at: float) -> int:
        return max(0, bisect_right(self.starts, at) - 1)

    def frame_at(self, at: float) -> Frame:
        return self.frames[self.index_at(at)]

    def next_change(self, motion: Motion) -> float | None:
        """Seconds until the frame on show changes, while moving as ``motion`` says; None
        when it will not change before the movement stops."""
        if motion.rate == 0:
            return None
        i = self.index_at(motion.at)
        if motion.rate > 0:
            if i + 1 >= len(self.starts):
                return None
            return max(0.0, (self.starts[i + 1] - motion.at) / motion.rate)
        if i == 0:
            return None
        # Going back, the frame changes once the share falls below where it began.
        return max(0.0, (motion.at - self.starts[i]) / -motion.rate) + 1e-4


class _Grid(msgspec.Struct, frozen=True):
    """How body heights map onto the canvas's pixels."""

    scale: float
    x0: float  # pixel column of x = 0
    floor: int  # pixel row of the floor line
    width: int
    height: int
    mirrored: bool

    def pixel(self, point: Point) -> tuple[int, int]:
        x, y = point
        if self.mirrored:
            x = -x
        return round(self.x0 + x * self.scale), round(self.floor - y * self.scale)


@lru_cache(maxsize=64)
def bounds(figure: Figure) -> tuple[float, float, float, float]:
    """The box the whole movement covers, drawn for the left side (body heights, y up):
    left, right, bottom, top; the floor and any step or wall included."""
    xs: list[float] = [0.0]
    ys: list[float] = [0.0]
    body = parts(figure.view)
    for points in sweep(figure):
        for part in body:
            for joint in part.joints:
                x, y = points[joint]
                xs += [x - part.radius, x + part.radius]
                ys += [y + part.radius]
    if figure.step is not None:
        xs += [-figure.step.left, figure.step.right]
        ys.append(figure.step.height)
    if figure.wall is not None:
        xs.append(figure.wall)
        ys.append(WALL_HEIGHT)
    return min(xs), max(xs), min(ys), max(ys)


def _scale(figure: Figure, width: int, height: int) -> float | None:
    """Pixels per body height on a canvas of ``width`` x ``height`` pixels (None: too
    small to draw a body on)."""
    left, right, bottom, top = bounds(figure)
    room_x = width - 1 - 2 * MARGIN
    room_y = height - 1 - MARGIN  # the floor line is the bottom row
    if room_x < 4 or room_y < 4:
        return None
    return min(room_x / max(right - left, 1e-6), room_y / max(top - bottom, 1e-6))


def drawn_height(figure: Figure, width: int, height: int) -> float:
    """How many pixels tall the movement is drawn on a canvas of ``width`` x ``height``."""
    scale = _scale(figure, width, height)
    _, _, bottom, top = bounds(figure)
    return 0.0 if scale is None else (top - bottom) * scale


def width_for(figure: Figure, rows: float, height: int) -> int:
    """The fewest pixel columns in which the movement is drawn ``rows`` pixels tall (or as
    tall as a canvas ``height`` pixels high allows)."""
    left, right, bottom, top = bounds(figure)
    rows = min(rows, height - 1 - MARGIN)
    return math.ceil(rows * (right - left) / max(top - bottom, 1e-6)) + 1 + 2 * MARGIN


def _grid(figure: Figure, width: int, height: int, mirrored: bool) -> _Grid | None:
    """Scale and place the figure so the whole movement fits the canvas."""
    scale = _scale(figure, width, height)
    if scale is None:
        return None
    left, right, bottom, top = bounds(figure)
    if mirrored:
        left, right = -right, -left
    room_y = height - 1 - MARGIN
    # Centred both ways: a lying body in a tall box floats mid-way, on its floor.
    x0 = (width - 1 - (right - left) * scale) / 2 - left * scale
    above = (room_y - (top - bottom) * scale) / 2
    floor = min(height - 1, height - 1 - math.floor(above) + round(bottom * scale))
    return _Grid(scale, x0, floor, width, height, mirrored)


def _shapes(
    figure: Figure, grid: _Grid, at: float, accent: Accent, band: str | None
) -> tuple[Shape, ...]:
    """The moment ``at`` as shapes on the pixel grid, joints rounded to whole pixels: two
    moments with the same shapes are the same frame."""
    pose = figure.start.toward(figure.end, ease(at))
    points = placed(figure, pose)
    px = {name: grid.pixel(point) for name, point in points.items()}
    shapes: list[Shape] = []
    floor = grid.floor
    thin = THINNEST
    if figure.step is not None:
        top = grid.pixel((0.0, figure.step.height))[1]
        left = grid.pixel((-figure.step.left, 0.0))[0]
        right = grid.pixel((figure.step.right, 0.0))[0]
        shapes.append(("floor", ((left, top), (right, top), (right, floor), (left, floor)), thin))
    if figure.wall is not None:
        x, top = grid.pixel((figure.wall, WALL_HEIGHT))
        shapes.append(("floor", ((x, top), (x, floor)), thin))
    for part in parts(figure.view):
        working = part.leg == "a" or (part.leg == "b" and accent == "both")
        corners = tuple(px[joint] for joint in part.joints)
        shapes.append(("work" if working else "body", corners, max(thin, part.radius * grid.scale)))
    if band is not None and band in BAND_POINTS:
        shapes += _band(points, grid, *BAND_POINTS[band])
    return tuple(shapes)


def _band(points: dict[str, Point], grid: _Grid, joint: str, share: float) -> list[Shape]:
    """The band between the legs; where the legs overlap (seen from the side), a short
    loop across the leg instead."""
    ends = []
    for limb in ("a", "b"):
        hx, hy = points[f"hip-{limb}"] if joint == "knee" else points[f"knee-{limb}"]
        jx, jy = points[f"{joint}-{limb}"]
        ends.append(grid.pixel((hx + (jx - hx) * share, hy + (jy - hy) * share)))
    radius = max(THINNEST, BAND_RADIUS * grid.scale)
    (ax, ay), (bx, by) = ends
    if math.dist(ends[0], ends[1]) >= 2 + 2 * radius:
        return [("band", ((ax, ay), (bx, by)), radius)]
    thick = round(max(2.0, 1.3 * THICK_THIGH * grid.scale))
    top = min(max(0, ay - thick), grid.height - 1)
    return [("band", ((ax, top), (ax, min(grid.height - 1, ay + thick))), radius)]


# Frames filled lately: a workout shows a film or two over and over.
FILLED_FRAMES = 256
# Shapes filled lately: most of a body stays put while a leg moves, and is filled once.
FILLED_SHAPES = 4096


@lru_cache(maxsize=FILLED_FRAMES)
def _spans(frame: Frame) -> tuple[Span, ...]:
    """Fill a frame's shapes, row by row (the floor line first)."""
    spans: list[Span] = [
        ("floor", y, 0, frame.width - 1)
        for y in range(frame.floor, min(frame.height, frame.floor + frame.floor_rows))
    ]
    for role, corners, radius in frame.shapes:
        spans += _fill(role, corners, radius, frame.width, frame.height)
    return tuple(spans)


@lru_cache(maxsize=FILLED_SHAPES)
def _fill(
    role: Role, corners: tuple[tuple[int, int], ...], radius: float, width: int, height: int
) -> tuple[Span, ...]:
    """The pixels within ``radius`` of the hull of ``corners`` (a convex shape), as one
    run per row. Where a row meets a convex shape is one run, from the leftmost to the
    rightmost place it meets any of the discs round the corners or the bands along the
    edges."""
    r2 = radius * radius
    edges = []
    n = len(corners)
    for k in range(n if n > 2 else n - 1):
        (x0, y0), (x1, y1) = corners[k], corners[(k + 1) % n]
        length = math.hypot(x1 - x0, y1 - y0)
        if length == 0:
            continue
        nx, ny = -(y1 - y0) / length * radius, (x1 - x0) / length * radius
        # The band along the edge: a rectangle, as its four sides.
        quad = ((x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny))
        edges.append(tuple((quad[i], quad[(i + 1) % 4]) for i in range(4)))
    top = max(0, math.ceil(min(y for _, y in corners) - radius))
    bottom = min(height - 1, math.floor(max(y for _, y in corners) + radius))
    spans: list[Span] = []
    for y in range(top, bottom + 1):
        lo, hi = math.inf, -math.inf
        for cx, cy in corners:
            d = y - cy
            if d * d <= r2:
                h = math.sqrt(r2 - d * d)
                lo, hi = min(lo, cx - h), max(hi, cx + h)
        for sides in edges:
            for (px, py), (qx, qy) in sides:
                if (py - y) * (qy - y) > 0 or py == qy:
                    continue
                x = px + (y - py) * (qx - px) / (qy - py)
                lo, hi = min(lo, x), max(hi, x)
        first, last = max(0, math.ceil(lo - 1e-9)), min(width - 1, math.floor(hi + 1e-9))
        if first <= last:
            spans.append((role, y, first, last))
    return tuple(spans)


class Subject(msgspec.Struct, frozen=True):
    """What a canvas shows: a figure, for which side, which legs in the accent colour,
    and where the band goes (None: no band)."""

    figure: Figure
    mirrored: bool = False
    accent: Accent = "a"
    band: str | None = None

    @classmethod
    def of(
        cls, figure: Figure, *, sided: bool, side: str | None, band: str, band_at: str
    ) -> Subject:
        """The figure for one side of a set: drawn for the left side and mirrored for the
        right; the working leg in the accent colour, or both legs when both work."""
        return cls(
            figure,
            mirrored=sided and side == "right",
            accent="a" if sided else "both",
            band=band_at if band != "none" else None,
        )

    def film(self, width: int, height: int) -> Film | None:
        return film(self.figure, width, height, self.mirrored, self.accent, self.band)


@lru_cache(maxsize=64)
def film(
    figure: Figure,
    width: int,
    height: int,
    mirrored: bool = False,
    accent: Accent = "a",
    band: str | None = None,
) -> Film | None:
    """The movement's distinct frames on a canvas of ``width`` x ``height`` pixels, or
    None when the canvas is too small to draw a body on."""
    grid = _grid(figure, width, height, mirrored)
    if grid is None:
        return None
    first = {n: grid.pixel(p) for n, p in placed(figure, figure.start).items()}
    last = {n: grid.pixel(p) for n, p in placed(figure, figure.end).items()}
    travel = max(math.dist(first[n], last[n]) for n in first)
    samples = min(MAX_SAMPLES, max(1, math.ceil(travel * SAMPLES_PER_PIXEL)))
    frames: list[Frame] = []
    starts: list[float] = []
    floor_rows = 2 if grid.scale >= THICK_FLOOR else 1
    for k in range(samples + 1):
        at = k / samples
        frame = Frame(
            _shapes(figure, grid, at, accent, band), width, height, grid.floor, floor_rows
        )
        if not frames or frame != frames[-1]:
            frames.append(frame)
            starts.append(0.0 if k == 0 else at)
    return Film(tuple(frames), tuple(starts))
