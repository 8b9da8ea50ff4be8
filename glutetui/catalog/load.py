"""Loading the catalogue: the bundled files, the user's own merged over them.

The bundled catalogue lives in ``data/exercises.toml`` and ``data/programs.toml``.
The user's own files (``HOME/exercises/*.toml`` and ``HOME/programs/*.toml``, one
record per file, the id being the file stem) are merged over it: a user record with
a bundled id replaces the bundled one.

A broken user file never stops the rest from loading: it becomes a
:class:`CatalogProblem` naming the file, the key and what was expected, and the
catalogue carries on without that record. A broken bundled file is a
:class:`CatalogError`: a packaging bug, not a user mistake.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import TypeVar

import msgspec

from glutetui.catalog.model import (
    DECODING,
    Block,
    Catalog,
    CatalogError,
    CatalogProblem,
    Exercise,
    Prescription,
    Program,
    SideOrder,
)
from glutetui.catalog.spec import (
    ID_PATTERN,
    ExerciseFile,
    ExerciseSpec,
    FigureSpec,
    PoseSpec,
    ProgramFile,
    ProgramSpec,
)
from glutetui.figure.pose import Figure, Pose
from glutetui.platform.validation import explain_validation_error, nesting_problem

T = TypeVar("T")

_ID_RE = re.compile(ID_PATTERN)


def bundled_data_dir() -> Path:
    """Where the bundled TOML files are: inside the installed package, or the checkout.

    A wheel carries them as ``glutetui/data``; an editable install or a plain checkout
    has them in the top-level ``data/`` folder beside the package.
    """
    packaged = Path(str(resources.files("glutetui"))) / "data"
    if (packaged / "exercises.toml").is_file():
        return packaged
    # This file is glutetui/catalog/load.py: the checkout is three levels up.
    checkout = Path(__file__).resolve().parents[2] / "data"
    if (checkout / "exercises.toml").is_file():
        return checkout
    raise CatalogError("the bundled exercise data is missing from this installation")


def load_catalog(
    user_exercises: Path | None = None,
    user_programs: Path | None = None,
    data_dir: Path | None = None,
) -> Catalog:
    """Load the bundled catalogue and merge in the user's files, if folders are given."""
    with DECODING:
        return _load(user_exercises, user_programs, data_dir)


def _load(
    user_exercises: Path | None, user_programs: Path | None, data_dir: Path | None
) -> Catalog:
    data = data_dir or bundled_data_dir()
    ex_file = _decode_bundled(data / "exercises.toml", ExerciseFile)
    bundled = {eid: _exercise(eid, spec, "bundled") for eid, spec in ex_file.exercise.items()}
    broken = _link_problems(bundled, bundled.values())
    if broken:
        raise CatalogError(f"bundled {broken[0]}")
    prog_file = _decode_bundled(data / "programs.toml", ProgramFile)
    programs: dict[str, Program] = {}
    for prog_id, prog_spec in prog_file.program.items():
        result = _program(prog_id, prog_spec, bundled, "bundled", "programs.toml")
        if isinstance(result, CatalogProblem):
            raise CatalogError(f"bundled {result}")
        programs[prog_id] = result

    problems: list[CatalogProblem] = []
    exercises = dict(bundled)
    mine: dict[str, Exercise] = {}
    for path, label in _user_files(user_exercises, "exercises"):
        spec = _decode_user(path, label, ExerciseSpec)
        if isinstance(spec, CatalogProblem):
            problems.append(spec)
        else:
            mine[path.stem] = _exercise(path.stem, spec, label)
    exercises.update(mine)
    # Drop user exercises that fail until none do (one may point at another that failed).
    while True:
        failed = _link_problems(exercises, [exercises[i] for i in mine if i in exercises])
        failed += _override_problems(exercises, bundled, prog_file)
        if not failed:
            break
        for problem in failed:
            stem = Path(problem.file).stem
            if stem not in mine:
                continue  # one problem per file is enough
            problems.append(problem)
            mine.pop(stem)
            if stem in bundled:
                exercises[stem] = bundled[stem]
            else:
                exercises.pop(stem, None)

    for path, label in _user_files(user_programs, "programs"):
        prog_spec_or_problem = _decode_user(path, label, ProgramSpec)
        if isinstance(prog_spec_or_problem, CatalogProblem):
            problems.append(prog_spec_or_problem)
            continue
        result = _program(path.stem, prog_spec_or_problem, exercises, label, label)
        if isinstance(result, CatalogProblem):
            problems.append(result)
        else:
            programs[path.stem] = result
    return Catalog(ex_file.cues, exercises, programs, tuple(problems))


