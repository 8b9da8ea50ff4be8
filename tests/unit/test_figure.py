"""The moving figure's core: every bundled pose loads and draws, frames follow the
engine's LIFT / HOLD / LOWER on the fake clock, and the screen is told exactly when a
frame changes."""

from __future__ import annotations

import itertools
import math

import pytest

from glutetui.catalog import Catalog, load_catalog
from glutetui.engine import Engine, Phase, Snapshot, StepKind
from glutetui.figure.film import Film, Frame, Subject, drawn_height, ease, film, width_for
from glutetui.figure.pace import END, FRAME_SECONDS, START, Loop, Motion, in_set, next_frame
from glutetui.figure.pose import Figure, Pose
from glutetui.figure.skeleton import HEAD, THICK_UPPER_ARM, placed
from tests.clock import FakeClock
from tests.unit.test_engine import block, plan

SIZES = [(40, 24), (64, 28), (110, 30), (24, 40)]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def clamshell(catalog: Catalog) -> Figure:
    figure = catalog.exercises["clamshell"].figure
    assert figure is not None
    return figure


def test_every_bundled_exercise_has_a_figure_that_draws_at_every_size(catalog: Catalog) -> None:
    assert len(catalog.exercises) == 28
    for exercise in catalog.exercises.values():
        figure = exercise.figure
        assert figure is not None, exercise.id
        for width, height in SIZES:
            subject = Subject.of(
                figure, sided=exercise.sided, side="left", band="light", band_at=exercise.band_at
            )
            shown = subject.film(width, height)
            assert shown is not None, (exercise.id, width, height)
            # A rep moves: its first and last frames differ. Every frame stays on the canvas.
            if exercise.kind != "hold":
                assert len(shown.frames) >= 2, (exercise.id, width, height)
            for frame in shown.frames:
                for _, y, first, last in frame.spans:
                    assert 0 <= first <= last < width, (exercise.id, frame)
                    assert 0 <= y < height, (exercise.id, frame)


def test_a_bundled_figure_stands_on_its_floor(catalog: Catalog) -> None:
    """Nothing in the start or end pose sinks through the floor (a step is a floor too)."""
    for exercise in catalog.exercises.values():
        figure = exercise.figure
        assert figure is not None
        for pose in (figure.start, figure.end):
            lowest = min(y for _, y in placed(figure, pose).values())
            assert lowest >= -0.02, (exercise.id, lowest)


def test_the_working_leg_is_the_accent_and_the_right_side_is_the_mirror(
    catalog: Catalog,
) -> None:
    figure = clamshell(catalog)
    left = Subject.of(figure, sided=True, side="left", band="none", band_at="knees")
    right = Subject.of(figure, sided=True, side="right", band="none", band_at="knees")
    both = Subject.of(figure, sided=False, side="both", band="light", band_at="knees")
    assert (left.mirrored, right.mirrored, both.mirrored) == (False, True, False)
    assert (left.accent, both.accent, left.band, both.band) == ("a", "both", None, "knees")
    width = 61
    one, other = left.film(width, 30), right.film(width, 30)
    assert one is not None and other is not None
    mirrored = {(r, y, width - 1 - b, width - 1 - a) for r, y, a, b in one.frames[-1].spans}
    drawn = set(other.frames[-1].spans)
    # Rounding may shift a pixel at the half: nearly every run is the mirror image.
    assert len(mirrored & drawn) >= len(drawn) * 0.8
    # The working leg is drawn in the accent colour, and over the rest of the body.
    work = one.frames[-1].extent("work")
    body = one.frames[-1].extent()
    assert work is not None and body is not None
    assert work[0] > body[0] and work[2] <= body[2]  # the leg, not the head end


def test_films_are_made_once_per_figure_size_and_side(catalog: Catalog) -> None:
    figure = clamshell(catalog)
    assert film(figure, 50, 26) is film(figure, 50, 26)
    assert film(figure, 50, 26) is not film(figure, 50, 26, mirrored=True)
    assert film(figure, 3, 3) is None  # no room for a body


def test_frames_are_only_those_the_pixels_can_show(catalog: Catalog) -> None:
    """Moments whose joints round to the same pixels are one frame: a bigger canvas shows
    more steps of the same movement, and no two frames in a row are alike."""
    figure = clamshell(catalog)
    small, big = film(figure, 30, 14), film(figure, 120, 50)
    assert small is not None and big is not None
    assert 2 <= len(small.frames) < len(big.frames)
    for shown in (small, big):
        assert all(a != b for a, b in zip(shown.frames, shown.frames[1:], strict=False))
        assert list(shown.starts) == sorted(shown.starts) and shown.starts[0] == 0.0


def body_pixels(frame: Frame) -> set[tuple[int, int]]:
    """The pixels of the body itself: the floor, a step, a wall and the band left out."""
    return {
        (x, y)
        for role, y, first, last in frame.spans
        if role in ("body", "work")
        for x in range(first, last + 1)
    }


