"""The moving figure: each exercise shown by a body drawn with lines, paced by the tempo.

Pure Python, no terminal: the catalogue holds each exercise's :class:`Figure` (a
view, a start pose and an end pose as joint angles); this package turns poses into
joint positions (``skeleton``), joint positions into the distinct pixel frames of a
movement at one canvas size (``film``), and the engine's phase into where the figure
is in that movement (``pace``). The widget that draws the frames is
``glutetui.widgets.figure``.

The package, by job:

- ``pose``: the records: a figure, its poses, lengths and props;
- ``skeleton``: forward kinematics, in body heights;
- ``film``: frames in whole pixels, cached per figure, size and side;
- ``pace``: where the figure is in its movement, during a set or in a preview loop.
"""

from __future__ import annotations

from glutetui.figure.pose import ANCHORS, VIEWS, Anchor, Figure, Lengths, Pose, Support, View

__all__ = ["ANCHORS", "VIEWS", "Anchor", "Figure", "Lengths", "Pose", "Support", "View"]