def _override_problems(
    exercises: Mapping[str, Exercise], bundled: Mapping[str, Exercise], prog_file: ProgramFile
) -> list[CatalogProblem]:
    """A user exercise that replaces a bundled one must still fit the bundled programs."""
    problems = []
    for ex_id, ex in exercises.items():
        if ex.source == "bundled" or ex_id not in bundled:
            continue
        for prog_id, spec in prog_file.program.items():
            if not any(b.exercise == ex_id for b in spec.block):
                continue
            result = _program(prog_id, spec, exercises, "bundled", "programs.toml")
            if isinstance(result, CatalogProblem):
                problems.append(
                    CatalogProblem(
                        ex.source,
                        "kind",
                        f"cannot replace the bundled {ex_id}: program {prog_id} needs it "
                        f"as it was ({result.expected})",
                    )
                )
                break
    return problems


# The bundled files as read, by path and version: reading the TOML is most of a load
# (about 5 ms), and a process loads the catalogue again whenever the user's files
# change. Each load still makes its own records from the table.
_read_bundled: dict[tuple[Path, int, int], dict[str, object]] = {}


def _decode_bundled(path: Path, type_: type[T]) -> T:
    try:
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
        raw = _read_bundled.get(key)
        if raw is None:
            raw = _read_bundled[key] = tomllib.loads(path.read_text(encoding="utf-8"))
        return msgspec.convert(raw, type=type_, strict=True)
    except (OSError, tomllib.TOMLDecodeError, msgspec.ValidationError) as exc:
        raise CatalogError(f"bundled {path.name} is broken: {exc}") from exc


def _user_files(folder: Path | None, label: str) -> Iterable[tuple[Path, str]]:
    if folder is None or not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.toml")):
        found.append((path, f"{label}/{path.name}"))
    return found


