"""GlutetuiApp: the Textual application, kept thin.

The app makes its :class:`~glutetui.services.Services` before any screen and
hands it to each screen as it is built. The first frame (Home, empty) paints
before anything slow happens; Home's worker then reads the settings, the
catalogue and the database (each loaded on first use). Screens are imported when
first shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from glutetui.platform.clock import Clock, SystemClock
from glutetui.platform.locations import Locations, resolve
from glutetui.screens.home import HomeScreen
from glutetui.services import Services
from glutetui.widgets.failures import ReportsFailures

if TYPE_CHECKING:
    from glutetui.catalog import Program
    from glutetui.platform.awake import KeepAwake
    from glutetui.platform.settings import Settings
    from glutetui.platform.sound import SoundLayer
    from glutetui.readouts.home_figures import HomeData
    from glutetui.store import UnfinishedWorkout, Unit
    from glutetui.workout.run import WorkoutRun

SoundFactory = Callable[["GlutetuiApp", "Settings"], "SoundLayer"]


class RatingSaved(Message):
    """A rating given after the workout is written; ``then`` redraws what showed it."""

    def __init__(self, then: Callable[[], object]) -> None:
        super().__init__()
        self.then = then


class GlutetuiApp(ReportsFailures, App[None]):
    """A hands-free coach for the gluteus medius."""

    TITLE = "glutetui"
    SUB_TITLE = "gluteus medius coach"
    # Absolute, so that subclasses elsewhere (benchmarks, tests) find it too. Home's
    # sheet is read with the app's: a screen that brings a sheet the app has not read
    # makes Textual parse every sheet again, and this one is on the way to the first frame.
    CSS_PATH = [Path(__file__).with_name("app.tcss"), HomeScreen.CSS_PATH]
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True),
        Binding("question_mark,f1", "help", "Help", id="help", show=False),
    ]

    def __init__(
        self,
        locations: Locations | None = None,
        start_program: str | None = None,
        *,
        clock: Clock | None = None,
        sound_factory: SoundFactory | None = None,
        keep_awake: KeepAwake | None = None,
    ) -> None:
        super().__init__()
        self._keep_awake = keep_awake
        self.locations = locations or resolve()
        self.start_program = start_program
        self.clock: Clock = clock or SystemClock()
        self.sound_factory = sound_factory
        self.services = Services(self.locations, self.clock)
        self.services.on_problem = self._problem_from_thread
        self._sound: SoundLayer | None = None
        self._settled = False  # Home has shown its full data once

    def get_default_screen(self) -> HomeScreen:
        """Home is the first screen and the bottom of the stack: Textual builds no blank
        screen to lay out and paint under it."""
        # The saved theme costs one small TOML read; set before Home is styled, it avoids
        # a flash of another theme and styling Home twice.
        theme = _saved_theme(self.locations.settings)
        if theme in self.available_themes:
            self.theme = theme
        return HomeScreen(self.services)

    def home_loaded(self, data: HomeData) -> None:
        """Home has its full figures: the services are up. The first time, apply the
        settings' theme and open the workout asked for on the command line."""
        if self._settled:
            return
        self._settled = True
        _collect_again()
        settings = self.services.settings
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.start_program is not None:
            program_id = self.start_program or data.suggested.id
            self.start_program = None
            program = self.services.catalog.programs.get(program_id)
            if program is not None:
                self.start_workout(program)

    @property
    def sound(self) -> SoundLayer:
        """Beeps and speech, made when first needed (the first workout)."""
        if self._sound is None:
            self._sound = self.make_sound(self.services.settings)
        return self._sound

    def make_sound(self, settings: Settings) -> SoundLayer:
        if self.sound_factory is not None:
            return self.sound_factory(self, settings)
        from glutetui.platform.sound import (
            Player,
            SoundLayer,
            Speaker,
            find_player,
            find_speech_command,
        )

        player_path = find_player()
        return SoundLayer(
            self.bell,
            Speaker(find_speech_command(), rate=settings.speech_rate),
            Player(player_path) if player_path else None,
            sounds=settings.sounds,
            speech=bool(settings.speech),
            rep_ticks=settings.rep_ticks,
        )

    @property
    def keep_awake(self) -> KeepAwake:
        """Keeps the screen from sleeping during a workout (made on first use; the
        workout screen asks it only when the keep_awake setting is on)."""
        if self._keep_awake is None:
            from glutetui.platform.awake import KeepAwake

            self._keep_awake = KeepAwake()
        return self._keep_awake

    def show_fatal(self, message: str) -> None:
        from glutetui.screens.problem import ProblemScreen

        _collect_again()
        self.push_screen(ProblemScreen(message))

    def home_screen(self) -> HomeScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                return screen
        return None

    def refresh_home(self) -> None:
        """Recompute what Home shows (after a workout, a resume or a closing)."""
        home = self.home_screen()
        if home is not None:
            home.load()

    @work(thread=True, exclusive=False, group="answers", exit_on_error=False)
    def answer_suggestion(self, suggestion_id: int, accept: bool) -> None:
        """Accept (the dose changes) or dismiss a suggestion, then refresh what shows it."""
        from glutetui.coaching import coach
        from glutetui.store import StoreError

        try:
            record = (coach.accept if accept else coach.dismiss)(self.services, suggestion_id)
        except StoreError as exc:
            self.call_from_thread(self._problem, f"Could not save your answer: {exc}")
            return
        word = "Accepted" if accept else "Dismissed"
        self.call_from_thread(self.notify, f"{word}: the dose {'changed' if accept else 'stays'}.")
        self.call_from_thread(self._answered, record.id)

    def rate_exercise(
        self,
        workout_id: int,
        block: int,
        effort: int,
        pain: bool,
        then: Callable[[], object],
        *,
        workout_uid: str | None = None,
    ) -> None:
        """Rate an exercise after the workout (its check lapsed): the same answer, on the
        same sets, as one given during the workout, through the same writer — so quick
        changes of mind are written in order and the last one wins."""

        def rate(db: Unit) -> None:
            db.workouts.rate_block(workout_id, block, effort, pain)

        def rated(_: object) -> None:
            # Posted, not called: the writer must never wait for the UI thread (which
            # may itself be waiting for the writer to drain).
            self.post_message(RatingSaved(then))

        from glutetui.store.unsaved import UnsavedRating

        # With the workout's uid the rating can be kept for the next start if the
        # database is gone when the app closes.
        record = (
            UnsavedRating.answer(workout_uid, block, effort, pain, {})
            if workout_uid is not None
            else None
        )
        self.services.writer.submit(rate, rated, what="the rating", record=record)

    def on_rating_saved(self, message: RatingSaved) -> None:
        self.refresh_home()
        message.then()

    def _answered(self, suggestion_id: int) -> None:
        from glutetui.screens.summary import SummaryScreen

        self.refresh_home()
        if isinstance(self.screen, SummaryScreen):
            self.screen.load()

    # --- workouts ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="start", exit_on_error=False)
    def start_workout(self, program: Program) -> None:
        """Make the workout (its row written, the weaker side found) off the UI thread,
        then show it."""
        from glutetui.coaching import coach
        from glutetui.store import StoreError
        from glutetui.workout.run import WorkoutRun

        sound = self.sound
        try:
            weaker = coach.weaker_sides(self.services, program)
            session = WorkoutRun.new(self.services, program, sound, weaker)
        except StoreError as exc:
            self.call_from_thread(self._problem, f"Could not start the workout: {exc}")
            return
        self.call_from_thread(self._run_session, session)

    def resume_workout(self, unfinished: UnfinishedWorkout) -> None:
        from glutetui.workout.run import WorkoutRun

        try:
            session = WorkoutRun.resume(self.services, unfinished, self.sound)
        except ValueError as exc:
            self.notify(str(exc), title="Cannot resume", severity="error")
            return
        self._run_session(session)

    def _run_session(self, session: WorkoutRun) -> None:
        from glutetui.screens.workout import WorkoutScreen

        self.push_screen(WorkoutScreen(session))

    def _problem(self, message: str) -> None:
        self.notify(message, severity="error", timeout=8)

    def _problem_from_thread(self, message: str) -> None:
        """The writer's problems arrive on its thread."""
        if self.is_running:
            self.call_from_thread(self._problem, message)

    # --- settings ---------------------------------------------------------------------

    def apply_settings(self, settings: Settings) -> None:
        """Use new settings at once: sounds now, doses and pauses from the next workout."""
        self.services.settings = settings
        if self._sound is not None:
            self.sound.sounds = settings.sounds
            self.sound.rep_ticks = settings.rep_ticks
            if self.sound.speech != bool(settings.speech):
                self.sound.toggle_speech()
            self.sound.speaker.rate = settings.speech_rate
        if self._keep_awake is not None and not settings.keep_awake:
            self._keep_awake.release()
        if settings.theme in self.available_themes and settings.theme != self.theme:
            self.theme = settings.theme
        self.refresh_home()

    def save_settings(self) -> str:
        """Write the settings file (from a worker); returns a line saying how it went."""
        from glutetui.platform.settings import save_settings

        path = self.services.locations.settings
        try:
            kept_aside = save_settings(path, self.services.settings)
        except OSError as exc:
            return f"Not saved: cannot write {path} ({exc.strerror or exc})."
        self.services.settings_problem = None
        if kept_aside:
            return f"Saved to {path}; the unreadable old file was kept as {path.name}.broken."
        return f"Saved to {path}."

    def _theme_changed(self, theme: object) -> None:
        name = getattr(theme, "name", None)
        if not name or name == self.services.settings.theme:
            return
        self.services.settings = self.services.settings.with_(theme=name)
        self._save_in_background()

    def remember_voice(self, on: bool) -> None:
        """Keep the voice choice made during a workout (the first workout offers it)."""
        if self.services.settings.speech == on:
            return
        self.services.settings = self.services.settings.with_(speech=on)
        self._save_in_background()

    @work(thread=True, exclusive=True, group="settings", exit_on_error=False)
    def _save_in_background(self) -> None:
        self.save_settings()

    # --- the command palette ------------------------------------------------------------

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from glutetui.widgets.palette import Palette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(Palette(id="--command-palette"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands, every key of the screen, and starting any program by name."""
        from glutetui.screens.workout import WorkoutScreen
        from glutetui.widgets.palette import commands

        yield from super().get_system_commands(screen)
        yield from commands(self, screen, in_workout=isinstance(screen, WorkoutScreen))

    def open(self, name: str) -> None:
        """Show one of the screens by name (palette, Home keys)."""
        from glutetui.screens.exercises import ExercisesScreen
        from glutetui.screens.help import HelpScreen
        from glutetui.screens.history import HistoryScreen
        from glutetui.screens.programs import ProgramsScreen
        from glutetui.screens.selftest import SelfTestScreen
        from glutetui.screens.settings import SettingsScreen

        screens: dict[str, Callable[[Services], Screen[Any]]] = {
            "history": HistoryScreen,
            "programs": ProgramsScreen,
            "exercises": ExercisesScreen,
            "selftest": SelfTestScreen,
            "settings": SettingsScreen,
            "help": lambda services: HelpScreen(),
        }
        self.push_screen(screens[name](self.services))

    def action_help(self) -> None:
        from glutetui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.open("help")

    def on_unmount(self) -> None:
        self.shutdown()

    def shutdown(self) -> None:
        """Let the screen sleep again, end every sound child and close the database."""
        if self._keep_awake is not None:
            self._keep_awake.close()
        if self._sound is not None:
            self._sound.close()
        self.services.close()  # the writer's queue is written first


def _collect_again() -> None:
    """Start-up is over: let the garbage collector run again (the command line turns
    it off while starting), leaving what start-up made out of its sweeps."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _saved_theme(path: Path) -> str | None:
    """Just the theme from settings.toml, before the first frame: no validation library,
    and no complaint about a broken file (the full load reports that)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # most often: no settings file, and no TOML reader to import
    import tomllib

    try:
        theme = tomllib.loads(text).get("theme")
    except tomllib.TOMLDecodeError:
        return None
    return theme if isinstance(theme, str) else None
