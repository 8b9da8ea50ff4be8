"""The user's settings: ``settings.toml`` in the home folder.

Loading never fails: a missing file means the defaults, and a broken one means the
defaults plus a one-line problem naming the file and key. Saving edits the file in
place with tomlkit, so the user's own comments and layout survive, and replaces it
atomically so a crash never leaves half a file.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from pathlib import Path
from typing import IO, Annotated, Any

import msgspec

from glutetui.platform.files import write_atomically
from glutetui.platform.validation import explain_validation_error, nesting_problem

DEFAULT_THEME = "textual-dark"
# The days of the week as settings.toml spells them, Monday first (weekday() order).
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK_TIME = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d")


class PlanEntry(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One program's week in ``settings.toml``: ``[plan.tv-floor] days = ["mon", "thu"]
    time = "07:30"``. No days: the program is not planned."""

    days: tuple[str, ...] = ()
    time: str = "18:00"

    def __post_init__(self) -> None:
        wrong = [d for d in self.days if d not in WEEKDAY_KEYS]
        if wrong:
            allowed = ", ".join(WEEKDAY_KEYS)
            raise ValueError(f"days: {wrong[0]!r} is not a day; expected some of {allowed}")
        if len(set(self.days)) != len(self.days):
            raise ValueError("days: a day is named twice")
        if not _CLOCK_TIME.fullmatch(self.time):
            raise ValueError(
                f'time: expected a time of day as HH:MM, e.g. "07:30", got {self.time!r}'
            )


class Settings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The person's settings: one shape for the file, the app and the Settings screen."""

    sounds: bool = True
    rep_ticks: bool = False
    speech: bool | None = None  # None: not chosen yet (off; the first workout offers it)
    speech_rate: Annotated[int, msgspec.Meta(ge=80, le=400)] = 170  # words per minute
    get_ready: Annotated[int, msgspec.Meta(ge=0, le=120)] = 10  # countdown before each exercise
    # Seconds the effort check waits before going on; 0 waits for a key.
    effort_wait: Annotated[int, msgspec.Meta(ge=0, le=600)] = 20
    keep_awake: bool = True  # ask the desktop not to blank the screen during a workout
    # Seconds between sets; None: each exercise's own.
    default_rest: Annotated[int, msgspec.Meta(ge=0, le=600)] | None = None
    switch_pause: Annotated[int, msgspec.Meta(ge=0, le=60)] = 5  # seconds to turn over
    weaker_side_first: bool = True
    figure: bool = True  # a moving figure shows each exercise
    remote: bool = False  # the phone remote: serve its page on the home network
    theme: Annotated[str, msgspec.Meta(min_length=1, max_length=60)] = DEFAULT_THEME
    # The weekly plan, a table per program id (see glutetui.schedule); a program with
    # no table takes the default spread when it is the one in use.
    plan: dict[str, PlanEntry] = msgspec.field(default_factory=dict)

    def with_(self, **changes: Any) -> Settings:
        return msgspec.structs.replace(self, **changes)


class LoadedSettings(msgspec.Struct, frozen=True):
    settings: Settings
    problem: str | None = None


def load_settings(path: Path) -> LoadedSettings:
    """Read the settings file; on any problem, the defaults and a one-line reason."""

    def fallback(why: str) -> LoadedSettings:
        return LoadedSettings(Settings(), f"{path.name}: {why}; using the defaults")

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except OSError as exc:
        return fallback(f"cannot be read ({exc.strerror})")
    import tomllib  # only when there is a file: most homes never write one

    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        return fallback(f"not valid UTF-8 (byte {exc.start})")
    except tomllib.TOMLDecodeError as exc:
        return fallback(f"not valid TOML ({exc})")
    except RecursionError:  # the TOML reader recurses once per level of nesting
        key, expected = nesting_problem(text)
        return fallback(f"{key}: {expected}" if key else expected)
    # One bad setting costs only itself: it is left out and the rest are used.
    bad: list[str] = _check_plan(data)
    while True:
        try:
            parsed = msgspec.convert(data, type=Settings, strict=True)
            break
        except msgspec.ValidationError as exc:
            key, expected = explain_validation_error(str(exc))
            top = key.split(".")[0].split("[")[0]
            if top not in data:  # cannot happen for a flat file, but never loop
                return fallback(f"{key}: {expected}")
            bad.append(f"{key}: {expected}")
            del data[top]
    problem = None
    if bad:
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        problem = f"{path.name}: {bad[0]}{more}; left out, the other settings are used"
    return LoadedSettings(parsed, problem)