def _decode_user(path: Path, label: str, type_: type[T]) -> T | CatalogProblem:
    stem = path.stem
    if not _ID_RE.match(stem):
        return CatalogProblem(
            label, "", "the file name must be a lowercase-hyphenated id, like my-routine.toml"
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return CatalogProblem(label, "", f"not valid UTF-8 text (byte {exc.start})")
    except OSError as exc:
        return CatalogProblem(label, "", f"cannot be read ({exc.strerror or exc})")
    try:
        raw = tomllib.loads(text)
        return msgspec.convert(raw, type=type_, strict=True)
    except tomllib.TOMLDecodeError as exc:
        return CatalogProblem(label, "", f"not valid TOML ({exc})")
    except msgspec.ValidationError as exc:
        key, expected = explain_validation_error(str(exc))
        return CatalogProblem(label, key, expected)
    except RecursionError:  # the TOML reader recurses once per level of nesting
        return CatalogProblem(label, *nesting_problem(text))


def _exercise(ex_id: str, spec: ExerciseSpec, source: str) -> Exercise:
    d = spec.dose
    return Exercise(
        id=ex_id,
        name=spec.name,
        kind=spec.kind,
        sided=spec.sided,
        posture=spec.posture,
        family=spec.family,
        level=spec.level,
        summary=spec.summary,
        setup=tuple(spec.setup),
        movement=spec.movement,
        cues=tuple(spec.cues),
        mistakes=tuple(spec.mistakes),
        dose=Prescription(d.sets, d.reps, d.hold, d.tempo, d.rest, d.band if spec.band else "none"),
        equipment=tuple(spec.equipment),
        band=spec.band,
        band_at=spec.band_at,
        easier=spec.easier,
        harder=spec.harder,
        source=source,
        figure=_figure(spec.figure) if spec.figure is not None else None,
    )


def _pose(spec: PoseSpec, base: Pose) -> Pose:
    """A pose from the angles a file gives, the rest taken from ``base``."""
    given = {k: v for k, v in msgspec.structs.asdict(spec).items() if v is not None}
    return msgspec.structs.replace(base, **given)


def _figure(spec: FigureSpec) -> Figure:
    start = _pose(spec.start, Pose())
    return Figure(
        view=spec.view,
        start=start,
        end=_pose(spec.end, start),
        anchor=spec.anchor,
        lengths=spec.lengths,
        step=spec.step,
        wall=spec.wall,
    )


def _check_exercise(ex: Exercise) -> CatalogProblem | None:
    file, prefix = _where(ex)
    d = ex.dose
    if ex.kind == "hold":
        if d.hold is None or d.reps is not None:
            return CatalogProblem(file, prefix + "dose", "a hold exercise needs hold, not reps")
    elif d.reps is None or d.hold is not None:
        return CatalogProblem(file, prefix + "dose", f"a {ex.kind} exercise needs reps, not hold")
    if ex.kind != "hold" and sum(d.tempo) == 0:
        return CatalogProblem(file, prefix + "dose.tempo", "expected a tempo longer than zero")
    if d.band != "none" and not ex.band:
        return CatalogProblem(file, prefix + "dose.band", "this exercise does not take a band")
    if ex.figure is not None and ex.kind != "hold" and not ex.figure.moves:
        return CatalogProblem(
            file, prefix + "figure.end", "expected an end pose that differs from the start"
        )
    return None


def _where(ex: Exercise) -> tuple[str, str]:
    """The file an exercise came from, and the key prefix of its fields in that file."""
    if ex.source == "bundled":
        return "exercises.toml", f"exercise.{ex.id}."
    return ex.source, ""


def _link_problems(
    exercises: Mapping[str, Exercise], checked: Iterable[Exercise]
) -> list[CatalogProblem]:
    """Each checked exercise must be sound, and its easier/harder neighbours exist in its family."""
    problems: list[CatalogProblem] = []
    for ex in checked:
        problem = _check_exercise(ex)
        file, prefix = _where(ex)
        for key in ("easier", "harder"):
            other = getattr(ex, key)
            if problem is not None or other is None:
                continue
            if other not in exercises:
                problem = CatalogProblem(file, prefix + key, f"unknown exercise id {other!r}")
            elif other == ex.id or exercises[other].family != ex.family:
                problem = CatalogProblem(
                    file, prefix + key, f"expected an exercise of family {ex.family!r}"
                )
        if problem is not None:
            problems.append(problem)
    return problems


def _program(
    prog_id: str,
    spec: ProgramSpec,
    exercises: Mapping[str, Exercise],
    source: str,
    file: str,
) -> Program | CatalogProblem:
    prefix = "" if source != "bundled" else f"program.{prog_id}."
    blocks: list[Block] = []
    for index, b in enumerate(spec.block, start=1):
        where = f"{prefix}block[{index}]"
        ex = exercises.get(b.exercise)
        if ex is None:
            return CatalogProblem(file, f"{where}.exercise", f"unknown exercise id {b.exercise!r}")
        if ex.kind == "hold" and b.reps is not None:
            return CatalogProblem(
                file, f"{where}.reps", f"{b.exercise} is held: give hold (seconds), not reps"
            )
        if ex.kind != "hold" and b.hold is not None:
            return CatalogProblem(
                file, f"{where}.hold", f"{b.exercise} is done in reps: give reps, not hold"
            )
        if b.band not in (None, "none") and not ex.band:
            return CatalogProblem(file, f"{where}.band", f"{b.exercise} does not take a band")
        if b.sides != "both" and not ex.sided:
            return CatalogProblem(
                file, f"{where}.sides", f"{b.exercise} works both legs at once: leave sides out"
            )
        if b.tempo is not None and ex.kind != "hold" and sum(b.tempo) == 0:
            return CatalogProblem(file, f"{where}.tempo", "expected a tempo longer than zero")
        d = ex.dose
        overrides = frozenset(
            k
            for k in ("sets", "reps", "hold", "tempo", "rest", "band")
            if getattr(b, k) is not None
        )
        dose = Prescription(
            sets=b.sets if b.sets is not None else d.sets,
            reps=b.reps if b.reps is not None else d.reps,
            hold=b.hold if b.hold is not None else d.hold,
            tempo=b.tempo if b.tempo is not None else d.tempo,
            rest=b.rest if b.rest is not None else d.rest,
            band=b.band if b.band is not None else d.band,
        )
        # A file's "both" is "each side in turn": the word a logged set keeps for both
        # legs at once means something else.
        order: SideOrder = "each" if b.sides == "both" else b.sides
        blocks.append(Block(b.exercise, order, dose, overrides))
    return Program(
        id=prog_id,
        name=spec.name,
        description=spec.description,
        days_per_week=spec.days_per_week,
        blocks=tuple(blocks),
        source=source,
    )
