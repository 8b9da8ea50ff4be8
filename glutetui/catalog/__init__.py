"""The exercise library and the programs: typed records, loading and validation.

The bundled catalogue lives in ``data/exercises.toml`` and ``data/programs.toml``.
The user's own files (``HOME/exercises/*.toml`` and ``HOME/programs/*.toml``, one
record per file, the id being the file stem) are merged over it: a user record with
a bundled id replaces the bundled one.

A broken user file never stops the rest from loading: it becomes a
:class:`CatalogProblem` naming the file, the key and what was expected, and the
catalogue carries on without that record.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import msgspec

from glutetui.validation import explain_validation_error, nesting_problem
from glutetui.vocab import Band, Kind

T = TypeVar("T")

Posture = Literal["supine", "prone", "side-lying", "all-fours", "standing", "single-leg"]
BandAt = Literal["knees", "ankles", "feet", "thighs"]
Sides = Literal["both", "left", "right"]

FLOOR_POSTURES: frozenset[str] = frozenset({"supine", "prone", "side-lying", "all-fours"})
# Postures where the pelvis is held level against gravity on one side: every set of
# these opens with the no-hip-drop cue as well as the bracing cue.
HIP_DROP_POSTURES: frozenset[str] = frozenset({"side-lying", "single-leg"})

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ID_RE = re.compile(ID_PATTERN)

Id = Annotated[str, msgspec.Meta(pattern=ID_PATTERN, max_length=60)]
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=600)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
# Cues are shown huge on a screen read from across the room, and spoken: keep them short.
Cue = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
SetCount = Annotated[int, msgspec.Meta(ge=1, le=10)]
RepCount = Annotated[int, msgspec.Meta(ge=1, le=100)]
HoldSeconds = Annotated[int, msgspec.Meta(ge=1, le=600)]
TempoSeconds = Annotated[int, msgspec.Meta(ge=0, le=10)]
RestSeconds = Annotated[int, msgspec.Meta(ge=0, le=600)]
DaysPerWeek = Annotated[int, msgspec.Meta(ge=1, le=7)]


class _Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base for file records: unknown keys are errors."""


class DoseSpec(_Strict):
    """An exercise's starting dose as written in the catalogue."""

    sets: SetCount = 2
    reps: RepCount | None = None
    hold: HoldSeconds | None = None
    tempo: tuple[TempoSeconds, TempoSeconds, TempoSeconds] = (2, 1, 2)
    rest: RestSeconds = 30
    band: Band = "none"


class ExerciseSpec(_Strict):
    """One exercise as written in a TOML file (the id comes from the key or file stem)."""

    name: Name
    kind: Kind
    sided: bool
    posture: Posture
    family: Id
    level: Annotated[int, msgspec.Meta(ge=1, le=99)]
    summary: Text
    setup: Annotated[list[Text], msgspec.Meta(min_length=1, max_length=12)]
    movement: Text
    cues: Annotated[list[Cue], msgspec.Meta(min_length=2, max_length=12)]
    mistakes: Annotated[list[Text], msgspec.Meta(min_length=1, max_length=12)]
    dose: DoseSpec
    equipment: Annotated[list[Id], msgspec.Meta(max_length=8)] = []
    band: bool = False
    band_at: BandAt = "knees"
    easier: Id | None = None
    harder: Id | None = None


class BlockSpec(_Strict):
    """One block of a program file; any key left out takes the exercise's default."""

    exercise: Id
    sets: SetCount | None = None
    reps: RepCount | None = None
    hold: HoldSeconds | None = None
    tempo: tuple[TempoSeconds, TempoSeconds, TempoSeconds] | None = None
    rest: RestSeconds | None = None
    sides: Sides = "both"
    band: Band | None = None


class ProgramSpec(_Strict):
    """One program file (the id comes from the key or file stem)."""

    name: Name
    block: Annotated[list[BlockSpec], msgspec.Meta(min_length=1, max_length=40)]
    description: Annotated[str, msgspec.Meta(max_length=600)] = ""
    days_per_week: DaysPerWeek = 3


class CommonCues(_Strict):
    """Cues that open sets of many exercises."""

    brace: Cue
    level_hips: Cue


class _ExerciseFile(_Strict):
    cues: CommonCues
    exercise: dict[Id, ExerciseSpec]


class _ProgramFile(_Strict):
    program: dict[Id, ProgramSpec]


# --- records handed to the rest of the app -------------------------------------------