def pieces(pixels: set[tuple[int, int]]) -> int:
    """How many separate pieces the pixels make (touching sides or corners join)."""
    left, count = set(pixels), 0
    while left:
        count += 1
        todo = [left.pop()]
        while todo:
            x, y = todo.pop()
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    if (x + dx, y + dy) in left:
                        left.remove((x + dx, y + dy))
                        todo.append((x + dx, y + dy))
    return count


@pytest.mark.parametrize("size", [(100, 46), (60, 30)], ids=["100x46", "60x30"])
def test_every_figure_is_one_body_in_every_frame(catalog: Catalog, size: tuple[int, int]) -> None:
    """A body reads as a body: the head joined to the trunk by its neck, the trunk and
    pelvis one piece, every limb from its joint: no part of it floats apart, at any
    moment of any bundled movement."""
    for exercise in catalog.exercises.values():
        assert exercise.figure is not None
        shown = film(exercise.figure, *size)
        assert shown is not None
        for frame in shown.frames:
            assert pieces(body_pixels(frame)) == 1, (exercise.id, size, frame)


def test_lying_on_the_side_the_head_rests_on_the_lower_arm(catalog: Catalog) -> None:
    """Side-lying exercises seen from the front: the head touches the lower ("b") arm,
    which lies on the floor under it, and the head is above it."""
    lying = [e for e in catalog.exercises.values() if e.posture == "side-lying"]
    assert {"clamshell", "side-lying-hip-abduction"} <= {e.id for e in lying}
    for exercise in lying:
        figure = exercise.figure
        assert figure is not None and figure.view == "front", exercise.id
        if figure.anchor != "pelvis":
            continue  # propped up on a forearm: the head is off the floor
        points = placed(figure, figure.start)
        head = points["head"]
        arm = [points[j] for j in ("shoulder-b", "elbow-b", "hand-b")]
        gap = min(_to_segment(head, a, b) for a, b in itertools.pairwise(arm))
        assert gap <= HEAD + THICK_UPPER_ARM + 0.01, (exercise.id, gap)
        assert head[1] > max(y for _, y in arm), exercise.id


def _to_segment(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy or 1.0)))
    return math.dist(p, (ax + t * dx, ay + t * dy))


def test_the_width_for_a_height_draws_the_body_that_tall(catalog: Catalog) -> None:
    """What the workout asks when it sizes the figure: on a canvas as wide as
    ``width_for`` says, the movement is drawn at least that many pixels tall."""
    for exercise in catalog.exercises.values():
        figure = exercise.figure
        assert figure is not None
        for rows in (20, 37, 60):
            width = width_for(figure, rows, 100)
            assert drawn_height(figure, width, 100) >= rows - 1e-6, (exercise.id, rows)
            assert drawn_height(figure, width - 2, 100) < rows, (exercise.id, rows)


def test_ease_starts_and_ends_slowly() -> None:
    assert (ease(0.0), ease(0.5), ease(1.0)) == (0.0, 0.5, 1.0)
    assert ease(0.1) < 0.1 and ease(0.9) > 0.9


def run_set(tempo: tuple[int, int, int], kind: str = "reps") -> tuple[Engine, FakeClock]:
    clock = FakeClock()
    work = block(tempo=tempo, kind=kind, reps=3, hold=10, sides=("left",), sets=1)
    engine = Engine(plan(work, get_ready=2), clock)
    engine.start()
    while engine.step.kind is not StepKind.WORK:
        clock.advance(0.5)
        engine.tick()
    return engine, clock


def moments(engine: Engine, clock: FakeClock, step: float) -> list[Snapshot]:
    """Snapshots every ``step`` seconds to the end of the set."""
    seen = []
    while engine.step.kind is StepKind.WORK:
        seen.append(engine.snapshot())
        clock.advance(step)
        engine.tick()
    return seen


def test_the_figure_follows_the_engines_phase_on_the_fake_clock() -> None:
    engine, clock = run_set((2, 1, 2))
    seen = moments(engine, clock, 0.1)
    assert {s.phase for s in seen} == {Phase.LIFT, Phase.HOLD, Phase.LOWER}
    previous: tuple[Phase, float] | None = None
    for snap in seen:
        motion = in_set(snap)
        assert motion is not None
        if snap.phase is Phase.LIFT:
            assert motion.rate == pytest.approx(0.5)  # a 2 s lift
            assert motion.at == pytest.approx(snap.elapsed % 5 / 2, abs=1e-6)
        elif snap.phase is Phase.HOLD:
            assert motion == END
        else:
            assert motion.rate == pytest.approx(-0.5)
            assert motion.at == pytest.approx((snap.phase_remaining or 0) / 2, abs=1e-6)
        if previous is not None and previous[0] is snap.phase is Phase.LIFT:
            assert motion.at > previous[1]
        if previous is not None and previous[0] is snap.phase is Phase.LOWER:
            assert motion.at < previous[1]
        previous = (snap.phase, motion.at)
    # Outside work there is nothing to follow; the screen shows a preview or nothing.
    assert in_set(engine.snapshot()) is None


