"""A figure as the catalogue holds it: the view, two poses and what stays put.

A pose is the joint angles of a small 2D skeleton in the picture's plane, in degrees,
counter-clockwise positive, each relative to the segment it hangs from:

- ``trunk``: the direction from the pelvis to the neck (90 is upright, 180 lying
  with the head to the left);
- ``neck``: the head's turn from the trunk's line;
- ``pelvis``: the tilt of the line through the hips (front and back views), from
  square to the trunk;
- ``hip`` and ``shoulder``: thigh and upper arm from the trunk's line continued down
  (0 hangs straight on);
- ``knee`` and ``elbow``: shin and forearm from the thigh and the upper arm (0 is
  straight);
- ``ankle``: the foot from the shin (90 is a right angle);
- ``turn``: how far each thigh turns out of the picture, toward you (0 to 90): seen
  from the side, a knee lifted out sideways looks like a shorter thigh.

Limbs come in pairs ``[a, b]``: ``a`` is the working leg (and the arm on its side),
drawn for the left side and mirrored for the right. Seen from the side the two hips
are one point; from the front or the back they are a hip's width apart, ``a`` on the
figure's left as it faces you from the front, on the left of the picture from behind.

These records are complete: every angle is filled in. The file's shape, where the end
pose names only what moves, is :mod:`glutetui.catalog.spec`'s.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

import msgspec

View = Literal["side", "front", "back"]
VIEWS: tuple[View, ...] = get_args(View)

# The points a figure can be held by: it stays where it is in the start pose while
# the rest of the body moves (a foot on the floor, the pelvis of a lying body).
Anchor = Literal[
    "pelvis",
    "neck",
    "head",
    "hip-a",
    "hip-b",
    "knee-a",
    "knee-b",
    "ankle-a",
    "ankle-b",
    "toe-a",
    "toe-b",
    "shoulder-a",
    "shoulder-b",
    "elbow-a",
    "elbow-b",
    "hand-a",
    "hand-b",
]
ANCHORS: tuple[Anchor, ...] = get_args(Anchor)

Pair = tuple[float, float]
# How long a segment looks, as a share of its length (0: seen end-on).
Share = Annotated[float, msgspec.Meta(ge=0.0, le=2.0)]
# Distances in body heights, for the props around the figure.
Reach = Annotated[float, msgspec.Meta(ge=0.0, le=1.0)]
# Where a wall stands from the anchor, in body heights (negative: to the left).
WallAt = Annotated[float, msgspec.Meta(ge=-1.0, le=1.0)]


class Pose(msgspec.Struct, frozen=True, kw_only=True):
    """Every joint angle of one pose (the defaults stand upright, seen from the side)."""

    trunk: float = 90.0
    neck: float = 0.0
    pelvis: float = 0.0
    hip: Pair = (0.0, 0.0)
    knee: Pair = (0.0, 0.0)
    ankle: Pair = (90.0, 90.0)
    turn: Pair = (0.0, 0.0)
    shoulder: Pair = (0.0, 0.0)
    elbow: Pair = (0.0, 0.0)

    def toward(self, other: Pose, p: float) -> Pose:
        """The pose a fraction ``p`` of the way to ``other``, every angle moving evenly."""

        def mix(a: float, b: float) -> float:
            return a + (b - a) * p

        def pair(a: Pair, b: Pair) -> Pair:
            return (mix(a[0], b[0]), mix(a[1], b[1]))

        return Pose(
            trunk=mix(self.trunk, other.trunk),
            neck=mix(self.neck, other.neck),
            pelvis=mix(self.pelvis, other.pelvis),
            hip=pair(self.hip, other.hip),
            knee=pair(self.knee, other.knee),
            ankle=pair(self.ankle, other.ankle),
            turn=pair(self.turn, other.turn),
            shoulder=pair(self.shoulder, other.shoulder),
            elbow=pair(self.elbow, other.elbow),
        )


class Lengths(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """How long each segment looks, as a share of its usual length: a shin pointing at
    you looks short. One set per figure, since it belongs to the view (the file's table
    is this record as it is)."""

    trunk: Share = 1.0
    neck: Share = 1.0
    hips: Share = 1.0
    shoulders: Share = 1.0
    thigh: Share = 1.0
    shin: Share = 1.0
    foot: Share = 1.0
    upper_arm: Share = 1.0
    forearm: Share = 1.0


class Support(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A step, stair or chair seat under the anchor: its height, and how far it reaches
    to either side of the anchor (in body heights)."""

    height: Annotated[float, msgspec.Meta(gt=0.0, le=1.0)]
    left: Reach = 0.15
    right: Reach = 0.15


class Figure(msgspec.Struct, frozen=True, kw_only=True):
    """How one exercise is shown: from where, from which pose to which, what stays put."""

    view: View
    start: Pose
    end: Pose
    anchor: Anchor = "pelvis"
    lengths: Lengths = Lengths()
    step: Support | None = None
    wall: WallAt | None = None

    @property
    def moves(self) -> bool:
        return self.start != self.end