@dataclass(frozen=True, slots=True)
class Dose:
    """How much of an exercise: sets, reps or hold seconds, tempo, rest and band."""

    sets: int
    reps: int | None
    hold: int | None
    tempo: tuple[int, int, int]
    rest: int
    band: Band = "none"


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    name: str
    kind: Kind
    sided: bool
    posture: Posture
    family: str
    level: int
    summary: str
    setup: tuple[str, ...]
    movement: str
    cues: tuple[str, ...]
    mistakes: tuple[str, ...]
    dose: Dose
    equipment: tuple[str, ...]
    band: bool
    band_at: BandAt
    easier: str | None
    harder: str | None
    source: str = "bundled"

    @property
    def position(self) -> Literal["floor", "standing"]:
        return "floor" if self.posture in FLOOR_POSTURES else "standing"

    @property
    def hip_drop_cue(self) -> bool:
        """Whether sets open with the no-hip-drop cue (single-leg or side-lying work)."""
        return self.posture in HIP_DROP_POSTURES


@dataclass(frozen=True, slots=True)
class Block:
    """A program block with every default filled in from its exercise."""

    exercise: str
    sides: Sides
    dose: Dose
    overrides: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Program:
    id: str
    name: str
    description: str
    days_per_week: int
    blocks: tuple[Block, ...]
    source: str = "bundled"


@dataclass(frozen=True, slots=True)
class CatalogProblem:
    """Why one file (or one record of it) could not be used."""

    file: str
    key: str
    expected: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.key}" if self.key else self.file
        return f"{where}: {self.expected}"


class CatalogError(Exception):
    """The bundled catalogue itself is broken (a packaging bug, not a user mistake)."""


@dataclass(frozen=True, slots=True)
class Catalog:
    cues: CommonCues
    exercises: Mapping[str, Exercise]
    programs: Mapping[str, Program]
    problems: tuple[CatalogProblem, ...] = field(default=())

    def exercise(self, exercise_id: str) -> Exercise:
        return self.exercises[exercise_id]

    def program(self, program_id: str) -> Program:
        return self.programs[program_id]

    def find_program(self, wanted: str) -> Program | None:
        """A program by id, or by name ignoring case."""
        if wanted in self.programs:
            return self.programs[wanted]
        folded = wanted.casefold()
        for program in self.programs.values():
            if program.name.casefold() == folded:
                return program
        return None

    def family(self, family: str) -> list[Exercise]:
        """The exercises of one family, easiest first."""
        return sorted(
            (e for e in self.exercises.values() if e.family == family),
            key=lambda e: (e.level, e.id),
        )


# --- loading -----------------------------------------------------------------------


def bundled_data_dir() -> Path:
    """Where the bundled TOML files are: inside the installed package, or the checkout.

    A wheel carries them as ``glutetui/data``; an editable install or a plain checkout
    has them in the top-level ``data/`` folder beside the package.
    """
    packaged = Path(str(resources.files("glutetui"))) / "data"
    if (packaged / "exercises.toml").is_file():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "data"
    if (checkout / "exercises.toml").is_file():
        return checkout
    raise CatalogError("the bundled exercise data is missing from this installation")


def load_catalog(
    user_exercises: Path | None = None,
    user_programs: Path | None = None,
    data_dir: Path | None = None,
) -> Catalog:
    """Load the bundled catalogue and merge in the user's files, if folders are given."""
    data = data_dir or bundled_data_dir()
    ex_file = _decode_bundled(data / "exercises.toml", _ExerciseFile)
    bundled = {eid: _exercise(eid, spec, "bundled") for eid, spec in ex_file.exercise.items()}
    broken = _link_problems(bundled, bundled.values())
    if broken:
        raise CatalogError(f"bundled {broken[0]}")
    prog_file = _decode_bundled(data / "programs.toml", _ProgramFile)
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
    exercises: Mapping[str, Exercise], bundled: Mapping[str, Exercise], prog_file: _ProgramFile
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


def _decode_bundled(path: Path, type_: type[T]) -> T:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
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
        dose=Dose(d.sets, d.reps, d.hold, d.tempo, d.rest, d.band if spec.band else "none"),
        equipment=tuple(spec.equipment),
        band=spec.band,
        band_at=spec.band_at,
        easier=spec.easier,
        harder=spec.harder,
        source=source,
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
        dose = Dose(
            sets=b.sets if b.sets is not None else d.sets,
            reps=b.reps if b.reps is not None else d.reps,
            hold=b.hold if b.hold is not None else d.hold,
            tempo=b.tempo if b.tempo is not None else d.tempo,
            rest=b.rest if b.rest is not None else d.rest,
            band=b.band if b.band is not None else d.band,
        )
        blocks.append(Block(b.exercise, b.sides, dose, overrides))
    return Program(
        id=prog_id,
        name=spec.name,
        description=spec.description,
        days_per_week=spec.days_per_week,
        blocks=tuple(blocks),
        source=source,
    )


def to_plain(value: Any) -> Any:
    """A JSON-ready view of catalogue records (dataclasses, tuples, mappings)."""
    return msgspec.to_builtins(value)