def test_lift_frames_differ_from_start_to_end_and_hold_frames_never_change(
    catalog: Catalog,
) -> None:
    shown = film(clamshell(catalog), 50, 26)
    assert shown is not None
    engine, clock = run_set((2, 1, 2))
    seen = moments(engine, clock, 0.05)
    lift = [s for s in seen[: int(5 / 0.05)] if s.phase is Phase.LIFT]
    hold = [s for s in seen if s.phase is Phase.HOLD]
    frames = [shown.frame_at(motion.at) for s in lift if (motion := in_set(s))]
    assert frames[0] == shown.frames[0] and frames[-1] != frames[0]
    assert frames[-1] == shown.frames[-1] or len(set(frames)) > 2
    held = {shown.frame_at(motion.at) for s in hold if (motion := in_set(s))}
    assert held == {shown.frames[-1]}


def test_a_held_exercise_holds_its_end_pose_and_never_asks_for_a_wake_up(
    catalog: Catalog,
) -> None:
    figure = catalog.exercises["side-plank"].figure
    assert figure is not None
    shown = film(figure, 60, 26)
    assert shown is not None
    engine, clock = run_set((2, 1, 2), kind="hold")
    for snap in moments(engine, clock, 0.5):
        motion = in_set(snap)
        assert motion == END and shown.next_change(END) is None


def check_next_change(shown: Film, motion: Motion) -> None:
    """The frame is the same until the predicted moment and differs right after it."""
    wait = shown.next_change(motion)
    assert wait is not None
    before = Motion(motion.at + motion.rate * max(0.0, wait - 1e-3), motion.rate)
    after = Motion(motion.at + motion.rate * (wait + 1e-3), motion.rate)
    assert shown.index_at(before.at) == shown.index_at(motion.at)
    assert shown.index_at(after.at) != shown.index_at(motion.at)


def test_the_next_frame_is_due_exactly_when_its_pixels_change(catalog: Catalog) -> None:
    shown = film(clamshell(catalog), 50, 26)
    assert shown is not None
    for at in (0.0, 0.13, 0.5, 0.77):
        check_next_change(shown, Motion(at, 0.5))
    for at in (1.0, 0.6, 0.31):
        check_next_change(shown, Motion(at, -0.5))
    # Still, at either end of a movement, or moving past its end: no wake-up.
    assert shown.next_change(START) is None and shown.next_change(END) is None
    assert shown.next_change(Motion(1.0, 0.5)) is None
    assert shown.next_change(Motion(0.0, -0.5)) is None
    # Wake-ups come at the rate the pixels change, not on a fixed fast timer.
    waits = []
    at = 0.0
    while (wait := shown.next_change(Motion(at, 0.5))) is not None:
        waits.append(wait)
        at += 0.5 * wait + 1e-6
    assert len(waits) == len(shown.frames) - 1


def test_redraws_are_spaced_however_fast_the_pixels_change() -> None:
    assert next_frame(None) is None
    assert next_frame(0.01) == FRAME_SECONDS
    assert next_frame(0.4) == 0.4


def test_a_paused_set_stands_still() -> None:
    engine, clock = run_set((2, 1, 2))
    clock.advance(0.7)
    engine.tick()
    engine.pause()
    motion = in_set(engine.snapshot())
    assert motion is not None and not motion.moving and motion.at > 0


def test_the_preview_loops_at_the_tempo_and_wakes_when_frames_change(catalog: Catalog) -> None:
    loop = Loop((2, 1, 2))
    assert loop.length == pytest.approx(0.8 + 5)
    assert loop.motion(0.3) == START  # a moment at the start pose between reps
    assert loop.motion(0.8 + 1).rate == pytest.approx(0.5)
    assert loop.motion(0.8 + 2.5) == END
    assert loop.motion(0.8 + 4).rate == pytest.approx(-0.5)
    assert loop.motion(loop.length + 0.3) == START  # and round again
    shown = film(clamshell(catalog), 50, 26)
    assert shown is not None
    # Resting or holding, the next wake-up is the first new frame of what comes next.
    wait = loop.next_change(0.3, shown.next_change)
    assert wait is not None and 0.5 < wait < 0.5 + 2
    wait = loop.next_change(0.8 + 2.2, shown.next_change)
    assert wait is not None and 0.8 <= wait < 1.0
    # A hold's preview gets into the pose and stays there a while.
    held = Loop((2, 1, 2), "hold")
    assert held.motion(0.8 + 2 + 2.9) == END


def test_a_pose_moves_evenly_from_start_to_end() -> None:
    start, end = Pose(hip=(0, 10)), Pose(hip=(40, 10), knee=(-90, 0))
    half = start.toward(end, 0.5)
    assert (half.hip, half.knee) == ((20, 10), (-45, 0))
    assert start.toward(end, 0) == start and start.toward(end, 1) == end