def _check_plan(data: dict[str, Any]) -> list[str]:
    """Leave out each program's plan that is wrong, saying which (a validation error
    inside a table of tables does not say which table)."""
    plan = data.get("plan")
    if not isinstance(plan, dict):
        return []
    bad = []
    for program in list(plan):
        try:
            msgspec.convert(plan[program], PlanEntry, strict=True)
        except msgspec.ValidationError as exc:
            key, expected = explain_validation_error(str(exc))
            where = f"plan.{program}" + (f".{key}" if key else "")
            bad.append(f"{where}: {expected}")
            del plan[program]
    return bad


def save_settings(path: Path, settings: Settings) -> bool:
    """Write the settings, keeping the comments and order of an existing file.

    Returns True when the old file was not valid TOML and was kept aside as
    ``settings.toml.broken`` instead of being edited.
    """
    import tomlkit

    document: Any
    kept_aside = False
    try:
        document = tomlkit.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        document = tomlkit.document()
        document.add(tomlkit.comment("glutetui settings; edit here or in the app's Settings."))
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.ParseError, RecursionError):
        # A broken file is kept aside rather than overwritten with nothing of it left.
        with contextlib.suppress(OSError):
            os.replace(path, path.with_name(path.name + ".broken"))
            kept_aside = True
        document = tomlkit.document()
    _comment_out_unknown(document)
    for key, value in msgspec.to_builtins(settings).items():
        if value is None or value == {}:
            if key in document:
                del document[key]
        elif key == "plan":
            _write_plan(document, value)
        else:
            document[key] = value
    write_private(path, tomlkit.dumps(document))
    return kept_aside


def _write_plan(document: Any, plan: dict[str, Any]) -> None:
    """The plan as one ``[plan.ID]`` table per program, editing tables already there so
    their comments stay."""
    import tomlkit

    if "plan" not in document:
        table = tomlkit.table(is_super_table=True)
        document.add("plan", table)
    tables = document["plan"]
    for program in [p for p in tables if p not in plan]:
        del tables[program]
    for program, entry in plan.items():
        if program not in tables:
            tables[program] = tomlkit.table()
        tables[program]["days"] = entry["days"]
        tables[program]["time"] = entry["time"]


def _comment_out_unknown(document: Any) -> None:
    """Turn keys glutetui does not know into comments: one stray key must not make the
    whole file fall back to the defaults for ever, and what was written stays readable."""
    import tomlkit

    known = set(Settings.__struct_fields__)
    for key in [k for k in document if k not in known]:
        written = tomlkit.dumps({key: document[key]}).strip().splitlines()
        del document[key]
        document.add(tomlkit.comment("not a glutetui setting, kept as written:"))
        for line in written:
            document.add(tomlkit.comment(f"  {line}"))


def write_private(path: Path, text: str) -> None:
    """Replace a file atomically with owner-only permissions."""

    def write(handle: IO[str]) -> None:
        handle.write(text)

    write_atomically(path, write, private=True)


class SettingsFile:
    """The settings in force and the file they live in: read on first use (once, in
    whichever thread asks first), changed in memory at once, saved when asked."""

    def __init__(self, path: Path, settings: Settings | None = None) -> None:
        self.path = path
        self._settings = settings
        self.problem: str | None = None  # why the file could not be used, if it could not
        self._lock = threading.Lock()
        self._saving = threading.Lock()  # one save at a time, the latest settings each

    @property
    def settings(self) -> Settings:
        """The settings; a broken file gives the defaults and a :attr:`problem`."""
        with self._lock:
            if self._settings is None:
                loaded = load_settings(self.path)
                self._settings, self.problem = loaded.settings, loaded.problem
            return self._settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        with self._lock:
            self._settings = settings

    def save(self) -> str:
        """Write the settings in force; what became of it, in one line. Slow (a file
        synced to disk): run it off the screen's thread."""
        with self._saving:
            try:
                kept_aside = save_settings(self.path, self.settings)
            except OSError as exc:
                return f"Not saved: cannot write {self.path} ({exc.strerror or exc})."
        self.problem = None
        aside = f"; the old unreadable file was kept as {self.path.name}.broken" * kept_aside
        return f"Saved to {self.path}{aside}."
