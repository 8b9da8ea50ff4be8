"""Forward kinematics: where each joint of a pose falls, in body heights.

The pelvis is the root. The trunk points from it to the neck; the head sits beyond
the neck; hips and shoulders hang from the trunk's ends, and each limb is a chain
of segments whose angles add up from the trunk down (see :mod:`.pose`). Nothing
here knows about pixels: :mod:`.film` scales and rounds these points.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from glutetui.figure.pose import Figure, Lengths, Pose

Point = tuple[float, float]

# Segment lengths as shares of a standing body's height (a little under 1 from the
# soles to the top of the head): rough adult proportions, rounded.
TRUNK = 0.30
NECK = 0.12  # from the neck point to the middle of the head
HEAD = 0.066  # the head's radius
HIPS = 0.10
SHOULDERS = 0.2
THIGH = 0.25
SHIN = 0.24
FOOT = 0.07
UPPER_ARM = 0.16
FOREARM = 0.15

LIMBS = ("b", "a")

# How thick each part is drawn: the radius of the rounded band around its line, in body
# heights. A body drawn this way (a filled trunk, limbs thicker at the thigh than at
# the foot, a neck that joins the head to the shoulders) reads as a person from across
# the room; lines one pixel wide read as a diagram.
THICK_THIGH = 0.043
THICK_SHIN = 0.031
THICK_FOOT = 0.02
THICK_UPPER_ARM = 0.028
THICK_FOREARM = 0.023
THICK_NECK = 0.028
# The trunk is the band around the hull of the shoulders and the hips: seen from the
# front those are lines of their own, so the band is thinner; seen from the side both
# collapse to a point and the band alone is the chest's depth.
THICK_TRUNK = {"side": 0.056, "front": 0.032, "back": 0.032}


class BodyPart(NamedTuple):
    """A piece of the body drawn filled: the band of ``radius`` (body heights) around the
    hull of its joints (one joint: a disc; two: a rounded segment; four: a rounded
    quadrilateral), and the leg it belongs to, if any."""

    joints: tuple[str, ...]
    radius: float
    leg: str = ""


def _leg(limb: str) -> tuple[BodyPart, ...]:
    return (
        BodyPart((f"hip-{limb}", f"knee-{limb}"), THICK_THIGH, limb),
        BodyPart((f"knee-{limb}", f"ankle-{limb}"), THICK_SHIN, limb),
        BodyPart((f"ankle-{limb}", f"toe-{limb}"), THICK_FOOT, limb),
    )


def _arm(limb: str) -> tuple[BodyPart, ...]:
    return (
        BodyPart((f"shoulder-{limb}", f"elbow-{limb}"), THICK_UPPER_ARM),
        BodyPart((f"elbow-{limb}", f"hand-{limb}"), THICK_FOREARM),
    )


@lru_cache(maxsize=4)
def parts(view: str) -> tuple[BodyPart, ...]:
    """The body's parts in the order they are painted: the far ("b") side first, so the
    near, working side is drawn over the trunk and the far limbs."""
    trunk = BodyPart(("shoulder-a", "shoulder-b", "hip-b", "hip-a"), THICK_TRUNK[view])
    return (
        *_leg("b"),
        *_arm("b"),
        BodyPart(("neck", "head"), THICK_NECK),
        trunk,
        BodyPart(("head",), HEAD),
        *_arm("a"),
        *_leg("a"),
    )


def _toward(origin: Point, degrees: float, length: float) -> Point:
    angle = math.radians(degrees)
    return (origin[0] + length * math.cos(angle), origin[1] + length * math.sin(angle))


def joints(pose: Pose, figure: Figure) -> dict[str, Point]:
    """Every joint of ``pose`` with the pelvis at the origin, y pointing up."""
    lengths: Lengths = figure.lengths
    pelvis: Point = (0.0, 0.0)
    trunk = pose.trunk
    neck = _toward(pelvis, trunk, TRUNK * lengths.trunk)
    points: dict[str, Point] = {"pelvis": pelvis, "neck": neck}
    points["head"] = _toward(neck, trunk + pose.neck, NECK * lengths.neck)
    down = trunk + 180.0
    # Seen from the front, the figure's left (the "a" side) is on the right of the
    # picture: clockwise from the trunk. From behind it is the other way round, and from
    # the side both hips (and both shoulders) are one point.
    across = {"side": 0.0, "front": -90.0, "back": 90.0}[figure.view]
    half_hips = 0.0 if figure.view == "side" else HIPS * lengths.hips / 2
    half_shoulders = 0.0 if figure.view == "side" else SHOULDERS * lengths.shoulders / 2
    for n, limb in enumerate(LIMBS):
        i = 1 - n  # pairs in a pose are written [a, b]
        sign = 1.0 if limb == "a" else -1.0
        hip = _toward(pelvis, trunk + across + pose.pelvis, sign * half_hips)
        thigh = down + pose.hip[i]
        seen = math.cos(math.radians(pose.turn[i]))  # a thigh turned toward you looks short
        knee = _toward(hip, thigh, THIGH * lengths.thigh * seen)
        shin = thigh + pose.knee[i]
        ankle = _toward(knee, shin, SHIN * lengths.shin)
        toe = _toward(ankle, shin + pose.ankle[i], FOOT * lengths.foot)
        shoulder = _toward(neck, trunk + across, sign * half_shoulders)
        upper = down + pose.shoulder[i]
        elbow = _toward(shoulder, upper, UPPER_ARM * lengths.upper_arm)
        hand = _toward(elbow, upper + pose.elbow[i], FOREARM * lengths.forearm)
        points.update(
            {
                f"hip-{limb}": hip,
                f"knee-{limb}": knee,
                f"ankle-{limb}": ankle,
                f"toe-{limb}": toe,
                f"shoulder-{limb}": shoulder,
                f"elbow-{limb}": elbow,
                f"hand-{limb}": hand,
            }
        )
    return points


def lowest(points: dict[str, Point], view: str) -> float:
    """The lowest height the body reaches: the edge of its lowest part, not the joint's
    middle (a body lies on its side, not on its bones)."""
    return min(points[j][1] - part.radius for part in parts(view) for j in part.joints)


def placed(figure: Figure, pose: Pose) -> dict[str, Point]:
    """A pose's joints in the room: the anchor where it is in the start pose, the floor at
    height 0 (the start pose rests on it, or the anchor stands on the figure's step)."""
    start, height = _footing(figure)
    here = joints(pose, figure) if pose is not figure.start else start
    bx, by = here[figure.anchor]
    dx, dy = -bx, height - by
    return {name: (x + dx, y + dy) for name, (x, y) in here.items()}


@lru_cache(maxsize=64)
def _footing(figure: Figure) -> tuple[dict[str, Point], float]:
    """The start pose's joints, and the height its anchor is held at in every pose."""
    start = joints(figure.start, figure)
    ay = start[figure.anchor][1]
    if figure.step is not None:
        # On a step the anchor (a foot) stands on it by the sole, a foot's thickness up.
        return start, figure.step.height + THICK_FOOT
    return start, ay - lowest(start, figure.view)


def sweep(figure: Figure, samples: int = 8) -> Iterator[dict[str, Point]]:
    """The placed joints at evenly spaced points of the movement, start and end included
    (a limb swinging through an arc can reach past both ends)."""
    for k in range(samples + 1):
        yield placed(figure, figure.start.toward(figure.end, k / samples))
